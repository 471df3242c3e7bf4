#pragma once

#include "ledger/ledger_requests.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <functional>
#include <optional>

namespace md {

namespace storage {
class Database;
}

// wallet_daily (schema v5): per ledger account and office day, the sums of that day's postings
// by the kind of their transaction, the account's balance at the end of the day and the number
// of postings. Every ledger account has rows, wallets and income accounts alike, so the account
// ledger and the reconciliation read a day as one row instead of its postings (a wallet billed
// every half hour has 48 deductions a day).
//
// Exactness: the Ledger writes the rows in the database transaction of the postings (one
// multi-row upsert per operation or deduction batch), rebuildWalletDaily() recomputes them
// from the postings, and `meterdeskd verify-rollups` compares the two. All figures are
// debit-positive fen, like postings: a wallet's balance as the tenant sees it is minus them.
//
// The days are those of one time zone, recorded in the counters row kWalletDailyZoneCounter
// (text_value: the IANA id). The Ledger rebuilds the rollup when it writes in another zone;
// a report asked for another zone reads the postings instead.
inline constexpr char kWalletDailyZoneCounter[] = "wallet_daily_zone";

// The office zone the rollup uses unless the service is configured otherwise: the reports' and
// the collection's default (Asia/Shanghai).
QTimeZone walletDailyDefaultZone();

// The office day (YYYY-MM-DD) of a moment, UTC ms.
QString walletDailyDay(qint64 atMs, const QTimeZone& zone);

// The zone the stored rollup's days are in; nullopt when none is recorded.
std::optional<QByteArray> walletDailyZone(storage::Database& db);

// One (ledger account, day) row. Kind sums: postings of recharge, deduction, refund, closing
// (settlement), transfer, correction and adjustment transactions.
struct WalletDayRow
{
    qint64 ledgerAccountId = 0;
    QString day;
    qint64 rechargeFen = 0;
    qint64 deductionFen = 0;
    qint64 refundFen = 0;
    qint64 settlementFen = 0;
    qint64 transferFen = 0;
    qint64 correctionFen = 0;
    qint64 adjustmentFen = 0;
    qint64 netFen = 0;     // every posting of the day
    qint64 balanceFen = 0; // every posting up to the end of the day
    qint64 postings = 0;

    bool operator==(const WalletDayRow&) const = default;
    // "recharge 100 fen, ..." for the figures that differ from `other` (not translated: the
    // column names).
    QString differences(const WalletDayRow& other) const;
};

// Recomputes the rows from the postings in days of `zone`, a range of ledger accounts at a
// time (ids firstId..lastId inclusive; rows ordered by account and day), so that memory stays
// bounded on large books. Read only.
void recomputeWalletDaily(storage::Database& db, const QTimeZone& zone,
                          const std::function<void(qint64 firstId, qint64 lastId, const QList<WalletDayRow>& rows)>& onRange);

// The stored rows of the ledger accounts firstId..lastId, ordered by account and day.
QList<WalletDayRow> storedWalletDaily(storage::Database& db, qint64 firstId, qint64 lastId);

// Replaces wallet_daily with its recomputation from the postings in days of `zone` and records
// the zone, and wallet_monthly with wallet_daily summed (withMonthly false: the v5 migration's
// backfill, before v7 made that table). Runs inside the caller's transaction when one is
// active, else in its own. Used by the v5 migration's backfill, by the Ledger after a change of
// office zone, and by bulk loaders that write postings without the Ledger.
void rebuildWalletDaily(storage::Database& db, const QTimeZone& zone, bool withMonthly = true);

// One ledger account's change on one day, from one operation or one batch.
struct WalletDailyMove
{
    qint64 ledgerAccountId = 0;
    qint64 amountFen = 0;       // debit-positive sum of the postings
    qint64 postings = 0;
    qint64 balanceAfterFen = 0; // the account's cached balance after them
};

// Adds the moves (one per account) of transactions of `kind` on `day` to wallet_daily, and the
// same to wallet_monthly (the day's month): one multi-row upsert per chunk each. Inside the
// caller's transaction, after the postings and cached balances are written. When a later day
// already has rows (a clock set back), the balances of the touched accounts' later days and
// months are corrected as well.
void addToWalletDaily(storage::Database& db, const QString& day, TransactionKind kind,
                      const QList<WalletDailyMove>& moves);

} // namespace md
