#include "ledger/wallet_daily.h"

#include "report/report_period.h"
#include "rollup/monthly_rollups.h"
#include "storage/bulk_sql.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"

#include <QDateTime>
#include <QMap>

#include <optional>

namespace md {

using storage::SqlQuery;

namespace {

// The kind sums' columns, in WalletDayRow's order, with the transaction kind each sums.
struct KindColumn
{
    TransactionKind kind;
    const char* column;
    qint64 WalletDayRow::*field;
};
constexpr KindColumn kKindColumns[] = {
    {TransactionKind::Recharge, "recharge_fen", &WalletDayRow::rechargeFen},
    {TransactionKind::Deduction, "deduction_fen", &WalletDayRow::deductionFen},
    {TransactionKind::Refund, "refund_fen", &WalletDayRow::refundFen},
    {TransactionKind::Closing, "settlement_fen", &WalletDayRow::settlementFen},
    {TransactionKind::Transfer, "transfer_fen", &WalletDayRow::transferFen},
    {TransactionKind::Correction, "correction_fen", &WalletDayRow::correctionFen},
    {TransactionKind::Adjustment, "adjustment_fen", &WalletDayRow::adjustmentFen},
};

const KindColumn* kindColumn(TransactionKind kind)
{
    for (const KindColumn& c : kKindColumns) {
        if (c.kind == kind)
            return &c;
    }
    return nullptr; // open: no postings
}

constexpr qsizetype kAccountsPerRange = 256;

QString allColumns()
{
    QStringList columns{QStringLiteral("ledger_account_id"), QStringLiteral("day")};
    for (const KindColumn& c : kKindColumns)
        columns.append(QLatin1String(c.column));
    columns << QStringLiteral("net_fen") << QStringLiteral("balance_fen") << QStringLiteral("posting_count");
    return columns.join(QLatin1String(", "));
}

void insertRows(storage::Database& db, const QList<WalletDayRow>& rows)
{
    if (rows.isEmpty())
        return;
    QList<QVariant> values;
    values.reserve(rows.size() * 12);
    for (const WalletDayRow& r : rows) {
        values << r.ledgerAccountId << r.day;
        for (const KindColumn& c : kKindColumns)
            values << r.*(c.field);
        values << r.netFen << r.balanceFen << r.postings;
    }
    storage::bulk::insertRows(db, QStringLiteral("wallet_daily"), allColumns().split(QStringLiteral(", ")), values);
}

void rebuildInTransaction(storage::Database& db, const QTimeZone& zone, bool withMonthly)
{
    SqlQuery::execDirect(db, QStringLiteral("DELETE FROM wallet_daily"));
    recomputeWalletDaily(db, zone, [&](qint64, qint64, const QList<WalletDayRow>& rows) { insertRows(db, rows); });
    SqlQuery drop(db, QStringLiteral("DELETE FROM counters WHERE name = ?"));
    drop.bind(QString::fromLatin1(kWalletDailyZoneCounter));
    drop.exec();
    SqlQuery mark(db, QStringLiteral("INSERT INTO counters (name, value, text_value) VALUES (?, 0, ?)"));
    mark.bind(QString::fromLatin1(kWalletDailyZoneCounter));
    mark.bind(QString::fromLatin1(zone.id()));
    mark.exec();
    if (withMonthly)
        rebuildWalletMonthly(db);
}

// Recomputes the balances of one account's days from `day` on, walking back from its cached
// balance (the balance at the end of its last day).
void fixLaterBalances(storage::Database& db, const QString& day, const WalletDailyMove& m)
{
    struct Row
    {
        QString day;
        qint64 net = 0;
        qint64 balance = 0;
    };
    QList<Row> rows;
    {
        SqlQuery q(db, QStringLiteral("SELECT day, net_fen, balance_fen FROM wallet_daily "
                                      "WHERE ledger_account_id = ? AND day >= ? ORDER BY day DESC"));
        q.bind(m.ledgerAccountId);
        q.bind(day);
        q.exec();
        while (q.next())
            rows.append({q.stringValue(0), q.intValue(1), q.intValue(2)});
    }
    qint64 expected = m.balanceAfterFen;
    for (const Row& r : std::as_const(rows)) {
        if (r.balance != expected) {
            SqlQuery u(db, QStringLiteral("UPDATE wallet_daily SET balance_fen = ? WHERE ledger_account_id = ? AND day = ?"));
            u.bind(expected);
            u.bind(m.ledgerAccountId);
            u.bind(r.day);
            u.exec();
        }
        expected -= r.net;
    }
}

} // namespace

QTimeZone walletDailyDefaultZone()
{
    return report::defaultOfficeZone();
}

QString walletDailyDay(qint64 atMs, const QTimeZone& zone)
{
    return QDateTime::fromMSecsSinceEpoch(atMs, QTimeZone::utc()).toTimeZone(zone).date().toString(Qt::ISODate);
}

std::optional<QByteArray> walletDailyZone(storage::Database& db)
{
    SqlQuery q(db, QStringLiteral("SELECT text_value FROM counters WHERE name = ?"));
    q.bind(QString::fromLatin1(kWalletDailyZoneCounter));
    q.exec();
    if (!q.next())
        return std::nullopt;
    return q.stringValue(0).toUtf8();
}

QString WalletDayRow::differences(const WalletDayRow& o) const
{
    QStringList out;
    const auto cmp = [&](const char* name, qint64 mine, qint64 theirs) {
        if (mine != theirs)
            out.append(QStringLiteral("%1 %2 vs %3").arg(QLatin1String(name)).arg(mine).arg(theirs));
    };
    for (const KindColumn& c : kKindColumns)
        cmp(c.column, this->*(c.field), o.*(c.field));
    cmp("net_fen", netFen, o.netFen);
    cmp("balance_fen", balanceFen, o.balanceFen);
    cmp("posting_count", postings, o.postings);
    return out.join(QLatin1String(", "));
}

void recomputeWalletDaily(storage::Database& db, const QTimeZone& zone,
                          const std::function<void(qint64, qint64, const QList<WalletDayRow>&)>& onRange)
{
    qint64 minMs = 0;
    qint64 maxMs = 0;
    {
        SqlQuery span(db, QStringLiteral("SELECT COUNT(*), MIN(created_at), MAX(created_at) FROM transactions"));
        span.exec();
        span.next();
        if (span.intValue(0) == 0)
            return;
        minMs = span.intValue(1);
        maxMs = span.intValue(2);
    }
    // The local day of created_at, stretch by stretch of one UTC offset (as the reports do).
    const QList<report::OffsetStretch> stretches = report::offsetStretches(zone, minMs, maxMs + 1);
    QString dayExpr;
    for (qsizetype i = 0; i < stretches.size(); ++i) {
        const report::OffsetStretch& s = stretches.at(i);
        const QString local = db.dialect().intDiv(QStringLiteral("t.created_at + (%1)").arg(s.offsetMs), report::kDayMs);
        if (stretches.size() == 1)
            dayExpr = local;
        else if (i + 1 < stretches.size())
            dayExpr += QStringLiteral(" WHEN t.created_at < %1 THEN %2").arg(s.toMs).arg(local);
        else
            dayExpr = QStringLiteral("CASE") + dayExpr + QStringLiteral(" ELSE %1 END").arg(local);
    }

    QList<qint64> ids;
    {
        SqlQuery q(db, QStringLiteral("SELECT id FROM ledger_accounts ORDER BY id"));
        q.exec();
        while (q.next())
            ids.append(q.intValue(0));
    }
    const QString sql = QStringLiteral("SELECT p.ledger_account_id, %1, t.kind, SUM(p.amount_fen), COUNT(*) "
                                       "FROM postings p JOIN transactions t ON t.id = p.tx_id "
                                       "WHERE p.ledger_account_id >= ? AND p.ledger_account_id <= ? "
                                       "GROUP BY p.ledger_account_id, %1, t.kind")
                            .arg(dayExpr);
    for (qsizetype at = 0; at < ids.size(); at += kAccountsPerRange) {
        const qint64 firstId = ids.at(at);
        const qint64 lastId = ids.at(std::min(ids.size(), at + kAccountsPerRange) - 1);
        QMap<std::pair<qint64, qint64>, WalletDayRow> days; // (account, local day number)
        SqlQuery q(db, sql);
        q.bind(firstId);
        q.bind(lastId);
        q.exec();
        while (q.next()) {
            WalletDayRow& r = days[{q.intValue(0), q.intValue(1)}];
            const qint64 sum = q.intValue(3);
            if (const auto kind = parseTransactionKind(q.stringValue(2))) {
                if (const KindColumn* c = kindColumn(*kind))
                    r.*(c->field) += sum;
            }
            r.netFen += sum;
            r.postings += q.intValue(4);
        }
        QList<WalletDayRow> rows;
        rows.reserve(days.size());
        qint64 account = 0;
        qint64 balance = 0;
        for (auto it = days.begin(); it != days.end(); ++it) {
            if (it.key().first != account) {
                account = it.key().first;
                balance = 0;
            }
            WalletDayRow& r = it.value();
            r.ledgerAccountId = account;
            r.day = report::dateOfLocalDay(it.key().second).toString(Qt::ISODate);
            balance += r.netFen;
            r.balanceFen = balance;
            rows.append(r);
        }
        onRange(firstId, lastId, rows);
    }
}

QList<WalletDayRow> storedWalletDaily(storage::Database& db, qint64 firstId, qint64 lastId)
{
    SqlQuery q(db, QStringLiteral("SELECT %1 FROM wallet_daily WHERE ledger_account_id >= ? AND ledger_account_id <= ? "
                                  "ORDER BY ledger_account_id, day")
                       .arg(allColumns()));
    q.bind(firstId);
    q.bind(lastId);
    q.exec();
    QList<WalletDayRow> rows;
    while (q.next()) {
        WalletDayRow r;
        r.ledgerAccountId = q.intValue(0);
        r.day = q.stringValue(1);
        int col = 2;
        for (const KindColumn& c : kKindColumns)
            r.*(c.field) = q.intValue(col++);
        r.netFen = q.intValue(col++);
        r.balanceFen = q.intValue(col++);
        r.postings = q.intValue(col++);
        rows.append(r);
    }
    return rows;
}

void rebuildWalletDaily(storage::Database& db, const QTimeZone& zone, bool withMonthly)
{
    if (db.inTransaction()) {
        rebuildInTransaction(db, zone, withMonthly);
        return;
    }
    storage::TransactionGuard guard(db);
    rebuildInTransaction(db, zone, withMonthly);
    guard.commit();
}

void addToWalletDaily(storage::Database& db, const QString& day, TransactionKind kind, const QList<WalletDailyMove>& moves)
{
    if (moves.isEmpty())
        return;
    const KindColumn* kindCol = kindColumn(kind);
    QStringList columns{QStringLiteral("ledger_account_id"), QStringLiteral("day")};
    QStringList added;
    if (kindCol)
        added.append(QLatin1String(kindCol->column));
    added << QStringLiteral("net_fen") << QStringLiteral("posting_count");
    columns << added << QStringLiteral("balance_fen");
    // Sums add up; the balance is the cached one after the moves (right for the latest day:
    // an earlier day is corrected below).
    QStringList sets;
    const bool sqlite = db.backend() == storage::DatabaseConfig::Backend::Sqlite;
    for (const QString& c : std::as_const(added))
        sets.append(sqlite ? QStringLiteral("%1 = %1 + excluded.%1").arg(c) : QStringLiteral("%1 = %1 + VALUES(%1)").arg(c));
    sets.append(sqlite ? QStringLiteral("balance_fen = excluded.balance_fen") : QStringLiteral("balance_fen = VALUES(balance_fen)"));
    const QString tail = sqlite ? QStringLiteral("ON CONFLICT (ledger_account_id, day) DO UPDATE SET ") + sets.join(QLatin1String(", "))
                                : QStringLiteral("ON DUPLICATE KEY UPDATE ") + sets.join(QLatin1String(", "));
    QList<QVariant> values;
    values.reserve(moves.size() * columns.size());
    for (const WalletDailyMove& m : moves) {
        values << m.ledgerAccountId << day;
        if (kindCol)
            values << m.amountFen;
        values << m.amountFen << m.postings << m.balanceAfterFen;
    }
    storage::bulk::insertRows(db, QStringLiteral("wallet_daily"), columns, values, tail);
    // wallet_monthly by the same delta: the same rows keyed by the day's month.
    QString monthlyTail = tail;
    monthlyTail.replace(QStringLiteral("(ledger_account_id, day)"), QStringLiteral("(ledger_account_id, month)"));
    columns[1] = QStringLiteral("month");
    const QString month = monthOfDay(day);
    for (qsizetype i = 1; i < values.size(); i += columns.size())
        values[i] = month;
    storage::bulk::insertRows(db, QStringLiteral("wallet_monthly"), columns, values, monthlyTail);

    // Postings dated before another day's rows (the clock was set back): the balances at the
    // end of the later days of these accounts move too. One indexed probe when they do not.
    SqlQuery later(db, QStringLiteral("SELECT day FROM wallet_daily WHERE day > ? ORDER BY day LIMIT 1"));
    later.bind(day);
    later.exec();
    if (!later.next())
        return;
    for (const WalletDailyMove& m : moves) {
        fixLaterBalances(db, day, m);
        fixWalletMonthlyBalances(db, m.ledgerAccountId, day);
    }
}

} // namespace md
