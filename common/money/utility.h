#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace md {

// What a meter measures and a wallet pays for (水/电/热).
enum class Utility { Electricity, Water, Heat };

// The unit a Quantity counts in thousandths of.
enum class Unit { KilowattHour, CubicMetre, Gigajoule };

inline constexpr Utility kAllUtilities[] = {Utility::Electricity, Utility::Water, Utility::Heat};

QString utilityKey(Utility u);                     // "electricity" (files, database, API)
std::optional<Utility> parseUtility(QStringView key); // inverse of utilityKey
QString utilityName(Utility u);                    // translated: 电 / 水 / 热

QString unitSymbol(Unit u);                        // "kWh", "m³", "GJ"
QString unitKey(Unit u);                           // "kWh", "m3", "GJ" (files, database)
std::optional<Unit> parseUnit(QStringView key);    // accepts "kWh", "m3", "m³", "GJ"
Unit defaultUnit(Utility u);

} // namespace md
