#include "report/shift_report.h"

#include "ledger/channel.h"
#include "report/operator_names.h"
#include "report/report_period.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QDateTime>

#include <algorithm>
#include <limits>

namespace md::report {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::report::ShiftReport)
};

// The condition on transaction `t` (or its id column) for the range, and its values.
QString rangeCondition(const ShiftRange& r, const QString& idColumn, const QString& timeColumn, QList<qint64>& values)
{
    QStringList parts;
    if (r.afterTx) {
        parts.append(idColumn + QStringLiteral(" > ?"));
        values.append(*r.afterTx);
    }
    if (r.throughTx) {
        parts.append(idColumn + QStringLiteral(" <= ?"));
        values.append(*r.throughTx);
    }
    if (r.fromMs) {
        parts.append(timeColumn + QStringLiteral(" >= ?"));
        values.append(*r.fromMs);
    }
    if (r.toMs) {
        parts.append(timeColumn + QStringLiteral(" < ?"));
        values.append(*r.toMs);
    }
    return parts.isEmpty() ? QString() : QStringLiteral(" AND ") + parts.join(QStringLiteral(" AND "));
}

// One of the cashier's drawer accounts: takings (money in) or refunds (money out), per channel.
struct DrawerAccount
{
    bool takings = true;
    QString channel;
};

QMap<qint64, DrawerAccount> drawerAccounts(storage::Database& db, OperatorId cashier)
{
    storage::SqlQuery q(db, QStringLiteral("SELECT id, kind, channel FROM ledger_accounts "
                                           "WHERE operator_id = ? AND kind IN ('takings', 'refunds')"));
    q.bind(cashier.v);
    q.exec();
    QMap<qint64, DrawerAccount> accounts;
    while (q.next())
        accounts.insert(q.intValue(0), DrawerAccount{q.stringValue(1) == u"takings", q.stringValue(2)});
    return accounts;
}

// The smallest and largest transaction id the range can hold; nullopt when it holds none.
// A time range becomes the ids of its first and last transactions by id. Ids follow commit
// order, not the clock, so these are looked up, never assumed from the times.
// Bounding by id lets the drawer's postings be read by (account, tx_id): a cashier's month is
// a few thousand postings among the hundreds of thousands of wallet deductions of that month,
// which a read starting from the time index walks (docs/performance.md).
struct TxBounds
{
    qint64 first = 0, last = 0;
};

std::optional<TxBounds> txBounds(storage::Database& db, const ShiftRange& r)
{
    TxBounds b{1, std::numeric_limits<qint64>::max()};
    if (r.afterTx)
        b.first = *r.afterTx + 1;
    if (r.throughTx)
        b.last = *r.throughTx;
    if (r.fromMs || r.toMs) {
        QList<qint64> values;
        const QString cond = rangeCondition(ShiftRange{r.fromMs, r.toMs, {}, {}}, QString(), QStringLiteral("created_at"), values);
        storage::SqlQuery q(db, QStringLiteral("SELECT MIN(id), MAX(id) FROM transactions WHERE 1 = 1") + cond);
        for (qint64 v : values)
            q.bind(v);
        q.exec();
        q.next();
        const std::optional<qint64> first = q.optionalInt(0);
        if (!first)
            return std::nullopt;
        b.first = std::max(b.first, *first);
        b.last = std::min(b.last, *q.optionalInt(1));
    }
    if (b.first > b.last)
        return std::nullopt;
    return b;
}

QString localText(std::optional<qint64> ms, const QTimeZone& zone)
{
    if (!ms)
        return QString();
    return QDateTime::fromMSecsSinceEpoch(*ms, QTimeZone::utc()).toTimeZone(zone).toString(Qt::ISODate);
}

} // namespace

