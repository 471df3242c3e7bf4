// The property structure through the API: sites > buildings > units > rooms, codes and names
// unique within their parent, the tree in one call, every change in the operation log, the
// migration on both backends.

#include "property_fixture.h"

#include "api/api_error.h"
#include "schema/migrations.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

using namespace md;
using namespace md::test;
using namespace md::api;

namespace {

QJsonObject p(std::initializer_list<std::pair<QString, QJsonValue>> list)
{
    QJsonObject o;
    for (const auto& [k, v] : list)
        o.insert(k, v);
    return o;
}

} // namespace

TEST_CASE("Property tree: create, update, list, duplicates refused, every change logged", "[api][property]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestServer::Options o;
    o.backend = backend;
    TestServer server(o);
    auto eng = server.addOperator(QStringLiteral("gong"), QStringLiteral("engineer"));
    auto desk = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    auto boss = server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    const SmallProperty sp = makeSmallProperty(*eng);

    SECTION("a second room 101 in the same unit is refused by code and by name, with a message naming it")
    {
        const QJsonObject dup = eng->call(QStringLiteral("room.create"),
                                          p({{QStringLiteral("unit"), sp.unit1}, {QStringLiteral("code"), QStringLiteral("101")}}));
        CHECK(errorCode(dup) == DuplicateProperty);
        CHECK(errorMessage(dup).contains(u"\"101\""));
        const QJsonObject sameName = eng->call(QStringLiteral("room.create"),
                                               p({{QStringLiteral("unit"), sp.unit1}, {QStringLiteral("code"), QStringLiteral("103")},
                                                  {QStringLiteral("name"), QStringLiteral("102")}}));
        CHECK(errorCode(sameName) == DuplicateProperty);
        // Renaming 102 to 101 is a duplicate as well; renaming it to itself is not.
        CHECK(errorCode(eng->call(QStringLiteral("room.update"),
                                  p({{QStringLiteral("id"), sp.room102}, {QStringLiteral("code"), QStringLiteral("101")}}))) ==
              DuplicateProperty);
        CHECK(errorCode(eng->call(QStringLiteral("room.update"),
                                  p({{QStringLiteral("id"), sp.room102}, {QStringLiteral("code"), QStringLiteral("102")}}))) == 0);
        // A duplicate site and building too.
        CHECK(errorCode(eng->call(QStringLiteral("site.create"), p({{QStringLiteral("code"), QStringLiteral("A")}}))) ==
              DuplicateProperty);
        CHECK(errorCode(eng->call(QStringLiteral("building.create"),
                                  p({{QStringLiteral("site"), sp.site}, {QStringLiteral("code"), QStringLiteral("1")}}))) ==
              DuplicateProperty);
    }

    SECTION("bad input and unknown parents are refused")
    {
        CHECK(errorCode(eng->call(QStringLiteral("room.create"),
                                  p({{QStringLiteral("unit"), 999}, {QStringLiteral("code"), QStringLiteral("9")}}))) ==
              PropertyNotFound);
        CHECK(errorCode(eng->call(QStringLiteral("room.create"),
                                  p({{QStringLiteral("unit"), sp.unit1}, {QStringLiteral("code"), QStringLiteral("1/2")}}))) ==
              InvalidParams);
        CHECK(errorCode(eng->call(QStringLiteral("room.create"),
                                  p({{QStringLiteral("unit"), sp.unit1}, {QStringLiteral("code"), QStringLiteral("9")},
                                     {QStringLiteral("area"), QStringLiteral("1.234")}}))) == InvalidParams);
        CHECK(errorCode(eng->call(QStringLiteral("unit.create"),
                                  p({{QStringLiteral("building"), sp.building}, {QStringLiteral("code"), QStringLiteral("3")},
                                     {QStringLiteral("area"), QStringLiteral("10.00")}}))) == InvalidParams);
        CHECK(errorCode(eng->call(QStringLiteral("building.update"), p({{QStringLiteral("id"), 999}}))) == PropertyNotFound);
        // Nothing was written by the refusals.
        CHECK(resultOf(eng->call(QStringLiteral("room.list"))).value(u"rooms").toArray().size() == 3);
    }

    SECTION("update changes the room; lists and the tree show it, to cashiers too")
    {
        const QJsonObject r = resultOf(eng->call(QStringLiteral("room.update"),
                                                 p({{QStringLiteral("id"), sp.room101}, {QStringLiteral("name"), QStringLiteral("一零一")},
                                                    {QStringLiteral("area"), QStringLiteral("40")}, {QStringLiteral("remarks"), QStringLiteral("corner")}})));
        CHECK(r.value(u"area").toString() == u"40.00");
        CHECK(r.value(u"code").toString() == u"101");
        CHECK(r.value(u"floor").toInteger() == 1);
        const QJsonArray unit1 =
            resultOf(desk->call(QStringLiteral("room.list"), p({{QStringLiteral("unit"), sp.unit1}}))).value(u"rooms").toArray();
        REQUIRE(unit1.size() == 2);
        CHECK(unit1.at(0).toObject().value(u"name").toString() == u"一零一");
        CHECK(unit1.at(0).toObject().value(u"path").toString() == u"A/1/1/101");
        CHECK(unit1.at(1).toObject().value(u"area").toString() == u"42.00");

        const QJsonObject tree = resultOf(desk->call(QStringLiteral("property.tree")));
        const QJsonArray sites = tree.value(u"sites").toArray();
        REQUIRE(sites.size() == 1);
        const QJsonArray buildings = sites.at(0).toObject().value(u"buildings").toArray();
        REQUIRE(buildings.size() == 1);
        CHECK(buildings.at(0).toObject().value(u"name").toString() == u"1号楼");
        const QJsonArray units = buildings.at(0).toObject().value(u"units").toArray();
        REQUIRE(units.size() == 2);
        CHECK(units.at(0).toObject().value(u"rooms").toArray().size() == 2);
        CHECK(units.at(1).toObject().value(u"rooms").toArray().size() == 1);
        const QJsonObject room = units.at(0).toObject().value(u"rooms").toArray().at(0).toObject();
        CHECK(room.value(u"area").toString() == u"40.00");
        CHECK(room.value(u"remarks").toString() == u"corner");
        CHECK(room.value(u"account").isNull());
        CHECK(room.value(u"meters").toInteger() == 0);

        // Logged with before and after.
        const QJsonArray log = resultOf(boss->call(QStringLiteral("audit.query"), p({{QStringLiteral("action"), QStringLiteral("room-update")}})))
                                   .value(u"records")
                                   .toArray();
        REQUIRE(log.size() == 1);
        const QJsonObject detail = log.at(0).toObject().value(u"detail").toObject();
        CHECK(detail.value(u"before").toObject().value(u"area").toString() == u"35.50");
        CHECK(detail.value(u"after").toObject().value(u"area").toString() == u"40.00");
        CHECK(resultOf(boss->call(QStringLiteral("audit.query"), p({{QStringLiteral("action"), QStringLiteral("room-create")}})))
                  .value(u"records")
                  .toArray()
                  .size() == 3);
    }

    SECTION("an account rents rooms; a room rented by an open account is not another's")
    {
        const auto open = [&](const QString& code) {
            return resultOf(desk->call(QStringLiteral("account.open"),
                                       p({{QStringLiteral("key"), QStringLiteral("open-") + code}, {QStringLiteral("code"), code},
                                          {QStringLiteral("tenant_name"), QStringLiteral("张三")}})))
                .value(u"account")
                .toInteger();
        };
        const qint64 a = open(QStringLiteral("1-101"));
        const qint64 b = open(QStringLiteral("1-102"));
        const QJsonObject linked = resultOf(desk->call(QStringLiteral("account.link_rooms"),
                                                       p({{QStringLiteral("account"), a}, {QStringLiteral("rooms"), QJsonArray{sp.room101, sp.room102}}})));
        CHECK(linked.value(u"rooms").toArray().size() == 2);
        const QJsonObject taken = desk->call(QStringLiteral("account.link_rooms"),
                                             p({{QStringLiteral("account"), b}, {QStringLiteral("rooms"), QJsonArray{sp.room2101, sp.room102}}}));
        CHECK(errorCode(taken) == RoomTaken);
        CHECK(errorMessage(taken).contains(u"A/1/1/102"));
        CHECK(errorMessage(taken).contains(u"1-101"));
        // Nothing of the refused call stays: room 2-101 is still free.
        const QJsonArray rooms = resultOf(desk->call(QStringLiteral("room.list"))).value(u"rooms").toArray();
        int rented = 0;
        for (const QJsonValue& r : rooms) {
            if (!r.toObject().value(u"account").isNull()) {
                ++rented;
                CHECK(r.toObject().value(u"account").toObject().value(u"code").toString() == u"1-101");
            }
        }
        CHECK(rented == 2);
        CHECK(errorCode(eng->call(QStringLiteral("account.link_rooms"),
                                  p({{QStringLiteral("account"), b}, {QStringLiteral("rooms"), QJsonArray{sp.room2101}}}))) == Forbidden);
    }
}

TEST_CASE("Migration v4 keeps existing meters and runs once", "[api][property]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase tdb(backend);
    auto db = tdb.open();
    const auto all = meterdeskMigrations();
    storage::Migrator::migrate(*db, all.first(3));
    storage::SqlQuery(*db, QStringLiteral("INSERT INTO meters (nameplate, bus, protocol, map, address, options, utility, "
                                          "account_id, max_rate, installed_at, removed_at) VALUES "
                                          "('M-OLD', 'bus1', 'modbus', 'acrel-ddsy1352', '1', '{}', 'electricity', NULL, 0, 1, NULL)"))
        .exec();
    storage::Migrator::migrate(*db, all);
    storage::Migrator::migrate(*db, all); // again: nothing to do
    CHECK(storage::Migrator::currentVersion(*db) == int(all.size()));
    storage::SqlQuery q(*db, QStringLiteral("SELECT COUNT(*) FROM meters WHERE nameplate = 'M-OLD' AND room_id IS NULL"));
    CHECK(q.scalarInt() == 1);
    storage::SqlQuery rooms(*db, QStringLiteral("SELECT COUNT(*) FROM rooms"));
    CHECK(rooms.scalarInt() == 0);
}
