// The reports over a dataset built through the real Ledger, on SQLite and MariaDB, compared
// to checked-in CSV files byte for byte (tests/report/golden). The amounts are worked out by
// hand in report_fixture.cpp; the key figures are also checked here one by one.
// MD_UPDATE_GOLDEN=1 rewrites the golden files from the SQLite run (then read the diff).

#include "report_fixture.h"

#include "ledger/wallet_daily.h"
#include "report/account_ledger_report.h"
#include "report/arrears_report.h"
#include "report/reconciliation.h"
#include "report/rollup_check.h"
#include "report/report_render.h"
#include "report/sales_report.h"
#include "report/shift_report.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

using namespace md;
using namespace md::test;
using namespace md::report;

namespace {


ReportPeriod period(int fromMonth, int fromDay, int toMonth, int toDay, const QTimeZone& zone = ReportFixture::office())
{
    return ReportPeriod{QDate(2026, fromMonth, fromDay), QDate(2026, toMonth, toDay), zone};
}

Money yuan(const char* text)
{
    return *Money::parseYuan(QString::fromLatin1(text));
}

} // namespace

TEST_CASE("Report goldens: sales, account ledger, shift, arrears, reconciliation", "[report][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    storage::Database& db = f.db();

    const ReportTable daily = salesReport(db, {period(1, 30, 2, 5), Granularity::Day, false, std::nullopt});
    checkReportGolden(daily, QStringLiteral("sales_day"), backend);
    CHECK(daily.rows().size() == 7);
    CHECK(daily.totalMoney(QStringLiteral("sales")) == yuan("540.00"));
    CHECK(daily.totalMoney(QStringLiteral("refunds")) == yuan("105.00"));
    CHECK(daily.totalMoney(QStringLiteral("corrections")) == yuan("-60.00"));
    CHECK(daily.totalMoney(QStringLiteral("net")) == yuan("375.00"));

    const ReportTable monthly = salesReport(db, {period(1, 1, 2, 28), Granularity::Month, true, std::nullopt});
    checkReportGolden(monthly, QStringLiteral("sales_month_by_cashier"), backend);
    const ReportTable yearly = salesReport(db, {period(1, 1, 12, 31), Granularity::Year, false, kLi});
    checkReportGolden(yearly, QStringLiteral("sales_year_li"), backend);

    const ReportTable ledger = accountLedgerReport(db, {period(2, 1, 2, 5), std::nullopt});
    checkReportGolden(ledger, QStringLiteral("account_ledger_feb"), backend);
    CHECK(ledger.totalMoney(QStringLiteral("opening")) == yuan("483.73"));
    CHECK(ledger.totalMoney(QStringLiteral("closing")) == yuan("240.89"));
    const ReportTable one = accountLedgerReport(db, {period(1, 30, 2, 5), f.a1});
    checkReportGolden(one, QStringLiteral("account_ledger_a1"), backend);

    ShiftQuery shift;
    shift.cashier = kWang;
    shift.zone = ReportFixture::office();
    shift.range.fromMs = QDateTime(QDate(2026, 1, 30), QTime(0, 0), ReportFixture::office()).toMSecsSinceEpoch();
    shift.range.toMs = QDateTime(QDate(2026, 2, 4), QTime(0, 0), ReportFixture::office()).toMSecsSinceEpoch();
    const ReportTable wang = shiftReport(db, shift);
    checkReportGolden(wang, QStringLiteral("shift_wang"), backend);
    CHECK(wang.totalMoney(QStringLiteral("net")) == yuan("305.00"));

    checkReportGolden(arrearsReport(db, {}), QStringLiteral("arrears"), backend);
    checkReportGolden(arrearsReport(db, {AlarmLevel::Arrears}), QStringLiteral("arrears_only"), backend);

    const Reconciliation feb = reconcile(db, period(2, 1, 2, 5));
    checkReportGolden(feb.table, QStringLiteral("reconcile_feb"), backend);
    CHECK(feb.netTakings == yuan("-145.00"));
    CHECK(feb.balanced());
}

