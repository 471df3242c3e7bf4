// The login window against the real service: wrong password, unreachable, locked, and the
// one-time password that leads to the change-password dialog.

#include "api_harness.h"
#include "login_dialog.h"
#include "reply_wait.h"

#include "api/service_client.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace md;
using namespace md::test;

namespace {
void typeAndLogIn(app::LoginDialog& d, const QString& address, const QString& name, const QString& password)
{
    auto edits = d.findChildren<QLineEdit*>();
    REQUIRE(edits.size() == 3);
    edits[0]->setText(address);
    edits[1]->setText(name);
    edits[2]->clear();
    QTest::keyClicks(edits[2], password);
    QTest::keyClick(edits[2], Qt::Key_Return); // Enter logs in (the default button)
}
} // namespace

TEST_CASE("the login window names the reason a login failed", "[app][login]")
{
    TestServer::Options o;
    o.policy.maxFailedLogins = 2;
    TestServer server(o);
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const QString address = QStringLiteral("127.0.0.1:%1").arg(server.port());

    api::ServiceClient client;
    app::LoginDialog dialog(client);
    dialog.show();

    typeAndLogIn(dialog, address, QStringLiteral("wang"), QStringLiteral("wrong-1"));
    REQUIRE(waitUntil([&] { return dialog.message() == app::LoginDialog::tr("Wrong operator name or password."); }));

    quint16 freePort = 0;
    {
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
        freePort = probe.serverPort();
    }
    typeAndLogIn(dialog, QStringLiteral("127.0.0.1:%1").arg(freePort), QStringLiteral("wang"), QStringLiteral("x"));
    REQUIRE(waitUntil([&] { return dialog.message().contains(QString::number(freePort)); }));
    CHECK(dialog.message().contains(u"meterdeskd"));

    typeAndLogIn(dialog, QStringLiteral("127.0.0.1:notaport"), QStringLiteral("wang"), QStringLiteral("x"));
    CHECK(dialog.message().contains(u"HOST:PORT"));

    typeAndLogIn(dialog, address, QStringLiteral("wang"), QStringLiteral("wrong-2"));
    typeAndLogIn(dialog, address, QStringLiteral("wang"), QStringLiteral("wrong-3"));
    REQUIRE(waitUntil([&] { return dialog.message().contains(u"locked"); }));
    CHECK(dialog.result() != QDialog::Accepted);
}

TEST_CASE("a one-time password leads through the change-password dialog into the desk", "[app][login]")
{
    TestServer server;
    auto admin = server.admin();
    const QJsonObject created = resultOf(admin->call(
        QStringLiteral("operator.create"), {{QStringLiteral("name"), QStringLiteral("zhao")}, {QStringLiteral("role"), QStringLiteral("cashier")}}));
    const QString temporary = created.value(u"temporary_password").toString();

    api::ServiceClient client;
    app::LoginDialog dialog(client);
    dialog.show();
    QSignalSpy done(&dialog, &QDialog::accepted);

    // The change-password dialog is modal: answer it once it is up.
    bool changed = false;
    QString firstMessage;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, [&] {
        auto* change = qobject_cast<app::ChangePasswordDialog*>(QApplication::activeModalWidget());
        if (!change || changed)
            return;
        auto edits = change->findChildren<QLineEdit*>();
        edits[0]->setText(QStringLiteral("short"));
        edits[1]->setText(QStringLiteral("short"));
        QTest::keyClick(edits[1], Qt::Key_Return);
        if (!waitUntil([&] { return !change->message().isEmpty(); }))
            return;
        firstMessage = change->message(); // too short: the service's own words
        edits[0]->setText(QStringLiteral("zhao-own-pass-1"));
        edits[1]->setText(QStringLiteral("zhao-own-pass-1"));
        changed = true;
        QTest::keyClick(edits[1], Qt::Key_Return);
    });
    poll.start(20);
    typeAndLogIn(dialog, QStringLiteral("127.0.0.1:%1").arg(server.port()), QStringLiteral("zhao"), temporary);
    REQUIRE(waitUntil([&] { return done.count() == 1; }));
    poll.stop();
    CHECK(changed);
    CHECK_FALSE(firstMessage.isEmpty());
    CHECK(client.state() == api::ServiceClient::State::Ready);

    // The new password is the one the client uses from now on (a reconnect logs in with it).
    client.dropConnection();
    REQUIRE(waitUntil([&] { return client.state() == api::ServiceClient::State::Ready; }));
}
