#include "ledger/ledger_account.h"

namespace md {

LedgerAccountRef LedgerAccountRef::wallet(AccountId a, Utility u)
{
    LedgerAccountRef r;
    r.kind = Kind::Wallet;
    r.account = a;
    r.utility = u;
    return r;
}

LedgerAccountRef LedgerAccountRef::takings(Channel c, OperatorId cashier)
{
    LedgerAccountRef r;
    r.kind = Kind::Takings;
    r.channel = c;
    r.cashier = cashier;
    return r;
}

LedgerAccountRef LedgerAccountRef::refunds(Channel c, OperatorId cashier)
{
    LedgerAccountRef r = takings(c, cashier);
    r.kind = Kind::Refunds;
    return r;
}

LedgerAccountRef LedgerAccountRef::revenue(Utility u)
{
    LedgerAccountRef r;
    r.kind = Kind::Revenue;
    r.utility = u;
    return r;
}

LedgerAccountRef LedgerAccountRef::feeRevenue()
{
    LedgerAccountRef r;
    r.kind = Kind::FeeRevenue;
    return r;
}

LedgerAccountRef LedgerAccountRef::adjustments()
{
    LedgerAccountRef r;
    r.kind = Kind::Adjustments;
    return r;
}

QString LedgerAccountRef::kindKey() const
{
    switch (kind) {
    case Kind::Wallet:
        return QStringLiteral("wallet");
    case Kind::Takings:
        return QStringLiteral("takings");
    case Kind::Refunds:
        return QStringLiteral("refunds");
    case Kind::Revenue:
        return QStringLiteral("revenue");
    case Kind::FeeRevenue:
        return QStringLiteral("fee-revenue");
    case Kind::Adjustments:
        return QStringLiteral("adjustments");
    }
    Q_UNREACHABLE();
}

QString LedgerAccountRef::key() const
{
    switch (kind) {
    case Kind::Wallet:
        return QStringLiteral("wallet:%1:%2").arg(account.v).arg(utilityKey(utility));
    case Kind::Takings:
    case Kind::Refunds:
        return QStringLiteral("%1:%2:%3").arg(kindKey(), channelKey(channel)).arg(cashier.v);
    case Kind::Revenue:
        return QStringLiteral("revenue:%1").arg(utilityKey(utility));
    case Kind::FeeRevenue:
    case Kind::Adjustments:
        return kindKey();
    }
    Q_UNREACHABLE();
}

} // namespace md
