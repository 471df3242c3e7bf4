#include "scenario.h"

#include "support/test_paths.h"
#include "util/error.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::sim;

namespace {
int errorLine(const char* text)
{
    try {
        Scenario::parse(text, QStringLiteral("s.scenario"));
    } catch (const InputError& e) {
        CHECK(e.source() == u"s.scenario");
        CHECK_FALSE(e.problem().isEmpty());
        return e.line();
    }
    return -1;
}
} // namespace

TEST_CASE("The mixed scenario reads: 20 meters on three buses", "[simulator]")
{
    const Scenario s =
        Scenario::fromFile(test::sourcePath(QStringLiteral("resources/scenarios/mixed-20.scenario")));
    CHECK(s.buses.size() == 3);
    CHECK(s.meters.size() == 20);
    CHECK(s.seed == 20240301);
    CHECK(s.utcOffsetSeconds == 8 * 3600);
    CHECK(s.buses.front().byteTimeNs() == 1'145'833);
    CHECK(s.buses.front().latencyUs == 5000);
}

TEST_CASE("Scenario errors name the line", "[simulator]")
{
    CHECK(errorLine("[bus b]\nbaud = fast\n") == 2);
    CHECK(errorLine("[bus b]\n[meter m]\nbus = b\nprotocol = modbus-rtu\nmap = acrel-ddsy1352\n"
                    "fault.drop = 1.5\n")
          == 6);
    CHECK(errorLine("[bus b]\n[meter m]\nbus = b\nprotocol = modbus-rtu\nmap = x\n") == 5);
    CHECK(errorLine("[bus b]\n[meter m]\nbus = b\ncolour = red\n") == 4);
    CHECK(errorLine("[bus b]\n[meter m]\nbus = b\nprotocol = dlt645\naddress = 12\n") == 2);
    CHECK(errorLine("[bus b]\n[meter m]\nbus = b\nprotocol = dlt645\naddress = 000000000001\n"
                    "tou = 08:00 peak\n")
          == 6);
    // Two meters with one address on one bus, and a meter on a bus nobody defined.
    CHECK(errorLine("[bus b]\n[meter m]\nbus = b\nprotocol = modbus-rtu\nmap = md-prepaid\n"
                    "[meter n]\nbus = b\nprotocol = modbus-rtu\nmap = md-prepaid\n")
          == 0);
    CHECK(errorLine("[bus b]\n[meter m]\nbus = c\nprotocol = modbus-rtu\nmap = md-prepaid\n")
          == 0);
}

TEST_CASE("Fault rules take a probability, a window or both", "[simulator]")
{
    const Scenario s = Scenario::parse(
        "[bus b]\n[meter m]\nbus = b\nprotocol = modbus-rtu\nmap = md-prepaid\n"
        "fault.drop = 0.25\nfault.dead = 10m..20m\nfault.late = 0.5 @ 1h..2h\n"
        "fault.counter_reset = 30s, 1d\n",
        QStringLiteral("s"));
    const FaultConfig& f = s.meters.at(0).faults;
    CHECK(f.drop.ppm == 250'000);
    CHECK(f.drop.eligible(0));
    CHECK(f.dead.ppm == 1'000'000);
    CHECK_FALSE(f.dead.eligible(599'999));
    CHECK(f.dead.eligible(600'000));
    CHECK_FALSE(f.dead.eligible(1'200'000));
    CHECK(f.late.ppm == 500'000);
    CHECK(f.late.fromMs == 3'600'000);
    CHECK(f.counterResetsMs == std::vector<qint64>{30'000, 86'400'000});
}
