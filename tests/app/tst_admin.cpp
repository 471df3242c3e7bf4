// The administration tab against the real service: the administrator creates an operator in
// the dialog (the temporary password shown once logs in and must be changed), changes the role
// and deactivates; the auditor's audit viewer finds those operations by action, operator and
// time, a page at a time, and the chain verifies. Who sees which part; the diagnostics view on a
// service that reads no meters shows the service's message. Every model under
// QAbstractItemModelTester.

#include "api_harness.h"
#include "reply_wait.h"

#include "admin_access.h"
#include "admin_pane.h"
#include "audit_model.h"
#include "audit_viewer.h"
#include "bus_diagnostics_model.h"
#include "bus_diagnostics_view.h"
#include "main_window.h"
#include "account_model.h"
#include "operator_admin.h"
#include "operator_dialogs.h"
#include "operator_model.h"
#include "receipt_printer.h"

#include "api/service_client.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace md;
using namespace md::test;

namespace {

void openAs(api::ServiceClient& client, const TestServer& server, const QString& name, const QString& password)
{
    QSignalSpy ok(&client, &api::ServiceClient::loggedIn);
    api::ServiceEndpoint e;
    e.port = server.port();
    client.open(e, name, password);
    REQUIRE(waitUntil([&] { return ok.count() == 1; }));
}

int rowOf(const app::OperatorModel& m, const QString& name)
{
    return m.rowOf(name);
}

QPushButton* buttonNamed(QWidget* parent, const QString& text)
{
    for (QPushButton* b : parent->findChildren<QPushButton*>()) {
        if (b->text() == text)
            return b;
    }
    return nullptr;
}

// The question on screen (an answered one may not be deleted yet).
QMessageBox* shownBox(QWidget* parent)
{
    for (QMessageBox* b : parent->findChildren<QMessageBox*>()) {
        if (b->isVisible())
            return b;
    }
    return nullptr;
}

// The viewer's rows: "action subject" each.
QStringList auditRows(app::AuditModel& m)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.rowAt(r).action + u' ' + m.rowAt(r).subject;
    return out;
}

bool searchAndWait(app::AuditViewer& v)
{
    QSignalSpy page(&v, &app::AuditViewer::pageLoaded);
    v.search();
    return page.wait(10000);
}

} // namespace

