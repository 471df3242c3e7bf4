// Money over the API: receipts, idempotency and conflicts, maker–checker, reprints, shift
// close, and concurrent desks. Every amount is checked to the fen.

#include "api_harness.h"

#include "api/api_error.h"
#include "money/money.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

#include <atomic>
#include <set>
#include <thread>

using namespace md;
using namespace md::test;
using namespace md::api;

namespace {

QJsonObject P(std::initializer_list<std::pair<QString, QJsonValue>> kv)
{
    QJsonObject o;
    for (const auto& [k, v] : kv)
        o.insert(k, v);
    return o;
}

qint64 openAccount(api::ApiClient& c, const QString& code)
{
    return resultOf(c.call(QStringLiteral("account.open"), P({{QStringLiteral("key"), QStringLiteral("open-") + code},
                                                               {QStringLiteral("code"), code},
                                                               {QStringLiteral("tenant_name"), QStringLiteral("王五")}})))
        .value(u"account")
        .toInteger();
}

QJsonObject recharge(api::ApiClient& c, const QString& key, qint64 account, const QString& amount,
                     const QString& channel = QStringLiteral("cash"))
{
    return c.call(QStringLiteral("account.recharge"), P({{QStringLiteral("key"), key},
                                                          {QStringLiteral("account"), account},
                                                          {QStringLiteral("amount"), amount},
                                                          {QStringLiteral("channel"), channel}}));
}

QString balance(api::ApiClient& c, qint64 account, const QString& utility = QStringLiteral("electricity"))
{
    return resultOf(c.call(QStringLiteral("account.get"), P({{QStringLiteral("account"), account}})))
        .value(u"wallets")
        .toObject()
        .value(utility)
        .toString();
}

} // namespace

TEST_CASE("A recharge returns its receipt, the same key credits once, other content is a conflict", "[api][money]")
{
    TestServer server;
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const qint64 a = openAccount(*wang, QStringLiteral("3-301"));

    const QJsonObject first = resultOf(recharge(*wang, QStringLiteral("k1"), a, QStringLiteral("100.00"), QStringLiteral("wechat")));
    CHECK(first.value(u"receipt").toInteger() == 1);
    CHECK(first.value(u"amount").toString() == u"100.00");
    CHECK(first.value(u"balance_before").toString() == u"0.00");
    CHECK(first.value(u"balance_after").toString() == u"100.00");
    CHECK_FALSE(first.value(u"replayed").toBool());
    const QJsonObject receipt = first.value(u"receipt_record").toObject();
    CHECK(receipt.value(u"account_code").toString() == u"3-301");
    CHECK(receipt.value(u"tenant_name").toString() == u"王五");
    CHECK(receipt.value(u"channel").toString() == u"wechat");
    CHECK(receipt.value(u"cashier_name").toString() == u"wang");
    CHECK(receipt.value(u"fee").toString() == u"0.00");
    CHECK_FALSE(receipt.value(u"copy").toBool());

    // A double click: same key, same content → the stored result, nothing credited twice.
    const QJsonObject again = resultOf(recharge(*wang, QStringLiteral("k1"), a, QStringLiteral("100.00"), QStringLiteral("wechat")));
    CHECK(again.value(u"replayed").toBool());
    CHECK(again.value(u"receipt").toInteger() == 1);
    CHECK(balance(*wang, a) == u"100.00");
    // Same key, different amount: a conflict, nothing written.
    CHECK(errorCode(recharge(*wang, QStringLiteral("k1"), a, QStringLiteral("200.00"), QStringLiteral("wechat")))
          == IdempotencyConflict);
    CHECK(balance(*wang, a) == u"100.00");
    // 0.01 more: 100.00 + 0.01 = 100.01, receipt 2.
    CHECK(resultOf(recharge(*wang, QStringLiteral("k2"), a, QStringLiteral("0.01"))).value(u"receipt").toInteger() == 2);
    CHECK(balance(*wang, a) == u"100.01");
    // Rule errors keep their stable codes.
    CHECK(errorCode(recharge(*wang, QStringLiteral("k3"), a, QStringLiteral("0.00"))) == InvalidAmount);
    CHECK(errorCode(recharge(*wang, QStringLiteral("k4"), 999, QStringLiteral("1.00"))) == AccountNotFound);
}

