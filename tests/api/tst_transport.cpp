// The transport against the running service: bad lines get clear JSON-RPC errors and the
// connection and the service carry on; TLS; server-pushed events.

#include "api_harness.h"

#include "api/api_error.h"

#include <catch2/catch.hpp>

#include <QJsonDocument>
#include <QStandardPaths>

using namespace md;
using namespace md::test;
using namespace md::api;

TEST_CASE("Malformed, unknown, mistyped and oversized requests are answered and the connection survives",
          "[api][transport]")
{
    TestServer::Options o;
    o.maxLineBytes = 4096;
    TestServer server(o);
    auto c = server.admin();

    CHECK(errorCode(c->sendRaw("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\n")) == ParseError);
    CHECK(errorCode(c->sendRaw("\xff\xfe garbage\n")) == ParseError);
    CHECK(errorCode(c->sendRaw("[]\n")) == InvalidRequest);
    CHECK(errorCode(c->sendRaw("{\"jsonrpc\":\"2.0\",\"method\":\"session.whoami\"}\n")) == InvalidRequest);
    CHECK(errorCode(c->call(QStringLiteral("no.such.method"))) == MethodNotFound);
    // Wrong types: a number where a string is expected, a string where an integer is.
    CHECK(errorCode(c->call(QStringLiteral("operator.create"), {{QStringLiteral("name"), 5}, {QStringLiteral("role"), QStringLiteral("cashier")}}))
          == InvalidParams);
    CHECK(errorCode(c->call(QStringLiteral("operator.set_role"), {{QStringLiteral("id"), QStringLiteral("2")}, {QStringLiteral("role"), QStringLiteral("cashier")}}))
          == InvalidParams);
    // An oversized line: one error, then the same connection works.
    const QJsonObject tooLong = c->sendRaw(QByteArray(20000, 'x') + "\n");
    CHECK(errorCode(tooLong) == InvalidRequest);
    CHECK(errorMessage(tooLong).contains(QStringLiteral("4096")));
    // A request split over many writes still works, and the session is still logged in.
    const QJsonObject who = resultOf(c->call(QStringLiteral("session.whoami")));
    CHECK(who.value(u"name").toString() == u"admin");

    // Another connection is not disturbed either.
    auto other = server.connect();
    CHECK(errorCode(other->call(QStringLiteral("session.whoami"))) == NotLoggedIn);
}

TEST_CASE("A client notification (no id) and an array are refused, money amounts must be strings",
          "[api][transport]")
{
    TestServer server;
    auto cashier = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const QJsonObject opened = resultOf(cashier->call(
        QStringLiteral("account.open"),
        {{QStringLiteral("key"), QStringLiteral("open-1")}, {QStringLiteral("code"), QStringLiteral("1-101")},
         {QStringLiteral("tenant_name"), QStringLiteral("张三")}}));
    const qint64 account = opened.value(u"account").toInteger();
    // 100.1 as a JSON number would pass through a double: refused.
    const QJsonObject r = cashier->call(QStringLiteral("account.recharge"),
                                        {{QStringLiteral("key"), QStringLiteral("r1")},
                                         {QStringLiteral("account"), account},
                                         {QStringLiteral("amount"), 100.1}});
    CHECK(errorCode(r) == InvalidParams);
    CHECK(errorMessage(r).contains(QStringLiteral("amount")));
    CHECK(errorCode(cashier->call(QStringLiteral("account.recharge"),
                                  {{QStringLiteral("key"), QStringLiteral("r1")},
                                   {QStringLiteral("account"), account},
                                   {QStringLiteral("amount"), QStringLiteral("1.001")}}))
          == InvalidParams);
    CHECK(errorCode(cashier->call(QStringLiteral("account.recharge"),
                                  {{QStringLiteral("key"), QStringLiteral("r1")},
                                   {QStringLiteral("account"), account},
                                   {QStringLiteral("channel"), QStringLiteral("bitcoin")},
                                   {QStringLiteral("amount"), QStringLiteral("1.00")}}))
          == InvalidParams);
}

TEST_CASE("Logins over TLS with the office's self-signed certificate", "[api][tls]")
{
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty()) {
        WARN("the openssl command is not installed: no certificate can be made, TLS is not tested");
        return;
    }
    TestServer::Options o;
    o.tls = true;
    TestServer server(o);
    auto c = server.admin();
    CHECK(resultOf(c->call(QStringLiteral("session.whoami"))).value(u"role").toString() == u"administrator");

    // A client that does not trust the certificate is refused at the handshake.
    api::ApiClient untrusting;
    api::ApiTlsOptions tls;
    tls.enabled = true;
    CHECK_THROWS(untrusting.connectTo(QStringLiteral("127.0.0.1"), server.port(), tls, 5000));
    // A plain-text client gets nothing sensible, and the server goes on.
    api::ApiClient plain;
    plain.connectTo(QStringLiteral("127.0.0.1"), server.port());
    CHECK_THROWS(plain.call(QStringLiteral("session.whoami"), {}, 3000));
    CHECK(resultOf(server.admin()->call(QStringLiteral("session.whoami"))).value(u"name").toString() == u"admin");
}

TEST_CASE("Events are pushed to other logged-in desks without polling", "[api][events]")
{
    TestServer server;
    auto cashier = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    auto manager = server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    manager->takeNotifications();
    const qint64 account = resultOf(cashier->call(QStringLiteral("account.open"),
                                                  {{QStringLiteral("key"), QStringLiteral("o1")},
                                                   {QStringLiteral("code"), QStringLiteral("2-201")},
                                                   {QStringLiteral("tenant_name"), QStringLiteral("李四")}}))
                               .value(u"account")
                               .toInteger();
    resultOf(cashier->call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("r1")},
                                                                {QStringLiteral("account"), account},
                                                                {QStringLiteral("amount"), QStringLiteral("50.00")}}));
    const QJsonObject event = manager->waitForNotification(5000);
    INFO(QJsonDocument(event).toJson().toStdString());
    CHECK(event.value(u"method").toString() == u"event.account.changed");
    CHECK(event.value(u"params").toObject().value(u"account").toInteger() == account);
    CHECK(event.value(u"params").toObject().value(u"balance").toString() == u"50.00");
    CHECK_FALSE(event.contains(u"id")); // a JSON-RPC notification
}
