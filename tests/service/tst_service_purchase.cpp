// 表端费控: a meter that keeps its own balance gets every recharge written to it, confirmed by
// its purchase count; a write that fails (the meter does not answer) is reported and made at
// the meter's next reading — once: the meter's balance grows by exactly the recharges.

#include "service_rig.h"

#include "money/money.h"

#include <catch2/catch.hpp>


using namespace md;
using namespace md::test;

namespace {

const QByteArray kScenario = rigScenario(5, prepaidMeter(QStringLiteral("p1"), 1, 0, "prepaid = yes\nbalance = 5.00\nprice = 0.6170\npurchases = 3"));

qint64 fen(const QJsonValue& yuan)
{
    return Money::parseYuan(yuan.toString())->fen();
}

} // namespace

TEST_CASE("A recharge is written to a meter that keeps its own balance, a failed write is made up once, settings are downloaded", "[service]")
{
    MD_FOR_EACH_BACKEND(backend);
    ServiceRig rig(backend);
    ServiceRig::Account seed;
    seed.code = QStringLiteral("P-1");
    seed.paid = QStringLiteral("5.00");
    const qint64 account = rig.addAccount(seed);
    // The meter counted 3 purchases: 2 from before it came here, and the seed recharge.
    const qint64 meter = rig.addMeter(QStringLiteral("p1"), 1, account,
                                      {{QStringLiteral("meter_side_balance"), true},
                                       {QStringLiteral("purchase_count_offset"), 2},
                                       {QStringLiteral("overload_w"), 4000}});
    SimProcess sim(kScenario, 1);
    ServiceProcess service(rig.writeConfig(sim.busPath(QStringLiteral("b1"))));
    service.start();
    ServiceRig::Desk desk = rig.firstLogin(service);
    resultOf(desk.engineer->call(QStringLiteral("meter.read_now"), {{QStringLiteral("meters"), QJsonArray{meter}}}));
    REQUIRE(waitFor([&] { return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(meter)) == 1; }, 5000));
    CHECK(sim.meter(QStringLiteral("p1")).value(u"purchases").toInt() == 3); // nothing owed

    const auto recharge = [&](const QString& key, const QString& amount) {
        resultOf(desk.cashier->call(QStringLiteral("account.recharge"),
                                    {{QStringLiteral("key"), key}, {QStringLiteral("account"), account}, {QStringLiteral("amount"), amount}}));
    };
    recharge(QStringLiteral("p-1"), QStringLiteral("20.00"));
    REQUIRE(waitFor([&] { return sim.meter(QStringLiteral("p1")).value(u"purchases").toInt() == 4; }, 5000));
    CHECK(fen(sim.meter(QStringLiteral("p1")).value(u"balance")) == 2500); // 5.00 + 20.00

    // The meter stops answering: the write fails, is reported, and is made at the next reading.
    sim.command(QStringLiteral("kill p1"));
    recharge(QStringLiteral("p-2"), QStringLiteral("7.50"));
    REQUIRE(waitFor([&] {
        return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM alarm_events WHERE meter_id = %1 AND kind = 'purchase-failed'").arg(meter)) == 1;
    }, 15000));
    CHECK(sim.meter(QStringLiteral("p1")).value(u"purchases").toInt() == 4);
    sim.command(QStringLiteral("revive p1"));
    resultOf(desk.engineer->call(QStringLiteral("meter.read_now"), {{QStringLiteral("meters"), QJsonArray{meter}}}));
    REQUIRE(waitFor([&] { return sim.meter(QStringLiteral("p1")).value(u"purchases").toInt() == 5; }, 5000));
    // More readings change nothing: each purchase is on the meter once.
    for (int i = 0; i < 3; ++i) {
        const qint64 readings = rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(meter));
        resultOf(desk.engineer->call(QStringLiteral("meter.read_now"), {{QStringLiteral("meters"), QJsonArray{meter}}}));
        REQUIRE(waitFor([&] {
            return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(meter)) > readings;
        }, 5000));
    }
    const QJsonObject state = sim.meter(QStringLiteral("p1"));
    CHECK(state.value(u"purchases").toInt() == 5);
    CHECK(fen(state.value(u"balance")) == 3250); // 5.00 + 20.00 + 7.50
    CHECK(rig.scalar(QStringLiteral("SELECT COUNT(*) FROM alarm_events WHERE meter_id = %1 AND kind = 'purchase-count'").arg(meter)) == 0);

    // 设置下发: the wallet's alarm 1, the flat tariff's price and the overload limit, written
    // and confirmed by read-back; a cashier may not.
    CHECK(errorCode(desk.cashier->call(QStringLiteral("meter.download_settings"), {{QStringLiteral("meters"), QJsonArray{meter}}})) == 1006);
    const QJsonObject sent = resultOf(desk.manager->call(QStringLiteral("meter.download_settings"), {{QStringLiteral("meters"), QJsonArray{meter}}}));
    CHECK(sent.value(u"accepted").toInt() == 1);
    const QJsonObject values = sent.value(u"results").toArray().at(0).toObject().value(u"settings").toObject();
    CHECK(values.value(u"alarm.threshold").toString() == u"0.80");
    CHECK(values.value(u"tariff.price").toString() == u"0.5000");
    CHECK(values.value(u"overload.limit").toString() == u"4000");
    REQUIRE(waitFor([&] { return sim.meter(QStringLiteral("p1")).value(u"overload").toInt() == 4000; }, 5000));
    const QJsonObject after = sim.meter(QStringLiteral("p1"));
    CHECK(after.value(u"price").toString() == u"0.5000");
    CHECK(after.value(u"alarm").toString() == u"0.80");
    service.terminate();
}