TEST_CASE("Refunds, corrections and adjustments take effect only when another manager approves", "[api][money][approval]")
{
    TestServer server;
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    auto li = server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    auto zhou = server.addOperator(QStringLiteral("zhou"), QStringLiteral("manager"));
    const qint64 a = openAccount(*wang, QStringLiteral("4-401"));
    const qint64 tx = resultOf(recharge(*wang, QStringLiteral("r1"), a, QStringLiteral("300.00"))).value(u"transaction").toInteger();

    // Refund 120.50: requested, nothing moves yet.
    const QJsonObject req = resultOf(wang->call(QStringLiteral("account.refund"),
                                                P({{QStringLiteral("key"), QStringLiteral("f1")},
                                                   {QStringLiteral("account"), a},
                                                   {QStringLiteral("amount"), QStringLiteral("120.50")}})));
    CHECK(req.value(u"status").toString() == u"pending");
    const qint64 refundId = req.value(u"approval").toObject().value(u"id").toInteger();
    CHECK(balance(*wang, a) == u"300.00");
    // The same request again is the same request.
    CHECK(resultOf(wang->call(QStringLiteral("account.refund"), P({{QStringLiteral("key"), QStringLiteral("f1")},
                                                                   {QStringLiteral("account"), a},
                                                                   {QStringLiteral("amount"), QStringLiteral("120.50")}})))
              .value(u"approval").toObject().value(u"id").toInteger() == refundId);
    // A cashier cannot approve at all.
    CHECK(errorCode(wang->call(QStringLiteral("approval.approve"), P({{QStringLiteral("id"), refundId}}))) == Forbidden);

    // An adjustment is a manager's request; the same manager cannot approve it.
    const qint64 adjId = resultOf(li->call(QStringLiteral("account.adjust"),
                                           P({{QStringLiteral("key"), QStringLiteral("adj1")},
                                              {QStringLiteral("account"), a},
                                              {QStringLiteral("amount"), QStringLiteral("-0.37")},
                                              {QStringLiteral("reason"), QStringLiteral("meter reading typo")}})))
                             .value(u"approval").toObject().value(u"id").toInteger();
    CHECK(errorCode(li->call(QStringLiteral("approval.approve"), P({{QStringLiteral("id"), adjId}}))) == SelfApproval);
    CHECK(balance(*wang, a) == u"300.00");

    // Another manager approves both: 300.00 − 120.50 − 0.37 = 179.13.
    const QJsonObject approved = resultOf(li->call(QStringLiteral("approval.approve"), P({{QStringLiteral("id"), refundId}})));
    CHECK(approved.value(u"approval").toObject().value(u"status").toString() == u"approved");
    CHECK(approved.value(u"transaction").toObject().value(u"receipt").toInteger() == 2);
    CHECK(approved.value(u"transaction").toObject().value(u"receipt_record").toObject().value(u"cashier_name").toString() == u"wang");
    resultOf(zhou->call(QStringLiteral("approval.approve"), P({{QStringLiteral("id"), adjId}})));
    CHECK(balance(*wang, a) == u"179.13");
    // Decided is decided.
    CHECK(errorCode(zhou->call(QStringLiteral("approval.approve"), P({{QStringLiteral("id"), refundId}}))) == ApprovalAlreadyDecided);

    // A correction of the 300.00 recharge, rejected: nothing changes.
    const qint64 corrId = resultOf(wang->call(QStringLiteral("account.correct"),
                                              P({{QStringLiteral("key"), QStringLiteral("c1")},
                                                 {QStringLiteral("transaction"), tx},
                                                 {QStringLiteral("reason"), QStringLiteral("wrong account")}})))
                              .value(u"approval").toObject().value(u"id").toInteger();
    CHECK(resultOf(zhou->call(QStringLiteral("approval.reject"), P({{QStringLiteral("id"), corrId}, {QStringLiteral("reason"), QStringLiteral("it was right")}})))
              .value(u"approval").toObject().value(u"status").toString() == u"rejected");
    CHECK(balance(*wang, a) == u"179.13");

    const QJsonArray pending = resultOf(li->call(QStringLiteral("approval.list"), P({{QStringLiteral("status"), QStringLiteral("pending")}})))
                                   .value(u"approvals").toArray();
    CHECK(pending.isEmpty());

    // Requests, approvals (and the refused self-approval) and rejections are in the log.
    auto db = storage::Database::open(server.databaseConfig());
    storage::SqlQuery q(*db, QStringLiteral("SELECT action, result FROM operation_log WHERE action LIKE 'approval-%' ORDER BY seq"));
    q.exec();
    QStringList seen;
    while (q.next())
        seen.append(q.stringValue(0) + u' ' + q.stringValue(1));
    CHECK(seen == QStringList{QStringLiteral("approval-request ok"), QStringLiteral("approval-request ok"),
                              QStringLiteral("approval-approve refused: 3003"), QStringLiteral("approval-approve ok"),
                              QStringLiteral("approval-approve ok"), QStringLiteral("approval-request ok"),
                              QStringLiteral("approval-reject ok")});
}

