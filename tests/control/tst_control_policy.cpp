// The desired relay/valve state: force-on, manual overrides, arrears deferred by protected
// windows, restore, and the retry schedule of unconfirmed commands. Hand-computed times in
// Asia/Shanghai (UTC+8).

#include "control/control_policy.h"

#include <catch2/catch.hpp>

using namespace md;

namespace {
const QTimeZone kZone(QByteArrayLiteral("Asia/Shanghai"));
const QDateTime kDay = QDateTime(QDate(2025, 3, 3), QTime(10, 0), kZone).toUTC();   // 10:00 local
const QDateTime kEvening = QDateTime(QDate(2025, 3, 3), QTime(20, 0), kZone).toUTC(); // 20:00 local

ControlInputs inputs(AlarmLevel level, SwitchState actual)
{
    ControlInputs in;
    in.level = level;
    in.actual = actual;
    in.protectedTimes = ProtectedTimes{{ProtectedWindow{18 * 60, 9 * 60}}, {}, kZone};
    return in;
}
} // namespace

TEST_CASE("Arrears trips at once outside a protected window", "[control][policy]")
{
    const ControlDecision d = ControlPolicy::decide(inputs(AlarmLevel::Arrears, SwitchState::On), kDay);
    CHECK(d.desired == SwitchState::Off);
    CHECK(d.reason == u"arrears");
    CHECK(d.commandNeeded);
    CHECK_FALSE(d.deferred);
    CHECK(d.dueAt == kDay);
    // Already off: nothing to send.
    CHECK_FALSE(ControlPolicy::decide(inputs(AlarmLevel::Arrears, SwitchState::Off), kDay).commandNeeded);
}

TEST_CASE("Arrears in a protected window trips at the window's end", "[control][policy]")
{
    const ControlDecision d = ControlPolicy::decide(inputs(AlarmLevel::Arrears, SwitchState::On), kEvening);
    CHECK(d.desired == SwitchState::Off);
    CHECK(d.commandNeeded);
    CHECK(d.deferred);
    // 20:00 on 3 Mar → 09:00 on 4 Mar local = 01:00 UTC on 4 Mar.
    CHECK(d.dueAt == QDateTime(QDate(2025, 3, 4), QTime(1, 0), Qt::UTC));
}

TEST_CASE("A restore is never deferred and an unknown state always gets a command", "[control][policy]")
{
    const ControlDecision d = ControlPolicy::decide(inputs(AlarmLevel::Alarm2, SwitchState::Off), kEvening);
    CHECK(d.desired == SwitchState::On);
    CHECK(d.reason == u"prepaid");
    CHECK(d.commandNeeded);
    CHECK_FALSE(d.deferred);
    CHECK(d.dueAt == kEvening);
    CHECK(ControlPolicy::decide(inputs(AlarmLevel::Normal, SwitchState::Unknown), kDay).commandNeeded);
    // A meter reporting "forced on" has its relay closed: on is on.
    CHECK_FALSE(ControlPolicy::decide(inputs(AlarmLevel::Normal, SwitchState::ForcedOn), kDay).commandNeeded);
}

TEST_CASE("Force-on is never tripped, by arrears or by hand, until restore-prepaid", "[control][policy]")
{
    ControlInputs in = inputs(AlarmLevel::Arrears, SwitchState::On);
    in.forceOn = true;
    ControlDecision d = ControlPolicy::decide(in, kDay);
    CHECK(d.desired == SwitchState::On);
    CHECK(d.reason == u"force-on");
    CHECK_FALSE(d.commandNeeded);
    in.manual = ManualOverride::Trip;
    CHECK(ControlPolicy::decide(in, kDay).desired == SwitchState::On);
    // Restore-prepaid ends force-on and the manual order: arrears trips again.
    const ControlInputs restored = ControlPolicy::restorePrepaid(in);
    CHECK_FALSE(restored.forceOn);
    CHECK(restored.manual == ManualOverride::None);
    d = ControlPolicy::decide(restored, kDay);
    CHECK(d.desired == SwitchState::Off);
    CHECK(d.reason == u"arrears");
}

TEST_CASE("Manual trip and close override the account state and are not deferred", "[control][policy]")
{
    ControlInputs in = inputs(AlarmLevel::Normal, SwitchState::On);
    in.manual = ManualOverride::Trip;
    ControlDecision d = ControlPolicy::decide(in, kEvening); // inside the window: still now
    CHECK(d.desired == SwitchState::Off);
    CHECK(d.reason == u"manual-trip");
    CHECK_FALSE(d.deferred);
    CHECK(d.dueAt == kEvening);
    in = inputs(AlarmLevel::Arrears, SwitchState::Off);
    in.manual = ManualOverride::Close;
    d = ControlPolicy::decide(in, kDay);
    CHECK(d.desired == SwitchState::On);
    CHECK(d.reason == u"manual-close");
    CHECK(d.commandNeeded);
    CHECK(parseManualOverride(manualOverrideKey(ManualOverride::Close)) == ManualOverride::Close);
}

TEST_CASE("Unconfirmed commands back off 5 s doubling to 5 min, then fail", "[control][policy]")
{
    CHECK(ControlPolicy::retryDelayMs(1) == 5'000);
    CHECK(ControlPolicy::retryDelayMs(2) == 10'000);
    CHECK(ControlPolicy::retryDelayMs(3) == 20'000);
    CHECK(ControlPolicy::retryDelayMs(4) == 40'000);
    CHECK(ControlPolicy::retryDelayMs(5) == 80'000);
    CHECK(ControlPolicy::retryDelayMs(6) == 160'000);
    CHECK(ControlPolicy::retryDelayMs(7) == 300'000); // 320 s capped at 300 s
    CHECK_FALSE(ControlPolicy::retryDelayMs(8));      // kMaxAttempts sends: reported failed
    CHECK_FALSE(ControlPolicy::retryDelayMs(0));
}
