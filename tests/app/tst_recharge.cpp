// Recharge by keyboard against the real service: account number, Enter, amount, Enter,
// channel, Enter, Enter; the receipt comes out as a PDF and reads back. Money to the fen.

#include "api_harness.h"
#include "lossy_proxy.h"
#include "pdf_text.h"
#include "reply_wait.h"

#include "account_model.h"
#include "main_window.h"
#include "open_account_dialog.h"
#include "receipt_actions.h"
#include "recharge_dialog.h"
#include "receipt_printer.h"

#include "api/service_client.h"

#include <catch2/catch.hpp>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace md;
using namespace md::test;

namespace {

struct Desk
{
    TestServer server;
    std::unique_ptr<api::ApiClient> wangBlocking;
    api::ServiceClient client;
    QTemporaryDir receipts;
    std::unique_ptr<app::ReceiptPrinter> printer;

    Desk()
    {
        wangBlocking = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
        resultOf(wangBlocking->call(QStringLiteral("account.open"), {{QStringLiteral("key"), QStringLiteral("open-1-101")},
                                                                     {QStringLiteral("code"), QStringLiteral("1-101")},
                                                                     {QStringLiteral("tenant_name"), QStringLiteral("张三")},
                                                                     {QStringLiteral("phone"), QStringLiteral("13800000000")}}));
        resultOf(wangBlocking->call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("first")},
                                                                         {QStringLiteral("code"), QStringLiteral("1-101")},
                                                                         {QStringLiteral("amount"), QStringLiteral("12.30")}}));
        QSignalSpy ok(&client, &api::ServiceClient::loggedIn);
        api::ServiceEndpoint e;
        e.port = server.port();
        client.open(e, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")));
        REQUIRE(waitUntil([&] { return ok.count() == 1; }));
        app::ReceiptPrinter::Options o;
        o.pdfFolder = receipts.path();
        o.alwaysPdf = true;
        printer = std::make_unique<app::ReceiptPrinter>(o);
    }
};

QString squeeze(QString s)
{
    s.remove(QRegularExpression(QStringLiteral("\\s+")));
    return s;
}

} // namespace

