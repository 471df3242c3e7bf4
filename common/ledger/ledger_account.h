#pragma once

#include "ledger/channel.h"
#include "money/ids.h"
#include "money/utility.h"

#include <QString>

namespace md {

// Names one account of the ledger (debits and credits). Postings are debit-positive: a recharge debits
// the cashier's takings (money came in) and credits the tenant's wallet (the office now owes the
// tenant energy). So a wallet's balance as the tenant sees it is minus the sum of its postings.
struct LedgerAccountRef
{
    enum class Kind {
        Wallet,      // a tenant account's prepaid money for one utility (liability)
        Takings,     // money received through a channel by a cashier (asset)
        Refunds,     // money paid back out through a channel by a cashier (contra-asset)
        Revenue,     // energy/water sold, per utility (income)
        FeeRevenue,  // recharge service fees (income)
        Adjustments, // manual balance adjustments approved by a manager (expense/income)
    };

    Kind kind = Kind::Wallet;
    AccountId account;         // Wallet
    Utility utility = Utility::Electricity; // Wallet, Revenue
    Channel channel = Channel::Cash;        // Takings, Refunds
    OperatorId cashier;        // Takings, Refunds

    static LedgerAccountRef wallet(AccountId a, Utility u);
    static LedgerAccountRef takings(Channel c, OperatorId cashier);
    static LedgerAccountRef refunds(Channel c, OperatorId cashier);
    static LedgerAccountRef revenue(Utility u);
    static LedgerAccountRef feeRevenue();
    static LedgerAccountRef adjustments();

    // Canonical unique name, e.g. "wallet:12:electricity", "takings:cash:3", "fee-revenue".
    QString key() const;
    QString kindKey() const;
};

} // namespace md