TEST_CASE("admin: create an operator in the dialog, log in with the temporary password, change the role, deactivate, then the auditor finds it and the chain verifies", "[app][admin]")
{
    TestServer server;
    server.addOperator(QStringLiteral("sun"), QStringLiteral("auditor"));
    const QDateTime started = QDateTime::currentDateTimeUtc().addSecs(-1);

    api::ServiceClient desk;
    openAs(desk, server, QStringLiteral("admin"), QLatin1String(TestServer::kAdminPassword));
    const app::AdminAccess access = app::AdminAccess::forRole(QStringLiteral("administrator"));
    app::AdminPane pane(desk, access);
    REQUIRE(pane.operators());
    REQUIRE(pane.audit()); // verify only: the administrator may not read the log
    CHECK(pane.diagnostics() == nullptr);
    CHECK(pane.audit()->table() == nullptr);
    app::OperatorAdmin& ops = *pane.operators();
    QAbstractItemModelTester tester(&ops.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    pane.show(); // the first part loads when shown
    REQUIRE(waitUntil([&] { return ops.loaded(); }));
    CHECK(rowOf(ops.model(), QStringLiteral("sun")) >= 0);

    // New operator: typed into the dialog, "Create"; the password is shown once, selectable.
    app::OperatorCreateDialog* dialog = ops.openCreate();
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("operatorName")), QStringLiteral("chen"));
    dialog->findChild<QLineEdit*>(QStringLiteral("operatorDisplayName"))->setText(QStringLiteral("陈出纳")); // (keyClicks types ASCII only)
    auto* role = dialog->findChild<QComboBox*>(QStringLiteral("operatorRole"));
    role->setCurrentIndex(role->findData(QStringLiteral("cashier")));
    QPushButton* create = buttonNamed(dialog, app::OperatorCreateDialog::tr("Create"));
    REQUIRE(create);
    create->click();
    REQUIRE(waitUntil([&] { return !dialog->temporaryPassword().isEmpty() || !dialog->problem().isEmpty(); }));
    INFO(dialog->problem().toStdString());
    const QString temporary = dialog->temporaryPassword();
    REQUIRE(!temporary.isEmpty());
    auto* shown = dialog->findChild<QLineEdit*>(QStringLiteral("temporaryPassword"));
    CHECK(shown->isVisible());
    CHECK(shown->isReadOnly());
    CHECK(shown->selectedText() == temporary); // selected, ready to copy
    CHECK(!create->isVisible()); // created once: no second "Create"

    auto chen = server.connect();
    const QJsonObject login = chen->call(QStringLiteral("session.login"), {{QStringLiteral("name"), QStringLiteral("chen")},
                                                                           {QStringLiteral("password"), temporary}});
    REQUIRE(errorCode(login) == 0);
    CHECK(login.value(u"result").toObject().value(u"operator").toObject().value(u"must_change_password").toBool());
    CHECK(login.value(u"result").toObject().value(u"operator").toObject().value(u"display_name").toString() == u"陈出纳");
    CHECK(errorCode(chen->call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("x")}})) == 1004);
    dialog->close();

    // The list is read again: chen is there, a cashier who must change the password.
    REQUIRE(waitUntil([&] { return rowOf(ops.model(), QStringLiteral("chen")) >= 0; }));
    int row = rowOf(ops.model(), QStringLiteral("chen"));
    CHECK(ops.model().rowAt(row).role == u"cashier");
    CHECK(ops.model().rowAt(row).mustChangePassword);
    const qint64 chenId = ops.model().rowAt(row).id;

    // Change the role: select chen, choose manager, "Change role".
    ops.table()->selectRow(row);
    auto* roleChoice = ops.findChild<QComboBox*>(QStringLiteral("roleChoice"));
    roleChoice->setCurrentIndex(roleChoice->findData(QStringLiteral("manager")));
    buttonNamed(&ops, app::OperatorAdmin::tr("Change role"))->click();
    REQUIRE(waitUntil([&] {
        const int r = rowOf(ops.model(), QStringLiteral("chen"));
        return r >= 0 && ops.model().rowAt(r).role == u"manager";
    }));

    // The same name again: the service's refusal in the dialog, no password.
    app::OperatorCreateDialog* again = ops.openCreate();
    again->setFields(QStringLiteral("chen"), {}, QStringLiteral("cashier"));
    again->create();
    REQUIRE(waitUntil([&] { return !again->problem().isEmpty(); }));
    CHECK(again->temporaryPassword().isEmpty());
    again->close();

    // Five wrong passwords lock chen out: the list shows it (in red).
    for (int i = 0; i < 5; ++i)
        server.connect()->call(QStringLiteral("session.login"), {{QStringLiteral("name"), QStringLiteral("chen")},
                                                                 {QStringLiteral("password"), QStringLiteral("wrong-password")}});
    ops.refresh();
    REQUIRE(waitUntil([&] {
        const int r = rowOf(ops.model(), QStringLiteral("chen"));
        return r >= 0 && ops.model().rowAt(r).locked;
    }));
    CHECK(ops.model().index(rowOf(ops.model(), QStringLiteral("chen")), app::OperatorModel::Locked).data(Qt::ForegroundRole).isValid());

    // Reset password: asked first; the new temporary password logs in (the lockout lifted), the
    // old one no longer.
    ops.table()->selectRow(rowOf(ops.model(), QStringLiteral("chen")));
    buttonNamed(&ops, app::OperatorAdmin::tr("Reset password…"))->click();
    QMessageBox* askReset = nullptr;
    REQUIRE(waitUntil([&] { return (askReset = shownBox(&ops)) != nullptr; }));
    askReset->button(QMessageBox::Yes)->click();
    app::TemporaryPasswordDialog* reset = nullptr;
    REQUIRE(waitUntil([&] { return (reset = ops.findChild<app::TemporaryPasswordDialog*>()) != nullptr && reset->isVisible(); }));
    const QString renewed = reset->password();
    CHECK(!renewed.isEmpty());
    CHECK(renewed != temporary);
    reset->close();
    auto login2 = [&](const QString& password) {
        return errorCode(server.connect()->call(QStringLiteral("session.login"), {{QStringLiteral("name"), QStringLiteral("chen")},
                                                                                 {QStringLiteral("password"), password}}));
    };
    CHECK(login2(temporary) == 1002);
    CHECK(login2(renewed) == 0);
    REQUIRE(waitUntil([&] { return !ops.model().rowAt(rowOf(ops.model(), QStringLiteral("chen"))).locked; }));

    // Deactivate: asked first, then done; chen can no longer log in.
    row = rowOf(ops.model(), QStringLiteral("chen"));
    ops.table()->selectRow(row);
    QPushButton* toggle = buttonNamed(&ops, app::OperatorAdmin::tr("Deactivate"));
    REQUIRE(toggle);
    toggle->click();
    QMessageBox* ask = nullptr;
    REQUIRE(waitUntil([&] { return (ask = shownBox(&ops)) != nullptr; }));
    ask->button(QMessageBox::Yes)->click();
    REQUIRE(waitUntil([&] {
        const int r = rowOf(ops.model(), QStringLiteral("chen"));
        return r >= 0 && !ops.model().rowAt(r).active;
    }));
    CHECK(buttonNamed(&ops, app::OperatorAdmin::tr("Activate")) != nullptr); // the selection is kept
    CHECK(login2(renewed) == 1007);

    // The auditor's viewer: by action and operator, by time, page by page; the chain holds.
    api::ServiceClient auditorDesk;
    openAs(auditorDesk, server, QStringLiteral("sun"), TestServer::passwordOf(QStringLiteral("sun")));
    const app::AdminAccess auditor = app::AdminAccess::forRole(QStringLiteral("auditor"));
    CHECK(!auditor.changeOperators);
    app::AdminPane auditPane(auditorDesk, auditor);
    REQUIRE(auditPane.operators());
    CHECK(buttonNamed(auditPane.operators(), app::OperatorAdmin::tr("Change role")) == nullptr); // read only
    REQUIRE(auditPane.audit());
    app::AuditViewer& viewer = *auditPane.audit();
    QAbstractItemModelTester auditTester(&viewer.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    auto* operatorChoice = viewer.findChild<QComboBox*>(QStringLiteral("auditOperator"));
    REQUIRE(waitUntil([&] { return operatorChoice->count() > 1; })); // the names from operator.list

    QString why;
    CHECK(viewer.queryParams(&why).contains(u"from")); // the last week unless changed
    const QString subject = QStringLiteral("operator:%1").arg(chenId);
    viewer.setFilter(QStringLiteral("operator-set-role"), QStringLiteral("admin"));
    REQUIRE(searchAndWait(viewer));
    CHECK(auditRows(viewer.model()) == QStringList{QStringLiteral("operator-set-role ") + subject});
    const int operatorColumn = app::AuditModel::Operator;
    CHECK(viewer.model().index(0, operatorColumn).data().toString() == u"admin");
    CHECK(viewer.model().index(0, app::AuditModel::Detail).data().toString().contains(QStringLiteral("manager")));
    viewer.setFilter(QStringLiteral("operator-deactivate"), QStringLiteral("admin"));
    REQUIRE(searchAndWait(viewer));
    CHECK(auditRows(viewer.model()) == QStringList{QStringLiteral("operator-deactivate ") + subject});
    viewer.setFilter(QStringLiteral("operator-create"), QStringLiteral("admin"));
    REQUIRE(searchAndWait(viewer));
    CHECK(auditRows(viewer.model()).size() == 2); // sun and chen (the first-run administrator is the service's)
    CHECK(auditRows(viewer.model()).last() == QStringLiteral("operator-create ") + subject);
    viewer.setFilter(QStringLiteral("operator-deactivate"), QStringLiteral("sun")); // sun did not
    REQUIRE(searchAndWait(viewer));
    CHECK(viewer.model().rowCount() == 0);
    // Time range: the last minutes hold them, an hour ahead nothing.
    viewer.setFilter(QStringLiteral("operator-set-role"), {}, started, started.addSecs(3600));
    REQUIRE(searchAndWait(viewer));
    CHECK(viewer.model().rowCount() == 1);
    viewer.setFilter(QStringLiteral("operator-set-role"), {}, started.addSecs(3600), {});
    REQUIRE(searchAndWait(viewer));
    CHECK(viewer.model().rowCount() == 0);
    // Pages of two: "load more" continues after the last seq.
    viewer.setPageSize(2);
    viewer.setFilter({}, {});
    REQUIRE(searchAndWait(viewer));
    CHECK(viewer.model().rowCount() == 2);
    REQUIRE(viewer.canLoadMore());
    QSignalSpy more(&viewer, &app::AuditViewer::pageLoaded);
    viewer.loadMore();
    REQUIRE(more.wait(10000));
    REQUIRE(viewer.model().rowCount() == 4);
    for (int r = 1; r < 4; ++r)
        CHECK(viewer.model().rowAt(r).seq > viewer.model().rowAt(r - 1).seq);

    QSignalSpy verified(&viewer, &app::AuditViewer::verified);
    viewer.verify();
    REQUIRE(verified.wait(10000));
    CHECK(verified.first().first().toBool());
    CHECK(viewer.verdictText().contains(app::AuditViewer::tr("intact")));
    // The administrator's verify-only part says the same.
    QSignalSpy adminVerified(pane.audit(), &app::AuditViewer::verified);
    pane.audit()->verify();
    REQUIRE(adminVerified.wait(10000));
    CHECK(adminVerified.first().first().toBool());

    // A record changed behind the service's back: verify names it as the first broken one.
    const qint64 forged = viewer.model().rowAt(2).seq;
    {
        auto db = storage::Database::open(server.databaseConfig());
        storage::SqlQuery q(*db, QStringLiteral("UPDATE operation_log SET result = 'forged' WHERE seq = ?"));
        q.bind(forged).exec();
    }
    QSignalSpy broken(&viewer, &app::AuditViewer::verified);
    viewer.verify();
    REQUIRE(broken.wait(10000));
    CHECK(!broken.first().first().toBool());
    INFO(viewer.verdictText().toStdString());
    CHECK(viewer.verdictText().contains(QStringLiteral(" %1 ").arg(forged)));
}

