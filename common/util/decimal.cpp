#include "util/decimal.h"

#include <algorithm>
#include <limits>

namespace md {

std::optional<qint64> parseScaled(QStringView text, int decimals)
{
    text = text.trimmed();
    bool negative = false;
    if (!text.isEmpty() && (text.front() == u'-' || text.front() == u'+')) {
        negative = text.front() == u'-';
        text = text.mid(1);
    }
    if (text.isEmpty())
        return std::nullopt;

    // Accumulate as a negative number so that the minimum value parses too.
    qint64 acc = 0;
    int fractionDigits = -1; // -1: no decimal point seen yet
    bool anyDigit = false;
    for (QChar c : text) {
        if (c == u'.') {
            if (fractionDigits >= 0)
                return std::nullopt;
            fractionDigits = 0;
            continue;
        }
        if (c < u'0' || c > u'9')
            return std::nullopt;
        if (fractionDigits >= 0 && ++fractionDigits > decimals)
            return std::nullopt;
        anyDigit = true;
        const int digit = c.unicode() - u'0';
        if (__builtin_mul_overflow(acc, qint64(10), &acc) || __builtin_sub_overflow(acc, digit, &acc))
            return std::nullopt;
    }
    if (!anyDigit || fractionDigits == 0) // "." or "12." are not amounts a person typed on purpose
        return std::nullopt;
    for (int i = std::max(fractionDigits, 0); i < decimals; ++i) {
        if (__builtin_mul_overflow(acc, qint64(10), &acc))
            return std::nullopt;
    }
    if (negative)
        return acc;
    if (acc == std::numeric_limits<qint64>::min())
        return std::nullopt;
    return -acc;
}

QString formatScaled(qint64 value, int decimals)
{
    // Work on the magnitude as unsigned so that the minimum value formats too.
    const bool negative = value < 0;
    quint64 magnitude = negative ? 0u - quint64(value) : quint64(value);
    quint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    QString text = QString::number(magnitude / scale);
    if (decimals > 0) {
        text += u'.';
        text += QString::number(magnitude % scale).rightJustified(decimals, u'0');
    }
    if (negative)
        text.prepend(u'-');
    return text;
}

} // namespace md
