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

TEST_CASE("A recharge pays the tariff's service fee and respects its balance cap, and a retry keeps its fee", "[api][tariff]")
{
    TestServer server;
    auto zhao = server.addOperator(QStringLiteral("zhao"), QStringLiteral("manager"));
    auto qian = server.addOperator(QStringLiteral("qian"), QStringLiteral("manager"));
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const auto put = [&](const QString& key, const QString& text) {
        const qint64 id = resultOf(request(*zhao, key, text)).value(u"approval").toObject().value(u"id").toInteger();
        resultOf(qian->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), id}}));
    };
    const QString head = QStringLiteral("[tariff]\nid = fee-e\nname = fee\nutility = electricity\ntimezone = Asia/Shanghai\n\n"
                                        "[version]\neffective = 2024-01-01\nprice.flat = 0.5000\nrounding = half-up\n");
    put(QStringLiteral("t-fee-1"), head + QStringLiteral("service-fee = 1.5%\nbalance-cap = 200.00\n"));
    const qint64 account = resultOf(wang->call(QStringLiteral("account.open"), {{QStringLiteral("key"), QStringLiteral("o-1")},
                                                                                 {QStringLiteral("code"), QStringLiteral("F-1")},
                                                                                 {QStringLiteral("tenant_name"), QStringLiteral("钱七")}}))
                               .value(u"account")
                               .toInteger();
    resultOf(wang->call(QStringLiteral("account.configure"), {{QStringLiteral("account"), account},
                                                               {QStringLiteral("tariff"), QStringLiteral("fee-e")},
                                                               {QStringLiteral("alarm1"), QStringLiteral("10.00")},
                                                               {QStringLiteral("alarm2"), QStringLiteral("5.00")}}));
    const auto recharge = [&](const QString& key, const QString& amount) {
        return wang->call(QStringLiteral("account.recharge"),
                          {{QStringLiteral("key"), key}, {QStringLiteral("account"), account}, {QStringLiteral("amount"), amount}});
    };
    // 100.50 with 1.5 %: a fee of 1.51 (1.5075 half-up), 98.99 to the wallet.
    const QJsonObject first = resultOf(recharge(QStringLiteral("r-1"), QStringLiteral("100.50")));
    CHECK(first.value(u"balance_after").toString() == u"98.99");
    CHECK(first.value(u"receipt_record").toObject().value(u"fee").toString() == u"1.51");
    // 98.99 + 147.75 would pass the 200.00 cap: refused, nothing posted.
    CHECK(errorCode(recharge(QStringLiteral("r-2"), QStringLiteral("150.00"))) == BalanceCapExceeded);
    // The office drops the fee and the cap; the desk retries r-1: the same answer, no new money.
    put(QStringLiteral("t-fee-2"), head);
    const QJsonObject retried = resultOf(recharge(QStringLiteral("r-1"), QStringLiteral("100.50")));
    CHECK(retried.value(u"replayed").toBool());
    CHECK(retried.value(u"balance_after").toString() == u"98.99");
    // A new recharge now pays no fee and meets no cap.
    CHECK(resultOf(recharge(QStringLiteral("r-3"), QStringLiteral("150.00"))).value(u"balance_after").toString() == u"248.99");
}
