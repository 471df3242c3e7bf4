#include "report/sales_report.h"

#include "ledger/channel.h"
#include "money/money.h"
#include "report/operator_names.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QMap>

#include <array>

namespace md::report {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::report::SalesReport)
};

constexpr qsizetype kChannels = std::size(kAllChannels);

struct Totals
{
    std::array<Money, kChannels> perChannel{};
    Money refunds;
    Money corrections;
    qint64 recharges = 0;
};

qsizetype channelIndex(const QString& key)
{
    for (qsizetype i = 0; i < kChannels; ++i) {
        if (channelKey(kAllChannels[i]) == key)
            return i;
    }
    return kChannels - 1; // an unknown channel counts as "other"; never written by the ledger
}

// The ids of every operator, as an SQL list ("1, 2, 5"): literals, so that both planners
// take one range of transactions_by_operator_time an operator (an IN subquery is planned as
// a join on MariaDB). Integers only, nothing a person typed.
QString operatorIdList(storage::Database& db)
{
    storage::SqlQuery q(db, QStringLiteral("SELECT id FROM operators ORDER BY id"));
    q.exec();
    QStringList ids;
    while (q.next())
        ids << QString::number(q.intValue(0));
    return ids.join(QStringLiteral(", "));
}

} // namespace

ReportTable salesReport(storage::Database& db, const SalesQuery& q)
{
    ReadSnapshot snapshot(db);
    const qint64 start = q.period.startMs();
    const qint64 end = q.period.endMs();
    // Driven by the cashiers' operations of the period through transactions_by_operator_time
    // (operator, time): one index range an operator. Every posting to a drawer (takings,
    // refunds) is made by a logged-in operator — a recharge, refund or closing by its cashier,
    // a correction by its approver — while the service's deductions carry operator 0, so they
    // are never walked. Before (v6), the report walked every drawer posting ever and looked up
    // its transaction's time, whatever the period. The reconciliation checks sales against the
    // wallets and revenue, so a drawer posting missed here would show there.
    // (bucket start, cashier id or 0) -> totals
    QMap<std::pair<QDate, qint64>, Totals> buckets;
    const QString operators = operatorIdList(db);
    const QList<OffsetStretch> stretches =
        operators.isEmpty() ? QList<OffsetStretch>() : offsetStretches(q.period.zone, start, end);
    for (const OffsetStretch& s : stretches) {
        const QString localDay =
            db.dialect().intDiv(QStringLiteral("t.created_at + (%1)").arg(s.offsetMs), kDayMs);
        QString sql = QStringLiteral("SELECT %1 AS local_day, la.operator_id, la.kind, la.channel, t.kind, "
                                     "SUM(p.amount_fen), COUNT(*) FROM transactions t "
                                     "JOIN postings p ON p.tx_id = t.id "
                                     "JOIN ledger_accounts la ON la.id = p.ledger_account_id "
                                     "WHERE t.operator_id IN (%2) AND t.created_at >= ? AND t.created_at < ? "
                                     "AND la.kind IN ('takings', 'refunds')%3")
                          .arg(localDay, operators,
                               q.cashier ? QStringLiteral(" AND la.operator_id = ?") : QString());
        sql += QStringLiteral(" GROUP BY local_day, la.operator_id, la.kind, la.channel, t.kind");
        storage::SqlQuery rows(db, sql);
        rows.bind(s.fromMs);
        rows.bind(s.toMs);
        if (q.cashier)
            rows.bind(q.cashier->v);
        rows.exec();
        while (rows.next()) {
            const QDate day = dateOfLocalDay(rows.intValue(0));
            const qint64 cashier = q.byCashier ? rows.intValue(1) : 0;
            const bool takings = rows.stringValue(2) == u"takings";
            const QString txKind = rows.stringValue(4);
            const Money amount = Money::fromFen(rows.intValue(5)); // debit positive: money in
            Totals& t = buckets[{bucketStart(day, q.granularity), cashier}];
            if (txKind == u"correction")
                t.corrections += amount;
            else if (takings)
                t.perChannel[size_t(channelIndex(rows.stringValue(3)))] += amount;
            else
                t.refunds -= amount;
            if (takings && txKind == u"recharge")
                t.recharges += rows.intValue(6);
        }
    }
    if (!q.byCashier) {
        for (QDate b = bucketStart(q.period.from, q.granularity); b <= q.period.to; b = nextBucket(b, q.granularity))
            buckets[{b, 0}]; // every period has a row
    }

    ReportTable table(QStringLiteral("sales"), Tr::tr("Sales"));
    table.addColumn(QStringLiteral("period"), Tr::tr("Period"), ColumnType::Text);
    if (q.byCashier) {
        table.addColumn(QStringLiteral("cashier"), Tr::tr("Cashier ID"), ColumnType::Integer);
        table.addColumn(QStringLiteral("cashier_name"), Tr::tr("Cashier"), ColumnType::Text);
    }
    for (Channel c : kAllChannels)
        table.addColumn(channelKey(c), channelName(c), ColumnType::Money, true);
    table.addColumn(QStringLiteral("sales"), Tr::tr("Sales"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("refunds"), Tr::tr("Refunds"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("corrections"), Tr::tr("Corrections"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("net"), Tr::tr("Net takings"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("recharges"), Tr::tr("Recharges"), ColumnType::Integer, true);

    const QMap<qint64, QString> names = q.byCashier ? operatorNames(db) : QMap<qint64, QString>();
    for (auto it = buckets.cbegin(); it != buckets.cend(); ++it) {
        const int r = table.appendRow();
        table.set(r, QStringLiteral("period"), Cell::text(bucketLabel(it.key().first, q.granularity)));
        if (q.byCashier) {
            table.set(r, QStringLiteral("cashier"), Cell::integer(it.key().second));
            table.set(r, QStringLiteral("cashier_name"), Cell::text(names.value(it.key().second)));
        }
        const Totals& t = it.value();
        Money sales;
        for (qsizetype i = 0; i < kChannels; ++i) {
            table.set(r, channelKey(kAllChannels[i]), Cell::money(t.perChannel[size_t(i)]));
            sales += t.perChannel[size_t(i)];
        }
        table.set(r, QStringLiteral("sales"), Cell::money(sales));
        table.set(r, QStringLiteral("refunds"), Cell::money(t.refunds));
        table.set(r, QStringLiteral("corrections"), Cell::money(t.corrections));
        table.set(r, QStringLiteral("net"), Cell::money(sales - t.refunds + t.corrections));
        table.set(r, QStringLiteral("recharges"), Cell::integer(t.recharges));
    }
    table.computeTotals(Tr::tr("Total"));
    table.addSummary(QStringLiteral("from"), Tr::tr("From"), ColumnType::Date, Cell::date(q.period.from));
    table.addSummary(QStringLiteral("to"), Tr::tr("To"), ColumnType::Date, Cell::date(q.period.to));
    table.addSummary(QStringLiteral("time_zone"), Tr::tr("Time zone"), ColumnType::Text,
                     Cell::text(QString::fromLatin1(q.period.zone.id())));
    return table;
}

} // namespace md::report
