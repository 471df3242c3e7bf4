#include "meter_desk.h"

#include "reply_wait.h"

#include "collection/reading_ingestor.h"
#include "collection/tariff_store.h"
#include "storage/database.h"
#include "util/clock.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QSignalSpy>

namespace md::test {

QJsonObject MeterDesk::call(const QString& method, const QJsonObject& params)
{
    return resultOf(li->call(method, params));
}

void MeterDesk::ladderForZhang()
{
    auto db = storage::Database::open(server.databaseConfig());
    TariffStore(*db).put(QByteArrayLiteral("[tariff]\nid = ladder-m\nutility = electricity\ntimezone = Asia/Shanghai\n\n"
                                           "[version]\neffective = 2024-01-01\ntier-basis = month\ntiers = 100, 200\n"
                                           "price.flat = 0.5283, 0.5783, 0.8283\n"),
                         QDateTime::currentMSecsSinceEpoch());
    const qint64 account = call(QStringLiteral("account.get"), {{QStringLiteral("code"), QStringLiteral("1-101")}}).value(u"account").toInteger();
    call(QStringLiteral("account.configure"), {{QStringLiteral("account"), account}, {QStringLiteral("tariff"), QStringLiteral("ladder-m")}});
}

void MeterDesk::ingest(const QString& nameplate, const QDateTime& at, const char* total)
{
    auto db = storage::Database::open(server.databaseConfig());
    SystemClock clock;
    ReadingIngestor ingestor(*db, clock);
    MeterReading r;
    r.meter = MeterId{meterIds.value(nameplate)};
    r.registers.utc = at.toUTC();
    r.registers.values.insert(Register::Total, *Quantity::parse(QString::fromLatin1(total), Unit::KilowattHour));
    ingestor.ingest(r);
}

MeterDesk::MeterDesk(const QString& deskOperator)
{
    li = server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    wang = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const qint64 site = call(QStringLiteral("site.create"), {{QStringLiteral("code"), QStringLiteral("A")}, {QStringLiteral("name"), QStringLiteral("A区")}})
                            .value(u"id").toInteger();
    qint64 units[2] = {0, 0};
    for (int b = 0; b < 2; ++b) {
        const qint64 building = call(QStringLiteral("building.create"), {{QStringLiteral("site"), site},
                                                                         {QStringLiteral("code"), QString::number(b + 1)},
                                                                         {QStringLiteral("name"), QStringLiteral("%1号楼").arg(b + 1)}})
                                    .value(u"id").toInteger();
        if (b == 1)
            buildingTwo = building;
        units[b] = call(QStringLiteral("unit.create"), {{QStringLiteral("building"), building}, {QStringLiteral("code"), QStringLiteral("1")}})
                       .value(u"id").toInteger();
    }
    room101 = call(QStringLiteral("room.create"), {{QStringLiteral("unit"), units[0]}, {QStringLiteral("code"), QStringLiteral("101")}})
                  .value(u"id").toInteger();
    const qint64 room102 = call(QStringLiteral("room.create"), {{QStringLiteral("unit"), units[0]}, {QStringLiteral("code"), QStringLiteral("102")}})
                               .value(u"id").toInteger();
    call(QStringLiteral("room.create"), {{QStringLiteral("unit"), units[1]}, {QStringLiteral("code"), QStringLiteral("201")}});
    const QJsonObject imported = call(
        QStringLiteral("meter.import"),
        {{QStringLiteral("csv"),
          QStringLiteral("nameplate,bus,protocol,map,address,utility,room\n"
                         "E-0001,bus1,modbus,acrel-ddsy1352,1,electricity,A/1/1/101\n"
                         "W-0001,bus2,cjt188,,00000000000001,water,A/1/1/101\n"
                         "E-0002,bus1,modbus,acrel-ddsy1352,2,electricity,A/1/1/102\n"
                         "E-0003,bus1,modbus,acrel-ddsy1352,3,electricity,A/2/1/201\n"
                         "E-0004,bus1,modbus,acrel-ddsy1352,4,electricity,\n")}});
    REQUIRE(imported.value(u"count").toInt() == 5);
    const QString names[] = {QStringLiteral("E-0001"), QStringLiteral("W-0001"), QStringLiteral("E-0002"),
                             QStringLiteral("E-0003"), QStringLiteral("E-0004")};
    for (const QJsonValue& m : imported.value(u"meters").toArray())
        meterIds.insert(names[m.toObject().value(u"line").toInt() - 2], m.toObject().value(u"id").toInteger());

    const QJsonObject zhang = call(QStringLiteral("account.open"), {{QStringLiteral("key"), QStringLiteral("open-1-101")},
                                                                    {QStringLiteral("code"), QStringLiteral("1-101")},
                                                                    {QStringLiteral("tenant_name"), QStringLiteral("张三")},
                                                                    {QStringLiteral("phone"), QStringLiteral("13800000000")}});
    call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("r-1-101")},
                                              {QStringLiteral("code"), QStringLiteral("1-101")},
                                              {QStringLiteral("amount"), QStringLiteral("50.00")}});
    call(QStringLiteral("account.link_rooms"), {{QStringLiteral("code"), QStringLiteral("1-101")}, {QStringLiteral("rooms"), QJsonArray{room101}}});
    call(QStringLiteral("account.configure"), {{QStringLiteral("account"), zhang.value(u"account").toInteger()},
                                               {QStringLiteral("tariff"), QStringLiteral("residential")},
                                               {QStringLiteral("alarm1"), QStringLiteral("20.00")},
                                               {QStringLiteral("alarm2"), QStringLiteral("10.00")}});
    call(QStringLiteral("account.open"), {{QStringLiteral("key"), QStringLiteral("open-1-102")},
                                          {QStringLiteral("code"), QStringLiteral("1-102")},
                                          {QStringLiteral("tenant_name"), QStringLiteral("李四")},
                                          {QStringLiteral("phone"), QStringLiteral("13900000000")}});
    call(QStringLiteral("account.link_rooms"), {{QStringLiteral("code"), QStringLiteral("1-102")}, {QStringLiteral("rooms"), QJsonArray{room102}}});

    QSignalSpy ok(&client, &api::ServiceClient::loggedIn);
    api::ServiceEndpoint e;
    e.port = server.port();
    client.open(e, deskOperator, TestServer::passwordOf(deskOperator));
    REQUIRE(waitUntil([&] { return ok.count() == 1; }));
}

} // namespace md::test
