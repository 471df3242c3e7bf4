// The front desk's asynchronous client against the real service (TestServer: ServiceHost in
// its own thread, SQLite file, 127.0.0.1 port 0). Money checked to the fen.

#include "api_harness.h"
#include "lossy_proxy.h"
#include "reply_wait.h"

#include "api/service_client.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QSignalSpy>
#include <QTcpServer>

using namespace md;
using namespace md::api;
using namespace md::test;

namespace {

ServiceEndpoint endpointOf(const TestServer& server)
{
    ServiceEndpoint e;
    e.port = server.port();
    return e;
}

ServiceClient::Timing fastTiming()
{
    ServiceClient::Timing t;
    t.firstRetryMs = 20;
    t.maxRetryMs = 200;
    t.callTimeoutMs = 10000;
    return t;
}

// Opens a client logged in as name (password "<name>-password-1").
void login(ServiceClient& client, const TestServer& server, const QString& name)
{
    client.setTiming(fastTiming());
    QSignalSpy ok(&client, &ServiceClient::loggedIn);
    client.open(endpointOf(server), name, TestServer::passwordOf(name));
    REQUIRE(waitUntil([&] { return ok.count() == 1; }));
    REQUIRE(client.state() == ServiceClient::State::Ready);
}

QJsonObject resultOrFail(ApiReply* reply)
{
    const ReplyOutcome o = waitForReply(reply);
    if (o.failure)
        FAIL(o.failure->message.toStdString());
    REQUIRE(o.result);
    return *o.result;
}

} // namespace

TEST_CASE("ServiceClient tells a wrong password and an unreachable service apart", "[api][client]")
{
    TestServer server;
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));

    ServiceClient client;
    QSignalSpy failed(&client, &ServiceClient::loginFailed);
    client.open(endpointOf(server), QStringLiteral("wang"), QStringLiteral("not-the-password"));
    REQUIRE(waitUntil([&] { return failed.count() == 1; }));
    auto f = failed.at(0).at(0).value<ApiFailure>();
    CHECK(f.kind == ApiFailure::Kind::Service);
    CHECK(f.code == codes::LoginFailed);
    CHECK(client.state() == ServiceClient::State::Offline);

    // A port nobody listens on: take a free one and let it go again.
    quint16 freePort = 0;
    {
        QTcpServer probe;
        REQUIRE(probe.listen(QHostAddress::LocalHost, 0));
        freePort = probe.serverPort();
    }
    ServiceEndpoint nowhere;
    nowhere.port = freePort;
    client.open(nowhere, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")));
    REQUIRE(waitUntil([&] { return failed.count() == 2; }));
    f = failed.at(1).at(0).value<ApiFailure>();
    CHECK(f.kind == ApiFailure::Kind::Unreachable);
    CHECK(f.message.contains(QString::number(freePort)));
    CHECK(client.state() == ServiceClient::State::Offline);
}

TEST_CASE("ServiceClient reports a one-time password and a locked operator", "[api][client]")
{
    TestServer::Options o;
    o.policy.maxFailedLogins = 2;
    TestServer server(o);
    auto admin = server.admin();
    const QJsonObject created = resultOf(admin->call(
        QStringLiteral("operator.create"), {{QStringLiteral("name"), QStringLiteral("zhao")}, {QStringLiteral("role"), QStringLiteral("cashier")}}));
    const QString temporary = created.value(u"temporary_password").toString();

    ServiceClient client;
    client.setTiming(fastTiming());
    QSignalSpy ok(&client, &ServiceClient::loggedIn);
    client.open(endpointOf(server), QStringLiteral("zhao"), temporary);
    REQUIRE(waitUntil([&] { return ok.count() == 1; }));
    CHECK(ok.at(0).at(0).toJsonObject().value(u"must_change_password").toBool());
    // Anything but session.* is refused until the password is changed.
    const ReplyOutcome refused = waitForReply(client.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("x")}}));
    REQUIRE(refused.failure);
    CHECK(refused.failure->code == codes::PasswordChangeRequired);
    resultOrFail(client.call(QStringLiteral("session.change_password"),
                             {{QStringLiteral("old_password"), temporary}, {QStringLiteral("new_password"), QStringLiteral("zhao-new-pass-1")}},
                             ServiceClient::Resend::No));
    client.close();

    ServiceClient other;
    QSignalSpy failed(&other, &ServiceClient::loginFailed);
    for (int i = 1; i <= 3; ++i) {
        other.open(endpointOf(server), QStringLiteral("zhao"), QStringLiteral("wrong-%1").arg(i));
        REQUIRE(waitUntil([&] { return failed.count() == i; }));
    }
    CHECK(failed.at(0).at(0).value<ApiFailure>().code == codes::LoginFailed);
    CHECK(failed.at(2).at(0).value<ApiFailure>().code == codes::LockedOut);
}

