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

// A setting (SettingValue's keys) as the meter keeps it. A flat price goes to all four rates of
// the first tariff set, so the meter charges it whichever rate its clock is in; the overload
// limit comes in W and the meter keeps kW, so in the meter's unit the value has 3 decimals more.
struct SettingItems
{
    const char16_t* key;
    quint32 dis[4];
    int count;
    int unitShift;
};
constexpr SettingItems kSettings[] = {
    {u"alarm.threshold", {0x04001001}, 1, 0},
    {u"tariff.price", {0x04050101, 0x04050102, 0x04050103, 0x04050104}, 4, 0},
    {u"overload.limit", {0x04090B01}, 1, 3},
};

const SettingItems* settingItems(QStringView key)
{
    for (const SettingItems& s : kSettings)
        if (key == s.key)
            return &s;
    return nullptr;
}

// `v` with `from` decimals as a value with `to` decimals; none when digits would be lost.
std::optional<qint64> rescaleExact(qint64 v, int from, int to)
{
    for (; from < to; ++from)
        v *= 10;
    for (; from > to; --from) {
        if (v % 10 != 0)
            return std::nullopt;
        v /= 10;
    }
    return v;
}

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
        return command(link, request, dlt645::kRelay);
    }

    Outcome writeSetting(MeterLink& link, const SettingValue& value) override
    {
        const SettingItems* s = settingItems(value.key);
        if (m_1997 || !s || value.scaled < 0)
            return MeterDriver::writeSetting(link, value);
        for (int i = 0; i < s->count; ++i) {
            const Dlt645Item* item = findDlt645Item2007(s->dis[i]);
            const std::optional<qint64> v = rescaleExact(value.scaled, value.decimals + s->unitShift, item->decimals);
            qint64 limit = 1;
            for (int d = 0; d < 2 * item->bytes; ++d)
                limit *= 10;
            if (!v || *v >= limit)
                return fail(Failure::MeterError,
                            tr("%1 does not fit the meter's item %2 (%3 digits, %4 decimals)")
                                .arg(value.key, dlt645DiText(item->di))
                                .arg(2 * item->bytes)
                                .arg(item->decimals));
            const QByteArray request = buildDlt645Write(m_endpoint.address, item->di, m_endpoint.auth,
                                                        encodeDlt645Value(*item, *v), m_wake);
            if (Outcome o = command(link, request, dlt645::kWrite); !o.ok())
                return o;
        }
        return {};
    }

    // The value the meter keeps; for a price, the first rate's, or the first rate that differs
    // from it (so a write that reached only some rates is not taken as confirmed).
    Outcome readSetting(MeterLink& link, const QString& key, int decimals, qint64& scaled) override
    {
        const SettingItems* s = settingItems(key);
        if (m_1997 || !s)
            return MeterDriver::readSetting(link, key, decimals, scaled);
        std::optional<qint64> first;
        for (int i = 0; i < s->count; ++i) {
            std::vector<Value> values;
            if (Outcome o = readItem(link, s->dis[i], values); !o.ok())
                return o;
            const std::optional<qint64> v = values.size() == 1 && values.front().scaled
                ? rescaleExact(*values.front().scaled, values.front().decimals, decimals + s->unitShift)
                : std::nullopt;
            if (!v)
                return fail(Failure::BadAnswer, tr("no value of %1 in the answer").arg(key));
            if (!first) {
                first = v;
            } else if (*v != *first) {
                scaled = *v;
                return {};
            }
        }
        scaled = *first;
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

    // Sends `request` and takes the answer of `function` (read, write, relay): parsed, a normal
    // answer, or the meter's refusal with its error bits (counted as a meter error).
    Outcome answer(MeterLink& link, const QByteArray& request, quint8 function, Dlt645Frame& out)
    {
        QByteArray frame;
        if (Outcome o = link.exchange(m_endpoint.protocol, request, filter(), frame); !o.ok())
            return o;
        QString problem;
        std::optional<Dlt645Frame> f = parseDlt645Frame(frame, &problem);
        if (!f)
            return fail(Failure::BadAnswer, problem);
        if (f->function() != function || !f->isResponse())
            return fail(Failure::BadAnswer, function == dlt645::kRelay   ? tr("answer is not a relay answer")
                                            : function == dlt645::kWrite ? tr("answer is not a write answer")
                                                                         : tr("answer is not a read answer"));
        if (f->isAbnormal()) {
            link.countMeterError();
            return fail(Failure::MeterError,
                        tr("meter refused: %1")
                            .arg(dlt645ErrorNames(f->data.isEmpty() ? 0 : quint8(f->data[0]))
                                     .join(QStringLiteral(", "))));
        }
        out = std::move(*f);
        return {};
    }

    // A command answered by an acknowledgement (relay 1C, write 14).
    Outcome command(MeterLink& link, const QByteArray& request, quint8 function)
    {
        Dlt645Frame f;
        return answer(link, request, function, f);
    }

    // Reads one item; `payload` gets the bytes after the DI.
    Outcome exchangeRead(MeterLink& link, quint32 di, QByteArray& payload)
    {
        const QByteArray request = m_1997 ? buildDlt645Read1997(m_endpoint.address, quint16(di), m_wake)
                                          : buildDlt645Read(m_endpoint.address, di, m_wake);
        Dlt645Frame f;
        if (Outcome o = answer(link, request, m_1997 ? dlt645::kRead1997 : dlt645::kRead, f); !o.ok())
            return o;
        const int diBytes = m_1997 ? 2 : 4;
        if (f.data.size() < diBytes || le(f.data, diBytes) != di)
            return fail(Failure::BadAnswer, tr("answer is for another data identifier"));
        payload = f.data.mid(diBytes);
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
