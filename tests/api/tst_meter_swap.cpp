// meter.swap (换表) through the real service: the old meter's final reading billed once, the
// successor continuing the ladder from its initial reading — what the account pays equals, to
// the fen, what the core biller charges one meter that counted everything; and the refusals,
// which leave nothing behind.

#include "property_fixture.h"

#include "api/api_error.h"
#include "billing/biller.h"
#include "collection/reading_ingestor.h"
#include "collection/tariff_store.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "tariff/tariff_file.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

using namespace md;
using namespace md::test;
using namespace md::api;

namespace {

// A monthly ladder (tiers up to 100 and 200 kWh), prices with four decimals so that rounding
// shows: a resident past 100 kWh in the month pays the second tier's price.
const QByteArray kLadder = QByteArrayLiteral("[tariff]\n"
                                             "id = ladder-m\n"
                                             "utility = electricity\n"
                                             "timezone = Asia/Shanghai\n"
                                             "\n"
                                             "[version]\n"
                                             "effective = 2024-01-01\n"
                                             "tier-basis = month\n"
                                             "tiers = 100, 200\n"
                                             "price.flat = 0.5283, 0.5783, 0.8283\n");

// A yearly ladder with peak and valley inside the tiers (the Shanghai shape, small tiers).
const QByteArray kTouLadder = QByteArrayLiteral("[tariff]\n"
                                                "id = tou-ladder\n"
                                                "utility = electricity\n"
                                                "timezone = Asia/Shanghai\n"
                                                "\n"
                                                "[version]\n"
                                                "effective = 2024-01-01\n"
                                                "tier-basis = year\n"
                                                "tiers = 150, 300\n"
                                                "rates = peak, valley\n"
                                                "period = 06:00-22:00 peak\n"
                                                "period = 22:00-06:00 valley\n"
                                                "price.peak = 0.617, 0.677, 0.977\n"
                                                "price.valley = 0.307, 0.337, 0.487\n");

QDateTime utc(const char* iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toUTC();
}

QString iso(const QDateTime& t)
{
    return t.toString(Qt::ISODate);
}

ReadingSet totalAt(const QDateTime& at, const char* kwh)
{
    ReadingSet s;
    s.utc = at;
    s.values.insert(Register::Total, *Quantity::parse(QString::fromLatin1(kwh), Unit::KilowattHour));
    return s;
}

ReadingSet touAt(const QDateTime& at, const char* total, const char* peak, const char* valley)
{
    ReadingSet s = totalAt(at, total);
    s.values.insert(Register::Peak, *Quantity::parse(QString::fromLatin1(peak), Unit::KilowattHour));
    s.values.insert(Register::Valley, *Quantity::parse(QString::fromLatin1(valley), Unit::KilowattHour));
    return s;
}

QJsonObject touJson(const char* total, const char* peak, const char* valley)
{
    return {{QStringLiteral("total"), QLatin1String(total)},
            {QStringLiteral("peak"), QLatin1String(peak)},
            {QStringLiteral("valley"), QLatin1String(valley)}};
}

// The collection service's side, on its own connection to the service's database.
class Bus
{
public:
    explicit Bus(const storage::DatabaseConfig& config)
        : m_db(storage::Database::open(config))
        , m_ingestor(std::make_unique<ReadingIngestor>(*m_db, m_clock))
    {
    }
    ~Bus() { m_ingestor.reset(); }
    storage::Database& db() { return *m_db; }
    IngestOutcome read(qint64 meter, const QDateTime& at, const char* total)
    {
        MeterReading r;
        r.meter = MeterId{meter};
        r.registers = totalAt(at, total);
        return m_ingestor->ingest(r);
    }
    IngestOutcome read(qint64 meter, const ReadingSet& set)
    {
        MeterReading r;
        r.meter = MeterId{meter};
        r.registers = set;
        return m_ingestor->ingest(r);
    }

private:
    SystemClock m_clock;
    std::unique_ptr<storage::Database> m_db;
    std::unique_ptr<ReadingIngestor> m_ingestor;
};

QJsonObject meterParams(const QString& nameplate, const QString& address)
{
    return {{QStringLiteral("nameplate"), nameplate},
            {QStringLiteral("bus"), QStringLiteral("bus1")},
            {QStringLiteral("protocol"), QStringLiteral("modbus")},
            {QStringLiteral("map"), QStringLiteral("acrel-ddsy1352")},
            {QStringLiteral("address"), address}};
}

QJsonObject swapParams(qint64 meter, const QString& at, const QString& finalTotal, const QJsonObject& newMeter,
                       const QString& initialTotal)
{
    return {{QStringLiteral("meter"), meter},
            {QStringLiteral("at"), at},
            {QStringLiteral("final_reading"), QJsonObject{{QStringLiteral("total"), finalTotal}}},
            {QStringLiteral("new_meter"), newMeter},
            {QStringLiteral("initial_reading"), QJsonObject{{QStringLiteral("total"), initialTotal}}},
            {QStringLiteral("reason"), QStringLiteral("display broken")}};
}

// The account's deductions, oldest first: (amount, balance before, balance after) in fen.
struct Posted
{
    qint64 amount, before, after;
};
QList<Posted> deductions(api::ApiClient& desk, qint64 account)
{
    const QJsonArray txs = resultOf(desk.call(QStringLiteral("account.transactions"),
                                              {{QStringLiteral("account"), account}, {QStringLiteral("limit"), 500}}))
                               .value(u"transactions")
                               .toArray();
    QList<Posted> out;
    for (const QJsonValue& v : txs) {
        const QJsonObject t = v.toObject();
        if (t.value(u"kind").toString() != u"deduction")
            continue;
        out.prepend(Posted{Money::parseYuan(t.value(u"amount").toString())->fen(),
                           Money::parseYuan(t.value(u"balance_before").toString())->fen(),
                           Money::parseYuan(t.value(u"balance_after").toString())->fen()});
    }
    return out;
}

qint64 count(storage::Database& db, const QString& sql)
{
    storage::SqlQuery q(db, sql);
    q.exec();
    q.next();
    return q.intValue(0);
}

struct Office
{
    std::unique_ptr<TestServer> server;
    std::unique_ptr<api::ApiClient> eng, desk;
    SmallProperty sp;
    qint64 account = 0;
    qint64 meter = 0;
};

// Property, an account renting room 101 with 500.00 on its electricity wallet and the ladder
// tariff, and meter E-OLD (bus1 address 1) in the room.
Office makeOffice(Backend backend, const QByteArray& tariffText = kLadder, const QString& tariff = QStringLiteral("ladder-m"))
{
    Office o;
    TestServer::Options opt;
    opt.backend = backend;
    o.server = std::make_unique<TestServer>(opt);
    o.eng = o.server->addOperator(QStringLiteral("gong"), QStringLiteral("engineer"));
    o.desk = o.server->addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    o.sp = makeSmallProperty(*o.eng);
    {
        auto db = storage::Database::open(o.server->databaseConfig());
        TariffStore(*db).put(tariffText, QDateTime::currentMSecsSinceEpoch());
    }
    o.account = resultOf(o.desk->call(QStringLiteral("account.open"), {{QStringLiteral("key"), QStringLiteral("open-1")},
                                                                       {QStringLiteral("code"), QStringLiteral("1-101")},
                                                                       {QStringLiteral("tenant_name"), QStringLiteral("张三")}}))
                    .value(u"account")
                    .toInteger();
    resultOf(o.desk->call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("r-1")},
                                                              {QStringLiteral("account"), o.account},
                                                              {QStringLiteral("amount"), QStringLiteral("500.00")}}));
    resultOf(o.desk->call(QStringLiteral("account.configure"), {{QStringLiteral("account"), o.account},
                                                               {QStringLiteral("tariff"), tariff},
                                                               {QStringLiteral("alarm1"), QStringLiteral("50.00")},
                                                               {QStringLiteral("alarm2"), QStringLiteral("10.00")}}));
    QJsonObject m = meterParams(QStringLiteral("E-OLD"), QStringLiteral("1"));
    m.insert(QStringLiteral("room"), o.sp.room101);
    m.insert(QStringLiteral("installed_at"), QStringLiteral("2026-02-01T00:00:00Z"));
    o.meter = idOf(o.eng->call(QStringLiteral("meter.create"), m));
    resultOf(o.desk->call(QStringLiteral("account.link_rooms"),
                          {{QStringLiteral("account"), o.account}, {QStringLiteral("rooms"), QJsonArray{o.sp.room101}}}));
    return o;
}

} // namespace

