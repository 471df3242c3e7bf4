#include "protocol/bcd.h"

#include "protocol/hex.h"

namespace md::protocol {

namespace {
std::optional<qint64> digitsOf(QByteArrayView lowFirst, quint8 topMask)
{
    if (lowFirst.size() > 9)
        return std::nullopt;
    qint64 v = 0;
    for (qsizetype i = lowFirst.size() - 1; i >= 0; --i) {
        quint8 b = quint8(lowFirst[i]);
        if (i == lowFirst.size() - 1)
            b &= topMask;
        const int hi = b >> 4;
        const int lo = b & 0xF;
        if (hi > 9 || lo > 9)
            return std::nullopt;
        v = v * 100 + hi * 10 + lo;
    }
    return v;
}
} // namespace

std::optional<qint64> bcdToUnsigned(QByteArrayView lowFirst)
{
    return digitsOf(lowFirst, 0xFF);
}

std::optional<qint64> bcdToSigned(QByteArrayView lowFirst)
{
    if (lowFirst.isEmpty())
        return std::nullopt;
    const bool negative = (quint8(lowFirst.back()) & 0x80) != 0;
    const std::optional<qint64> v = digitsOf(lowFirst, 0x7F);
    if (!v)
        return std::nullopt;
    return negative ? -*v : *v;
}

QByteArray unsignedToBcd(qint64 value, int bytes)
{
    if (value < 0)
        return {};
    QByteArray out(bytes, '\0');
    for (int i = 0; i < bytes; ++i) {
        const int lo = int(value % 10);
        value /= 10;
        const int hi = int(value % 10);
        value /= 10;
        out[i] = char(quint8((hi << 4) | lo));
    }
    return value == 0 ? out : QByteArray();
}

QByteArray signedToBcd(qint64 value, int bytes)
{
    const bool negative = value < 0;
    QByteArray out = unsignedToBcd(negative ? -value : value, bytes);
    if (out.isEmpty() || (quint8(out.back()) & 0x80))
        return {}; // the top digit would collide with the sign bit
    if (negative)
        out[bytes - 1] = char(quint8(out[bytes - 1]) | 0x80);
    return out;
}

QString bcdDigits(QByteArrayView lowFirst)
{
    QString s;
    for (qsizetype i = lowFirst.size() - 1; i >= 0; --i)
        s += hexByte(quint8(lowFirst[i]));
    return s;
}

QByteArray bcdAddressFromDigits(QStringView digits, int bytes)
{
    // Nameplate digits are written most significant first; the wire wants the low byte first.
    if (digits.size() != 2 * bytes)
        return {};
    QByteArray out(bytes, '\0');
    for (int i = 0; i < 2 * bytes; ++i) {
        const QChar c = digits[i];
        int d;
        if (c >= u'0' && c <= u'9')
            d = c.unicode() - u'0';
        else if (c == u'A' || c == u'a')
            d = 0xA;
        else
            return {};
        const int byteIndex = bytes - 1 - i / 2;
        out[byteIndex] = char(quint8(out[byteIndex]) | (i % 2 == 0 ? d << 4 : d));
    }
    return out;
}

quint8 byteSumChecksum(QByteArrayView bytes)
{
    unsigned sum = 0;
    for (char c : bytes)
        sum += quint8(c);
    return quint8(sum & 0xFF);
}

} // namespace md::protocol
