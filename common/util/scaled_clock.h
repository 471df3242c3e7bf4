#pragma once

#include "util/clock.h"

#include <QElapsedTimer>

namespace md {

// A clock that runs `speed` times faster than real time from `start` (UTC). The simulator's
// meters and the service share one when a demo compresses a month of consumption into
// minutes: both are given the same start and speed, so their "now" agrees. Real time is
// measured on the monotonic clock (QElapsedTimer), so a wall-clock jump does not move it.
class ScaledClock final : public Clock
{
public:
    ScaledClock(QDateTime start, qint64 speed)
        : m_start(start.toUTC())
        , m_speed(speed < 1 ? 1 : speed)
    {
        m_elapsed.start();
    }
    QDateTime nowUtc() const override
    {
        // Nanoseconds keep the scaled time smooth at high speeds (one real ms is 3.6 s at
        // speed 3600); 2^63 ns is 292 years of real time.
        return m_start.addMSecs(m_elapsed.nsecsElapsed() / 1000 * m_speed / 1000);
    }
    qint64 speed() const { return m_speed; }
    QDateTime start() const { return m_start; }

private:
    QDateTime m_start;
    qint64 m_speed;
    QElapsedTimer m_elapsed;
};

} // namespace md
