// Dead meters, corrupted, dropped and wrong-address answers: retried, probed, marked lost,
// recovered, and never a wrong reading.
#include "recorder.h"
#include "sim_harness.h"

#include "sim_meter.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QJsonArray>

using namespace md;
using namespace md::collection;
using namespace md::collection::test;

namespace {
const char* const kThree = R"(
[scenario]
seed = 11
start = 2024-03-01T00:00:00Z
[bus line]
latency_ms = 2
[meter m1]
bus = line
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 1
load = 1000
energy = 100.00
[meter m2]
bus = line
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 2
load = 1000
energy = 200.00
[meter m3]
bus = line
protocol = dlt645
address = 000000000003
load = 1000
energy = 300.00
)";

const char* const kFaulty = R"(
[scenario]
seed = 20240301
start = 2024-03-01T00:00:00Z
[bus line]
latency_ms = 2
[meter c1]
bus = line
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 1
load = 1000
energy = 100.00
fault.corrupt = 0.3
[meter d1]
bus = line
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 2
load = 1000
energy = 200.00
fault.drop = 0.3
[meter c2]
bus = line
protocol = dlt645
address = 000000000003
load = 1000
energy = 300.00
fault.corrupt = 0.3
[meter c3]
bus = line
protocol = cjt188
type = cold-water
address = 00000000000004
load = 50
energy = 400.00
fault.corrupt = 0.3
[meter w1]
bus = line
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 12
load = 1000
fault.wrong_address = yes
[meter w2]
bus = line
protocol = dlt645
address = 000000000006
load = 1000
fault.wrong_address = yes
)";

BusSettings quick(BusSettings s)
{
    s.requestTimeoutMs = 150;
    // Every attempt of a meter with figures waits its adaptive timeout (at least this): the
    // in-process simulator shares the CPU, so on a loaded machine a healthy answer can come
    // late; 100 ms keeps the healthy meters read there (30 cost a retry now and then).
    s.minTimeoutMs = 100;
    s.probeTimeoutMs = 40;
    s.retries = 1;
    s.probeAfterMisses = 2;
    s.lostAfterMisses = 3;
    return s;
}

const MeterDiagnostics& diagOf(const BusDiagnostics& d, MeterId id)
{
    for (const MeterDiagnostics& m : d.meters)
        if (m.meter == id)
            return m;
    FAIL("no diagnostics for meter " << id.v);
    return d.meters.front();
}
} // namespace

TEST_CASE("a meter that dies while it is read costs its own adaptive timeout per attempt", "[collection_bus]")
{
    // Its answers say how long it takes; a retry is for a lost or garbled frame, not for a
    // meter that became slower. Before, every retry waited the configured timeout, so the
    // first two cycles after a meter died cost the bus that timeout per dead meter.
    SimHarness h = SimHarness::fromText(kThree);
    BusSettings s = quick(h.bus(QStringLiteral("line")));
    s.requestTimeoutMs = 4000; // far above any adaptive timeout here
    s.minTimeoutMs = 300;      // slack for the healthy meters on a loaded machine
    BusManager manager({s}, h.meters(), h.clock());
    Recorder rec(manager);
    manager.start();
    const MeterId m2 = h.id(QStringLiteral("m2"));
    auto cycle = [&](int n) { manager.runCycle(); REQUIRE(waitUntil([&] { return rec.cycles == n; }, 20000)); };
    cycle(1);
    cycle(2); // every meter has answered 4 exchanges: its adaptive timeout is known
    const int adaptive = diagOf(manager.diagnostics().front(), m2).timeoutMs;
    REQUIRE(adaptive < s.requestTimeoutMs);

    h.meter(QStringLiteral("m2")).setKilled(true);
    QElapsedTimer t;
    t.start();
    cycle(3);
    const qint64 elapsed = t.elapsed();
    const BusDiagnostics d = manager.diagnostics().front();
    CHECK(diagOf(d, m2).link.timeouts == 2); // the first attempt and one retry
    CHECK(diagOf(d, m2).missedCycles == 1);
    // Both attempts together stay below one configured timeout (4 s); the old retry alone
    // waited 4 s.
    INFO("cycle " << elapsed << " ms, adaptive timeout " << adaptive << " ms");
    CHECK(elapsed < s.requestTimeoutMs);
    CHECK(rec.readingsOf(h.id(QStringLiteral("m1"))) == 3);
    CHECK(rec.readingsOf(h.id(QStringLiteral("m3"))) == 3);
}

