// The meters tab against the real service: the property tree and the meter grid load, pass
// QAbstractItemModelTester, filter by tree node and search box, sort numbers as numbers, and
// follow the service's events without polling.

#include "meter_desk.h"
#include "reply_wait.h"

#include "main_window.h"
#include "meter_list_loader.h"
#include "meter_model.h"
#include "meter_pane.h"
#include "property_tree_model.h"
#include "receipt_printer.h"
#include "recharge_dialog.h"
#include "state_legend.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTreeView>

using namespace md;
using namespace md::test;
using app::MeterModel;
using app::PropertyTreeModel;

namespace {
QStringList column(const QAbstractItemModel& m, int c)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out.append(m.index(r, c).data().toString());
    return out;
}
} // namespace

TEST_CASE("the meter grid and the property tree load from the service, filter, sort and pass the model tester",
          "[app][meters]")
{
    MeterDesk desk;
    app::MeterPane pane(desk.client);
    using Tester = QAbstractItemModelTester;
    Tester gridTester(&pane.model(), Tester::FailureReportingMode::Fatal);
    Tester proxyTester(pane.proxy(), Tester::FailureReportingMode::Fatal);
    Tester treeTester(&pane.treeModel(), Tester::FailureReportingMode::Fatal);
    pane.show();
    REQUIRE(waitUntil([&] { return pane.model().rowCount() == 5 && pane.treeModel().rowCount() == 1; }));

    // Every column of a tenant's meter, its colour state and balance.
    const MeterModel& m = pane.model();
    const int e1 = m.rowOfMeter(desk.meterIds.value(QStringLiteral("E-0001")));
    REQUIRE(e1 >= 0);
    CHECK(m.index(e1, MeterModel::Room).data().toString() == u"A/1/1/101");
    CHECK(m.index(e1, MeterModel::Tenant).data().toString() == u"张三");
    CHECK(m.index(e1, MeterModel::Nameplate).data().toString() == u"E-0001");
    CHECK(m.index(e1, MeterModel::Utility).data().toString() == app::utilityName(u"electricity"));
    CHECK(m.index(e1, MeterModel::Balance).data().toString() == u"50.00");
    CHECK(m.index(e1, MeterModel::State).data().toString() == app::stateName(app::AccountState::Normal));
    CHECK(m.index(e1, MeterModel::LastReading).data().toString().isEmpty()); // never read: no bus here
    CHECK(m.index(e1, MeterModel::Relay).data().toString() == app::relayName(u"unknown"));
    CHECK(m.index(e1, 0).data(Qt::BackgroundRole).value<QBrush>().color() == app::stateColor(app::AccountState::Normal));
    const int e4 = m.rowOfMeter(desk.meterIds.value(QStringLiteral("E-0004")));
    CHECK(m.index(e4, 0).data(MeterModel::StateRole).toInt() == int(app::AccountState::NotOpened));
    CHECK(m.index(e4, MeterModel::Balance).data().toString().isEmpty());
    CHECK(m.index(e4, MeterModel::Room).data().toString().isEmpty());
    // The legend counts what the list holds.
    CHECK(pane.legend()->swatchText(app::AccountState::NotOpened).endsWith(QStringLiteral("2"))); // E-0003, E-0004
    CHECK(pane.legend()->swatchText(app::AccountState::Normal).endsWith(QStringLiteral("3")));

    // The tree: site › buildings › units › rooms, with meter counts and tenants.
    const PropertyTreeModel& t = pane.treeModel();
    const QModelIndex site = t.index(0, 0);
    CHECK(t.index(0, PropertyTreeModel::Meters).data().toInt() == 4); // E-0004 is in no room
    REQUIRE(t.rowCount(site) == 2);
    const QModelIndex room101 = t.find(PropertyTreeModel::Kind::Room, desk.room101);
    REQUIRE(room101.isValid());
    CHECK(room101.data().toString().contains(QStringLiteral("张三")));
    CHECK(room101.data(PropertyTreeModel::PathRole).toString() == u"A/1/1/101");
    CHECK(t.index(room101.row(), PropertyTreeModel::Meters, room101.parent()).data().toInt() == 2);

    // Selecting a node asks meter.list for that node only.
    pane.tree()->setCurrentIndex(t.find(PropertyTreeModel::Kind::Building, desk.buildingTwo));
    REQUIRE(waitUntil([&] { return m.rowCount() == 1; }));
    CHECK(m.rowAt(0).nameplate == u"E-0003");
    // A reload (Refresh, a reconnect) rebuilds the tree and keeps the node and its list.
    QSignalSpy treeLoaded(&pane.loader(), &app::MeterListLoader::treeLoaded);
    pane.loader().reloadAll();
    REQUIRE(treeLoaded.wait(20000));
    CHECK(pane.tree()->currentIndex().data(PropertyTreeModel::IdRole).toLongLong() == desk.buildingTwo);
    CHECK(pane.tree()->currentIndex().data(PropertyTreeModel::KindRole).toInt() == int(PropertyTreeModel::Kind::Building));
    REQUIRE(waitUntil([&] { return pane.loader().filter().contains(QStringLiteral("building")) && m.rowCount() == 1; }));
    CHECK(m.rowAt(0).nameplate == u"E-0003");
    const QModelIndex room101Again = t.find(PropertyTreeModel::Kind::Room, desk.room101);
    pane.tree()->setCurrentIndex(room101Again);
    REQUIRE(waitUntil([&] { return m.rowCount() == 2; }));
    CHECK(column(*pane.proxy(), MeterModel::Tenant) == QStringList{QStringLiteral("张三"), QStringLiteral("张三")});
    pane.tree()->selectionModel()->clear();
    REQUIRE(waitUntil([&] { return m.rowCount() == 5; }));

    // The search box: room, tenant, phone, meter number, any case.
    pane.searchBox()->setText(QStringLiteral("13800000000"));
    CHECK(pane.proxy()->rowCount() == 2);
    pane.searchBox()->setText(QStringLiteral("e-0003"));
    REQUIRE(pane.proxy()->rowCount() == 1);
    CHECK(pane.proxy()->index(0, MeterModel::Nameplate).data().toString() == u"E-0003");
    pane.searchBox()->setText(QStringLiteral("李四"));
    CHECK(column(*pane.proxy(), MeterModel::Nameplate) == QStringList{QStringLiteral("E-0002")});
    pane.searchBox()->setText(QStringLiteral("A/1/1"));
    CHECK(pane.proxy()->rowCount() == 3);
    pane.searchBox()->clear();

    // Enter or a double-click on a tenant's meter: its account, for a recharge; none for E-0004.
    QSignalSpy activated(&pane, &app::MeterPane::accountActivated);
    emit pane.grid()->activated(pane.proxy()->mapFromSource(m.index(m.rowOfMeter(desk.meterIds.value(QStringLiteral("E-0001"))), MeterModel::Nameplate)));
    emit pane.grid()->activated(pane.proxy()->mapFromSource(m.index(m.rowOfMeter(desk.meterIds.value(QStringLiteral("E-0004"))), 0)));
    REQUIRE(activated.count() == 1);
    CHECK(activated.at(0).at(0).toString() == u"1-101");

    // Sorting: balances as numbers, the meters of no account last when descending.
    pane.grid()->sortByColumn(MeterModel::Balance, Qt::DescendingOrder);
    const QStringList balances = column(*pane.proxy(), MeterModel::Balance);
    CHECK(balances.mid(0, 3) == QStringList{QStringLiteral("50.00"), QStringLiteral("0.00"), QStringLiteral("0.00")});
    CHECK(balances.at(3).isEmpty());
    CHECK(balances.at(4).isEmpty());
}