TEST_CASE("approval.list names who asked and who decided (login and display name)", "[api][money][approval]")
{
    TestServer server;
    // A cashier with a display name of her own; the managers' display names are their logins.
    const QJsonObject made = resultOf(server.admin()->call(QStringLiteral("operator.create"),
                                                          P({{QStringLiteral("name"), QStringLiteral("fang")},
                                                             {QStringLiteral("role"), QStringLiteral("cashier")},
                                                             {QStringLiteral("display_name"), QStringLiteral("王芳")}})));
    auto fang = server.connect();
    fang->login(QStringLiteral("fang"), made.value(u"temporary_password").toString());
    resultOf(fang->call(QStringLiteral("session.change_password"),
                        P({{QStringLiteral("old_password"), made.value(u"temporary_password").toString()},
                           {QStringLiteral("new_password"), TestServer::passwordOf(QStringLiteral("fang"))}})));
    auto li = server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    const qint64 a = openAccount(*li, QStringLiteral("1-101"));
    resultOf(recharge(*fang, QStringLiteral("r-1"), a, QStringLiteral("100.00")));
    for (const char* key : {"f-1", "f-2"})
        resultOf(fang->call(QStringLiteral("account.refund"), P({{QStringLiteral("key"), QLatin1String(key)},
                                                                  {QStringLiteral("account"), a},
                                                                  {QStringLiteral("amount"), QStringLiteral("1.00")}})));
    const QJsonArray before = resultOf(li->call(QStringLiteral("approval.list"), {})).value(u"approvals").toArray();
    REQUIRE(before.size() == 2);
    const QJsonObject second = before.at(0).toObject(); // newest first
    CHECK(second.value(u"requested_by_name").toString() == u"fang");
    CHECK(second.value(u"requested_by_display_name").toString() == u"王芳");
    CHECK(second.value(u"account_code").toString() == u"1-101");
    CHECK_FALSE(second.contains(u"decided_by_name")); // not decided yet
    resultOf(li->call(QStringLiteral("approval.approve"), P({{QStringLiteral("id"), second.value(u"id")}})));
    const QJsonArray after = resultOf(li->call(QStringLiteral("approval.list"), {})).value(u"approvals").toArray();
    REQUIRE(after.size() == 2);
    const QJsonObject decided = after.at(0).toObject();
    CHECK(decided.value(u"status").toString() == u"approved");
    CHECK(decided.value(u"decided_by_name").toString() == u"li");
    CHECK(decided.value(u"decided_by_display_name").toString() == u"li");
    CHECK(decided.value(u"requested_by_display_name").toString() == u"王芳");
    CHECK(after.at(1).toObject().value(u"requested_by_name").toString() == u"fang");
}

