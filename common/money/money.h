#pragma once

#include "money/rounding.h"

#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace md {

// An amount of money in whole fen (0.01 yuan). Arithmetic is checked: a result that does not
// fit in qint64 throws OverflowError instead of wrapping. There is no conversion from or to
// floating point on purpose.
class Money
{
public:
    constexpr Money() = default;
    static constexpr Money fromFen(qint64 fen) { return Money(fen); }
    // "12", "12.3", "-12.34": at most two decimals. std::nullopt for anything else.
    static std::optional<Money> parseYuan(QStringView text);

    constexpr qint64 fen() const { return m_fen; }
    QString toYuanString() const; // "-12.34"

    constexpr bool isZero() const { return m_fen == 0; }
    constexpr bool isNegative() const { return m_fen < 0; }
    constexpr bool isPositive() const { return m_fen > 0; }

    Money operator+(Money other) const;
    Money operator-(Money other) const;
    Money operator-() const;
    Money& operator+=(Money other) { return *this = *this + other; }
    Money& operator-=(Money other) { return *this = *this - other; }
    Money times(qint64 factor) const;

    // This amount × basisPoints / 10000, rounded once as named (service fees: 150 = 1.5 %).
    Money percentOf(qint64 basisPoints, Rounding rounding) const;

    constexpr auto operator<=>(const Money&) const = default;

private:
    constexpr explicit Money(qint64 fen)
        : m_fen(fen)
    {
    }
    qint64 m_fen = 0;
};

} // namespace md
