#include "report/rollup_span.h"

#include <atomic>

namespace md::report {

namespace {
std::atomic<bool> g_monthlyUsed{true};
} // namespace

bool monthlyRollupsUsed()
{
    return g_monthlyUsed.load(std::memory_order_relaxed);
}

void setMonthlyRollupsUsed(bool used)
{
    g_monthlyUsed.store(used, std::memory_order_relaxed);
}

RollupSpan rollupSpan(const QDate& from, const QDate& to, bool wholeMonths)
{
    RollupSpan s;
    if (!from.isValid() || !to.isValid() || to < from)
        return s;
    const auto day = [](const QDate& d) { return d.toString(Qt::ISODate); };
    // The first day of the first whole month, and the last day of the last one.
    const QDate monthsFrom = from.day() == 1 ? from : QDate(from.year(), from.month(), 1).addMonths(1);
    const QDate monthsTo = to.addDays(1).day() == 1 ? to : QDate(to.year(), to.month(), 1).addDays(-1);
    if (!wholeMonths || !monthlyRollupsUsed() || monthsTo < monthsFrom) {
        s.dayRanges.append({day(from), day(to)});
        return s;
    }
    if (from < monthsFrom)
        s.dayRanges.append({day(from), day(monthsFrom.addDays(-1))});
    s.firstMonth = monthsFrom.toString(QStringLiteral("yyyy-MM"));
    s.lastMonth = monthsTo.toString(QStringLiteral("yyyy-MM"));
    if (monthsTo < to)
        s.dayRanges.append({day(monthsTo.addDays(1)), day(to)});
    return s;
}

} // namespace md::report
