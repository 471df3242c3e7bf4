// DL/T 645-2007 (and -1997 reads) slave: reads from the identifier tables, relay control 1C,
// parameter writes 14.
#include "sim_meter.h"
#include "slave.h"

#include "protocol/bcd.h"
#include "protocol/dlt645_codec.h"
#include "protocol/dlt645_data.h"

namespace md::sim {

namespace {
using namespace protocol;

constexpr quint8 kErrOther = 0x01;
constexpr quint8 kErrNoData = 0x02;
constexpr quint8 kErrPassword = 0x04;

struct Scaled
{
    qint64 value;
    int decimals;
};

qint64 rescale(Scaled v, int decimals)
{
    for (int i = v.decimals; i < decimals; ++i)
        v.value *= 10;
    for (int i = decimals; i < v.decimals; ++i)
        v.value /= 10;
    return v.value;
}

// The meter's value for one (repeat) key of the identifier tables.
std::optional<Scaled> valueOf(const SimMeter& m, const QString& key)
{
    const bool phaseA = key.endsWith(u".a") || key.endsWith(u".total");
    if (key.startsWith(u"energy.forward.") || key.startsWith(u"energy.combined.")) {
        const QString rate = key.section(u'.', 2);
        if (rate == u"total")
            return Scaled{m.energyCenti(), 2};
        if (const std::optional<TouRate> r = parseTouRate(rate))
            return Scaled{m.rateEnergyCenti(*r), 2};
        return std::nullopt;
    }
    if (key.startsWith(u"energy.reverse."))
        return Scaled{0, 0};
    if (key.startsWith(u"voltage."))
        return Scaled{key == u"voltage.a" ? m.voltageDeci() : 0, 1};
    if (key.startsWith(u"current."))
        return Scaled{key == u"current.a" ? m.currentMilli() : 0, 3};
    if (key.startsWith(u"power.active."))
        return Scaled{phaseA ? m.loadMilli() : 0, 6}; // mW in kW
    if (key.startsWith(u"power_factor."))
        return Scaled{phaseA ? 1000 : 0, 3};
    if (key == u"frequency")
        return Scaled{5000, 2};
    if (key == u"prepaid.balance")
        return Scaled{std::max<qint64>(m.balanceFen(), 0), 2};
    if (key == u"prepaid.overdraft")
        return Scaled{std::max<qint64>(-m.balanceFen(), 0), 2};
    if (key == u"prepaid.energy_remaining") {
        // fen / (1e-4 yuan per kWh) = balance × 100 / price kWh = balance × 10000 / price
        // hundredths of a kWh.
        const qint64 price = m.config().priceTenThousandths;
        return Scaled{price > 0 ? std::max<qint64>(m.balanceFen(), 0) * 10000 / price : 0, 2};
    }
    if (key == u"prepaid.purchase_count")
        return Scaled{m.purchaseCount(), 0};
    // Parameters: one price for every rate (the simulated meter charges a flat price); the
    // overload limit is kept in W, which is kW with 3 decimals.
    if (key == u"alarm.threshold")
        return Scaled{m.alarmFen(), 2};
    if (key.startsWith(u"tariff.price."))
        return Scaled{m.priceTenThousandths(), 4};
    if (key == u"overload.limit")
        return Scaled{m.overloadW(), 3};
    return std::nullopt;
}

QByteArray bcd1(int v)
{
    return unsignedToBcd(v, 1);
}

// Payload of one item value (one block repeat).
std::optional<QByteArray> encodeOne(const SimMeter& m, const Dlt645Item& item, const QString& key)
{
    const QDateTime local = m.localNow();
    switch (item.format) {
    case Dlt645Format::Date:
        return bcd1(local.date().dayOfWeek() % 7) + bcd1(local.date().day())
               + bcd1(local.date().month()) + bcd1(local.date().year() % 100);
    case Dlt645Format::Time:
        return bcd1(local.time().second()) + bcd1(local.time().minute())
               + bcd1(local.time().hour());
    case Dlt645Format::Digits:
        return m.config().address; // address, meter number, user number: the nameplate
    case Dlt645Format::Status: {
        const quint16 w = key == u"status.word3" ? m.dlt645StatusWord3() : 0;
        return QByteArray{1, char(w & 0xFF)} + QByteArray{1, char(w >> 8)};
    }
    case Dlt645Format::Unsigned:
    case Dlt645Format::Signed: {
        const std::optional<Scaled> v = valueOf(m, key);
        if (!v)
            return std::nullopt;
        const QByteArray b = encodeDlt645Value(item, rescale(*v, item.decimals));
        if (b.isEmpty())
            return std::nullopt; // does not fit the item's digits
        return b;
    }
    }
    return std::nullopt;
}

std::optional<QByteArray> payloadFor(const SimMeter& m, const Dlt645Item& item)
{
    const QString base = QString::fromLatin1(item.key);
    if (!item.block)
        return encodeOne(m, item, base);
    // Energy blocks: total and the four rates; phase blocks as many repeats as named.
    qsizetype repeats = 0;
    while (item.repeatKeys[repeats])
        ++repeats;
    if (base.startsWith(u"energy."))
        repeats = 1 + kRateCount;
    QByteArray out;
    for (qsizetype i = 0; i < repeats; ++i) {
        const auto one = encodeOne(m, item, base + u'.' + QLatin1String(item.repeatKeys[i]));
        if (!one)
            return std::nullopt;
        out += *one;
    }
    return out;
}

quint32 le(QByteArrayView b, int n)
{
    quint32 v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | quint8(b[i]);
    return v;
}

class Dlt645Slave final : public ProtocolSlave
{
public:
    explicit Dlt645Slave(std::vector<SimMeter*> meters)
        : m_meters(std::move(meters))
    {
    }
    StreamParser& parser() override { return m_parser; }

