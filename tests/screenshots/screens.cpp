// Renders what a person sees, for looking at: the login window, the main window with a few
// accounts, the recharge dialog at its confirmation, and a receipt (PDF; shots.sh turns it into
// a PNG with pdftoppm). It runs a real meterdeskd on a scratch SQLite database and drives the
// real windows through the real client, as the desk would.
//
//   app_screens METERDESKD_BINARY OUT_DIR
#include "account_detail.h"
#include "account_model.h"
#include "admin_pane.h"
#include "audit_viewer.h"
#include "bus_diagnostics_view.h"
#include "operator_admin.h"
#include "operator_dialogs.h"
#include "operator_model.h"
#include "approval_dialogs.h"
#include "apportion_group_editor.h"
#include "apportion_group_model.h"
#include "apportion_groups.h"
#include "login_dialog.h"
#include "batch_dialog.h"
#include "main_window.h"
#include "meter_model.h"
#include "meter_pane.h"
#include "meter_swap_dialog.h"
#include "reading_history.h"
#include "property_tree_model.h"
#include "recharge_dialog.h"
#include "reports_pane.h"
#include "receipt_printer.h"

#include "api/api_client.h"
#include "api/service_client.h"
#include "collection/reading_ingestor.h"
#include "collection/tariff_store.h"
#include "storage/database.h"
#include "util/clock.h"
#include "receipt/receipt_form.h"
#include "receipt/receipt_layout.h"
#include "util/i18n.h"

#include <QApplication>
#include <QComboBox>
#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QTimeZone>
#include <QTimer>

using namespace md;

