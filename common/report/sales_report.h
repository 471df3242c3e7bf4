#pragma once

#include "money/ids.h"
#include "report/report_period.h"
#include "report/report_table.h"

#include <optional>

namespace md::storage {
class Database;
}

namespace md::report {

struct SalesQuery
{
    ReportPeriod period;
    Granularity granularity = Granularity::Day;
    bool byCashier = false;             // one row per period and cashier
    std::optional<OperatorId> cashier;  // only this cashier's drawer
};

// Sales (收费日报/月报/年报): the money cashiers took in, per local day, month or year of the
// office, from the postings on their takings and refunds accounts.
//   columns per channel (cash, wechat, alipay, bank-transfer, card, other): money received
//     (recharges, and arrears collected at account closing);
//   sales: their sum; refunds: money paid back (refunds, closing pay-outs);
//   corrections: what reversing transactions moved on those accounts (a reversed recharge of
//     100.00 is -100.00 here, in the cashier's drawer it was taken into);
//   net = sales - refunds + corrections: what the drawers should hold; recharges: the count.
// Without byCashier every period of the range has a row (zeros included); with it, only
// periods and cashiers with postings. Key "sales".
ReportTable salesReport(storage::Database& db, const SalesQuery& q);

} // namespace md::report
