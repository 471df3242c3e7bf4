// The role matrix: docs/roles.md lists exactly the enforced table, and the running service
// refuses every forbidden role × method pair and lets every allowed one past the role check.

#include "api_harness.h"

#include "api/api_error.h"
#include "api/api_service.h"
#include "auth/permissions.h"
#include "support/test_paths.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QRegularExpression>

using namespace md;
using namespace md::test;
using namespace md::api;

TEST_CASE("docs/roles.md lists exactly the enforced role matrix", "[api][roles]")
{
    QFile f(sourcePath(QStringLiteral("docs/roles.md")));
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    const QRegularExpression row(QStringLiteral("^\\| `([a-z_.]+)` \\|(.*)\\|$"), QRegularExpression::MultilineOption);
    QMap<QString, QStringList> documented;
    for (auto it = row.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        QStringList cells = m.captured(2).split(u'|');
        for (QString& c : cells)
            c = c.trimmed();
        documented.insert(m.captured(1), cells);
    }
    REQUIRE(documented.size() == qsizetype(methodPermissions().size()));
    for (const MethodPermission& p : methodPermissions()) {
        const QString method = QLatin1String(p.method);
        INFO("method " << method.toStdString());
        REQUIRE(documented.contains(method));
        const QStringList cells = documented.value(method);
        REQUIRE(cells.size() == 5);
        int i = 0;
        for (Role r : kAllRoles) {
            INFO("role " << roleKey(r).toStdString());
            CHECK((cells.at(i++) == u"✓") == isAllowed(p, r));
        }
    }
}

TEST_CASE("Every method has a permission row and every row a method", "[api][roles]")
{
    QStringList permitted;
    for (const MethodPermission& p : methodPermissions())
        permitted.append(QLatin1String(p.method));
    QStringList handled = ApiService::methodNames();
    permitted.sort();
    handled.sort();
    CHECK(permitted == handled);
}

TEST_CASE("The server refuses every forbidden role-method pair and admits every allowed one", "[api][roles]")
{
    TestServer server;
    int refused = 0, admitted = 0;
    for (Role role : kAllRoles) {
        const QString name = QStringLiteral("op-") + roleKey(role);
        auto c = server.addOperator(name, roleKey(role));
        for (const MethodPermission& p : methodPermissions()) {
            const QString method = QLatin1String(p.method);
            if (method == u"session.logout" || method == u"session.login")
                continue; // would end the session; checked below
            INFO(roleKey(role).toStdString() << " calls " << method.toStdString());
            // Empty params: an admitted call fails its parameter check (or succeeds harmlessly),
            // a refused one never gets that far.
            const int code = errorCode(c->call(method, {}));
            if (isAllowed(p, role)) {
                CHECK(code != Forbidden);
                CHECK(code != NotLoggedIn);
                ++admitted;
            } else {
                CHECK(code == Forbidden);
                ++refused;
            }
        }
        CHECK(errorCode(c->call(QStringLiteral("session.logout"))) == 0);
        CHECK(errorCode(c->call(QStringLiteral("session.whoami"))) == NotLoggedIn);
    }
    // 5 roles × 23 methods (without login/logout) = 115 pairs.
    CHECK(refused + admitted == 5 * int(methodPermissions().size() - 2));
    CHECK(refused > 0);
}
