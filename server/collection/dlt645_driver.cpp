// DL/T 645-2007 (and -1997 reads) meters: energy block, status word 3, 费控 items, relay 1C.
#include "collection/meter_driver.h"

#include "protocol/dlt645_codec.h"
#include "protocol/dlt645_data.h"

#include <algorithm>

namespace md::collection {

namespace {
using namespace protocol;

constexpr quint32 kEnergyTotal = 0x00010000;  // forward active energy, total
constexpr quint32 kEnergyBlock = 0x0001FF00;  // total + sharp, peak, flat, valley
constexpr quint32 kStatusWord3 = 0x04000503;  // bit 4: relay open
constexpr quint32 kBalance = 0x00900200;      // remaining money (费控)
constexpr quint32 kOverdraft = 0x00900201;    // money owed past zero (透支金额)
constexpr quint32 kPurchaseCount = 0x03330201;
constexpr quint16 kEnergyTotal1997 = 0x9010;
constexpr quint16 kEnergyBlock1997 = 0x901F;

quint32 le(QByteArrayView b, int n)
{
    quint32 v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | quint8(b[i]);
    return v;
}

class Dlt645Driver final : public MeterDriver
{
    // Its own context: the base's tr() would look these messages up under MeterDriver.
    Q_DECLARE_TR_FUNCTIONS(md::collection::Dlt645Driver)
public:
    Dlt645Driver(MeterEndpoint e, int wakeBytes)
        : MeterDriver(std::move(e))
        , m_1997(m_endpoint.protocol == Protocol::Dlt645_1997)
        , m_wake(std::clamp(wakeBytes, 0, 4))
    {
    }

    Outcome read(MeterLink& link, const QDateTime& nowUtc, MeterReading& out) override
    {
        std::vector<Value> values;
        const quint32 energyDi = m_1997 ? (m_endpoint.readRates ? kEnergyBlock1997 : kEnergyTotal1997)
                                        : (m_endpoint.readRates ? kEnergyBlock : kEnergyTotal);
        if (Outcome o = readItem(link, energyDi, values); !o.ok())
            return o;
        MeterReading r;
        r.meter = m_endpoint.id;
        r.registers.utc = nowUtc;
        for (const Value& v : values) {
            // "energy.forward.total", "energy.forward.peak", ...
            const std::optional<Register> reg = parseRegister(v.key.section(u'.', 2));
            const std::optional<Quantity> q = v.quantity();
            if (!reg || !q)
                return fail(Failure::BadAnswer, tr("unexpected value %1 = %2").arg(v.key, v.text));
            r.registers.values.insert(*reg, *q);
        }
        if (!m_1997) {
            if (Outcome o = readSwitch(link, r.switchState); !o.ok())
                return o;
            if (m_endpoint.meterSideBalance) {
                std::vector<Value> b;
                if (Outcome o = readItem(link, kBalance, b); !o.ok())
                    return o;
                // The balance item never goes below zero; what the meter is owed past zero is
                // the overdraft item, so the balance is the one minus the other.
                std::vector<Value> owed;
                if (Outcome o = readItem(link, kOverdraft, owed); !o.ok())
                    return o;
                if (!b.empty() && b.front().scaled && b.front().decimals == 2 && !owed.empty()
                    && owed.front().scaled && owed.front().decimals == 2)
                    r.meterBalance = Money::fromFen(*b.front().scaled - *owed.front().scaled);
                std::vector<Value> n;
                if (Outcome o = readItem(link, kPurchaseCount, n); !o.ok())
                    return o;
                if (!n.empty() && n.front().scaled)
                    r.purchaseCount = *n.front().scaled;
            }
        }
        r.rawReply = link.replies();
        out = std::move(r);
        return {};
    }

    Outcome probe(MeterLink& link) override
    {
        std::vector<Value> v;
        return readItem(link, m_1997 ? kEnergyTotal1997 : kEnergyTotal, v);
    }