TEST_CASE("Sales from the drawers' daily rollup equal sales from the postings", "[report][mysql]")
{
    // In the rollup's zone the report reads wallet_daily and counts recharges from the index;
    // in any other zone it reads the postings. Etc/GMT-8 has the office's days (UTC+8, no
    // DST) under another name, so the two paths must give the same table, to the fen.
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    const QTimeZone fixed("Etc/GMT-8");
    REQUIRE(fixed.isValid());
    const QByteArray officeId = ReportFixture::office().id();
    const std::pair<QDate, QDate> spans[] = {{QDate(2026, 1, 30), QDate(2026, 2, 5)},
                                             {QDate(2026, 1, 1), QDate(2026, 12, 31)},
                                             {QDate(2026, 1, 31), QDate(2026, 2, 1)},
                                             {QDate(2026, 2, 3), QDate(2026, 2, 3)}};
    int compared = 0;
    for (const auto& [from, to] : spans) {
        for (const Granularity g : {Granularity::Day, Granularity::Month, Granularity::Year}) {
            for (const auto& [byCashier, cashier] : {std::pair(false, std::optional<OperatorId>()),
                                                     std::pair(true, std::optional<OperatorId>()),
                                                     std::pair(false, std::optional<OperatorId>(kLi)),
                                                     std::pair(false, std::optional<OperatorId>(kWang))}) {
                INFO(from.toString(Qt::ISODate).toStdString() << ".." << to.toString(Qt::ISODate).toStdString()
                                                              << " granularity " << int(g) << " by cashier " << byCashier);
                const ReportTable rollup =
                    salesReport(f.db(), {ReportPeriod{from, to, ReportFixture::office()}, g, byCashier, cashier});
                const ReportTable postings = salesReport(f.db(), {ReportPeriod{from, to, fixed}, g, byCashier, cashier});
                QByteArray postingsCsv = toCsv(postings);
                postingsCsv.replace("Etc/GMT-8", officeId);
                CHECK(toCsv(rollup) == postingsCsv);
                ++compared;
            }
        }
    }
    CHECK(compared == 48);
    // Not vacuous: the year has every kind of drawer movement in it.
    const ReportTable year = salesReport(f.db(), {period(1, 1, 12, 31), Granularity::Year, false, std::nullopt});
    CHECK(year.totalMoney(QStringLiteral("sales")) != Money());
    CHECK(year.totalMoney(QStringLiteral("refunds")) != Money());
    CHECK(year.totalMoney(QStringLiteral("corrections")) != Money());
}

