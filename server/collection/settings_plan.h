#pragma once

#include "collection/bus_settings.h"
#include "collection/meter_registry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QStringList>
#include <QString>

namespace md::storage {
class Database;
}

namespace md::collection {

// 设置下发: what one meter is sent — its wallet's alarm 1 threshold, the price of its flat tariff
// in force today, its overload limit (registry option "overload_w") — as far as its protocol and
// map keep them: a Modbus map's writable registers; on DL/T 645 the overload limit for every
// meter, prices and the alarm amount for 费控 meters that keep their own balance.
struct SettingsPlan
{
    QList<SettingValue> values;
    QString problem;     // translated; why nothing is sent (values empty)
    QStringList skipped; // translated; why a setting the meter keeps is not sent (a tiered tariff)
};

class SettingsPlanner
{
    Q_DECLARE_TR_FUNCTIONS(md::collection::SettingsPlanner)
public:
    // Reads the account's settings and tariff in the caller's transaction, if any.
    static SettingsPlan plan(storage::Database& db, const MeterRecord& meter, const QDateTime& nowUtc);
};

} // namespace md::collection