TEST_CASE("approval.list filters by account, by id or by code", "[api][money][approval]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestServer::Options o;
    o.backend = backend;
    TestServer server(o);
    auto li = server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const qint64 a = openAccount(*li, QStringLiteral("1-101"));
    const qint64 b = openAccount(*li, QStringLiteral("1-102"));
    resultOf(recharge(*wang, QStringLiteral("r-a"), a, QStringLiteral("100.00")));
    resultOf(recharge(*wang, QStringLiteral("r-b"), b, QStringLiteral("100.00")));
    const auto refund = [&](const char* key, qint64 account, const char* amount) {
        return resultOf(wang->call(QStringLiteral("account.refund"), P({{QStringLiteral("key"), QLatin1String(key)},
                                                                        {QStringLiteral("account"), account},
                                                                        {QStringLiteral("amount"), QLatin1String(amount)}})))
            .value(u"approval")
            .toObject()
            .value(u"id")
            .toInteger();
    };
    const qint64 a1 = refund("f-a1", a, "1.00");
    refund("f-b1", b, "2.00");
    refund("f-a2", a, "3.00");
    const auto list = [&](const QJsonObject& params) {
        return resultOf(li->call(QStringLiteral("approval.list"), params)).value(u"approvals").toArray();
    };
    const auto amounts = [](const QJsonArray& rows) {
        QStringList out;
        for (const QJsonValue& v : rows)
            out << v.toObject().value(u"account_code").toString() + QLatin1Char(' ') + v.toObject().value(u"amount").toString();
        return out;
    };
    CHECK(list({}).size() == 3);
    CHECK(amounts(list(P({{QStringLiteral("account"), a}}))) == QStringList{QStringLiteral("1-101 3.00"), QStringLiteral("1-101 1.00")});
    CHECK(amounts(list(P({{QStringLiteral("code"), QStringLiteral("1-102")}}))) == QStringList{QStringLiteral("1-102 2.00")});
    CHECK(amounts(list(P({{QStringLiteral("account"), a}, {QStringLiteral("limit"), 1}}))) == QStringList{QStringLiteral("1-101 3.00")});
    // With the status: one of 1-101's is decided.
    resultOf(li->call(QStringLiteral("approval.approve"), P({{QStringLiteral("id"), a1}})));
    CHECK(amounts(list(P({{QStringLiteral("account"), a}, {QStringLiteral("status"), QStringLiteral("pending")}})))
          == QStringList{QStringLiteral("1-101 3.00")});
    CHECK(amounts(list(P({{QStringLiteral("code"), QStringLiteral("1-101")}, {QStringLiteral("status"), QStringLiteral("approved")}})))
          == QStringList{QStringLiteral("1-101 1.00")});
    CHECK(list(P({{QStringLiteral("code"), QStringLiteral("1-102")}, {QStringLiteral("status"), QStringLiteral("approved")}})).isEmpty());
    // An unknown account is said, not an empty list.
    CHECK(errorCode(li->call(QStringLiteral("approval.list"), P({{QStringLiteral("code"), QStringLiteral("9-999")}}))) == AccountNotFound);
    CHECK(errorCode(li->call(QStringLiteral("approval.list"), P({{QStringLiteral("account"), 999999}}))) == AccountNotFound);
    CHECK(errorCode(wang->call(QStringLiteral("approval.list"), P({{QStringLiteral("account"), a}}))) == Forbidden);
}

TEST_CASE("Closing pays out only after approval, collecting arrears closes at once", "[api][money][approval]")
{
    TestServer server;
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    auto li = server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    const qint64 a = openAccount(*wang, QStringLiteral("5-501"));
    resultOf(recharge(*wang, QStringLiteral("r1"), a, QStringLiteral("88.88")));
    const QJsonObject closing = resultOf(wang->call(QStringLiteral("account.close"),
                                                    P({{QStringLiteral("key"), QStringLiteral("close-a")}, {QStringLiteral("account"), a}})));
    CHECK(closing.value(u"status").toString() == u"pending");
    CHECK(closing.value(u"approval").toObject().value(u"amount").toString() == u"88.88");
    const QJsonObject done = resultOf(li->call(QStringLiteral("approval.approve"),
                                               P({{QStringLiteral("id"), closing.value(u"approval").toObject().value(u"id")}})));
    CHECK(done.value(u"transaction").toObject().value(u"amount").toString() == u"88.88");
    CHECK(resultOf(wang->call(QStringLiteral("account.get"), P({{QStringLiteral("account"), a}}))).value(u"status").toString() == u"closed");

    // An account with nothing to pay out closes directly.
    const qint64 b = openAccount(*wang, QStringLiteral("5-502"));
    const QJsonObject direct = resultOf(wang->call(QStringLiteral("account.close"),
                                                   P({{QStringLiteral("key"), QStringLiteral("close-b")}, {QStringLiteral("account"), b}})));
    CHECK(direct.value(u"status").toString() == u"done");
    CHECK(direct.value(u"transaction").toObject().value(u"amount").toString() == u"0.00");
}