    Outcome sendSwitch(MeterLink& link, SwitchCommand c, const QDateTime& nowUtc,
                       const BusSettings& bus) override
    {
        if (m_1997)
            return fail(Failure::MeterError, tr("DL/T 645-1997 meters have no relay command"));
        RelayAction action = RelayAction::Trip;
        switch (c) {
        case SwitchCommand::Trip: action = RelayAction::Trip; break;
        case SwitchCommand::Close: action = RelayAction::DirectClose; break;
        case SwitchCommand::ForceOn: action = RelayAction::ForceOn; break;
        case SwitchCommand::ForceOnRelease: action = RelayAction::ForceOnRelease; break;
        }
        // The validity time N3..N8 is the meter's local time.
        const QDateTime validUntil = nowUtc.addSecs(600).toOffsetFromUtc(int(bus.meterUtcOffsetSeconds));
        const QByteArray request = buildDlt645Relay(m_endpoint.address, action, m_endpoint.auth,
                                                    validUntil, m_wake);
        QByteArray frame;
        if (Outcome o = link.exchange(m_endpoint.protocol, request, filter(), frame); !o.ok())
            return o;
        QString problem;
        const std::optional<Dlt645Frame> f = parseDlt645Frame(frame, &problem);
        if (!f)
            return fail(Failure::BadAnswer, problem);
        if (f->function() != dlt645::kRelay || !f->isResponse())
            return fail(Failure::BadAnswer, tr("answer is not a relay answer"));
        if (f->isAbnormal()) {
            link.countMeterError();
            return fail(Failure::MeterError,
                        tr("meter refused: %1")
                            .arg(dlt645ErrorNames(f->data.isEmpty() ? 0 : quint8(f->data[0]))
                                     .join(QStringLiteral(", "))));
        }
        return {};
    }

    Outcome readSwitch(MeterLink& link, SwitchState& out) override
    {
        if (m_1997) {
            out = SwitchState::Unknown;
            return {};
        }
        QByteArray frame;
        Outcome o = exchangeRead(link, kStatusWord3, frame);
        if (!o.ok())
            return o;
        const QByteArray payload = frame; // 2 bytes, low byte first
        const quint16 w = quint16(quint8(payload[0]) | (quint8(payload[1]) << 8));
        out = (w & 0x10) ? SwitchState::Off : SwitchState::On;
        return {};
    }

    bool confirms(SwitchCommand c, SwitchState s) const override
    {
        // Status word 3 has no force-on bit: an acknowledged force-on with the relay closed is
        // as far as the meter lets us see.
        if (c == SwitchCommand::ForceOn)
            return s == SwitchState::On || s == SwitchState::ForcedOn;
        return MeterDriver::confirms(c, s);
    }

private:
    AnswerFilter filter() const
    {
        const QByteArray address = m_endpoint.address;
        return [address](const QByteArray& f) {
            const std::optional<Dlt645Frame> d = parseDlt645Frame(f);
            return d && d->isResponse() && d->address == address;
        };
    }

    // Reads one item; `payload` gets the bytes after the DI.
    Outcome exchangeRead(MeterLink& link, quint32 di, QByteArray& payload)
    {
        const QByteArray request = m_1997 ? buildDlt645Read1997(m_endpoint.address, quint16(di), m_wake)
                                          : buildDlt645Read(m_endpoint.address, di, m_wake);
        QByteArray frame;
        if (Outcome o = link.exchange(m_endpoint.protocol, request, filter(), frame); !o.ok())
            return o;
        QString problem;
        const std::optional<Dlt645Frame> f = parseDlt645Frame(frame, &problem);
        if (!f)
            return fail(Failure::BadAnswer, problem);
        const quint8 function = m_1997 ? dlt645::kRead1997 : dlt645::kRead;
        if (f->function() != function)
            return fail(Failure::BadAnswer, tr("answer is not a read answer"));
        if (f->isAbnormal()) {
            link.countMeterError();
            return fail(Failure::MeterError,
                        dlt645ErrorNames(f->data.isEmpty() ? 0 : quint8(f->data[0]))
                            .join(QStringLiteral(", ")));
        }
        const int diBytes = m_1997 ? 2 : 4;
        if (f->data.size() < diBytes || le(f->data, diBytes) != di)
            return fail(Failure::BadAnswer, tr("answer is for another data identifier"));
        payload = f->data.mid(diBytes);
        if (di == kStatusWord3 && payload.size() != 2)
            return fail(Failure::BadAnswer, tr("status word of %1 bytes").arg(payload.size()));
        return {};
    }

    Outcome readItem(MeterLink& link, quint32 di, std::vector<Value>& values)
    {
        QByteArray payload;
        if (Outcome o = exchangeRead(link, di, payload); !o.ok())
            return o;
        const Dlt645Item* item = m_1997 ? findDlt645Item1997(quint16(di)) : findDlt645Item2007(di);
        QString problem;
        std::optional<std::vector<Value>> v = item ? decodeDlt645Payload(*item, payload, &problem)
                                                   : std::nullopt;
        if (!v)
            return fail(Failure::BadAnswer, problem);
        values = std::move(*v);
        return {};
    }

    bool m_1997;
    int m_wake;
};
} // namespace

std::unique_ptr<MeterDriver> makeDlt645Driver(const MeterEndpoint& endpoint, int wakeBytes)
{
    return std::make_unique<Dlt645Driver>(endpoint, wakeBytes);
}

} // namespace md::collection
