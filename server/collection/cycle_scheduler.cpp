#include "collection/cycle_scheduler.h"

#include <algorithm>

namespace md::collection {

CycleScheduler::CycleScheduler(const Clock& clock, qint64 intervalSeconds, qint64 speed,
                               qint64 utcOffsetSeconds, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_interval(std::max<qint64>(intervalSeconds, 1))
    , m_speed(std::max<qint64>(speed, 1))
    , m_offset(utcOffsetSeconds)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &CycleScheduler::check);
}

QDateTime CycleScheduler::nextBoundary(const QDateTime& nowUtc, qint64 intervalSeconds,
                                       qint64 utcOffsetSeconds)
{
    const qint64 local = nowUtc.toSecsSinceEpoch() + utcOffsetSeconds;
    // floor division: times before 1970 are not expected, but stay correct anyway
    qint64 slot = local / intervalSeconds;
    if (local % intervalSeconds < 0)
        --slot;
    return QDateTime::fromSecsSinceEpoch((slot + 1) * intervalSeconds - utcOffsetSeconds, Qt::UTC);
}

void CycleScheduler::start()
{
    m_next = nextBoundary(m_clock.nowUtc(), m_interval, m_offset);
    arm();
}

void CycleScheduler::stop()
{
    m_timer.stop();
    m_next = QDateTime();
}

void CycleScheduler::check()
{
    if (!m_next.isValid())
        return;
    const QDateTime now = m_clock.nowUtc();
    if (now >= m_next) {
        const QDateTime due = m_next;
        // Boundaries missed while the machine slept are not replayed one by one: one cycle
        // now, then the next boundary after now.
        m_next = nextBoundary(now, m_interval, m_offset);
        emit cycleDue(due);
    }
    arm();
}

void CycleScheduler::arm()
{
    if (!m_next.isValid())
        return;
    const qint64 simulatedMs = m_clock.nowUtc().msecsTo(m_next);
    // Wake at most every minute of real time: a wall-clock jump is noticed soon.
    const qint64 realMs = std::clamp<qint64>(simulatedMs / m_speed, 0, 60'000);
    m_timer.start(int(realMs));
}

} // namespace md::collection
