#include "control/control_policy.h"

#include <algorithm>

namespace md {

static const std::pair<ManualOverride, const char*> kManual[] = {
    {ManualOverride::None, "none"},
    {ManualOverride::Trip, "trip"},
    {ManualOverride::Close, "close"},
};

QString manualOverrideKey(ManualOverride m)
{
    for (const auto& [value, key] : kManual) {
        if (value == m)
            return QString::fromLatin1(key);
    }
    Q_UNREACHABLE();
}

std::optional<ManualOverride> parseManualOverride(QStringView key)
{
    for (const auto& [value, name] : kManual) {
        if (key == QLatin1String(name))
            return value;
    }
    return std::nullopt;
}

namespace {
// A meter that reports "forced on" has its relay closed: for comparison it is on.
bool sameState(SwitchState desired, SwitchState actual)
{
    const auto norm = [](SwitchState s) { return s == SwitchState::ForcedOn ? SwitchState::On : s; };
    return actual != SwitchState::Unknown && norm(desired) == norm(actual);
}
} // namespace

ControlDecision ControlPolicy::decide(const ControlInputs& in, const QDateTime& nowUtc)
{
    ControlDecision d;
    d.dueAt = nowUtc;
    if (in.forceOn) {
        d.desired = SwitchState::On;
        d.reason = QStringLiteral("force-on");
    } else if (in.manual == ManualOverride::Trip) {
        d.desired = SwitchState::Off;
        d.reason = QStringLiteral("manual-trip");
    } else if (in.manual == ManualOverride::Close) {
        d.desired = SwitchState::On;
        d.reason = QStringLiteral("manual-close");
    } else if (in.level == AlarmLevel::Arrears) {
        d.desired = SwitchState::Off;
        d.reason = QStringLiteral("arrears");
    } else {
        d.desired = SwitchState::On;
        d.reason = QStringLiteral("prepaid");
    }
    d.commandNeeded = !sameState(d.desired, in.actual);
    if (d.commandNeeded && d.reason == u"arrears") {
        if (const auto until = in.protectedTimes.protectedUntil(nowUtc))
        {
            d.dueAt = *until; // invalid when protected "forever": never due
            d.deferred = true;
        }
    }
    return d;
}

ControlInputs ControlPolicy::restorePrepaid(ControlInputs in)
{
    in.forceOn = false;
    in.manual = ManualOverride::None;
    return in;
}

std::optional<qint64> ControlPolicy::retryDelayMs(int attemptsSoFar)
{
    if (attemptsSoFar < 1 || attemptsSoFar >= kMaxAttempts)
        return std::nullopt;
    constexpr qint64 kFirst = 5'000;
    constexpr qint64 kCap = 300'000;
    return std::min(kCap, kFirst << (attemptsSoFar - 1));
}

} // namespace md
