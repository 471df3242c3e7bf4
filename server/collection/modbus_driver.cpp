// Modbus RTU meters by register map: energy block, relay status word, prepaid block.
#include "collection/meter_driver.h"

#include "protocol/modbus_rtu.h"
#include "protocol/register_map.h"
#include "util/error.h"

#include <bit>
#include <cmath>

namespace md::collection {

namespace {
using namespace protocol;

struct Block
{
    quint16 start = 0;
    quint16 count = 0;
    bool empty() const { return count == 0; }
};

// The smallest block covering the map's registers whose keys start with one of `prefixes`.
Block blockOf(const RegisterMap& map, std::initializer_list<const char*> keys)
{
    int lo = 0x10000, hi = -1;
    for (const RegisterDef& d : map.registers) {
        for (const char* k : keys) {
            if (qstrcmp(d.key, k) == 0) {
                lo = std::min<int>(lo, d.address);
                hi = std::max<int>(hi, d.address + registerWidth(d.type));
            }
        }
    }
    if (hi < 0)
        return {};
    return {quint16(lo), quint16(hi - lo)};
}

class ModbusDriver final : public MeterDriver
{
    // Its own context: the base's tr() would look these messages up under MeterDriver.
    Q_DECLARE_TR_FUNCTIONS(md::collection::ModbusDriver)
public:
    ModbusDriver(MeterEndpoint e, const RegisterMap& map)
        : MeterDriver(std::move(e))
        , m_map(map)
    {
        if (m_endpoint.readRates)
            m_energy = blockOf(m_map, {"energy.total", "energy.sharp", "energy.peak",
                                       "energy.flat", "energy.valley"});
        else
            m_energy = blockOf(m_map, {"energy.total"});
        m_relay = blockOf(m_map, {"relay.control"});
        m_prepaid = blockOf(m_map, {"balance.remaining", "purchase.count"});
        const Block amount = blockOf(m_map, {"purchase.amount", "purchase.sequence"});
        if (amount.count == 3) // U32 amount + U16 sequence, adjacent
            m_purchase = amount;
    }

    Outcome read(MeterLink& link, const QDateTime& nowUtc, MeterReading& out) override
    {
        std::vector<quint16> regs;
        if (Outcome o = readBlock(link, m_energy, regs); !o.ok())
            return o;
        MeterReading r;
        r.meter = m_endpoint.id;
        r.registers.utc = nowUtc;
        for (const Value& v : decodeRegisters(m_map, m_energy.start, regs)) {
            if (!v.key.startsWith(u"energy."))
                continue;
            const std::optional<Register> reg = parseRegister(v.key.mid(7));
            if (!reg)
                continue;
            const std::optional<Quantity> q = quantityOf(v, regs);
            if (!q)
                return fail(Failure::BadAnswer, tr("register %1 is not a quantity: %2")
                                                    .arg(v.key, v.text));
            r.registers.values.insert(*reg, *q);
        }
        if (!m_relay.empty()) {
            if (Outcome o = readSwitch(link, r.switchState); !o.ok())
                return o;
        }
        if (!m_prepaid.empty()) {
            std::vector<quint16> p;
            if (Outcome o = readBlock(link, m_prepaid, p); !o.ok())
                return o;
            for (const Value& v : decodeRegisters(m_map, m_prepaid.start, p)) {
                if (v.key == u"balance.remaining" && v.scaled && v.decimals == 2)
                    r.meterBalance = Money::fromFen(*v.scaled);
                else if (v.key == u"purchase.count" && v.scaled)
                    r.purchaseCount = *v.scaled;
            }
        }
        r.rawReply = link.replies();
        out = std::move(r);
        return {};
    }

    Outcome probe(MeterLink& link) override
    {
        std::vector<quint16> regs;
        return readBlock(link, {m_energy.start, 1}, regs);
    }