TEST_CASE("a dead meter is probed, marked lost, and comes back by itself", "[collection_bus]")
{
    SimHarness h = SimHarness::fromText(kThree);
    BusManager manager({quick(h.bus(QStringLiteral("line")))}, h.meters(), h.clock());
    Recorder rec(manager);
    manager.start();
    const MeterId m2 = h.id(QStringLiteral("m2"));
    h.meter(QStringLiteral("m2")).setKilled(true);

    auto cycle = [&](int n) { manager.runCycle(); REQUIRE(waitUntil([&] { return rec.cycles == n; }, 10000)); };
    cycle(1);
    cycle(2);
    BusDiagnostics d = manager.diagnostics().front();
    // Two cycles of a full read with one retry: 2 × 2 requests, all timed out.
    CHECK(diagOf(d, m2).link.requests == 4);
    CHECK(diagOf(d, m2).link.timeouts == 4);
    CHECK(diagOf(d, m2).missedCycles == 2);
    CHECK(rec.lost.isEmpty());

    cycle(3); // missed twice: only one short probe, then lost (third miss)
    d = manager.diagnostics().front();
    CHECK(diagOf(d, m2).link.requests == 5);
    CHECK(diagOf(d, m2).lost);
    CHECK(rec.lost == QList<qint64>{m2.v});
    cycle(4); // still dead: one probe a cycle, no second "lost"
    d = manager.diagnostics().front();
    CHECK(diagOf(d, m2).link.requests == 6);
    CHECK(rec.lost.size() == 1);
    // The healthy meters were read every cycle.
    CHECK(rec.readingsOf(h.id(QStringLiteral("m1"))) == 4);
    CHECK(rec.readingsOf(h.id(QStringLiteral("m3"))) == 4);
    CHECK(rec.readingsOf(m2) == 0);

    h.meter(QStringLiteral("m2")).setKilled(false);
    cycle(5);
    CHECK(rec.recovered == QList<qint64>{m2.v});
    REQUIRE(rec.readingsOf(m2) == 1);
    for (const MeterReading& r : rec.readings)
        if (r.meter == m2)
            CHECK(r.registers.values.value(Register::Total).milli() >= 200'000);
    d = manager.diagnostics().front();
    CHECK_FALSE(diagOf(d, m2).lost);
    CHECK(diagOf(d, m2).missedCycles == 0);
    CHECK(diagOf(d, m2).lastGoodReading.isValid());
    // The JSON form the API will show: m2 had 6 unanswered requests, then in cycle 5 the
    // probe and the read (energy, relay) answered: 9 requests.
    const QJsonObject j = d.toJson();
    CHECK(j.value(u"bus").toString() == u"line");
    CHECK(j.value(u"cycles").toInt() == 5);
    const QJsonObject m2json = j.value(u"meters").toArray().at(1).toObject();
    CHECK(m2json.value(u"name").toString() == u"m2");
    CHECK(m2json.value(u"link").toObject().value(u"requests").toInt() == 9);
    CHECK(m2json.value(u"link").toObject().value(u"timeouts").toInt() == 6);
    CHECK(m2json.value(u"reads").toInt() == 5);
    CHECK(m2json.value(u"reads_ok").toInt() == 1);
    CHECK(m2json.value(u"success_permille").toInt() == 200); // 1 of 5
    CHECK(m2json.value(u"lost").toBool() == false);
    CHECK(!m2json.value(u"last_good_reading").toString().isEmpty());
    manager.stop();
}

TEST_CASE("corrupted, dropped and wrong-address answers never give a wrong reading",
          "[collection_bus]")
{
    SimHarness h = SimHarness::fromText(kFaulty);
    BusSettings s = quick(h.bus(QStringLiteral("line")));
    s.retries = 3;
    s.lostAfterMisses = 100; // this test is about the answers, not about lost meters
    s.probeAfterMisses = 100;
    BusManager manager({s}, h.meters(), h.clock());
    Recorder rec(manager);
    manager.start();

    QMap<qint64, qint64> before;
    for (const auto& m : h.sim().meters())
        before[h.id(m->name()).v] = h.totalMilli(m->name());
    const int cycles = 8;
    for (int i = 1; i <= cycles; ++i) {
        manager.runCycle();
        REQUIRE(waitUntil([&] { return rec.cycles == i; }, 20000));
    }
    QMap<qint64, qint64> after;
    for (const auto& m : h.sim().meters())
        after[h.id(m->name()).v] = h.totalMilli(m->name());

    // Every reading lies between what the meter showed before and after the cycles, and a
    // meter's readings never go backwards: no corrupted value got through.
    QMap<qint64, qint64> last;
    for (const MeterReading& r : rec.readings) {
        const qint64 total = r.registers.values.value(Register::Total).milli();
        INFO("meter " << h.nameOf(r.meter).toStdString() << " total " << total);
        CHECK(total >= before[r.meter.v]);
        CHECK(total <= after[r.meter.v]);
        CHECK(total >= last.value(r.meter.v, 0));
        last[r.meter.v] = total;
        CHECK(r.switchState == SwitchState::On);
    }
    const MeterId w1 = h.id(QStringLiteral("w1"));
    const MeterId w2 = h.id(QStringLiteral("w2"));
    // Wrong-address answers: rejected every time, never a reading.
    CHECK(rec.readingsOf(w1) == 0);
    CHECK(rec.readingsOf(w2) == 0);
    // The faulty meters were still read most cycles thanks to the retries.
    for (const char* name : {"c1", "d1", "c2", "c3"}) {
        INFO(name);
        CHECK(rec.readingsOf(h.id(QString::fromLatin1(name))) >= cycles - 2);
    }
    const BusDiagnostics d = manager.diagnostics().front();
    CHECK(diagOf(d, h.id(QStringLiteral("c1"))).link.checksumErrors > 0);
    CHECK(diagOf(d, h.id(QStringLiteral("c2"))).link.checksumErrors > 0);
    CHECK(diagOf(d, h.id(QStringLiteral("c3"))).link.checksumErrors > 0);
    CHECK(diagOf(d, h.id(QStringLiteral("d1"))).link.timeouts > 0);
    CHECK(diagOf(d, w1).link.wrongAddress > 0);
    CHECK(diagOf(d, w2).link.wrongAddress > 0);
    CHECK(diagOf(d, w1).successPermille() == 0);
    CHECK(d.link.checksumErrors >= diagOf(d, h.id(QStringLiteral("c1"))).link.checksumErrors);
    manager.stop();
}

TEST_CASE("the Qt Modbus transport retries dropped and corrupted answers too", "[collection_bus]")
{
    SimHarness h = SimHarness::fromText(R"(
[scenario]
seed = 17
start = 2024-03-01T00:00:00Z
[bus line]
latency_ms = 2
[meter q1]
bus = line
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 1
load = 1000
energy = 100.00
fault.corrupt = 0.25
[meter q2]
bus = line
protocol = modbus-rtu
map = md-prepaid
slave = 2
load = 1000
energy = 200.00
prepaid = yes
balance = 30.00
price = 0.6000
fault.drop = 0.25
)");
    BusSettings s = quick(h.bus(QStringLiteral("line"), TransportKind::QtModbus));
    s.retries = 4;
    s.probeAfterMisses = 100;
    BusManager manager({s}, h.meters(), h.clock());
    Recorder rec(manager);
    manager.start();
    const qint64 q1Before = h.totalMilli(QStringLiteral("q1"));
    const qint64 q2Before = h.totalMilli(QStringLiteral("q2"));
    for (int i = 1; i <= 6; ++i) {
        manager.runCycle();
        REQUIRE(waitUntil([&] { return rec.cycles == i; }, 20000));
    }
    const qint64 q1After = h.totalMilli(QStringLiteral("q1"));
    const qint64 q2After = h.totalMilli(QStringLiteral("q2"));
    CHECK(rec.readings.size() >= 10);
    for (const MeterReading& r : rec.readings) {
        const qint64 total = r.registers.values.value(Register::Total).milli();
        const bool q1 = r.meter == h.id(QStringLiteral("q1"));
        CHECK(total >= (q1 ? q1Before : q2Before));
        CHECK(total <= (q1 ? q1After : q2After));
        if (!q1) {
            // 30.00 yuan less a few seconds at 1 kW × 0.6000 yuan/kWh (0.60 yuan an hour).
            REQUIRE(r.meterBalance);
            CHECK(r.meterBalance->fen() <= 3000);
            CHECK(r.meterBalance->fen() >= 2990);
        }
    }
    const BusDiagnostics d = manager.diagnostics().front();
    // Qt checks the CRC itself and reports a bad answer as no answer: both faults show as
    // timeouts here, each one retried.
    CHECK(d.link.timeouts > 0);
    CHECK(d.link.requests > d.link.answers);
    manager.stop();
}