TEST_CASE("a recharge typed on the keyboard posts once, shows before and after, and prints its receipt",
          "[app][recharge][money]")
{
    Desk desk;
    app::RechargeDialog dialog(desk.client, *desk.printer, QStringLiteral("幸福里物业"));
    QSignalSpy printed(&dialog, &app::RechargeDialog::receiptPrinted);
    QSignalSpy recharged(&dialog, &app::RechargeDialog::recharged);
    dialog.show();
    auto edits = dialog.findChildren<QLineEdit*>();
    QLineEdit* code = edits.at(0);
    QLineEdit* amount = edits.at(1);
    auto* channel = dialog.findChild<QComboBox*>();

    QTest::keyClicks(code, QStringLiteral("1-101"));
    QTest::keyClick(code, Qt::Key_Return);
    auto labelSays = [&](const QString& text) {
        for (QLabel* l : dialog.findChildren<QLabel*>())
            if (l->text().contains(text))
                return true;
        return false;
    };
    REQUIRE(waitUntil([&] { return labelSays(QStringLiteral("张三")); }));
    QTest::keyClicks(amount, QStringLiteral("88.5"));
    QTest::keyClick(amount, Qt::Key_Return);
    channel->setCurrentIndex(channel->findData(QStringLiteral("alipay")));
    QTest::keyClick(channel, Qt::Key_Return);
    // The confirmation: 12.30 + 88.50 = 100.80.
    bool confirmationShown = false;
    for (QLabel* l : dialog.findChildren<QLabel*>())
        confirmationShown |= l->text().contains(u"¥12.30") && l->text().contains(u"¥100.80");
    CHECK(confirmationShown);
    QTest::keyClick(&dialog, Qt::Key_Return); // Enter on the confirm button

    REQUIRE(waitUntil([&] { return printed.count() == 1; }));
    REQUIRE(recharged.count() == 1);
    const QJsonObject r = recharged.at(0).at(0).toJsonObject();
    CHECK(r.value(u"amount").toString() == u"88.50");
    CHECK(r.value(u"balance_before").toString() == u"12.30");
    CHECK(r.value(u"balance_after").toString() == u"100.80");

    const QString text = squeeze(pdfText(printed.at(0).at(0).toString()));
    INFO(text.toStdString());
    CHECK(text.contains(u"00000002")); // the second receipt the service issued
    CHECK(text.contains(u"¥88.50"));
    CHECK(text.contains(u"捌拾捌元伍角")); // 88.50
    CHECK(text.contains(u"¥12.30"));
    CHECK(text.contains(u"¥100.80"));
    CHECK((text.contains(u"支付宝") || text.contains(u"Alipay")));

    // A second Enter does nothing: the dialog is back at the account number, no double post.
    QTest::keyClick(&dialog, Qt::Key_Return);
    const QJsonObject account = resultOf(desk.wangBlocking->call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-101")}}));
    CHECK(account.value(u"wallets").toObject().value(u"electricity").toString() == u"100.80");

    // Reprint: the service counts the copy, the paper says so. Save as PDF: the original.
    app::ReceiptActions actions(desk.client, *desk.printer, QStringLiteral("幸福里物业"), &dialog);
    QSignalSpy done(&actions, &app::ReceiptActions::done);
    actions.reprint(2);
    REQUIRE(waitUntil([&] { return done.count() == 1; }));
    const QString copyText = squeeze(pdfText(desk.receipts.filePath(QStringLiteral("receipt-00000002-copy.pdf"))));
    CHECK(copyText.contains(u"重打/COPY"));
    CHECK(copyText.contains(u"¥88.50"));
    const QString saved = desk.receipts.filePath(QStringLiteral("saved.pdf"));
    actions.saveAsPdf(2, saved);
    REQUIRE(waitUntil([&] { return done.count() == 2; }));
    const QString savedText = squeeze(pdfText(saved));
    CHECK(savedText.contains(u"¥100.80"));
    CHECK_FALSE(savedText.contains(u"COPY"));
}

TEST_CASE("the main window finds accounts, shows pushed balances and the connection state", "[app][window]")
{
    Desk desk;
    app::AccountModel model;
    app::MainWindow window(desk.client, model, *desk.printer, QStringLiteral("幸福里物业"));
    window.show();
    auto* search = window.findChild<QLineEdit*>(QStringLiteral("accountSearch")); // the meters tab has its own
    REQUIRE(search);
    QTest::keyClicks(search, QStringLiteral("1-101"));
    QTest::keyClick(search, Qt::Key_Return); // not on the grid: looked up
    REQUIRE(waitUntil([&] { return model.rowCount() == 1; }));
    CHECK(window.proxy()->rowCount() == 1);
    CHECK(model.index(0, app::AccountModel::Electricity).data().toString() == u"12.30");

    // Another desk recharges: the service pushes the new balance (12.30 + 7.70 = 20.00).
    resultOf(desk.wangBlocking->call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("other-desk")},
                                                                          {QStringLiteral("code"), QStringLiteral("1-101")},
                                                                          {QStringLiteral("amount"), QStringLiteral("7.70")}}));
    REQUIRE(waitUntil([&] { return model.index(0, app::AccountModel::Electricity).data().toString() == u"20.00"; }));

    search->setText(QStringLiteral("张")); // typed through an input method: no key events
    CHECK(window.proxy()->rowCount() == 1);
    search->clear();
    QTest::keyClicks(search, QStringLiteral("nobody"));
    CHECK(window.proxy()->rowCount() == 0);

    // The line drops: the window says it is reconnecting, then that it is connected again.
    auto statusSays = [&](const QString& text) {
        for (QLabel* l : window.findChildren<QLabel*>())
            if (l->text().contains(text))
                return true;
        return false;
    };
    CHECK(statusSays(api::ServiceClient::describe(api::ServiceClient::State::Ready)));
    desk.client.dropConnection();
    CHECK(statusSays(api::ServiceClient::describe(api::ServiceClient::State::Reconnecting)));
    REQUIRE(waitUntil([&] { return statusSays(api::ServiceClient::describe(api::ServiceClient::State::Ready)); }));
}

