#pragma once

#include "money/ids.h"
#include "money/utility.h"

#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace md::storage {
class Database;
}

namespace md::report {

// One page of a meter's raw readings (the readings table, refused ones included) in time
// order: at_ms in [fromMs, toMs), after `afterMs` when paging on. Read only; uses the unique
// (meter_id, at_ms) index, so a page costs its own rows whatever the table's size.
struct MeterReadingsQuery
{
    MeterId meter;
    qint64 fromMs = 0;
    qint64 toMs = 0; // exclusive
    std::optional<qint64> afterMs; // the `next` of the previous page
    int limit = 2000;              // rows a page, 1..kMaxMeterReadingsPage (2,000: a 31-day month of half hours)
};

inline constexpr int kMaxMeterReadingsPage = 5000;

struct MeterReadingRow
{
    qint64 id = 0;
    qint64 atMs = 0;
    std::array<std::optional<qint64>, 5> registers; // total, sharp, peak, flat, valley (milli-units)
    QString switchState;
    std::optional<qint64> meterBalanceFen;
    std::optional<qint64> purchaseCount;
    qint64 flags = 0;
    QString reason;
    std::optional<qint64> txId;
};

struct MeterReadingsPage
{
    Unit unit = Unit::KilowattHour; // the meter's utility's unit
    QList<MeterReadingRow> rows;
    std::optional<qint64> next; // at_ms to pass as afterMs for the next page; empty on the last
};

// Empty when there is no such meter (removed meters keep their readings and are found).
std::optional<MeterReadingsPage> meterReadings(storage::Database& db, const MeterReadingsQuery& q);

} // namespace md::report
