// Public-area apportionment (公摊): the largest-remainder split and the pricing to the fen with
// awkward numbers, then a run over the reports' dataset on SQLite and MariaDB — computed,
// stored, posted once as one deduction per open account, refused twice, rejected and redone —
// with its report against a golden CSV and the reconciliation still balanced to the fen.

#include "report_fixture.h"

#include "collection/tariff_store.h"
#include "ledger/ledger_errors.h"
#include "property/apportion_store.h"
#include "report/apportionment_report.h"
#include "report/reconciliation.h"
#include "report/report_render.h"
#include "schema/migrations.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "tariff/tariff_file.h"

#include <catch2/catch.hpp>

#include <QRandomGenerator>
#include <QDeadlineTimer>

#include <atomic>
#include <thread>

using namespace md;
using namespace md::test;
using namespace md::report;

namespace {

QList<qint64> split(qint64 totalFen, const QList<std::pair<qint64, qint64>>& accountWeights)
{
    QList<WeightedAccount> in;
    for (const auto& [account, weight] : accountWeights)
        in.append({AccountId{account}, weight});
    QList<qint64> out;
    for (const Money& m : splitLargestRemainder(Money::fromFen(totalFen), in))
        out.append(m.fen());
    return out;
}

Tariff tariff(const char* versions, const char* utility = "electricity")
{
    return parseTariff(QByteArray("[tariff]\nid = t\nutility = ") + utility + "\ntimezone = Asia/Shanghai\n\n" + versions,
                       QStringLiteral("test"));
}


} // namespace

TEST_CASE("Largest remainder: shares add up to the total to the fen, ties to the smaller account", "[report][apportion]")
{
    // 1 fen over 3 equal accounts: the smallest id gets it, whatever the order given.
    CHECK(split(1, {{1, 1}, {2, 1}, {3, 1}}) == QList<qint64>{1, 0, 0});
    CHECK(split(1, {{3, 1}, {2, 1}, {1, 1}}) == QList<qint64>{0, 0, 1});
    CHECK(split(2, {{7, 5}, {5, 5}, {6, 5}}) == QList<qint64>{0, 1, 1});
    CHECK(split(100, {{1, 1}, {2, 1}, {3, 1}}) == QList<qint64>{34, 33, 33});
    // A prime total over 3:5:7 — quotas 1994.6, 3324.33, 4654.07: the one fen left goes to .6.
    CHECK(split(9973, {{1, 3}, {2, 5}, {3, 7}}) == QList<qint64>{1995, 3324, 4654});
    // Equal areas (35.50 m² twice) and 29.00 m²: 1 fen to the first of the tie.
    CHECK(split(1, {{4, 3550}, {9, 3550}, {2, 2900}}) == QList<qint64>{1, 0, 0});
    CHECK(split(9973, {{1, 3550}, {2, 3550}, {3, 2900}}) == QList<qint64>{3541, 3540, 2892});
    // Zero weights get nothing, even a fen left over; a zero total gives zeros.
    CHECK(split(5, {{1, 0}, {2, 1}, {3, 0}, {4, 1}}) == QList<qint64>{0, 3, 0, 2});
    CHECK(split(0, {{1, 0}, {2, 0}}) == QList<qint64>{0, 0});
    CHECK(split(0, {}).isEmpty());
    // Nobody to bear a cost, a negative total or weight: refused.
    CHECK_THROWS_AS(split(1, {{1, 0}, {2, 0}}), ApportionError);
    CHECK_THROWS_AS(split(1, {}), ApportionError);
    CHECK_THROWS_AS(split(-1, {{1, 1}}), ApportionError);
    CHECK_THROWS_AS(split(1, {{1, -1}, {2, 2}}), ApportionError);
    // Large numbers do not overflow (128-bit quotas).
    CHECK(split(4611686018427387903LL, {{1, 1000000000}, {2, 999999999}})
          == QList<qint64>{2305843010366615457LL, 2305843008060772446LL});

    // Any total over any weights: the shares add up, none is off its quota by a fen or more,
    // and the result does not depend on the order of the accounts.
    QRandomGenerator rng(20261129);
    for (int round = 0; round < 500; ++round) {
        const qint64 total = rng.bounded(1000000);
        QList<std::pair<qint64, qint64>> in;
        const int n = 1 + int(rng.bounded(12));
        for (int i = 0; i < n; ++i)
            in.append({i + 1, rng.bounded(4) == 0 ? 0 : qint64(rng.bounded(50000))});
        in.append({n + 1, 1}); // at least one weight
        qint64 weights = 0;
        for (const auto& x : in)
            weights += x.second;
        const QList<qint64> shares = split(total, in);
        qint64 sum = 0;
        for (qsizetype i = 0; i < in.size(); ++i) {
            sum += shares.at(i);
            const Int128 exactTimesW = Int128(total) * in.at(i).second;
            CHECK(Int128(shares.at(i)) * weights <= exactTimesW + weights);
            CHECK(Int128(shares.at(i)) * weights >= exactTimesW - weights);
            if (in.at(i).second == 0)
                CHECK(shares.at(i) == 0);
        }
        CHECK(sum == total);
        QList<std::pair<qint64, qint64>> reversed(in.rbegin(), in.rend());
        QList<qint64> back = split(total, reversed);
        std::reverse(back.begin(), back.end());
        CHECK(back == shares);
    }
}

