#pragma once

#include <QList>
#include <QString>

#include <array>
#include <optional>

namespace md {

namespace storage {
class Database;
}

// meter_monthly and wallet_monthly (schema v7): the daily rollups (meter_daily, wallet_daily)
// summed per office month ('YYYY-MM', the month of the daily rows' days), so that a report over
// years reads a row per meter or account and month instead of one per day (~1.1 M meter_daily
// rows for 1,000 meters over 3 years, 36,000 monthly ones). A report splits its period into
// edge days and whole months (report/rollup_span.h).
//
// A month row is exactly its daily rows summed: meter_monthly's used_* and counts are the sums,
// first_day/last_day the month's first and last day rows and first_*/last_* their first and
// last reading (first_day's first_at_ms and first_total_milli, last_day's last ones);
// wallet_monthly's kind sums, net and posting count are the sums and balance_fen is the month's
// last day row's. They are written in the transaction of their daily rows, by the same delta
// (CollectionStore, the Ledger), rebuilt from the daily tables by the v7 migration and by
// rebuildWalletDaily(), and checked by `meterdeskd verify-rollups`.

// The month ('YYYY-MM') of an office day ('YYYY-MM-DD').
inline QString monthOfDay(const QString& day)
{
    return day.left(7);
}

// One meter's change of one month, from the day rows one write changed: the month's days this
// write touched span firstDay..lastDay (firstDay's row now starts with firstAt/firstTotal,
// lastDay's row ends with lastAt/lastTotal); the sums are the changes of the sums.
struct MeterMonthDelta
{
    qint64 meter = 0;
    QString month;
    QString firstDay;
    qint64 firstAt = 0;
    std::optional<qint64> firstTotal;
    QString lastDay;
    qint64 lastAt = 0;
    std::optional<qint64> lastTotal;
    std::array<qint64, 5> used{}; // total, sharp, peak, flat, valley
    qint64 readings = 0;
    qint64 anomalies = 0;
};

// Folds the deltas into meter_monthly: one multi-row upsert per chunk (the sums add; a month's
// first/last follow the touched day when it is at or before its first day / at or after its
// last day). Inside the caller's transaction, with the daily rows.
void addToMeterMonthly(storage::Database& db, const QList<MeterMonthDelta>& deltas);

// Replaces meter_monthly / wallet_monthly with the daily tables summed (one INSERT ... SELECT
// with GROUP BY each). In the caller's transaction when one is active.
void rebuildMeterMonthly(storage::Database& db);
void rebuildWalletMonthly(storage::Database& db);

// A monthly row as the daily rows give it, or as stored: values are the columns named in
// kMeterMonthlyFields / kWalletMonthlyFields, in order (first_day/last_day as YYYYMMDD).
struct MonthlyRow
{
    qint64 id = 0; // meter or ledger account
    QString month;
    QList<std::optional<qint64>> values;
};
extern const QList<const char*> kMeterMonthlyFields;
extern const QList<const char*> kWalletMonthlyFields;

// The rows, ordered by id and month: stored, or summed from the daily table (what a rebuild
// would write). Read only.
QList<MonthlyRow> storedMeterMonthly(storage::Database& db);
QList<MonthlyRow> meterMonthlyFromDaily(storage::Database& db);
QList<MonthlyRow> storedWalletMonthly(storage::Database& db);
QList<MonthlyRow> walletMonthlyFromDaily(storage::Database& db);

// After wallet_daily balances of an account were corrected from `day` on (postings dated
// before later days): its monthly balances from that month on, from the daily rows.
void fixWalletMonthlyBalances(storage::Database& db, qint64 ledgerAccountId, const QString& day);

} // namespace md
