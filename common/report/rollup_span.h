#pragma once

#include <QDate>
#include <QList>
#include <QString>

#include <utility>

namespace md::report {

// A period of office days split for the rollups: its whole months, read from the monthly
// tables (meter_monthly, wallet_monthly), and the days before and after them, read from the
// daily ones (meter_daily, wallet_daily). A year is 12 month rows per meter instead of 365 day
// rows; a period within one month, or without a whole month, is days only. Summing the parts
// gives exactly the daily sum over the period (a month row is its day rows summed).
struct RollupSpan
{
    QList<std::pair<QString, QString>> dayRanges; // 'YYYY-MM-DD' inclusive: the head, then the tail
    QString firstMonth;                           // 'YYYY-MM' inclusive; empty: no whole month
    QString lastMonth;

    bool hasMonths() const { return !firstMonth.isEmpty(); }
};

// `from`..`to` inclusive (empty when to < from). wholeMonths false: the whole period as days
// (a report by day).
RollupSpan rollupSpan(const QDate& from, const QDate& to, bool wholeMonths = true);

// false: every span is days only, the reports read the daily rollups alone as before schema v7
// (tests compare the two; report_scale_bench --days-only times it). Process-wide; true by
// default.
bool monthlyRollupsUsed();
void setMonthlyRollupsUsed(bool used);

} // namespace md::report