TEST_CASE("ServiceClient recharges, receives pushed events and keeps calls in order", "[api][client][money]")
{
    TestServer server;
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    server.addOperator(QStringLiteral("li"), QStringLiteral("cashier"));

    ServiceClient wang;
    login(wang, server, QStringLiteral("wang"));
    CHECK(wang.operatorInfo().value(u"role").toString() == u"cashier");
    ServiceClient li;
    login(li, server, QStringLiteral("li"));
    QSignalSpy events(&li, &ServiceClient::notification);

    resultOrFail(wang.moneyCall(QStringLiteral("account.open"), {{QStringLiteral("code"), QStringLiteral("1-101")},
                                                                  {QStringLiteral("tenant_name"), QStringLiteral("张三")}}));
    // Two recharges queued back to back: answered in order, 100.00 + 23.45 = 123.45.
    ApiReply* first = wang.moneyCall(QStringLiteral("account.recharge"), {{QStringLiteral("code"), QStringLiteral("1-101")},
                                                                          {QStringLiteral("amount"), QStringLiteral("100.00")}});
    ApiReply* second = wang.moneyCall(QStringLiteral("account.recharge"), {{QStringLiteral("code"), QStringLiteral("1-101")},
                                                                           {QStringLiteral("amount"), QStringLiteral("23.45")},
                                                                           {QStringLiteral("channel"), QStringLiteral("wechat")}});
    QSignalSpy secondDone(second, &ApiReply::finished); // replies delete themselves once told
    const QJsonObject r1 = resultOrFail(first);
    REQUIRE(waitUntil([&] { return secondDone.count() == 1; }));
    const QJsonObject r2 = secondDone.at(0).at(0).toJsonObject();
    CHECK(r1.value(u"balance_after").toString() == u"100.00");
    CHECK(r2.value(u"balance_before").toString() == u"100.00");
    CHECK(r2.value(u"balance_after").toString() == u"123.45");
    CHECK(r2.value(u"receipt_record").toObject().value(u"channel").toString() == u"wechat");

    REQUIRE(waitUntil([&] { return events.count() >= 2; }));
    CHECK(events.at(1).at(0).toString() == u"event.account.changed");
    CHECK(events.at(1).at(1).toJsonObject().value(u"balance").toString() == u"123.45");

    const ReplyOutcome missing = waitForReply(wang.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("9-999")}}));
    REQUIRE(missing.failure);
    CHECK(missing.failure->code == codes::AccountNotFound);
}

TEST_CASE("A recharge whose answer is lost is resent with the same key after reconnecting and credits once",
          "[api][client][money]")
{
    TestServer server;
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    LossyProxy proxy(server.port());
    ServiceClient wang;
    wang.setTiming(fastTiming());
    QSignalSpy ok(&wang, &ServiceClient::loggedIn);
    QSignalSpy states(&wang, &ServiceClient::stateChanged);
    ServiceEndpoint viaProxy;
    viaProxy.port = proxy.port();
    wang.open(viaProxy, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")));
    REQUIRE(waitUntil([&] { return ok.count() == 1; }));
    resultOrFail(wang.moneyCall(QStringLiteral("account.open"), {{QStringLiteral("code"), QStringLiteral("2-202")},
                                                                  {QStringLiteral("tenant_name"), QStringLiteral("李四")}}));

    // The service posts the recharge, its answer is lost and the line is cut: the client
    // reconnects, logs in again and resends the call with the key it made before the first try.
    proxy.loseAnswerTo("account.recharge");
    ApiReply* reply = wang.moneyCall(QStringLiteral("account.recharge"), {{QStringLiteral("code"), QStringLiteral("2-202")},
                                                                          {QStringLiteral("amount"), QStringLiteral("50.00")}});
    const QJsonObject r = resultOrFail(reply);
    CHECK(proxy.cuts() == 1);
    CHECK(r.value(u"replayed").toBool()); // the service recognised the key
    CHECK(r.value(u"balance_after").toString() == u"50.00");
    const QJsonObject account = resultOrFail(wang.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("2-202")}}));
    CHECK(account.value(u"wallets").toObject().value(u"electricity").toString() == u"50.00"); // once, not 100.00

    bool sawReconnecting = false;
    for (const auto& s : states)
        sawReconnecting |= s.at(0).value<ServiceClient::State>() == ServiceClient::State::Reconnecting;
    CHECK(sawReconnecting);
    CHECK(wang.state() == ServiceClient::State::Ready);
}