TEST_CASE("A reprint is marked as a numbered copy and logged", "[api][money][receipt]")
{
    TestServer server;
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const qint64 a = openAccount(*wang, QStringLiteral("6-601"));
    const qint64 no = resultOf(recharge(*wang, QStringLiteral("r1"), a, QStringLiteral("20.00"))).value(u"receipt").toInteger();
    const QJsonObject copy1 = resultOf(wang->call(QStringLiteral("receipt.reprint"), P({{QStringLiteral("receipt"), no}})));
    CHECK(copy1.value(u"copy").toBool());
    CHECK(copy1.value(u"copy_no").toInteger() == 1);
    CHECK(copy1.value(u"amount").toString() == u"20.00");
    CHECK(resultOf(wang->call(QStringLiteral("receipt.reprint"), P({{QStringLiteral("receipt"), no}}))).value(u"copy_no").toInteger() == 2);
    CHECK(resultOf(wang->call(QStringLiteral("receipt.get"), P({{QStringLiteral("receipt"), no}}))).value(u"copies_printed").toInteger() == 2);
    CHECK(errorCode(wang->call(QStringLiteral("receipt.reprint"), P({{QStringLiteral("receipt"), 999}}))) == ReceiptNotFound);
    auto db = storage::Database::open(server.databaseConfig());
    storage::SqlQuery q(*db, QStringLiteral("SELECT COUNT(*) FROM operation_log WHERE action = 'receipt-reprint'"));
    CHECK(q.scalarInt() == 2);
}

TEST_CASE("A shift close counts a cashier's takings per channel and receipt range since the last close",
          "[api][money][shift]")
{
    TestServer server;
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    auto zhao = server.addOperator(QStringLiteral("zhao"), QStringLiteral("cashier"));
    auto li = server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    const qint64 a = openAccount(*wang, QStringLiteral("7-701"));
    resultOf(recharge(*wang, QStringLiteral("w1"), a, QStringLiteral("100.00")));                        // receipt 1
    resultOf(recharge(*zhao, QStringLiteral("z1"), a, QStringLiteral("999.99")));                        // receipt 2 (zhao's)
    resultOf(recharge(*wang, QStringLiteral("w2"), a, QStringLiteral("50.05"), QStringLiteral("alipay"))); // receipt 3
    resultOf(recharge(*wang, QStringLiteral("w3"), a, QStringLiteral("0.95")));                          // receipt 4
    const qint64 f = resultOf(wang->call(QStringLiteral("account.refund"), P({{QStringLiteral("key"), QStringLiteral("f1")},
                                                                              {QStringLiteral("account"), a},
                                                                              {QStringLiteral("amount"), QStringLiteral("30.00")}})))
                         .value(u"approval").toObject().value(u"id").toInteger();
    resultOf(li->call(QStringLiteral("approval.approve"), P({{QStringLiteral("id"), f}}))); // receipt 5, wang's cash refund

    const QJsonObject shift = resultOf(wang->call(QStringLiteral("shift.close")));
    // cash: 100.00 + 0.95 = 100.95 in, 30.00 out; alipay 50.05 in. Total 151.00 in, net 121.00.
    QMap<QString, QJsonObject> byChannel;
    for (const QJsonValue v : shift.value(u"channels").toArray())
        byChannel.insert(v.toObject().value(u"channel").toString(), v.toObject());
    REQUIRE(byChannel.size() == 2);
    CHECK(byChannel[QStringLiteral("cash")].value(u"takings").toString() == u"100.95");
    CHECK(byChannel[QStringLiteral("cash")].value(u"refunds").toString() == u"30.00");
    CHECK(byChannel[QStringLiteral("cash")].value(u"net").toString() == u"70.95");
    CHECK(byChannel[QStringLiteral("alipay")].value(u"takings").toString() == u"50.05");
    CHECK(shift.value(u"takings").toString() == u"151.00");
    CHECK(shift.value(u"net").toString() == u"121.00");
    CHECK(shift.value(u"receipt_count").toInteger() == 4); // 1, 3, 4, 5
    CHECK(shift.value(u"first_receipt").toInteger() == 1);
    CHECK(shift.value(u"last_receipt").toInteger() == 5);

    // The next close starts after this one.
    resultOf(recharge(*wang, QStringLiteral("w4"), a, QStringLiteral("10.00"))); // receipt 6
    const QJsonObject next = resultOf(wang->call(QStringLiteral("shift.close")));
    CHECK(next.value(u"takings").toString() == u"10.00");
    CHECK(next.value(u"receipt_count").toInteger() == 1);
    CHECK(next.value(u"first_receipt").toInteger() == 6);
    // zhao's own shift has only zhao's 999.99.
    CHECK(resultOf(zhao->call(QStringLiteral("shift.close"))).value(u"takings").toString() == u"999.99");
}

