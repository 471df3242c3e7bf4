// Plausibility of a reading against the previous accepted one. A meter of 60 kW may count at
// most 60,000 Wh per hour: in 30 minutes (1,800,000 ms) 60,000 × 1,800,000 / 3,600,000
// = 30,000 Wh = 30.000 kWh.

#include "collection/plausibility.h"

#include <catch2/catch.hpp>

using namespace md;

namespace {
const QDateTime kT0(QDate(2025, 3, 3), QTime(2, 0), Qt::UTC);

ReadingSet set(const QDateTime& t, qint64 totalWh)
{
    ReadingSet s;
    s.add({t, Register::Total, Quantity::fromMilli(totalWh, Unit::KilowattHour)});
    return s;
}
using V = Plausibility::Verdict;
V verdict(qint64 nextWh, qint64 maxRate = 60'000, qint64 afterMs = 1'800'000)
{
    return Plausibility::check(set(kT0, 100'000), set(kT0.addMSecs(afterMs), nextWh), maxRate).verdict;
}
} // namespace

TEST_CASE("Plausibility: the first reading is a baseline", "[collection][plausibility]")
{
    CHECK(Plausibility::check(std::nullopt, set(kT0, 5), 60'000).verdict == V::First);
}

TEST_CASE("Plausibility: rises up to max rate × interval are fine, one Wh more is a jump", "[collection][plausibility]")
{
    CHECK(verdict(100'000) == V::Ok);           // no consumption
    CHECK(verdict(130'000) == V::Ok);           // +30.000 kWh, exactly the bound
    CHECK(verdict(130'001) == V::ImpossibleJump);
    CHECK(verdict(10'000'000, 0) == V::Ok);     // no rate bound configured
}

TEST_CASE("Plausibility: going down is a reset near zero, else backwards", "[collection][plausibility]")
{
    CHECK(verdict(99'999) == V::Backwards);     // 99.999 kWh could not have been counted from zero in 30 min
    CHECK(verdict(30'000) == V::CounterReset);  // 30.000 kWh: possible since a restart
    CHECK(verdict(30'001) == V::Backwards);
    // Without a rate bound: a reset is at most 1 % of the previous value (100,000 / 100 = 1,000 Wh).
    CHECK(verdict(1'000, 0) == V::CounterReset);
    CHECK(verdict(1'001, 0) == V::Backwards);
}

TEST_CASE("Plausibility: a reading not after the previous one is refused", "[collection][plausibility]")
{
    CHECK(verdict(100'000, 60'000, 0) == V::NotAfter);
    CHECK(verdict(100'000, 60'000, -1) == V::NotAfter);
    const Plausibility p = Plausibility::check(set(kT0, 100'000), set(kT0.addSecs(1800), 99'000), 60'000);
    CHECK(p.isAnomaly());
    CHECK_FALSE(p.billable());
    CHECK(Plausibility::verdictKey(p.verdict) == u"counter-backwards");
    CHECK_FALSE(p.problem.isEmpty());
}