TEST_CASE("A call that must not run twice fails when the connection drops, and offline calls fail", "[api][client]")
{
    TestServer server;
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    ServiceClient wang;
    login(wang, server, QStringLiteral("wang"));
    ApiReply* reprint = wang.call(QStringLiteral("receipt.reprint"), {{QStringLiteral("receipt"), 1}}, ServiceClient::Resend::No);
    QSignalSpy failed(reprint, &ApiReply::failed);
    wang.dropConnection();
    REQUIRE(waitUntil([&] { return failed.count() == 1; }));
    CHECK(failed.at(0).at(0).value<ApiFailure>().kind == ApiFailure::Kind::ConnectionLost);
    REQUIRE(waitUntil([&] { return wang.state() == ServiceClient::State::Ready; }));

    wang.close();
    CHECK(wang.state() == ServiceClient::State::Offline);
    const ReplyOutcome offline = waitForReply(wang.call(QStringLiteral("session.whoami")));
    REQUIRE(offline.failure);
    CHECK(offline.failure->kind == ApiFailure::Kind::ConnectionLost);
}

TEST_CASE("ServiceClient backs off between reconnect attempts and gives up when told to", "[api][client]")
{
    TestServer server;
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    LossyProxy proxy(server.port());
    ServiceClient wang;
    ServiceClient::Timing t;
    t.firstRetryMs = 100; // 0.1 s, 0.2 s, 0.4 s, then give up
    t.maxRetryMs = 1000;
    t.maxAttempts = 3;
    wang.setTiming(t);
    QSignalSpy ok(&wang, &ServiceClient::loggedIn);
    ServiceEndpoint viaProxy;
    viaProxy.port = proxy.port();
    wang.open(viaProxy, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")));
    REQUIRE(waitUntil([&] { return ok.count() == 1; }));

    QSignalSpy states(&wang, &ServiceClient::stateChanged);
    proxy.shutDown();
    ApiReply* waiting = wang.call(QStringLiteral("session.whoami"));
    QSignalSpy failed(waiting, &ApiReply::failed);
    REQUIRE(waitUntil([&] { return failed.count() == 1; }));
    CHECK(failed.at(0).at(0).value<ApiFailure>().kind == ApiFailure::Kind::ConnectionLost);
    CHECK(wang.state() == ServiceClient::State::Offline);

    QStringList pauses;
    for (const auto& s : states)
        if (s.at(0).value<ServiceClient::State>() == ServiceClient::State::Reconnecting && !s.at(1).toString().isEmpty())
            pauses.append(s.at(1).toString().section(u' ', -2, -2)); // "... next attempt in 0.2 s"
    CHECK(pauses == QStringList{QStringLiteral("0.1"), QStringLiteral("0.2"), QStringLiteral("0.4")});
}

TEST_CASE("ServiceClient speaks TLS to a service with the office's own certificate", "[api][client]")
{
    TestServer::Options o;
    o.tls = true;
    TestServer server(o);
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    ServiceClient wang;
    wang.setTiming(fastTiming());
    QSignalSpy ok(&wang, &ServiceClient::loggedIn);
    QSignalSpy failed(&wang, &ServiceClient::loginFailed);
    ServiceEndpoint e;
    e.port = server.port();
    e.tls = true;

    // Without trusting the certificate: refused, and said so.
    wang.open(e, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")));
    REQUIRE(waitUntil([&] { return failed.count() == 1; }));
    CHECK(failed.at(0).at(0).value<ApiFailure>().kind == ApiFailure::Kind::Unreachable);

    e.caCertificates = server.certificate();
    wang.open(e, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")));
    REQUIRE(waitUntil([&] { return ok.count() == 1; }));
    const ReplyOutcome who = waitForReply(wang.call(QStringLiteral("session.whoami")));
    REQUIRE(who.result);
    CHECK(who.result->value(u"name").toString() == u"wang"); // whoami answers the operator flat
}

TEST_CASE("After an idle expiry the client logs in again and the call goes through", "[api][client]")
{
    ManualClock clock(QDateTime(QDate(2026, 3, 1), QTime(8, 0), Qt::UTC));
    TestServer::Options o;
    o.clock = &clock;
    o.policy.idleMs = 60 * 1000;
    TestServer server(o);
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    ServiceClient wang;
    login(wang, server, QStringLiteral("wang"));
    clock.advanceMs(2 * 60 * 1000); // the cashier went for lunch
    const ReplyOutcome who = waitForReply(wang.call(QStringLiteral("session.whoami")));
    REQUIRE(who.result); // not error 1005: the client renewed the session by itself
    CHECK(who.result->value(u"name").toString() == u"wang");
    CHECK(wang.state() == ServiceClient::State::Ready);
}
