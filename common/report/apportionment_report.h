#pragma once

#include "report/report_table.h"

#include <QDate>

namespace md::storage {
class Database;
}

namespace md::report {

// The apportionments (公摊) of a period: every approved run whose period overlaps the days
// [from, to], one row per account share, by run then account. Columns: run, approval, code,
// tenant, group, meter (nameplate), utility, from, to (the run's period), consumption (the
// common meter's, in thousandths of its unit), total (the run's priced total), account, weight,
// amount (summed), transaction (the deduction), skipped ("closed": an account left out of the
// run, amount 0 and no transaction). Summary: runs, total (sum of the runs' totals: equals the
// amount column's total), pending (requests not yet approved in the period). Key "apportionment".
ReportTable apportionmentReport(storage::Database& db, const QDate& from, const QDate& to);

} // namespace md::report