ShiftTotals shiftTotals(storage::Database& db, OperatorId cashier, const ShiftRange& range)
{
    ReadSnapshot snapshot(db);
    ShiftTotals out;
    const QMap<qint64, DrawerAccount> drawer = drawerAccounts(db, cashier);
    const std::optional<TxBounds> bounds = txBounds(db, range);
    if (!drawer.isEmpty() && bounds) {
        // The drawer's postings within the id bounds (postings_by_account), each checked
        // against the time range too: the bounds only narrow the read, the range decides.
        QString sql = QStringLiteral("SELECT p.ledger_account_id, SUM(p.amount_fen) FROM postings p ");
        if (range.fromMs || range.toMs)
            sql += QStringLiteral("JOIN transactions t ON t.id = p.tx_id ");
        sql += QStringLiteral("WHERE p.ledger_account_id IN (") + storage::placeholders(drawer.size()) +
               QStringLiteral(") AND p.tx_id >= ? AND p.tx_id <= ?");
        if (range.fromMs)
            sql += QStringLiteral(" AND t.created_at >= ?");
        if (range.toMs)
            sql += QStringLiteral(" AND t.created_at < ?");
        storage::SqlQuery sums(db, sql + QStringLiteral(" GROUP BY p.ledger_account_id"));
        for (auto it = drawer.cbegin(); it != drawer.cend(); ++it)
            sums.bind(it.key());
        sums.bind(bounds->first);
        sums.bind(bounds->last);
        if (range.fromMs)
            sums.bind(*range.fromMs);
        if (range.toMs)
            sums.bind(*range.toMs);
        sums.exec();
        while (sums.next()) {
            const DrawerAccount& account = drawer[sums.intValue(0)];
            const Money fen = Money::fromFen(sums.intValue(1));
            auto& entry = out.perChannel[account.channel];
            if (account.takings) {
                entry.first += fen; // debit-positive: money in
                out.takings += fen;
            } else {
                entry.second -= fen; // refunds are credited: money out
                out.refunds -= fen;
            }
        }
    }
    QList<qint64> values;
    const QString cond = rangeCondition(range, QStringLiteral("id"), QStringLiteral("created_at"), values);
    storage::SqlQuery receipts(db, QStringLiteral("SELECT MIN(receipt_no), MAX(receipt_no), COUNT(receipt_no) "
                                                  "FROM transactions WHERE operator_id = ? AND receipt_no IS NOT NULL") +
                                       cond);
    receipts.bind(cashier.v);
    for (qint64 v : values)
        receipts.bind(v);
    receipts.exec();
    receipts.next();
    out.firstReceipt = receipts.optionalInt(0);
    out.lastReceipt = receipts.optionalInt(1);
    out.receiptCount = receipts.intValue(2);
    return out;
}

ReportTable shiftReport(storage::Database& db, const ShiftQuery& q)
{
    ReadSnapshot snapshot(db);
    const ShiftTotals totals = shiftTotals(db, q.cashier, q.range);
    ReportTable table(QStringLiteral("shift"), Tr::tr("Shift report"));
    table.addColumn(QStringLiteral("channel"), Tr::tr("Channel key"), ColumnType::Text);
    table.addColumn(QStringLiteral("channel_name"), Tr::tr("Channel"), ColumnType::Text);
    table.addColumn(QStringLiteral("takings"), Tr::tr("Takings"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("refunds"), Tr::tr("Refunds"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("net"), Tr::tr("Net"), ColumnType::Money, true);
    for (Channel c : kAllChannels) {
        const auto [in, out] = totals.perChannel.value(channelKey(c));
        const int r = table.appendRow();
        table.set(r, QStringLiteral("channel"), Cell::text(channelKey(c)));
        table.set(r, QStringLiteral("channel_name"), Cell::text(channelName(c)));
        table.set(r, QStringLiteral("takings"), Cell::money(in));
        table.set(r, QStringLiteral("refunds"), Cell::money(out));
        table.set(r, QStringLiteral("net"), Cell::money(in - out));
    }
    table.computeTotals(Tr::tr("Total"));
    const auto optionalInt = [](std::optional<qint64> v) { return v ? Cell::integer(*v) : Cell(); };
    table.addSummary(QStringLiteral("cashier"), Tr::tr("Cashier ID"), ColumnType::Integer, Cell::integer(q.cashier.v));
    table.addSummary(QStringLiteral("cashier_name"), Tr::tr("Cashier"), ColumnType::Text,
                     Cell::text(operatorNames(db).value(q.cashier.v)));
    table.addSummary(QStringLiteral("from"), Tr::tr("From"), ColumnType::Text, q.range.fromMs ? Cell::text(localText(q.range.fromMs, q.zone)) : Cell());
    table.addSummary(QStringLiteral("to"), Tr::tr("To"), ColumnType::Text, q.range.toMs ? Cell::text(localText(q.range.toMs, q.zone)) : Cell());
    table.addSummary(QStringLiteral("after_transaction"), Tr::tr("After transaction"), ColumnType::Integer,
                     optionalInt(q.range.afterTx));
    table.addSummary(QStringLiteral("through_transaction"), Tr::tr("Through transaction"), ColumnType::Integer,
                     optionalInt(q.range.throughTx));
    table.addSummary(QStringLiteral("receipt_count"), Tr::tr("Receipts"), ColumnType::Integer,
                     Cell::integer(totals.receiptCount));
    table.addSummary(QStringLiteral("first_receipt"), Tr::tr("First receipt"), ColumnType::Integer,
                     optionalInt(totals.firstReceipt));
    table.addSummary(QStringLiteral("last_receipt"), Tr::tr("Last receipt"), ColumnType::Integer,
                     optionalInt(totals.lastReceipt));
    return table;
}

} // namespace md::report
