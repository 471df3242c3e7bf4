#include "account_model.h"
#include "meter_desk.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSortFilterProxyModel>

using namespace md::app;

namespace {
QJsonObject account(qint64 id, const char* code, const char* tenant, const char* phone, const char* electricity,
                    const char* status = "open")
{
    return QJsonObject{{QStringLiteral("account"), id},
                       {QStringLiteral("code"), QString::fromUtf8(code)},
                       {QStringLiteral("tenant_name"), QString::fromUtf8(tenant)},
                       {QStringLiteral("phone"), QString::fromUtf8(phone)},
                       {QStringLiteral("status"), QString::fromUtf8(status)},
                       {QStringLiteral("wallets"), QJsonObject{{QStringLiteral("electricity"), QString::fromUtf8(electricity)},
                                                               {QStringLiteral("water"), QStringLiteral("0.00")},
                                                               {QStringLiteral("heat"), QStringLiteral("0.00")}}}};
}
} // namespace

TEST_CASE("AccountModel keeps accounts current and passes QAbstractItemModelTester", "[app][model]")
{
    AccountModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setFilterKeyColumn(-1);
    proxy.setSortRole(AccountModel::SortRole);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);

    model.upsert(account(1, "1-101", "张三", "13800000000", "100.00"));
    model.upsert(account(2, "1-102", "李四", "13900000000", "-3.50"));
    model.upsert(account(3, "2-201", "王五", "13700000000", "20.00", "closed"));
    REQUIRE(model.rowCount() == 3);
    CHECK(model.columnCount() == AccountModel::Count);
    CHECK(model.index(1, AccountModel::Electricity).data().toString() == u"-3.50");
    CHECK(model.index(0, 0).data(AccountModel::StateRole).toInt() == int(AccountState::Normal));
    CHECK(model.index(1, 0).data(AccountModel::StateRole).toInt() == int(AccountState::Arrears));
    CHECK(model.index(2, 0).data(AccountModel::StateRole).toInt() == int(AccountState::NotOpened));

    // The same account again updates its row; a pushed balance updates one wallet.
    model.upsert(account(1, "1-101", "张三", "13800000001", "100.00"));
    CHECK(model.rowCount() == 3);
    CHECK(model.index(0, AccountModel::Phone).data().toString() == u"13800000001");
    model.applyBalanceEvent({{QStringLiteral("account"), 1}, {QStringLiteral("utility"), QStringLiteral("electricity")},
                             {QStringLiteral("balance"), QStringLiteral("150.25")}});
    CHECK(model.index(0, AccountModel::Electricity).data().toString() == u"150.25");
    model.applyBalanceEvent({{QStringLiteral("account"), 99}, {QStringLiteral("balance"), QStringLiteral("1.00")}}); // unknown: skipped

    // Search by tenant, phone or account number.
    proxy.setFilterFixedString(QStringLiteral("李四"));
    REQUIRE(proxy.rowCount() == 1);
    CHECK(proxy.index(0, AccountModel::Code).data().toString() == u"1-102");
    proxy.setFilterFixedString(QStringLiteral("1370"));
    REQUIRE(proxy.rowCount() == 1);
    CHECK(proxy.index(0, AccountModel::Code).data().toString() == u"2-201");
    proxy.setFilterFixedString(QStringLiteral("1-1"));
    CHECK(proxy.rowCount() == 2);
    proxy.setFilterFixedString({});

    // Balances sort as numbers: -3.50 < 20.00 < 150.25 (as text "150.25" < "20.00").
    proxy.sort(AccountModel::Electricity, Qt::AscendingOrder);
    CHECK(proxy.index(0, AccountModel::Code).data().toString() == u"1-102");
    CHECK(proxy.index(1, AccountModel::Code).data().toString() == u"2-201");
    CHECK(proxy.index(2, AccountModel::Code).data().toString() == u"1-101");

    QList<QJsonObject> many;
    for (int i = 0; i < 50; ++i)
        many.append(account(i + 10, QStringLiteral("9-%1").arg(i).toUtf8().constData(), "赵六", "", "1.00"));
    model.replaceAll(many);
    CHECK(model.rowCount() == 50);
    CHECK(proxy.rowCount() == 50);
}

