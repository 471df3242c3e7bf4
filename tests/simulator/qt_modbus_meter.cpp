#include "qt_modbus_meter.h"

#include "meter_registers.h"
#include "sim_meter.h"

#include "util/error.h"

#include <QSerialPort>

namespace md::sim {

QtModbusMeter::QtModbusMeter(const BusConfig& bus, SimMeter& meter, const Clock& clock,
                             QObject* parent)
    : QModbusRtuSerialServer(parent)
    , m_bus(bus)
    , m_meter(meter)
    , m_clock(clock)
{
    setServerAddress(meter.config().slave);
    setConnectionParameter(QModbusDevice::SerialPortNameParameter, bus.device);
    setConnectionParameter(QModbusDevice::SerialBaudRateParameter, bus.baud);
    setConnectionParameter(QModbusDevice::SerialDataBitsParameter,
                           bus.dataBits == 7 ? QSerialPort::Data7 : QSerialPort::Data8);
    setConnectionParameter(QModbusDevice::SerialParityParameter,
                           bus.parity == Parity::None   ? QSerialPort::NoParity
                           : bus.parity == Parity::Even ? QSerialPort::EvenParity
                                                        : QSerialPort::OddParity);
    setConnectionParameter(QModbusDevice::SerialStopBitsParameter,
                           bus.stopBits == 2 ? QSerialPort::TwoStop : QSerialPort::OneStop);
}

void QtModbusMeter::openPort()
{
    if (!connectDevice())
        throw md::Error(tr("bus %1: QModbusRtuSerialServer cannot open %2: %3")
                        .arg(m_bus.name, m_bus.device, errorString()));
}

bool QtModbusMeter::readData(QModbusDataUnit* unit) const
{
    if (unit->registerType() != QModbusDataUnit::HoldingRegisters
        && unit->registerType() != QModbusDataUnit::InputRegisters)
        return false; // coils and discrete inputs: exception 02
    ++m_requests;
    m_meter.advanceTo(m_clock.nowUtc());
    const auto words = readMeterRegisters(m_meter, quint16(unit->startAddress()),
                                          quint16(unit->valueCount()));
    if (!words)
        return false;
    unit->setValues(QList<quint16>(words->begin(), words->end()));
    return true;
}

bool QtModbusMeter::writeData(const QModbusDataUnit& unit)
{
    if (unit.registerType() != QModbusDataUnit::HoldingRegisters)
        return false;
    m_meter.advanceTo(m_clock.nowUtc());
    const QList<quint16> values = unit.values();
    return writeMeterRegisters(m_meter, quint16(unit.startAddress()),
                               std::vector<quint16>(values.begin(), values.end()))
           == 0;
}

} // namespace md::sim
