#pragma once

#include "money/utility.h"

#include <QString>
#include <QStringView>

#include <compare>
#include <optional>

namespace md {

// An amount of energy or water in thousandths of its unit (Wh for kWh, litres for m³).
// Quantities of different units never mix: adding kWh to m³ throws.
class Quantity
{
public:
    constexpr Quantity() = default;
    static constexpr Quantity fromMilli(qint64 milli, Unit unit) { return Quantity(milli, unit); }
    // "123", "123.456": at most three decimals. std::nullopt for anything else.
    static std::optional<Quantity> parse(QStringView text, Unit unit);

    constexpr qint64 milli() const { return m_milli; }
    constexpr Unit unit() const { return m_unit; }
    QString toString() const;         // "123.456"
    QString toStringWithUnit() const; // "123.456 kWh"

    constexpr bool isZero() const { return m_milli == 0; }
    constexpr bool isNegative() const { return m_milli < 0; }

    Quantity operator+(Quantity other) const;
    Quantity operator-(Quantity other) const;
    Quantity& operator+=(Quantity other) { return *this = *this + other; }
    Quantity& operator-=(Quantity other) { return *this = *this - other; }

    // Equal only when value and unit are equal; ordering across units is a programming error.
    constexpr bool operator==(const Quantity&) const = default;
    std::strong_ordering operator<=>(const Quantity& other) const;

private:
    constexpr Quantity(qint64 milli, Unit unit)
        : m_milli(milli)
        , m_unit(unit)
    {
    }
    qint64 m_milli = 0;
    Unit m_unit = Unit::KilowattHour;
};

} // namespace md
