#include "money/utility.h"

#include <QCoreApplication>

namespace md {

QString utilityKey(Utility u)
{
    switch (u) {
    case Utility::Electricity:
        return QStringLiteral("electricity");
    case Utility::Water:
        return QStringLiteral("water");
    case Utility::Heat:
        return QStringLiteral("heat");
    }
    Q_UNREACHABLE();
}

std::optional<Utility> parseUtility(QStringView key)
{
    for (Utility u : kAllUtilities) {
        if (key.compare(utilityKey(u), Qt::CaseInsensitive) == 0)
            return u;
    }
    return std::nullopt;
}

QString utilityName(Utility u)
{
    switch (u) {
    case Utility::Electricity:
        return QCoreApplication::translate("md::Utility", "electricity");
    case Utility::Water:
        return QCoreApplication::translate("md::Utility", "water");
    case Utility::Heat:
        return QCoreApplication::translate("md::Utility", "heat");
    }
    Q_UNREACHABLE();
}

QString unitSymbol(Unit u)
{
    switch (u) {
    case Unit::KilowattHour:
        return QStringLiteral("kWh");
    case Unit::CubicMetre:
        return QStringLiteral("m³");
    case Unit::Gigajoule:
        return QStringLiteral("GJ");
    }
    Q_UNREACHABLE();
}

QString unitKey(Unit u)
{
    return u == Unit::CubicMetre ? QStringLiteral("m3") : unitSymbol(u);
}

std::optional<Unit> parseUnit(QStringView key)
{
    if (key.compare(u"kWh", Qt::CaseInsensitive) == 0)
        return Unit::KilowattHour;
    if (key.compare(u"m3", Qt::CaseInsensitive) == 0 || key == u"m³")
        return Unit::CubicMetre;
    if (key.compare(u"GJ", Qt::CaseInsensitive) == 0)
        return Unit::Gigajoule;
    return std::nullopt;
}

Unit defaultUnit(Utility u)
{
    switch (u) {
    case Utility::Electricity:
    case Utility::Heat:
        return Unit::KilowattHour;
    case Utility::Water:
        return Unit::CubicMetre;
    }
    Q_UNREACHABLE();
}

} // namespace md