TEST_CASE("A meter swap mid-month on a ladder bills as one meter would, to the fen", "[api][meter-swap]")
{
    MD_FOR_EACH_BACKEND(backend);
    Office o = makeOffice(backend);
    Bus bus(o.server->databaseConfig());

    // Before the swap: baseline on 1 March, 60.123 and 131.457 kWh into the month (tier 2).
    const QDateTime t0 = utc("2026-03-01T02:00:00Z"), t1 = utc("2026-03-05T02:00:00Z"), t2 = utc("2026-03-10T02:00:00Z");
    const QDateTime swapAt = utc("2026-03-15T08:30:00Z");
    const QDateTime t3 = utc("2026-03-20T02:00:00Z"), t4 = utc("2026-03-25T02:00:00Z"), t5 = utc("2026-04-02T02:00:00Z");
    CHECK(bus.read(o.meter, t0, "1000.000").status == IngestOutcome::Status::Baseline);
    CHECK(bus.read(o.meter, t1, "1060.123").status == IngestOutcome::Status::Billed);
    CHECK(bus.read(o.meter, t2, "1131.457").status == IngestOutcome::Status::Billed);

    // The engineer swaps it: the old one shows 1152.789, the new one 0.321 (factory test).
    // The new meter takes the old one's bus address (its address is free once it is removed).
    o.eng->takeNotifications();
    const QJsonObject swap = resultOf(o.eng->call(
        QStringLiteral("meter.swap"), swapParams(o.meter, iso(swapAt), QStringLiteral("1152.789"),
                                                 meterParams(QStringLiteral("E-NEW"), QStringLiteral("1")),
                                                 QStringLiteral("0.321"))));
    const qint64 successor = swap.value(u"new").toInteger();
    REQUIRE(successor > o.meter);
    CHECK(swap.value(u"final_reading").toObject().value(u"status").toString() == u"billed");
    CHECK(swap.value(u"initial_reading").toObject().value(u"status").toString() == u"baseline");
    CHECK(swap.value(u"billing_state_carried").toBool());
    // The desks hear of the final reading's deduction (sent before the answer, on every session).
    bool announced = false;
    for (const QJsonObject& n : o.eng->takeNotifications()) {
        const QJsonObject params = n.value(u"params").toObject();
        if (n.value(u"method").toString() == u"event.account.changed" &&
            params.value(u"transaction") == swap.value(u"final_reading").toObject().value(u"transaction"))
            announced = params.value(u"account").toInteger() == o.account;
    }
    CHECK(announced);
    const QJsonObject oldMeter = swap.value(u"old_meter").toObject();
    const QJsonObject newMeter = swap.value(u"new_meter").toObject();
    CHECK(oldMeter.value(u"state").toString() == u"removed");
    CHECK(oldMeter.value(u"removed_at").toString() == u"2026-03-15T08:30:00.000Z");
    CHECK(newMeter.value(u"nameplate").toString() == u"E-NEW");
    CHECK(newMeter.value(u"installed_at").toString() == u"2026-03-15T08:30:00.000Z");
    CHECK(newMeter.value(u"account").toObject().value(u"id").toInteger() == o.account);
    CHECK(newMeter.value(u"room").toObject().value(u"id").toInteger() == o.sp.room101);
    CHECK(newMeter.value(u"utility").toString() == u"electricity");
    CHECK(newMeter.value(u"last_reading").toObject().value(u"value").toString() == u"0.321");

    // After: the new meter read by the bus, across a tier bound and into April.
    CHECK(bus.read(successor, t3, "40.004").status == IngestOutcome::Status::Billed);
    CHECK(bus.read(successor, t4, "75.555").status == IngestOutcome::Status::Billed);
    CHECK(bus.read(successor, t5, "80.001").status == IngestOutcome::Status::Billed);

    // One meter that counted it all, through the core biller: after the swap it reads
    // 1152.789 + (new − 0.321).
    const Tariff tariff = parseTariff(kLadder, QStringLiteral("ladder"));
    MeterBillingState one(Unit::KilowattHour);
    QList<qint64> expected;
    const QList<ReadingSet> oneMeter{totalAt(t0, "1000.000"), totalAt(t1, "1060.123"), totalAt(t2, "1131.457"),
                                     totalAt(swapAt, "1152.789"), totalAt(t3, "1192.472"), totalAt(t4, "1228.023"),
                                     totalAt(t5, "1232.469")};
    for (const ReadingSet& r : oneMeter) {
        const Deduction d = Biller::bill(tariff, one, r);
        if (d.status == BillStatus::Billed)
            expected.append(d.total.fen());
    }
    REQUIRE(expected.size() == 6);

    const QList<Posted> posted = deductions(*o.desk, o.account);
    REQUIRE(posted.size() == 6);
    qint64 sum = 0;
    for (qsizetype i = 0; i < posted.size(); ++i) {
        INFO("deduction " << i);
        CHECK(posted.at(i).amount == expected.at(i));
        if (i > 0) // continuous: each deduction starts where the one before ended
            CHECK(posted.at(i).before == posted.at(i - 1).after);
        sum += posted.at(i).amount;
    }
    CHECK(posted.first().before == 50000);
    CHECK(posted.last().after == 50000 - sum);
    CHECK(Money::parseYuan(swap.value(u"final_reading").toObject().value(u"charged").toString())->fen() == expected.at(2));
    // The figures (checked against the biller above; here so that a change shows): 60.123 kWh
    // in tier 1; 71.334 across 100 kWh; 21.332 in tier 2 up to the swap; then 39.683 in tier 2;
    // 35.551 across 200 kWh; 4.446 over the month's end, March's share in tier 3 and April's
    // in April's tier 1.
    CHECK(expected == QList<qint64>{3176, 3926, 1234, 2295, 2756, 345});

    // A new meter starting afresh (no carried ladder) would have been charged tier 1 prices:
    // the carried state is what makes the figures above.
    MeterBillingState fresh(Unit::KilowattHour);
    Biller::bill(tariff, fresh, totalAt(swapAt, "0.321"));
    CHECK(Biller::bill(tariff, fresh, totalAt(t3, "40.004")).total.fen() != expected.at(3));

    // The old meter's readings and bills are kept; its last reading is the final one; the
    // operation log has the swap.
    const QJsonObject old = resultOf(o.desk->call(QStringLiteral("meter.get"), {{QStringLiteral("id"), o.meter}}));
    CHECK(old.value(u"last_reading").toObject().value(u"value").toString() == u"1152.789");
    CHECK(count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(o.meter)) == 4);
    CHECK(count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(successor)) == 4);
    CHECK(count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM operation_log WHERE action = 'meter-swap' AND subject = "
                                         "'meter:%1'")
                              .arg(o.meter)) == 1);

    // A second swap of the removed meter is refused (a retried call cannot bill twice).
    const QJsonObject again = o.eng->call(
        QStringLiteral("meter.swap"), swapParams(o.meter, iso(swapAt), QStringLiteral("1152.789"),
                                                 meterParams(QStringLiteral("E-NEW2"), QStringLiteral("2")),
                                                 QStringLiteral("0.000")));
    CHECK(errorCode(again) == MeterRemoved);
    CHECK(deductions(*o.desk, o.account).size() == 6);
}

