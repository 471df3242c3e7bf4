#include "protocol/cjt188.h"

#include "protocol/bcd.h"
#include "protocol/hex.h"
#include "util/decimal.h"

#include <QCoreApplication>

namespace md::protocol {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::protocol", text);
}

constexpr qsizetype kHeader = 11; // 68 T A0..A6 C L

QByteArray diBytes(quint16 di, Cjt188DiOrder order)
{
    QByteArray b;
    const char hi = char(di >> 8), lo = char(di & 0xFF);
    b.append(order == Cjt188DiOrder::HighFirst ? hi : lo);
    b.append(order == Cjt188DiOrder::HighFirst ? lo : hi);
    return b;
}

QByteArray statusBytes(quint16 status)
{
    QByteArray b;
    b.append(char(status & 0xFF));
    b.append(char(status >> 8));
    return b;
}

// The unit byte after each CJ/T 188 quantity.
QString unitName(quint8 code)
{
    switch (code) {
    case 0x01: return QStringLiteral("J");
    case 0x02: return QStringLiteral("Wh");
    case 0x05: return QStringLiteral("kWh");
    case 0x08: return QStringLiteral("MWh");
    case 0x0A: return QStringLiteral("MWh×100");
    case 0x0B: return QStringLiteral("kJ");
    case 0x0E: return QStringLiteral("MJ");
    case 0x11: return QStringLiteral("GJ");
    case 0x13: return QStringLiteral("GJ×100");
    case 0x14: return QStringLiteral("W");
    case 0x17: return QStringLiteral("kW");
    case 0x1A: return QStringLiteral("MW");
    case 0x29: return QStringLiteral("L");
    case 0x2C: return QStringLiteral("m³");
    case 0x32: return QStringLiteral("L/h");
    case 0x35: return QStringLiteral("m³/h");
    default: return QStringLiteral("unit-%1").arg(hexByte(code));
    }
}

// A cursor over the data that fails softly: every read after a failure returns nothing.
struct Reader
{
    QByteArrayView data;
    qsizetype at = 0;
    bool ok = true;

    QByteArrayView take(qsizetype n)
    {
        if (!ok || at + n > data.size()) {
            ok = false;
            return {};
        }
        const QByteArrayView v = data.sliced(at, n);
        at += n;
        return v;
    }
    void number(std::vector<Value>& out, const char* key, int bytes, int decimals,
                bool withUnit, QString fixedUnit = {})
    {
        const QByteArrayView b = take(bytes);
        QString unit = fixedUnit;
        if (withUnit) {
            const QByteArrayView u = take(1);
            if (ok)
                unit = unitName(quint8(u[0]));
        }
        if (!ok)
            return;
        const std::optional<qint64> n = bcdToUnsigned(b);
        if (!n) {
            ok = false;
            return;
        }
        out.push_back(Value{QString::fromLatin1(key), formatScaled(*n, decimals), unit, n,
                            decimals});
    }
    void dateTime(std::vector<Value>& out)
    {
        const QByteArrayView b = take(7); // ss mm hh DD MM YY(low) YY(high)
        if (!ok)
            return;
        QString digits[7];
        for (int i = 0; i < 7; ++i)
            digits[i] = hexByte(quint8(b[i]));
        out.push_back(Value{QStringLiteral("time"),
                            QStringLiteral("%1%2-%3-%4 %5:%6:%7")
                                .arg(digits[6], digits[5], digits[4], digits[3], digits[2],
                                     digits[1], digits[0]),
                            QString(), std::nullopt, 0});
    }
    void status(std::vector<Value>& out)
    {
        const QByteArrayView b = take(2);
        if (!ok)
            return;
        for (Value& v : cjt188Status(quint16(quint8(b[0]) | (quint8(b[1]) << 8))))
            out.push_back(std::move(v));
    }
};
} // namespace

bool cjt188::isKnownType(quint8 t)
{
    return (t >= 0x10 && t <= 0x19) || (t >= 0x20 && t <= 0x29) || (t >= 0x30 && t <= 0x49)
           || t == kAnyType;
}

QString cjt188::typeKey(quint8 t)
{
    switch (t) {
    case kColdWater: return QStringLiteral("cold-water");
    case kHotWater: return QStringLiteral("hot-water");
    case 0x12: return QStringLiteral("drinking-water");
    case 0x13: return QStringLiteral("reclaimed-water");
    case kHeat: return QStringLiteral("heat");
    case kCooling: return QStringLiteral("cooling");
    case kGas: return QStringLiteral("gas");
    case 0x40: return QStringLiteral("electricity");
    case kAnyType: return QStringLiteral("any");
    default: return QStringLiteral("type-%1").arg(hexByte(t));
    }
}

