#include "money/money.h"

#include "util/decimal.h"
#include "util/error.h"

#include <QCoreApplication>

namespace md {

namespace {
[[noreturn]] void overflow()
{
    throw OverflowError(QCoreApplication::translate("md::Money", "Amount out of range"));
}
} // namespace

std::optional<Money> Money::parseYuan(QStringView text)
{
    if (const auto fen = parseScaled(text, 2))
        return Money(*fen);
    return std::nullopt;
}

QString Money::toYuanString() const
{
    return formatScaled(m_fen, 2);
}

Money Money::operator+(Money other) const
{
    qint64 r;
    if (__builtin_add_overflow(m_fen, other.m_fen, &r))
        overflow();
    return Money(r);
}

Money Money::operator-(Money other) const
{
    qint64 r;
    if (__builtin_sub_overflow(m_fen, other.m_fen, &r))
        overflow();
    return Money(r);
}

Money Money::operator-() const
{
    return Money() - *this;
}

Money Money::times(qint64 factor) const
{
    qint64 r;
    if (__builtin_mul_overflow(m_fen, factor, &r))
        overflow();
    return Money(r);
}

Money Money::percentOf(qint64 basisPoints, Rounding rounding) const
{
    return Money(divideRounded(Int128(m_fen) * basisPoints, 10000, rounding));
}

} // namespace md
