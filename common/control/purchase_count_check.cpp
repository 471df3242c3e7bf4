#include "control/purchase_count_check.h"

namespace md {

PurchaseCountCheck::Result PurchaseCountCheck::compare(qint64 meterCount, qint64 ledgerCount, qint64 pendingWrites)
{
    if (meterCount == ledgerCount)
        return Result::Match;
    const qint64 behind = ledgerCount - meterCount;
    if (behind > 0 && behind <= pendingWrites)
        return Result::Pending;
    return Result::Mismatch;
}

QString PurchaseCountCheck::resultKey(Result r)
{
    switch (r) {
    case Result::Match:
        return QStringLiteral("match");
    case Result::Pending:
        return QStringLiteral("pending");
    case Result::Mismatch:
        return QStringLiteral("mismatch");
    }
    Q_UNREACHABLE();
}

} // namespace md
