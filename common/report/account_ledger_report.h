#pragma once

#include "money/ids.h"
#include "report/report_period.h"
#include "report/report_table.h"

#include <optional>

namespace md::storage {
class Database;
}

namespace md::report {

struct AccountLedgerQuery
{
    ReportPeriod period;
    std::optional<AccountId> account; // one account, or every account
};

// The balance ledger per wallet (期初/期末), as the tenant sees the balance:
//   opening + recharges - deductions - refunds + transfers + corrections + adjustments = closing
// recharges: what recharges credited (paid less the service fee); refunds: refunds and the
// settlement at account closing (arrears collected make it negative); transfers, corrections,
// adjustments: their net effect on the wallet. Opening and closing are read from the cached
// balance less the postings after the period's start and end, independently of the movements,
// so the row identity is a check (reconcile() uses it).
// Where the wallet's meters have daily rollups in the period: the meters' first reading in
// it, last reading and billed consumption (sums over the wallet's meters), unit per utility.
// Wallets with no balance and no movement are left out. Key "account_ledger".
ReportTable accountLedgerReport(storage::Database& db, const AccountLedgerQuery& q);

} // namespace md::report
