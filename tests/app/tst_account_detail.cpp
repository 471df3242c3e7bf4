// Account detail (账户详情) and the maker–checker dialogs against the real service: the wallets
// and the ledger to the fen, a deduction's explanation (a real one: two readings of the
// account's meter ingested into the service's database as the collection service would), a
// cashier's refund pending until a manager approves it in the approvals view, and the
// service refusing a manager's own request.

#include "meter_desk.h"
#include "reply_wait.h"

#include "account_detail.h"
#include "approval_dialogs.h"
#include "ledger_model.h"
#include "main_window.h"
#include "meter_model.h"
#include "meter_pane.h"
#include "receipt_printer.h"
#include "reading_history.h"
#include "recharge_dialog.h"

#include "api/service_client.h"
#include "collection/reading_ingestor.h"
#include "collection/tariff_store.h"
#include "money/money.h"
#include "storage/database.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QChart>
#include <QChartView>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QDateTime>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

using namespace md;
using namespace md::test;

namespace {

qint64 fen(const QString& yuan)
{
    const auto m = Money::parseYuan(yuan);
    REQUIRE(m.has_value());
    return m->fen();
}

// 1-101's electricity meter E-0001 read twice (baseline, then 10 kWh more): one deduction of
// 10 × 0.5283 = 5.283 → 5.28 yuan.
void billTenKwh(MeterDesk& desk)
{
    auto db = storage::Database::open(desk.server.databaseConfig());
    // A monthly ladder in the database (0.5283 yuan/kWh in the first tier), 1-101's electricity on it.
    TariffStore(*db).put(QByteArrayLiteral("[tariff]\nid = ladder-m\nutility = electricity\ntimezone = Asia/Shanghai\n\n"
                                           "[version]\neffective = 2024-01-01\ntier-basis = month\ntiers = 100, 200\n"
                                           "price.flat = 0.5283, 0.5783, 0.8283\n"),
                         QDateTime::currentMSecsSinceEpoch());
    const qint64 account = desk.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-101")}})
                               .value(u"account").toInteger();
    desk.call(QStringLiteral("account.configure"), {{QStringLiteral("account"), account}, {QStringLiteral("tariff"), QStringLiteral("ladder-m")}});
    SystemClock clock;
    ReadingIngestor ingestor(*db, clock);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const auto& [daysAgo, kwh] : {std::pair{2, "100.000"}, std::pair{1, "110.000"}}) {
        MeterReading r;
        r.meter = MeterId{desk.meterIds.value(QStringLiteral("E-0001"))};
        r.registers.utc = now.addDays(-daysAgo);
        r.registers.values.insert(Register::Total, *Quantity::parse(QString::fromLatin1(kwh), Unit::KilowattHour));
        ingestor.ingest(r);
    }
}

qint64 electricityFen(MeterDesk& desk)
{
    return fen(desk.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-101")}})
                   .value(u"wallets").toObject().value(u"electricity").toString());
}

void login(api::ServiceClient& client, const TestServer& server, const QString& name)
{
    QSignalSpy ok(&client, &api::ServiceClient::loggedIn);
    api::ServiceEndpoint e;
    e.port = server.port();
    client.open(e, name, TestServer::passwordOf(name));
    REQUIRE(waitUntil([&] { return ok.count() == 1; }));
}

QString walletText(const app::AccountDetailWindow& w, const QString& utility)
{
    for (int r = 0; r < w.wallets()->rowCount(); ++r)
        if (w.wallets()->item(r, 0)->data(Qt::UserRole).toString() == utility)
            return w.wallets()->item(r, 1)->text();
    return {};
}

} // namespace

