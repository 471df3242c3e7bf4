#pragma once

#include "collection/bus_settings.h"

#include "scenario.h"
#include "simulator.h"

#include "util/scaled_clock.h"

#include <functional>
#include <memory>
#include <vector>

namespace md::collection::test {

// metersim in-process: the scenario's buses on real pseudo terminals, served by the main
// thread's event loop while the bus workers run in their own threads. Endpoints and bus
// settings are derived from the same scenario, the way the registry would describe them.
class SimHarness
{
public:
    explicit SimHarness(sim::Scenario scenario);
    static SimHarness fromText(const char* text);
    static SimHarness fromFile(const QString& path);

    sim::Simulator& sim() { return *m_sim; }
    const Clock& clock() const { return *m_clock; }
    sim::SimMeter& meter(const QString& name) { return *m_sim->meter(name); }

    std::vector<BusSettings> buses(TransportKind kind = TransportKind::Serial) const;
    BusSettings bus(const QString& name, TransportKind kind = TransportKind::Serial) const;
    std::vector<MeterEndpoint> meters(const QString& bus = QString()) const;
    MeterId id(const QString& meterName) const;
    QString nameOf(MeterId id) const;

    // Registers of a meter as of the clock now (advances the simulation), in 0.001 kWh / m³.
    qint64 totalMilli(const QString& meterName);

private:
    std::unique_ptr<ScaledClock> m_clock;
    std::unique_ptr<sim::Simulator> m_sim;
};

// Runs the event loop until `done` holds or `ms` pass (no sleeps: waits for events).
bool waitUntil(const std::function<bool()>& done, int ms);

} // namespace md::collection::test
