#include "report/account_ledger_report.h"

#include "ledger/wallet_daily.h"
#include "money/money.h"
#include "money/utility.h"
#include "report/report_render.h"
#include "report/rollup_span.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QHash>
#include <QMap>

#include <algorithm>
#include <array>

namespace md::report {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::report::AccountLedgerReport)
};

struct WalletRow
{
    qint64 account = 0;
    QString code;
    QString tenant;
    QString utility;
    Money cached;           // debit-positive sum of all postings
    Money opening, closing; // debit-positive balances at the period's start and end
    Money recharges, deductions, refunds, transfers, corrections, adjustments;
};

// The seven kind sums (debit-positive): recharge, deduction, refund, closing, transfer,
// correction, adjustment transactions' postings to the wallet.
using KindSums = std::array<qint64, 7>;

KindSums kindSums(const storage::SqlQuery& m, int first)
{
    KindSums out{};
    for (int c = 0; c < 7; ++c)
        out[size_t(c)] = m.intValue(first + c);
    return out;
}

void setMovements(WalletRow& r, const KindSums& sums)
{
    const auto fen = [&](int c) { return Money::fromFen(sums[size_t(c)]); };
    // Tenant view: a credit (negative posting) raises the balance.
    r.recharges = -fen(0);
    r.deductions = fen(1);
    r.refunds = fen(2) + fen(3);
    r.transfers = -fen(4);
    r.corrections = -fen(5);
    r.adjustments = -fen(6);
}

struct Readings
{
    std::optional<qint64> opening, closing;
    qint64 used = 0;
    bool any = false;
    QStringList meters; // per meter: its nameplate and, with several meters, its own readings
};

void addOptional(std::optional<qint64>& sum, std::optional<qint64> v, bool& missing)
{
    if (!v)
        missing = true;
    else
        sum = sum.value_or(0) + *v;
}

// The movements and the balances at both ends from the postings since the period began (the
// rollup is in another time zone): what lies after its end, and within it by the kind of
// transaction. Opening and closing are the cached balance less the postings after the start/end.
void movementsFromPostings(storage::Database& db, const AccountLedgerQuery& q, QMap<qint64, WalletRow>& wallets)
{
    const qint64 start = q.period.startMs();
    const qint64 end = q.period.endMs();
    for (WalletRow& r : wallets)
        r.opening = r.closing = r.cached; // nothing posted since the start
    {
        const QString inPeriod = QStringLiteral("SUM(CASE WHEN t.created_at < ? AND t.kind = '%1' THEN p.amount_fen ELSE 0 END)");
        storage::SqlQuery m(db, QStringLiteral("SELECT p.ledger_account_id, SUM(p.amount_fen), "
                                               "SUM(CASE WHEN t.created_at >= ? THEN p.amount_fen ELSE 0 END), ") +
                                    QStringList{inPeriod.arg(QStringLiteral("recharge")), inPeriod.arg(QStringLiteral("deduction")),
                                                inPeriod.arg(QStringLiteral("refund")), inPeriod.arg(QStringLiteral("closing")),
                                                inPeriod.arg(QStringLiteral("transfer")), inPeriod.arg(QStringLiteral("correction")),
                                                inPeriod.arg(QStringLiteral("adjustment"))}
                                        .join(QStringLiteral(", ")) +
                                    // One account: through its wallets' postings (postings_by_account),
                                    // not every transaction since the start. All wallets: through the
                                    // transactions since the start (the time index), so that a recent
                                    // month reads that month, not every posting ever; CROSS JOIN fixes
                                    // that order on SQLite (MySQL reads it as an inner join).
                                    (q.account ? QStringLiteral(" FROM postings p JOIN transactions t ON t.id = p.tx_id "
                                                                "JOIN ledger_accounts la ON la.id = p.ledger_account_id "
                                                                "WHERE t.created_at >= ? AND p.ledger_account_id IN "
                                                                "(SELECT id FROM ledger_accounts WHERE kind = 'wallet' "
                                                                "AND account_id = ?)")
                                               : QStringLiteral(" FROM transactions t CROSS JOIN postings p ON p.tx_id = t.id "
                                                                "JOIN ledger_accounts la ON la.id = p.ledger_account_id "
                                                                "WHERE t.created_at >= ? AND la.kind = 'wallet'")) +
                                    QStringLiteral(" GROUP BY p.ledger_account_id"));
        m.bind(end);
        for (int i = 0; i < 7; ++i)
            m.bind(end);
        m.bind(start);
        if (q.account)
            m.bind(q.account->v);
        m.exec();
        while (m.next()) {
            auto it = wallets.find(m.intValue(0));
            if (it == wallets.end())
                continue; // posted after the wallet list was read: not in this snapshot
            WalletRow& r = *it;
            r.opening = r.cached - Money::fromFen(m.intValue(1));
            r.closing = r.cached - Money::fromFen(m.intValue(2));
            setMovements(r, kindSums(m, 3));
        }
    }
}