TEST_CASE("account detail: wallets and ledger to the fen, newest first and paged, a deduction explained",
          "[app][detail][money]")
{
    MeterDesk desk(QStringLiteral("wang"));
    billTenKwh(desk);
    const QJsonArray posted = desk.call(QStringLiteral("account.transactions"), {{QStringLiteral("code"), QStringLiteral("1-101")}})
                                  .value(u"transactions").toArray();
    // open, recharge 50.00, the deduction: newest first.
    REQUIRE(posted.size() == 3);
    const QJsonObject deduction = posted.at(0).toObject();
    REQUIRE(deduction.value(u"kind").toString() == u"deduction");
    REQUIRE(deduction.value(u"detail").isObject());
    const qint64 charged = fen(deduction.value(u"amount").toString());
    CHECK(charged == 528);
    CHECK(electricityFen(desk) == 5000 - charged);

    app::AccountDetailWindow w(desk.client, QStringLiteral("1-101"));
    QAbstractItemModelTester tester(&w.ledger(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    w.setPageSize(2);
    QSignalSpy ledger(&w, &app::AccountDetailWindow::ledgerLoaded);
    w.show();
    REQUIRE(waitUntil([&] { return ledger.count() >= 1; }));

    CHECK(fen(walletText(w, QStringLiteral("electricity"))) == 5000 - charged);
    CHECK(fen(walletText(w, QStringLiteral("water"))) == 0);

    using L = app::LedgerModel;
    REQUIRE(w.ledger().rowCount() == 2);
    auto text = [&](int row, int column) { return w.ledger().index(row, column).data().toString(); };
    CHECK(text(0, L::Kind) == L::kindName(QStringLiteral("deduction")));
    CHECK(fen(text(0, L::Amount)) == charged);
    CHECK(fen(text(0, L::BalanceBefore)) == 5000);
    CHECK(fen(text(0, L::BalanceAfter)) == 5000 - charged);
    CHECK(text(1, L::Kind) == L::kindName(QStringLiteral("recharge")));
    CHECK(fen(text(1, L::Amount)) == 5000);
    CHECK(fen(text(1, L::BalanceAfter)) == 5000);
    REQUIRE(w.olderButton()->isEnabled());

    // The newest row is selected and explained: its readings and tier lines as posted.
    const QString explanation = w.explanation()->toPlainText();
    INFO(explanation.toStdString());
    CHECK(explanation.contains(QStringLiteral("lines:")));
    CHECK(explanation.contains(QStringLiteral("before:")));
    CHECK(explanation.contains(QStringLiteral("110")));
    CHECK(explanation.contains(deduction.value(u"amount").toString()));

    // The recharge has no explanation beyond its figures.
    w.ledgerView()->setCurrentIndex(w.ledger().index(1, 0));
    CHECK(w.explanation()->toPlainText().contains(L::tr("No further explanation was recorded for this transaction.")));
    // Who and when, as a person reads them: the cashier by name, the desk's local time (the
    // API gives the operator's id and name, and the time in UTC).
    const QJsonObject recharge = posted.at(1).toObject();
    const QString cashier = recharge.value(u"operator_name").toString(); // whoever set the desk up
    REQUIRE_FALSE(cashier.isEmpty());
    CHECK_FALSE(deduction.contains(u"operator_name")); // posted by the service (operator 0)
    CHECK(deduction.value(u"operator").toInteger() == 0);
    const QString at = QDateTime::fromString(recharge.value(u"at").toString(), Qt::ISODateWithMs)
                           .toLocalTime()
                           .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const QString rechargeText = w.explanation()->toPlainText();
    INFO(rechargeText.toStdString());
    CHECK(rechargeText.contains(at));
    CHECK(rechargeText.contains(cashier));
    CHECK_FALSE(rechargeText.contains(recharge.value(u"at").toString())); // not the raw ISO text
    w.ledgerView()->setCurrentIndex(w.ledger().index(0, 0));
    CHECK(w.explanation()->toPlainText().contains(L::tr("the collection service")));

    // The next page: the opening, and no more after it.
    QTest::mouseClick(w.olderButton(), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return ledger.count() >= 2; }));
    REQUIRE(w.ledger().rowCount() == 3);
    CHECK(text(2, L::Kind) == L::kindName(QStringLiteral("open")));
    CHECK(!w.olderButton()->isEnabled());

    // A cashier may file requests; the chart (a manager's report) says why it is empty.
    CHECK(w.refundButton()->isEnabled());
    CHECK(!w.chartNote()->text().isEmpty());
}

