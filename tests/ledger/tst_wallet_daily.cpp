// wallet_daily, the per ledger account and office day rollup (schema v5): the migration's
// backfill, and the Ledger keeping it equal to its recomputation from the postings on every
// posting path, on SQLite and MariaDB.

#include "ledger_fixture.h"

#include "ledger/deduction_batch.h"
#include "ledger/ledger.h"
#include "ledger/wallet_daily.h"
#include "report/rollup_check.h"
#include "schema/migrations.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QDateTime>

#include <limits>

using namespace md;
using namespace md::test;

namespace {

qint64 shanghaiMs(int y, int m, int d, int h, int min)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone(QByteArrayLiteral("Asia/Shanghai"))).toMSecsSinceEpoch();
}

void exec(storage::Database& db, const QString& sql, const QList<QVariant>& values = {})
{
    storage::SqlQuery q(db, sql);
    for (const QVariant& v : values)
        q.bind(v);
    q.exec();
}

QList<WalletDayRow> allStored(storage::Database& db)
{
    return storedWalletDaily(db, 0, std::numeric_limits<qint64>::max());
}

QList<WalletDayRow> allRecomputed(storage::Database& db, const QTimeZone& zone)
{
    QList<WalletDayRow> out;
    recomputeWalletDaily(db, zone, [&](qint64, qint64, const QList<WalletDayRow>& rows) { out += rows; });
    return out;
}

} // namespace

TEST_CASE("Schema v5 backfills wallet_daily from the postings by office day", "[ledger][wallet_daily][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase test(backend);
    auto db = test.open();
    const auto all = meterdeskMigrations();
    REQUIRE(all.size() >= 5);
    storage::Migrator::migrate(*db, all.first(4));

    // Books written before v5: one wallet, a recharge and two deductions, the second just
    // after local midnight (still the previous day in UTC).
    exec(*db, QStringLiteral("INSERT INTO accounts (code, tenant_name, phone, status, opened_at) VALUES ('A1', 't', '', 'open', 0)"));
    exec(*db, QStringLiteral("INSERT INTO ledger_accounts (name, kind, account_id, utility) VALUES ('wallet:1:electricity', 'wallet', 1, 'electricity')"));
    exec(*db, QStringLiteral("INSERT INTO ledger_accounts (name, kind, utility) VALUES ('revenue:electricity', 'revenue', 'electricity')"));
    exec(*db, QStringLiteral("INSERT INTO ledger_accounts (name, kind, channel, operator_id) VALUES ('takings:cash:1', 'takings', 'cash', 1)"));
    const auto tx = [&](const char* kind, const char* key, qint64 atMs, qint64 walletFen, qint64 otherAccount) {
        exec(*db, QStringLiteral("INSERT INTO transactions (kind, idem_key, fingerprint, account_id, utility, operator_id, amount_fen, "
                                 "balance_before_fen, balance_after_fen, memo, detail, created_at) VALUES (?, ?, '', 1, 'electricity', 1, 0, 0, 0, '', '', ?)"),
             {QString::fromLatin1(kind), QString::fromLatin1(key), atMs});
        storage::SqlQuery id(*db, QStringLiteral("SELECT id FROM transactions WHERE idem_key = ?"));
        id.bind(QString::fromLatin1(key));
        const qint64 txId = id.scalarInt();
        exec(*db, QStringLiteral("INSERT INTO postings (tx_id, ledger_account_id, amount_fen) VALUES (?, 1, ?)"), {txId, walletFen});
        exec(*db, QStringLiteral("INSERT INTO postings (tx_id, ledger_account_id, amount_fen) VALUES (?, ?, ?)"), {txId, otherAccount, -walletFen});
    };
    tx("recharge", "k1", shanghaiMs(2026, 1, 1, 10, 0), -1000, 3);
    tx("deduction", "k2", shanghaiMs(2026, 1, 1, 23, 30), 300, 2);
    tx("deduction", "k3", shanghaiMs(2026, 1, 2, 0, 10), 200, 2);

    storage::Migrator::migrate(*db, all);
    REQUIRE(walletDailyZone(*db) == QByteArrayLiteral("Asia/Shanghai"));
    const QList<WalletDayRow> rows = allStored(*db);
    // wallet: two days; revenue: two days; takings: one day.
    REQUIRE(rows.size() == 5);
    WalletDayRow w1;
    w1.ledgerAccountId = 1;
    w1.day = QStringLiteral("2026-01-01");
    w1.rechargeFen = -1000;
    w1.deductionFen = 300;
    w1.netFen = -700;
    w1.balanceFen = -700;
    w1.postings = 2;
    WalletDayRow w2;
    w2.ledgerAccountId = 1;
    w2.day = QStringLiteral("2026-01-02");
    w2.deductionFen = 200;
    w2.netFen = 200;
    w2.balanceFen = -500;
    w2.postings = 1;
    CHECK(rows.at(0) == w1);
    CHECK(rows.at(1) == w2);
    CHECK(rows.at(2).ledgerAccountId == 2);
    CHECK(rows.at(3).day == QStringLiteral("2026-01-02"));
    CHECK(rows.at(3).balanceFen == -500);
    CHECK(rows.at(4).ledgerAccountId == 3);
    CHECK(rows.at(4).rechargeFen == 1000);
    CHECK(rows == allRecomputed(*db, walletDailyDefaultZone()));
    // In UTC both deductions fall on 2025-12-31 and 2026-01-01 differently: the zone matters.
    CHECK(rows != allRecomputed(*db, QTimeZone::utc()));
}