// Per ledger account, its balance at the end of its last wallet_daily day before (op "<") or
// through ("<=") `day`; accounts with no such day are missing.
// Two forms of one question, because the backends' planners differ. MariaDB answers the
// grouped MAX(day) by a loose scan of the key (one seek per ledger account): 40-70 ms for every
// wallet of 5,000 meters, where a correlated look-up per wallet took 440-580 ms. SQLite has no
// loose scan (the grouped form would read every day row before `day`), but seeks each
// correlated look-up in its B-tree directly. One account's wallets take the correlated form on
// both: two look-ups.
QHash<qint64, Money> balances(storage::Database& db, const AccountLedgerQuery& q, const QString& op, const QString& day)
{
    QString sql;
    if (!q.account && db.backend() != storage::DatabaseConfig::Backend::Sqlite) {
        sql = QStringLiteral("SELECT w.ledger_account_id, w.balance_fen FROM wallet_daily w JOIN "
                             "(SELECT ledger_account_id, MAX(day) AS last_day FROM wallet_daily "
                             "WHERE day %1 ? GROUP BY ledger_account_id) l "
                             "ON w.ledger_account_id = l.ledger_account_id AND w.day = l.last_day")
                  .arg(op);
    } else {
        sql = QStringLiteral("SELECT la.id, (SELECT x.balance_fen FROM wallet_daily x "
                             "WHERE x.ledger_account_id = la.id AND x.day %1 ? "
                             "ORDER BY x.day DESC LIMIT 1) FROM ledger_accounts la WHERE la.kind = 'wallet'")
                  .arg(op);
        if (q.account)
            sql += QStringLiteral(" AND la.account_id = ?");
    }
    storage::SqlQuery b(db, sql);
    b.bind(day);
    if (q.account)
        b.bind(q.account->v);
    b.exec();
    QHash<qint64, Money> out; // the grouped form lists every ledger account, not only wallets
    while (b.next()) {
        if (const std::optional<qint64> fen = b.optionalInt(1))
            out.insert(b.intValue(0), Money::fromFen(*fen));
    }
    return out;
}