TEST_CASE("Reconciliation balances to the fen over any period and finds a fen out of place", "[report][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    // Every single day, a few spans, the month boundary, and all of it.
    for (QDate d(2026, 1, 29); d <= QDate(2026, 2, 7); d = d.addDays(1)) {
        INFO("day " << d.toString(Qt::ISODate).toStdString());
        const Reconciliation r = reconcile(f.db(), ReportPeriod{d, d, ReportFixture::office()});
        CHECK(r.problems.isEmpty());
        CHECK(r.difference == Money());
    }
    for (const auto& [from, to] : {std::pair(QDate(2026, 1, 1), QDate(2026, 12, 31)),
                                   std::pair(QDate(2026, 1, 31), QDate(2026, 2, 1)),
                                   std::pair(QDate(2026, 2, 2), QDate(2026, 2, 4))}) {
        const Reconciliation r = reconcile(f.db(), ReportPeriod{from, to, ReportFixture::office()});
        CHECK(r.balanced());
    }
    const Reconciliation all = reconcile(f.db(), period(1, 1, 12, 31));
    CHECK(all.netTakings == yuan("380.00")); // 375.00 to 2026-02-05, and the 5.00 of the 6th
    CHECK(all.accounted == yuan("380.00"));

    // One fen more in a drawer than anywhere in the books: an unbalanced transaction.
    f.exec(QStringLiteral("UPDATE postings SET amount_fen = amount_fen + 1 WHERE id = (SELECT id FROM (SELECT MIN(p.id) AS id "
                          "FROM postings p JOIN ledger_accounts la ON la.id = p.ledger_account_id "
                          "WHERE la.kind = 'takings') x)"));
    // Written past the Ledger: the rollups are rebuilt, as below (the reconciliation reads the
    // drawers' and the wallets' rollups; verify-rollups is what finds a posting changed under
    // its rollup).
    rebuildWalletDaily(f.db(), ReportFixture::office());
    const Reconciliation broken = reconcile(f.db(), period(1, 30, 1, 30));
    CHECK_FALSE(broken.balanced());
    CHECK(broken.difference == Money::fromFen(1));
    CHECK(reconcile(f.db(), period(1, 31, 2, 5)).balanced()); // the other days are untouched

    // A transaction of a kind the account ledger does not know moves a wallet: the drawers and
    // the balances still agree, but the wallet's row no longer adds up, and reconcile says so.
    f.at(2, 5, 12, 0);
    const qint64 at = f.clock().nowUtc().toMSecsSinceEpoch();
    f.exec(QStringLiteral("INSERT INTO transactions (kind, idem_key, fingerprint, account_id, utility, operator_id, "
                          "amount_fen, balance_before_fen, balance_after_fen, memo, detail, created_at) VALUES "
                          "('mystery', 'm1', 'x', %1, 'electricity', 2, 100, 0, 0, '', '', %2)")
               .arg(f.a1.v)
               .arg(at));
    f.exec(QStringLiteral("INSERT INTO postings (tx_id, ledger_account_id, amount_fen) SELECT MAX(t.id), la.id, "
                          "CASE WHEN la.kind = 'wallet' THEN -100 ELSE 100 END FROM transactions t, ledger_accounts la "
                          "WHERE la.name IN ('wallet:%1:electricity', 'takings:cash:2') GROUP BY la.id, la.kind")
               .arg(f.a1.v));
    f.exec(QStringLiteral("UPDATE ledger_accounts SET balance_fen = balance_fen + CASE WHEN kind = 'wallet' THEN -100 "
                          "ELSE 100 END WHERE name IN ('wallet:%1:electricity', 'takings:cash:2')")
               .arg(f.a1.v));
    // Postings written past the Ledger: whoever does that rebuilds the daily rollup (as a bulk
    // loader must), or the reports, which read it, would not see them.
    rebuildWalletDaily(f.db(), ReportFixture::office());
    const Reconciliation unknown = reconcile(f.db(), period(2, 5, 2, 5));
    CHECK(unknown.difference == Money());
    REQUIRE(unknown.problems.size() == 1);
    CHECK(unknown.problems.front().contains(QStringLiteral("1-101")));
    CHECK_FALSE(unknown.balanced());
}

