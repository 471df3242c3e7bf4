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
    bool readings = true; // false: the money only, the readings' columns left empty (the reconciliation)
};

// The balance ledger per wallet (期初/期末), as the tenant sees the balance:
//   opening + recharges - deductions - refunds + transfers + corrections + adjustments = closing
// recharges: what recharges credited (paid less the service fee); refunds: refunds and the
// settlement at account closing (arrears collected make it negative); transfers, corrections,
// adjustments: their net effect on the wallet. Opening and closing are read independently of
// the movements, so the row identity is a check (reconcile() uses it): from wallet_daily, the
// balance at the end of the day before the period and of its last day, the movements from the
// kind sums of its whole months (wallet_monthly) and of its other days (wallet_daily; a row per
// wallet and month or day, not a posting per deduction; report/rollup_span.h); when the
// rollup's days are in another time zone than the period's, from the postings since the
// period's start (the cached balance less those after the start and the end).
// Where the wallet's meters have daily rollups in the period: the meters' first reading in
// it, last reading and billed consumption (sums over the wallet's meters; whole months from
// meter_monthly, the same first and last day rows), unit per utility.
// Wallets with no balance and no movement are left out. Key "account_ledger".
ReportTable accountLedgerReport(storage::Database& db, const AccountLedgerQuery& q);

// Whether wallet_daily's days are the period's (the rollup records the zone it is kept in).
bool walletDailyCovers(storage::Database& db, const ReportPeriod& period);

} // namespace md::report
