#include "protocol/bcd.h"
#include "protocol/dlt645_codec.h"
#include "protocol/dlt645_data.h"
#include "protocol/frame_decoder.h"
#include "protocol/hex.h"

#include <QCoreApplication>

namespace md::protocol {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::protocol", text);
}

quint32 le(QByteArrayView b, int n)
{
    quint32 v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | quint8(b[i]);
    return v;
}

Value text(const char* key, QString value)
{
    return Value{QString::fromLatin1(key), std::move(value), QString(), std::nullopt, 0};
}

QString dateTimeText(QByteArrayView b) // ss mm hh DD MM YY
{
    return QStringLiteral("20%1-%2-%3 %4:%5:%6")
        .arg(hexByte(quint8(b[5])), hexByte(quint8(b[4])), hexByte(quint8(b[3])),
             hexByte(quint8(b[2])), hexByte(quint8(b[1])), hexByte(quint8(b[0])));
}

QString relayText(quint8 n1)
{
    switch (n1) {
    case 0x1A: return QStringLiteral("trip");
    case 0x1B: return QStringLiteral("close-permit");
    case 0x1C: return QStringLiteral("direct-close");
    case 0x2A: return QStringLiteral("alarm");
    case 0x2B: return QStringLiteral("alarm-release");
    case 0x3A: return QStringLiteral("force-on");
    case 0x3B: return QStringLiteral("force-on-release");
    default: return QStringLiteral("unknown-%1").arg(hexByte(n1));
    }
}

// Read answers (91 / 81): DI then the item's data.
void describeReadAnswer(DecodedFrame& d, const Dlt645Frame& f, bool is1997)
{
    const int diBytes = is1997 ? 2 : 4;
    if (f.data.size() < diBytes) {
        d.valid = false;
        d.error = tr("read answer shorter than its data identifier");
        return;
    }
    const quint32 di = le(f.data, diBytes);
    d.di = QStringLiteral("%1").arg(di, diBytes * 2, 16, QLatin1Char('0')).toUpper();
    const QByteArrayView payload = QByteArrayView(f.data).sliced(diBytes);
    if (f.isResponse() && payload.isEmpty())
        return;
    if (!f.isResponse())
        return; // a request: DI only (plus optional block counts)
    const Dlt645Item* item = is1997 ? findDlt645Item1997(quint16(di)) : findDlt645Item2007(di);
    if (!item) {
        d.notes << tr("data identifier not in our table: data shown as sent (BCD digits)");
        d.values.push_back(text("data", bcdDigits(payload)));
        return;
    }
    QString problem;
    if (auto values = decodeDlt645Payload(*item, payload, &problem)) {
        d.values = *values;
    } else {
        d.valid = false;
        d.error = problem;
    }
}
} // namespace

DecodedFrame describeDlt645(const FrameEvent& e, bool force1997)
{
    DecodedFrame d;
    d.raw = toHex(e.bytes);
    QString problem = e.error;
    std::optional<Dlt645Frame> f;
    if (e.valid())
        f = parseDlt645Frame(e.bytes, &problem);
    if (!f) {
        d.protocol = force1997 ? QStringLiteral("dlt645-1997") : QStringLiteral("dlt645-2007");
        d.error = problem;
        if (e.bytes.size() >= 9) {
            d.address = dlt645::addressDigits(e.bytes.mid(1, 6));
            d.control = hexByte(quint8(e.bytes[8]));
        }
        return d;
    }
    const quint8 fn = f->function();
    // 2007 functions are 08 and 11-1F; 1997 uses 01-10 (its 08 is the same broadcast time).
    const bool is1997 = force1997 || (fn < 0x11 && fn != dlt645::kBroadcastTime);
    d.protocol = is1997 ? QStringLiteral("dlt645-1997") : QStringLiteral("dlt645-2007");
    d.valid = true;
    d.direction = f->isResponse() ? Direction::Response : Direction::Request;
    d.address = dlt645::addressDigits(f->address);
    d.control = hexByte(f->control);
    if (f->hasFollowUp())
        d.notes << tr("more frames follow (D5 set)");
    if (f->isAbnormal()) {
        d.meaning = tr("abnormal answer");
        if (!f->data.isEmpty()) {
            d.meterError = dlt645ErrorNames(quint8(f->data[0])).join(QStringLiteral("; "));
            d.values.push_back(text("error_bits", hexByte(quint8(f->data[0]))));
        }
        return d;
    }
    const QByteArrayView data = f->data;
    switch (is1997 ? fn | 0x100 : fn) {
    case 0x100 | dlt645::kRead1997:
    case dlt645::kRead:
        d.meaning = tr("read data");
        describeReadAnswer(d, *f, is1997);
        break;
    case dlt645::kReadAddress:
        d.meaning = tr("read address");
        if (f->isResponse() && data.size() == 6)
            d.values.push_back(text("address", bcdDigits(data)));
        break;
    case dlt645::kBroadcastTime:
        d.meaning = tr("broadcast time");
        if (data.size() == 6)
            d.values.push_back(text("time", dateTimeText(data)));
        break;
    case dlt645::kWrite:
        d.meaning = tr("write data");
        if (!f->isResponse() && data.size() >= 12) {
            d.di = QStringLiteral("%1").arg(le(data, 4), 8, 16, QLatin1Char('0')).toUpper();
            d.values.push_back(text("password_level", hexByte(quint8(data[4]))));
            d.values.push_back(text("operator", bcdDigits(data.sliced(8, 4))));
            d.values.push_back(text("data", toHex(data.sliced(12))));
        }
        break;
    case dlt645::kRelay:
        d.meaning = tr("relay control");
        if (!f->isResponse()) {
            if (data.size() != 16) {
                d.valid = false;
                d.error = tr("relay command needs 16 data bytes, frame has %1").arg(data.size());
                break;
            }
            d.values.push_back(text("action", relayText(quint8(data[8]))));
            d.values.push_back(text("password_level", hexByte(quint8(data[0]))));
            d.values.push_back(text("operator", bcdDigits(data.sliced(4, 4))));
            d.values.push_back(text("valid_until", dateTimeText(data.sliced(10, 6))));
        }
        break;
    default:
        d.meaning = tr("function %1").arg(hexByte(fn));
        if (!data.isEmpty())
            d.values.push_back(text("data", toHex(data)));
        break;
    }
    return d;
}

} // namespace md::protocol
