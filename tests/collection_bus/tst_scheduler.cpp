// The collection cycle on the wall clock, with an injected clock.
#include "collection/bus_diagnostics.h"
#include "collection/cycle_scheduler.h"
#include "sim_harness.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::collection;

namespace {
QDateTime utc(int h, int m, int s = 0)
{
    return QDateTime(QDate(2024, 3, 1), QTime(h, m, s), Qt::UTC);
}
} // namespace

TEST_CASE("cycle boundaries are aligned to the wall clock", "[collection_bus]")
{
    const qint64 cst = 8 * 3600;
    // 30 minutes: the next :00 or :30 strictly after now.
    CHECK(CycleScheduler::nextBoundary(utc(10, 7, 13), 1800, cst) == utc(10, 30));
    CHECK(CycleScheduler::nextBoundary(utc(10, 30), 1800, cst) == utc(11, 0));
    CHECK(CycleScheduler::nextBoundary(utc(10, 59, 59), 1800, cst) == utc(11, 0));
    // 15 minutes.
    CHECK(CycleScheduler::nextBoundary(utc(10, 16), 900, cst) == utc(10, 30));
    // A day starts at local midnight: 16:00 UTC is 00:00 in UTC+8.
    CHECK(CycleScheduler::nextBoundary(utc(10, 0), 86400, cst) == utc(16, 0));
    // 45 minutes do not divide the hour: counted from local midnight (16:00 UTC the day
    // before); 10:00 UTC is 18:00 local = 1080 min = 24 × 45, so the next is 18:45 local.
    CHECK(CycleScheduler::nextBoundary(utc(10, 0), 2700, cst) == utc(10, 45));
}

TEST_CASE("the scheduler fires on the boundary of an injected clock", "[collection_bus]")
{
    ManualClock clock(utc(10, 29, 58));
    CycleScheduler s(clock, 1800);
    QList<QDateTime> fired;
    QObject::connect(&s, &CycleScheduler::cycleDue, [&](const QDateTime& t) { fired.push_back(t); });
    s.start();
    CHECK(s.nextDue() == utc(10, 30));
    s.check();
    CHECK(fired.isEmpty());
    clock.set(utc(10, 30));
    s.check();
    REQUIRE(fired.size() == 1);
    CHECK(fired[0] == utc(10, 30));
    CHECK(s.nextDue() == utc(11, 0));
    // The PC slept through three boundaries: one cycle now, not three.
    clock.set(utc(12, 10));
    s.check();
    CHECK(fired.size() == 2);
    CHECK(s.nextDue() == utc(12, 30));
    s.stop();
}

TEST_CASE("with a scaled clock the cycle comes by itself", "[collection_bus]")
{
    // 1800 × speed: a 30-minute cycle every second of real time; 0.5 s to the first boundary.
    ScaledClock clock(utc(10, 15), 1800);
    CycleScheduler s(clock, 1800, 1800);
    int fired = 0;
    QObject::connect(&s, &CycleScheduler::cycleDue, [&] { ++fired; });
    s.start();
    REQUIRE(test::waitUntil([&] { return fired == 2; }, 5000));
    s.stop();
}

TEST_CASE("latency percentiles are nearest-rank", "[collection_bus]")
{
    std::vector<qint64> v;
    for (qint64 i = 1; i <= 100; ++i)
        v.push_back(101 - i); // 100 .. 1
    CHECK(percentileOf(v, 50) == 50);
    CHECK(percentileOf(v, 95) == 95);
    CHECK(percentileOf(v, 99) == 99);
    CHECK(percentileOf(v, 100) == 100);
    CHECK(percentileOf({}, 50) == 0);
    LatencyWindow w;
    for (int i = 0; i < LatencyWindow::kCapacity + 10; ++i)
        w.add(i);
    CHECK(w.size() == LatencyWindow::kCapacity); // bounded: the oldest went
    CHECK(w.percentileUs(0) == 10);
}
