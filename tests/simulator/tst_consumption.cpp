#include "scenario.h"
#include "sim_meter.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::sim;

namespace {
const QDateTime kStart(QDate(2024, 3, 1), QTime(0, 0), Qt::UTC); // 08:00 in UTC+8

MeterConfig electric(qint64 watts)
{
    MeterConfig c;
    c.name = QStringLiteral("m");
    c.bus = QStringLiteral("b");
    c.profile.baseMilli = watts * 1000;
    c.tou = TouSchedule::builtIn();
    return c;
}

SimMeter meterOf(const MeterConfig& c)
{
    return SimMeter(c, kStart, 8 * 3600, 42);
}
} // namespace

TEST_CASE("Registers advance exactly, split by the TOU segment of local time", "[simulator]")
{
    SimMeter m = meterOf(electric(1000));
    m.advanceTo(kStart.addSecs(3600));
    // 1000 W for 1 h = 1.00 kWh, all in peak (local 08:00-09:00).
    CHECK(m.energyCenti() == 100);
    CHECK(m.rateEnergyCenti(TouRate::Peak) == 100);
    m.advanceTo(kStart.addSecs(9000));
    // to local 10:30: peak 08-10 = 2.00 kWh, sharp 10:00-10:30 = 0.50 kWh; total 2.50 kWh.
    CHECK(m.energyCenti() == 250);
    CHECK(m.rateEnergyCenti(TouRate::Peak) == 200);
    CHECK(m.rateEnergyCenti(TouRate::Sharp) == 50);
    CHECK(m.rateEnergyCenti(TouRate::Flat) == 0);
    CHECK(m.loadMilli() == 1'000'000);
    CHECK(m.currentMilli() == 4545); // 1000 W / 220 V = 4.545 A
}

TEST_CASE("The same scenario gives the same registers whatever the polling steps", "[simulator]")
{
    MeterConfig c = electric(1234);
    c.profile.noisePercent = 30;
    c.profile.shapePercent[3] = 10;
    SimMeter coarse = meterOf(c);
    SimMeter fine = meterOf(c);
    coarse.advanceTo(kStart.addDays(3));
    for (qint64 s = 0; s <= 3 * 86400; s += 7)
        fine.advanceTo(kStart.addSecs(s));
    fine.advanceTo(kStart.addDays(3));
    CHECK(fine.energyCenti() == coarse.energyCenti());
    for (int r = 0; r < kRateCount; ++r)
        CHECK(fine.rateEnergyCenti(TouRate(r)) == coarse.rateEnergyCenti(TouRate(r)));
    // Noise moves the total away from the noiseless 1234 W × 72 h = 88.848 kWh, within 30 %.
    CHECK(coarse.energyCenti() != 8884);
    CHECK(coarse.energyCenti() > 8884 * 7 / 10 - 300);
    CHECK(coarse.energyCenti() < 8884 * 13 / 10);
    // Another seed, other noise.
    SimMeter other(c, kStart, 8 * 3600, 43);
    other.advanceTo(kStart.addDays(3));
    CHECK(other.energyCenti() != coarse.energyCenti());
}

TEST_CASE("A prepaid meter trips exactly when its balance runs out", "[simulator]")
{
    MeterConfig c = electric(1000);
    c.prepaid = true;
    c.priceTenThousandths = 5000; // 0.5000 yuan/kWh
    c.balanceFen = 100;           // 1.00 yuan buys 2 kWh = 2 h at 1000 W
    SimMeter m = meterOf(c);
    m.advanceTo(kStart.addSecs(3600));
    CHECK(m.balanceFen() == 50); // 1 kWh × 0.5 = 0.50 yuan spent
    CHECK_FALSE(m.relayOpen());
    m.advanceTo(kStart.addSecs(3 * 3600));
    CHECK(m.energyCenti() == 200); // stopped at 2.00 kWh
    CHECK(m.balanceFen() == 0);
    CHECK(m.relayOpen());
    CHECK(m.tripReason() == TripReason::Balance);
    // A purchase with a stale sequence is refused; the right one credits once and closes.
    CHECK_FALSE(m.purchase(1000, 0));
    CHECK(m.purchase(1000, 1));
    CHECK_FALSE(m.purchase(1000, 1));
    CHECK(m.balanceFen() == 1000);
    CHECK(m.purchaseCount() == 1);
    CHECK_FALSE(m.relayOpen());
    m.advanceTo(kStart.addSecs(4 * 3600));
    CHECK(m.energyCenti() == 300);
    CHECK(m.balanceFen() == 950); // 10.00 - 1 kWh × 0.50
}

TEST_CASE("Overload trips, force-on blocks trips, a counter reset zeroes the registers", "[simulator]")
{
    MeterConfig c = electric(3000);
    c.overloadW = 2000;
    SimMeter m = meterOf(c);
    m.advanceTo(kStart.addSecs(600));
    CHECK(m.relayOpen());
    CHECK(m.tripReason() == TripReason::Overload);
    CHECK(m.energyCenti() == 0);
    CHECK(m.relayStatusRegister() == 0x05); // open + overload
    m.setForceOn(true);
    CHECK_FALSE(m.trip());
    m.advanceTo(kStart.addSecs(600 + 3600));
    CHECK(m.energyCenti() == 300); // forced on: 3000 W for 1 h despite the overload
    CHECK(m.relayStatusRegister() == 0x02);

    MeterConfig swap = electric(1000);
    swap.initialCenti = 123456;
    swap.faults.counterResetsMs = {30 * 60'000};
    SimMeter s = meterOf(swap);
    s.advanceTo(kStart.addSecs(20 * 60));
    CHECK(s.energyCenti() == 123456 + 33); // 1000 W × 20 min = 0.333 kWh, floored
    s.advanceTo(kStart.addSecs(3600));
    CHECK(s.energyCenti() == 50); // swapped at 30 min: 1000 W × 30 min = 0.50 kWh
}
