// A year of one office through the real service, for the reports' golden files: three accounts
// in three rooms, five meters read twice a day for all of 2025 through the real ingestor,
// monthly recharges by two cashiers on four channels, a refund and a correction through
// maker–checker, a meter swap (换表) in July, an account closed with its settlement paid out in
// October. Every report is asked of the API as CSV and compared with tests/api/golden; the
// figures a person can check are checked here independently, to the fen: each wallet's
// deductions are its meters' counted energy × the price, the room with the swapped meter used
// what both meters counted, the year reconciles (sales − refunds + corrections = change in
// wallets + revenue), and the daily and wallet rollups agree with the raw rows.

#include "property_fixture.h"

#include "collection/reading_ingestor.h"
#include "collection/tariff_store.h"
#include "report/rollup_check.h"
#include "storage/database.h"
#include "support/golden.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

#include <tuple>

using namespace md;
using namespace md::test;

namespace {

const QTimeZone kOffice(QByteArrayLiteral("Asia/Shanghai"));

QDateTime local(int month, int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2025, month, day), QTime(hour, minute), kOffice).toUTC();
}

// One meter's counter: half-daily use in Wh with a weekly wobble, so that sums are awkward.
struct Counter
{
    qint64 startMilli;
    qint64 baseMilli; // per half day
    qint64 step;      // the wobble

    qint64 use(int halfDay) const { return baseMilli + qint64((halfDay * 7 + 3) % 11) * step; }
};

const QByteArray kElectricity = QByteArrayLiteral("[tariff]\nid = e-flat\nutility = electricity\ntimezone = Asia/Shanghai\n"
                                                  "[version]\neffective = 2024-01-01\nprice.flat = 0.6170\n");
const QByteArray kWater = QByteArrayLiteral("[tariff]\nid = w-flat\nutility = water\ntimezone = Asia/Shanghai\n"
                                            "[version]\neffective = 2024-01-01\nprice.flat = 3.45\n");

struct Office
{
    explicit Office(Backend backend)
        : clock(local(1, 1, 0).addDays(-30))
    {
        TestServer::Options o;
        o.backend = backend;
        o.clock = &clock;
        o.policy.idleMs = qint64(400) * 24 * 3600 * 1000; // the test's clock runs through a year
        server = std::make_unique<TestServer>(o);
        db = storage::Database::open(server->databaseConfig());
        TariffStore(*db).put(kElectricity, clock.nowUtc().toMSecsSinceEpoch());
        TariffStore(*db).put(kWater, clock.nowUtc().toMSecsSinceEpoch());
        IngestOptions io;
        io.officeZone = kOffice;
        ingestor = std::make_unique<ReadingIngestor>(*db, clock, io);
        eng = server->addOperator(QStringLiteral("gong"), QStringLiteral("engineer"));
        wang = server->addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
        li = server->addOperator(QStringLiteral("li"), QStringLiteral("cashier"));
        zhou = server->addOperator(QStringLiteral("zhou"), QStringLiteral("manager"));
        qian = server->addOperator(QStringLiteral("qian"), QStringLiteral("manager"));
        property = makeSmallProperty(*eng);
    }
    ~Office() { ingestor.reset(); }