TEST_CASE("Apportionment pricing: first-tier price, time-of-use registers, one rounding", "[report][apportion]")
{
    const auto day = [](int d, qint64 total, qint64 sharp = 0, qint64 peak = 0, qint64 flat = 0, qint64 valley = 0) {
        return DailyConsumption{QDate(2026, 2, d), total, sharp, peak, flat, valley};
    };
    // Flat 0.6170: 123.456 kWh = 76.1723520 yuan → 76.17, rounded once over the days (each
    // day alone would round 0.001 kWh to nothing).
    const Tariff flat = tariff("[version]\neffective = 2024-01-01\nprice.flat = 0.6170\n");
    PricedConsumption p = priceConsumption(flat, {day(1, 123000), day(2, 455), day(3, 1)});
    CHECK(p.consumptionMilli == 123456);
    CHECK(p.total == Money::fromFen(7617));
    REQUIRE(p.lines.size() == 1);
    CHECK(p.lines.front().rate == u"flat");
    CHECK(p.lines.front().quantityMilli == 123456);
    // 0.001 kWh × 0.6170 = 0.0617 fen: half-up gives 0, seven of them 0.4319 → 0, eight 0.4936 → 0,
    // nine 0.5553 → 1 fen.
    CHECK(priceConsumption(flat, {day(1, 9)}).total == Money::fromFen(1));
    CHECK(priceConsumption(flat, {day(1, 8)}).total == Money::fromFen(0));
    CHECK(priceConsumption(flat, {}).total == Money());

    // A monthly ladder: the shared meter pays the first tier only, however much it used.
    const Tariff ladder = tariff("[version]\neffective = 2024-01-01\ntier-basis = month\ntiers = 200, 400\n"
                                 "price.flat = 0.5883, 0.6383, 0.8883\n");
    CHECK(priceConsumption(ladder, {day(1, 1000000)}).total == Money::fromFen(58830));

    // Time of use: registers priced at their rates when they add up to the total; a day whose
    // registers do not (a meter without them) is priced at the flat rate.
    const Tariff tou = tariff("[version]\neffective = 2024-01-01\nrates = sharp, peak, flat, valley\n"
                              "period = 00:00-08:00 valley\nperiod = 08:00-10:00 peak\nperiod = 10:00-11:00 sharp\n"
                              "period = 11:00-24:00 flat\n"
                              "price.sharp = 1.2000\nprice.peak = 0.9000\nprice.flat = 0.6000\nprice.valley = 0.3000\n");
    p = priceConsumption(tou, {day(1, 10000, 1000, 2000, 3000, 4000), day(2, 5000)});
    // 1×1.2 + 2×0.9 + 3×0.6 + 4×0.3 = 6.00; 5 × 0.6 = 3.00.
    CHECK(p.total == Money::fromFen(900));
    CHECK(p.consumptionMilli == 15000);
    CHECK(p.lines.size() == 4);

    // A new version mid-period prices each day with its own; the last day's rounding applies.
    const Tariff change = tariff("[version]\neffective = 2024-01-01\nprice.flat = 0.3333\n\n"
                                 "[version]\neffective = 2026-02-02\nprice.flat = 0.6667\nrounding = down\n");
    // 1 kWh × 0.3333 + 1 kWh × 0.6667 = 1.0000 yuan exactly; 1.5 kWh × 0.3333 + 1 kWh × 0.6667
    // = 1.16665 yuan: down (the last day's rule) gives 1.16 where half-up would give 1.17.
    CHECK(priceConsumption(change, {day(1, 1000), day(2, 1000)}).total == Money::fromFen(100));
    CHECK(priceConsumption(change, {day(1, 1500), day(2, 1000)}).total == Money::fromFen(116));
    CHECK(priceConsumption(change, {day(1, 1500), day(2, 1000)}).lines.size() == 2);
    CHECK(priceConsumption(change, {day(1, 1500)}).total == Money::fromFen(50)); // 0.49995 half-up

    // Before the first version: refused.
    const Tariff late = tariff("[version]\neffective = 2026-03-01\nprice.flat = 1\n");
    CHECK_THROWS_AS(priceConsumption(late, {day(1, 1)}), ApportionError);
}

