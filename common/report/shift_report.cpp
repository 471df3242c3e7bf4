#include "report/shift_report.h"

#include "ledger/channel.h"
#include "report/operator_names.h"
#include "report/report_period.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QDateTime>

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
    {
        QList<qint64> values;
        const QString cond = rangeCondition(range, QStringLiteral("p.tx_id"), QStringLiteral("t.created_at"), values);
        storage::SqlQuery sums(db, QStringLiteral("SELECT la.kind, la.channel, SUM(p.amount_fen) FROM postings p "
                                                  "JOIN transactions t ON t.id = p.tx_id "
                                                  "JOIN ledger_accounts la ON la.id = p.ledger_account_id "
                                                  "WHERE p.ledger_account_id IN (SELECT id FROM ledger_accounts "
                                                  "WHERE operator_id = ? AND kind IN ('takings', 'refunds'))") +
                                       cond + QStringLiteral(" GROUP BY la.kind, la.channel"));
        sums.bind(cashier.v);
        for (qint64 v : values)
            sums.bind(v);
        sums.exec();
        while (sums.next()) {
            const Money fen = Money::fromFen(sums.intValue(2));
            auto& entry = out.perChannel[sums.stringValue(1)];
            if (sums.stringValue(0) == u"takings") {
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