    Outcome sendSwitch(MeterLink& link, SwitchCommand c, const QDateTime&,
                       const BusSettings&) override
    {
        if (m_relay.empty())
            return fail(Failure::MeterError, tr("map %1 has no relay register")
                                                 .arg(QString::fromLatin1(m_map.key)));
        // Relay register values (docs/simulator.md): 0 close, 1 trip, 2 force-on, 3 release.
        quint16 value = 0;
        switch (c) {
        case SwitchCommand::Close: value = 0; break;
        case SwitchCommand::Trip: value = 1; break;
        case SwitchCommand::ForceOn: value = 2; break;
        case SwitchCommand::ForceOnRelease: value = 3; break;
        }
        QByteArray frame;
        const QByteArray request = buildModbusWriteMultiple(m_endpoint.slave, m_relay.start, {value});
        if (Outcome o = link.exchange(Protocol::ModbusRtu, request, filter(), frame); !o.ok())
            return o;
        QString problem;
        const std::optional<ModbusFrame> f = parseModbusAdu(frame, &problem);
        if (!f)
            return fail(Failure::BadAnswer, problem);
        if (f->isException()) {
            link.countMeterError();
            return fail(Failure::MeterError, tr("meter refused: %1")
                                                 .arg(modbusExceptionName(f->exceptionCode)));
        }
        if (f->baseFunction() != modbus::kWriteMultiple || f->address != m_relay.start)
            return fail(Failure::BadAnswer, tr("answer does not echo the relay write"));
        return {};
    }

    Outcome writePurchase(MeterLink& link, Money amount, qint64 sequence) override
    {
        // md-prepaid: amount (U32 fen) and sequence (U16) in ONE function-16 write, so that a
        // meter never sees the one without the other (docs/meters.md).
        if (m_purchase.empty() || amount.fen() <= 0 || amount.fen() > 0xFFFFFFFFLL
            || sequence <= 0 || sequence > 0xFFFF)
            return MeterDriver::writePurchase(link, amount, sequence);
        const quint32 fen = quint32(amount.fen());
        const std::vector<quint16> words{quint16(fen >> 16), quint16(fen & 0xFFFF),
                                         quint16(sequence)};
        QByteArray frame;
        const QByteArray request =
            buildModbusWriteMultiple(m_endpoint.slave, m_purchase.start, words);
        if (Outcome o = link.exchange(Protocol::ModbusRtu, request, filter(), frame); !o.ok())
            return o;
        const std::optional<ModbusFrame> f = parseModbusAdu(frame);
        if (!f)
            return fail(Failure::BadAnswer, tr("answer is not a Modbus frame"));
        if (f->isException()) {
            link.countMeterError();
            return fail(Failure::MeterError, tr("meter refused: %1")
                                                 .arg(modbusExceptionName(f->exceptionCode)));
        }
        return {};
    }

    Outcome writeSetting(MeterLink& link, const SettingValue& value) override
    {
        const RegisterDef* def = findRegister(m_map, value.key);
        if (!def || !def->writable || def->decimals != value.decimals || value.scaled < 0)
            return MeterDriver::writeSetting(link, value);
        QByteArray frame;
        const QByteArray request = buildModbusWriteMultiple(
            m_endpoint.slave, quint16(def->address), encodeRegister(m_map, *def, value.scaled, value.decimals));
        if (Outcome o = link.exchange(Protocol::ModbusRtu, request, filter(), frame); !o.ok())
            return o;
        QString problem;
        const std::optional<ModbusFrame> f = parseModbusAdu(frame, &problem);
        if (!f)
            return fail(Failure::BadAnswer, problem);
        if (f->isException()) {
            link.countMeterError();
            return fail(Failure::MeterError, tr("meter refused: %1").arg(modbusExceptionName(f->exceptionCode)));
        }
        if (f->baseFunction() != modbus::kWriteMultiple || f->address != def->address)
            return fail(Failure::BadAnswer, tr("answer does not echo the write of %1").arg(value.key));
        return {};
    }

    Outcome readSetting(MeterLink& link, const QString& key, int decimals, qint64& scaled) override
    {
        const RegisterDef* def = findRegister(m_map, key);
        if (!def || def->decimals != decimals)
            return MeterDriver::readSetting(link, key, decimals, scaled);
        std::vector<quint16> regs;
        if (Outcome o = readBlock(link, {quint16(def->address), quint16(registerWidth(def->type))}, regs); !o.ok())
            return o;
        for (const Value& v : decodeRegisters(m_map, quint16(def->address), regs)) {
            if (v.key == key && v.scaled) {
                scaled = *v.scaled;
                return {};
            }
        }
        return fail(Failure::BadAnswer, tr("no value of %1 in the answer").arg(key));
    }