TEST_CASE("the meter grid follows the service's events: balances at once, a burst of events is one meter.list",
          "[app][meters]")
{
    MeterDesk desk;
    app::MeterPane pane(desk.client);
    QAbstractItemModelTester tester(&pane.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    REQUIRE(waitUntil([&] { return pane.model().rowCount() == 5; }));
    const int e1 = pane.model().rowOfMeter(desk.meterIds.value(QStringLiteral("E-0001")));
    const int asked = pane.loader().listsAsked();

    // Another desk takes a recharge: event.account.changed updates the balance, no new list.
    desk.call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("r2")},
                                                   {QStringLiteral("code"), QStringLiteral("1-101")},
                                                   {QStringLiteral("amount"), QStringLiteral("12.34")}});
    REQUIRE(waitUntil([&] { return pane.model().index(e1, MeterModel::Balance).data().toString() == u"62.34"; }));
    CHECK(pane.loader().listsAsked() == asked);
    // The water meter of the same account keeps its own wallet's balance.
    const int w1 = pane.model().rowOfMeter(desk.meterIds.value(QStringLiteral("W-0001")));
    CHECK(pane.model().index(w1, MeterModel::Balance).data().toString() == u"0.00");

    // A collection cycle's burst of events: one meter.list after the pause, and the list is
    // the service's (a meter added meanwhile appears).
    pane.loader().setDebounceMs(50);
    desk.call(QStringLiteral("meter.create"), {{QStringLiteral("nameplate"), QStringLiteral("E-0005")},
                                               {QStringLiteral("bus"), QStringLiteral("bus1")},
                                               {QStringLiteral("protocol"), QStringLiteral("modbus")},
                                               {QStringLiteral("map"), QStringLiteral("acrel-ddsy1352")},
                                               {QStringLiteral("address"), QStringLiteral("5")}});
    for (int i = 0; i < 20; ++i)
        emit desk.client.notification(QStringLiteral("event.meter.changed"), {{QStringLiteral("meter"), i + 1}, {QStringLiteral("lost"), true}});
    emit desk.client.notification(QStringLiteral("event.cycle.finished"), {{QStringLiteral("elapsed_ms"), 10}});
    REQUIRE(waitUntil([&] { return pane.model().rowCount() == 6; }));
    CHECK(pane.loader().listsAsked() == asked + 1);
    // Nothing happens without events (no timer polls the service).
    waitUntil([] { return false; }, 300);
    CHECK(pane.loader().listsAsked() == asked + 1);

    // Events while a list is on its way: one more list once it is here, not one per event.
    pane.loader().reloadMeters();
    for (int i = 0; i < 5; ++i)
        emit desk.client.notification(QStringLiteral("event.alarm.raised"), {{QStringLiteral("meter"), 1}});
    REQUIRE(waitUntil([&] { return pane.loader().listsAsked() == asked + 3; }));
    waitUntil([] { return false; }, 300);
    CHECK(pane.loader().listsAsked() == asked + 3);
}