    QJsonObject ok(api::ApiClient& who, const char* method, const QJsonObject& params)
    {
        return resultOf(who.call(QLatin1String(method), params));
    }
    qint64 openAccount(const char* code, const char* tenant, qint64 room, bool water)
    {
        const qint64 a = ok(*wang, "account.open", {{QStringLiteral("key"), QStringLiteral("open-%1").arg(QLatin1String(code))},
                                                    {QStringLiteral("code"), QLatin1String(code)},
                                                    {QStringLiteral("tenant_name"), QString::fromUtf8(tenant)}})
                             .value(u"account")
                             .toInteger();
        ok(*wang, "account.configure", {{QStringLiteral("account"), a}, {QStringLiteral("tariff"), QStringLiteral("e-flat")},
                                        {QStringLiteral("alarm1"), QStringLiteral("30.00")}, {QStringLiteral("alarm2"), QStringLiteral("10.00")}});
        if (water)
            ok(*wang, "account.configure", {{QStringLiteral("account"), a}, {QStringLiteral("utility"), QStringLiteral("water")},
                                            {QStringLiteral("tariff"), QStringLiteral("w-flat")},
                                            {QStringLiteral("alarm1"), QStringLiteral("10.00")}, {QStringLiteral("alarm2"), QStringLiteral("5.00")}});
        ok(*wang, "account.link_rooms", {{QStringLiteral("account"), a}, {QStringLiteral("rooms"), QJsonArray{room}}});
        return a;
    }
    qint64 addMeter(const char* nameplate, const char* address, qint64 room, const char* utility)
    {
        return idOf(eng->call(QStringLiteral("meter.create"),
                              {{QStringLiteral("nameplate"), QLatin1String(nameplate)}, {QStringLiteral("bus"), QStringLiteral("bus1")},
                               {QStringLiteral("protocol"), QStringLiteral("modbus")}, {QStringLiteral("map"), QStringLiteral("acrel-ddsy1352")},
                               {QStringLiteral("address"), QLatin1String(address)}, {QStringLiteral("room"), room},
                               {QStringLiteral("utility"), QLatin1String(utility)},
                               {QStringLiteral("installed_at"), QStringLiteral("2024-12-01T00:00:00Z")}}));
    }
    // One collection round: the meters' readings at one time, committed as one batch.
    void read(const QDateTime& at, const QList<std::tuple<qint64, qint64, Unit>>& meters)
    {
        clock.set(at);
        QList<MeterReading> round;
        for (const auto& [meter, totalMilli, unit] : meters) {
            MeterReading r;
            r.meter = MeterId{meter};
            r.registers.utc = at;
            r.registers.values.insert(Register::Total, Quantity::fromMilli(totalMilli, unit));
            round << r;
        }
        const IngestReport report = ingestor->ingestAll(round);
        REQUIRE(!report.failure);
        for (const IngestOutcome& o : report.outcomes)
            REQUIRE(o.status != IngestOutcome::Status::Anomaly);
    }
    QByteArray csv(const char* method, QJsonObject params)
    {
        params.insert(QStringLiteral("csv"), true);
        return ok(*zhou, method, params).value(u"csv").toString().toUtf8();
    }

    ManualClock clock;
    std::unique_ptr<TestServer> server;
    std::unique_ptr<storage::Database> db;
    std::unique_ptr<ReadingIngestor> ingestor;
    std::unique_ptr<api::ApiClient> eng, wang, li, zhou, qian;
    SmallProperty property;
};

qint64 fen(const QJsonValue& yuan)
{
    return Money::parseYuan(yuan.toString())->fen();
}

// What cumulative charging posts in all for one flat price: milli-units × 1e-4 yuan is 1e-5 fen,
// rounded half up once.
qint64 priced(qint64 milli, qint64 priceTenThousandths)
{
    return (milli * priceTenThousandths + 50'000) / 100'000;
}

} // namespace