TEST_CASE("account detail as a manager: the daily consumption chart and the meters with their relay history",
          "[app][detail]")
{
    MeterDesk desk(QStringLiteral("li"));
    billTenKwh(desk);
    app::AccountDetailWindow w(desk.client, QStringLiteral("1-101"));
    QSignalSpy chart(&w, &app::AccountDetailWindow::chartLoaded);
    QSignalSpy commands(&w, &app::AccountDetailWindow::commandsLoaded);
    w.show();
    REQUIRE(waitUntil([&] { return chart.count() >= 1 && commands.count() >= 1; }));
    INFO(w.chartNote()->text().toStdString());
    CHECK(w.meters()->rowCount() == 2); // E-0001 and W-0001
    // The chart has a series per wallet the report gave consumption for.
    REQUIRE(w.chart()->chart() != nullptr);
    CHECK(w.chart()->chart()->series().size() >= 1);
}

TEST_CASE("a cashier's refund is pending until a manager approves it, and a manager may not approve their own",
          "[app][detail][approval][money]")
{
    MeterDesk desk(QStringLiteral("wang"));
    const qint64 before = electricityFen(desk);
    REQUIRE(before == 5000);

    // The cashier files a refund of 20.50 from the account detail.
    app::AccountDetailWindow w(desk.client, QStringLiteral("1-101"));
    QSignalSpy ledger(&w, &app::AccountDetailWindow::ledgerLoaded);
    w.show();
    REQUIRE(waitUntil([&] { return ledger.count() >= 1; }));
    QTest::mouseClick(w.refundButton(), Qt::LeftButton);
    auto* request = w.findChild<app::MakerRequestDialog*>();
    REQUIRE(request);
    QSignalSpy filed(request, &app::MakerRequestDialog::filed);
    request->findChild<QLineEdit*>(QStringLiteral("requestAmount"))->setText(QStringLiteral("20.50"));
    request->findChild<QLineEdit*>(QStringLiteral("requestMemo"))->setText(QStringLiteral("moving out early"));
    QTest::mouseClick(request->submitButton(), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return filed.count() == 1; }));
    CHECK(filed.at(0).at(0).toJsonObject().value(u"status").toString() == u"pending");
    CHECK(request->outcome()->text().contains(QStringLiteral("PENDING APPROVAL")));
    CHECK(!request->submitButton()->isEnabled()); // filed once
    CHECK(electricityFen(desk) == before);        // nothing moved yet
    request->close();

    // A cashier cannot decide requests: the buttons say why.
    {
        app::ApprovalsWindow cashierView(desk.client);
        CHECK(!cashierView.approveButton()->isEnabled());
        CHECK(!cashierView.approveButton()->toolTip().isEmpty());
    }

    // The manager li approves it in the approvals view.
    api::ServiceClient manager;
    login(manager, desk.server, QStringLiteral("li"));
    app::ApprovalsWindow approvals(manager);
    QAbstractItemModelTester tester(&approvals.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy loaded(&approvals, &app::ApprovalsWindow::loaded);
    QSignalSpy decided(&approvals, &app::ApprovalsWindow::decided);
    approvals.show();
    REQUIRE(waitUntil([&] { return loaded.count() >= 1; }));
    REQUIRE(approvals.model().rowCount() == 1);
    CHECK(fen(approvals.model().index(0, app::ApprovalModel::Amount).data().toString()) == 2050);
    CHECK(approvals.approveButton()->isEnabled());
    approvals.noteEdit()->setText(QStringLiteral("checked the contract"));
    QTest::mouseClick(approvals.approveButton(), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return decided.count() == 1; }));
    CHECK(decided.at(0).at(0).toBool());
    CHECK(electricityFen(desk) == before - 2050);
    REQUIRE(waitUntil([&] { return loaded.count() >= 2 && approvals.model().rowCount() == 0; }));

    // The cashier's detail shows the refund and the balance after, to the fen.
    const int seen = static_cast<int>(ledger.count());
    w.refresh();
    REQUIRE(waitUntil([&] { return ledger.count() > seen; }));
    CHECK(fen(walletText(w, QStringLiteral("electricity"))) == before - 2050);
    CHECK(w.ledger().index(0, app::LedgerModel::Kind).data().toString() == app::LedgerModel::kindName(QStringLiteral("refund")));
    CHECK(fen(w.ledger().index(0, app::LedgerModel::Amount).data().toString()) == 2050);

    // li files a refund and tries to approve it: the service refuses, the view says so.
    app::AccountDetailWindow own(manager, QStringLiteral("1-101"));
    QSignalSpy ownLoaded(&own, &app::AccountDetailWindow::ledgerLoaded);
    REQUIRE(waitUntil([&] { return ownLoaded.count() >= 1; }));
    own.openRefund();
    auto* mine = own.findChild<app::MakerRequestDialog*>();
    REQUIRE(mine);
    QSignalSpy mineFiled(mine, &app::MakerRequestDialog::filed);
    mine->findChild<QLineEdit*>(QStringLiteral("requestAmount"))->setText(QStringLiteral("1.00"));
    QTest::mouseClick(mine->submitButton(), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return mineFiled.count() == 1; }));
    const qint64 mineId = mineFiled.at(0).at(0).toJsonObject().value(u"approval").toObject().value(u"id").toInteger();
    REQUIRE(waitUntil([&] { return approvals.model().rowCount() == 1; }));
    approvals.view()->setCurrentIndex(approvals.model().index(0, 0));
    QTest::mouseClick(approvals.approveButton(), Qt::LeftButton);
    REQUIRE(waitUntil([&] { return decided.count() == 2; }));
    CHECK(!decided.at(1).at(0).toBool());
    const QJsonObject refused = desk.li->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), mineId}});
    CHECK(errorCode(refused) == 3003);
    CHECK(approvals.statusLabel()->text() == errorMessage(refused));
    CHECK(electricityFen(desk) == before - 2050);
}

