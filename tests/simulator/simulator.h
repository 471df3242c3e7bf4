#pragma once

#include "scenario.h"

#include "util/clock.h"

#include <QJsonObject>
#include <QObject>

#include <memory>
#include <vector>

namespace md::sim {

class QtModbusMeter;
class SimBus;
class SimMeter;

// The composition root of metersim: meters from the scenario, one engine per bus (our own
// slaves, or QModbusRtuSerialServer where it fits), all on one injectable clock.
class Simulator : public QObject
{
    Q_OBJECT
public:
    Simulator(Scenario scenario, const Clock& clock, QObject* parent = nullptr);
    ~Simulator() override;

    void start(); // opens every bus; throws md::Error

    const Scenario& scenario() const { return m_scenario; }
    const std::vector<SimBus*>& buses() const { return m_buses; }
    SimBus* bus(const QString& name) const;
    SimMeter* meter(const QString& name) const;
    const std::vector<std::unique_ptr<SimMeter>>& meters() const { return m_meters; }
    const Clock& clock() const { return m_clock; }
    // Which engine serves a bus: "own" or "qt" (see docs/simulator.md for the rule).
    static bool usesQtEngine(const BusConfig& bus, const std::vector<SimMeter*>& meters);

    // One JSON object per bus (path, engine, counters, timing) and per meter (registers,
    // relay, balance): what `dump` and `stats` print.
    QJsonObject busInfo(const QString& name) const;
    QJsonObject meterState(SimMeter& meter) const;

private:
    Scenario m_scenario;
    const Clock& m_clock;
    std::vector<std::unique_ptr<SimMeter>> m_meters;
    std::vector<SimBus*> m_buses;        // own engine (children)
    std::vector<std::pair<QString, QtModbusMeter*>> m_qtBuses; // Qt engine (children)
};

} // namespace md::sim
