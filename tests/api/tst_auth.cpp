// Operators and sessions: first-run administrator, Argon2id hashes raised on login, lockout,
// idle expiry, and every attempt in the operation log with the client's address.

#include "api_harness.h"

#include "api/api_error.h"
#include "auth/password_hasher.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

#include <sodium.h>

using namespace md;
using namespace md::test;
using namespace md::api;

namespace {

struct LogRow
{
    qint64 op;
    QString client, action, result;
};

QList<LogRow> logRows(const TestServer& s, const QString& action)
{
    auto db = storage::Database::open(s.databaseConfig());
    storage::SqlQuery q(*db, QStringLiteral("SELECT operator_id, client, action, result FROM operation_log "
                                            "WHERE action = ? ORDER BY seq"));
    q.bind(action);
    q.exec();
    QList<LogRow> rows;
    while (q.next())
        rows.append({q.intValue(0), q.stringValue(1), q.stringValue(2), q.stringValue(3)});
    return rows;
}

QJsonObject login(api::ApiClient& c, const QString& name, const QString& password)
{
    return c.call(QStringLiteral("session.login"), {{QStringLiteral("name"), name}, {QStringLiteral("password"), password}});
}

} // namespace

TEST_CASE("The first run creates an administrator whose one-time password must be changed", "[api][auth]")
{
    TestServer server; // the harness logged in with the one-time password and changed it
    auto c = server.connect();
    const QJsonObject r = resultOf(login(*c, QStringLiteral("admin"), QLatin1String(TestServer::kAdminPassword)));
    CHECK_FALSE(r.value(u"operator").toObject().value(u"must_change_password").toBool());

    // A new operator starts with a one-time password too: nothing but session.* until changed.
    const QJsonObject made = resultOf(c->call(QStringLiteral("operator.create"),
                                              {{QStringLiteral("name"), QStringLiteral("zhao")},
                                               {QStringLiteral("role"), QStringLiteral("auditor")}}));
    const QString temporary = made.value(u"temporary_password").toString();
    CHECK(temporary.size() == 12);
    auto zhao = server.connect();
    const QJsonObject first = resultOf(login(*zhao, QStringLiteral("zhao"), temporary));
    CHECK(first.value(u"operator").toObject().value(u"must_change_password").toBool());
    CHECK(errorCode(zhao->call(QStringLiteral("audit.verify"))) == PasswordChangeRequired);
    // Too short, or the same again: refused.
    CHECK(errorCode(zhao->call(QStringLiteral("session.change_password"),
                               {{QStringLiteral("old_password"), temporary}, {QStringLiteral("new_password"), QStringLiteral("short")}}))
          == WeakPassword);
    CHECK(errorCode(zhao->call(QStringLiteral("session.change_password"),
                               {{QStringLiteral("old_password"), temporary}, {QStringLiteral("new_password"), temporary}}))
          == WeakPassword);
    resultOf(zhao->call(QStringLiteral("session.change_password"),
                        {{QStringLiteral("old_password"), temporary},
                         {QStringLiteral("new_password"), QStringLiteral("zhao-new-password")}}));
    CHECK(resultOf(zhao->call(QStringLiteral("audit.verify"))).value(u"ok").toBool());
    // The one-time password is gone.
    auto again = server.connect();
    CHECK(errorCode(login(*again, QStringLiteral("zhao"), temporary)) == LoginFailed);

    // The first-run creation is in the log, as the service itself.
    const auto created = logRows(server, QStringLiteral("operator-create"));
    REQUIRE(created.size() == 2);
    CHECK(created[0].op == 0);
    CHECK(created[0].client == u"local");
}