TEST_CASE("every state has a distinct colour and a name for the legend", "[app][model]")
{
    QSet<QRgb> colours;
    for (int i = 0; i < int(AccountState::Count); ++i) {
        CHECK_FALSE(stateName(AccountState(i)).isEmpty());
        colours.insert(stateColor(AccountState(i)).rgb());
    }
    CHECK(colours.size() == int(AccountState::Count));
}

// The demo's bug: the Accounts tab coloured an account from its balance only, so a wallet at or
// below its alarm threshold showed as normal and a forced-on (保电) wallet in arrears showed as
// arrears, while the Meters tab (meter.list) showed alarm 1 and forced on. Both now follow the
// service's state of each wallet.
TEST_CASE("the account grid shows the service's alarm and forced-on states, as the meter list does", "[app][model]")
{
    md::test::MeterDesk desk;
    // 1-101: 50.00 yuan, alarm 1 raised to 60.00: at alarm 1. 1-102: 0.00 yuan, below its alarm 2, forced on.
    const QJsonObject configured = desk.call(QStringLiteral("account.configure"),
                                             {{QStringLiteral("account"), desk.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-101")}})
                                                                                  .value(u"account").toInteger()},
                                              {QStringLiteral("alarm1"), QStringLiteral("60.00")},
                                              {QStringLiteral("alarm2"), QStringLiteral("10.00")}});
    REQUIRE_FALSE(configured.isEmpty());
    desk.call(QStringLiteral("account.configure"),
              {{QStringLiteral("account"), desk.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-102")}})
                                               .value(u"account").toInteger()},
               {QStringLiteral("tariff"), QStringLiteral("residential")},
               {QStringLiteral("alarm1"), QStringLiteral("20.00")},
               {QStringLiteral("alarm2"), QStringLiteral("10.00")}});
    const QJsonObject control = desk.call(QStringLiteral("meter.control"),
                                          {{QStringLiteral("meters"), QJsonArray{desk.meterIds.value(QStringLiteral("E-0002"))}},
                                           {QStringLiteral("action"), QStringLiteral("force-on")}});
    REQUIRE(control.value(u"accepted").toInt() == 1);

    // What the Meters tab shows for the two accounts' electricity meters.
    QHash<QString, QString> meterState;
    for (const QJsonValue& v : desk.call(QStringLiteral("meter.list"), {}).value(u"meters").toArray())
        meterState.insert(v.toObject().value(u"nameplate").toString(), v.toObject().value(u"state").toString());
    REQUIRE(meterState.value(QStringLiteral("E-0001")) == u"alarm-1");
    REQUIRE(meterState.value(QStringLiteral("E-0002")) == u"forced-on");

    AccountModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    for (const char* code : {"1-101", "1-102"})
        model.upsert(desk.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QString::fromLatin1(code)}}));
    REQUIRE(model.rowCount() == 2);
    CHECK(model.index(0, AccountModel::Electricity).data().toString() == u"50.00");
    CHECK(model.index(0, 0).data(AccountModel::StateRole).toInt() == int(AccountState::Alarm1));
    CHECK(model.index(0, AccountModel::Status).data().toString() == stateName(AccountState::Alarm1));
    CHECK(model.index(1, 0).data(AccountModel::StateRole).toInt() == int(AccountState::ForcedOn));
    CHECK(model.index(1, AccountModel::Status).data().toString() == stateName(AccountState::ForcedOn));

    // A recharge lifts 1-101 above its alarm: the pushed balance alone cannot say the new state
    // (the thresholds are the service's), the refreshed account.get does.
    desk.call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("r-1-101-b")},
                                                   {QStringLiteral("code"), QStringLiteral("1-101")},
                                                   {QStringLiteral("amount"), QStringLiteral("20.00")}});
    model.upsert(desk.call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-101")}}));
    CHECK(model.index(0, 0).data(AccountModel::StateRole).toInt() == int(AccountState::Normal));
}