    Outcome handle(const QByteArray& bytes, const Admission& admit) override
    {
        const std::optional<Dlt645Frame> f = parseDlt645Frame(bytes);
        if (!f || f->isResponse())
            return {};
        if (f->control == dlt645::kBroadcastTime || f->address == dlt645::kBroadcastAddress)
            return {}; // broadcasts get no answer (the meters keep their own clock here)
        SimMeter* meter = find(f->address);
        if (!meter)
            return {};
        if (!admit(*meter))
            return {meter, {}};
        return {meter, answer(*meter, *f)};
    }

    QByteArray readdressed(const QByteArray& reply) const override
    {
        std::optional<Dlt645Frame> f = parseDlt645Frame(reply);
        if (!f)
            return reply;
        f->address[0] = char(quint8(f->address[0]) ^ 0x01); // still BCD: x0 <-> x1
        return encodeDlt645(*f, 0);
    }

private:
    SimMeter* find(const QByteArray& address) const
    {
        // The wildcard AA..AA reaches the meter when it is alone on the bus (read address).
        if (address == dlt645::kWildcardAddress)
            return m_meters.size() == 1 ? m_meters.front() : nullptr;
        for (SimMeter* m : m_meters)
            if (m->config().address == address)
                return m;
        return nullptr;
    }

    static QByteArray answer(SimMeter& m, const Dlt645Frame& f)
    {
        const QByteArray& a = m.config().address;
        const bool old = m.config().protocol == Protocol::Dlt645_1997;
        switch (f.control) {
        case dlt645::kReadAddress:
            return buildDlt645ReadAddressResponse(a);
        case dlt645::kRead: {
            const Dlt645Item* item = f.data.size() >= 4 && !old
                                         ? findDlt645Item2007(le(f.data, 4))
                                         : nullptr;
            const auto payload = item ? payloadFor(m, *item) : std::nullopt;
            if (!payload)
                return buildDlt645Error(a, f.control, kErrNoData);
            return buildDlt645ReadResponse(a, item->di, *payload);
        }
        case dlt645::kRead1997: {
            const Dlt645Item* item = f.data.size() >= 2 && old
                                         ? findDlt645Item1997(quint16(le(f.data, 2)))
                                         : nullptr;
            const auto payload = item ? payloadFor(m, *item) : std::nullopt;
            if (!payload)
                return buildDlt645Error(a, f.control, kErrNoData);
            return buildDlt645Read1997Response(a, quint16(item->di), *payload);
        }
        case dlt645::kRelay:
            return old ? QByteArray() : relay(m, f);
        case dlt645::kWrite:
            return old ? QByteArray() : write(m, f);
        default:
            return buildDlt645Error(a, f.control, kErrOther);
        }
    }

