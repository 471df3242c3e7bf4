#include "protocol/dlt645_data.h"

#include "protocol/bcd.h"
#include "util/decimal.h"

#include <QCoreApplication>

#include <algorithm>

namespace md::protocol {

namespace {
constexpr const char* kRates[] = {"total", "sharp", "peak", "flat", "valley",
                                  "rate5", "rate6", "rate7", "rate8", nullptr};
constexpr const char* kPhases[] = {"a", "b", "c", nullptr};
constexpr const char* kTotalPhases[] = {"total", "a", "b", "c", nullptr};

using F = Dlt645Format;

// DL/T 645-2007 appendix A (data identifiers) as far as a billing system needs them.
// 00900100/00900200/03330201 are the prepaid (费控) extension items; see docs/meters.md.
constexpr Dlt645Item k2007[] = {
    {0x00000000, "energy.combined.total", 4, 2, F::Signed, "kWh"},
    {0x0000FF00, "energy.combined", 4, 2, F::Signed, "kWh", true, kRates},
    {0x00010000, "energy.forward.total", 4, 2, F::Unsigned, "kWh"},
    {0x00010100, "energy.forward.sharp", 4, 2, F::Unsigned, "kWh"},
    {0x00010200, "energy.forward.peak", 4, 2, F::Unsigned, "kWh"},
    {0x00010300, "energy.forward.flat", 4, 2, F::Unsigned, "kWh"},
    {0x00010400, "energy.forward.valley", 4, 2, F::Unsigned, "kWh"},
    {0x0001FF00, "energy.forward", 4, 2, F::Unsigned, "kWh", true, kRates},
    {0x00020000, "energy.reverse.total", 4, 2, F::Unsigned, "kWh"},
    {0x0002FF00, "energy.reverse", 4, 2, F::Unsigned, "kWh", true, kRates},
    {0x02010100, "voltage.a", 2, 1, F::Unsigned, "V"},
    {0x02010200, "voltage.b", 2, 1, F::Unsigned, "V"},
    {0x02010300, "voltage.c", 2, 1, F::Unsigned, "V"},
    {0x0201FF00, "voltage", 2, 1, F::Unsigned, "V", true, kPhases},
    {0x02020100, "current.a", 3, 3, F::Signed, "A"},
    {0x02020200, "current.b", 3, 3, F::Signed, "A"},
    {0x02020300, "current.c", 3, 3, F::Signed, "A"},
    {0x0202FF00, "current", 3, 3, F::Signed, "A", true, kPhases},
    {0x02030000, "power.active.total", 3, 4, F::Signed, "kW"},
    {0x02030100, "power.active.a", 3, 4, F::Signed, "kW"},
    {0x02030200, "power.active.b", 3, 4, F::Signed, "kW"},
    {0x02030300, "power.active.c", 3, 4, F::Signed, "kW"},
    {0x0203FF00, "power.active", 3, 4, F::Signed, "kW", true, kTotalPhases},
    {0x02060000, "power_factor.total", 2, 3, F::Signed, ""},
    {0x02060100, "power_factor.a", 2, 3, F::Signed, ""},
    {0x0206FF00, "power_factor", 2, 3, F::Signed, "", true, kTotalPhases},
    {0x02800002, "frequency", 2, 2, F::Unsigned, "Hz"},
    {0x04000101, "date", 4, 0, F::Date, ""},
    {0x04000102, "time", 3, 0, F::Time, ""},
    {0x04000401, "address", 6, 0, F::Digits, ""},
    {0x04000402, "meter_number", 6, 0, F::Digits, ""},
    {0x04000501, "status.word1", 2, 0, F::Status, ""},
    {0x04000502, "status.word2", 2, 0, F::Status, ""},
    {0x04000503, "status.word3", 2, 0, F::Status, ""},
    {0x04000504, "status.word4", 2, 0, F::Status, ""},
    {0x04000505, "status.word5", 2, 0, F::Status, ""},
    {0x04000506, "status.word6", 2, 0, F::Status, ""},
    {0x04000507, "status.word7", 2, 0, F::Status, ""},
    {0x00900100, "prepaid.energy_remaining", 4, 2, F::Unsigned, "kWh"},
    {0x00900200, "prepaid.balance", 4, 2, F::Unsigned, "yuan"},
    {0x00900201, "prepaid.overdraft", 4, 2, F::Unsigned, "yuan"},
    {0x03330201, "prepaid.purchase_count", 2, 0, F::Unsigned, ""},
    // Parameters a settings download writes (14) and reads back: 报警金额1限值, 第一套费率电价
    // 1-4 (尖峰平谷), 过载事件有功功率触发下限.
    {0x04001001, "alarm.threshold", 4, 2, F::Unsigned, "yuan"},
    {0x04050101, "tariff.price.sharp", 4, 4, F::Unsigned, "yuan/kWh"},
    {0x04050102, "tariff.price.peak", 4, 4, F::Unsigned, "yuan/kWh"},
    {0x04050103, "tariff.price.flat", 4, 4, F::Unsigned, "yuan/kWh"},
    {0x04050104, "tariff.price.valley", 4, 4, F::Unsigned, "yuan/kWh"},
    {0x04090B01, "overload.limit", 3, 4, F::Unsigned, "kW"},
};

// DL/T 645-1997 identifiers (2 bytes).
constexpr Dlt645Item k1997[] = {
    {0x9010, "energy.forward.total", 4, 2, F::Unsigned, "kWh"},
    {0x9011, "energy.forward.sharp", 4, 2, F::Unsigned, "kWh"},
    {0x9012, "energy.forward.peak", 4, 2, F::Unsigned, "kWh"},
    {0x9013, "energy.forward.flat", 4, 2, F::Unsigned, "kWh"},
    {0x9014, "energy.forward.valley", 4, 2, F::Unsigned, "kWh"},
    {0x901F, "energy.forward", 4, 2, F::Unsigned, "kWh", true, kRates},
    {0x9020, "energy.reverse.total", 4, 2, F::Unsigned, "kWh"},
    {0x902F, "energy.reverse", 4, 2, F::Unsigned, "kWh", true, kRates},
    {0xB611, "voltage.a", 2, 0, F::Unsigned, "V"},
    {0xB612, "voltage.b", 2, 0, F::Unsigned, "V"},
    {0xB613, "voltage.c", 2, 0, F::Unsigned, "V"},
    {0xB61F, "voltage", 2, 0, F::Unsigned, "V", true, kPhases},
    {0xB621, "current.a", 2, 2, F::Unsigned, "A"},
    {0xB622, "current.b", 2, 2, F::Unsigned, "A"},
    {0xB623, "current.c", 2, 2, F::Unsigned, "A"},
    {0xB62F, "current", 2, 2, F::Unsigned, "A", true, kPhases},
    {0xB630, "power.active.total", 3, 4, F::Unsigned, "kW"},
    {0xB63F, "power.active", 3, 4, F::Unsigned, "kW", true, kTotalPhases},
    {0xB650, "power_factor.total", 2, 3, F::Unsigned, ""},
    {0xC010, "date", 4, 0, F::Date, ""},
    {0xC011, "time", 3, 0, F::Time, ""},
    {0xC032, "meter_number", 6, 0, F::Digits, ""},
    {0xC033, "user_number", 6, 0, F::Digits, ""},
};

QString tr(const char* text)
{
    return QCoreApplication::translate("md::protocol", text);
}

QString two(int v)
{
    return QString::number(v).rightJustified(2, u'0');
}

std::optional<Value> decodeOne(const Dlt645Item& item, const QString& key, QByteArrayView b)
{
    Value v{key, {}, QString::fromUtf8(item.unit), std::nullopt, item.decimals};
    switch (item.format) {
    case F::Unsigned:
    case F::Signed: {
        const std::optional<qint64> n =
            item.format == F::Signed ? bcdToSigned(b) : bcdToUnsigned(b);
        if (!n)
            return std::nullopt;
        v.scaled = n;
        v.text = formatScaled(*n, item.decimals);
        return v;
    }
    case F::Digits:
        v.text = bcdDigits(b);
        return v;
    case F::Date: {
        const auto ww = bcdToUnsigned(b.sliced(0, 1)), dd = bcdToUnsigned(b.sliced(1, 1)),
                   mm = bcdToUnsigned(b.sliced(2, 1)), yy = bcdToUnsigned(b.sliced(3, 1));
        if (!ww || !dd || !mm || !yy)
            return std::nullopt;
        v.text = QStringLiteral("20%1-%2-%3").arg(two(int(*yy)), two(int(*mm)), two(int(*dd)));
        return v;
    }
    case F::Time: {
        const auto ss = bcdToUnsigned(b.sliced(0, 1)), mi = bcdToUnsigned(b.sliced(1, 1)),
                   hh = bcdToUnsigned(b.sliced(2, 1));
        if (!ss || !mi || !hh)
            return std::nullopt;
        v.text = QStringLiteral("%1:%2:%3").arg(two(int(*hh)), two(int(*mi)), two(int(*ss)));
        return v;
    }
    case F::Status:
        v.text = bcdDigits(b); // a bit field: its hex digits, high byte first
        v.scaled = (quint8(b[1]) << 8) | quint8(b[0]);
        return v;
    }
    return std::nullopt;
}
} // namespace

std::span<const Dlt645Item> dlt645Items2007()
{
    return k2007;
}

std::span<const Dlt645Item> dlt645Items1997()
{
    return k1997;
}

const Dlt645Item* findDlt645Item2007(quint32 di)
{
    const auto it = std::find_if(std::begin(k2007), std::end(k2007),
                                 [di](const Dlt645Item& i) { return i.di == di; });
    return it == std::end(k2007) ? nullptr : it;
}

const Dlt645Item* findDlt645Item1997(quint16 di)
{
    const auto it = std::find_if(std::begin(k1997), std::end(k1997),
                                 [di](const Dlt645Item& i) { return i.di == di; });
    return it == std::end(k1997) ? nullptr : it;
}

std::optional<std::vector<Value>> decodeDlt645Payload(const Dlt645Item& item,
                                                      QByteArrayView payload, QString* problem)
{
    auto fail = [&](QString why) -> std::optional<std::vector<Value>> {
        if (problem)
            *problem = std::move(why);
        return std::nullopt;
    };
    std::vector<Value> values;
    if (!item.block) {
        if (payload.size() != item.bytes)
            return fail(tr("%1 needs %2 data bytes, frame has %3")
                            .arg(QString::fromLatin1(item.key))
                            .arg(item.bytes)
                            .arg(payload.size()));
        std::optional<Value> v = decodeOne(item, QString::fromLatin1(item.key), payload);
        if (!v)
            return fail(tr("%1 is not valid BCD").arg(QString::fromLatin1(item.key)));
        values.push_back(*v);
        if (item.di == 0x04000503)
            for (Value& flag : dlt645StatusWord3(quint16(*v->scaled)))
                values.push_back(flag);
        return values;
    }
    if (payload.isEmpty() || payload.size() % item.bytes != 0)
        return fail(tr("%1 block: %2 data bytes is not a multiple of %3")
                        .arg(QString::fromLatin1(item.key))
                        .arg(payload.size())
                        .arg(item.bytes));
    const qsizetype n = payload.size() / item.bytes;
    qsizetype named = 0;
    while (item.repeatKeys[named])
        ++named;
    for (qsizetype i = 0; i < n; ++i) {
        const QString key = QString::fromLatin1(item.key) + u'.'
                            + (i < named ? QString::fromLatin1(item.repeatKeys[i])
                                         : QString::number(i));
        std::optional<Value> v = decodeOne(item, key, payload.sliced(i * item.bytes, item.bytes));
        if (!v)
            return fail(tr("%1 is not valid BCD").arg(key));
        values.push_back(*v);
    }
    return values;
}

QByteArray encodeDlt645Value(const Dlt645Item& item, qint64 scaled)
{
    return item.format == F::Signed ? signedToBcd(scaled, item.bytes)
                                    : unsignedToBcd(scaled, item.bytes);
}

QStringList dlt645ErrorNames(quint8 bits)
{
    static const char* const names[] = {
        QT_TRANSLATE_NOOP("md::protocol", "other error"),
        QT_TRANSLATE_NOOP("md::protocol", "no requested data"),
        QT_TRANSLATE_NOOP("md::protocol", "password wrong or not authorised"),
        QT_TRANSLATE_NOOP("md::protocol", "baud rate cannot be changed"),
        QT_TRANSLATE_NOOP("md::protocol", "too many yearly time zones"),
        QT_TRANSLATE_NOOP("md::protocol", "too many daily time slots"),
        QT_TRANSLATE_NOOP("md::protocol", "too many tariffs"),
        QT_TRANSLATE_NOOP("md::protocol", "reserved bit 7"),
    };
    QStringList out;
    for (int i = 0; i < 8; ++i)
        if (bits & (1 << i))
            out << tr(names[i]);
    return out;
}

std::vector<Value> dlt645StatusWord3(quint16 word)
{
    // Bit 4: relay state, bit 6: relay command state (0 closed/通, 1 open/断),
    // bit 7: pre-trip alarm, bits 8-9: meter type (00 not prepaid, 01 energy, 10 money).
    auto flag = [](const char* key, QString text) {
        return Value{QString::fromLatin1(key), std::move(text), QString(), std::nullopt, 0};
    };
    const QString closed = QStringLiteral("closed");
    const QString open = QStringLiteral("open");
    static const char* const types[] = {"not-prepaid", "prepaid-energy", "prepaid-money",
                                        "reserved"};
    return {
        flag("relay.state", (word & 0x10) ? open : closed),
        flag("relay.command", (word & 0x40) ? open : closed),
        flag("relay.pretrip_alarm", (word & 0x80) ? QStringLiteral("yes") : QStringLiteral("no")),
        flag("meter.type", QString::fromLatin1(types[(word >> 8) & 0x3])),
    };
}

QString dlt645DiText(quint32 di)
{
    return QStringLiteral("%1").arg(di, 8, 16, QLatin1Char('0')).toUpper();
}

} // namespace md::protocol
