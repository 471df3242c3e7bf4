// 批量操作 end to end: the manager's desk trips three meters through the batch dialog; the real
// `meterdeskd serve` sends the commands over a pseudo terminal to `metersim`, reads each relay
// back and tells the desk (event.meter.command); the dialog shows each meter confirmed as its
// read-back arrives, and metersim's relays are open. Then the same three are closed again.

#include "../service/service_rig.h"

#include "batch_dialog.h"
#include "batch_run.h"
#include "meter_model.h"
#include "meter_pane.h"

#include "api/service_client.h"

#include <catch2/catch.hpp>

#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>

using namespace md;
using namespace md::test;
using app::BatchRun;
using O = BatchRun::Outcome;

namespace {

const QByteArray kScenario = rigScenario(8, prepaidMeter(QStringLiteral("s1"), 1, 1000) + prepaidMeter(QStringLiteral("s2"), 2, 1500)
                                                + prepaidMeter(QStringLiteral("s3"), 3, 2000));

// Runs the whole batch: choose, confirm, and wait until every meter is settled.
BatchRun* runBatch(app::MeterPane& pane, const QString& action)
{
    pane.grid()->selectAll();
    REQUIRE(pane.selectedMeters().size() == 3);
    app::BatchDialog* dialog = pane.openBatch();
    REQUIRE(dialog);
    dialog->setAction(action);
    dialog->next();
    REQUIRE(dialog->page() == app::BatchDialog::Confirm);
    for (const char* n : {"s1", "s2", "s3"})
        CHECK(dialog->confirmationText().contains(QString::fromLatin1(n)));
    dialog->confirm();
    REQUIRE(dialog->page() == app::BatchDialog::Progress);
    BatchRun* run = dialog->run();
    REQUIRE(run);
    return run;
}

} // namespace

TEST_CASE("batch: a trip of three meters is confirmed by the meters themselves, then a close", "[app][batch][service]")
{
    ServiceRig rig(Backend::Sqlite);
    SimProcess sim(kScenario, 1);
    QList<qint64> meters;
    for (int unit = 1; unit <= 3; ++unit) // 未开户: the manager's orders go to the meters directly
        meters << rig.addMeter(QStringLiteral("s%1").arg(unit), unit, std::nullopt);
    ServiceProcess service(rig.writeConfig(sim.busPath(QStringLiteral("b1"))));
    service.start();
    rig.firstLogin(service);
    for (int unit = 1; unit <= 3; ++unit)
        REQUIRE(sim.relay(QStringLiteral("s%1").arg(unit)) == u"closed");

    api::ServiceClient desk;
    QSignalSpy in(&desk, &api::ServiceClient::loggedIn);
    api::ServiceEndpoint e;
    e.port = service.port();
    desk.open(e, QStringLiteral("zhao"), QStringLiteral("zhao-password-1"));
    REQUIRE(waitFor([&] { return in.count() == 1; }, 10000));
    app::MeterPane pane(desk);
    REQUIRE(waitFor([&] { return pane.model().rowCount() == 3; }, 10000));

    BatchRun* trip = runBatch(pane, QStringLiteral("trip"));
    const bool tripped = waitFor([&] { return trip->count(O::Confirmed) == 3; }, 20000);
    auto dump = [&](BatchRun* run) {
        std::string out;
        for (const BatchRun::Item& i : run->items())
            out += std::to_string(i.meter) + ": " + BatchRun::outcomeName(i.outcome).toStdString() + " "
                   + i.detail.toStdString() + "\n";
        return out;
    };
    INFO(dump(trip));
    REQUIRE(tripped);
    // Confirmed means the meter said so: every relay in metersim is open.
    for (int unit = 1; unit <= 3; ++unit)
        CHECK(sim.relay(QStringLiteral("s%1").arg(unit)) == u"open");
    CHECK(trip->count(O::Refused) == 0);
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM relay_commands WHERE status = 'confirmed'")) == 3);

    BatchRun* close = runBatch(pane, QStringLiteral("close"));
    const bool closed = waitFor([&] { return close->count(O::Confirmed) == 3; }, 20000);
    INFO(dump(close));
    REQUIRE(closed);
    for (int unit = 1; unit <= 3; ++unit)
        CHECK(sim.relay(QStringLiteral("s%1").arg(unit)) == u"closed");
    service.terminate();
}