TEST_CASE("An apportionment is posted once, one deduction per open account, and the books still balance",
          "[report][apportion][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    storage::Database& db = f.db();
    // Rooms: a1 35.50 m², a2 35.50 m², a3 two rooms of 14.50 m², a4 (closed on 2026-02-05) 20.00 m².
    f.exec(QStringLiteral("INSERT INTO sites (id, code, name, remarks, created_at, updated_at) VALUES (1, 'S', 'S', '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO buildings (id, site_id, code, name, remarks, created_at, updated_at) "
                          "VALUES (1, 1, 'B', 'B', '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO units (id, building_id, code, name, remarks, created_at, updated_at) "
                          "VALUES (1, 1, 'U', 'U', '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO rooms (id, unit_id, code, name, floor, area_centi_m2, remarks, created_at, updated_at) "
                          "VALUES (1, 1, '101', '101', 1, 3550, '', 0, 0), (2, 1, '102', '102', 1, 3550, '', 0, 0), "
                          "(3, 1, '201', '201', 2, 1450, '', 0, 0), (4, 1, '202', '202', 2, 1450, '', 0, 0), "
                          "(5, 1, '301', '301', 3, 2000, '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO account_rooms (account_id, room_id, linked_at) VALUES (%1, 1, 0), (%2, 2, 0), "
                          "(%3, 3, 0), (%3, 4, 0), (%4, 5, 0)")
               .arg(f.a1.v)
               .arg(f.a2.v)
               .arg(f.a3.v)
               .arg(f.a4.v));
    // The stairwell meter (no account) and a shared water pump; 99.730 kWh from 1 to 3 February
    // at 1.0000 yuan: 99.73 yuan, a prime number of fen.
    f.exec(QStringLiteral("INSERT INTO meters (id, nameplate, bus, protocol, map, address, options, utility, account_id, "
                          "max_rate, installed_at) VALUES (4, 'P-0001', 'bus1', 'modbus', 'm', '4', '{}', 'electricity', "
                          "NULL, 100000, 0), (5, 'P-W01', 'bus1', 'cjt188', 'm', '5', '{}', 'water', NULL, 100000, 0)"));
    f.exec(QStringLiteral(
        "INSERT INTO meter_daily (meter_id, day, first_at_ms, last_at_ms, first_total_milli, last_total_milli, "
        "used_total_milli, used_sharp_milli, used_peak_milli, used_flat_milli, used_valley_milli, reading_count, "
        "anomaly_count) VALUES (4, '2026-01-31', 0, 0, 0, 0, 5000, 0, 0, 0, 0, 48, 0), "
        "(4, '2026-02-01', 0, 0, 0, 0, 40000, 0, 0, 0, 0, 48, 0), (4, '2026-02-02', 0, 0, 0, 0, 30000, 0, 0, 0, 0, 48, 0), "
        "(4, '2026-02-03', 0, 0, 0, 0, 29730, 0, 0, 0, 0, 48, 0), (4, '2026-02-04', 0, 0, 0, 0, 1000, 0, 0, 0, 0, 48, 0), "
        "(5, '2026-02-02', 0, 0, 0, 0, 2, 0, 0, 0, 0, 48, 0)"));
    TariffStore(db).put("[tariff]\nid = pub-e\nutility = electricity\ntimezone = Asia/Shanghai\n\n[version]\n"
                        "effective = 2024-01-01\nprice.flat = 1.0000\n",
                        0);
    TariffStore(db).put("[tariff]\nid = pub-w\nutility = water\ntimezone = Asia/Shanghai\n\n[version]\n"
                        "effective = 2024-01-01\nprice.flat = 5.00\n",
                        0);

    ApportionStore store(db);
    ApportionGroup g;
    g.name = QStringLiteral("B栋楼道照明");
    g.meter = MeterId{4};
    g.method = ApportionMethod::Area;
    g.tariffKey = QStringLiteral("pub-e");
    g.members = {{f.a4, 0}, {f.a1, 0}, {f.a2, 0}, {f.a3, 0}};
    // A tenant's own meter cannot be shared; a water tariff does not price electricity.
    ApportionGroup own = g;
    own.meter = MeterId{1};
    CHECK_THROWS_AS(store.createGroup(own, 0), ApportionError);
    ApportionGroup wrongTariff = g;
    wrongTariff.tariffKey = QStringLiteral("pub-w");
    CHECK_THROWS_AS(store.createGroup(wrongTariff, 0), ApportionError);
    g.id = store.createGroup(g, 0);
    CHECK_THROWS_AS(store.createGroup(g, 0), ApportionError); // same name

    const QDate feb1(2026, 2, 1), feb3(2026, 2, 3), feb4(2026, 2, 4);
    const Apportionment a = store.compute(g.id, feb1, feb3);
    CHECK(a.priced.consumptionMilli == 99730);
    CHECK(a.priced.total == Money::fromFen(9973));
    CHECK(a.totalWeight == 10000);
    REQUIRE(a.shares.size() == 4); // by account id: a1, a2, a3, a4
    CHECK(a.shares.at(0).amount == Money::fromFen(3541));
    CHECK(a.shares.at(1).amount == Money::fromFen(3540));
    CHECK(a.shares.at(2).amount == Money::fromFen(2892));
    CHECK(a.shares.at(2).weight == 2900);
    CHECK(a.shares.at(3).amount == Money());
    CHECK(a.shares.at(3).skipped == u"closed");

    const Money before1 = f.ledger().walletBalance(f.a1, Utility::Electricity);
    const Money before2 = f.ledger().walletBalance(f.a2, Utility::Electricity);
    const Money before3 = f.ledger().walletBalance(f.a3, Utility::Electricity);
    f.at(2, 6, 12, 0);
    qint64 run = 0;
    {
        storage::TransactionGuard guard(db);
        run = store.insertRun(a, kZhou, 0);
        store.attachApproval(run, 77);
        guard.commit();
    }
    {
        // The same days again, or overlapping ones, while the run is pending: refused.
        storage::TransactionGuard guard(db);
        CHECK_THROWS_AS(store.insertRun(store.compute(g.id, feb3, feb4), kZhou, 0), ApportionError);
    }
    {
        storage::TransactionGuard guard(db);
        const QList<TransactionResult> posted = store.post(f.ledger(), run, QStringLiteral("approval-77"), 1);
        CHECK(posted.size() == 3); // nothing for the closed account
        guard.commit();
    }
    CHECK(f.ledger().walletBalance(f.a1, Utility::Electricity) == before1 - Money::fromFen(3541));
    CHECK(f.ledger().walletBalance(f.a2, Utility::Electricity) == before2 - Money::fromFen(3540));
    CHECK(f.ledger().walletBalance(f.a3, Utility::Electricity) == before3 - Money::fromFen(2892));
    CHECK(f.ledger().verify().isEmpty());
    const std::optional<Apportionment> stored = store.run(run);
    REQUIRE(stored);
    CHECK(stored->state == u"approved");
    CHECK(stored->shares.at(0).transaction.has_value());
    CHECK_FALSE(stored->shares.at(3).transaction.has_value());
    // The explanation names the meter, period, consumption, share and price.
    storage::SqlQuery detail(db, QStringLiteral("SELECT detail, meter_id, kind FROM transactions WHERE id = ?"));
    detail.bind(stored->shares.at(0).transaction->v).exec();
    REQUIRE(detail.next());
    const QString explanation = detail.stringValue(0);
    CHECK(explanation.contains(QStringLiteral("\"nameplate\":\"P-0001\"")));
    CHECK(explanation.contains(QStringLiteral("\"share\":\"3550/10000\"")));
    CHECK(explanation.contains(QStringLiteral("\"consumption\":\"99.730\"")));
    CHECK(explanation.contains(QStringLiteral("\"price\":\"1.0000\"")));
    CHECK(explanation.contains(QStringLiteral("\"from\":\"2026-02-01\"")));
    CHECK(detail.intValue(1) == 4);
    CHECK(detail.stringValue(2) == u"deduction");

    // Posting again is refused and writes nothing; so is a new run over an apportioned day.
    const auto count = [&] {
        storage::SqlQuery q(db, QStringLiteral("SELECT COUNT(*) FROM transactions"));
        return q.scalarInt();
    };
    const qint64 transactions = count();
    {
        storage::TransactionGuard guard(db);
        CHECK_THROWS_AS(store.post(f.ledger(), run, QStringLiteral("approval-77"), 2), ApportionError);
    }
    {
        storage::TransactionGuard guard(db);
        CHECK_THROWS_AS(store.insertRun(store.compute(g.id, feb1, feb1), kZhou, 0), ApportionError);
    }
    CHECK(count() == transactions);

    // A rejected run frees its days: the 4th is requested, rejected, and requested again.
    qint64 second = 0;
    {
        storage::TransactionGuard guard(db);
        second = store.insertRun(store.compute(g.id, feb4, feb4), kZhou, 0);
        store.reject(second, 3);
        guard.commit();
    }
    CHECK(store.run(second)->state == u"rejected");
    {
        storage::TransactionGuard guard(db);
        const qint64 third = store.insertRun(store.compute(g.id, feb4, feb4), kZhou, 0);
        CHECK(third > second);
        guard.commit();
    }

    // Weights: the pump's 0.002 m³ at 5.00 = 1 fen over three equal shares goes to a1; when a1
    // has closed by the time of the approval, the ledger refuses and nothing of the run is kept.
    ApportionGroup pump;
    pump.name = QStringLiteral("水泵");
    pump.meter = MeterId{5};
    pump.method = ApportionMethod::Weight;
    pump.tariffKey = QStringLiteral("pub-w");
    pump.members = {{f.a1, 1}, {f.a2, 1}, {f.a3, 1}};
    pump.id = store.createGroup(pump, 0);
    const Apportionment w = store.compute(pump.id, QDate(2026, 2, 1), QDate(2026, 2, 28));
    CHECK(w.priced.total == Money::fromFen(1));
    CHECK(w.shares.at(0).amount == Money::fromFen(1));
    CHECK(w.shares.at(1).amount == Money());
    qint64 pumpRun = 0;
    {
        storage::TransactionGuard guard(db);
        pumpRun = store.insertRun(w, kZhou, 0);
        guard.commit();
    }
    f.ledger().closeAccount({QStringLiteral("close-a1"), f.a1, Channel::Cash, kLi, QString()});
    const qint64 beforeRefusal = count();
    {
        storage::TransactionGuard guard(db);
        CHECK_THROWS_AS(store.post(f.ledger(), pumpRun, QStringLiteral("approval-78"), 4), LedgerRuleError);
    }
    CHECK(count() == beforeRefusal);
    CHECK(store.run(pumpRun)->state == u"pending");

    // A shared meter that has since been given to an account bills that account: no more runs.
    f.exec(QStringLiteral("UPDATE meters SET account_id = %1 WHERE id = 5").arg(f.a2.v));
    CHECK_THROWS_AS(store.compute(pump.id, QDate(2026, 2, 1), QDate(2026, 2, 28)), ApportionError);
    f.exec(QStringLiteral("UPDATE meters SET account_id = NULL WHERE id = 5"));

    // The report of February: the approved run, a row per share; the pending one is counted.
    const ReportTable feb = apportionmentReport(db, QDate(2026, 2, 1), QDate(2026, 2, 28));
    checkReportGolden(feb, QStringLiteral("apportionment_feb"), backend);
    CHECK(feb.totalMoney(QStringLiteral("amount")) == Money::fromFen(9973));
    CHECK(feb.summaryValue(QStringLiteral("runs")).number() == 1);
    CHECK(feb.summaryValue(QStringLiteral("pending")).number() == 2);
    CHECK(apportionmentReport(db, QDate(2026, 3, 1), QDate(2026, 3, 31)).rows().isEmpty());

    // The reconciliation of the day it was posted, of February and of the year: to the fen.
    for (const auto& [from, to] : {std::pair(QDate(2026, 2, 6), QDate(2026, 2, 6)), std::pair(QDate(2026, 2, 1), QDate(2026, 2, 28)),
                                   std::pair(QDate(2026, 1, 1), QDate(2026, 12, 31))}) {
        const Reconciliation r = reconcile(db, ReportPeriod{from, to, ReportFixture::office()});
        INFO("from " << from.toString(Qt::ISODate).toStdString());
        CHECK(r.problems.isEmpty());
        CHECK(r.difference == Money());
    }
    const Reconciliation day6 = reconcile(db, ReportPeriod{QDate(2026, 2, 6), QDate(2026, 2, 6), ReportFixture::office()});
    CHECK(day6.balanced());
}

