#pragma once

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace md {


// 比对充值次数: a meter that keeps its own balance counts the purchases written to it; the
// ledger counts the recharges. They must agree, allowing for recharges the service has not
// yet written to the meter (pendingWrites). Anything else — the meter ahead (a purchase the
// office never took money for) or behind by more than is pending (a lost write) — is an alarm.
struct PurchaseCountCheck
{
    enum class Result { Match, Pending, Mismatch };

    static Result compare(qint64 meterCount, qint64 ledgerCount, qint64 pendingWrites);
    static QString resultKey(Result r); // "match", "pending", "mismatch"
};

} // namespace md
