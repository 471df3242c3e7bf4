// Alarm levels from a balance and per-account thresholds, bound by bound, and the purchase
// count comparison (比对充值次数). Every expectation is worked out by hand.

#include "control/alarm_policy.h"
#include "control/purchase_count_check.h"

#include <catch2/catch.hpp>

using namespace md;

namespace {
Money fen(qint64 f)
{
    return Money::fromFen(f);
}
const AlarmThresholds kT{fen(5000), fen(2000)}; // alarm 1 at <= 50.00, alarm 2 at <= 20.00
} // namespace

TEST_CASE("Alarm level at and around every threshold", "[control][alarm]")
{
    CHECK(AlarmPolicy::levelFor(fen(5001), kT) == AlarmLevel::Normal);  // 50.01 > 50.00
    CHECK(AlarmPolicy::levelFor(fen(5000), kT) == AlarmLevel::Alarm1);  // bounds are inclusive
    CHECK(AlarmPolicy::levelFor(fen(2001), kT) == AlarmLevel::Alarm1);
    CHECK(AlarmPolicy::levelFor(fen(2000), kT) == AlarmLevel::Alarm2);
    CHECK(AlarmPolicy::levelFor(fen(0), kT) == AlarmLevel::Alarm2);     // zero is not owing yet
    CHECK(AlarmPolicy::levelFor(fen(-1), kT) == AlarmLevel::Arrears);   // owes 0.01
    // Thresholds of zero: only arrears and normal/alarm 2 at exactly zero.
    const AlarmThresholds zero{fen(0), fen(0)};
    CHECK(AlarmPolicy::levelFor(fen(1), zero) == AlarmLevel::Normal);
    CHECK(AlarmPolicy::levelFor(fen(0), zero) == AlarmLevel::Alarm2);
}

TEST_CASE("Alarm evaluation reports a change only when the level moves", "[control][alarm]")
{
    CHECK_FALSE(AlarmPolicy::evaluate(AlarmLevel::Alarm1, fen(3000), kT));
    const auto down = AlarmPolicy::evaluate(AlarmLevel::Alarm1, fen(-250), kT);
    REQUIRE(down);
    CHECK(down->from == AlarmLevel::Alarm1);
    CHECK(down->to == AlarmLevel::Arrears);
    CHECK(down->balance == fen(-250));
    // A recharge from arrears straight back to normal is one change.
    const auto up = AlarmPolicy::evaluate(AlarmLevel::Arrears, fen(10000), kT);
    REQUIRE(up);
    CHECK(up->to == AlarmLevel::Normal);
}

TEST_CASE("Alarm thresholds are checked and level keys round-trip", "[control][alarm]")
{
    CHECK(kT.validate().isEmpty());
    CHECK_FALSE(AlarmThresholds{fen(1000), fen(2000)}.validate().isEmpty()); // alarm 1 below alarm 2
    CHECK_FALSE(AlarmThresholds{fen(1000), fen(-1)}.validate().isEmpty());
    for (AlarmLevel l : {AlarmLevel::Normal, AlarmLevel::Alarm1, AlarmLevel::Alarm2, AlarmLevel::Arrears})
        CHECK(parseAlarmLevel(alarmLevelKey(l)) == l);
    CHECK_FALSE(parseAlarmLevel(u"red"));
}

TEST_CASE("Purchase count on the meter against the ledger's recharges", "[control][purchase]")
{
    using R = PurchaseCountCheck::Result;
    CHECK(PurchaseCountCheck::compare(5, 5, 0) == R::Match);
    CHECK(PurchaseCountCheck::compare(4, 5, 1) == R::Pending);   // one recharge not yet written
    CHECK(PurchaseCountCheck::compare(3, 5, 2) == R::Pending);
    CHECK(PurchaseCountCheck::compare(3, 5, 1) == R::Mismatch);  // one more missing than pending
    CHECK(PurchaseCountCheck::compare(4, 5, 0) == R::Mismatch);  // a write was lost
    CHECK(PurchaseCountCheck::compare(6, 5, 3) == R::Mismatch);  // the meter counts a purchase nobody paid for
    CHECK(PurchaseCountCheck::resultKey(R::Mismatch) == u"mismatch");
}