TEST_CASE("account detail from the Meters tab: F6 and double-click on a meter of an account, nothing for a meter of none",
          "[app][detail][meters]")
{
    MeterDesk desk(QStringLiteral("wang"));
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
    auto indexOf = [&](const char* nameplate) {
        const int row = pane.model().rowOfMeter(desk.meterIds.value(QString::fromLatin1(nameplate)));
        return pane.proxy()->mapFromSource(pane.model().index(row, app::MeterModel::Nameplate));
    };
    auto* f6 = window.findChild<QAction*>(QStringLiteral("accountDetailAction"));
    REQUIRE(f6);
    auto detailOf = [&](const QString& code) -> app::AccountDetailWindow* {
        for (auto* w : window.findChildren<app::AccountDetailWindow*>())
            if (w->code() == code)
                return w;
        return nullptr;
    };

    // F6 on E-0001 (1-101's electricity meter): 1-101's detail, loaded from the service.
    pane.grid()->setCurrentIndex(indexOf("E-0001"));
    f6->trigger();
    app::AccountDetailWindow* zhang = detailOf(QStringLiteral("1-101"));
    REQUIRE(zhang);
    REQUIRE(waitUntil([&] { return zhang->wallets()->rowCount() > 0; }));
    CHECK(walletText(*zhang, QStringLiteral("electricity")) == u"50.00");
    // Its water meter is the same account: the same window, not a second one.
    pane.grid()->setCurrentIndex(indexOf("W-0001"));
    f6->trigger();
    CHECK(window.findChildren<app::AccountDetailWindow*>().size() == 1);

    // Double-click (activation) on E-0002: 李四's account 1-102.
    emit pane.grid()->activated(indexOf("E-0002"));
    app::AccountDetailWindow* li = detailOf(QStringLiteral("1-102"));
    REQUIRE(li);
    REQUIRE(waitUntil([&] { return li->wallets()->rowCount() > 0; }));
    CHECK(window.findChildren<app::AccountDetailWindow*>().size() == 2);
    CHECK(window.findChild<app::RechargeDialog*>() == nullptr); // activation no longer recharges

    // E-0004 belongs to no account: no window, the status bar says why.
    pane.grid()->setCurrentIndex(indexOf("E-0004"));
    f6->trigger();
    emit pane.grid()->activated(indexOf("E-0004"));
    CHECK(window.findChildren<app::AccountDetailWindow*>().size() == 2);
    CHECK_FALSE(window.statusBar()->currentMessage().isEmpty());
}

