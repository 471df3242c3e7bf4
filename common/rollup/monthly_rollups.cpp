#include "rollup/monthly_rollups.h"

#include "storage/bulk_sql.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"

#include <QStringList>
#include <QVariant>

namespace md {

using storage::SqlQuery;

const QList<const char*> kMeterMonthlyFields = {"first_day",         "last_day",          "first_at_ms",
                                                "last_at_ms",        "first_total_milli", "last_total_milli",
                                                "used_total_milli",  "used_sharp_milli",  "used_peak_milli",
                                                "used_flat_milli",   "used_valley_milli", "reading_count",
                                                "anomaly_count"};
const QList<const char*> kWalletMonthlyFields = {"recharge_fen",   "deduction_fen", "refund_fen",
                                                 "settlement_fen", "transfer_fen",  "correction_fen",
                                                 "adjustment_fen", "net_fen",       "balance_fen",
                                                 "posting_count"};

namespace {

bool isSqlite(const storage::Database& db)
{
    return db.backend() == storage::DatabaseConfig::Backend::Sqlite;
}

QVariant orNull(const std::optional<qint64>& v)
{
    return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::LongLong));
}

QString joined(const QList<const char*>& names, const QString& prefix = QString())
{
    QStringList out;
    for (const char* n : names)
        out.append(prefix + QLatin1String(n));
    return out.join(QLatin1String(", "));
}

// The daily table summed per month (the columns in kMeterMonthlyFields' order after id and
// month): the month's first and last day rows joined back for their first/last reading.
QString meterMonthlySelect()
{
    return QStringLiteral(
        "SELECT g.meter_id, g.month, g.first_day, g.last_day, f.first_at_ms, l.last_at_ms, f.first_total_milli, "
        "l.last_total_milli, g.used_total, g.used_sharp, g.used_peak, g.used_flat, g.used_valley, g.readings, g.anomalies "
        "FROM (SELECT meter_id, SUBSTR(day, 1, 7) AS month, MIN(day) AS first_day, MAX(day) AS last_day, "
        "SUM(used_total_milli) AS used_total, SUM(used_sharp_milli) AS used_sharp, SUM(used_peak_milli) AS used_peak, "
        "SUM(used_flat_milli) AS used_flat, SUM(used_valley_milli) AS used_valley, SUM(reading_count) AS readings, "
        "SUM(anomaly_count) AS anomalies FROM meter_daily GROUP BY meter_id, SUBSTR(day, 1, 7)) g "
        "JOIN meter_daily f ON f.meter_id = g.meter_id AND f.day = g.first_day "
        "JOIN meter_daily l ON l.meter_id = g.meter_id AND l.day = g.last_day");
}

QString walletMonthlySelect()
{
    return QStringLiteral(
        "SELECT g.ledger_account_id, g.month, g.recharge, g.deduction, g.refund, g.settlement, g.transfer, g.correction, "
        "g.adjustment, g.net, l.balance_fen, g.postings "
        "FROM (SELECT ledger_account_id, SUBSTR(day, 1, 7) AS month, MAX(day) AS last_day, SUM(recharge_fen) AS recharge, "
        "SUM(deduction_fen) AS deduction, SUM(refund_fen) AS refund, SUM(settlement_fen) AS settlement, "
        "SUM(transfer_fen) AS transfer, SUM(correction_fen) AS correction, SUM(adjustment_fen) AS adjustment, "
        "SUM(net_fen) AS net, SUM(posting_count) AS postings FROM wallet_daily "
        "GROUP BY ledger_account_id, SUBSTR(day, 1, 7)) g "
        "JOIN wallet_daily l ON l.ledger_account_id = g.ledger_account_id AND l.day = g.last_day");
}

// Runs `body` in the caller's transaction, or in one of its own.
template <typename F>
void inTransaction(storage::Database& db, F body)
{
    if (db.inTransaction()) {
        body();
        return;
    }
    storage::TransactionGuard guard(db);
    body();
    guard.commit();
}

QList<MonthlyRow> readRows(storage::Database& db, const QString& sql, qsizetype fields, int textFields)
{
    SqlQuery q(db, sql);
    q.exec();
    QList<MonthlyRow> out;
    while (q.next()) {
        MonthlyRow r;
        r.id = q.intValue(0);
        r.month = q.stringValue(1);
        r.values.reserve(fields);
        for (int i = 0; i < int(fields); ++i) {
            if (i < textFields) // first_day, last_day as day numbers would lose nothing, but keep them text
                r.values.append(std::optional<qint64>(q.stringValue(2 + i).remove(QLatin1Char('-')).toLongLong()));
            else
                r.values.append(q.optionalInt(2 + i));
        }
        out.append(r);
    }
    return out;
}

} // namespace

