#pragma once

#include "util/clock.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace md::collection {

// The collection cycle: every `interval` (30 min by default), on the wall clock's boundaries
// (:00 and :30, counted in the office's local time so that daily and hourly intervals start at
// local midnight / the full hour), from an injectable clock. With a ScaledClock the real wait
// is divided by the speed; with a ManualClock a test moves the time and calls check().
class CycleScheduler : public QObject
{
    Q_OBJECT
public:
    CycleScheduler(const Clock& clock, qint64 intervalSeconds = 1800, qint64 speed = 1,
                   qint64 utcOffsetSeconds = 8 * 3600, QObject* parent = nullptr);

    // The first boundary strictly after `nowUtc`.
    static QDateTime nextBoundary(const QDateTime& nowUtc, qint64 intervalSeconds,
                                  qint64 utcOffsetSeconds);

    void start();
    void stop();
    void check(); // fires cycleDue for a boundary that has passed, then waits for the next
    QDateTime nextDue() const { return m_next; }
    qint64 intervalSeconds() const { return m_interval; }

signals:
    void cycleDue(const QDateTime& boundaryUtc);

private:
    void arm();
    const Clock& m_clock;
    qint64 m_interval;
    qint64 m_speed;
    qint64 m_offset;
    QDateTime m_next;
    QTimer m_timer;
};

} // namespace md::collection