namespace {

// The race tests' office: accounts A and B share the unassigned meter P-1 one to one, priced at
// 1.0000 yuan/kWh; `days` are its daily rollup rows (day, Wh used).
struct RaceOffice
{
    RaceOffice(Backend backend, const QList<std::pair<QString, qint64>>& days)
        : tdb(backend)
        , db(tdb.open())
        , clock(QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC))
    {
        storage::Migrator::migrate(*db, meterdeskMigrations());
        ledger = std::make_unique<Ledger>(*db, clock);
        a = ledger->openAccount({QStringLiteral("o1"), QStringLiteral("1-101"), QStringLiteral("A"), QString(), kZhou}).account;
        b = ledger->openAccount({QStringLiteral("o2"), QStringLiteral("1-102"), QStringLiteral("B"), QString(), kZhou}).account;
        storage::SqlQuery(*db, QStringLiteral("INSERT INTO meters (id, nameplate, bus, protocol, map, address, options, utility, "
                                              "account_id, max_rate, installed_at) VALUES (1, 'P-1', 'bus1', 'modbus', 'm', '1', "
                                              "'{}', 'electricity', NULL, 0, 0)"))
            .exec();
        for (const auto& [day, used] : days)
            storage::SqlQuery(*db, QStringLiteral("INSERT INTO meter_daily (meter_id, day, first_at_ms, last_at_ms, first_total_milli, "
                                                  "last_total_milli, used_total_milli, used_sharp_milli, used_peak_milli, "
                                                  "used_flat_milli, used_valley_milli, reading_count, anomaly_count) VALUES "
                                                  "(1, ?, 0, 0, 0, 0, ?, 0, 0, 0, 0, 1, 0)"))
                .bind(day)
                .bind(used)
                .exec();
        TariffStore(*db).put("[tariff]\nid = pub-e\nutility = electricity\ntimezone = Asia/Shanghai\n\n[version]\n"
                             "effective = 2024-01-01\nprice.flat = 1.0000\n",
                             0);
        group.name = QStringLiteral("g");
        group.meter = MeterId{1};
        group.method = ApportionMethod::Weight;
        group.tariffKey = QStringLiteral("pub-e");
        group.members = {{a, 1}, {b, 1}};
        group.id = ApportionStore(*db).createGroup(group, 0);
    }

