// Public-area apportionment over the API, on SQLite and MariaDB: a manager requests a period's
// run, another approves it, and one deduction per account lands to the fen, once; the maker
// cannot approve, a second approval or an overlapping request is refused, a rejection frees the
// period; the report and the reconciliation add up.

#include "api_harness.h"
#include "property_fixture.h"

#include "api/api_error.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QJsonArray>

using namespace md;
using namespace md::test;
using namespace md::api;

namespace {

QString balance(ApiClient& c, qint64 account)
{
    return resultOf(c.call(QStringLiteral("account.get"), {{QStringLiteral("account"), account}}))
        .value(u"wallets")
        .toObject()
        .value(u"electricity")
        .toString();
}

QJsonObject period(qint64 group, const char* from, const char* to, const char* key = nullptr)
{
    QJsonObject o{{QStringLiteral("group"), group},
                  {QStringLiteral("from"), QLatin1String(from)},
                  {QStringLiteral("to"), QLatin1String(to)}};
    if (key)
        o.insert(QStringLiteral("key"), QLatin1String(key));
    return o;
}

} // namespace

TEST_CASE("An apportionment run is approved by a second manager and posts one deduction per account, once",
          "[api][apportion][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestServer::Options opt;
    opt.backend = backend;
    TestServer server(opt);
    auto zhao = server.addOperator(QStringLiteral("zhao"), QStringLiteral("manager"));
    auto qian = server.addOperator(QStringLiteral("qian"), QStringLiteral("manager"));
    auto wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    auto gong = server.addOperator(QStringLiteral("gong"), QStringLiteral("engineer"));
    const SmallProperty sp = makeSmallProperty(*gong);

    // The common tariff, through maker–checker.
    const qint64 t = resultOf(zhao->call(QStringLiteral("tariff.request"),
                                         {{QStringLiteral("key"), QStringLiteral("t-pub")},
                                          {QStringLiteral("text"), QStringLiteral("[tariff]\nid = pub-e\nutility = electricity\n"
                                                                                  "timezone = Asia/Shanghai\n\n[version]\n"
                                                                                  "effective = 2024-01-01\nprice.flat = 1.0000\n")}}))
                         .value(u"approval")
                         .toObject()
                         .value(u"id")
                         .toInteger();
    resultOf(qian->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), t}}));

    // Three tenants in rooms of 35.50, 42.00 and 20.25 m², 100.00 each.
    QList<qint64> accounts;
    const qint64 rooms[] = {sp.room101, sp.room102, sp.room2101};
    for (int i = 0; i < 3; ++i) {
        const QString code = QStringLiteral("T-%1").arg(i + 1);
        const qint64 a = resultOf(wang->call(QStringLiteral("account.open"), {{QStringLiteral("key"), QStringLiteral("open-") + code},
                                                                             {QStringLiteral("code"), code},
                                                                             {QStringLiteral("tenant_name"), code}}))
                             .value(u"account")
                             .toInteger();
        resultOf(wang->call(QStringLiteral("account.link_rooms"),
                            {{QStringLiteral("account"), a}, {QStringLiteral("rooms"), QJsonArray{rooms[i]}}}));
        resultOf(wang->call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("r-") + code},
                                                                {QStringLiteral("account"), a},
                                                                {QStringLiteral("amount"), QStringLiteral("100.00")}}));
        accounts.append(a);
    }
    const qint64 meter = idOf(gong->call(QStringLiteral("meter.create"), {{QStringLiteral("nameplate"), QStringLiteral("P-0001")},
                                                                         {QStringLiteral("bus"), QStringLiteral("bus1")},
                                                                         {QStringLiteral("protocol"), QStringLiteral("modbus")},
                                                                         {QStringLiteral("map"), QStringLiteral("acrel-ddsy1352")},
                                                                         {QStringLiteral("address"), QStringLiteral("9")}}));
    {
        // The stairwell meter's rollup: 99.730 kWh from 1 to 3 February, 1.000 kWh on the 4th.
        auto db = storage::Database::open(server.databaseConfig());
        storage::SqlQuery(*db, QStringLiteral("INSERT INTO meter_daily (meter_id, day, first_at_ms, last_at_ms, first_total_milli, "
                                              "last_total_milli, used_total_milli, used_sharp_milli, used_peak_milli, "
                                              "used_flat_milli, used_valley_milli, reading_count, anomaly_count) VALUES "
                                              "(%1, '2026-02-01', 0, 0, 0, 0, 40000, 0, 0, 0, 0, 1, 0), "
                                              "(%1, '2026-02-02', 0, 0, 0, 0, 30000, 0, 0, 0, 0, 1, 0), "
                                              "(%1, '2026-02-03', 0, 0, 0, 0, 29730, 0, 0, 0, 0, 1, 0), "
                                              "(%1, '2026-02-04', 0, 0, 0, 0, 1000, 0, 0, 0, 0, 1, 0)")
                                   .arg(meter))
            .exec();
    }

    QJsonArray members;
    for (qint64 a : accounts)
        members.append(a);
    const QJsonObject groupParams{{QStringLiteral("name"), QStringLiteral("1号楼楼道")},
                                  {QStringLiteral("meter"), meter},
                                  {QStringLiteral("tariff"), QStringLiteral("pub-e")},
                                  {QStringLiteral("members"), members}};
    CHECK(errorCode(wang->call(QStringLiteral("apportion.group.create"), groupParams)) == Forbidden);
    CHECK(errorCode(gong->call(QStringLiteral("apportion.group.create"), groupParams)) == Forbidden);
    const qint64 group = idOf(zhao->call(QStringLiteral("apportion.group.create"), groupParams));
    CHECK(resultOf(gong->call(QStringLiteral("apportion.group.list"))).value(u"groups").toArray().size() == 1);

    // Preview: 99.73 over 3550 : 4200 : 2025 — quotas 36.2190, 42.8508, 20.6601: the fen left
    // goes to the first.
    const QJsonObject preview = resultOf(zhao->call(QStringLiteral("apportion.preview"), period(group, "2026-02-01", "2026-02-03")));
    CHECK(preview.value(u"total").toString() == u"99.73");
    CHECK(preview.value(u"consumption").toString() == u"99.730");
    const QJsonArray shares = preview.value(u"shares").toArray();
    REQUIRE(shares.size() == 3);
    CHECK(shares.at(0).toObject().value(u"amount").toString() == u"36.22");
    CHECK(shares.at(1).toObject().value(u"amount").toString() == u"42.85");
    CHECK(shares.at(2).toObject().value(u"amount").toString() == u"20.66");

    // The request: pending; the same key replays it; an overlapping period is refused.
    const QJsonObject requested = resultOf(zhao->call(QStringLiteral("apportion.request"),
                                                      period(group, "2026-02-01", "2026-02-03", "ap-feb-1")));
    CHECK(requested.value(u"status").toString() == u"pending");
    const qint64 approval = requested.value(u"approval").toObject().value(u"id").toInteger();
    CHECK(requested.value(u"approval").toObject().value(u"amount").toString() == u"99.73");
    const QJsonObject filedParams = requested.value(u"approval").toObject().value(u"params").toObject();
    CHECK(filedParams.value(u"accounts").toInteger() == 3);
    CHECK(filedParams.value(u"nameplate").toString() == u"P-0001");
    CHECK(filedParams.value(u"total").toString() == u"99.73");
    CHECK(resultOf(zhao->call(QStringLiteral("apportion.request"), period(group, "2026-02-01", "2026-02-03", "ap-feb-1")))
              .value(u"replayed")
              .toBool());
    CHECK(errorCode(zhao->call(QStringLiteral("apportion.request"), period(group, "2026-02-01", "2026-02-03", "ap-feb-1b")))
          == AlreadyApportioned);
    CHECK(errorCode(qian->call(QStringLiteral("apportion.request"), period(group, "2026-02-03", "2026-02-04", "ap-feb-1c")))
          == AlreadyApportioned);
    CHECK(balance(*zhao, accounts.at(0)) == u"100.00"); // nothing moves before the approval
    // A period that is not over yet cannot be requested (it would freeze part of its use).
    CHECK(errorCode(qian->call(QStringLiteral("apportion.request"), period(group, "2026-02-05", "2099-12-31", "ap-future")))
          == InvalidParams);

    // The maker cannot approve; another manager can, once.
    CHECK(errorCode(zhao->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), approval}})) == SelfApproval);
    const QJsonObject approved = resultOf(qian->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), approval}}));
    CHECK(approved.value(u"approval").toObject().value(u"status").toString() == u"approved");
    CHECK(approved.value(u"transactions").toArray().size() == 3);
    CHECK(approved.value(u"run").toObject().value(u"state").toString() == u"approved");
    CHECK(errorCode(qian->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), approval}})) == ApprovalAlreadyDecided);
    CHECK(errorCode(qian->call(QStringLiteral("approval.reject"), {{QStringLiteral("id"), approval},
                                                                   {QStringLiteral("reason"), QStringLiteral("late")}}))
          == ApprovalAlreadyDecided);
    CHECK(balance(*zhao, accounts.at(0)) == u"63.78");
    CHECK(balance(*zhao, accounts.at(1)) == u"57.15");
    CHECK(balance(*zhao, accounts.at(2)) == u"79.34");

    // The tenant's ledger explains the deduction.
    const QJsonArray txs = resultOf(wang->call(QStringLiteral("account.transactions"), {{QStringLiteral("account"), accounts.at(0)}}))
                               .value(u"transactions")
                               .toArray();
    const QJsonObject last = txs.at(0).toObject();
    CHECK(last.value(u"kind").toString() == u"deduction");
    CHECK(last.value(u"amount").toString() == u"36.22");
    const QJsonObject why = last.value(u"detail").toObject().value(u"apportionment").toObject();
    CHECK(why.value(u"nameplate").toString() == u"P-0001");
    CHECK(why.value(u"share").toString() == u"3550/9775");
    CHECK(why.value(u"consumption").toString() == u"99.730");

    // Rejected, the 4th may be requested again: 1.00 over the same areas is 0.36, 0.43, 0.21.
    const qint64 second = resultOf(qian->call(QStringLiteral("apportion.request"), period(group, "2026-02-04", "2026-02-04", "ap-feb-2")))
                              .value(u"approval")
                              .toObject()
                              .value(u"id")
                              .toInteger();
    resultOf(zhao->call(QStringLiteral("approval.reject"), {{QStringLiteral("id"), second}, {QStringLiteral("reason"), QStringLiteral("recheck")}}));
    const QJsonObject again = resultOf(qian->call(QStringLiteral("apportion.request"), period(group, "2026-02-04", "2026-02-04", "ap-feb-3")));
    const QJsonArray againShares = again.value(u"run").toObject().value(u"shares").toArray();
    CHECK(againShares.at(0).toObject().value(u"amount").toString() == u"0.36");
    CHECK(againShares.at(1).toObject().value(u"amount").toString() == u"0.43");
    CHECK(againShares.at(2).toObject().value(u"amount").toString() == u"0.21");
    resultOf(zhao->call(QStringLiteral("approval.approve"), {{QStringLiteral("id"), again.value(u"approval").toObject().value(u"id")}}));
    CHECK(balance(*zhao, accounts.at(1)) == u"56.72");

    // The report lists both approved runs; the books still reconcile to the fen.
    const QJsonObject report = resultOf(zhao->call(QStringLiteral("report.apportionment"), period(group, "2026-02-01", "2026-02-28")));
    CHECK(report.value(u"rows").toArray().size() == 6);
    CHECK(report.value(u"totals").toObject().value(u"amount").toString() == u"100.73");
    CHECK(report.value(u"summary").toObject().value(u"runs").toInteger() == 2);
    const QJsonObject reconciled = resultOf(zhao->call(QStringLiteral("report.reconcile"),
                                                       {{QStringLiteral("from"), QStringLiteral("2026-01-01")},
                                                        {QStringLiteral("to"), QStringLiteral("2027-12-31")}}));
    CHECK(reconciled.value(u"balanced").toBool());

    // The log: the request and the approval with the run's transactions.
    auto db = storage::Database::open(server.databaseConfig());
    storage::SqlQuery log(*db, QStringLiteral("SELECT COUNT(*) FROM operation_log WHERE action = 'approval-approve' "
                                              "AND detail LIKE '%apportionment%' AND detail LIKE '%transactions%'"));
    CHECK(log.scalarInt() == 2);
    storage::SqlQuery posted(*db, QStringLiteral("SELECT COUNT(*) FROM transactions WHERE idem_key LIKE 'approval-%:%'"));
    CHECK(posted.scalarInt() == 6);
}
