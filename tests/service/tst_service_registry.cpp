// The meter registry changed through the API while the service reads its buses: a meter
// imported is read without a restart, one removed is no longer asked for.

#include "service_rig.h"

#include "api/api_error.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::test;

namespace {

const QByteArray kScenario = rigScenario(11, prepaidMeter(QStringLiteral("m1"), 1, 1000));

} // namespace

TEST_CASE("A meter imported through the API is read without a restart, a removed one is not asked for", "[service]")
{
    ServiceRig rig(Backend::Sqlite);
    SimProcess sim(kScenario, 60);
    ServiceProcess service(rig.writeConfig(sim.busPath(QStringLiteral("b1"))));
    service.start();
    INFO("service output: " << service.output().toStdString());
    ServiceRig::Desk desk = rig.firstLogin(service);

    const QJsonObject imported =
        resultOf(desk.engineer->call(QStringLiteral("meter.import"),
                                     {{QStringLiteral("csv"), QStringLiteral("nameplate,bus,protocol,map,address\n"
                                                                             "m1,b1,modbus,md-prepaid,1\n"
                                                                             "m9,b9,modbus,md-prepaid,9\n")}}));
    const qint64 id = imported.value(u"meters").toArray().at(0).toObject().value(u"id").toInteger();
    // Imported all the same, with a word about the bus the service does not read.
    const QJsonArray warnings = imported.value(u"warnings").toArray();
    REQUIRE(warnings.size() == 1);
    CHECK(warnings.at(0).toObject().value(u"line").toInteger() == 3);
    CHECK(warnings.at(0).toObject().value(u"value").toString() == u"b9");
    REQUIRE(id > 0);
    // The collection side knows it now: read it at once.
    REQUIRE(errorCode(desk.engineer->call(QStringLiteral("meter.read_now"), {{QStringLiteral("meters"), QJsonArray{id}}})) == 0);
    const bool read = waitFor([&] { return rig.scalar(QStringLiteral("SELECT COUNT(*) FROM readings WHERE meter_id = %1").arg(id)) > 0; },
                              10000);
    INFO("service output: " << service.output().toStdString());
    REQUIRE(read);
    const QJsonObject listed = resultOf(desk.cashier->call(QStringLiteral("meter.get"), {{QStringLiteral("id"), id}}));
    CHECK(listed.value(u"state").toString() == u"not-opened");
    CHECK_FALSE(listed.value(u"last_reading").isNull());

    resultOf(desk.engineer->call(QStringLiteral("meter.remove"), {{QStringLiteral("id"), id}}));
    CHECK(errorCode(desk.engineer->call(QStringLiteral("meter.read_now"), {{QStringLiteral("meters"), QJsonArray{id}}})) ==
          api::MeterNotOnBus);
    service.terminate();
}
