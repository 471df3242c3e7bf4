#pragma once

#include "money/utility.h"
#include "report/report_period.h"
#include "report/report_table.h"

#include <optional>

namespace md::storage {
class Database;
}

namespace md::report {

// What a consumption row stands for.
enum class ConsumptionGroup { Meter, Room, Building, Utility };
std::optional<ConsumptionGroup> parseConsumptionGroup(QStringView key); // "meter", "room", "building", "utility"
QString consumptionGroupKey(ConsumptionGroup g);

struct ConsumptionQuery
{
    QDate from; // office days, inclusive: the rollup's days (meter_daily.day, office time zone)
    QDate to;
    Granularity granularity = Granularity::Month;
    ConsumptionGroup group = ConsumptionGroup::Meter;
    std::optional<Utility> utility; // only this utility's meters
};

// Consumption (用量) per group and period from the rollups, never from raw readings: the
// period's whole months from meter_monthly and its other days from meter_daily (by day: days
// only; report/rollup_span.h), so a year of a thousand meters is a GROUP BY over ~12,000 rows
// (and at most ~60 day rows a meter). Columns:
// period, the group's columns (meter: meter, nameplate, room; room: room, room_name,
// building_name; building: building, building_name), utility, total, sharp, peak, flat,
// valley (quantities, milli-units: Wh or litres; TOU segments are 0 for meters without them),
// readings. A meter without a room is in the room/building "" group. The totals row adds the
// quantities only when one utility is asked for (kWh and m3 do not add up); the summary has
// each utility's total either way: total_electricity, total_water, total_heat. Key
// "consumption".
ReportTable consumptionReport(storage::Database& db, const ConsumptionQuery& q);

// One group's consumption over a period: (group key, utility) -> total milli-units. The
// group key is the group's id (meter, room, building; 0 for none) or 0 for by-utility.
struct GroupValue
{
    QString label;
    qint64 value = 0;
};
QMap<std::pair<qint64, QString>, GroupValue> consumptionTotals(storage::Database& db, const QDate& from,
                                                               const QDate& to, ConsumptionGroup group,
                                                               std::optional<Utility> utility);

// The percent change from `before` to `now` as exact decimal text with two places ("12.35",
// "-100.00"), rounded half away from zero in integer basis points; empty when before is 0.
QString percentChange(qint64 before, qint64 now);

enum class CompareFigure { Consumption, Sales };
struct CompareQuery
{
    ReportPeriod period; // the current period
    CompareFigure figure = CompareFigure::Consumption;
    ConsumptionGroup group = ConsumptionGroup::Utility; // consumption only
    std::optional<Utility> utility;                     // consumption only
};

// The period before (环比): the same number of whole months before when the period is whole
// months, else the same number of days just before. The same period a year before (同比).
ReportPeriod previousPeriod(const ReportPeriod& p);
ReportPeriod lastYearPeriod(const ReportPeriod& p);

// Year-on-year and month-on-month (同比/环比): per group (consumption: as consumptionReport's
// groups and utility; sales: each payment channel, sales, refunds, net) the value in the period,
// in the previous period and in the same period last year, the changes and percentages
// (percentChange). Key "compare"; summary: the three periods' bounds.
ReportTable compareReport(storage::Database& db, const CompareQuery& q);

} // namespace md::report
