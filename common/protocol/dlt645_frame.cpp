#include "protocol/dlt645_frame.h"

#include "protocol/bcd.h"
#include "protocol/hex.h"

#include <QCoreApplication>

namespace md::protocol {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::protocol", text);
}
constexpr qsizetype kHeader = 10; // 68 A0..A5 68 C L
} // namespace

QByteArray dlt645::addressFromDigits(QStringView digits)
{
    return bcdAddressFromDigits(digits, 6);
}

QString dlt645::addressDigits(const QByteArray& wire)
{
    return bcdDigits(wire);
}

quint8 dlt645Checksum(QByteArrayView bytes)
{
    return byteSumChecksum(bytes);
}

QByteArray encodeDlt645(const Dlt645Frame& frame, int wakeBytes)
{
    QByteArray b(wakeBytes, char(dlt645::kWake));
    const qsizetype start = b.size();
    b.append(char(dlt645::kStart));
    b.append(frame.address.left(6).leftJustified(6, '\0'));
    b.append(char(dlt645::kStart));
    b.append(char(frame.control));
    b.append(char(frame.data.size()));
    for (char c : frame.data)
        b.append(char(quint8(quint8(c) + dlt645::kOffset)));
    b.append(char(dlt645Checksum(QByteArrayView(b).sliced(start))));
    b.append(char(dlt645::kEnd));
    return b;
}

std::optional<Dlt645Frame> parseDlt645Frame(QByteArrayView b, QString* problem)
{
    auto fail = [&](QString why) -> std::optional<Dlt645Frame> {
        if (problem)
            *problem = std::move(why);
        return std::nullopt;
    };
    if (b.size() < kHeader + 2)
        return fail(tr("frame too short for DL/T 645 (at least 12 bytes)"));
    if (quint8(b[0]) != dlt645::kStart || quint8(b[7]) != dlt645::kStart)
        return fail(tr("start bytes are not 68 at positions 1 and 8"));
    const qsizetype len = quint8(b[9]);
    if (b.size() != kHeader + len + 2)
        return fail(tr("length byte says %1 data bytes, frame has %2")
                        .arg(len)
                        .arg(b.size() - kHeader - 2));
    const quint8 cs = dlt645Checksum(b.first(kHeader + len));
    if (quint8(b[kHeader + len]) != cs)
        return fail(tr("checksum mismatch: computed %1, frame has %2")
                        .arg(hexByte(cs), hexByte(quint8(b[kHeader + len]))));
    if (quint8(b[kHeader + len + 1]) != dlt645::kEnd)
        return fail(tr("end byte is %1, not 16").arg(hexByte(quint8(b[kHeader + len + 1]))));
    Dlt645Frame f;
    f.address = b.sliced(1, 6).toByteArray();
    f.control = quint8(b[8]);
    f.data.reserve(len);
    for (qsizetype i = 0; i < len; ++i)
        f.data.append(char(quint8(quint8(b[kHeader + i]) - dlt645::kOffset)));
    return f;
}

Dlt645Parser::Step Dlt645Parser::step(bool, std::vector<FrameEvent>& out)
{
    const QByteArray& b = buffer();
    if (quint8(b[0]) != dlt645::kStart)
        return Step::Skip; // wake-up FE bytes and noise
    if (b.size() < kHeader)
        return Step::NeedMore;
    if (quint8(b[7]) != dlt645::kStart)
        return Step::Skip; // a 68 in noise or inside an address, not a frame start
    const qsizetype total = kHeader + quint8(b[9]) + 2;
    if (b.size() < total)
        return Step::NeedMore;
    QString why;
    if (parseDlt645Frame(QByteArrayView(b).first(total), &why)) {
        emitFrame(total, out);
        return Step::Emitted;
    }
    if (quiet())
        return Step::Skip;
    emitRejected(total, why, out);
    return Step::Emitted;
}

} // namespace md::protocol