TEST_CASE("admin: each role sees the parts it may use, a cashier has no administration tab", "[app][admin]")
{
    using app::AdminAccess;
    const AdminAccess cashier = AdminAccess::forRole(QStringLiteral("cashier"));
    CHECK(!cashier.any());
    const AdminAccess engineer = AdminAccess::forRole(QStringLiteral("engineer"));
    CHECK((!engineer.operators() && !engineer.audit() && engineer.diagnostics && engineer.scanBus && engineer.readNow));
    const AdminAccess manager = AdminAccess::forRole(QStringLiteral("manager"));
    CHECK((!manager.operators() && manager.queryAudit && !manager.verifyAudit && manager.diagnostics && manager.scanBus));
    const AdminAccess auditor = AdminAccess::forRole(QStringLiteral("auditor"));
    CHECK((auditor.listOperators && !auditor.changeOperators && auditor.queryAudit && auditor.verifyAudit &&
           auditor.diagnostics && !auditor.scanBus && !auditor.readNow));
    CHECK(!AdminAccess::forRole(QStringLiteral("nobody")).any());
    CHECK(AdminAccess::forRole(QStringLiteral("administrator")).opensFirst);
    CHECK((!manager.opensFirst && !engineer.opensFirst && !auditor.opensFirst));

    TestServer server;
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    QTemporaryDir dir;
    app::ReceiptPrinter::Options o;
    o.pdfFolder = dir.path();
    o.alwaysPdf = true;
    app::ReceiptPrinter printer(o);
    app::AccountModel accounts;
    auto tabTitles = [](const QTabWidget* tabs) {
        QStringList out;
        for (int i = 0; i < tabs->count(); ++i)
            out << tabs->tabText(i);
        return out;
    };
    {
        api::ServiceClient desk;
        openAs(desk, server, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")));
        app::MainWindow window(desk, accounts, printer, QStringLiteral("幸福里物业"));
        CHECK(window.adminPane() == nullptr);
        CHECK(!tabTitles(window.tabs()).contains(app::MainWindow::tr("Administration")));
        CHECK(window.meterPane() != nullptr);
        CHECK(tabTitles(window.tabs()).contains(app::MainWindow::tr("Accounts")));
    }
    {
        api::ServiceClient desk;
        openAs(desk, server, QStringLiteral("admin"), QLatin1String(TestServer::kAdminPassword));
        app::MainWindow window(desk, accounts, printer, QStringLiteral("幸福里物业"));
        REQUIRE(window.adminPane());
        CHECK(window.tabs()->currentWidget() == window.adminPane()); // no desk work for the administrator
        CHECK(window.adminPane()->operators() != nullptr);
        // Nor the tabs and actions the service would refuse them (they showed only an error).
        CHECK(window.meterPane() == nullptr);
        CHECK(tabTitles(window.tabs()) == QStringList{app::MainWindow::tr("Administration")});
        for (QAction* a : window.findChildren<QAction*>())
            if (a->shortcut() == QKeySequence(Qt::Key_F2) || a->shortcut() == QKeySequence(Qt::Key_F3))
                CHECK_FALSE(a->isEnabled());
    }
    api::ServiceClient desk;
    openAs(desk, server, QStringLiteral("li"), TestServer::passwordOf(QStringLiteral("li")));
    app::MainWindow window(desk, accounts, printer, QStringLiteral("幸福里物业"));
    REQUIRE(window.adminPane());
    CHECK(window.tabs()->currentWidget() != window.adminPane());
    CHECK(tabTitles(window.tabs()).contains(app::MainWindow::tr("Administration")));
    CHECK(window.adminPane()->operators() == nullptr);
    CHECK(window.adminPane()->audit() != nullptr);
    REQUIRE(window.adminPane()->diagnostics() != nullptr);
    CHECK(window.adminPane()->parts()->count() == 2);

    // This service reads no meters: the view says so in the service's words, no empty table.
    app::BusDiagnosticsView& view = *window.adminPane()->diagnostics();
    QAbstractItemModelTester buses(&view.buses(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy failed(&view, &app::BusDiagnosticsView::refreshFailed);
    view.refresh();
    REQUIRE(failed.wait(10000));
    const QString expected = errorMessage(server.loginAs(QStringLiteral("li"))->call(QStringLiteral("bus.diagnostics")));
    CHECK(!expected.isEmpty());
    CHECK(view.showsMessage());
    CHECK(view.messageText() == expected);
    CHECK(view.buses().rowCount() == 0);
}
