// How long the reports take over a year of books (hidden: run it by its tag).
//   MD_REPORT_BENCH_WALLETS=300 MD_REPORT_BENCH_DEDUCTIONS_PER_DAY=4 build/tests/report/tests_report "[.bench]"
// The books are written through the real Ledger, in joined mode (one database transaction
// per simulated day), so they look like the service's: recharges by two cashiers on all
// channels, deductions spread over each day.

#include "report_fixture.h"

#include "ledger/wallet_daily.h"
#include "report/account_ledger_report.h"
#include "report/arrears_report.h"
#include "report/reconciliation.h"
#include "report/rollup_check.h"
#include "report/sales_report.h"
#include "report/shift_report.h"
#include "schema/migrations.h"
#include "storage/migrator.h"
#include "storage/transaction_guard.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QFile>

using namespace md;
using namespace md::test;
using namespace md::report;

namespace {

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

} // namespace

TEST_CASE("Report timings over a year of books", "[.bench]")
{
    const int wallets = envInt("MD_REPORT_BENCH_WALLETS", 300);
    const int perDay = envInt("MD_REPORT_BENCH_DEDUCTIONS_PER_DAY", 4);
    // MD_REPORT_BENCH_DB=FILE keeps the books in FILE, and reuses them when it exists.
    const QString keep = qEnvironmentVariable("MD_REPORT_BENCH_DB");
    const bool reuse = !keep.isEmpty() && QFile::exists(keep);
    TestDatabase test(Backend::Sqlite);
    storage::DatabaseConfig config = test.config();
    if (!keep.isEmpty())
        config.path = keep;
    auto db = storage::Database::open(config);
    storage::Migrator::migrate(*db, meterdeskMigrations());
    const QTimeZone zone(QByteArrayLiteral("Asia/Shanghai"));
    ManualClock clock(QDateTime(QDate(2025, 1, 1), QTime(8, 0), zone));
    Ledger ledger(*db, clock);

    QElapsedTimer build;
    build.start();
    QList<AccountId> accounts;
    for (int i = 0; i < wallets && !reuse; ++i)
        accounts.append(ledger.openAccount({QStringLiteral("o%1").arg(i), QStringLiteral("A-%1").arg(i), QStringLiteral("t"), {}, kWang})
                            .account);
    if (reuse)
        accounts.append(AccountId{8});
    qint64 ops = 0;
    for (QDate d(2025, 1, 1); d <= QDate(2025, 12, 31) && !reuse; d = d.addDays(1)) {
        storage::TransactionGuard day(*db);
        for (int i = 0; i < wallets; ++i) {
            // A recharge every 15 days per wallet, then deductions through the day.
            if ((d.dayOfYear() + i) % 15 == 0) {
                clock.set(QDateTime(d, QTime(9, 0).addSecs(i * 7), zone));
                ledger.recharge({QStringLiteral("r%1-%2").arg(d.dayOfYear()).arg(i), accounts.at(i), Utility::Electricity,
                                 kAllChannels[size_t(i % 6)], i % 2 ? kWang : kLi, Money::fromFen(20000), {}, {}, {}});
                ++ops;
            }
            for (int k = 0; k < perDay; ++k) {
                clock.set(QDateTime(d, QTime(0, 10).addSecs(k * 86000 / perDay + i), zone));
                ledger.deduct({QStringLiteral("d%1-%2-%3").arg(d.dayOfYear()).arg(i).arg(k), accounts.at(i),
                               Utility::Electricity, MeterId{i + 1}, Money::fromFen(300 + i % 50), {}});
                ++ops;
            }
        }
        day.commit();
    }
    WARN("built " << ops << " transactions in " << build.elapsed() << " ms");

    const ReportPeriod year{QDate(2025, 1, 1), QDate(2025, 12, 31), zone};
    const ReportPeriod month{QDate(2025, 12, 1), QDate(2025, 12, 31), zone};
    const auto time = [&](const char* what, auto&& run) {
        QElapsedTimer t;
        t.start();
        run();
        WARN(what << ": " << t.elapsed() << " ms");
    };
    time("sales, a year by day", [&] { salesReport(*db, {year, Granularity::Day, false, std::nullopt}); });
    time("sales, a year by month and cashier", [&] { salesReport(*db, {year, Granularity::Month, true, std::nullopt}); });
    time("sales, December by day", [&] { salesReport(*db, {month, Granularity::Day, false, std::nullopt}); });
    time("account ledger, a year, all wallets", [&] { accountLedgerReport(*db, {year, std::nullopt}); });
    time("account ledger, December, all wallets", [&] { accountLedgerReport(*db, {month, std::nullopt}); });
    time("account ledger, a year, one account", [&] { accountLedgerReport(*db, {year, accounts.at(reuse ? 0 : 7)}); });
    ShiftQuery shift{kWang, {}, zone};
    shift.range.fromMs = month.startMs();
    shift.range.toMs = month.endMs();
    time("shift, a month", [&] { shiftReport(*db, shift); });
    time("arrears", [&] { arrearsReport(*db, {}); });
    bool balanced = false;
    time("reconcile, a year", [&] { balanced = reconcile(*db, year).balanced(); });
    CHECK(balanced);
}

// How long wallet_daily takes to rebuild from the postings (the v5 migration's backfill of
// existing books) and to verify (meterdeskd verify-rollups), over kept books (hidden):
//   MD_REPORT_BENCH_DB=/tmp/books.db build/tests/report/tests_report "[.bench-wallet-daily]"
TEST_CASE("wallet_daily rebuild and verify timings over kept books", "[.bench-wallet-daily]")
{
    const QString keep = qEnvironmentVariable("MD_REPORT_BENCH_DB");
    if (keep.isEmpty() || !QFile::exists(keep)) {
        WARN("set MD_REPORT_BENCH_DB to books written by the [.bench] case");
        return;
    }
    TestDatabase test(Backend::Sqlite);
    storage::DatabaseConfig config = test.config();
    config.path = keep;
    auto db = storage::Database::open(config);
    storage::Migrator::migrate(*db, meterdeskMigrations());
    QElapsedTimer t;
    t.start();
    const WalletRollupCheck before = verifyWalletRollups(*db);
    WARN("verify-rollups (wallet_daily), " << before.days << " account-days: " << t.elapsed() << " ms, "
                                           << before.mismatches.size() << " mismatches");
    t.restart();
    rebuildWalletDaily(*db, QTimeZone(QByteArrayLiteral("Asia/Shanghai")));
    WARN("rebuild from the postings: " << t.elapsed() << " ms");
    CHECK(verifyWalletRollups(*db).mismatches.isEmpty());
}
