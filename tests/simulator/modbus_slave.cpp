// Our own Modbus RTU slave for a multi-drop bus: answers for each of its meters' addresses.
#include "meter_registers.h"
#include "sim_meter.h"
#include "slave.h"

#include "protocol/modbus_crc.h"
#include "protocol/modbus_parser.h"
#include "protocol/modbus_rtu.h"

namespace md::sim {

namespace {
using namespace protocol;

class ModbusSlave final : public ProtocolSlave
{
public:
    explicit ModbusSlave(std::vector<SimMeter*> meters)
        : m_meters(std::move(meters))
    {
    }
    StreamParser& parser() override { return m_parser; }

    Outcome handle(const QByteArray& bytes, const Admission& admit) override
    {
        const std::optional<ModbusFrame> f = parseModbusAdu(bytes);
        if (!f || f->direction != Direction::Request || f->isException())
            return {};
        if (f->slave == 0) { // broadcast: every meter obeys a write, none answers
            if (f->function == modbus::kWriteSingle || f->function == modbus::kWriteMultiple)
                for (SimMeter* m : m_meters)
                    if (admit(*m))
                        writeMeterRegisters(*m, f->address, f->registers);
            return {};
        }
        SimMeter* meter = find(f->slave);
        if (!meter)
            return {};
        if (!admit(*meter))
            return {meter, {}};
        return {meter, answer(*meter, *f)};
    }

    QByteArray readdressed(const QByteArray& reply) const override
    {
        QByteArray b = reply.chopped(2);
        b[0] = char(quint8(b[0]) % 247 + 1);
        return withModbusCrc(b);
    }

private:
    SimMeter* find(quint8 slave) const
    {
        for (SimMeter* m : m_meters)
            if (m->config().slave == slave)
                return m;
        return nullptr;
    }

    static QByteArray answer(SimMeter& meter, const ModbusFrame& f)
    {
        switch (f.function) {
        case modbus::kReadHolding:
        case modbus::kReadInput: {
            // Both read functions are served from the same image: many meters accept either.
            const auto words = readMeterRegisters(meter, f.address, f.count);
            if (!words)
                return buildModbusException(f.slave, f.function, 0x02);
            return buildModbusReadResponse(f.slave, f.function, *words);
        }
        case modbus::kWriteSingle:
        case modbus::kWriteMultiple: {
            if (const quint8 code = writeMeterRegisters(meter, f.address, f.registers))
                return buildModbusException(f.slave, f.function, code);
            if (f.function == modbus::kWriteSingle)
                return buildModbusWriteSingle(f.slave, f.address, f.registers.at(0)); // echo
            return buildModbusWriteMultipleResponse(f.slave, f.address, f.count);
        }
        default:
            return buildModbusException(f.slave, f.function, 0x01);
        }
    }

    std::vector<SimMeter*> m_meters;
    ModbusRtuParser m_parser;
};
} // namespace

std::unique_ptr<ProtocolSlave> makeModbusSlave(std::vector<SimMeter*> meters)
{
    return std::make_unique<ModbusSlave>(std::move(meters));
}

} // namespace md::sim