TEST_CASE("A meter swap is refused whole: final below the last reading, another utility, nameplate or address in use",
          "[api][meter-swap]")
{
    Office o = makeOffice(Backend::Sqlite);
    Bus bus(o.server->databaseConfig());
    const QDateTime t0 = utc("2026-03-01T02:00:00Z"), t1 = utc("2026-03-10T02:00:00Z");
    bus.read(o.meter, t0, "1000.000");
    bus.read(o.meter, t1, "1131.457");
    QJsonObject other = meterParams(QStringLiteral("E-OTHER"), QStringLiteral("7"));
    other.insert(QStringLiteral("room"), o.sp.room102);
    resultOf(o.eng->call(QStringLiteral("meter.create"), other));
    const auto state = [&] {
        return std::tuple{count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM meters")),
                          count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM meters WHERE removed_at IS NOT NULL")),
                          count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM readings")),
                          count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM transactions")),
                          count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM meter_billing_state")),
                          count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM meter_runtime")),
                          count(bus.db(), QStringLiteral("SELECT COUNT(*) FROM operation_log"))};
    };
    auto before = state();
    const QString at = QStringLiteral("2026-03-15T08:30:00Z");
    const QJsonObject fresh = meterParams(QStringLiteral("E-NEW"), QStringLiteral("1"));

    SECTION("a final reading below the last one names both values")
    {
        const QJsonObject r = o.eng->call(QStringLiteral("meter.swap"),
                                          swapParams(o.meter, at, QStringLiteral("1100.000"), fresh, QStringLiteral("0")));
        CHECK(errorCode(r) == InvalidParams);
        CHECK(errorMessage(r).contains(u"1100.000"));
        CHECK(errorMessage(r).contains(u"1131.457"));
        CHECK(r.value(u"error").toObject().value(u"data").toObject().value(u"last").toString() == u"1131.457");
    }
    SECTION("a swap not after the last reading")
    {
        CHECK(errorCode(o.eng->call(QStringLiteral("meter.swap"),
                                    swapParams(o.meter, QStringLiteral("2026-03-10T02:00:00Z"), QStringLiteral("1140.000"),
                                               fresh, QStringLiteral("0")))) == InvalidParams);
    }
    SECTION("a final reading that continues the register a counter reset dropped from (the successor read under the old id)")
    {
        // The bus read the new meter at the old one's address before the swap was recorded:
        // 0.512 after 1131.457 is taken for a counter reset of the old meter.
        CHECK(bus.read(o.meter, utc("2026-03-12T02:00:00Z"), "0.512").status == IngestOutcome::Status::CounterReset);
        before = state();
        const QJsonObject r = o.eng->call(QStringLiteral("meter.swap"),
                                          swapParams(o.meter, at, QStringLiteral("1140.000"), fresh, QStringLiteral("0.600")));
        CHECK(errorCode(r) == InvalidParams);
        CHECK(errorMessage(r).contains(u"1131.457"));
        CHECK(errorMessage(r).contains(u"0.512"));
    }
    SECTION("a real rollover before the swap is not refused")
    {
        CHECK(bus.read(o.meter, utc("2026-03-12T02:00:00Z"), "0.512").status == IngestOutcome::Status::CounterReset);
        CHECK(bus.read(o.meter, utc("2026-03-13T02:00:00Z"), "3.000").status == IngestOutcome::Status::Billed);
        const QJsonObject r = resultOf(o.eng->call(QStringLiteral("meter.swap"),
                                                   swapParams(o.meter, at, QStringLiteral("5.250"), fresh, QStringLiteral("0"))));
        CHECK(r.value(u"final_reading").toObject().value(u"status").toString() == u"billed");
        CHECK(r.value(u"final_reading").toObject().value(u"charged").toString() != u"0.00");
        return; // a swap was made: the rest of this case checks refusals
    }
    SECTION("a successor of another utility")
    {
        QJsonObject water = fresh;
        water.insert(QStringLiteral("utility"), QStringLiteral("water"));
        const QJsonObject r = o.eng->call(QStringLiteral("meter.swap"),
                                          swapParams(o.meter, at, QStringLiteral("1140.000"), water, QStringLiteral("0")));
        CHECK(errorCode(r) == InvalidParams);
        CHECK(errorMessage(r).contains(u"water"));
    }
    SECTION("a nameplate in use")
    {
        CHECK(errorCode(o.eng->call(QStringLiteral("meter.swap"),
                                    swapParams(o.meter, at, QStringLiteral("1140.000"),
                                               meterParams(QStringLiteral("E-OTHER"), QStringLiteral("3")),
                                               QStringLiteral("0")))) == DuplicateMeter);
    }
    SECTION("an address in use on the bus")
    {
        CHECK(errorCode(o.eng->call(QStringLiteral("meter.swap"),
                                    swapParams(o.meter, at, QStringLiteral("1140.000"),
                                               meterParams(QStringLiteral("E-NEW"), QStringLiteral("7")),
                                               QStringLiteral("0")))) == DuplicateMeter);
    }
    SECTION("a bad register value, a missing total, a time in the future, no such meter, a cashier")
    {
        CHECK(errorCode(o.eng->call(QStringLiteral("meter.swap"),
                                    swapParams(o.meter, at, QStringLiteral("1140.0001"), fresh, QStringLiteral("0")))) ==
              InvalidParams);
        QJsonObject noTotal = swapParams(o.meter, at, QStringLiteral("1140.000"), fresh, QStringLiteral("0"));
        noTotal.insert(QStringLiteral("final_reading"), QJsonObject{{QStringLiteral("peak"), QStringLiteral("1.000")}});
        CHECK(errorCode(o.eng->call(QStringLiteral("meter.swap"), noTotal)) == InvalidParams);
        CHECK(errorCode(o.eng->call(QStringLiteral("meter.swap"),
                                    swapParams(o.meter, QStringLiteral("2999-01-01T00:00:00Z"), QStringLiteral("1140.000"),
                                               fresh, QStringLiteral("0")))) == InvalidParams);
        CHECK(errorCode(o.eng->call(QStringLiteral("meter.swap"),
                                    swapParams(999, at, QStringLiteral("1140.000"), fresh, QStringLiteral("0")))) ==
              MeterNotFound);
        CHECK(errorCode(o.desk->call(QStringLiteral("meter.swap"),
                                     swapParams(o.meter, at, QStringLiteral("1140.000"), fresh, QStringLiteral("0")))) ==
              Forbidden);
    }
    SECTION("an impossible final reading (above the meter's max rate) is refused, not stored as an anomaly")
    {
        resultOf(o.eng->call(QStringLiteral("meter.update"), {{QStringLiteral("id"), o.meter}, {QStringLiteral("max_rate"), 1000}}));
        before = state(); // the update's own log record
        const QJsonObject r = o.eng->call(QStringLiteral("meter.swap"),
                                          swapParams(o.meter, at, QStringLiteral("9000.000"), fresh, QStringLiteral("0")));
        CHECK(errorCode(r) == InvalidParams);
    }
    CHECK(state() == before); // nothing of a refused swap is kept
    const QJsonObject old = resultOf(o.desk->call(QStringLiteral("meter.get"), {{QStringLiteral("id"), o.meter}}));
    CHECK(old.value(u"state").toString() != u"removed");
}