namespace {

template <typename Pred>
bool waitUntil(Pred pred, int timeoutMs = 20000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!pred() && !deadline.hasExpired()) {
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return pred();
}

void save(QWidget* w, const QString& path)
{
    w->show();
    waitUntil([] { return false; }, 200); // let layouts and fonts settle
    w->grab().save(path);
    QTextStream(stdout) << "wrote " << path << "\n";
}

QJsonObject P(std::initializer_list<std::pair<const char*, QJsonValue>> kv)
{
    QJsonObject o;
    for (const auto& [k, v] : kv)
        o.insert(QString::fromLatin1(k), v);
    return o;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    md::installTranslations(); // the system locale decides, as in the real front desk
    if (argc != 3 && argc != 4) {
        QTextStream(stderr) << "usage: app_screens METERDESKD OUT_DIR [FORM_FILE]\n";
        return 2;
    }
    const QString daemon = QString::fromLocal8Bit(argv[1]);
    const QDir out(QString::fromLocal8Bit(argv[2]));
    QDir().mkpath(out.path());

    // A scratch service.
    QTemporaryDir scratch;
    QFile conf(scratch.filePath(QStringLiteral("md.conf")));
    conf.open(QIODevice::WriteOnly);
    conf.write("[database]\nurl = sqlite:md.db\n[api]\nport = 0\n");
    conf.close();
    // The service in the desk's language (LANG), as an office runs both: the reports' titles
    // and the service's messages the desk shows come from it. Its banner is read in English or
    // Chinese.
    QProcess service;
    service.start(daemon, {QStringLiteral("serve"), QStringLiteral("--config"), conf.fileName()});
    QString banner;
    quint16 port = 0;
    QString adminPassword;
    waitUntil([&] {
        banner += QString::fromUtf8(service.readAllStandardOutput());
        const auto p = QRegularExpression(QStringLiteral("(?:port |的 )(\\d+)")).match(banner);
        const auto a = QRegularExpression(QStringLiteral("(?:one-time password |一次性密码为 )([^\\s（(]+)")).match(banner);
        if (p.hasMatch() && a.hasMatch()) {
            port = quint16(p.captured(1).toUInt());
            adminPassword = a.captured(1);
        }
        return port != 0;
    });
    if (port == 0) {
        QTextStream(stderr) << "meterdeskd did not start: " << banner << "\n";
        return 1;
    }

    // Set up as an administrator would: a cashier and a few accounts.
    api::ApiClient admin;
    admin.connectTo(QStringLiteral("127.0.0.1"), port);
    admin.login(QStringLiteral("admin"), adminPassword);
    admin.call(QStringLiteral("session.change_password"), P({{"old_password", adminPassword}, {"new_password", QStringLiteral("admin-pass-1")}}));
    const QString temp = admin.call(QStringLiteral("operator.create"), P({{"name", QStringLiteral("wang")}, {"role", QStringLiteral("cashier")}, {"display_name", QStringLiteral("王收银")}}))
                             .value(u"result").toObject().value(u"temporary_password").toString();
    api::ApiClient wang;
    wang.connectTo(QStringLiteral("127.0.0.1"), port);
    wang.login(QStringLiteral("wang"), temp);
    wang.call(QStringLiteral("session.change_password"), P({{"old_password", temp}, {"new_password", QStringLiteral("wang-pass-1")}}));
    const char* tenants[] = {"张三", "李四", "王五", "赵六", "孙七", "周八"};
    for (int i = 0; i < 6; ++i) {
        const QString code = QStringLiteral("1-%1").arg(101 + i);
        wang.call(QStringLiteral("account.open"), P({{"key", QStringLiteral("o") + code}, {"code", code}, {"tenant_name", QString::fromUtf8(tenants[i])},
                                                     {"phone", QStringLiteral("1380000%1").arg(1000 + i)}}));
        if (i != 2)
            wang.call(QStringLiteral("account.recharge"), P({{"key", QStringLiteral("r") + code}, {"code", code}, {"amount", QStringLiteral("%1.50").arg(20 * i + 5)}}));
    }
    wang.call(QStringLiteral("account.close"), P({{"key", QStringLiteral("close-1-103")}, {"code", QStringLiteral("1-103")}}));

    // The desk.
    api::ServiceClient client;
    app::LoginDialog login(client);
    login.setAddress(QStringLiteral("127.0.0.1:%1").arg(port));
    login.setOperator(QStringLiteral("wang"));
    save(&login, out.filePath(QStringLiteral("login.png")));
    login.findChildren<QLineEdit*>().at(2)->setText(QStringLiteral("wrong"));
    QTest::keyClick(login.findChildren<QLineEdit*>().at(2), Qt::Key_Return);
    waitUntil([&] { return !login.message().isEmpty() && client.state() == api::ServiceClient::State::Offline; });
    save(&login, out.filePath(QStringLiteral("login-wrong-password.png")));
    login.findChildren<QLineEdit*>().at(2)->setText(QStringLiteral("wang-pass-1"));
    QTest::keyClick(login.findChildren<QLineEdit*>().at(2), Qt::Key_Return);
    waitUntil([&] { return client.state() == api::ServiceClient::State::Ready; });
    login.hide();

    app::AccountModel model;
    app::ReceiptPrinter::Options po;
    po.pdfFolder = out.path();
    po.alwaysPdf = true;
    app::ReceiptPrinter printer(po);
    app::MainWindow window(client, model, printer, QStringLiteral("幸福里物业服务中心"));
    for (int i = 0; i < 6; ++i) {
        auto* reply = client.call(QStringLiteral("account.get"), P({{"code", QStringLiteral("1-%1").arg(101 + i)}}));
        QObject::connect(reply, &api::ApiReply::finished, &model, &app::AccountModel::upsert);
    }
    waitUntil([&] { return model.rowCount() == 6; });
    window.view()->selectRow(0);
    save(&window, out.filePath(QStringLiteral("main-window.png")));

    app::RechargeDialog recharge(client, printer, QStringLiteral("幸福里物业服务中心"));
    recharge.show();
    recharge.startWith(QStringLiteral("1-101"));
    waitUntil([&] { return recharge.message().isEmpty(); });
    auto* amount = recharge.findChildren<QLineEdit*>().at(1);
    QTest::keyClicks(amount, QStringLiteral("100"));
    QTest::keyClick(amount, Qt::Key_Return);
    auto* channel = recharge.findChild<QComboBox*>();
    channel->setCurrentIndex(channel->findData(QStringLiteral("wechat")));
    QTest::keyClick(channel, Qt::Key_Return);
    save(&recharge, out.filePath(QStringLiteral("recharge-confirm.png")));
    QString printed;
    QObject::connect(&recharge, &app::RechargeDialog::receiptPrinted, [&](const QString& where) { printed = where; });
    QTest::keyClick(&recharge, Qt::Key_Return);
    waitUntil([&] { return !printed.isEmpty(); });
    save(&recharge, out.filePath(QStringLiteral("recharge-done.png")));
    QTextStream(stdout) << "receipt " << printed << "\n";

    // A reprint, marked as a copy.
    const QJsonObject copy = wang.call(QStringLiteral("receipt.reprint"), P({{"receipt", 1}})).value(u"result").toObject();
    receipt::ReceiptHeader h;
    h.officeName = QStringLiteral("幸福里物业服务中心");
    QString error;
    printer.saveAsPdf(receipt::layoutReceipt(receipt::receiptFromJson(copy), h), out.filePath(QStringLiteral("receipt-copy.pdf")), &error);

    if (argc == 4) {
        QFile formFile(QString::fromLocal8Bit(argv[3]));
        formFile.open(QIODevice::ReadOnly);
        app::ReceiptPrinter::Options fo = po;
        fo.form = receipt::parseReceiptForm(formFile.readAll(), formFile.fileName());
        app::ReceiptPrinter formPrinter(fo);
        formPrinter.saveAsPdf(receipt::layoutReceipt(receipt::receiptFromJson(copy), h), out.filePath(QStringLiteral("receipt-on-form.pdf")), &error);
    }

    // The manager's desk: the meters tab (property tree, colour-coded grid) and a batch trip.
    const QString liTemp = admin.call(QStringLiteral("operator.create"), P({{"name", QStringLiteral("li")}, {"role", QStringLiteral("manager")}, {"display_name", QStringLiteral("李经理")}}))
                               .value(u"result").toObject().value(u"temporary_password").toString();
    api::ApiClient li;
    li.connectTo(QStringLiteral("127.0.0.1"), port);
    li.login(QStringLiteral("li"), liTemp);
    li.call(QStringLiteral("session.change_password"), P({{"old_password", liTemp}, {"new_password", QStringLiteral("li-pass-1")}}));
    auto id = [](const QJsonObject& response) { return response.value(u"result").toObject().value(u"id").toInteger(); };
    const qint64 site = id(li.call(QStringLiteral("site.create"), P({{"code", QStringLiteral("A")}, {"name", QStringLiteral("幸福里")}})));
    QString csv = QStringLiteral("nameplate,bus,protocol,map,address,utility,room\n");
    int address = 1;
    QList<qint64> firstBuildingRooms;
    for (int b = 1; b <= 2; ++b) {
        const qint64 building = id(li.call(QStringLiteral("building.create"), P({{"site", site}, {"code", QString::number(b)}, {"name", QStringLiteral("%1号楼").arg(b)}})));
        const qint64 unit = id(li.call(QStringLiteral("unit.create"), P({{"building", building}, {"code", QStringLiteral("1")}, {"name", QStringLiteral("1单元")}})));
        for (int r = 1; r <= 6; ++r) {
            const qint64 room = id(li.call(QStringLiteral("room.create"), P({{"unit", unit}, {"code", QString::number(b * 100 + r)}})));
            const QString path = QStringLiteral("A/%1/1/%2").arg(b).arg(b * 100 + r);
            csv += QStringLiteral("DB%1,bus1,modbus,acrel-ddsy1352,%2,electricity,%3\n").arg(240000 + address).arg(address).arg(path);
            ++address;
            if (r % 2 == 0)
                csv += QStringLiteral("SB%1,bus2,cjt188,,%2,water,%3\n").arg(880000 + address).arg(address, 14, 10, QLatin1Char('0')).arg(path);
            if (b == 1)
                firstBuildingRooms.append(room);
        }
    }
    li.call(QStringLiteral("meter.import"), P({{"csv", csv}}));
    // Linked after the import: the rooms' meters go to the tenants' accounts then.
    for (int r = 0; r < 6; ++r)
        if (r != 2) // 1-103 is closed
            li.call(QStringLiteral("account.link_rooms"), P({{"code", QStringLiteral("1-%1").arg(101 + r)}, {"rooms", QJsonArray{firstBuildingRooms.at(r)}}}));
    {
        // The tariff the accounts are set to, put in as the tariff loader would (there is no
        // API that writes a tariff without a manager's approval); before this, the configure
        // calls below were refused for an unknown tariff and the screenshots showed none.
        storage::DatabaseConfig dbConfig;
        dbConfig.path = scratch.filePath(QStringLiteral("md.db"));
        TariffStore(*storage::Database::open(dbConfig))
            .put(QByteArrayLiteral("[tariff]\nid = residential\nutility = electricity\ntimezone = Asia/Shanghai\n\n"
                                   "[version]\neffective = 2024-01-01\ntier-basis = month\ntiers = 200, 400\n"
                                   "price.flat = 0.5283, 0.5783, 0.8283\n"),
                 QDateTime::currentMSecsSinceEpoch());
    }
    for (int r = 101; r <= 106; ++r) {
        const QJsonObject account = li.call(QStringLiteral("account.get"), P({{"code", QStringLiteral("1-%1").arg(r)}})).value(u"result").toObject();
        li.call(QStringLiteral("account.configure"), P({{"account", account.value(u"account").toInteger()}, {"tariff", QStringLiteral("residential")},
                                                        {"alarm1", QStringLiteral("30.00")}, {"alarm2", QStringLiteral("10.00")}}));
    }

    api::ServiceClient managerClient;
    QObject::connect(&managerClient, &api::ServiceClient::loggedIn, [] {});
    api::ServiceEndpoint endpoint;
    endpoint.port = port;
    managerClient.open(endpoint, QStringLiteral("li"), QStringLiteral("li-pass-1"));
    waitUntil([&] { return managerClient.state() == api::ServiceClient::State::Ready; });
    app::AccountModel managerAccounts;
    app::MainWindow managerWindow(managerClient, managerAccounts, printer, QStringLiteral("幸福里物业服务中心"));
    managerWindow.tabs()->setCurrentWidget(managerWindow.meterPane());
    app::MeterPane* pane = managerWindow.meterPane();
    waitUntil([&] { return pane->model().rowCount() > 0 && pane->treeModel().rowCount() > 0; });
    for (int r = 0; r < 4; ++r)
        pane->grid()->selectionModel()->select(pane->proxy()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    save(&managerWindow, out.filePath(QStringLiteral("meters.png")));
    app::BatchDialog* batch = pane->openBatch();
    if (batch) {
        batch->setAction(QStringLiteral("trip"));
        save(batch, out.filePath(QStringLiteral("batch-choose.png")));
        batch->next();
        save(batch, out.filePath(QStringLiteral("batch-confirm.png")));
        batch->confirm();
        waitUntil([&] { return batch->run()->count(app::BatchRun::Outcome::Sending) == 0; });
        save(batch, out.filePath(QStringLiteral("batch-progress.png")));
        batch->close();
    }
    // The reports tab: a week's sales by day, as a table with its totals and a bar chart; the
    // same report printed to PDF.
    if (app::ReportsPane* reports = managerWindow.reportsPane()) {
        managerWindow.tabs()->setCurrentWidget(reports);
        app::ReportRequest request;
        request.method = QStringLiteral("report.sales");
        request.to = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
        request.from = request.to.addDays(-6);
        reports->setRequest(request);
        bool shown = false;
        QObject::connect(reports, &app::ReportsPane::reportShown, [&] { shown = true; });
        reports->run();
        waitUntil([&] { return shown; });
        save(&managerWindow, out.filePath(QStringLiteral("reports.png")));
        reports->saveAsPdf(out.filePath(QStringLiteral("report-sales.pdf")));

        // The apportionment groups (公摊分组): the list, a group in its editor (by fixed shares),
        // and a create the service refuses (an unknown meter) with its words under the fields.
        li.call(QStringLiteral("meter.import"), P({{"csv", QStringLiteral("nameplate,bus,protocol,map,address,utility,room\n"
                                                                          "GQ000001,bus1,modbus,acrel-ddsy1352,90,electricity,\n"
                                                                          "GQ000002,bus1,modbus,acrel-ddsy1352,91,electricity,\n")}}));
        {
            storage::DatabaseConfig dbConfig; // the public-area tariff, put in as the tariff loader would
            dbConfig.path = scratch.filePath(QStringLiteral("md.db"));
            TariffStore(*storage::Database::open(dbConfig))
                .put(QByteArrayLiteral("[tariff]\nid = pub-e\nname = 公区电费\nutility = electricity\ntimezone = Asia/Shanghai\n\n"
                                       "[version]\neffective = 2024-01-01\nprice.flat = 1.0000\n"),
                     QDateTime::currentMSecsSinceEpoch());
        }
        auto member = [](const char* code, int weight) { return QJsonObject{{QStringLiteral("code"), QLatin1String(code)}, {QStringLiteral("weight"), weight}}; };
        const QJsonObject made = li.call(QStringLiteral("apportion.group.create"),
                                         P({{"name", QStringLiteral("1号楼公区照明")}, {"nameplate", QStringLiteral("GQ000001")},
                                            {"tariff", QStringLiteral("pub-e")}, {"method", QStringLiteral("weight")},
                                            {"members", QJsonArray{member("1-101", 2), member("1-102", 1), member("1-104", 1), member("1-105", 1)}},
                                            {"remarks", QStringLiteral("楼梯间及走廊照明")}}));
        li.call(QStringLiteral("apportion.group.create"),
                P({{"name", QStringLiteral("2号楼水泵")}, {"nameplate", QStringLiteral("GQ000002")}, {"tariff", QStringLiteral("pub-e")},
                   {"members", QJsonArray{QJsonObject{{QStringLiteral("code"), QStringLiteral("1-106")}}}}, {"active", false}}));
        if (made.contains(u"error"))
            QTextStream(stderr) << "apportion.group.create: " << made.value(u"error").toObject().value(u"message").toString() << "\n";
        app::ApportionGroupsDialog* groups = reports->openApportionGroups();
        bool groupsIn = false;
        QObject::connect(groups, &app::ApportionGroupsDialog::loaded, [&] { groupsIn = true; });
        waitUntil([&] { return groupsIn; });
        save(groups, out.filePath(QStringLiteral("apportion-groups.png")));
        if (app::ApportionGroupEditor* edit = groups->openEdit(groups->model().rowOf(QStringLiteral("1号楼公区照明")))) {
            bool tariffs = false;
            QObject::connect(edit, &app::ApportionGroupEditor::tariffsLoaded, [&] { tariffs = true; });
            waitUntil([&] { return tariffs; });
            save(edit, out.filePath(QStringLiteral("apportion-group-edit.png")));
            edit->close();
        }
        if (app::ApportionGroupEditor* create = groups->openNew()) {
            bool tariffs = false, refused = false;
            QObject::connect(create, &app::ApportionGroupEditor::tariffsLoaded, [&] { tariffs = true; });
            waitUntil([&] { return tariffs; });
            create->nameEdit()->setText(QStringLiteral("3号楼公区照明"));
            create->meterEdit()->setText(QStringLiteral("GQ000009"));
            create->tariffBox()->setCurrentIndex(create->tariffBox()->findData(QStringLiteral("pub-e")));
            create->addMember(QStringLiteral("1-101"));
            create->addMember(QStringLiteral("1-102"));
            QObject::connect(create, &app::ApportionGroupEditor::failed, [&] { refused = true; });
            create->save();
            waitUntil([&] { return refused; });
            save(create, out.filePath(QStringLiteral("apportion-group-refused.png")));
            create->close();
        }
        groups->close();
    }
    // The administration tab: the manager's audit log and bus diagnostics (this service reads
    // no meters: its message); the administrator's operators with a new one's temporary password.
    if (app::AdminPane* adminPane = managerWindow.adminPane()) {
        managerWindow.tabs()->setCurrentWidget(adminPane);
        if (app::AuditViewer* audit = adminPane->audit()) {
            adminPane->parts()->setCurrentWidget(audit);
            bool paged = false;
            QObject::connect(audit, &app::AuditViewer::pageLoaded, [&] { paged = true; });
            audit->search();
            waitUntil([&] { return paged; });
            save(&managerWindow, out.filePath(QStringLiteral("admin-audit.png")));
        }
        if (app::BusDiagnosticsView* diagnostics = adminPane->diagnostics()) {
            adminPane->parts()->setCurrentWidget(diagnostics);
            waitUntil([&] { return diagnostics->showsMessage(); });
            save(&managerWindow, out.filePath(QStringLiteral("admin-diagnostics.png")));
        }
    }
    {
        api::ServiceClient adminClient;
        adminClient.open(endpoint, QStringLiteral("admin"), QStringLiteral("admin-pass-1"));
        waitUntil([&] { return adminClient.state() == api::ServiceClient::State::Ready; });
        app::AccountModel adminAccounts;
        app::MainWindow adminWindow(adminClient, adminAccounts, printer, QStringLiteral("幸福里物业服务中心"));
        if (app::AdminPane* adminPane = adminWindow.adminPane()) {
            adminWindow.tabs()->setCurrentWidget(adminPane);
            app::OperatorAdmin* ops = adminPane->operators();
            adminWindow.show();
            waitUntil([&] { return ops->model().rowCount() > 0; });
            ops->table()->selectRow(ops->model().rowOf(QStringLiteral("wang")));
            save(&adminWindow, out.filePath(QStringLiteral("admin-operators.png")));
            app::OperatorCreateDialog* create = ops->openCreate();
            create->setFields(QStringLiteral("zhao"), QStringLiteral("赵会计"), QStringLiteral("auditor"));
            create->create();
            waitUntil([&] { return !create->temporaryPassword().isEmpty(); });
            save(create, out.filePath(QStringLiteral("admin-operator-created.png")));
            create->close();
        }
        adminClient.close();
    }
    // Account detail (账户详情) as the manager sees it: wallets, ledger with the selected
    // transaction explained, the consumption chart; a cashier's refund request pending in the
    // approvals view; the request dialog's answer.
    wang.call(QStringLiteral("account.refund"), P({{"key", QStringLiteral("f-1-101")}, {"code", QStringLiteral("1-101")},
                                                   {"amount", QStringLiteral("20.50")}, {"memo", QStringLiteral("搬离")}}));
    {
        app::AccountDetailWindow detail(managerClient, QStringLiteral("1-101"));
        bool ledgerIn = false, chartIn = false;
        QObject::connect(&detail, &app::AccountDetailWindow::ledgerLoaded, [&] { ledgerIn = true; });
        QObject::connect(&detail, &app::AccountDetailWindow::chartLoaded, [&] { chartIn = true; });
        detail.show();
        waitUntil([&] { return ledgerIn && chartIn; });
        save(&detail, out.filePath(QStringLiteral("account-detail.png")));
        detail.tabs()->setCurrentIndex(2);
        save(&detail, out.filePath(QStringLiteral("account-detail-chart.png")));
        detail.tabs()->setCurrentIndex(3);
        save(&detail, out.filePath(QStringLiteral("account-detail-meters.png")));
        app::ApprovalsWindow approvals(managerClient);
        bool listed = false;
        QObject::connect(&approvals, &app::ApprovalsWindow::loaded, [&] { listed = true; });
        waitUntil([&] { return listed; });
        save(&approvals, out.filePath(QStringLiteral("approvals.png")));
        app::MakerRequestDialog refund(client, app::MakerRequestDialog::Kind::Refund, QStringLiteral("1-102"));
        refund.findChild<QLineEdit*>(QStringLiteral("requestAmount"))->setText(QStringLiteral("10.00"));
        refund.show();
        bool filed = false;
        QObject::connect(&refund, &app::MakerRequestDialog::filed, [&] { filed = true; });
        refund.submitButton()->click();
        waitUntil([&] { return filed; });
        save(&refund, out.filePath(QStringLiteral("refund-pending.png")));
    }
    // Account detail's readings (a day of hourly readings of 1-101's meter, ingested into the
    // service's database as the collection service would, billed by the tariff put in above)
    // and its pending requests (wang's refund above).
    {
        qint64 meterId = 0;
        for (int r = 0; r < pane->model().rowCount(); ++r)
            if (pane->model().rowAt(r).nameplate == u"DB240001")
                meterId = pane->model().rowAt(r).id;
        storage::DatabaseConfig dbConfig;
        dbConfig.path = scratch.filePath(QStringLiteral("md.db"));
        auto db = storage::Database::open(dbConfig);
        SystemClock clock;
        ReadingIngestor ingestor(*db, clock);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        qint64 milli = 1523400;
        for (int ago = 24; ago >= 1; --ago) {
            const int hourOfDay = now.addSecs(-ago * 3600).toTimeZone(QTimeZone("Asia/Shanghai")).time().hour();
            milli += hourOfDay >= 7 && hourOfDay < 23 ? 380 + 40 * (ago % 5) : 90; // more by day
            MeterReading reading;
            reading.meter = MeterId{meterId};
            reading.registers.utc = now.addSecs(-ago * 3600);
            reading.registers.values.insert(Register::Total, Quantity::fromMilli(milli, Unit::KilowattHour));
            ingestor.ingest(reading);
        }
        db.reset();
        app::AccountDetailWindow detail(managerClient, QStringLiteral("1-101"));
        bool readingsIn = false, pendingIn = false;
        QObject::connect(detail.readings(), &app::ReadingHistoryView::loaded, [&] { readingsIn = true; });
        QObject::connect(detail.pending(), &app::PendingRequestsView::loaded, [&] { pendingIn = true; });
        detail.show();
        waitUntil([&] { return readingsIn && pendingIn && detail.readings()->model().rowCount() > 0; });
        detail.tabs()->setCurrentWidget(detail.readings());
        save(&detail, out.filePath(QStringLiteral("account-detail-readings.png")));
        detail.tabs()->setCurrentWidget(detail.pending());
        save(&detail, out.filePath(QStringLiteral("account-detail-pending.png")));
    }

    // The meter swap dialog (换表): bad input named at its fields, then a swap done (1-101's
    // meter read above: its final reading is billed).
    managerWindow.tabs()->setCurrentWidget(pane);
    for (int r = 0; r < pane->model().rowCount(); ++r)
        if (pane->model().rowAt(r).nameplate == u"DB240001")
            pane->grid()->setCurrentIndex(pane->proxy()->mapFromSource(pane->model().index(r, 0)));
    if (app::MeterSwapDialog* swap = pane->openSwap()) {
        bool loaded = false, swapped = false;
        QObject::connect(swap, &app::MeterSwapDialog::loaded, [&] { loaded = true; });
        QObject::connect(swap, &app::MeterSwapDialog::swapped, [&] { swapped = true; });
        waitUntil([&] { return loaded; });
        swap->field(QStringLiteral("final.total"))->setText(QStringLiteral("1234.5678"));
        swap->field(QStringLiteral("final.peak"))->setText(QStringLiteral("abc"));
        swap->submit();
        save(swap, out.filePath(QStringLiteral("meter-swap-errors.png")));
        const char* finals[] = {"1545.20", "151.20", "602.11", "500.05", "291.84"};
        const char* regs[] = {"total", "sharp", "peak", "flat", "valley"};
        for (int i = 0; i < 5; ++i) {
            swap->field(QStringLiteral("final.") + QLatin1String(regs[i]))->setText(QLatin1String(finals[i]));
            swap->field(QStringLiteral("initial.") + QLatin1String(regs[i]))->setText(QStringLiteral("0"));
        }
        swap->field(QStringLiteral("nameplate"))->setText(QStringLiteral("DB250001"));
        swap->reasonEdit()->setText(QStringLiteral("显示屏损坏"));
        swap->submit();
        waitUntil([&] { return swapped; });
        save(swap, out.filePath(QStringLiteral("meter-swap-done.png")));
        swap->close();
    }
    managerClient.close();

    client.close();
    service.terminate();
    service.waitForFinished(5000);
    return printed.isEmpty() ? 1 : 0;
}
