#include "report/arrears_report.h"

#include "money/utility.h"
#include "report/report_period.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <algorithm>

namespace md::report {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::report::ArrearsReport)
};

struct Wallet
{
    qint64 account = 0;
    QString code, tenant, utility;
    Money balance;
    std::optional<AlarmThresholds> thresholds;
    bool forceOn = false;
    AlarmLevel level = AlarmLevel::Normal;
};

} // namespace

ReportTable arrearsReport(storage::Database& db, const ArrearsQuery& q)
{
    ReadSnapshot snapshot(db);
    storage::SqlQuery w(db, QStringLiteral("SELECT la.account_id, a.code, a.tenant_name, la.utility, la.balance_fen, "
                                           "ac.alarm1_fen, ac.alarm2_fen, ac.force_on FROM ledger_accounts la "
                                           "JOIN accounts a ON a.id = la.account_id "
                                           "LEFT JOIN account_collection ac ON ac.account_id = la.account_id "
                                           "AND ac.utility = la.utility "
                                           "WHERE la.kind = 'wallet' AND a.status = 'open'"));
    w.exec();
    QList<Wallet> hits;
    while (w.next()) {
        Wallet x;
        x.account = w.intValue(0);
        x.code = w.stringValue(1);
        x.tenant = w.stringValue(2);
        x.utility = w.stringValue(3);
        x.balance = -Money::fromFen(w.intValue(4)); // the tenant's view of a liability
        if (const auto a1 = w.optionalInt(5)) {
            x.thresholds = AlarmThresholds{Money::fromFen(*a1), Money::fromFen(w.optionalInt(6).value_or(0))};
            x.forceOn = w.optionalInt(7).value_or(0) != 0;
        }
        x.level = x.thresholds ? AlarmPolicy::levelFor(x.balance, *x.thresholds)
                               : (x.balance.isNegative() ? AlarmLevel::Arrears : AlarmLevel::Normal);
        if (x.level >= q.atLeast && x.level != AlarmLevel::Normal)
            hits.append(x);
    }
    std::sort(hits.begin(), hits.end(), [](const Wallet& a, const Wallet& b) {
        if (a.level != b.level)
            return a.level > b.level;
        if (a.balance != b.balance)
            return a.balance < b.balance;
        return std::pair(a.account, a.utility) < std::pair(b.account, b.utility);
    });

    ReportTable table(QStringLiteral("arrears"), Tr::tr("Arrears and alarms"));
    table.addColumn(QStringLiteral("account"), Tr::tr("Account ID"), ColumnType::Integer);
    table.addColumn(QStringLiteral("code"), Tr::tr("Account"), ColumnType::Text);
    table.addColumn(QStringLiteral("tenant"), Tr::tr("Tenant"), ColumnType::Text);
    table.addColumn(QStringLiteral("utility"), Tr::tr("Utility"), ColumnType::Text);
    table.addColumn(QStringLiteral("balance"), Tr::tr("Balance"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("alarm1"), Tr::tr("Alarm 1 at"), ColumnType::Money);
    table.addColumn(QStringLiteral("alarm2"), Tr::tr("Alarm 2 at"), ColumnType::Money);
    table.addColumn(QStringLiteral("level"), Tr::tr("Level key"), ColumnType::Text);
    table.addColumn(QStringLiteral("level_name"), Tr::tr("Level"), ColumnType::Text);
    table.addColumn(QStringLiteral("force_on"), Tr::tr("Forced on"), ColumnType::Integer);
    qint64 counts[4] = {0, 0, 0, 0};
    for (const Wallet& x : std::as_const(hits)) {
        const int r = table.appendRow();
        table.set(r, QStringLiteral("account"), Cell::integer(x.account));
        table.set(r, QStringLiteral("code"), Cell::text(x.code));
        table.set(r, QStringLiteral("tenant"), Cell::text(x.tenant));
        table.set(r, QStringLiteral("utility"), Cell::text(x.utility));
        table.set(r, QStringLiteral("balance"), Cell::money(x.balance));
        if (x.thresholds) {
            table.set(r, QStringLiteral("alarm1"), Cell::money(x.thresholds->alarm1));
            table.set(r, QStringLiteral("alarm2"), Cell::money(x.thresholds->alarm2));
        }
        table.set(r, QStringLiteral("level"), Cell::text(alarmLevelKey(x.level)));
        table.set(r, QStringLiteral("level_name"), Cell::text(alarmLevelName(x.level)));
        table.set(r, QStringLiteral("force_on"), Cell::integer(x.forceOn ? 1 : 0));
        ++counts[static_cast<int>(x.level)];
    }
    table.computeTotals(Tr::tr("Total"));
    table.addSummary(QStringLiteral("arrears"), Tr::tr("In arrears"), ColumnType::Integer,
                     Cell::integer(counts[int(AlarmLevel::Arrears)]));
    table.addSummary(QStringLiteral("alarm2"), Tr::tr("Alarm 2"), ColumnType::Integer,
                     Cell::integer(counts[int(AlarmLevel::Alarm2)]));
    table.addSummary(QStringLiteral("alarm1"), Tr::tr("Alarm 1"), ColumnType::Integer,
                     Cell::integer(counts[int(AlarmLevel::Alarm1)]));
    return table;
}

} // namespace md::report
