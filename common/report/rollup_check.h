#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QTimeZone>

namespace md::storage {
class Database;
}

namespace md::report {

struct RollupMismatch
{
    qint64 meter = 0;
    QString nameplate;
    QString day;     // YYYY-MM-DD, office day
    QString problem; // translated: which figures differ, stored vs recomputed
};

struct RollupCheck
{
    qint64 meters = 0;
    qint64 readings = 0;
    qint64 days = 0; // (meter, day) rows compared
    QList<RollupMismatch> mismatches;
};

// Recomputes the daily rollup (meter_daily) from the raw readings as ReadingIngestor builds it:
// each meter's readings in the order they were stored (id), plausibility against the last
// accepted one, consumption of an accepted interval on the office day of the reading that ends
// it, first/last accepted reading, readings and plausibility anomalies per day; and compares
// every (meter, day) row, either side missing included. Read only.
RollupCheck verifyRollups(storage::Database& db, const QTimeZone& officeZone);

struct WalletRollupMismatch
{
    qint64 ledgerAccount = 0; // 0: the rollup as a whole (no zone recorded)
    QString name;             // the ledger account's name, e.g. wallet:12:electricity
    QString day;              // YYYY-MM-DD in the rollup's zone
    QString problem;          // translated: which figures differ, stored vs recomputed
};

struct WalletRollupCheck
{
    QByteArray zone;  // the zone the rollup records (and is recomputed in)
    qint64 accounts = 0;
    qint64 days = 0;  // (ledger account, day) rows compared
    QList<WalletRollupMismatch> mismatches;
};

// Recomputes wallet_daily (common/ledger/wallet_daily.h) from the postings in the zone the
// rollup records, and compares every (ledger account, day) row, either side missing included:
// the kind sums, the day's net, the end-of-day balance and the posting count. Read only.
WalletRollupCheck verifyWalletRollups(storage::Database& db);

struct MonthlyRollupMismatch
{
    QString table;    // meter_monthly or wallet_monthly
    qint64 id = 0;    // the meter or the ledger account
    QString month;    // YYYY-MM
    QString problem;  // translated: which figures differ, stored vs summed from the daily rows
};

struct MonthlyRollupCheck
{
    qint64 meterMonths = 0;  // (meter, month) rows compared
    qint64 walletMonths = 0; // (ledger account, month) rows compared
    QList<MonthlyRollupMismatch> mismatches;
};

// Recomputes meter_monthly and wallet_monthly (common/rollup/monthly_rollups.h) from the daily
// rollups and compares every row, either side missing included. With verifyRollups() and
// verifyWalletRollups() (the daily rows from the raw readings and postings) this checks the
// monthly rows against the sources. Read only.
MonthlyRollupCheck verifyMonthlyRollups(storage::Database& db);

} // namespace md::report
