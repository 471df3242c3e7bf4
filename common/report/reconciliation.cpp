#include "report/reconciliation.h"

#include "money/utility.h"
#include "report/account_ledger_report.h"
#include "report/report_render.h"
#include "report/rollup_span.h"
#include "report/sales_report.h"
#include "storage/database.h"
#include "storage/sql_query.h"

namespace md::report {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::report::Reconciliation)
};

struct Income
{
    QMap<QString, Money> revenue; // per utility key, earned (credit) positive
    Money fees;                   // earned positive
    Money adjustments;            // given to tenants positive
};

void addIncome(Income& out, const storage::SqlQuery& q)
{
    const QString kind = q.stringValue(0);
    const Money sum = Money::fromFen(q.intValue(2)); // debit positive
    if (kind == u"revenue")
        out.revenue[q.stringValue(1)] -= sum;
    else if (kind == u"fee-revenue")
        out.fees -= sum;
    else
        out.adjustments += sum;
}

// The income accounts' postings in the period: from the rollups when their days are the
// period's (wallet_monthly for its whole months, wallet_daily for the days around them: a row
// per account and month or day), else from the postings (every deduction's revenue posting).
Income income(storage::Database& db, const ReportPeriod& period)
{
    Income out;
    if (!walletDailyCovers(db, period)) {
        storage::SqlQuery q(db, QStringLiteral("SELECT la.kind, la.utility, SUM(p.amount_fen) FROM postings p "
                                               "JOIN transactions t ON t.id = p.tx_id "
                                               "JOIN ledger_accounts la ON la.id = p.ledger_account_id "
                                               "WHERE la.kind IN ('revenue', 'fee-revenue', 'adjustments') "
                                               "AND t.created_at >= ? AND t.created_at < ? GROUP BY la.kind, la.utility"));
        q.bind(period.startMs());
        q.bind(period.endMs());
        q.exec();
        while (q.next())
            addIncome(out, q);
        return out;
    }
    const auto add = [&](bool monthly, const QString& first, const QString& last) {
        storage::SqlQuery q(db, QStringLiteral("SELECT la.kind, la.utility, SUM(d.net_fen) FROM %1 d "
                                               "JOIN ledger_accounts la ON la.id = d.ledger_account_id "
                                               "WHERE la.kind IN ('revenue', 'fee-revenue', 'adjustments') "
                                               "AND d.%2 >= ? AND d.%2 <= ? GROUP BY la.kind, la.utility")
                                    .arg(monthly ? QStringLiteral("wallet_monthly") : QStringLiteral("wallet_daily"),
                                         monthly ? QStringLiteral("month") : QStringLiteral("day")));
        q.bind(first);
        q.bind(last);
        q.exec();
        while (q.next())
            addIncome(out, q);
    };
    const RollupSpan span = rollupSpan(period.from, period.to);
    for (const auto& [first, last] : span.dayRanges)
        add(false, first, last);
    if (span.hasMonths())
        add(true, span.firstMonth, span.lastMonth);
    return out;
}

} // namespace

Reconciliation reconcile(storage::Database& db, const ReportPeriod& period)
{
    ReadSnapshot snapshot(db);
    Reconciliation r;
    const ReportTable sales = salesReport(db, SalesQuery{period, Granularity::Year, false, std::nullopt});
    // The money only: the readings' columns (meter_daily over every meter) are not needed here.
    const ReportTable ledger = accountLedgerReport(db, AccountLedgerQuery{period, std::nullopt, false});
    const Income in = income(db, period);

    for (int row = 0; row < int(ledger.rows().size()); ++row) {
        const auto m = [&](const char* key) { return ledger.money(row, QLatin1String(key)); };
        const Money expected = m("opening") + m("recharges") - m("deductions") - m("refunds") + m("transfers") +
                               m("corrections") + m("adjustments");
        if (expected != m("closing"))
            r.problems.append(Tr::tr("Account %1 (%2): opening and movements give %3, the closing balance is %4")
                                  .arg(formatCell(ledger.cell(row, QStringLiteral("code")), ColumnType::Text),
                                       formatCell(ledger.cell(row, QStringLiteral("utility")), ColumnType::Text),
                                       expected.toYuanString(), m("closing").toYuanString()));
    }

    const Money salesTotal = sales.totalMoney(QStringLiteral("sales"));
    const Money refunds = sales.totalMoney(QStringLiteral("refunds"));
    const Money corrections = sales.totalMoney(QStringLiteral("corrections"));
    r.netTakings = salesTotal - refunds + corrections;
    const Money opening = ledger.totalMoney(QStringLiteral("opening"));
    const Money closing = ledger.totalMoney(QStringLiteral("closing"));
    Money revenue;
    for (const Money& v : in.revenue)
        revenue += v;
    r.accounted = (closing - opening) + revenue + in.fees - in.adjustments;
    r.difference = r.netTakings - r.accounted;

    ReportTable& t = r.table;
    t = ReportTable(QStringLiteral("reconcile"), Tr::tr("Reconciliation"));
    t.addColumn(QStringLiteral("item"), Tr::tr("Item"), ColumnType::Text);
    t.addColumn(QStringLiteral("description"), Tr::tr("Description"), ColumnType::Text);
    t.addColumn(QStringLiteral("amount"), Tr::tr("Amount"), ColumnType::Money);
    const auto line = [&](const QString& item, const QString& description, Money amount) {
        const int row = t.appendRow();
        t.set(row, QStringLiteral("item"), Cell::text(item));
        t.set(row, QStringLiteral("description"), Cell::text(description));
        t.set(row, QStringLiteral("amount"), Cell::money(amount));
    };
    line(QStringLiteral("sales"), Tr::tr("Sales"), salesTotal);
    line(QStringLiteral("refunds"), Tr::tr("Refunds"), refunds);
    line(QStringLiteral("corrections"), Tr::tr("Corrections"), corrections);
    line(QStringLiteral("net_takings"), Tr::tr("Net takings"), r.netTakings);
    line(QStringLiteral("opening_balances"), Tr::tr("Wallet balances at the start"), opening);
    line(QStringLiteral("closing_balances"), Tr::tr("Wallet balances at the end"), closing);
    line(QStringLiteral("balance_change"), Tr::tr("Change in wallet balances"), closing - opening);
    for (Utility u : kAllUtilities) {
        if (in.revenue.contains(utilityKey(u)))
            line(QStringLiteral("revenue:") + utilityKey(u), Tr::tr("Revenue: %1").arg(utilityName(u)),
                 in.revenue.value(utilityKey(u)));
    }
    line(QStringLiteral("fee_revenue"), Tr::tr("Service fees"), in.fees);
    line(QStringLiteral("adjustments"), Tr::tr("Manual adjustments given"), in.adjustments);
    line(QStringLiteral("accounted"), Tr::tr("Accounted for"), r.accounted);
    line(QStringLiteral("difference"), Tr::tr("Difference"), r.difference);
    t.addSummary(QStringLiteral("from"), Tr::tr("From"), ColumnType::Date, Cell::date(period.from));
    t.addSummary(QStringLiteral("to"), Tr::tr("To"), ColumnType::Date, Cell::date(period.to));
    t.addSummary(QStringLiteral("balanced"), Tr::tr("Balanced"), ColumnType::Integer, Cell::integer(r.balanced() ? 1 : 0));
    t.addSummary(QStringLiteral("problems"), Tr::tr("Problems"), ColumnType::Integer, Cell::integer(r.problems.size()));
    return r;
}

} // namespace md::report