TEST_CASE("Every login attempt is logged with the client address, repeated failures lock the operator",
          "[api][auth]")
{
    TestServer::Options o;
    o.policy.maxFailedLogins = 3;
    TestServer server(o);
    server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    auto c = server.connect();
    CHECK(errorCode(login(*c, QStringLiteral("nobody"), QStringLiteral("whatever1"))) == LoginFailed);
    CHECK(errorCode(login(*c, QStringLiteral("wang"), QStringLiteral("wrong-password"))) == LoginFailed);
    CHECK(errorCode(login(*c, QStringLiteral("wang"), QStringLiteral("wrong-password"))) == LoginFailed);
    // The third failure locks; the right password is then refused too.
    CHECK(errorCode(login(*c, QStringLiteral("wang"), QStringLiteral("wrong-password"))) == LockedOut);
    CHECK(errorCode(login(*c, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")))) == LockedOut);

    const auto rows = logRows(server, QStringLiteral("login"));
    QStringList results;
    for (const LogRow& r : rows) {
        CHECK(r.client == u"127.0.0.1");
        results.append(r.result);
    }
    // admin (harness) x3, wang's first login, then this test's five attempts.
    CHECK(results.mid(results.size() - 5)
          == QStringList{QStringLiteral("unknown-operator"), QStringLiteral("bad-password"), QStringLiteral("bad-password"),
                         QStringLiteral("locked-out"), QStringLiteral("locked-out")});

    // The administrator's password reset lifts the lockout.
    auto admin = server.admin();
    const QJsonObject listed = resultOf(admin->call(QStringLiteral("operator.list")));
    qint64 wangId = 0;
    for (const QJsonValue v : listed.value(u"operators").toArray()) {
        if (v.toObject().value(u"name").toString() == u"wang") {
            wangId = v.toObject().value(u"id").toInteger();
            CHECK(v.toObject().value(u"locked").toBool());
        }
    }
    const QString reset = resultOf(admin->call(QStringLiteral("operator.reset_password"), {{QStringLiteral("id"), wangId}}))
                              .value(u"temporary_password")
                              .toString();
    CHECK(resultOf(login(*c, QStringLiteral("wang"), reset)).value(u"operator").toObject().value(u"must_change_password").toBool());
}

TEST_CASE("An idle session expires, the next call must log in again", "[api][auth]")
{
    ManualClock clock(QDateTime(QDate(2024, 3, 1), QTime(8, 0), Qt::UTC));
    TestServer::Options o;
    o.clock = &clock;
    o.policy.idleMs = 10 * 60000;
    TestServer server(o);
    auto c = server.admin();
    clock.advanceMs(9 * 60000); // 9 minutes: still fine, and the call renews the session
    CHECK(errorCode(c->call(QStringLiteral("session.whoami"))) == 0);
    clock.advanceMs(10 * 60000 + 1); // just over 10 idle minutes
    CHECK(errorCode(c->call(QStringLiteral("session.whoami"))) == SessionExpired);
    CHECK(errorCode(c->call(QStringLiteral("session.whoami"))) == NotLoggedIn);
    CHECK(errorCode(login(*c, QStringLiteral("admin"), QLatin1String(TestServer::kAdminPassword))) == 0);
}

TEST_CASE("A hash made with weaker limits is raised to Argon2id INTERACTIVE at the next login", "[api][auth]")
{
    TestServer::Options o;
    o.fastHashing = false; // the service uses the production limits
    TestServer server(o);
    auto admin = server.admin();
    const QJsonObject made = resultOf(admin->call(QStringLiteral("operator.create"),
                                                  {{QStringLiteral("name"), QStringLiteral("qian")},
                                                   {QStringLiteral("role"), QStringLiteral("cashier")}}));
    // Store a weak hash as an old version would have.
    const PasswordHasher weak({crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN});
    {
        auto db = storage::Database::open(server.databaseConfig());
        storage::SqlQuery q(*db, QStringLiteral("UPDATE operators SET password_hash = ? WHERE name = 'qian'"));
        q.bind(QString::fromLatin1(weak.hash(QStringLiteral("qian-old-password"))));
        q.exec();
    }
    Q_UNUSED(made);
    auto c = server.connect();
    resultOf(login(*c, QStringLiteral("qian"), QStringLiteral("qian-old-password")));
    auto db = storage::Database::open(server.databaseConfig());
    storage::SqlQuery q(*db, QStringLiteral("SELECT password_hash FROM operators WHERE name = 'qian'"));
    q.exec();
    REQUIRE(q.next());
    const QByteArray stored = q.stringValue(0).toLatin1();
    CHECK(stored.startsWith("$argon2id$"));
    CHECK_FALSE(PasswordHasher().needsRehash(stored));
    CHECK(PasswordHasher::verify(stored, QStringLiteral("qian-old-password")));
}

TEST_CASE("A deactivated operator's open session ends at the next call", "[api][auth]")
{
    TestServer server;
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const qint64 id = resultOf(wang->call(QStringLiteral("session.whoami"))).value(u"id").toInteger();
    auto admin = server.admin();
    resultOf(admin->call(QStringLiteral("operator.set_active"), {{QStringLiteral("id"), id}, {QStringLiteral("active"), false}}));
    CHECK(errorCode(wang->call(QStringLiteral("session.whoami"))) == OperatorInactive);
    auto c = server.connect();
    CHECK(errorCode(login(*c, QStringLiteral("wang"), TestServer::passwordOf(QStringLiteral("wang")))) == OperatorInactive);
    // The last administrator cannot be deactivated or demoted.
    CHECK(errorCode(admin->call(QStringLiteral("operator.set_active"), {{QStringLiteral("id"), 1}, {QStringLiteral("active"), false}}))
          == LastAdministrator);
    CHECK(errorCode(admin->call(QStringLiteral("operator.set_role"), {{QStringLiteral("id"), 1}, {QStringLiteral("role"), QStringLiteral("auditor")}}))
          == LastAdministrator);
}