    // Returns once the other thread, which sets `started` just before its transaction, waits for
    // a lock this one holds: on SQLite it cannot get past BEGIN IMMEDIATE while we write (so
    // whenever it starts, it sees our commit); on MariaDB until the server shows it inside its
    // locking read (SELECT ... FOR UPDATE), which our open transaction holds up.
    void untilWaiting(const std::atomic<bool>& started) const
    {
        const QDeadlineTimer deadline(20000);
        while (!started.load()) {
            if (deadline.hasExpired())
                FAIL("the other thread did not start");
        }
        if (tdb.backend() == Backend::Sqlite)
            return;
        std::unique_ptr<storage::Database> watcher = tdb.open();
        storage::SqlQuery waits(*watcher, QStringLiteral("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                                                         "WHERE ID <> CONNECTION_ID() AND INFO LIKE '%FOR UPDATE%'"));
        while (waits.scalarInt() == 0) {
            if (deadline.hasExpired())
                FAIL("the other thread never waited for our lock");
        }
    }

    TestDatabase tdb;
    std::unique_ptr<storage::Database> db;
    ManualClock clock;
    std::unique_ptr<Ledger> ledger;
    AccountId a, b;
    ApportionGroup group;
};

} // namespace

TEST_CASE("Two requests for overlapping days of one group race: the second waits and is refused",
          "[report][apportion][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    RaceOffice o(backend, {{QStringLiteral("2026-02-01"), 1000}, {QStringLiteral("2026-02-02"), 1000}});
    storage::Database& db = *o.db;

    // The first request holds its transaction open while the second computes and asks.
    auto first = std::make_unique<storage::TransactionGuard>(db);
    ApportionStore(db).insertRun(ApportionStore(db).compute(o.group.id, QDate(2026, 2, 1), QDate(2026, 2, 1)), kZhou, 0);
    std::atomic<bool> started{false};
    std::atomic<int> outcome{0}; // 1 refused as already apportioned, 2 stored, 3 another error
    std::thread second([&] {
        std::unique_ptr<storage::Database> other = o.tdb.open();
        started = true;
        try {
            storage::TransactionGuard guard(*other);
            ApportionStore store(*other);
            // On MariaDB its snapshot is taken here, before the first request commits.
            const Apportionment x = store.compute(o.group.id, QDate(2026, 2, 1), QDate(2026, 2, 2));
            store.insertRun(x, kLi, 0);
            guard.commit();
            outcome = 2;
        } catch (const ApportionError& e) {
            outcome = e.kind() == ApportionError::Kind::AlreadyApportioned ? 1 : 3;
        } catch (const std::exception&) {
            outcome = 3;
        }
    });
    o.untilWaiting(started);
    first->commit();
    first.reset();
    second.join();
    CHECK(outcome.load() == 1);
    storage::SqlQuery runs(db, QStringLiteral("SELECT COUNT(*) FROM apportion_runs"));
    CHECK(runs.scalarInt() == 1);
}

TEST_CASE("An approval takes its accounts before the log head: a recharge on one of them waits, no deadlock",
          "[report][apportion][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    RaceOffice o(backend, {{QStringLiteral("2026-02-01"), 2000}});
    qint64 run = 0;
    {
        storage::TransactionGuard guard(*o.db);
        run = ApportionStore(*o.db).insertRun(ApportionStore(*o.db).compute(o.group.id, QDate(2026, 2, 1), QDate(2026, 2, 1)), kZhou, 0);
        guard.commit();
    }

    // Another desk's operation holds b's account row (as a recharge does first)...
    std::unique_ptr<storage::Database> desk = o.tdb.open();
    auto held = std::make_unique<storage::TransactionGuard>(*desk);
    storage::SqlQuery(*desk, QStringLiteral("SELECT id FROM accounts WHERE id = ?") + desk->dialect().forUpdate()).bind(o.b.v).exec();
    std::atomic<bool> started{false};
    std::atomic<int> outcome{0}; // 1 posted, 2 a storage error (deadlock), 3 another error
    std::thread approver([&] {
        std::unique_ptr<storage::Database> other = o.tdb.open();
        Ledger l(*other, o.clock);
        started = true;
        try {
            storage::TransactionGuard guard(*other);
            ApportionStore(*other).post(l, run, QStringLiteral("approval-9"), 0);
            guard.commit();
            outcome = 1;
        } catch (const storage::StorageError&) {
            outcome = 2;
        } catch (const std::exception&) {
            outcome = 3;
        }
    });
    o.untilWaiting(started);
    // ...and then appends its log record (the log head): the approval must not hold it yet.
    bool deskFailed = false;
    try {
        storage::SqlQuery(*desk, QStringLiteral("UPDATE counters SET value = value WHERE name = 'operation-log'")).exec();
        held->commit();
    } catch (const storage::StorageError&) {
        deskFailed = true;
    }
    held.reset();
    approver.join();
    CHECK_FALSE(deskFailed);
    CHECK(outcome.load() == 1);
    CHECK(o.ledger->walletBalance(o.a, Utility::Electricity) == Money::fromFen(-100));
    CHECK(o.ledger->walletBalance(o.b, Utility::Electricity) == Money::fromFen(-100));
}