TEST_CASE("The office time zone puts a 23:30 local recharge on its own day", "[report][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    // Asia/Shanghai (UTC+8): 2026-01-31 23:30 local is 15:30 UTC the same day; 2026-02-01
    // 00:30 local is still 2026-01-31 in UTC and must be February's.
    const ReportTable jan31 = salesReport(f.db(), {period(1, 31, 2, 1), Granularity::Day, false, std::nullopt});
    REQUIRE(jan31.rows().size() == 2);
    CHECK(jan31.money(0, QStringLiteral("wechat")) == yuan("60.00"));        // 23:30 on the 31st
    CHECK(jan31.money(0, QStringLiteral("bank-transfer")) == yuan("80.00")); // 00:30 on the 31st
    CHECK(jan31.money(1, QStringLiteral("cash")) == yuan("20.00"));          // 00:30 on Feb 1st
    CHECK(jan31.money(1, QStringLiteral("wechat")) == Money());

    // America/New_York (UTC-5, UTC-4 from 2026-03-08 02:00): 23:30 local is the next day in
    // UTC, before and after the change to daylight saving time.
    const QTimeZone newYork(QByteArrayLiteral("America/New_York"));
    const AccountId a = f.ledger()
                            .openAccount({QStringLiteral("open-ny"), QStringLiteral("NY-1"), QStringLiteral("x"), {}, kWang})
                            .account;
    const auto rechargeAt = [&](const char* key, QDate day, const char* paid) {
        f.clock().set(QDateTime(day, QTime(23, 30), newYork));
        f.ledger().recharge({QLatin1String(key), a, Utility::Electricity, Channel::Cash, kWang, yuan(paid), {}, {}, {}});
    };
    rechargeAt("ny-1", QDate(2026, 3, 7), "1.00");
    rechargeAt("ny-2", QDate(2026, 3, 8), "2.00");
    rechargeAt("ny-3", QDate(2026, 3, 31), "4.00");
    const ReportTable march =
        salesReport(f.db(), {period(3, 7, 4, 1, newYork), Granularity::Day, false, std::nullopt});
    REQUIRE(march.rows().size() == 26);
    CHECK(march.money(0, QStringLiteral("cash")) == yuan("1.00"));  // 03-07
    CHECK(march.money(1, QStringLiteral("cash")) == yuan("2.00"));  // 03-08, after the change
    CHECK(march.money(24, QStringLiteral("cash")) == yuan("4.00")); // 03-31
    CHECK(march.money(25, QStringLiteral("cash")) == Money());      // 04-01
    const ReportTable months =
        salesReport(f.db(), {period(3, 1, 4, 30, newYork), Granularity::Month, false, std::nullopt});
    REQUIRE(months.rows().size() == 2);
    CHECK(months.money(0, QStringLiteral("cash")) == yuan("7.00"));
    CHECK(months.money(1, QStringLiteral("cash")) == Money());
}

TEST_CASE("The shift report of a shift close covers exactly the closed transactions", "[report][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    // wang's transactions through the refund f1 (receipt 8), as a shift close would record them.
    storage::SqlQuery q(f.db(), QStringLiteral("SELECT id FROM transactions WHERE receipt_no = 8"));
    const qint64 through = q.scalarInt();
    ShiftRange range;
    range.afterTx = 0;
    range.throughTx = through;
    const ShiftTotals t = shiftTotals(f.db(), kWang, range);
    CHECK(t.takings == yuan("330.00")); // cash 200, wechat 50 + 60 - 60 corrected, transfer 80
    CHECK(t.refunds == yuan("25.00"));
    CHECK(t.receiptCount == 5);
    CHECK(t.firstReceipt == 1);
    CHECK(t.lastReceipt == 8);
    range.afterTx = through;
    range.throughTx = through + 100;
    const ShiftTotals after = shiftTotals(f.db(), kWang, range);
    CHECK(after.takings == Money());
    CHECK(after.receiptCount == 0);
    CHECK_FALSE(after.firstReceipt);
}

TEST_CASE("A shift by time takes transactions by their time, whatever their ids", "[report][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    ShiftRange range;
    range.fromMs = ReportFixture::officeTime(2026, 1, 30, 0, 0).toMSecsSinceEpoch();
    range.toMs = ReportFixture::officeTime(2026, 2, 4, 0, 0).toMSecsSinceEpoch();
    const ShiftTotals before = shiftTotals(f.db(), kWang, range);
    REQUIRE(before.takings == yuan("330.00"));
    // The clock set back (a corrected PC clock): later ids, earlier times. One recharge falls
    // inside the range, after transactions that are outside it; one before the range.
    const auto recharge = [&](const char* key, Channel ch, const char* paid) {
        f.ledger().recharge({QLatin1String(key), f.a1, Utility::Electricity, ch, kWang, yuan(paid), Money(), {}, {}});
    };
    f.at(2, 2, 9, 0);
    recharge("late-in-range", Channel::Cash, "7.00");
    f.at(1, 20, 9, 0);
    recharge("before-range", Channel::Cash, "3.00");
    f.at(2, 10, 9, 0);
    recharge("after-range", Channel::Alipay, "4.00");
    const ShiftTotals t = shiftTotals(f.db(), kWang, range);
    CHECK(t.takings == yuan("337.00"));
    CHECK(t.perChannel.value(QStringLiteral("cash")).first == before.perChannel.value(QStringLiteral("cash")).first + yuan("7.00"));
    CHECK(t.perChannel.value(QStringLiteral("alipay")).first == before.perChannel.value(QStringLiteral("alipay")).first);
    CHECK(t.refunds == before.refunds);
    CHECK(t.receiptCount == before.receiptCount + 1);
    // A range with no transactions at all.
    range.fromMs = ReportFixture::officeTime(2025, 6, 1, 0, 0).toMSecsSinceEpoch();
    range.toMs = ReportFixture::officeTime(2025, 7, 1, 0, 0).toMSecsSinceEpoch();
    const ShiftTotals none = shiftTotals(f.db(), kWang, range);
    CHECK(none.takings == Money());
    CHECK(none.perChannel.isEmpty());
    CHECK(none.receiptCount == 0);
}