TEST_CASE("Settings are written to a DL/T 645 meter with its password and read back", "[service]")
{
    // A 费控 DL/T 645-2007 meter keeps 报警金额1限值 (04001001), the four rate prices
    // (04050101-04) and the overload limit (04090B01); writes (14) carry its password.
    const QByteArray scenario = rigScenario(6, QByteArrayLiteral(R"([meter d1]
bus = b1
protocol = dlt645
address = 000000001234
password = 123456
load = 0
prepaid = yes
balance = 5.00
price = 0.6170
)"));
    MD_FOR_EACH_BACKEND(backend);
    ServiceRig rig(backend);
    ServiceRig::Account seed;
    seed.code = QStringLiteral("D-1");
    seed.paid = QStringLiteral("5.00");
    const qint64 account = rig.addAccount(seed);
    MeterRecord m;
    m.nameplate = QStringLiteral("d1");
    m.protocol = QStringLiteral("dlt645");
    m.address = QStringLiteral("000000001234");
    m.account = AccountId{account};
    m.options = {{QStringLiteral("password"), QStringLiteral("123456")},
                 {QStringLiteral("meter_side_balance"), true},
                 {QStringLiteral("overload_w"), 6600}};
    const qint64 meter = rig.addMeter(m);
    SimProcess sim(scenario, 1);
    ServiceProcess service(rig.writeConfig(sim.busPath(QStringLiteral("b1"))));
    service.start();
    ServiceRig::Desk desk = rig.firstLogin(service);
    const QJsonObject sent = resultOf(desk.manager->call(QStringLiteral("meter.download_settings"), {{QStringLiteral("meters"), QJsonArray{meter}}}));
    CHECK(sent.value(u"accepted").toInt() == 1);
    const QJsonObject values = sent.value(u"results").toArray().at(0).toObject().value(u"settings").toObject();
    CHECK(values.value(u"alarm.threshold").toString() == u"0.80");
    CHECK(values.value(u"tariff.price").toString() == u"0.5000");
    CHECK(values.value(u"overload.limit").toString() == u"6600");
    REQUIRE(waitFor([&] { return sim.meter(QStringLiteral("d1")).value(u"overload").toInt() == 6600; }, 5000));
    const QJsonObject after = sim.meter(QStringLiteral("d1"));
    CHECK(after.value(u"price").toString() == u"0.5000");
    CHECK(after.value(u"alarm").toString() == u"0.80");
    service.terminate();
}