TEST_CASE("Two desks recharging the same account at once: each once, receipts without gaps", "[api][money][concurrency]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestServer::Options o;
    o.backend = backend;
    TestServer server(o);
    server.addOperator(QStringLiteral("desk0"), QStringLiteral("cashier"));
    server.addOperator(QStringLiteral("desk1"), QStringLiteral("cashier"));
    const qint64 a = openAccount(*server.loginAs(QStringLiteral("desk0")), QStringLiteral("8-801"));

    constexpr int kPerDesk = 60;
    std::atomic<int> failures{0};
    std::vector<qint64> receipts[2];
    auto desk = [&](int n) {
        try {
            auto c = server.loginAs(QStringLiteral("desk%1").arg(n));
            for (int i = 0; i < kPerDesk; ++i) {
                // Every third recharge is double-clicked: the same key sent twice.
                const QString key = QStringLiteral("d%1-%2").arg(n).arg(i);
                const int sends = i % 3 == 0 ? 2 : 1;
                for (int s = 0; s < sends; ++s) {
                    const QJsonObject r = c->call(QStringLiteral("account.recharge"),
                                                  {{QStringLiteral("key"), key},
                                                   {QStringLiteral("account"), a},
                                                   {QStringLiteral("amount"), Money::fromFen(100 + i).toYuanString()}});
                    if (!r.contains(u"result")) {
                        ++failures;
                        continue;
                    }
                    if (!r.value(u"result").toObject().value(u"replayed").toBool())
                        receipts[n].push_back(r.value(u"result").toObject().value(u"receipt").toInteger());
                }
            }
        } catch (const std::exception&) {
            ++failures;
        }
    };
    std::thread t0(desk, 0), t1(desk, 1);
    t0.join();
    t1.join();
    REQUIRE(failures == 0);
    // Each desk credits 100 + i fen once per i, the double clicks included:
    // 2 × (100 + 101 + ... + 159) = 2 × 7770 = 15540 fen, 120 receipts.
    const qint64 expected = 15540;
    const int count = 2 * kPerDesk;
    CHECK(balance(*server.loginAs(QStringLiteral("desk0")), a) == Money::fromFen(expected).toYuanString());
    std::set<qint64> distinct(receipts[0].begin(), receipts[0].end());
    distinct.insert(receipts[1].begin(), receipts[1].end());
    REQUIRE(qsizetype(distinct.size()) == count);
    CHECK(*distinct.begin() == 1);
    CHECK(*distinct.rbegin() == count); // 1..120, none skipped, none reused
}
