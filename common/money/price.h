#pragma once

#include "money/money.h"
#include "money/quantity.h"

#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace md {

// A unit price in ten-thousandths of a yuan per unit (0.4883 yuan/kWh = 4883).
class Price
{
public:
    constexpr Price() = default;
    static constexpr Price fromTenThousandths(qint64 v) { return Price(v); }
    // "0.4883", "5": at most four decimals. std::nullopt for anything else.
    static std::optional<Price> parseYuan(QStringView text);

    constexpr qint64 tenThousandths() const { return m_value; }
    QString toYuanString() const; // "0.4883"

    constexpr auto operator<=>(const Price&) const = default;

private:
    constexpr explicit Price(qint64 v)
        : m_value(v)
    {
    }
    qint64 m_value = 0;
};

// quantity × price in fen, rounded once as named. The exact product is in 1e-5 fen and is
// computed in 128 bits, so no intermediate can overflow; a result beyond qint64 fen throws.
Money charge(Quantity quantity, Price price, Rounding rounding);

} // namespace md
