// The simulator's buses over real pseudo terminals, driven by a master in the test.
#include "sim_bus.h"
#include "sim_meter.h"
#include "simulator.h"
#include "test_master.h"

#include "protocol/cjt188.h"
#include "protocol/dlt645_codec.h"
#include "protocol/dlt645_data.h"
#include "protocol/modbus_parser.h"
#include "protocol/modbus_rtu.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace md;
using namespace md::protocol;
using namespace md::sim;
using md::sim::test::TestMaster;

namespace {
const QDateTime kStart(QDate(2024, 3, 1), QTime(0, 0), Qt::UTC);

const char* const kScenario = R"(
[scenario]
seed = 7
start = 2024-03-01T00:00:00Z
[bus mixed]
latency_ms = 2
[meter a1]
bus = mixed
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 1
load = 1000
energy = 1234.56
[meter p2]
bus = mixed
protocol = modbus-rtu
map = md-prepaid
slave = 2
load = 1000
prepaid = yes
balance = 10.00
price = 0.5000
purchases = 4
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
[meter dead]
bus = mixed
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 10
fault.dead = yes
[meter bad]
bus = mixed
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 11
fault.corrupt = 1
[meter wrong]
bus = mixed
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 12
fault.wrong_address = yes
[meter late]
bus = mixed
protocol = modbus-rtu
map = acrel-ddsy1352
slave = 13
fault.late = 1
fault.late_ms = 100
)";

struct Rig
{
    ManualClock clock{kStart};
    Simulator sim{Scenario::parse(kScenario, QStringLiteral("test")), clock};
    Rig() { sim.start(); }
    SimBus& bus() { return *sim.buses().front(); }
};

ModbusFrame answerOf(const std::optional<FrameEvent>& e)
{
    REQUIRE(e);
    REQUIRE(e->valid());
    return *parseModbusAdu(e->bytes);
}
} // namespace

