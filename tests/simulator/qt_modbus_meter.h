#pragma once

#include "scenario.h"

#include "util/clock.h"

#include <QModbusRtuSerialServer>

namespace md::sim {

class SimMeter;

// A bus with a single Modbus meter on a named device, served by Qt's own RTU slave
// (QModbusRtuSerialServer): an implementation independent of ours answers from the same
// register image (meter_registers.h). It serves one address per port, cannot be paced on a
// pseudo terminal and cannot inject faults, hence the rule in docs/simulator.md.
class QtModbusMeter final : public QModbusRtuSerialServer
{
    Q_OBJECT
public:
    QtModbusMeter(const BusConfig& bus, SimMeter& meter, const Clock& clock,
                  QObject* parent = nullptr);
    void openPort(); // throws md::Error
    qint64 requests() const { return m_requests; }

protected:
    bool readData(QModbusDataUnit* newData) const override;
    bool writeData(const QModbusDataUnit& newData) override;

private:
    BusConfig m_bus;
    SimMeter& m_meter;
    const Clock& m_clock;
    mutable qint64 m_requests = 0;
};

} // namespace md::sim
