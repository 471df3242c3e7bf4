#include "protocol/bcd.h"
#include "protocol/cjt188.h"
#include "protocol/frame_decoder.h"
#include "protocol/hex.h"

#include <QCoreApplication>

namespace md::protocol {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::protocol", text);
}
} // namespace

DecodedFrame describeCjt188(const FrameEvent& e)
{
    DecodedFrame d;
    d.protocol = QStringLiteral("cjt188");
    d.raw = toHex(e.bytes);
    QString problem = e.error;
    std::optional<Cjt188Frame> f;
    if (e.valid())
        f = parseCjt188Frame(e.bytes, &problem);
    if (!f) {
        d.error = problem;
        if (e.bytes.size() >= 10) {
            d.address = cjt188::addressDigits(e.bytes.mid(2, 7));
            d.control = hexByte(quint8(e.bytes[9]));
        }
        return d;
    }
    d.valid = true;
    d.direction = f->isResponse() ? Direction::Response : Direction::Request;
    d.address = cjt188::addressDigits(f->address);
    d.control = hexByte(f->control);
    d.meterType = cjt188::typeKey(f->meterType);
    const std::optional<Cjt188Di> di = cjt188Di(f->data);
    if (di) {
        d.di = QStringLiteral("%1").arg(di->di, 4, 16, QLatin1Char('0')).toUpper();
        if (di->swapped)
            d.notes << tr("DI bytes sent low byte first (%1 %2)")
                           .arg(hexByte(quint8(f->data[0])), hexByte(quint8(f->data[1])));
    }
    const QByteArrayView data = f->data;
    const QByteArrayView afterSer = data.size() >= 3 ? data.sliced(3) : QByteArrayView();
    if (data.size() >= 3)
        d.values.push_back(Value{QStringLiteral("seq"), QString::number(quint8(data[2])),
                                 QString(), quint8(data[2]), 0});
    if (f->isAbnormal()) {
        d.meaning = tr("abnormal answer");
        d.meterError = tr("the meter refused the request");
        if (data.size() >= 5)
            for (Value& v : cjt188Status(quint16(quint8(data[3]) | (quint8(data[4]) << 8))))
                d.values.push_back(std::move(v));
        return d;
    }
    const quint16 id = di ? di->di : 0;
    switch (f->function()) {
    case cjt188::kReadData:
        d.meaning = tr("read data");
        if (f->isResponse() && id == cjt188::kDiMeterData) {
            QString why;
            if (auto values = decodeCjt188MeterData(f->meterType, afterSer, &why)) {
                d.values.insert(d.values.end(), values->begin(), values->end());
            } else {
                d.valid = false;
                d.error = why;
            }
        } else if (f->isResponse() && !afterSer.isEmpty()) {
            d.values.push_back(Value{QStringLiteral("data"), toHex(afterSer), {}, {}, 0});
        }
        break;
    case cjt188::kReadAddress:
        d.meaning = tr("read address");
        if (f->isResponse())
            d.values.push_back(Value{QStringLiteral("address"), d.address, {}, {}, 0});
        break;
    case cjt188::kWriteData:
        d.meaning = id == cjt188::kDiValve ? tr("valve control") : tr("write data");
        if (id == cjt188::kDiValve && !f->isResponse() && afterSer.size() == 1) {
            const quint8 op = quint8(afterSer[0]);
            d.values.push_back(Value{QStringLiteral("valve.command"),
                                     op == cjt188::kValveOpen    ? QStringLiteral("open")
                                     : op == cjt188::kValveClose ? QStringLiteral("close")
                                                                 : hexByte(op),
                                     {}, {}, 0});
        } else if (f->isResponse() && afterSer.size() == 2) {
            for (Value& v : cjt188Status(quint16(quint8(afterSer[0]) | (quint8(afterSer[1]) << 8))))
                d.values.push_back(std::move(v));
        }
        break;
    default:
        d.meaning = tr("function %1").arg(hexByte(f->function()));
        if (!afterSer.isEmpty())
            d.values.push_back(Value{QStringLiteral("data"), toHex(afterSer), {}, {}, 0});
        break;
    }
    return d;
}

} // namespace md::protocol
