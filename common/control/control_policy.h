#pragma once

#include "collection/meter_reading.h"
#include "control/alarm_policy.h"
#include "control/protected_windows.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

namespace md {

// An operator's standing order for one meter, until cleared (手动拉闸 / 手动合闸).
enum class ManualOverride { None, Trip, Close };
QString manualOverrideKey(ManualOverride m); // "none", "trip", "close"
std::optional<ManualOverride> parseManualOverride(QStringView key);

// What the control policy looks at for one wallet's meter.
struct ControlInputs
{
    AlarmLevel level = AlarmLevel::Normal;
    bool forceOn = false;                  // 保电: always on, never tripped
    ManualOverride manual = ManualOverride::None;
    ProtectedTimes protectedTimes;         // defer automatic trips
    SwitchState actual = SwitchState::Unknown; // as last read back from the meter
};

// The relay/valve state the meter should have and when a command may go out.
struct ControlDecision
{
    SwitchState desired = SwitchState::On;
    QString reason;             // key: "force-on", "manual-trip", "manual-close", "arrears", "prepaid"
    QDateTime dueAt;            // UTC; == now unless an arrears trip waits for a protected window's end
    bool commandNeeded = false; // desired differs from actual (Unknown always differs)
    bool deferred = false;      // the command waits until dueAt (invalid dueAt: never due)
};

// Pure decisions: (state, now) → what to do. The service applies them; tests check them by hand.
class ControlPolicy
{
    Q_DECLARE_TR_FUNCTIONS(md::ControlPolicy)

public:
    // Precedence: force-on > manual trip/close > arrears (trip, deferred by protected
    // windows) > prepaid (on). A restore (on) is never deferred; a manual trip is an operator's
    // deliberate act and is not deferred either.
    static ControlDecision decide(const ControlInputs& in, const QDateTime& nowUtc);

    // 恢复预付费: the account returns to normal prepaid control — force-on and any manual
    // override end.
    static ControlInputs restorePrepaid(ControlInputs in);

    // Unconfirmed commands are retried after 5 s, 10 s, 20 s, ... doubling up to 5 minutes;
    // after kMaxAttempts sends the command is reported failed (nullopt). attemptsSoFar >= 1.
    static constexpr int kMaxAttempts = 8;
    static std::optional<qint64> retryDelayMs(int attemptsSoFar);
};

} // namespace md