TEST_CASE("account detail lists the account's pending requests, the approvals view names operators",
          "[app][detail][approval]")
{
    MeterDesk desk(QStringLiteral("li"));
    // A cashier with a display name of her own files a refund for 1-101; wang one for 1-102.
    const QJsonObject made = resultOf(desk.server.admin()->call(QStringLiteral("operator.create"),
                                                               {{QStringLiteral("name"), QStringLiteral("fang")},
                                                                {QStringLiteral("role"), QStringLiteral("cashier")},
                                                                {QStringLiteral("display_name"), QStringLiteral("王芳")}}));
    auto fang = desk.server.connect();
    fang->login(QStringLiteral("fang"), made.value(u"temporary_password").toString());
    resultOf(fang->call(QStringLiteral("session.change_password"),
                        {{QStringLiteral("old_password"), made.value(u"temporary_password").toString()},
                         {QStringLiteral("new_password"), TestServer::passwordOf(QStringLiteral("fang"))}}));
    auto refund = [](api::ApiClient& c, const char* key, const char* code, const char* amount) {
        return resultOf(c.call(QStringLiteral("account.refund"), {{QStringLiteral("key"), QLatin1String(key)},
                                                                   {QStringLiteral("code"), QLatin1String(code)},
                                                                   {QStringLiteral("amount"), QLatin1String(amount)}}))
            .value(u"approval").toObject().value(u"id").toInteger();
    };
    const qint64 fangs = refund(*fang, "f-1", "1-101", "20.50");
    refund(*desk.wang, "f-2", "1-102", "1.00");

    app::AccountDetailWindow w(desk.client, QStringLiteral("1-101"));
    QAbstractItemModelTester tester(&w.pending()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy loaded(w.pending(), &app::PendingRequestsView::loaded);
    w.show();
    REQUIRE(waitUntil([&] { return loaded.count() >= 1; }));
    // 1-101's request only, with who asked by name.
    app::ApprovalModel& m = w.pending()->model();
    REQUIRE(m.rowCount() == 1);
    CHECK(m.index(0, app::ApprovalModel::Id).data().toLongLong() == fangs);
    CHECK(fen(m.index(0, app::ApprovalModel::Amount).data().toString()) == 2050);
    CHECK(m.index(0, app::ApprovalModel::RequestedBy).data().toString() == u"王芳 (fang)");
    CHECK(m.index(0, app::ApprovalModel::Account).data().toString() == u"1-101");
    CHECK_FALSE(m.index(0, app::ApprovalModel::Details).data().toString().contains(QStringLiteral("account=")));
    CHECK(w.tabs()->tabText(w.tabs()->indexOf(w.pending())).contains(QStringLiteral("(1)")));

    // li files one more for 1-101: the event brings it in.
    const qint64 lis = refund(*desk.li, "f-3", "1-101", "1.00");
    REQUIRE(waitUntil([&] { return m.rowCount() == 2; }));
    CHECK(m.index(0, app::ApprovalModel::Id).data().toLongLong() == lis); // newest first
    CHECK(m.index(0, app::ApprovalModel::RequestedBy).data().toString() == u"li");

    // Another manager approves fang's: it leaves the list.
    auto zhou = desk.server.addOperator(QStringLiteral("zhou"), QStringLiteral("manager"));
    resultOf(zhou->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), fangs}}));
    REQUIRE(waitUntil([&] { return m.rowCount() == 1; }));
    CHECK(m.index(0, app::ApprovalModel::Id).data().toLongLong() == lis);

    // The approvals view names the operators too.
    app::ApprovalsWindow approvals(desk.client);
    QSignalSpy listed(&approvals, &app::ApprovalsWindow::loaded);
    REQUIRE(waitUntil([&] { return listed.count() >= 1; }));
    QStringList who;
    for (int r = 0; r < approvals.model().rowCount(); ++r)
        who << approvals.model().index(r, app::ApprovalModel::RequestedBy).data().toString();
    CHECK(who == QStringList{QStringLiteral("li"), QStringLiteral("wang")});

    // 1-102's detail: wang's request alone (the service filters by the account).
    app::AccountDetailWindow other(desk.client, QStringLiteral("1-102"));
    QSignalSpy otherLoaded(other.pending(), &app::PendingRequestsView::loaded);
    REQUIRE(waitUntil([&] { return otherLoaded.count() >= 1; }));
    REQUIRE(other.pending()->model().rowCount() == 1);
    CHECK(other.pending()->model().index(0, app::ApprovalModel::Account).data().toString() == u"1-102");
    CHECK(fen(other.pending()->model().index(0, app::ApprovalModel::Amount).data().toString()) == 100);
    CHECK(other.pending()->model().index(0, app::ApprovalModel::RequestedBy).data().toString() == u"wang");

    // A cashier's detail says why it lists no requests (approval.list is the managers' and auditors').
    api::ServiceClient cashier;
    login(cashier, desk.server, QStringLiteral("wang"));
    app::AccountDetailWindow cw(cashier, QStringLiteral("1-101"));
    QSignalSpy cashierLoaded(cw.pending(), &app::PendingRequestsView::loaded);
    REQUIRE(waitUntil([&] { return cashierLoaded.count() >= 1; }));
    CHECK(cw.pending()->model().rowCount() == 0);
    CHECK(cw.pending()->note()->text().contains(QStringLiteral("managers")));
}

