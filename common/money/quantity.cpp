#include "money/quantity.h"

#include "util/decimal.h"
#include "util/error.h"

#include <QCoreApplication>

namespace md {

namespace {
void requireSameUnit(Unit a, Unit b)
{
    if (a != b)
        throw Error(QCoreApplication::translate("md::Quantity", "Quantities in %1 and %2 cannot be combined")
                        .arg(unitSymbol(a), unitSymbol(b)));
}
[[noreturn]] void overflow()
{
    throw OverflowError(QCoreApplication::translate("md::Quantity", "Quantity out of range"));
}
} // namespace

std::optional<Quantity> Quantity::parse(QStringView text, Unit unit)
{
    if (const auto milli = parseScaled(text, 3))
        return Quantity(*milli, unit);
    return std::nullopt;
}

QString Quantity::toString() const
{
    return formatScaled(m_milli, 3);
}

QString Quantity::toStringWithUnit() const
{
    return toString() + u' ' + unitSymbol(m_unit);
}

Quantity Quantity::operator+(Quantity other) const
{
    requireSameUnit(m_unit, other.m_unit);
    qint64 r;
    if (__builtin_add_overflow(m_milli, other.m_milli, &r))
        overflow();
    return Quantity(r, m_unit);
}

Quantity Quantity::operator-(Quantity other) const
{
    requireSameUnit(m_unit, other.m_unit);
    qint64 r;
    if (__builtin_sub_overflow(m_milli, other.m_milli, &r))
        overflow();
    return Quantity(r, m_unit);
}

std::strong_ordering Quantity::operator<=>(const Quantity& other) const
{
    requireSameUnit(m_unit, other.m_unit);
    return m_milli <=> other.m_milli;
}

} // namespace md
