#include "report/apportionment_report.h"

#include "report/report_period.h"
#include "storage/database.h"
#include "storage/sql_query.h"

namespace md::report {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::report::ApportionmentReport)
};

QDate date(const QString& s)
{
    return QDate::fromString(s, Qt::ISODate);
}

} // namespace

ReportTable apportionmentReport(storage::Database& db, const QDate& from, const QDate& to)
{
    ReadSnapshot snapshot(db);
    ReportTable table(QStringLiteral("apportionment"), Tr::tr("Public-area apportionment"));
    table.addColumn(QStringLiteral("run"), Tr::tr("Run"), ColumnType::Integer);
    table.addColumn(QStringLiteral("approval"), Tr::tr("Request"), ColumnType::Integer);
    // The account first: the desk's chart labels its bars with the first text column.
    table.addColumn(QStringLiteral("code"), Tr::tr("Account"), ColumnType::Text);
    table.addColumn(QStringLiteral("tenant"), Tr::tr("Tenant"), ColumnType::Text);
    table.addColumn(QStringLiteral("group"), Tr::tr("Group"), ColumnType::Text);
    table.addColumn(QStringLiteral("meter"), Tr::tr("Meter"), ColumnType::Text);
    table.addColumn(QStringLiteral("utility"), Tr::tr("Utility"), ColumnType::Text);
    table.addColumn(QStringLiteral("from"), Tr::tr("From"), ColumnType::Date);
    table.addColumn(QStringLiteral("to"), Tr::tr("To"), ColumnType::Date);
    table.addColumn(QStringLiteral("consumption"), Tr::tr("Consumption"), ColumnType::Quantity);
    table.addColumn(QStringLiteral("total"), Tr::tr("Run total"), ColumnType::Money);
    table.addColumn(QStringLiteral("account"), Tr::tr("Account ID"), ColumnType::Integer);
    table.addColumn(QStringLiteral("weight"), Tr::tr("Weight"), ColumnType::Integer);
    table.addColumn(QStringLiteral("amount"), Tr::tr("Amount"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("transaction"), Tr::tr("Transaction"), ColumnType::Integer);
    table.addColumn(QStringLiteral("skipped"), Tr::tr("Left out"), ColumnType::Text);

    const QString fromDay = from.toString(Qt::ISODate);
    const QString toDay = to.toString(Qt::ISODate);
    storage::SqlQuery q(db, QStringLiteral("SELECT r.id, r.approval_id, g.name, m.nameplate, r.utility, r.period_from, "
                                           "r.period_to, r.consumption_milli, r.total_fen, s.account_id, s.code, "
                                           "s.tenant_name, s.weight, s.amount_fen, s.tx_id, s.skipped FROM apportion_runs r "
                                           "JOIN apportion_groups g ON g.id = r.group_id "
                                           "JOIN meters m ON m.id = r.meter_id "
                                           "JOIN apportion_shares s ON s.run_id = r.id "
                                           "WHERE r.state = 'approved' AND r.period_from <= ? AND r.period_to >= ? "
                                           "ORDER BY r.id, s.account_id"));
    q.bind(toDay).bind(fromDay).exec();
    qint64 runs = 0, lastRun = 0;
    Money runTotals;
    while (q.next()) {
        const int r = table.appendRow();
        const qint64 run = q.intValue(0);
        if (run != lastRun) {
            ++runs;
            runTotals += Money::fromFen(q.intValue(8));
            lastRun = run;
        }
        table.set(r, QStringLiteral("run"), Cell::integer(run));
        if (const auto approval = q.optionalInt(1))
            table.set(r, QStringLiteral("approval"), Cell::integer(*approval));
        table.set(r, QStringLiteral("group"), Cell::text(q.stringValue(2)));
        table.set(r, QStringLiteral("meter"), Cell::text(q.stringValue(3)));
        table.set(r, QStringLiteral("utility"), Cell::text(q.stringValue(4)));
        table.set(r, QStringLiteral("from"), Cell::date(date(q.stringValue(5))));
        table.set(r, QStringLiteral("to"), Cell::date(date(q.stringValue(6))));
        table.set(r, QStringLiteral("consumption"), Cell::quantityMilli(q.intValue(7)));
        table.set(r, QStringLiteral("total"), Cell::money(Money::fromFen(q.intValue(8))));
        table.set(r, QStringLiteral("account"), Cell::integer(q.intValue(9)));
        table.set(r, QStringLiteral("code"), Cell::text(q.stringValue(10)));
        table.set(r, QStringLiteral("tenant"), Cell::text(q.stringValue(11)));
        table.set(r, QStringLiteral("weight"), Cell::integer(q.intValue(12)));
        table.set(r, QStringLiteral("amount"), Cell::money(Money::fromFen(q.intValue(13))));
        if (const auto tx = q.optionalInt(14))
            table.set(r, QStringLiteral("transaction"), Cell::integer(*tx));
        if (const QString skipped = q.stringValue(15); !skipped.isEmpty())
            table.set(r, QStringLiteral("skipped"), Cell::text(skipped));
    }
    table.computeTotals(Tr::tr("Total"));
    storage::SqlQuery pending(db, QStringLiteral("SELECT COUNT(*) FROM apportion_runs WHERE state = 'pending' "
                                                 "AND period_from <= ? AND period_to >= ?"));
    pending.bind(toDay).bind(fromDay);
    const qint64 pendingRuns = pending.scalarInt();
    table.addSummary(QStringLiteral("runs"), Tr::tr("Runs"), ColumnType::Integer, Cell::integer(runs));
    table.addSummary(QStringLiteral("total"), Tr::tr("Total of the runs"), ColumnType::Money, Cell::money(runTotals));
    table.addSummary(QStringLiteral("pending"), Tr::tr("Pending requests"), ColumnType::Integer, Cell::integer(pendingRuns));
    return table;
}

} // namespace md::report