QByteArray cjt188::addressFromDigits(QStringView digits)
{
    return bcdAddressFromDigits(digits, 7);
}

QString cjt188::addressDigits(const QByteArray& wire)
{
    return bcdDigits(wire);
}

quint8 cjt188Checksum(QByteArrayView bytes)
{
    return byteSumChecksum(bytes);
}

QByteArray encodeCjt188(const Cjt188Frame& f, int wakeBytes)
{
    QByteArray b(wakeBytes, char(0xFE));
    const qsizetype start = b.size();
    b.append(char(cjt188::kStart));
    b.append(char(f.meterType));
    b.append(f.address.left(7).leftJustified(7, '\0'));
    b.append(char(f.control));
    b.append(char(f.data.size()));
    b.append(f.data);
    b.append(char(cjt188Checksum(QByteArrayView(b).sliced(start))));
    b.append(char(cjt188::kEnd));
    return b;
}

std::optional<Cjt188Frame> parseCjt188Frame(QByteArrayView b, QString* problem)
{
    auto fail = [&](QString why) -> std::optional<Cjt188Frame> {
        if (problem)
            *problem = std::move(why);
        return std::nullopt;
    };
    if (b.size() < kHeader + 2)
        return fail(tr("frame too short for CJ/T 188 (at least 13 bytes)"));
    if (quint8(b[0]) != cjt188::kStart)
        return fail(tr("start byte is not 68"));
    const qsizetype len = quint8(b[10]);
    if (len > cjt188::kMaxData)
        return fail(tr("length byte %1 is above the standard's limit of 100").arg(len));
    if (b.size() != kHeader + len + 2)
        return fail(tr("length byte says %1 data bytes, frame has %2")
                        .arg(len)
                        .arg(b.size() - kHeader - 2));
    const quint8 cs = cjt188Checksum(b.first(kHeader + len));
    if (quint8(b[kHeader + len]) != cs)
        return fail(tr("checksum mismatch: computed %1, frame has %2")
                        .arg(hexByte(cs), hexByte(quint8(b[kHeader + len]))));
    if (quint8(b[kHeader + len + 1]) != cjt188::kEnd)
        return fail(tr("end byte is %1, not 16").arg(hexByte(quint8(b[kHeader + len + 1]))));
    return Cjt188Frame{quint8(b[1]), b.sliced(2, 7).toByteArray(), quint8(b[9]),
                       b.sliced(kHeader, len).toByteArray()};
}

QByteArray buildCjt188Read(quint8 type, const QByteArray& address, quint8 seq,
                           const Cjt188MeterOptions& o)
{
    return encodeCjt188({type, address, cjt188::kReadData,
                         diBytes(cjt188::kDiMeterData, o.diOrder) + char(seq)},
                        o.wakeBytes);
}

QByteArray buildCjt188ReadAddress(quint8 seq, const Cjt188MeterOptions& o)
{
    return encodeCjt188({cjt188::kAnyType, cjt188::kWildcardAddress, cjt188::kReadAddress,
                         diBytes(cjt188::kDiReadAddress, o.diOrder) + char(seq)},
                        o.wakeBytes);
}

QByteArray buildCjt188Valve(quint8 type, const QByteArray& address, bool open, quint8 seq,
                            const Cjt188MeterOptions& o)
{
    QByteArray data = diBytes(cjt188::kDiValve, o.diOrder);
    data.append(char(seq));
    data.append(char(open ? cjt188::kValveOpen : cjt188::kValveClose));
    return encodeCjt188({type, address, cjt188::kWriteData, data}, o.wakeBytes);
}

QByteArray buildCjt188WaterResponse(quint8 type, const QByteArray& address, quint8 seq,
                                    const Cjt188WaterReading& r, const Cjt188MeterOptions& o)
{
    QByteArray data = diBytes(cjt188::kDiMeterData, o.diOrder);
    data.append(char(seq));
    data.append(unsignedToBcd(r.currentCentiM3, 4)).append(char(0x2C));
    data.append(unsignedToBcd(r.settlementCentiM3, 4)).append(char(0x2C));
    const QDate d = r.meterTime.date();
    const QTime t = r.meterTime.time();
    for (int v : {t.second(), t.minute(), t.hour(), d.day(), d.month(), d.year() % 100,
                  d.year() / 100})
        data.append(unsignedToBcd(v, 1));
    data.append(statusBytes(r.status));
    return encodeCjt188({type, address, cjt188::kReadData | 0x80, data}, o.wakeBytes);
}

