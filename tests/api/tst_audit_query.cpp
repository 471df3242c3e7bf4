// audit.query's time range: `from` and `to` as the office's days (Asia/Shanghai, UTC+8) or as
// times (with an offset, or the office's wall clock), `to` exclusive for a time and through the
// end of the day for a day; a bad bound is refused with the parameter's name.

#include "api_harness.h"

#include "api/api_error.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

using namespace md;
using namespace md::test;

namespace {

// The operator-* actions in range, comma-separated.
std::string actions(api::ApiClient& c, const QJsonObject& range)
{
    QJsonObject params = range;
    params.insert(QStringLiteral("limit"), 1000);
    QStringList out;
    for (const QJsonValue& r : resultOf(c.call(QStringLiteral("audit.query"), params)).value(u"records").toArray()) {
        const QString action = r.toObject().value(u"action").toString();
        if (action.startsWith(u"operator-"))
            out << action;
    }
    return out.join(u',').toStdString();
}

} // namespace

TEST_CASE("audit.query keeps the records of a day or a time range", "[api][audit]")
{
    // 2024-03-01 08:00 UTC is 16:00 of 1 March in the office.
    ManualClock clock(QDateTime(QDate(2024, 3, 1), QTime(8, 0), Qt::UTC));
    MD_FOR_EACH_BACKEND(backend);
    TestServer::Options o;
    o.backend = backend;
    o.clock = &clock;
    o.policy.idleMs = 7 * 24 * 3600 * 1000LL; // the sessions outlive the day in between
    TestServer server(o);
    auto sun = server.addOperator(QStringLiteral("sun"), QStringLiteral("auditor"));
    auto admin = server.admin();
    const qint64 chen = resultOf(admin->call(QStringLiteral("operator.create"), {{QStringLiteral("name"), QStringLiteral("chen")},
                                                                                {QStringLiteral("role"), QStringLiteral("cashier")}}))
                            .value(u"id")
                            .toInteger();
    // 2024-03-02 17:00 UTC is 01:00 of 3 March in the office.
    clock.advanceMs((24 + 9) * 3600 * 1000LL);
    resultOf(admin->call(QStringLiteral("operator.set_role"), {{QStringLiteral("id"), chen}, {QStringLiteral("role"), QStringLiteral("manager")}}));

    const std::string created = "operator-create,operator-create,operator-create"; // admin (first run), sun, chen
    const std::string changed = "operator-set-role";
    const std::string both = created + "," + changed;
    CHECK(actions(*sun, {}) == both);
    CHECK(actions(*sun, {{QStringLiteral("from"), QStringLiteral("2024-03-01")}, {QStringLiteral("to"), QStringLiteral("2024-03-01")}}) == created);
    CHECK(actions(*sun, {{QStringLiteral("from"), QStringLiteral("2024-03-02")}, {QStringLiteral("to"), QStringLiteral("2024-03-02")}}) == "");
    CHECK(actions(*sun, {{QStringLiteral("from"), QStringLiteral("2024-03-03")}}) == changed);
    CHECK(actions(*sun, {{QStringLiteral("to"), QStringLiteral("2024-03-02")}}) == created);
    // Times: `from` inclusive, `to` exclusive; no offset is the office's wall clock.
    CHECK(actions(*sun, {{QStringLiteral("from"), QStringLiteral("2024-03-02T17:00:00Z")}}) == changed);
    CHECK(actions(*sun, {{QStringLiteral("to"), QStringLiteral("2024-03-02T17:00:00Z")}}) == created);
    CHECK(actions(*sun, {{QStringLiteral("from"), QStringLiteral("2024-03-03T01:00:00")}}) == changed);
    CHECK(actions(*sun, {{QStringLiteral("to"), QStringLiteral("2024-03-03T01:00:00.001+08:00")}}) == both);

    // Each record names its operator; the service's own records (the first-run administrator) none.
    const QJsonArray setRole = resultOf(sun->call(QStringLiteral("audit.query"), {{QStringLiteral("action"), QStringLiteral("operator-set-role")}}))
                                   .value(u"records")
                                   .toArray();
    REQUIRE(setRole.size() == 1);
    CHECK(setRole.at(0).toObject().value(u"operator_name").toString() == u"admin");
    const QJsonObject first = resultOf(sun->call(QStringLiteral("audit.query"), {{QStringLiteral("limit"), 1}})).value(u"records").toArray().at(0).toObject();
    CHECK(first.value(u"operator").toInteger() == 0);
    CHECK(first.value(u"operator_name").toString().isEmpty());

    const QJsonObject bad = sun->call(QStringLiteral("audit.query"), {{QStringLiteral("from"), QStringLiteral("yesterday")}});
    CHECK(errorCode(bad) == api::InvalidParams);
    CHECK(errorMessage(bad).contains(QStringLiteral("\"from\"")));
    CHECK(errorCode(sun->call(QStringLiteral("audit.query"), {{QStringLiteral("from"), QStringLiteral("2024-03-03")},
                                                              {QStringLiteral("to"), QStringLiteral("2024-03-01")}})) == api::InvalidParams);
    CHECK(errorCode(sun->call(QStringLiteral("audit.query"), {{QStringLiteral("to"), QStringLiteral("2024-02-30")}})) == api::InvalidParams);
}
