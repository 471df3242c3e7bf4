// A trip deferred by a protected window goes out when the window ends — the collection service
// in-process with a manual clock (the process tests cannot wait for a window to end), reading
// metersim on a real pseudo terminal.

#include "service_rig.h"

#include "collection/collection_service.h"
#include "sim_harness.h"
#include "sim_meter.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QTimeZone>

using namespace md;
using namespace md::test;

TEST_CASE("A trip deferred by a protected window is sent when the window ends, not before", "[service]")
{
    const char* const scenario = R"(
[scenario]
seed = 9
speed = 3600
[bus b1]
baud = 19200
parity = none
latency_ms = 2
[meter m1]
bus = b1
protocol = modbus-rtu
map = md-prepaid
slave = 1
load = 10000
)";
    collection::test::SimHarness sim = collection::test::SimHarness::fromText(scenario);
    ServiceRig rig(Backend::Sqlite);

    // Now, in the office's time, inside a window that ends two whole minutes from now.
    const QTimeZone office(QByteArrayLiteral("Asia/Shanghai"));
    const QDateTime start = QDateTime::currentDateTimeUtc();
    const QDateTime local = start.toTimeZone(office);
    const QTime windowEnd = QTime(local.time().hour(), local.time().minute()).addSecs(180);
    ServiceRig::Account a;
    a.code = QStringLiteral("N-1");
    a.paid = QStringLiteral("0.30");
    a.windows = QJsonArray{QJsonArray{local.time().addSecs(-3600).toString(u"HH:mm"), windowEnd.toString(u"HH:mm")}};
    const qint64 account = rig.addAccount(a);
    const qint64 meter = rig.addMeter(QStringLiteral("m1"), 1, account);

    ManualClock clock(start);
    CollectionConfig config;
    config.cycleSeconds = 3600;
    config.controlCheckSeconds = 1;
    config.ingestBatchMs = 20;
    config.buses = {sim.bus(QStringLiteral("b1"))};
    auto db = rig.open();
    collection::CollectionService service(*db, clock, config);
    service.start();

    // Baseline, then a reading that puts the account in arrears inside the window.
    service.readNow({MeterId{meter}});
    REQUIRE(collection::test::waitUntil([&] { return service.readingsCommitted() == 1; }, 5000));
    clock.advanceMs(60'000);
    REQUIRE(collection::test::waitUntil([&] { return sim.totalMilli(QStringLiteral("m1")) > 1000; }, 5000));
    service.readNow({MeterId{meter}});
    REQUIRE(collection::test::waitUntil([&] { return service.readingsCommitted() == 2; }, 5000));
    REQUIRE(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE status = 'requested' AND command = 'off'")) == 1);
    const qint64 dueMs = rig.scalar(QStringLiteral("SELECT due_at FROM relay_commands WHERE command = 'off'"));
    const QDateTime due = QDateTime::fromMSecsSinceEpoch(dueMs, QTimeZone::utc());
    CHECK(due.toTimeZone(office).time() == windowEnd);

    // A second before the end: nothing goes out, however often the service looks.
    clock.set(due.addSecs(-1));
    collection::test::waitUntil([] { return false; }, 2500);
    CHECK(!sim.meter(QStringLiteral("m1")).relayOpen());
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE status = 'requested'")) == 1);

    // The window ends: the trip is sent and confirmed by read-back.
    clock.set(due.addSecs(1));
    REQUIRE(collection::test::waitUntil([&] { return sim.meter(QStringLiteral("m1")).relayOpen(); }, 5000));
    REQUIRE(collection::test::waitUntil([&] {
        return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE status = 'confirmed' AND command = 'off'")) == 1;
    }, 5000));
    service.stop();
}
