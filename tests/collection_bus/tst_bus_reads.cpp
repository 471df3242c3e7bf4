// Reading every meter of the mixed-20 scenario on its three buses in parallel, with both
// transports; manual reads jumping the polling queue; the address scan.
#include "recorder.h"
#include "sim_harness.h"

#include "sim_meter.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::collection;
using namespace md::collection::test;

namespace {
const QString kMixed20 = QStringLiteral(MD_SCENARIO_DIR "/mixed-20.scenario");

// The registers the meter showed before and after the read bound what the read may say: the
// simulated meters keep consuming in real time while the bus is read.
struct Bounds
{
    qint64 before = 0;
    qint64 after = 0;
};

void checkReadings(SimHarness& h, const Recorder& rec, const QMap<QString, Bounds>& bounds)
{
    for (const MeterReading& r : rec.readings) {
        const QString name = h.nameOf(r.meter);
        INFO("meter " << name.toStdString());
        REQUIRE(r.registers.has(Register::Total));
        const qint64 total = r.registers.values.value(Register::Total).milli();
        // 0.01 kWh registers: the read equals a value the meter showed during the read.
        CHECK(total >= bounds[name].before);
        CHECK(total <= bounds[name].after);
        CHECK(total % 10 == 0);
        CHECK(!r.rawReply.isEmpty());
    }
}
} // namespace

TEST_CASE("every meter of mixed-20 is read on its three buses in parallel", "[collection_bus]")
{
    SimHarness h = SimHarness::fromFile(kMixed20);
    BusManager manager(h.buses(), h.meters(), h.clock());
    Recorder rec(manager);
    manager.start();
    REQUIRE(waitUntil([&] { return rec.started.size() == 3; }, 5000));
    for (const QString& problem : rec.started)
        REQUIRE(problem.toStdString() == std::string());

    QMap<QString, Bounds> bounds;
    for (const auto& m : h.sim().meters())
        bounds[m->name()].before = h.totalMilli(m->name());
    manager.runCycle();
    REQUIRE(waitUntil([&] { return rec.cycles == 1; }, 20000));
    for (const auto& m : h.sim().meters())
        bounds[m->name()].after = h.totalMilli(m->name());

    for (const auto& f : rec.failures)
        UNSCOPED_INFO("read failed: " << h.nameOf(MeterId{f.first}).toStdString() << ": "
                                      << f.second.toStdString());
    CHECK(rec.failures.isEmpty());
    REQUIRE(rec.readings.size() == 20);
    checkReadings(h, rec, bounds);

    // Known starting registers: e01 starts at 1234.56 kWh, w01 at 5000.00 kWh.
    for (const MeterReading& r : rec.readings) {
        const QString name = h.nameOf(r.meter);
        const qint64 total = r.registers.values.value(Register::Total).milli();
        if (name == u"e01")
            CHECK(total >= 1'234'560);
        if (name == u"w01")
            CHECK(total >= 5'000'000);
        // Switch state as the simulator holds it: w07 starts open, every other one closed.
        if (name == u"w07")
            CHECK(r.switchState == SwitchState::Off);
        else if (name == u"w08")
            CHECK(r.switchState == SwitchState::Unknown); // DL/T 645-1997: no status word
        else if (name == u"e08")
            CHECK(r.switchState == SwitchState::Unknown); // SDM120 has no relay register
        else
            CHECK(r.switchState == SwitchState::On);
        if (name == u"w05" || name == u"e01" || name == u"w01") {
            // Time-of-use registers add up to the total (the simulator splits exactly).
            qint64 rates = 0;
            for (Register reg : {Register::Sharp, Register::Peak, Register::Flat, Register::Valley}) {
                REQUIRE(r.registers.has(reg));
                rates += r.registers.values.value(reg).milli();
            }
            // The starting register (1234.56 / 5000.00 kWh) is in the total only.
            const qint64 initial = name == u"e01" ? 1'234'560 : name == u"w01" ? 5'000'000 : 0;
            CHECK(rates <= total - initial);
            CHECK(total - initial - rates <= 40); // each rate floored to 0.01 kWh on its own
        }
        if (name == u"e05") {
            // md-prepaid: 50.00 yuan at the start, minus what 1000 W at 0.6170 yuan/kWh cost
            // during the seconds of the test (0.6170 × 1 kW × 1 h = 0.62 yuan an hour).
            REQUIRE(r.meterBalance);
            CHECK(r.meterBalance->fen() <= 5000);
            CHECK(r.meterBalance->fen() >= 4990);
            REQUIRE(r.purchaseCount);
            CHECK(*r.purchaseCount == 3);
        }
        if (name == u"w03") {
            REQUIRE(r.meterBalance); // DL/T 645 费控: 80.00 yuan at the start
            CHECK(r.meterBalance->fen() <= 8000);
            CHECK(r.meterBalance->fen() >= 7990);
            REQUIRE(r.purchaseCount);
        }
        if (name.startsWith(u'h')) {
            CHECK(r.registers.values.value(Register::Total).unit() == Unit::CubicMetre);
            CHECK_FALSE(r.batteryLow);
        }
    }

    // Diagnostics: every request answered, latency figures filled.
    const std::vector<BusDiagnostics> diag = manager.diagnostics();
    REQUIRE(diag.size() == 3);
    for (const BusDiagnostics& d : diag) {
        INFO("bus " << d.bus.toStdString());
        CHECK(d.successPermille() == 1000);
        CHECK(d.link.requests == d.link.answers);
        CHECK(d.link.timeouts == 0);
        CHECK(d.link.checksumErrors == 0);
        CHECK(d.p50Us > 0);
        CHECK(d.p50Us <= d.p95Us);
        CHECK(d.p95Us <= d.p99Us);
        CHECK(d.cycles == 1);
        for (const MeterDiagnostics& m : d.meters) {
            CHECK(m.lastGoodReading.isValid());
            CHECK(m.missedCycles == 0);
        }
    }
    manager.stop();
}

