#pragma once

#include "report/report_period.h"
#include "report/report_table.h"

#include <QStringList>

namespace md::storage {
class Database;
}

namespace md::report {

// The reconciliation of a period (对账), to the fen. Two sides computed by different reports:
//   money side (sales report):   sales - refunds + corrections              = net takings
//   books side (account ledger and the income accounts):
//       (closing - opening wallet balances) + revenue (deductions) + service fees
//       - manual adjustments given to tenants                              = accounted
// They must be equal, and every account-ledger row must satisfy its own identity
// (opening + movements = closing, with opening and closing read independently).
struct Reconciliation
{
    ReportTable table;   // one line per figure: item, description, amount. Key "reconcile".
    Money netTakings;
    Money accounted;
    Money difference;    // netTakings - accounted
    QStringList problems; // rows whose identity fails, translated
    bool balanced() const { return difference.isZero() && problems.isEmpty(); }
};

Reconciliation reconcile(storage::Database& db, const ReportPeriod& period);

} // namespace md::report