TEST_CASE("A year of one office: every report against its golden file, reconciled to the fen", "[api][report][golden]")
{
    MD_FOR_EACH_BACKEND(backend);
    Office o(backend);
    const SmallProperty& p = o.property;
    const qint64 a = o.openAccount("1-101", "张三", p.room101, false);
    const qint64 b = o.openAccount("1-102", "李四", p.room102, true);
    const qint64 c = o.openAccount("2-101", "王五", p.room2101, false);
    // Meters go in after the rooms are let, so the link assigns them (link_rooms assigns the
    // meters already there): link again once they are in.
    const qint64 ea1 = o.addMeter("E-A1", "1", p.room101, "electricity");
    const qint64 eb = o.addMeter("E-B1", "2", p.room102, "electricity");
    const qint64 wb = o.addMeter("W-B1", "3", p.room102, "water");
    const qint64 ec = o.addMeter("E-C1", "4", p.room2101, "electricity");
    for (const auto& [account, room] : {std::pair{a, p.room101}, std::pair{b, p.room102}, std::pair{c, p.room2101}})
        o.ok(*o.wang, "account.link_rooms", {{QStringLiteral("account"), account}, {QStringLiteral("rooms"), QJsonArray{room}}});

    // Counters: E-A1 1000 kWh and ~4.5 kWh a half day; E-B1 ~2.6; W-B1 ~0.14 m³; E-C1 ~1.6.
    const Counter ca{1'000'000, 4'321, 37}, cb{52'000, 2'500, 29}, cw{310'000, 123, 3}, cc{7'000, 1'500, 23};
    qint64 va = ca.startMilli, vb = cb.startMilli, vw = cw.startMilli, vc = cc.startMilli;
    qint64 usedA1 = 0, usedA2 = 0, usedB = 0, usedW = 0, usedC = 0;
    qint64 ea2 = 0;
    qint64 a2 = 0;                // E-A2's counter
    bool corrected = false;       // B's March recharge keyed twice, the second reversed
    qint64 chargedBeforeSwap = 0; // fen billed to A by E-A1 (the swap ends its charging)
    const QDate first(2025, 1, 1), last(2025, 12, 31);
    int half = 0;
    for (QDate d = first; d <= last; d = d.addDays(1)) {
        const int m = d.month();
        if (d.day() == 1) { // the month's recharges at 09:00
            o.clock.set(local(m, 1, 9));
            o.ok(*o.wang, "account.recharge", {{QStringLiteral("key"), QStringLiteral("a-%1").arg(m)}, {QStringLiteral("account"), a},
                                               {QStringLiteral("amount"), QStringLiteral("300.00")}});
            o.ok(*o.li, "account.recharge", {{QStringLiteral("key"), QStringLiteral("b-%1").arg(m)}, {QStringLiteral("account"), b},
                                             {QStringLiteral("amount"), QStringLiteral("120.00")}, {QStringLiteral("channel"), QStringLiteral("wechat")}});
            o.ok(*o.li, "account.recharge", {{QStringLiteral("key"), QStringLiteral("bw-%1").arg(m)}, {QStringLiteral("account"), b},
                                             {QStringLiteral("utility"), QStringLiteral("water")}, {QStringLiteral("amount"), QStringLiteral("40.00")},
                                             {QStringLiteral("channel"), QStringLiteral("alipay")}});
            if (m <= 10)
                o.ok(*o.wang, "account.recharge", {{QStringLiteral("key"), QStringLiteral("c-%1").arg(m)}, {QStringLiteral("account"), c},
                                                   {QStringLiteral("amount"), QStringLiteral("80.00")}, {QStringLiteral("channel"), QStringLiteral("card")}});
            if (m == 3) {
                // B's March recharge was keyed twice by mistake (a second 120.00): corrected.
                const qint64 twice = o.ok(*o.li, "account.recharge", {{QStringLiteral("key"), QStringLiteral("b-3-again")}, {QStringLiteral("account"), b},
                                                                     {QStringLiteral("amount"), QStringLiteral("120.00")}, {QStringLiteral("channel"), QStringLiteral("wechat")}})
                                         .value(u"transaction")
                                         .toInteger();
                o.clock.set(local(3, 1, 11));
                const qint64 req = o.ok(*o.li, "account.correct", {{QStringLiteral("key"), QStringLiteral("fix-b-3")}, {QStringLiteral("transaction"), twice},
                                                                  {QStringLiteral("reason"), QStringLiteral("keyed twice")}})
                                       .value(u"approval").toObject().value(u"id").toInteger();
                o.ok(*o.zhou, "approval.approve", {{QStringLiteral("id"), req}});
                corrected = true;
            }
        }
        if (d == QDate(2025, 5, 20)) { // B asks 20.00 back; the other manager approves
            o.clock.set(local(5, 20, 15));
            const qint64 req = o.ok(*o.wang, "account.refund", {{QStringLiteral("key"), QStringLiteral("refund-b")}, {QStringLiteral("account"), b},
                                                                {QStringLiteral("amount"), QStringLiteral("20.00")}})
                                   .value(u"approval").toObject().value(u"id").toInteger();
            o.ok(*o.qian, "approval.approve", {{QStringLiteral("id"), req}});
        }
        for (int h : {10, 22}) {
            const QDateTime at = local(d.month(), d.day(), h);
            const bool firstRead = d == first && h == 10;
            const qint64 ua = firstRead ? 0 : ca.use(half), ub = firstRead ? 0 : cb.use(half);
            const qint64 uw = firstRead ? 0 : cw.use(half), uc = firstRead ? 0 : cc.use(half);
            if (d == QDate(2025, 7, 15) && h == 22) {
                // 换表 at 15:30: E-A1 shows 1.234 kWh more than at 10:00; E-A2 starts at 0.500 and
                // counts the rest of the half day.
                o.clock.set(local(7, 15, 15, 30));
                va += 1'234;
                usedA1 += 1'234;
                a2 = 500;
                const QJsonObject swap = o.ok(*o.eng, "meter.swap",
                    {{QStringLiteral("meter"), ea1}, {QStringLiteral("at"), local(7, 15, 15, 30).toString(Qt::ISODate)},
                     {QStringLiteral("final_reading"), QJsonObject{{QStringLiteral("total"), Quantity::fromMilli(va, Unit::KilowattHour).toString()}}},
                     {QStringLiteral("new_meter"), QJsonObject{{QStringLiteral("nameplate"), QStringLiteral("E-A2")}, {QStringLiteral("bus"), QStringLiteral("bus1")},
                                                               {QStringLiteral("protocol"), QStringLiteral("modbus")}, {QStringLiteral("map"), QStringLiteral("acrel-ddsy1352")},
                                                               {QStringLiteral("address"), QStringLiteral("1")}}},
                     {QStringLiteral("initial_reading"), QJsonObject{{QStringLiteral("total"), QStringLiteral("0.500")}}},
                     {QStringLiteral("reason"), QStringLiteral("display broken")}});
                ea2 = swap.value(u"new").toInteger();
                chargedBeforeSwap = priced(usedA1, 6170);
                a2 += ua - 1'234;
                usedA2 += ua - 1'234;
            } else if (ea2) {
                a2 += ua;
                usedA2 += ua;
            } else {
                va += ua;
                usedA1 += ua;
            }
            vb += ub, vw += uw, vc += uc;
            usedB += ub, usedW += uw;
            if (d <= QDate(2025, 10, 31))
                usedC += uc;
            QList<std::tuple<qint64, qint64, Unit>> round{{ea2 ? ea2 : ea1, ea2 ? a2 : va, Unit::KilowattHour},
                                                          {eb, vb, Unit::KilowattHour},
                                                          {wb, vw, Unit::CubicMetre}};
            if (d <= QDate(2025, 10, 31))
                round.append({ec, vc, Unit::KilowattHour});
            o.read(at, round);
            ++half;
        }
        if (d == QDate(2025, 10, 31)) { // 王五 moves out: the meter's last reading, then closing
            o.clock.set(local(10, 31, 23));
            const QJsonObject close = o.ok(*o.wang, "account.close", {{QStringLiteral("key"), QStringLiteral("close-c")}, {QStringLiteral("account"), c}});
            REQUIRE(close.value(u"status").toString() == u"pending");
            o.ok(*o.zhou, "approval.approve", {{QStringLiteral("id"), close.value(u"approval").toObject().value(u"id").toInteger()}});
        }
    }
    REQUIRE(corrected);
    REQUIRE(ea2 > 0);
    o.clock.set(local(12, 31, 23, 30));

    const QJsonObject year{{QStringLiteral("from"), QStringLiteral("2025-01-01")}, {QStringLiteral("to"), QStringLiteral("2025-12-31")}};
    // Each wallet paid for exactly what its meters counted: the price of the year's energy
    // (E-A1's charging ends at the swap; E-A2 continues the same wallet's cumulative charge,
    // so A's wallet pays round(total × price) over both — the ladder is flat here).
    const QJsonArray ledgerRows = o.ok(*o.zhou, "report.account_ledger", year).value(u"rows").toArray();
    QHash<QString, QJsonObject> wallet;
    for (const QJsonValue& v : ledgerRows)
        wallet.insert(v[QStringLiteral("code")].toString() + u'/' + v[QStringLiteral("utility")].toString(), v.toObject());
    REQUIRE(wallet.size() == 4);
    CHECK(chargedBeforeSwap > 0);
    CHECK(fen(wallet.value(QStringLiteral("1-101/electricity")).value(u"deductions")) == priced(usedA1 + usedA2, 6170));
    CHECK(fen(wallet.value(QStringLiteral("1-102/electricity")).value(u"deductions")) == priced(usedB, 6170));
    CHECK(fen(wallet.value(QStringLiteral("1-102/water")).value(u"deductions")) == priced(usedW, 34500));
    CHECK(fen(wallet.value(QStringLiteral("2-101/electricity")).value(u"deductions")) == priced(usedC, 6170));
    // Money in: A 12 × 300.00, B 12 × 120.00 + 120.00 keyed twice and corrected, water
    // 12 × 40.00, C 10 × 80.00; out: B's 20.00 refund and C's settlement.
    CHECK(fen(wallet.value(QStringLiteral("1-101/electricity")).value(u"recharges")) == 360'000);
    CHECK(fen(wallet.value(QStringLiteral("1-102/electricity")).value(u"recharges")) == 156'000);
    CHECK(fen(wallet.value(QStringLiteral("1-102/electricity")).value(u"corrections")) == -12'000);
    CHECK(fen(wallet.value(QStringLiteral("1-102/electricity")).value(u"refunds")) == 2'000);
    CHECK(fen(wallet.value(QStringLiteral("1-102/water")).value(u"recharges")) == 48'000);
    const qint64 settlement = 80'000 - priced(usedC, 6170);
    REQUIRE(settlement > 0);
    CHECK(fen(wallet.value(QStringLiteral("2-101/electricity")).value(u"refunds")) == settlement);
    CHECK(fen(wallet.value(QStringLiteral("2-101/electricity")).value(u"closing")) == 0);
    // Room 101 used what both its meters counted, across the swap.
    const QJsonArray rooms = o.ok(*o.zhou, "report.consumption",
                                  {{QStringLiteral("from"), QStringLiteral("2025-01-01")}, {QStringLiteral("to"), QStringLiteral("2025-12-31")},
                                   {QStringLiteral("granularity"), QStringLiteral("year")}, {QStringLiteral("group"), QStringLiteral("room")},
                                   {QStringLiteral("utility"), QStringLiteral("electricity")}})
                                 .value(u"rows").toArray();
    // (Two rooms are coded 101, in units 1 and 2: reports name rooms by their path.)
    qint64 room101 = -1;
    for (const QJsonValue& r : rooms)
        if (r[QStringLiteral("room")].toString() == u"A/1/1/101")
            room101 = Quantity::parse(r[QStringLiteral("total")].toString(), Unit::KilowattHour)->milli();
    CHECK(room101 == usedA1 + usedA2);

    // The year reconciles: sales − refunds + corrections = change in wallets + revenue.
    const QJsonObject reconcile = o.ok(*o.zhou, "report.reconcile", year);
    CHECK(reconcile.value(u"balanced").toBool());
    CHECK(fen(reconcile.value(u"difference")) == 0);
    const QJsonArray sales = o.ok(*o.zhou, "report.sales", QJsonObject{{QStringLiteral("from"), QStringLiteral("2025-01-01")}, {QStringLiteral("to"), QStringLiteral("2025-12-31")},
                                                                     {QStringLiteral("granularity"), QStringLiteral("year")}})
                                 .value(u"rows").toArray();
    REQUIRE(sales.size() == 1);
    qint64 walletChange = 0, revenue = 0;
    for (const QJsonObject& w : std::as_const(wallet)) {
        walletChange += fen(w.value(u"closing")) - fen(w.value(u"opening"));
        revenue += fen(w.value(u"deductions"));
    }
    CHECK(fen(sales.at(0)[QStringLiteral("net")]) == walletChange + revenue);
    CHECK(fen(sales.at(0)[QStringLiteral("sales")]) == 360'000 + 13 * 12'000 + 48'000 + 80'000);
    CHECK(fen(sales.at(0)[QStringLiteral("net")]) == 644'000 - 2'000 - settlement - 12'000);

    // The rollups agree with the raw rows.
    const report::RollupCheck rollups = report::verifyRollups(*o.db, kOffice);
    CHECK(rollups.mismatches.isEmpty());
    CHECK(rollups.readings == 730 * 3 + 2 + 2 * 304); // the swap's final and initial readings too
    const report::WalletRollupCheck wallets = report::verifyWalletRollups(*o.db);
    CHECK(wallets.mismatches.isEmpty());
    // And the monthly ones (what the year's reports below read) agree with the daily ones,
    // across the swap in July too.
    const report::MonthlyRollupCheck months = report::verifyMonthlyRollups(*o.db);
    CHECK(months.mismatches.isEmpty());
    CHECK(months.meterMonths >= 12 * 3);

    // Every report, as the desk exports it.
    const auto golden = [&](const char* name, const QByteArray& csv) {
        checkGolden(csv, QStringLiteral("api"), QStringLiteral("year_") + QLatin1String(name), backend);
    };
    QJsonObject monthly = year;
    monthly.insert(QStringLiteral("granularity"), QStringLiteral("month"));
    golden("sales_by_month", o.csv("report.sales", monthly));
    QJsonObject byCashier = year;
    byCashier.insert(QStringLiteral("granularity"), QStringLiteral("year"));
    byCashier.insert(QStringLiteral("by_cashier"), true);
    golden("sales_by_cashier", o.csv("report.sales", byCashier));
    golden("account_ledger", o.csv("report.account_ledger", year));
    golden("reconcile", o.csv("report.reconcile", year));
    QJsonObject meters = monthly;
    meters.insert(QStringLiteral("group"), QStringLiteral("meter"));
    golden("consumption_meter_month", o.csv("report.consumption", meters));
    QJsonObject byRoom = year;
    byRoom.insert(QStringLiteral("granularity"), QStringLiteral("year"));
    byRoom.insert(QStringLiteral("group"), QStringLiteral("room"));
    golden("consumption_room_year", o.csv("report.consumption", byRoom));
    golden("compare_december", o.csv("report.compare", {{QStringLiteral("from"), QStringLiteral("2025-12-01")},
                                                        {QStringLiteral("to"), QStringLiteral("2025-12-31")},
                                                        {QStringLiteral("group"), QStringLiteral("room")}}));
    golden("alarms", o.csv("report.alarms", year));
    golden("arrears", o.csv("report.arrears", {}));
}