    // DI PA P0..P2 C0..C3 value: the parameters a settings download writes; anything else is
    // refused as data the meter does not let be written.
    static QByteArray write(SimMeter& m, const Dlt645Frame& f)
    {
        const QByteArray& a = m.config().address;
        if (f.data.size() < 13)
            return buildDlt645Error(a, f.control, kErrOther);
        if (le(QByteArrayView(f.data).sliced(5), 3) != m.config().password)
            return buildDlt645Error(a, f.control, kErrPassword);
        const Dlt645Item* item = findDlt645Item2007(le(f.data, 4));
        if (!item || item->block)
            return buildDlt645Error(a, f.control, kErrNoData);
        const auto values = decodeDlt645Payload(*item, QByteArrayView(f.data).sliced(12));
        if (!values || values->size() != 1 || !values->front().scaled)
            return buildDlt645Error(a, f.control, kErrOther);
        const Scaled v{*values->front().scaled, item->decimals};
        const QString key = QString::fromLatin1(item->key);
        if (key == u"alarm.threshold")
            m.setAlarmFen(rescale(v, 2));
        else if (key.startsWith(u"tariff.price."))
            m.setPriceTenThousandths(rescale(v, 4));
        else if (key == u"overload.limit")
            m.setOverloadW(rescale(v, 3));
        else
            return buildDlt645Error(a, f.control, kErrNoData);
        return buildDlt645Ack(a, f.control);
    }

    // PA P0..P2 C0..C3 N1 N2 N3..N8 (validity ssmmhhDDMMYY).
    static QByteArray relay(SimMeter& m, const Dlt645Frame& f)
    {
        const QByteArray& a = m.config().address;
        if (f.data.size() < 16)
            return buildDlt645Error(a, f.control, kErrOther);
        if (le(QByteArrayView(f.data).sliced(1), 3) != m.config().password)
            return buildDlt645Error(a, f.control, kErrPassword);
        int n[6];
        for (int i = 0; i < 6; ++i) {
            const auto v = bcdToUnsigned(QByteArrayView(f.data).sliced(10 + i, 1));
            if (!v)
                return buildDlt645Error(a, f.control, kErrOther);
            n[i] = int(*v);
        }
        const QDateTime local = m.localNow();
        const QDateTime validUntil(QDate(2000 + n[5], n[4], n[3]), QTime(n[2], n[1], n[0]),
                                   Qt::OffsetFromUTC, local.offsetFromUtc());
        if (!validUntil.isValid() || validUntil < local)
            return buildDlt645Error(a, f.control, kErrOther); // expired command
        switch (RelayAction(quint8(f.data[8]))) {
        case RelayAction::Trip:
            if (!m.trip())
                return buildDlt645Error(a, f.control, kErrOther); // forced on
            break;
        case RelayAction::ClosePermit: // the customer's button press is taken as given
        case RelayAction::DirectClose:
            m.close();
            break;
        case RelayAction::ForceOn:
            m.setForceOn(true);
            break;
        case RelayAction::ForceOnRelease:
            m.setForceOn(false);
            break;
        default:
            return buildDlt645Error(a, f.control, kErrOther);
        }
        return buildDlt645Ack(a, f.control);
    }

    std::vector<SimMeter*> m_meters;
    Dlt645Parser m_parser;
};
} // namespace

std::unique_ptr<ProtocolSlave> makeDlt645Slave(std::vector<SimMeter*> meters)
{
    return std::make_unique<Dlt645Slave>(std::move(meters));
}

} // namespace md::sim