TEST_CASE("the main window's meters tab: F2 on a tenant's meter recharges its account", "[app][meters][window]")
{
    MeterDesk desk;
    QTemporaryDir receipts;
    app::ReceiptPrinter::Options o;
    o.pdfFolder = receipts.path();
    o.alwaysPdf = true;
    app::ReceiptPrinter printer(o);
    app::AccountModel accounts;
    app::MainWindow window(desk.client, accounts, printer, QStringLiteral("幸福里物业"));
    window.show();
    window.tabs()->setCurrentWidget(window.meterPane());
    app::MeterPane& pane = *window.meterPane();
    REQUIRE(waitUntil([&] { return pane.model().rowCount() == 5; }));
    const int row = pane.model().rowOfMeter(desk.meterIds.value(QStringLiteral("E-0002")));
    pane.grid()->setCurrentIndex(pane.proxy()->mapFromSource(pane.model().index(row, MeterModel::Nameplate)));
    window.openRecharge();
    auto* dialog = window.findChild<app::RechargeDialog*>();
    REQUIRE(dialog);
    // The dialog looks the account up (the desk's account grid learns it too).
    REQUIRE(waitUntil([&] { return accounts.rowOfCode(QStringLiteral("1-102")) >= 0; }));
    CHECK(dialog->findChild<QLineEdit*>()->text() == u"1-102");
    dialog->close();
}