// The same from wallet_daily, a row per wallet and day: the movements are the kind sums of the
// period's days, opening and closing the balance at the end of the last day before it and of
// its last day (a column kept apart from the kind sums, so the row identity stays a check).
void movementsFromRollup(storage::Database& db, const AccountLedgerQuery& q, QMap<qint64, WalletRow>& wallets)
{
    const QString from = q.period.from.toString(Qt::ISODate);
    const QString to = q.period.to.toString(Qt::ISODate);
    const QString oneAccount = q.account ? QStringLiteral(" AND la.account_id = ?") : QString();
    // A wallet with no day row before the period had nothing posted yet: zero.
    const QHash<qint64, Money> opening = balances(db, q, QStringLiteral("<"), from);
    const QHash<qint64, Money> closing = balances(db, q, QStringLiteral("<="), to);
    for (auto it = wallets.begin(); it != wallets.end(); ++it) {
        it->opening = opening.value(it.key());
        it->closing = closing.value(it.key());
    }
    // The kind sums of the period's whole months from wallet_monthly, of the days around them
    // from wallet_daily (report/rollup_span.h).
    QMap<qint64, KindSums> sums;
    const auto add = [&](bool monthly, const QString& first, const QString& last) {
        storage::SqlQuery m(db, QStringLiteral("SELECT d.ledger_account_id, SUM(d.recharge_fen), SUM(d.deduction_fen), "
                                               "SUM(d.refund_fen), SUM(d.settlement_fen), SUM(d.transfer_fen), "
                                               "SUM(d.correction_fen), SUM(d.adjustment_fen) FROM %1 d "
                                               "WHERE d.ledger_account_id IN (SELECT la.id FROM ledger_accounts la "
                                               "WHERE la.kind = 'wallet'")
                                    .arg(monthly ? QStringLiteral("wallet_monthly") : QStringLiteral("wallet_daily")) +
                                    oneAccount +
                                    QStringLiteral(") AND d.%1 >= ? AND d.%1 <= ? GROUP BY d.ledger_account_id")
                                        .arg(monthly ? QStringLiteral("month") : QStringLiteral("day")));
        if (q.account)
            m.bind(q.account->v);
        m.bind(first);
        m.bind(last);
        m.exec();
        while (m.next()) {
            KindSums& s = sums[m.intValue(0)];
            const KindSums part = kindSums(m, 1);
            for (size_t i = 0; i < s.size(); ++i)
                s[i] += part[i];
        }
    };
    const RollupSpan span = rollupSpan(q.period.from, q.period.to);
    for (const auto& [first, last] : span.dayRanges)
        add(false, first, last);
    if (span.hasMonths())
        add(true, span.firstMonth, span.lastMonth);
    for (auto it = sums.cbegin(); it != sums.cend(); ++it) {
        auto w = wallets.find(it.key());
        if (w == wallets.end())
            continue;
        setMovements(*w, it.value());
    }
}

} // namespace

bool walletDailyCovers(storage::Database& db, const ReportPeriod& period)
{
    return walletDailyZone(db) == period.zone.id();
}