    Outcome readPurchaseState(MeterLink& link, std::optional<Money>& balance,
                              std::optional<qint64>& count) override
    {
        if (m_prepaid.empty())
            return MeterDriver::readPurchaseState(link, balance, count);
        std::vector<quint16> p;
        if (Outcome o = readBlock(link, m_prepaid, p); !o.ok())
            return o;
        for (const Value& v : decodeRegisters(m_map, m_prepaid.start, p)) {
            if (v.key == u"balance.remaining" && v.scaled && v.decimals == 2)
                balance = Money::fromFen(*v.scaled);
            else if (v.key == u"purchase.count" && v.scaled)
                count = *v.scaled;
        }
        return {};
    }

    Outcome readSwitch(MeterLink& link, SwitchState& out) override
    {
        std::vector<quint16> regs;
        if (Outcome o = readBlock(link, m_relay, regs); !o.ok())
            return o;
        // Status word: bit 0 open, bit 1 forced on (docs/simulator.md).
        const quint16 w = regs.front();
        out = (w & 0x02) ? SwitchState::ForcedOn : (w & 0x01) ? SwitchState::Off : SwitchState::On;
        return {};
    }

private:
    AnswerFilter filter() const
    {
        const quint8 slave = m_endpoint.slave;
        return [slave](const QByteArray& f) { return !f.isEmpty() && quint8(f[0]) == slave; };
    }

    Outcome readBlock(MeterLink& link, Block b, std::vector<quint16>& regs)
    {
        QByteArray frame;
        const QByteArray request = buildModbusRead(m_endpoint.slave, m_map.readFunction, b.start, b.count);
        if (Outcome o = link.exchange(Protocol::ModbusRtu, request, filter(), frame); !o.ok())
            return o;
        QString problem;
        const std::optional<ModbusFrame> f = parseModbusAdu(frame, &problem);
        if (!f)
            return fail(Failure::BadAnswer, problem);
        if (f->isException()) {
            link.countMeterError();
            return fail(Failure::MeterError, modbusExceptionName(f->exceptionCode));
        }
        if (f->baseFunction() != m_map.readFunction || f->registers.size() != b.count)
            return fail(Failure::BadAnswer, tr("answer has %1 registers of function %2, asked %3")
                                                .arg(f->registers.size())
                                                .arg(f->baseFunction())
                                                .arg(b.count));
        regs = f->registers;
        return {};
    }

    std::optional<Quantity> quantityOf(const Value& v, const std::vector<quint16>& regs) const
    {
        if (v.scaled)
            return v.quantity();
        // Float32 registers (SDM120) carry no exact decimal: the meter's float rounded to the
        // nearest Wh, which is below the meter's own resolution at any realistic total.
        const RegisterDef* def = findRegister(m_map, v.key);
        if (!def || def->type != RegisterType::Float32)
            return std::nullopt;
        const std::size_t at = std::size_t(def->address - m_energy.start);
        const quint16 hiWord = m_map.wordOrder == WordOrder::HighFirst ? regs[at] : regs[at + 1];
        const quint16 loWord = m_map.wordOrder == WordOrder::HighFirst ? regs[at + 1] : regs[at];
        const float f = std::bit_cast<float>(quint32(hiWord) << 16 | loWord);
        if (!std::isfinite(f) || f < 0)
            return std::nullopt;
        const std::optional<Unit> unit = parseUnit(v.unit);
        if (!unit)
            return std::nullopt;
        return Quantity::fromMilli(std::llround(double(f) * 1000.0), *unit);
    }

    const RegisterMap& m_map;
    Block m_energy, m_relay, m_prepaid, m_purchase;
};
} // namespace

std::unique_ptr<MeterDriver> makeModbusDriver(const MeterEndpoint& endpoint)
{
    const RegisterMap* map = findRegisterMap(endpoint.mapKey);
    if (!map)
        throw InputError(endpoint.name, 0,
                         MeterDriver::tr("unknown Modbus register map \"%1\"").arg(endpoint.mapKey));
    return std::make_unique<ModbusDriver>(endpoint, *map);
}

} // namespace md::collection