void addToMeterMonthly(storage::Database& db, const QList<MeterMonthDelta>& deltas)
{
    if (deltas.isEmpty())
        return;
    static const QStringList columns{
        QStringLiteral("meter_id"),         QStringLiteral("month"),           QStringLiteral("first_day"),
        QStringLiteral("last_day"),         QStringLiteral("first_at_ms"),     QStringLiteral("last_at_ms"),
        QStringLiteral("first_total_milli"), QStringLiteral("last_total_milli"), QStringLiteral("used_total_milli"),
        QStringLiteral("used_sharp_milli"), QStringLiteral("used_peak_milli"), QStringLiteral("used_flat_milli"),
        QStringLiteral("used_valley_milli"), QStringLiteral("reading_count"),  QStringLiteral("anomaly_count")};
    const bool sqlite = isSqlite(db);
    // The new values' and the row's column: SQLite reads every SET expression against the old
    // row; MySQL assigns left to right, so first_day and last_day are assigned last.
    const auto newValue = [&](const char* c) {
        return sqlite ? QStringLiteral("excluded.%1").arg(QLatin1String(c)) : QStringLiteral("VALUES(%1)").arg(QLatin1String(c));
    };
    QStringList sets;
    for (const char* c : {"first_at_ms", "first_total_milli"})
        sets.append(QStringLiteral("%1 = CASE WHEN %2 <= meter_monthly.first_day THEN %3 ELSE meter_monthly.%1 END")
                        .arg(QLatin1String(c), newValue("first_day"), newValue(c)));
    for (const char* c : {"last_at_ms", "last_total_milli"})
        sets.append(QStringLiteral("%1 = CASE WHEN %2 >= meter_monthly.last_day THEN %3 ELSE meter_monthly.%1 END")
                        .arg(QLatin1String(c), newValue("last_day"), newValue(c)));
    for (const char* c : {"used_total_milli", "used_sharp_milli", "used_peak_milli", "used_flat_milli", "used_valley_milli",
                          "reading_count", "anomaly_count"})
        sets.append(QStringLiteral("%1 = meter_monthly.%1 + %2").arg(QLatin1String(c), newValue(c)));
    sets.append(QStringLiteral("first_day = %1(meter_monthly.first_day, %2)")
                    .arg(sqlite ? QStringLiteral("MIN") : QStringLiteral("LEAST"), newValue("first_day")));
    sets.append(QStringLiteral("last_day = %1(meter_monthly.last_day, %2)")
                    .arg(sqlite ? QStringLiteral("MAX") : QStringLiteral("GREATEST"), newValue("last_day")));
    const QString tail = (sqlite ? QStringLiteral("ON CONFLICT (meter_id, month) DO UPDATE SET ")
                                 : QStringLiteral("ON DUPLICATE KEY UPDATE ")) +
                         sets.join(QLatin1String(", "));
    QList<QVariant> values;
    values.reserve(deltas.size() * columns.size());
    for (const MeterMonthDelta& d : deltas) {
        values << d.meter << d.month << d.firstDay << d.lastDay << d.firstAt << d.lastAt << orNull(d.firstTotal)
               << orNull(d.lastTotal);
        for (qint64 v : d.used)
            values << v;
        values << d.readings << d.anomalies;
    }
    storage::bulk::insertRows(db, QStringLiteral("meter_monthly"), columns, values, tail);
}

void rebuildMeterMonthly(storage::Database& db)
{
    inTransaction(db, [&] {
        SqlQuery::execDirect(db, QStringLiteral("DELETE FROM meter_monthly"));
        SqlQuery::execDirect(db, QStringLiteral("INSERT INTO meter_monthly (meter_id, month, %1) ").arg(joined(kMeterMonthlyFields)) +
                                     meterMonthlySelect());
    });
}

void rebuildWalletMonthly(storage::Database& db)
{
    inTransaction(db, [&] {
        SqlQuery::execDirect(db, QStringLiteral("DELETE FROM wallet_monthly"));
        SqlQuery::execDirect(db, QStringLiteral("INSERT INTO wallet_monthly (ledger_account_id, month, %1) ")
                                         .arg(joined(kWalletMonthlyFields)) +
                                     walletMonthlySelect());
    });
}

QList<MonthlyRow> storedMeterMonthly(storage::Database& db)
{
    return readRows(db,
                    QStringLiteral("SELECT meter_id, month, %1 FROM meter_monthly ORDER BY meter_id, month")
                        .arg(joined(kMeterMonthlyFields)),
                    kMeterMonthlyFields.size(), 2);
}

QList<MonthlyRow> meterMonthlyFromDaily(storage::Database& db)
{
    return readRows(db, meterMonthlySelect() + QStringLiteral(" ORDER BY g.meter_id, g.month"), kMeterMonthlyFields.size(), 2);
}

QList<MonthlyRow> storedWalletMonthly(storage::Database& db)
{
    return readRows(db,
                    QStringLiteral("SELECT ledger_account_id, month, %1 FROM wallet_monthly ORDER BY ledger_account_id, month")
                        .arg(joined(kWalletMonthlyFields)),
                    kWalletMonthlyFields.size(), 0);
}

QList<MonthlyRow> walletMonthlyFromDaily(storage::Database& db)
{
    return readRows(db, walletMonthlySelect() + QStringLiteral(" ORDER BY g.ledger_account_id, g.month"),
                    kWalletMonthlyFields.size(), 0);
}

void fixWalletMonthlyBalances(storage::Database& db, qint64 ledgerAccountId, const QString& day)
{
    QStringList months;
    {
        SqlQuery q(db, QStringLiteral("SELECT month FROM wallet_monthly WHERE ledger_account_id = ? AND month >= ? ORDER BY month"));
        q.bind(ledgerAccountId);
        q.bind(monthOfDay(day));
        q.exec();
        while (q.next())
            months.append(q.stringValue(0));
    }
    for (const QString& month : std::as_const(months)) {
        SqlQuery last(db, QStringLiteral("SELECT balance_fen FROM wallet_daily WHERE ledger_account_id = ? AND day <= ? "
                                         "ORDER BY day DESC LIMIT 1"));
        last.bind(ledgerAccountId);
        last.bind(month + QStringLiteral("-31"));
        last.exec();
        if (!last.next())
            continue;
        const qint64 balance = last.intValue(0);
        SqlQuery u(db, QStringLiteral("UPDATE wallet_monthly SET balance_fen = ? WHERE ledger_account_id = ? AND month = ?"));
        u.bind(balance);
        u.bind(ledgerAccountId);
        u.bind(month);
        u.exec();
    }
}

} // namespace md
