#pragma once

#include "collection/meter_reading.h"
#include "control/alarm_policy.h"
#include "money/ids.h"

#include <limits>
#include <optional>

namespace md {

// What the service knows about a meter between readings (meter_runtime row).
struct MeterRuntime
{
    MeterId meter;
    std::optional<qint64> lastGoodAtMs;   // the last accepted reading (UTC ms): the plausibility baseline
    int missedCycles = 0;
    bool lost = false;                    // 失联
    SwitchState actual = SwitchState::Unknown;
    SwitchState desired = SwitchState::Unknown;
    // When the command for `desired` may go out: empty when none is needed, kNeverDue when
    // protected windows/holidays cover every moment (a misconfiguration to report).
    std::optional<qint64> desiredDueAtMs;
    static constexpr qint64 kNeverDue = std::numeric_limits<qint64>::max();
    AlarmLevel alarm = AlarmLevel::Normal;

    // A cycle without an answer; the meter is lost after `lostAfter` in a row. Returns true
    // when this call marked it lost.
    bool missCycle(int lostAfter)
    {
        ++missedCycles;
        if (!lost && missedCycles >= lostAfter) {
            lost = true;
            return true;
        }
        return false;
    }
    // Any answer brings a lost meter back by itself.
    void answered()
    {
        missedCycles = 0;
        lost = false;
    }
};

} // namespace md
