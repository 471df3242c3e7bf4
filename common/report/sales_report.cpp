#include "report/sales_report.h"

#include "ledger/channel.h"
#include "ledger/wallet_daily.h"
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
// a join on MariaDB). Integers only, nothing a person typed. Every posting to a drawer
// (takings, refunds) is made by a logged-in operator — a recharge, refund or closing by its
// cashier, a correction by its approver — while the service's deductions carry operator 0.
QString operatorIdList(storage::Database& db)
{
    storage::SqlQuery q(db, QStringLiteral("SELECT id FROM operators ORDER BY id"));
    q.exec();
    QStringList ids;
    while (q.next())
        ids << QString::number(q.intValue(0));
    return ids.join(QStringLiteral(", "));
}

using Buckets = QMap<std::pair<QDate, qint64>, Totals>; // (bucket start, cashier id or 0)

void addDrawerAmount(Totals& t, bool takings, bool correction, Money amount, qint64 channelKeyIndex)
{
    if (correction)
        t.corrections += amount;
    else if (takings)
        t.perChannel[size_t(channelKeyIndex)] += amount;
    else
        t.refunds -= amount; // debit positive: a refund is money out of the refunds drawer
}

// The money from the drawers' daily rollup (wallet_daily, kept with every posting; a few rows
// a cashier and channel a day, however many meters): net_fen is every posting of the day, of
// which correction_fen came from corrections. The recharges are counted from
// transactions_by_operator_time alone (operator, time, kind): no transaction row is read.
void fromRollup(storage::Database& db, const SalesQuery& q, Buckets& buckets)
{
    QString sql = QStringLiteral("SELECT w.day, la.operator_id, la.kind, la.channel, "
                                 "SUM(w.net_fen - w.correction_fen), SUM(w.correction_fen) FROM wallet_daily w "
                                 "JOIN ledger_accounts la ON la.id = w.ledger_account_id "
                                 "WHERE w.ledger_account_id IN (SELECT id FROM ledger_accounts "
                                 "WHERE kind IN ('takings', 'refunds')%1) AND w.day >= ? AND w.day <= ? "
                                 "GROUP BY w.day, la.operator_id, la.kind, la.channel")
                      .arg(q.cashier ? QStringLiteral(" AND operator_id = ?") : QString());
    storage::SqlQuery rows(db, sql);
    if (q.cashier)
        rows.bind(q.cashier->v);
    rows.bind(q.period.from.toString(Qt::ISODate));
    rows.bind(q.period.to.toString(Qt::ISODate));
    rows.exec();
    while (rows.next()) {
        const QDate day = QDate::fromString(rows.stringValue(0), Qt::ISODate);
        const qint64 cashier = q.byCashier ? rows.intValue(1) : 0;
        const bool takings = rows.stringValue(2) == u"takings";
        Totals& t = buckets[{bucketStart(day, q.granularity), cashier}];
        const qint64 channel = channelIndex(rows.stringValue(3));
        addDrawerAmount(t, takings, false, Money::fromFen(rows.intValue(4)), channel);
        addDrawerAmount(t, takings, true, Money::fromFen(rows.intValue(5)), channel);
    }

    const QString operators = q.cashier ? QString::number(q.cashier->v) : operatorIdList(db);
    if (operators.isEmpty())
        return;
    for (const OffsetStretch& s : offsetStretches(q.period.zone, q.period.startMs(), q.period.endMs())) {
        const QString localDay = db.dialect().intDiv(QStringLiteral("created_at + (%1)").arg(s.offsetMs), kDayMs);
        storage::SqlQuery counts(db, QStringLiteral("SELECT %1 AS local_day, operator_id, COUNT(*) FROM transactions "
                                                    "WHERE operator_id IN (%2) AND created_at >= ? AND created_at < ? "
                                                    "AND kind = 'recharge' GROUP BY local_day, operator_id")
                                         .arg(localDay, operators));
        counts.bind(s.fromMs);
        counts.bind(s.toMs);
        counts.exec();
        while (counts.next()) {
            const QDate day = dateOfLocalDay(counts.intValue(0));
            const qint64 cashier = q.byCashier ? counts.intValue(1) : 0;
            buckets[{bucketStart(day, q.granularity), cashier}].recharges += counts.intValue(2);
        }
    }
}

// The same from the postings, for a period in another zone than the rollup's: the operators'
// transactions of the period (transactions_by_operator_time), their drawer postings.
void fromPostings(storage::Database& db, const SalesQuery& q, Buckets& buckets)
{
    const QString operators = operatorIdList(db);
    if (operators.isEmpty())
        return;
    for (const OffsetStretch& s : offsetStretches(q.period.zone, q.period.startMs(), q.period.endMs())) {
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
            Totals& t = buckets[{bucketStart(day, q.granularity), cashier}];
            addDrawerAmount(t, takings, txKind == u"correction", Money::fromFen(rows.intValue(5)),
                            channelIndex(rows.stringValue(3)));
            if (takings && txKind == u"recharge")
                t.recharges += rows.intValue(6);
        }
    }
}

} // namespace

ReportTable salesReport(storage::Database& db, const SalesQuery& q)
{
    ReadSnapshot snapshot(db);
    Buckets buckets;
    if (walletDailyZone(db) == q.period.zone.id())
        fromRollup(db, q, buckets);
    else
        fromPostings(db, q, buckets);
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