namespace {

const OperatorId kCashier{7};

// Every posting path of the Ledger over several office days, the clock once set back a day;
// after each step wallet_daily must equal its recomputation from the postings.
void runEveryKind(storage::Database& db, const QTimeZone& zone, const QDate& firstDay)
{
    ManualClock clock(QDateTime(firstDay, QTime(9, 0), zone));
    Ledger ledger(db, clock);
    ledger.setOfficeZone(zone);
    const auto fen = [](qint64 v) { return Money::fromFen(v); };
    const auto at = [&](int day, int h, int m) { clock.set(QDateTime(firstDay.addDays(day), QTime(h, m), zone)); };
    const auto same = [&](const char* step) {
        INFO("after " << step);
        REQUIRE(walletDailyZone(db) == zone.id());
        const QList<WalletDayRow> stored = allStored(db);
        const QList<WalletDayRow> recomputed = allRecomputed(db, zone);
        for (qsizetype i = 0; i < std::min(stored.size(), recomputed.size()); ++i) {
            INFO("row " << i << " account " << stored.at(i).ledgerAccountId << " " << stored.at(i).day.toStdString() << ": "
                        << stored.at(i).differences(recomputed.at(i)).toStdString());
            CHECK(stored.at(i) == recomputed.at(i));
        }
        REQUIRE(stored.size() == recomputed.size());
        REQUIRE(ledger.verify().isEmpty());
        // wallet_monthly, kept by the same upserts (and corrected with the later days' balances
        // when the clock was set back): the daily rows summed per month.
        const report::MonthlyRollupCheck months = report::verifyMonthlyRollups(db);
        for (const report::MonthlyRollupMismatch& m : months.mismatches)
            UNSCOPED_INFO(m.table.toStdString() << " " << m.id << " " << m.month.toStdString() << ": " << m.problem.toStdString());
        CHECK(months.mismatches.isEmpty());
        CHECK(months.walletMonths > 0);
    };

    const AccountId a = ledger.openAccount({QStringLiteral("o1"), QStringLiteral("A1"), QStringLiteral("t1"), {}, kCashier}).account;
    const AccountId b = ledger.openAccount({QStringLiteral("o2"), QStringLiteral("B1"), QStringLiteral("t2"), {}, kCashier}).account;
    at(0, 9, 0);
    const TransactionResult r1 = ledger.recharge({QStringLiteral("r1"), a, Utility::Electricity, Channel::Cash, kCashier, fen(10000), fen(200), {}, {}});
    ledger.recharge({QStringLiteral("r2"), a, Utility::Water, Channel::WeChat, kCashier, fen(5000), {}, {}, {}});
    ledger.recharge({QStringLiteral("r3"), b, Utility::Electricity, Channel::Alipay, kCashier, fen(3000), fen(50), {}, {}});
    same("recharges with fees");
    at(0, 23, 59);
    const TransactionResult d1 = ledger.deduct({QStringLiteral("d1"), a, Utility::Electricity, MeterId{1}, fen(123), {}});
    same("a deduction");
    at(1, 0, 1);
    {
        storage::TransactionGuard guard(db);
        DeductionBatch batch(ledger);
        batch.prefetch({{a, Utility::Electricity}, {b, Utility::Electricity}, {a, Utility::Water}},
                       {QStringLiteral("b1"), QStringLiteral("b2"), QStringLiteral("b3"), QStringLiteral("b4")});
        batch.add({QStringLiteral("b1"), a, Utility::Electricity, MeterId{1}, fen(11), {}});
        batch.add({QStringLiteral("b2"), a, Utility::Electricity, MeterId{1}, fen(12), {}});
        batch.add({QStringLiteral("b3"), b, Utility::Electricity, MeterId{2}, fen(4000), {}}); // into arrears
        batch.add({QStringLiteral("b4"), a, Utility::Water, MeterId{3}, fen(7), {}});
        batch.write();
        guard.commit();
    }
    same("a batch of deductions");
    at(1, 10, 0);
    ledger.refund({QStringLiteral("f1"), a, Utility::Water, Channel::Cash, kCashier, fen(1000), {}});
    ledger.transfer({QStringLiteral("t1"), a, Utility::Electricity, b, Utility::Electricity, kCashier, fen(2000), {}});
    ledger.transfer({QStringLiteral("t2"), a, Utility::Electricity, a, Utility::Water, kCashier, fen(300), {}});
    same("a refund and transfers");
    at(2, 8, 0);
    ledger.adjust({QStringLiteral("j1"), a, Utility::Electricity, kCashier, fen(55), {}});
    ledger.adjust({QStringLiteral("j2"), b, Utility::Electricity, kCashier, fen(-20), {}});
    same("adjustments");
    // The clock set back a day: postings on a day before other rows.
    at(1, 18, 0);
    ledger.correct({QStringLiteral("c1"), r1.id, kCashier, QStringLiteral("wrong wallet")});
    same("a correction of a recharge, a day back");
    at(2, 9, 0);
    ledger.correct({QStringLiteral("c2"), d1.id, kCashier, QStringLiteral("misread")});
    same("a correction of a deduction");
    at(3, 12, 0);
    // a: arrears on electricity (collected), a balance on water (paid back); b: a balance.
    ledger.closeAccount({QStringLiteral("x1"), a, Channel::Cash, kCashier, {}});
    ledger.closeAccount({QStringLiteral("x2"), b, Channel::Cash, kCashier, {}});
    same("closings");
}

} // namespace