QByteArray buildCjt188ValveResponse(quint8 type, const QByteArray& address, quint8 seq,
                                    quint16 status, const Cjt188MeterOptions& o)
{
    QByteArray data = diBytes(cjt188::kDiValve, o.diOrder);
    data.append(char(seq));
    data.append(statusBytes(status));
    return encodeCjt188({type, address, cjt188::kWriteData | 0x80, data}, o.wakeBytes);
}

std::optional<Cjt188Di> cjt188Di(QByteArrayView data)
{
    if (data.size() < 2)
        return std::nullopt;
    const quint16 asSent = quint16((quint8(data[0]) << 8) | quint8(data[1]));
    const quint16 swapped = quint16((quint8(data[1]) << 8) | quint8(data[0]));
    for (quint16 known : {cjt188::kDiMeterData, cjt188::kDiReadAddress, cjt188::kDiValve}) {
        if (asSent == known)
            return Cjt188Di{known, false};
        if (swapped == known)
            return Cjt188Di{known, true};
    }
    return Cjt188Di{asSent, false};
}

std::optional<std::vector<Value>> decodeCjt188MeterData(quint8 type, QByteArrayView afterSer,
                                                        QString* problem)
{
    std::vector<Value> out;
    Reader r{afterSer};
    if (type == cjt188::kHeat || type == cjt188::kCooling) {
        r.number(out, "heat.settlement", 4, 2, true);
        r.number(out, "heat.current", 4, 2, true);
        r.number(out, "power.heat", 4, 2, true);
        r.number(out, "flow_rate", 4, 4, true);
        r.number(out, "volume.total", 4, 2, true);
        r.number(out, "temperature.supply", 3, 2, false, QStringLiteral("°C"));
        r.number(out, "temperature.return", 3, 2, false, QStringLiteral("°C"));
        r.number(out, "working_hours", 3, 0, false, QStringLiteral("h"));
    } else { // water and gas share the layout
        r.number(out, "volume.total", 4, 2, true);
        r.number(out, "volume.settlement", 4, 2, true);
    }
    r.dateTime(out);
    r.status(out);
    if (!r.ok || r.at != afterSer.size()) {
        if (problem)
            *problem = tr("meter data of %1 bytes does not fit the %2 layout")
                           .arg(afterSer.size())
                           .arg(cjt188::typeKey(type));
        return std::nullopt;
    }
    return out;
}

std::vector<Value> cjt188Status(quint16 status)
{
    static const char* const valve[] = {"open", "closed", "reserved", "fault"};
    auto v = [](const char* key, QString text) {
        return Value{QString::fromLatin1(key), std::move(text), QString(), std::nullopt, 0};
    };
    return {
        v("status", QStringLiteral("%1%2").arg(hexByte(quint8(status & 0xFF)),
                                              hexByte(quint8(status >> 8)))),
        v("valve", QString::fromLatin1(valve[status & 0x3])),
        v("battery", (status & 0x4) ? QStringLiteral("low") : QStringLiteral("ok")),
    };
}

Cjt188Parser::Step Cjt188Parser::step(bool atEnd, std::vector<FrameEvent>& out)
{
    const QByteArray& b = buffer();
    if (quint8(b[0]) != cjt188::kStart)
        return Step::Skip;
    if (b.size() < 2)
        return atEnd ? Step::Skip : Step::NeedMore; // one last byte is noise
    if (!cjt188::isKnownType(quint8(b[1])))
        return Step::Skip; // no second start byte in CJ/T 188: the type is our sanity check
    if (b.size() < kHeader)
        return Step::NeedMore;
    const qsizetype len = quint8(b[10]);
    if (len > cjt188::kMaxData)
        return Step::Skip;
    const qsizetype total = kHeader + len + 2;
    if (b.size() < total)
        return Step::NeedMore;
    QString why;
    if (parseCjt188Frame(QByteArrayView(b).first(total), &why)) {
        emitFrame(total, out);
        return Step::Emitted;
    }
    if (quiet())
        return Step::Skip;
    emitRejected(total, why, out);
    return Step::Emitted;
}

} // namespace md::protocol