TEST_CASE("The account ledger and reconciliation read wallet_daily and agree with the postings", "[report][wallet_daily][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    storage::Database& db = f.db();
    const QList<ReportPeriod> periods{period(1, 1, 12, 31), period(2, 1, 2, 5), period(1, 30, 1, 31), period(2, 3, 2, 3),
                                      period(2, 6, 2, 28)};
    QList<QByteArray> fromRollup;
    for (const ReportPeriod& p : periods) {
        REQUIRE(walletDailyCovers(db, p));
        fromRollup << toCsv(accountLedgerReport(db, {p, std::nullopt})) << toCsv(accountLedgerReport(db, {p, f.a1}))
                   << toCsv(reconcile(db, p).table);
    }
    // Another zone than the rollup's: the postings.
    CHECK_FALSE(walletDailyCovers(db, period(2, 1, 2, 5, QTimeZone::utc())));
    // The same reports from the postings (the rollup's zone record removed) are byte-identical;
    // and the rollup really is what the reports read: a tampered row shows.
    f.exec(QStringLiteral("UPDATE counters SET text_value = 'UTC' WHERE name = 'wallet_daily_zone'"));
    QList<QByteArray> fromPostings;
    for (const ReportPeriod& p : periods) {
        REQUIRE_FALSE(walletDailyCovers(db, p));
        fromPostings << toCsv(accountLedgerReport(db, {p, std::nullopt})) << toCsv(accountLedgerReport(db, {p, f.a1}))
                     << toCsv(reconcile(db, p).table);
    }
    REQUIRE(fromRollup.size() == fromPostings.size());
    for (qsizetype i = 0; i < fromRollup.size(); ++i) {
        INFO("report " << i << "\n--- rollup\n" << fromRollup.at(i).toStdString() << "--- postings\n" << fromPostings.at(i).toStdString());
        CHECK(fromRollup.at(i) == fromPostings.at(i));
    }
    f.exec(QStringLiteral("UPDATE counters SET text_value = 'Asia/Shanghai' WHERE name = 'wallet_daily_zone'"));
    f.exec(QStringLiteral("UPDATE wallet_daily SET deduction_fen = deduction_fen + 1 WHERE day = '2026-02-03' AND "
                          "ledger_account_id IN (SELECT id FROM ledger_accounts WHERE kind = 'wallet')"));
    CHECK_FALSE(reconcile(db, period(2, 3, 2, 3)).balanced());
}

namespace {

// The first wallet_daily row of a ledger account (by default a1's electricity wallet): its id and day.
std::pair<qint64, QString> firstWalletDay(ReportFixture& f, QString name = {})
{
    storage::SqlQuery q(f.db(), QStringLiteral("SELECT d.ledger_account_id, MIN(d.day) FROM wallet_daily d JOIN ledger_accounts la "
                                               "ON la.id = d.ledger_account_id WHERE la.name = ? GROUP BY d.ledger_account_id"));
    q.bind(name.isEmpty() ? QStringLiteral("wallet:%1:electricity").arg(f.a1.v) : name);
    q.exec();
    REQUIRE(q.next());
    return {q.intValue(0), q.stringValue(1)};
}

} // namespace

