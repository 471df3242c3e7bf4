// The bus diagnostics view against a real collection: `meterdeskd serve` reading `metersim`
// on a pseudo terminal (tests/service's rig). Two meters answer, a third is registered but
// absent; the view's models are filled from the service's bus.diagnostics answer, an address
// scan reports its progress from the scan notifications; read-now (the cycle is an hour) makes
// the first readings.

#include "../service/service_rig.h"
#include "reply_wait.h"

#include "admin_access.h"
#include "bus_diagnostics_model.h"
#include "bus_diagnostics_view.h"

#include "api/service_client.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTableView>

using namespace md;
using namespace md::test;

namespace {

const QByteArray kScenario = rigScenario(5, prepaidMeter(QStringLiteral("m1"), 1, 1000) + prepaidMeter(QStringLiteral("m2"), 2, 2000));

QVariant cell(const app::MeterDiagnosticsModel& m, qint64 meter, int column, int role = app::MeterDiagnosticsModel::SortRole)
{
    return m.index(m.rowOfMeter(meter), column).data(role);
}

} // namespace

TEST_CASE("admin: bus diagnostics from a real collection, an address scan and read-now", "[app][admin][service]")
{
    ServiceRig rig(Backend::Sqlite);
    SimProcess sim(kScenario, 60);
    const qint64 m1 = rig.addMeter(QStringLiteral("m1"), 1, std::nullopt);
    const qint64 m2 = rig.addMeter(QStringLiteral("m2"), 2, std::nullopt);
    const qint64 m3 = rig.addMeter(QStringLiteral("m3"), 3, std::nullopt); // not on the wire
    ServiceProcess service(rig.writeConfig(sim.busPath(QStringLiteral("b1"))));
    service.start();
    {
        auto admin = service.connect();
        const QString once = service.firstRunPassword();
        admin->login(QStringLiteral("admin"), once);
        resultOf(admin->call(QStringLiteral("session.change_password"),
                             {{QStringLiteral("old_password"), once}, {QStringLiteral("new_password"), QStringLiteral("admin-password-1")}}));
        const QString temp = resultOf(admin->call(QStringLiteral("operator.create"), {{QStringLiteral("name"), QStringLiteral("li")},
                                                                                     {QStringLiteral("role"), QStringLiteral("engineer")}}))
                                 .value(u"temporary_password")
                                 .toString();
        auto li = service.connect();
        li->login(QStringLiteral("li"), temp);
        resultOf(li->call(QStringLiteral("session.change_password"),
                          {{QStringLiteral("old_password"), temp}, {QStringLiteral("new_password"), QStringLiteral("li-password-1")}}));
    }
    api::ServiceClient desk;
    QSignalSpy in(&desk, &api::ServiceClient::loggedIn);
    api::ServiceEndpoint e;
    e.port = service.port();
    desk.open(e, QStringLiteral("li"), QStringLiteral("li-password-1"));
    REQUIRE(waitUntil([&] { return in.count() == 1; }));

    app::BusDiagnosticsView view(desk, app::AdminAccess::forRole(QStringLiteral("engineer")));
    QAbstractItemModelTester busTester(&view.buses(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester meterTester(&view.meters(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    using M = app::MeterDiagnosticsModel;
    // The cycle is an hour: nothing is read yet. The view lists the meters; read-now of all
    // three, then refresh until every meter has been asked.
    QSignalSpy first(&view, &app::BusDiagnosticsView::refreshed);
    view.refresh();
    REQUIRE(first.wait(10000));
    REQUIRE(view.meters().rowCount() == 3);
    CHECK(cell(view.meters(), m1, M::LastGood, Qt::DisplayRole).toString() == M::tr("never"));
    view.meterTable()->selectAll();
    QSignalSpy queued(&view, &app::BusDiagnosticsView::readQueued);
    view.readSelected();
    REQUIRE(queued.wait(10000));
    CHECK(queued.first().first().toInt() == 3);
    auto allAsked = [&] {
        QSignalSpy done(&view, &app::BusDiagnosticsView::refreshed);
        view.refresh();
        if (!done.wait(10000) || view.meters().rowCount() != 3)
            return false;
        for (qint64 m : {m1, m2, m3}) {
            if (cell(view.meters(), m, M::Reads).toLongLong() == 0)
                return false;
        }
        return true;
    };
    auto dump = [&] {
        std::string out;
        for (int r = 0; r < view.meters().rowCount(); ++r) {
            QStringList cells;
            for (int c = 0; c < M::Count; ++c)
                cells << view.meters().index(r, c).data().toString();
            out += cells.join(u'|').toStdString() + "\n";
        }
        return out + view.statusText().toStdString() + " " + view.messageText().toStdString();
    };
    const bool asked = waitUntil(allAsked, 20000);
    INFO(dump());
    REQUIRE(asked);
    CHECK(!view.showsMessage());
    REQUIRE(view.buses().rowCount() == 1);
    CHECK(view.buses().busNames() == QStringList{QStringLiteral("b1")});
    const QModelIndex requests = view.buses().index(0, app::BusDiagnosticsModel::Requests);
    CHECK(requests.data(app::BusDiagnosticsModel::SortRole).toLongLong() >= 3);
    CHECK(view.buses().index(0, app::BusDiagnosticsModel::Timeouts).data(app::BusDiagnosticsModel::SortRole).toLongLong() >= 1);
    CHECK(view.buses().index(0, app::BusDiagnosticsModel::P50).data().toString().endsWith(QStringLiteral(" ms")));
    // The meters that answer: every read good, a last good reading; the absent one: timeouts only.
    for (qint64 m : {m1, m2}) {
        CHECK(cell(view.meters(), m, M::Success).toLongLong() == 1000);
        CHECK(cell(view.meters(), m, M::Success, Qt::DisplayRole).toString().contains(QStringLiteral("100")));
        CHECK(cell(view.meters(), m, M::Timeouts).toLongLong() == 0);
        CHECK(cell(view.meters(), m, M::LastGood).toLongLong() > 0);
        CHECK(cell(view.meters(), m, M::AdaptiveTimeout).toLongLong() > 0);
    }
    CHECK(cell(view.meters(), m1, M::Name, Qt::DisplayRole).toString() == u"m1");
    CHECK(cell(view.meters(), m3, M::Success).toLongLong() == 0);
    CHECK(cell(view.meters(), m3, M::Timeouts).toLongLong() >= 1);
    CHECK(cell(view.meters(), m3, M::LastGood, Qt::DisplayRole).toString() == M::tr("never"));
    CHECK(view.meterTable()->selectionModel()->selectedRows().size() == 3); // kept across the refreshes

    // Address scan of units 1–4: the answering two, told as they are found, then the end.
    QSignalSpy scanned(&view, &app::BusDiagnosticsView::scanFinished);
    view.scan(QStringLiteral("b1"), QStringLiteral("modbus"), 1, 4);
    CHECK(view.scanning());
    REQUIRE(scanned.wait(20000));
    CHECK(scanned.first().at(1).toInt() == 2);
    CHECK(view.scanFound() == QStringList{QStringLiteral("1"), QStringLiteral("2")});
    CHECK(!view.scanning());
    CHECK(view.statusText().contains(QStringLiteral("b1")));
}
