// Switch commands on one mixed bus (Modbus + DL/T 645 + CJ/T 188), confirmed by read-back;
// a forced-on meter refuses to trip and the command is reported as not confirmed.
#include "recorder.h"
#include "sim_harness.h"

#include "sim_meter.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::collection;
using namespace md::collection::test;

namespace {
const char* const kMixedBus = R"(
[scenario]
seed = 3
start = 2024-03-01T00:00:00Z
[bus mixed]
latency_ms = 2
[meter a1]
bus = mixed
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 1
load = 1000
[meter p2]
bus = mixed
protocol = modbus-rtu
map = md-prepaid
slave = 2
load = 500
prepaid = yes
balance = 10.00
price = 0.5000
[meter d3]
bus = mixed
protocol = dlt645
address = 000000000003
load = 2000
password = 123456
[meter w4]
bus = mixed
protocol = cjt188
type = cold-water
address = 00000000000004
load = 100
[meter d5]
bus = mixed
protocol = dlt645
address = 000000000005
load = 800
password = 654321
)";

struct Bench
{
    SimHarness h = SimHarness::fromText(kMixedBus);
    std::unique_ptr<BusManager> manager;
    std::unique_ptr<Recorder> rec;

    explicit Bench(std::function<void(MeterEndpoint&)> tweak = {})
    {
        BusSettings s = h.bus(QStringLiteral("mixed"));
        s.commandAttempts = 2;
        s.commandBackoffMs = 50;
        std::vector<MeterEndpoint> meters = h.meters();
        if (tweak)
            for (MeterEndpoint& m : meters)
                tweak(m);
        manager = std::make_unique<BusManager>(std::vector<BusSettings>{s}, meters, h.clock());
        rec = std::make_unique<Recorder>(*manager);
        manager->start();
    }
    CommandResult run(const char* meter, SwitchCommand c)
    {
        const qsizetype n = rec->commands.size();
        manager->sendCommand(h.id(QString::fromLatin1(meter)), c);
        REQUIRE(waitUntil([&] { return rec->commands.size() == n + 1; }, 10000));
        return rec->commands.back();
    }
    sim::SimMeter& meter(const char* name) { return h.meter(QString::fromLatin1(name)); }
};

void tweakPasswords(MeterEndpoint& m)
{
    // The registry holds the passwords as printed; the simulator's d3 has 123456.
    if (m.name == u"d3")
        m.auth.password = 0x123456;
    if (m.name == u"d5")
        m.auth.password = 0x654321;
}
} // namespace

TEST_CASE("DL/T 645, Modbus and CJ/T 188 switch commands are confirmed by read-back",
          "[collection_bus]")
{
    Bench b(tweakPasswords);
    CommandResult r = b.run("d3", SwitchCommand::Trip);
    CHECK(r.confirmed);
    CHECK(r.observed == SwitchState::Off);
    CHECK(r.attempts == 1);
    CHECK(b.meter("d3").relayOpen());

    r = b.run("a1", SwitchCommand::Trip);
    CHECK(r.confirmed);
    CHECK(r.observed == SwitchState::Off);
    CHECK(b.meter("a1").relayOpen());

    r = b.run("w4", SwitchCommand::Trip); // valve close
    CHECK(r.confirmed);
    CHECK(r.observed == SwitchState::Off);
    CHECK(b.meter("w4").relayOpen());

    // And back on.
    for (const char* name : {"d3", "a1", "w4"}) {
        INFO(name);
        r = b.run(name, SwitchCommand::Close);
        CHECK(r.confirmed);
        CHECK(r.observed == SwitchState::On);
        CHECK_FALSE(b.meter(name).relayOpen());
    }
    // A read after the commands shows the states the meters have.
    b.manager->readBus(QStringLiteral("mixed"));
    REQUIRE(waitUntil([&] { return b.rec->readings.size() == 5; }, 10000));
    for (const MeterReading& reading : b.rec->readings)
        CHECK(reading.switchState == SwitchState::On);
    b.manager->stop();
}

TEST_CASE("a forced-on meter refuses to trip and the trip is reported not confirmed",
          "[collection_bus]")
{
    Bench b(tweakPasswords);
    CommandResult r = b.run("p2", SwitchCommand::ForceOn);
    CHECK(r.confirmed);
    CHECK(r.observed == SwitchState::ForcedOn);
    r = b.run("d5", SwitchCommand::ForceOn);
    CHECK(r.confirmed);
    CHECK(b.meter("d5").forceOn());

    r = b.run("p2", SwitchCommand::Trip); // Modbus: exception 04
    CHECK_FALSE(r.confirmed);
    CHECK(r.attempts == 2); // retried after the backoff, then reported
    CHECK(r.observed == SwitchState::ForcedOn);
    CHECK_FALSE(r.problem.isEmpty());
    CHECK_FALSE(b.meter("p2").relayOpen());
    CHECK(r.toJson().value(u"confirmed").toBool() == false);
    CHECK(r.toJson().value(u"observed").toString() == u"forced-on");
    CHECK(r.toJson().value(u"command").toString() == u"trip");

    r = b.run("d5", SwitchCommand::Trip); // DL/T 645: abnormal answer DC
    CHECK_FALSE(r.confirmed);
    CHECK(r.attempts == 2);
    CHECK(r.observed == SwitchState::On);
    CHECK_FALSE(b.meter("d5").relayOpen());

    // Released, the trip goes through.
    CHECK(b.run("p2", SwitchCommand::ForceOnRelease).confirmed);
    r = b.run("p2", SwitchCommand::Trip);
    CHECK(r.confirmed);
    CHECK(b.meter("p2").relayOpen());
    b.manager->stop();
}