TEST_CASE("Modbus meters answer reads, relay writes and purchases over a pseudo terminal", "[simulator]")
{
    Rig rig;
    TestMaster master(rig.bus().path());
    REQUIRE(master.isOpen());
    ModbusRtuParser parser;
    rig.clock.advanceMs(3600'000); // 1 h at 1000 W: +1.00 kWh, all peak (local 08-09)

    ModbusFrame r = answerOf(master.transact(buildModbusRead(1, 0x03, 0x0000, 10), parser));
    REQUIRE(r.registers.size() == 10);
    CHECK((quint32(r.registers[0]) << 16 | r.registers[1]) == 123556); // 1234.56 + 1.00
    CHECK((quint32(r.registers[4]) << 16 | r.registers[5]) == 100);    // peak 1.00 kWh

    // Trip through the relay register, read the state back (bit 0 open).
    r = answerOf(master.transact(buildModbusWriteMultiple(1, 0x0057, {1}), parser));
    CHECK(r.function == 0x10);
    r = answerOf(master.transact(buildModbusRead(1, 0x03, 0x0057, 1), parser));
    CHECK(r.registers.at(0) == 0x01);
    CHECK(rig.sim.meter(QStringLiteral("a1"))->relayOpen());

    // Prepaid: 10.00 - 1 kWh × 0.50 = 9.50 yuan = 950 fen; 4 purchases so far.
    r = answerOf(master.transact(buildModbusRead(2, 0x03, 0x0100, 3), parser));
    CHECK(qint32(quint32(r.registers[0]) << 16 | r.registers[1]) == 950);
    CHECK(r.registers[2] == 4);
    // Buy 20.00 yuan (2000 fen) as purchase 5; the same write again is refused (exception 03).
    const std::vector<quint16> buy{0, 2000, 5};
    r = answerOf(master.transact(buildModbusWriteMultiple(2, 0x0110, buy), parser));
    CHECK_FALSE(r.isException());
    r = answerOf(master.transact(buildModbusWriteMultiple(2, 0x0110, buy), parser));
    CHECK(r.isException());
    CHECK(r.exceptionCode == 0x03);
    r = answerOf(master.transact(buildModbusRead(2, 0x03, 0x0100, 3), parser));
    CHECK(qint32(quint32(r.registers[0]) << 16 | r.registers[1]) == 2950);
    CHECK(r.registers[2] == 5);
    // Outside the map: exception 02.
    r = answerOf(master.transact(buildModbusRead(1, 0x03, 0x0100, 2), parser));
    CHECK(r.exceptionCode == 0x02);
    CHECK(rig.bus().stats().badFrames == 0);
}

TEST_CASE("A Modbus request right after a DL/T 645 request on a mixed bus is answered", "[simulator]")
{
    // Regression: the Modbus parser held the DL/T 645 request's bytes as the start of a long
    // frame, and the next Modbus request (behind them) went unanswered.
    Rig rig;
    TestMaster master(rig.bus().path());
    Dlt645Parser dlt;
    ModbusRtuParser modbus;
    const QByteArray addr = dlt645::addressFromDigits(u"000000000003");
    for (int i = 0; i < 3; ++i) {
        auto e = master.transact(buildDlt645Read(addr, 0x00010000), dlt);
        REQUIRE(e);
        CHECK(e->valid());
        const ModbusFrame r = answerOf(master.transact(buildModbusRead(1, 0x03, 0x0000, 2), modbus, 500));
        CHECK(r.registers.size() == 2);
    }
}

TEST_CASE("DL/T 645 and CJ/T 188 meters share the bus with Modbus meters", "[simulator]")
{
    Rig rig;
    TestMaster master(rig.bus().path());
    rig.clock.advanceMs(9000'000); // 2.5 h at 2000 W: peak 4.00 kWh, sharp 1.00 kWh
    const QByteArray addr = dlt645::addressFromDigits(u"000000000003");
    Dlt645Parser parser;

    auto e = master.transact(buildDlt645Read(addr, 0x0001FF00), parser);
    REQUIRE(e);
    REQUIRE(e->valid());
    Dlt645Frame f = *parseDlt645Frame(e->bytes);
    CHECK(f.control == 0x91);
    const auto values = decodeDlt645Payload(*findDlt645Item2007(0x0001FF00), f.data.mid(4));
    REQUIRE(values);
    REQUIRE(values->size() == 5);
    CHECK(values->at(0).text == u"5.00");
    CHECK(values->at(1).text == u"1.00"); // sharp
    CHECK(values->at(2).text == u"4.00"); // peak

    // Relay trip with a wrong password: abnormal answer, bit 2; with the right one: 9C, and
    // status word 3 reads back relay open (bits 4 and 6).
    const QDateTime until = rig.clock.nowUtc().toOffsetFromUtc(8 * 3600).addSecs(600);
    Dlt645Auth auth;
    auth.password = 0x111111;
    e = master.transact(buildDlt645Relay(addr, RelayAction::Trip, auth, until), parser);
    REQUIRE(e);
    f = *parseDlt645Frame(e->bytes);
    CHECK(f.control == 0xDC);
    CHECK(f.data == QByteArray(1, 0x04));
    auth.password = 0x123456;
    e = master.transact(buildDlt645Relay(addr, RelayAction::Trip, auth, until), parser);
    REQUIRE(e);
    CHECK(parseDlt645Frame(e->bytes)->control == 0x9C);
    e = master.transact(buildDlt645Read(addr, 0x04000503), parser);
    REQUIRE(e);
    f = *parseDlt645Frame(e->bytes);
    CHECK((quint8(f.data[4]) & 0x50) == 0x50);
    // An unknown identifier: "no requested data".
    e = master.transact(buildDlt645Read(addr, 0x12345678), parser);
    REQUIRE(e);
    CHECK(parseDlt645Frame(e->bytes)->data == QByteArray(1, 0x02));

    // Water: 100 L/h for 2.5 h = 250 L = 0.25 m³; then close the valve.
    const QByteArray waddr = cjt188::addressFromDigits(u"00000000000004");
    Cjt188Parser wparser;
    e = master.transact(buildCjt188Read(cjt188::kColdWater, waddr, 9), wparser);
    REQUIRE(e);
    REQUIRE(e->valid());
    Cjt188Frame w = *parseCjt188Frame(e->bytes);
    const auto water = decodeCjt188MeterData(w.meterType, QByteArrayView(w.data).sliced(3));
    REQUIRE(water);
    CHECK(water->at(0).text == u"0.25");
    e = master.transact(buildCjt188Valve(cjt188::kColdWater, waddr, false, 10), wparser);
    REQUIRE(e);
    w = *parseCjt188Frame(e->bytes);
    CHECK(w.control == 0x84);
    CHECK((quint8(w.data[3]) & 0x03) == 0x01); // valve closed
    CHECK(rig.sim.meter(QStringLiteral("w4"))->relayOpen());
}

TEST_CASE("Faults: dead meters, corrupted bytes, wrong address, late answers", "[simulator]")
{
    Rig rig;
    TestMaster master(rig.bus().path());
    ModbusRtuParser parser;

    // A dead meter: the bus says it swallowed the request (no waiting for a timeout).
    const QByteArray toDead = buildModbusRead(10, 0x03, 0, 2);
    {
        bool swallowed = false;
        QObject::connect(&rig.bus(), &SimBus::unanswered, [&](const QString& m) {
            swallowed = m == u"dead";
        });
        CHECK_FALSE(master.transact(toDead, parser, 300).has_value());
        CHECK(swallowed);
    }
    CHECK(rig.bus().stats().unanswered == 1);

    auto e = master.transact(buildModbusRead(11, 0x03, 0, 2), parser);
    REQUIRE(e);
    CHECK_FALSE(e->valid()); // one byte flipped: the CRC fails

    ModbusRtuParser fresh;
    const ModbusFrame r = answerOf(master.transact(buildModbusRead(12, 0x03, 0, 2), fresh));
    CHECK(r.slave == 13); // a well-formed answer from the wrong address

    qint64 ns = 0;
    answerOf(master.transact(buildModbusRead(13, 0x03, 0, 2), fresh, 2000, &ns));
    // (8 + 9 bytes) × 1.146 ms + 2 ms latency + 100 ms late = 121.5 ms
    CHECK(ns >= 121'000'000);
    CHECK(ns < 140'000'000);
}

TEST_CASE("Answers are paced at 9600 8E1 within 5 percent of the byte arithmetic", "[simulator]")
{
    Rig rig;
    TestMaster master(rig.bus().path());
    ModbusRtuParser parser;
    const qint64 byteNs = rig.bus().config().byteTimeNs();
    CHECK(byteNs == 1'145'833); // 11 bits / 9600 Bd
    qint64 sumActual = 0, sumExpected = 0;
    std::vector<qint64> offPerMille;
    for (int i = 0; i < 30; ++i) {
        qint64 ns = 0;
        const ModbusFrame r = answerOf(master.transact(buildModbusRead(1, 0x03, 0, 10), parser,
                                                     2000, &ns));
        CHECK(r.registers.size() == 10);
        // request 8 + answer 25 bytes, plus 2 ms latency: 33 × 1.146 + 2 = 39.8 ms
        const qint64 expected = 33 * byteNs + 2'000'000;
        sumActual += ns;
        sumExpected += expected;
        offPerMille.push_back(std::abs(ns - expected) * 1000 / expected);
    }
    const qint64 ratioPpm = sumActual * 1'000'000 / sumExpected;
    std::sort(offPerMille.begin(), offPerMille.end());
    const qint64 median = offPerMille[offPerMille.size() / 2];
    const qint64 p90 = offPerMille[offPerMille.size() * 9 / 10];
    // Never faster than the wire (that is what pacing guarantees); how close to it is a
    // figure, printed here and measured by tests/bench/bus_bench: on a loaded 2-core machine
    // (ctest -j2 next to builds) single wake-ups are late by milliseconds, so only the median
    // exchange is held to 5 % and the mean to a gross bound.
    WARN("9600 8E1, 30 reads of 10 registers: achieved/arithmetic = " << ratioPpm << " ppm, median off by " << median
         << " per mille, 90th percentile by " << p90 << ", worst by " << offPerMille.back() << " per mille");
    CHECK(ratioPpm > 1'000'000 - 1);
    CHECK(ratioPpm < 1'500'000);
    CHECK(median < 50);
}
