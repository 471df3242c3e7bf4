#include "protocol/hex.h"

#include <QCoreApplication>

namespace md::protocol {

namespace {
int hexDigit(QChar c)
{
    if (c >= u'0' && c <= u'9')
        return c.unicode() - u'0';
    if (c >= u'a' && c <= u'f')
        return c.unicode() - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c.unicode() - u'A' + 10;
    return -1;
}

bool isSeparator(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u':' || c == u'-'
           || c == u',';
}
} // namespace

std::optional<QByteArray> parseHex(QStringView text, QString* problem)
{
    QByteArray out;
    int pending = -1; // high nibble waiting for its low nibble
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (isSeparator(c)) {
            if (pending >= 0) { // "A B" is not the byte AB
                if (problem)
                    *problem = QCoreApplication::translate(
                        "md::protocol", "a single hex digit before position %1: every byte needs "
                                        "two digits")
                                   .arg(i + 1);
                return std::nullopt;
            }
            continue;
        }
        // "0x" prefix: only where a new byte starts.
        if (pending < 0 && c == u'0' && i + 1 < text.size()
            && (text[i + 1] == u'x' || text[i + 1] == u'X')) {
            ++i;
            continue;
        }
        const int d = hexDigit(c);
        if (d < 0) {
            if (problem)
                *problem = QCoreApplication::translate("md::protocol",
                                                       "'%1' at position %2 is not a hex digit")
                               .arg(c)
                               .arg(i + 1);
            return std::nullopt;
        }
        if (pending < 0) {
            pending = d;
        } else {
            out.append(char(quint8((pending << 4) | d)));
            pending = -1;
        }
    }
    if (pending >= 0) {
        if (problem)
            *problem = QCoreApplication::translate(
                "md::protocol", "odd number of hex digits: every byte needs two digits");
        return std::nullopt;
    }
    return out;
}

QString toHex(QByteArrayView bytes)
{
    QString s;
    s.reserve(bytes.size() * 3);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (i)
            s += u' ';
        s += hexByte(quint8(bytes[i]));
    }
    return s;
}

QString hexByte(quint8 b)
{
    static constexpr char16_t digits[] = u"0123456789ABCDEF";
    const QChar pair[2] = {QChar(digits[b >> 4]), QChar(digits[b & 0xF])};
    return QString(pair, 2);
}

} // namespace md::protocol