TEST_CASE("opening an account with a first recharge prints its receipt, a taken number is refused", "[app][open][money]")
{
    Desk desk;
    app::OpenAccountDialog dialog(desk.client, *desk.printer, QStringLiteral("幸福里物业"));
    QSignalSpy opened(&dialog, &app::OpenAccountDialog::accountOpened);
    QSignalSpy printed(&dialog, &app::OpenAccountDialog::receiptPrinted);
    dialog.show();
    auto edits = dialog.findChildren<QLineEdit*>();
    REQUIRE(edits.size() == 4);
    edits[0]->setText(QStringLiteral("3-1202"));
    edits[1]->setText(QStringLiteral("钱九"));
    edits[2]->setText(QStringLiteral("13600000000"));
    QTest::keyClicks(edits[3], QStringLiteral("50"));
    QTest::keyClick(edits[3], Qt::Key_Return); // Enter: the OK button
    REQUIRE(waitUntil([&] { return opened.count() == 1; }));
    REQUIRE(printed.count() == 1);
    const QJsonObject account = opened.at(0).at(0).toJsonObject();
    CHECK(account.value(u"tenant_name").toString() == u"钱九");
    CHECK(account.value(u"wallets").toObject().value(u"electricity").toString() == u"50.00");
    const QString text = squeeze(pdfText(printed.at(0).at(0).toString()));
    CHECK(text.contains(u"3-1202"));
    CHECK(text.contains(u"伍拾元整"));

    app::OpenAccountDialog again(desk.client, *desk.printer, QStringLiteral("幸福里物业"));
    again.show();
    auto e2 = again.findChildren<QLineEdit*>();
    e2[0]->setText(QStringLiteral("1-101")); // opened by the Desk fixture
    e2[1]->setText(QStringLiteral("someone"));
    QTest::keyClick(e2[1], Qt::Key_Return);
    REQUIRE(waitUntil([&] { return !again.message().isEmpty() && again.message() != app::OpenAccountDialog::tr("Opening…"); }));
    CHECK(again.result() != QDialog::Accepted);
    INFO(again.message().toStdString());
    CHECK(again.message().contains(u"1-101"));
}

TEST_CASE("a recharge whose answer is lost on the line is posted once and its receipt still prints", "[app][recharge][money]")
{
    Desk desk;
    LossyProxy proxy(desk.server.port());
    api::ServiceClient client;
    api::ServiceClient::Timing t;
    t.firstRetryMs = 20;
    client.setTiming(t);
    QSignalSpy ok(&client, &api::ServiceClient::loggedIn);
    api::ServiceEndpoint e;
    e.port = proxy.port();
    client.open(e, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")));
    REQUIRE(waitUntil([&] { return ok.count() == 1; }));

    app::RechargeDialog dialog(client, *desk.printer, QStringLiteral("幸福里物业"));
    QSignalSpy printed(&dialog, &app::RechargeDialog::receiptPrinted);
    QSignalSpy recharged(&dialog, &app::RechargeDialog::recharged);
    dialog.show();
    auto edits = dialog.findChildren<QLineEdit*>();
    QTest::keyClicks(edits.at(0), QStringLiteral("1-101"));
    QTest::keyClick(edits.at(0), Qt::Key_Return);
    REQUIRE(waitUntil([&] { return dialog.message().isEmpty(); })); // "Looking up…" cleared: found
    QTest::keyClicks(edits.at(1), QStringLiteral("30"));
    QTest::keyClick(edits.at(1), Qt::Key_Return);
    QTest::keyClick(dialog.findChild<QComboBox*>(), Qt::Key_Return);
    proxy.loseAnswerTo("account.recharge");
    QTest::keyClick(&dialog, Qt::Key_Return);

    REQUIRE(waitUntil([&] { return printed.count() == 1; }));
    CHECK(proxy.cuts() == 1);
    // The resent call was answered "replayed" (no receipt record in it): the dialog fetched the
    // receipt issued the first time. 12.30 + 30.00 = 42.30, credited once.
    CHECK(recharged.at(0).at(0).toJsonObject().value(u"replayed").toBool());
    const QString text = squeeze(pdfText(printed.at(0).at(0).toString()));
    CHECK(text.contains(u"00000002"));
    CHECK(text.contains(u"¥30.00"));
    CHECK(text.contains(u"¥42.30"));
    const QJsonObject account = resultOf(desk.wangBlocking->call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-101")}}));
    CHECK(account.value(u"wallets").toObject().value(u"electricity").toString() == u"42.30");
}
