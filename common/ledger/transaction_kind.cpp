#include "ledger/ledger_requests.h"

namespace md {

static const std::pair<TransactionKind, const char*> kKinds[] = {
    {TransactionKind::Open, "open"},         {TransactionKind::Recharge, "recharge"},
    {TransactionKind::Deduction, "deduction"}, {TransactionKind::Refund, "refund"},
    {TransactionKind::Transfer, "transfer"}, {TransactionKind::Closing, "closing"},
    {TransactionKind::Correction, "correction"}, {TransactionKind::Adjustment, "adjustment"},
};

QString transactionKindKey(TransactionKind k)
{
    for (const auto& [kind, key] : kKinds) {
        if (kind == k)
            return QString::fromLatin1(key);
    }
    Q_UNREACHABLE();
}

std::optional<TransactionKind> parseTransactionKind(QStringView key)
{
    for (const auto& [kind, name] : kKinds) {
        if (key == QLatin1String(name))
            return kind;
    }
    return std::nullopt;
}

} // namespace md