TEST_CASE("the QModbusRtuSerialClient transport reads the pure Modbus bus", "[collection_bus]")
{
    SimHarness h = SimHarness::fromFile(kMixed20);
    BusManager manager({h.bus(QStringLiteral("east"), TransportKind::QtModbus)},
                       h.meters(QStringLiteral("east")), h.clock());
    Recorder rec(manager);
    manager.start();
    QMap<QString, Bounds> bounds;
    for (const auto& m : h.sim().meters())
        bounds[m->name()].before = h.totalMilli(m->name());
    manager.runCycle();
    REQUIRE(waitUntil([&] { return rec.cycles == 1; }, 20000));
    for (const auto& m : h.sim().meters())
        bounds[m->name()].after = h.totalMilli(m->name());
    CHECK(rec.failures.isEmpty());
    CHECK(rec.readings.size() == 8);
    checkReadings(h, rec, bounds);

    // And a relay command through Qt's client, confirmed by read-back.
    manager.sendCommand(h.id(QStringLiteral("e02")), SwitchCommand::Trip);
    REQUIRE(waitUntil([&] { return rec.commands.size() == 1; }, 5000));
    CHECK(rec.commands[0].confirmed);
    CHECK(h.meter(QStringLiteral("e02")).relayOpen());
    manager.stop();
}

TEST_CASE("the Qt Modbus transport refuses a bus with other protocols", "[collection_bus]")
{
    SimHarness h = SimHarness::fromFile(kMixed20);
    BusSettings west = h.bus(QStringLiteral("west"), TransportKind::QtModbus);
    BusManager manager({west}, h.meters(QStringLiteral("west")), h.clock());
    Recorder rec(manager);
    manager.start();
    REQUIRE(waitUntil([&] { return rec.started.size() == 1; }, 5000));
    CHECK(rec.started.value(QStringLiteral("west")).contains(u"Qt Modbus transport"));
    manager.runCycle();
    REQUIRE(waitUntil([&] { return rec.cycles == 1; }, 5000));
    CHECK(rec.readings.isEmpty());
    CHECK(rec.failures.size() == 8);
    // A command on a bus that is down fails at once, never waits or shows as done.
    manager.sendCommand(h.id(QStringLiteral("w01")), SwitchCommand::Trip);
    REQUIRE(waitUntil([&] { return rec.commands.size() == 1; }, 5000));
    CHECK_FALSE(rec.commands[0].confirmed);
    CHECK(rec.commands[0].problem.contains(u"not open"));
    manager.stop();
}

TEST_CASE("a manual read jumps the polling queue", "[collection_bus]")
{
    SimHarness h = SimHarness::fromFile(kMixed20);
    BusManager manager({h.bus(QStringLiteral("east"))}, h.meters(QStringLiteral("east")),
                       h.clock());
    Recorder rec(manager);
    manager.start();
    manager.runCycle(); // e01 .. e08 in order
    const MeterId last = h.id(QStringLiteral("e08"));
    // As soon as the cycle is under way, ask for the last meter of the polling order.
    REQUIRE(waitUntil([&] { return !rec.readings.isEmpty(); }, 5000));
    manager.readNow({last});
    REQUIRE(waitUntil([&] { return rec.cycles == 1; }, 20000));
    REQUIRE(rec.readings.size() == 9);
    // The manual read came back before the cycle reached e08 (the polled e08 is the last).
    int firstE08 = -1;
    for (int i = 0; i < rec.readings.size(); ++i)
        if (rec.readings[i].meter == last && firstE08 < 0)
            firstE08 = i;
    CHECK(firstE08 >= 1);
    CHECK(firstE08 <= 3);
    CHECK(rec.readings.back().meter == last);
    manager.stop();
}

TEST_CASE("an address scan finds the Modbus meters of a bus", "[collection_bus]")
{
    SimHarness h = SimHarness::fromFile(kMixed20);
    BusSettings east = h.bus(QStringLiteral("east"));
    east.probeTimeoutMs = 40;
    BusManager manager({east}, h.meters(QStringLiteral("east")), h.clock());
    Recorder rec(manager);
    manager.start();
    REQUIRE(manager.scanModbus(QStringLiteral("east"), 1, 12));
    REQUIRE(waitUntil([&] { return rec.scans == 1; }, 10000));
    CHECK(rec.found == QStringList({QStringLiteral("modbus-rtu:1"), QStringLiteral("modbus-rtu:2"),
                                    QStringLiteral("modbus-rtu:3"), QStringLiteral("modbus-rtu:4"),
                                    QStringLiteral("modbus-rtu:5"), QStringLiteral("modbus-rtu:6"),
                                    QStringLiteral("modbus-rtu:7"), QStringLiteral("modbus-rtu:8")}));
    manager.stop();
}