TEST_CASE("account detail's readings: a meter's raw readings as a table and a chart (meter.readings)", "[app][detail][readings]")
{
    MeterDesk desk(QStringLiteral("li"));
    desk.ladderForZhang();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    desk.ingest(QStringLiteral("E-0001"), now.addSecs(-7200), "100.000");
    desk.ingest(QStringLiteral("E-0001"), now.addSecs(-3600), "110.000");
    app::AccountDetailWindow w(desk.client, QStringLiteral("1-101"));
    QAbstractItemModelTester tester(&w.readings()->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy loaded(w.readings(), &app::ReadingHistoryView::loaded);
    w.show();
    REQUIRE(waitUntil([&] { return loaded.count() >= 1 && w.readings()->model().rowCount() == 2; }));
    CHECK(w.readings()->meter() == desk.meterIds.value(QStringLiteral("E-0001")));
    const app::ReadingModel& m = w.readings()->model();
    CHECK(m.index(0, app::ReadingModel::Total).data().toString() == u"100.000");
    CHECK(m.index(1, app::ReadingModel::Total).data().toString() == u"110.000");
    CHECK(m.index(0, app::ReadingModel::Status).data().toString().contains(QStringLiteral("first reading")));
    CHECK(m.index(1, app::ReadingModel::Status).data().toString().contains(QStringLiteral("billed")));
    CHECK(m.headerData(app::ReadingModel::Total, Qt::Horizontal).toString().contains(QStringLiteral("kWh")));
    REQUIRE(w.readings()->chart()->chart());
    const auto series = w.readings()->chart()->chart()->series();
    REQUIRE(series.size() == 1);
    CHECK(static_cast<QLineSeries*>(series.first())->count() == 2);

    // The water meter has no reading yet: an empty table that says so.
    const int before = static_cast<int>(loaded.count());
    w.readings()->setMeter(desk.meterIds.value(QStringLiteral("W-0001")));
    REQUIRE(waitUntil([&] { return loaded.count() > before; }));
    CHECK(m.rowCount() == 0);
    CHECK(w.readings()->note()->text().contains(QStringLiteral("No reading")));
}