TEST_CASE("a DL/T 645 trip with the wrong password is never reported as done", "[collection_bus]")
{
    Bench b([](MeterEndpoint& m) {
        if (m.name == u"d3")
            m.auth.password = 0x111111; // the meter has 123456
    });
    const CommandResult r = b.run("d3", SwitchCommand::Trip);
    CHECK_FALSE(r.confirmed);
    CHECK(r.observed == SwitchState::On);
    CHECK_FALSE(b.meter("d3").relayOpen());
    b.manager->stop();
}

TEST_CASE("a recharge written to a meter-side prepaid meter is confirmed and counted once",
          "[collection_bus]")
{
    Bench b;
    auto purchase = [&](const char* meter, qint64 fen, qint64 sequence) {
        const qsizetype n = b.rec->purchases.size();
        b.manager->sendPurchase(b.h.id(QString::fromLatin1(meter)), Money::fromFen(fen), sequence);
        REQUIRE(waitUntil([&] { return b.rec->purchases.size() == n + 1; }, 10000));
        return b.rec->purchases.back();
    };
    sim::SimMeter& p2 = b.meter("p2");
    const qint64 before = p2.balanceFen(); // 10.00 yuan less a few seconds at 500 W
    REQUIRE(p2.purchaseCount() == 0);

    // 20.00 yuan as purchase 1: confirmed by the count read back; the balance rose by 2000 fen
    // (less the little consumed meanwhile: 500 W × 0.5000 yuan/kWh is 0.25 yuan an hour).
    PurchaseResult r = purchase("p2", 2000, 1);
    CHECK(r.confirmed);
    CHECK(r.attempts == 1);
    REQUIRE(r.purchaseCount);
    CHECK(*r.purchaseCount == 1);
    REQUIRE(r.balance);
    CHECK(r.balance->fen() <= before + 2000);
    CHECK(r.balance->fen() >= before + 2000 - 2);
    CHECK(p2.purchaseCount() == 1);
    CHECK(p2.lastPurchaseFen() == 2000);

    // The same purchase again (a retry after a lost answer): the meter refuses the stale
    // sequence, the read-back shows it counted once: confirmed, and no second credit.
    const qint64 afterFirst = p2.balanceFen();
    r = purchase("p2", 2000, 1);
    CHECK(r.confirmed);
    CHECK(p2.purchaseCount() == 1);
    CHECK(p2.balanceFen() <= afterFirst);
    CHECK(r.toJson().value(u"amount").toString() == u"20.00");

    // A sequence that skips one is refused and never shown as done.
    r = purchase("p2", 500, 3);
    CHECK_FALSE(r.confirmed);
    CHECK(r.attempts == 2);
    CHECK(p2.purchaseCount() == 1);
    CHECK_FALSE(r.problem.isEmpty());

    // A meter without a balance of its own.
    r = purchase("a1", 500, 1);
    CHECK_FALSE(r.confirmed);
    CHECK_FALSE(r.problem.isEmpty());
    b.manager->stop();
}

TEST_CASE("DL/T 645 settings are written with the meter's password and confirmed by read-back",
          "[collection_bus]")
{
    Bench b([](MeterEndpoint& m) {
        tweakPasswords(m);
        if (m.name == u"d5")
            m.auth.password = 0x111111; // the meter has 654321
    });
    auto download = [&](const char* meter, const QList<SettingValue>& values) {
        const qsizetype n = b.rec->settings.size();
        b.manager->sendSettings(b.h.id(QString::fromLatin1(meter)), values);
        REQUIRE(waitUntil([&] { return b.rec->settings.size() == n + 1; }, 10000));
        return b.rec->settings.back();
    };
    // Alarm 1 at 12.34 yuan, a flat 0.5283 yuan/kWh on all four rates, 7.5 kW overload.
    const QList<SettingValue> values{{QStringLiteral("alarm.threshold"), 1234, 2},
                                     {QStringLiteral("tariff.price"), 5283, 4},
                                     {QStringLiteral("overload.limit"), 7500, 0}};
    SettingsResult r = download("d3", values);
    CHECK(r.confirmed);
    CHECK(r.problem.isEmpty());
    CHECK(b.meter("d3").alarmFen() == 1234);
    CHECK(b.meter("d3").priceTenThousandths() == 5283);
    CHECK(b.meter("d3").overloadW() == 7500);

    // The wrong password: refused by the meter, never confirmed, nothing changed.
    const qint64 price = b.meter("d5").priceTenThousandths();
    r = download("d5", values);
    CHECK_FALSE(r.confirmed);
    CHECK_FALSE(r.problem.isEmpty());
    CHECK(b.meter("d5").priceTenThousandths() == price);
    CHECK(b.meter("d5").alarmFen() != 1234);

    // More than the item's digits (04090B01 holds at most 99.9999 kW): refused before sending.
    r = download("d3", {{QStringLiteral("overload.limit"), 120'000, 0}});
    CHECK_FALSE(r.confirmed);
    CHECK(b.meter("d3").overloadW() == 7500);
    b.manager->stop();
}

TEST_CASE("a command for a meter on no bus fails at once", "[collection_bus]")
{
    Bench b;
    b.manager->sendCommand(MeterId{999}, SwitchCommand::Trip);
    REQUIRE(waitUntil([&] { return b.rec->commands.size() == 1; }, 2000));
    CHECK_FALSE(b.rec->commands[0].confirmed);
    CHECK_FALSE(b.rec->commands[0].problem.isEmpty());
    b.manager->stop();
}
