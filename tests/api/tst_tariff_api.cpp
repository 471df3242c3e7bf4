// Tariffs over the API: read by every desk role, changed only by maker–checker (a manager
// requests, another manager approves), a bad file refused at once with its line.

#include "api_harness.h"

#include "api/api_error.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

using namespace md;
using namespace md::test;
using namespace md::api;

namespace {

const QString kFlat = QStringLiteral("[tariff]\nid = flat-e\nname = 平价电费\nutility = electricity\ntimezone = Asia/Shanghai\n\n"
                                     "[version]\neffective = 2024-01-01\nprice.flat = 0.6170\n");
const QString kFlat2 = kFlat + QStringLiteral("\n[version]\neffective = 2025-07-01\nprice.flat = 0.6500\n");

QJsonObject request(ApiClient& c, const QString& key, const QString& text)
{
    return c.call(QStringLiteral("tariff.request"), {{QStringLiteral("key"), key}, {QStringLiteral("text"), text}});
}

} // namespace

TEST_CASE("A tariff change takes effect only when a second manager approves it", "[api][tariff]")
{
    TestServer server;
    auto zhao = server.addOperator(QStringLiteral("zhao"), QStringLiteral("manager"));
    auto qian = server.addOperator(QStringLiteral("qian"), QStringLiteral("manager"));
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));

    const qint64 id = resultOf(request(*zhao, QStringLiteral("t-1"), kFlat)).value(u"approval").toObject().value(u"id").toInteger();
    CHECK(resultOf(wang->call(QStringLiteral("tariff.list"))).value(u"tariffs").toArray().isEmpty()); // not yet
    CHECK(errorCode(zhao->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), id}})) == SelfApproval);
    const QJsonObject approved = resultOf(qian->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), id}}));
    CHECK(approved.value(u"revision").toInteger() == 1);
    CHECK(approved.value(u"approval").toObject().value(u"status").toString() == u"approved");

    const QJsonArray list = resultOf(wang->call(QStringLiteral("tariff.list"))).value(u"tariffs").toArray();
    REQUIRE(list.size() == 1);
    CHECK(list.at(0).toObject().value(u"tariff").toString() == u"flat-e");
    CHECK(list.at(0).toObject().value(u"name").toString() == u"平价电费");

    // A new version with an effective date: revision 2; revision 1 is kept as it was.
    const qint64 id2 = resultOf(request(*qian, QStringLiteral("t-2"), kFlat2)).value(u"approval").toObject().value(u"id").toInteger();
    CHECK(resultOf(zhao->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), id2}})).value(u"revision").toInteger() == 2);
    const QJsonObject now = resultOf(wang->call(QStringLiteral("tariff.get"), {{QStringLiteral("tariff"), QStringLiteral("flat-e")}}));
    CHECK(now.value(u"revision").toInteger() == 2);
    CHECK(now.value(u"versions").toArray() == QJsonArray{QStringLiteral("2024-01-01"), QStringLiteral("2025-07-01")});
    const QJsonObject first = resultOf(wang->call(QStringLiteral("tariff.get"), {{QStringLiteral("tariff"), QStringLiteral("flat-e")},
                                                                                {QStringLiteral("revision"), 1}}));
    CHECK(first.value(u"text").toString() == kFlat);

    // The same key again: the stored request; a rejected request changes nothing.
    CHECK(resultOf(request(*zhao, QStringLiteral("t-1"), kFlat)).value(u"replayed").toBool());
    const qint64 id3 = resultOf(request(*zhao, QStringLiteral("t-3"), kFlat)).value(u"approval").toObject().value(u"id").toInteger();
    resultOf(qian->call(QStringLiteral("approval.reject"), {{QStringLiteral("id"), id3}, {QStringLiteral("reason"), QStringLiteral("重复")}}));
    CHECK(resultOf(wang->call(QStringLiteral("tariff.get"), {{QStringLiteral("tariff"), QStringLiteral("flat-e")}})).value(u"revision").toInteger() == 2);
}

TEST_CASE("A bad tariff file or a cashier's request is refused before anything is filed", "[api][tariff]")
{
    TestServer server;
    auto zhao = server.addOperator(QStringLiteral("zhao"), QStringLiteral("manager"));
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const QJsonObject bad = request(*zhao, QStringLiteral("t-bad"), QStringLiteral("[tariff]\nid = x\nutility = electricity\n\n[version]\neffective = 2024-13-01\nprice.flat = 0.5\n"));
    CHECK(errorCode(bad) == InvalidParams);
    CHECK(errorMessage(bad).contains(QStringLiteral(":6"))); // the line of the bad date
    CHECK(errorCode(request(*wang, QStringLiteral("t-w"), kFlat)) == Forbidden);
    CHECK(resultOf(zhao->call(QStringLiteral("approval.list"))).value(u"approvals").toArray().isEmpty());
    CHECK(errorCode(wang->call(QStringLiteral("tariff.get"), {{QStringLiteral("tariff"), QStringLiteral("none")}})) == TariffNotFound);
}