TEST_CASE("A swap of a time-of-use meter: every register read off it, billed per register as one meter", "[api][meter-swap]")
{
    Office o = makeOffice(Backend::Sqlite, kTouLadder, QStringLiteral("tou-ladder"));
    Bus bus(o.server->databaseConfig());
    const QDateTime t0 = utc("2026-03-01T02:00:00Z"), t1 = utc("2026-03-05T02:00:00Z");
    const QDateTime swapAt = utc("2026-03-15T08:30:00Z");
    const QDateTime t3 = utc("2026-03-20T02:00:00Z"), t4 = utc("2026-03-25T02:00:00Z");
    CHECK(bus.read(o.meter, touAt(t0, "500.000", "300.000", "200.000")).status == IngestOutcome::Status::Baseline);
    CHECK(bus.read(o.meter, touAt(t1, "620.250", "390.125", "230.125")).status == IngestOutcome::Status::Billed);

    QJsonObject params = swapParams(o.meter, iso(swapAt), QStringLiteral("680.500"),
                                    meterParams(QStringLiteral("E-NEW"), QStringLiteral("2")), QStringLiteral("1.000"));
    // The meter reads peak and valley: a final reading without the valley is refused, naming it.
    params.insert(QStringLiteral("final_reading"), QJsonObject{{QStringLiteral("total"), QStringLiteral("680.500")},
                                                               {QStringLiteral("peak"), QStringLiteral("430.300")}});
    const QJsonObject refused = o.eng->call(QStringLiteral("meter.swap"), params);
    CHECK(errorCode(refused) == InvalidParams);
    CHECK(errorMessage(refused).contains(u"valley"));

    params.insert(QStringLiteral("final_reading"), touJson("680.500", "430.300", "250.200"));
    params.insert(QStringLiteral("initial_reading"), touJson("1.000", "0.600", "0.400"));
    const QJsonObject swap = resultOf(o.eng->call(QStringLiteral("meter.swap"), params));
    const qint64 successor = swap.value(u"new").toInteger();
    CHECK(bus.read(successor, touAt(t3, "101.000", "70.600", "30.400")).status == IngestOutcome::Status::Billed);
    CHECK(bus.read(successor, touAt(t4, "141.000", "95.000", "46.000")).status == IngestOutcome::Status::Billed);

    const Tariff tariff = parseTariff(kTouLadder, QStringLiteral("tou"));
    MeterBillingState one(Unit::KilowattHour);
    QList<qint64> expected;
    for (const ReadingSet& r : {touAt(t0, "500.000", "300.000", "200.000"), touAt(t1, "620.250", "390.125", "230.125"),
                                touAt(swapAt, "680.500", "430.300", "250.200"), touAt(t3, "780.500", "500.300", "280.200"),
                                touAt(t4, "820.500", "524.700", "295.800")}) {
        const Deduction d = Biller::bill(tariff, one, r);
        if (d.status == BillStatus::Billed) {
            CHECK(d.byRegister);
            expected.append(d.total.fen());
        }
    }
    const QList<Posted> posted = deductions(*o.desk, o.account);
    REQUIRE(posted.size() == expected.size());
    for (qsizetype i = 0; i < posted.size(); ++i) {
        INFO("deduction " << i);
        CHECK(posted.at(i).amount == expected.at(i));
        if (i > 0)
            CHECK(posted.at(i).before == posted.at(i - 1).after);
    }
    CHECK(expected.size() == 4);
}