ReportTable accountLedgerReport(storage::Database& db, const AccountLedgerQuery& q)
{
    ReadSnapshot snapshot(db);
    const QString oneAccount = q.account ? QStringLiteral(" AND la.account_id = ?") : QString();

    QMap<qint64, WalletRow> wallets; // ledger account id -> row, ordered by account and utility below
    {
        storage::SqlQuery w(db, QStringLiteral("SELECT la.id, la.account_id, a.code, a.tenant_name, la.utility, "
                                               "la.balance_fen FROM ledger_accounts la "
                                               "JOIN accounts a ON a.id = la.account_id WHERE la.kind = 'wallet'") +
                                    oneAccount);
        if (q.account)
            w.bind(q.account->v);
        w.exec();
        while (w.next()) {
            WalletRow& r = wallets[w.intValue(0)];
            r.account = w.intValue(1);
            r.code = w.stringValue(2);
            r.tenant = w.stringValue(3);
            r.utility = w.stringValue(4);
            r.cached = Money::fromFen(w.intValue(5));
        }
    }
    if (walletDailyCovers(db, q.period))
        movementsFromRollup(db, q, wallets);
    else
        movementsFromPostings(db, q, wallets);
    // Readings: per wallet (account, utility), the sums over its meters of the first and last
    // total register in the period's days and of the billed consumption.
    QMap<std::pair<qint64, QString>, Readings> readings;
    if (q.readings) {
        // Per meter: from each part of the period (head days, whole months, tail days; in that
        // order in time) its first and last row's total and the consumption; the meter's
        // opening is its earliest part's first, its closing its latest part's last, exactly as
        // the first and last day rows of the whole period.
        struct MeterReadings
        {
            qint64 account = 0;
            QString utility;
            QString nameplate;
            std::optional<qint64> opening, closing;
            int openingPart = -1;
            int closingPart = -1;
            qint64 used = 0;
        };
        QMap<qint64, MeterReadings> meters;
        const auto readPart = [&](int part, bool monthly, const QString& first, const QString& last) {
            const QString table = monthly ? QStringLiteral("meter_monthly") : QStringLiteral("meter_daily");
            const QString key = monthly ? QStringLiteral("month") : QStringLiteral("day");
            storage::SqlQuery r(db, QStringLiteral(
                                        "SELECT agg.meter_id, m.account_id, m.utility, agg.used, "
                                        "(SELECT x.first_total_milli FROM %1 x WHERE x.meter_id = agg.meter_id "
                                        "AND x.%2 = agg.first_key), "
                                        "(SELECT y.last_total_milli FROM %1 y WHERE y.meter_id = agg.meter_id "
                                        "AND y.%2 = agg.last_key), m.nameplate "
                                        "FROM (SELECT meter_id, MIN(%2) AS first_key, MAX(%2) AS last_key, "
                                        "SUM(used_total_milli) AS used FROM %1 WHERE %2 >= ? AND %2 <= ?")
                                        .arg(table, key) +
                                        // One account: its meters' rows only (the rollup's key), not every
                                        // meter's rows of the period aggregated first (1 s for a year of
                                        // 1,000 meters' days, docs/performance.md "Reports at scale").
                                        (q.account ? QStringLiteral(" AND meter_id IN (SELECT id FROM meters WHERE account_id = ?)")
                                                   : QString()) +
                                        QStringLiteral(" GROUP BY meter_id) agg JOIN meters m ON m.id = agg.meter_id "
                                                       "WHERE m.account_id IS NOT NULL"));
            r.bind(first);
            r.bind(last);
            if (q.account)
                r.bind(q.account->v);
            r.exec();
            while (r.next()) {
                MeterReadings& x = meters[r.intValue(0)];
                x.account = r.intValue(1);
                x.utility = r.stringValue(2);
                x.nameplate = r.stringValue(6);
                x.used += r.intValue(3);
                if (x.openingPart < 0 || part < x.openingPart) {
                    x.openingPart = part;
                    x.opening = r.optionalInt(4);
                }
                if (part > x.closingPart) {
                    x.closingPart = part;
                    x.closing = r.optionalInt(5);
                }
            }
        };
        const RollupSpan span = rollupSpan(q.period.from, q.period.to);
        const bool head = !span.dayRanges.isEmpty() && span.dayRanges.first().first == q.period.from.toString(Qt::ISODate);
        for (qsizetype i = 0; i < span.dayRanges.size(); ++i) {
            const int part = i == 0 && head ? 0 : 2; // the head before the months, the tail after
            readPart(part, false, span.dayRanges.at(i).first, span.dayRanges.at(i).second);
        }
        if (span.hasMonths())
            readPart(1, true, span.firstMonth, span.lastMonth);
        QMap<std::pair<qint64, QString>, bool> missing;
        QMap<std::pair<qint64, QString>, QList<const MeterReadings*>> perWallet;
        for (const MeterReadings& mr : std::as_const(meters)) {
            const std::pair<qint64, QString> key{mr.account, mr.utility};
            Readings& x = readings[key];
            x.any = true;
            x.used += mr.used;
            addOptional(x.opening, mr.opening, missing[key]);
            addOptional(x.closing, mr.closing, missing[key]);
            perWallet[key].append(&mr);
        }
        for (auto it = perWallet.begin(); it != perWallet.end(); ++it) {
            Readings& x = readings[it.key()];
            const QList<const MeterReadings*>& list = it.value(); // by meter id: a successor comes later
            if (list.size() == 1) {
                x.meters << list.first()->nameplate;
                continue;
            }
            // Several meters (a swap in the period, or a wallet with more than one): a sum of
            // their registers is no meter's reading (1000.000 + 0.500), so each meter shows its
            // own and the opening and closing columns stay empty; the consumption is their sum.
            const auto text = [](const std::optional<qint64>& v) {
                return v ? formatCell(Cell::quantityMilli(*v), ColumnType::Quantity) : QStringLiteral("?");
            };
            for (const MeterReadings* m : std::as_const(list))
                x.meters << QStringLiteral("%1 %2 → %3").arg(m->nameplate, text(m->opening), text(m->closing));
            missing[it.key()] = true;
        }
        // A meter without a total register makes the wallet's summed readings meaningless.
        for (auto it = missing.cbegin(); it != missing.cend(); ++it) {
            if (it.value()) {
                readings[it.key()].opening.reset();
                readings[it.key()].closing.reset();
            }
        }
    }

    ReportTable table(QStringLiteral("account_ledger"), Tr::tr("Account ledger"));
    table.addColumn(QStringLiteral("account"), Tr::tr("Account ID"), ColumnType::Integer);
    table.addColumn(QStringLiteral("code"), Tr::tr("Account"), ColumnType::Text);
    table.addColumn(QStringLiteral("tenant"), Tr::tr("Tenant"), ColumnType::Text);
    table.addColumn(QStringLiteral("utility"), Tr::tr("Utility"), ColumnType::Text);
    table.addColumn(QStringLiteral("opening"), Tr::tr("Opening balance"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("recharges"), Tr::tr("Recharges"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("deductions"), Tr::tr("Deductions"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("refunds"), Tr::tr("Refunds and settlements"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("transfers"), Tr::tr("Transfers"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("corrections"), Tr::tr("Corrections"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("adjustments"), Tr::tr("Adjustments"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("closing"), Tr::tr("Closing balance"), ColumnType::Money, true);
    table.addColumn(QStringLiteral("unit"), Tr::tr("Unit"), ColumnType::Text);
    table.addColumn(QStringLiteral("meters"), Tr::tr("Meters"), ColumnType::Text);
    table.addColumn(QStringLiteral("opening_reading"), Tr::tr("Opening reading"), ColumnType::Quantity);
    table.addColumn(QStringLiteral("closing_reading"), Tr::tr("Closing reading"), ColumnType::Quantity);
    table.addColumn(QStringLiteral("consumption"), Tr::tr("Consumption"), ColumnType::Quantity);

    QList<const WalletRow*> ordered;
    for (const WalletRow& w : std::as_const(wallets))
        ordered.append(&w);
    std::sort(ordered.begin(), ordered.end(), [](const WalletRow* a, const WalletRow* b) {
        return std::pair(a->account, parseUtility(a->utility).value_or(Utility::Heat)) <
               std::pair(b->account, parseUtility(b->utility).value_or(Utility::Heat));
    });
    for (const WalletRow* w : ordered) {
        const Money opening = -w->opening;
        const Money closing = -w->closing;
        const Readings rd = readings.value({w->account, w->utility});
        const bool moved = !(w->recharges.isZero() && w->deductions.isZero() && w->refunds.isZero() &&
                             w->transfers.isZero() && w->corrections.isZero() && w->adjustments.isZero());
        if (opening.isZero() && closing.isZero() && !moved && !rd.any)
            continue;
        const int r = table.appendRow();
        table.set(r, QStringLiteral("account"), Cell::integer(w->account));
        table.set(r, QStringLiteral("code"), Cell::text(w->code));
        table.set(r, QStringLiteral("tenant"), Cell::text(w->tenant));
        table.set(r, QStringLiteral("utility"), Cell::text(w->utility));
        table.set(r, QStringLiteral("opening"), Cell::money(opening));
        table.set(r, QStringLiteral("recharges"), Cell::money(w->recharges));
        table.set(r, QStringLiteral("deductions"), Cell::money(w->deductions));
        table.set(r, QStringLiteral("refunds"), Cell::money(w->refunds));
        table.set(r, QStringLiteral("transfers"), Cell::money(w->transfers));
        table.set(r, QStringLiteral("corrections"), Cell::money(w->corrections));
        table.set(r, QStringLiteral("adjustments"), Cell::money(w->adjustments));
        table.set(r, QStringLiteral("closing"), Cell::money(closing));
        if (const auto u = parseUtility(w->utility))
            table.set(r, QStringLiteral("unit"), Cell::text(unitKey(defaultUnit(*u))));
        if (rd.any) {
            table.set(r, QStringLiteral("meters"), Cell::text(rd.meters.join(QStringLiteral("; "))));
            if (rd.opening)
                table.set(r, QStringLiteral("opening_reading"), Cell::quantityMilli(*rd.opening));
            if (rd.closing)
                table.set(r, QStringLiteral("closing_reading"), Cell::quantityMilli(*rd.closing));
            table.set(r, QStringLiteral("consumption"), Cell::quantityMilli(rd.used));
        }
    }
    table.computeTotals(Tr::tr("Total"));
    table.addSummary(QStringLiteral("from"), Tr::tr("From"), ColumnType::Date, Cell::date(q.period.from));
    table.addSummary(QStringLiteral("to"), Tr::tr("To"), ColumnType::Date, Cell::date(q.period.to));
    table.addSummary(QStringLiteral("time_zone"), Tr::tr("Time zone"), ColumnType::Text,
                     Cell::text(QString::fromLatin1(q.period.zone.id())));
    return table;
}

} // namespace md::report