TEST_CASE("verify-rollups recomputes wallet_daily from the postings and names each tampered row", "[report][wallet_daily][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    const WalletRollupCheck clean = verifyWalletRollups(f.db());
    CHECK(clean.mismatches.isEmpty());
    CHECK(clean.zone == QByteArrayLiteral("Asia/Shanghai"));
    CHECK(clean.days > 10);
    const auto [wallet, day] = firstWalletDay(f);
    f.exec(QStringLiteral("UPDATE wallet_daily SET balance_fen = balance_fen + 1 WHERE ledger_account_id = %1 AND day = '%2'")
               .arg(wallet)
               .arg(day));
    // A row with no postings behind it, and a day's row gone.
    f.exec(QStringLiteral("INSERT INTO wallet_daily (ledger_account_id, day, net_fen, balance_fen, posting_count) "
                          "VALUES (%1, '2031-01-01', 0, 0, 0)")
               .arg(wallet));
    const auto [fees, feeDay] = firstWalletDay(f, QStringLiteral("fee-revenue"));
    f.exec(QStringLiteral("DELETE FROM wallet_daily WHERE ledger_account_id = %1 AND day = '%2'").arg(fees).arg(feeDay));
    const WalletRollupCheck broken = verifyWalletRollups(f.db());
    REQUIRE(broken.mismatches.size() == 3);
    QStringList named;
    for (const WalletRollupMismatch& m : broken.mismatches)
        named.append(m.name + QLatin1Char(' ') + m.day + QStringLiteral(": ") + m.problem);
    INFO(named.join(QLatin1Char('\n')).toStdString());
    CHECK(named.filter(QStringLiteral("wallet:%1:electricity %2: stored vs recomputed: balance_fen").arg(f.a1.v).arg(day)).size() == 1);
    CHECK(named.filter(QStringLiteral("wallet:%1:electricity 2031-01-01: a stored row").arg(f.a1.v)).size() == 1);
    CHECK(named.filter(QStringLiteral("fee-revenue %1: no stored row").arg(feeDay)).size() == 1);
    // Rebuilt from the postings, it is sound again.
    rebuildWalletDaily(f.db(), ReportFixture::office());
    CHECK(verifyWalletRollups(f.db()).mismatches.isEmpty());
}

TEST_CASE("meterdeskd verify-rollups exits 1 naming a tampered wallet_daily row", "[report][wallet_daily]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString dbPath = dir.filePath(QStringLiteral("md.db"));
    qint64 wallet = 0;
    QString day;
    {
        ReportFixture f(Backend::Sqlite);
        std::tie(wallet, day) = firstWalletDay(f);
        f.exec(QStringLiteral("DELETE FROM meter_daily")); // the fixture's are made by hand, without readings
        f.exec(QStringLiteral("DELETE FROM meter_monthly"));
        f.exec(QStringLiteral("VACUUM INTO '%1'").arg(dbPath));
    }
    const auto run = [&](QString& out) { return verifyRollupsCommand(dir.path(), out); };
    QString out;
    {
        const int code = run(out);
        INFO(out.toStdString());
        CHECK(code == 0);
    }
    CHECK(out.contains(QStringLiteral("(wallet_daily, time zone Asia/Shanghai) checked")));
    {
        auto db = storage::Database::open(storage::DatabaseConfig::fromUrl(QStringLiteral("sqlite:") + dbPath));
        storage::SqlQuery q(*db, QStringLiteral("UPDATE wallet_daily SET deduction_fen = deduction_fen + 1, net_fen = net_fen + 1 "
                                                "WHERE ledger_account_id = ? AND day = ?"));
        q.bind(wallet);
        q.bind(day);
        q.exec();
    }
    out.clear();
    CHECK(run(out) == 1);
    INFO(out.toStdString());
    CHECK(out.contains(QStringLiteral("MISMATCH ledger account %1 (wallet:1:electricity) day %2: stored vs recomputed: deduction_fen")
                           .arg(wallet)
                           .arg(day)));
    CHECK(out.contains(QStringLiteral(": 1 mismatches")));
}