TEST_CASE("Every posting path keeps wallet_daily equal to its recomputation from the postings", "[ledger][wallet_daily][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    LedgerFixture fixture(backend);
    runEveryKind(fixture.db(), walletDailyDefaultZone(), QDate(2026, 3, 1));
    // Across a month's end (the clock set back from March 1st to February 28th): the months'
    // balances follow the days'.
    LedgerFixture monthEnd(backend);
    runEveryKind(monthEnd.db(), walletDailyDefaultZone(), QDate(2026, 2, 27));
}

TEST_CASE("wallet_daily follows the Ledger's zone, across a daylight saving change", "[ledger][wallet_daily]")
{
    LedgerFixture fixture(Backend::Sqlite);
    // Europe/Berlin moves its clocks on 2026-03-29: the recomputation groups by two offsets.
    runEveryKind(fixture.db(), QTimeZone(QByteArrayLiteral("Europe/Berlin")), QDate(2026, 3, 27));
    const QList<WalletDayRow> rows = allStored(fixture.db());
    REQUIRE(rows.size() > 5);
    QStringList days;
    for (const WalletDayRow& r : rows)
        days.append(r.day);
    days.sort();
    CHECK(days.first() == QStringLiteral("2026-03-27"));
    CHECK(days.last() == QStringLiteral("2026-03-30"));
    // Another zone: the next write rebuilds the rollup in it.
    ManualClock clock(QDateTime(QDate(2026, 4, 1), QTime(12, 0), QTimeZone::utc()));
    Ledger ledger(fixture.db(), clock);
    ledger.setOfficeZone(QTimeZone::utc());
    const AccountId c = ledger.openAccount({QStringLiteral("o3"), QStringLiteral("C1"), QStringLiteral("t3"), {}, kCashier}).account;
    CHECK(walletDailyZone(fixture.db()) == QByteArrayLiteral("Europe/Berlin")); // no postings yet
    ledger.recharge({QStringLiteral("r9"), c, Utility::Electricity, Channel::Cash, kCashier, Money::fromFen(100), {}, {}, {}});
    CHECK(walletDailyZone(fixture.db()) == QByteArrayLiteral("UTC"));
    CHECK(allStored(fixture.db()) == allRecomputed(fixture.db(), QTimeZone::utc()));
    CHECK(report::verifyMonthlyRollups(fixture.db()).mismatches.isEmpty()); // rebuilt with it
}
