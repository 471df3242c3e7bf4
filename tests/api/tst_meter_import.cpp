// The meter registry through the API: CSV import (all or nothing, every bad row named by line
// and column), create/update/remove, and meter.list's colour states, filters and search, set
// up with real accounts and the collection tables' rows as the collection service writes them.

#include "property_fixture.h"

#include "api/api_error.h"
#include "property/meter_import.h"
#include "property/meter_status.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QJsonDocument>

using namespace md;
using namespace md::test;
using namespace md::api;

namespace {

const QString kHeader = QStringLiteral("nameplate,bus,protocol,map,address,utility,room,max_rate\n");

QJsonObject importCsv(api::ApiClient& c, const QString& csv, bool dryRun = false)
{
    return c.call(QStringLiteral("meter.import"), {{QStringLiteral("csv"), csv}, {QStringLiteral("dry_run"), dryRun}});
}

QJsonArray errorsOf(const QJsonObject& response)
{
    return response.value(u"error").toObject().value(u"data").toObject().value(u"errors").toArray();
}

QJsonArray listMeters(api::ApiClient& c, const QJsonObject& params = {})
{
    return resultOf(c.call(QStringLiteral("meter.list"), params)).value(u"meters").toArray();
}

QMap<QString, QString> statesByNameplate(const QJsonArray& meters)
{
    QMap<QString, QString> out;
    for (const QJsonValue& m : meters)
        out.insert(m.toObject().value(u"nameplate").toString(), m.toObject().value(u"state").toString());
    return out;
}

} // namespace

TEST_CASE("meter.import: a bad row imports nothing and names its line and column, a good file imports every row", "[api][meters]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestServer::Options o;
    o.backend = backend;
    TestServer server(o);
    auto eng = server.addOperator(QStringLiteral("gong"), QStringLiteral("engineer"));
    const SmallProperty sp = makeSmallProperty(*eng);

    // Line 1 is the header; line 4 has a DL/T 645 address of 11 digits.
    const QString oneBad = kHeader +
                           QStringLiteral("E-0001,bus1,modbus,acrel-ddsy1352,1,electricity,A/1/1/101,20000\n"
                                          "E-0002,bus1,modbus,acrel-ddsy1352,2,electricity,102,20000\n"
                                          "E-0003,bus2,dlt645,,00000000003,electricity,A/1/2/101,\n");
    const QJsonObject refused = importCsv(*eng, oneBad);
    REQUIRE(errorCode(refused) == ImportRejected);
    const QJsonArray errors = errorsOf(refused);
    REQUIRE(errors.size() == 1);
    CHECK(errors.at(0).toObject().value(u"line").toInteger() == 4);
    CHECK(errors.at(0).toObject().value(u"column").toString() == u"address");
    CHECK(errors.at(0).toObject().value(u"value").toString() == u"00000000003");
    CHECK(errorMessage(refused).contains(u"line 4"));
    CHECK(listMeters(*eng).isEmpty()); // lines 2 and 3 were good, and are not there either

    // Every problem of every line in one answer.
    const QString manyBad = kHeader +
                            QStringLiteral("E-0001,bus1,modbus,acrel-ddsy1352,1,electricity,A/1/1/101,20000\n"
                                           "E-0001,bus1,modbus,acrel-ddsy1352,1,gas,101,-5\n"   // line 3: dup nameplate, dup address, utility, ambiguous room, rate
                                           "\n"                                                   // line 4: blank, skipped
                                           "E-0005,bus1,modbus,no-such-map,300,water,A/1/9/101\n" // line 5: 7 fields
                                           "E-0006,bus1,iec62056,,1,water,,0\n");                 // line 6: protocol
    const QJsonObject many = importCsv(*eng, manyBad);
    REQUIRE(errorCode(many) == ImportRejected);
    QMultiMap<qint64, QString> where;
    for (const QJsonValue& e : errorsOf(many))
        where.insert(e.toObject().value(u"line").toInteger(), e.toObject().value(u"column").toString());
    CHECK(where.values(3).contains(QStringLiteral("nameplate")));
    CHECK(where.values(3).contains(QStringLiteral("address")));
    CHECK(where.values(3).contains(QStringLiteral("utility")));
    CHECK(where.values(3).contains(QStringLiteral("room")));
    CHECK(where.values(3).contains(QStringLiteral("max_rate")));
    CHECK(where.count(5) == 1);
    CHECK(where.values(6).contains(QStringLiteral("protocol")));
    CHECK_FALSE(where.contains(2));
    CHECK_FALSE(where.contains(4));

    // A header with an unknown or missing column is refused at line 1.
    const QJsonObject header = importCsv(*eng, QStringLiteral("nameplate,bus,protokol,address\nX,b,modbus,1\n"));
    REQUIRE(errorCode(header) == ImportRejected);
    QStringList headerColumns;
    for (const QJsonValue& e : errorsOf(header)) {
        CHECK(e.toObject().value(u"line").toInteger() == 1);
        headerColumns.append(e.toObject().value(u"column").toString());
    }
    CHECK(headerColumns.contains(QStringLiteral("protokol")));
    CHECK(headerColumns.contains(QStringLiteral("protocol")));

    // The good file: a dry run checks and writes nothing; then the import writes every row.
    const QString good = kHeader +
                         QStringLiteral("E-0001,bus1,modbus,acrel-ddsy1352,1,electricity,A/1/1/101,20000\n"
                                        "E-0002,bus1,modbus,acrel-ddsy1352,02,electricity,102,20000\n"
                                        "\"E-0003\",bus2,dlt645,,000000000003,electricity,A/1/2/101,\r\n"
                                        "W-0001,bus3,cjt188,,00000000000001,water,102,3000\n");
    const QJsonObject dry = resultOf(importCsv(*eng, good, true));
    CHECK(dry.value(u"dry_run").toBool());
    CHECK(dry.value(u"count").toInteger() == 4);
    CHECK(listMeters(*eng).isEmpty());
    const QJsonObject done = resultOf(importCsv(*eng, good));
    CHECK(done.value(u"count").toInteger() == 4);
    const QJsonArray rows = done.value(u"meters").toArray();
    REQUIRE(rows.size() == 4);
    CHECK(rows.at(2).toObject().value(u"line").toInteger() == 4);
    CHECK(rows.at(2).toObject().value(u"room").toString() == u"A/1/2/101");
    const QJsonArray meters = listMeters(*eng);
    REQUIRE(meters.size() == 4);
    for (const QJsonValue& m : meters)
        CHECK(m.toObject().value(u"state").toString() == u"not-opened");
    const QJsonObject w = resultOf(eng->call(QStringLiteral("meter.get"), {{QStringLiteral("nameplate"), QStringLiteral("W-0001")}}));
    CHECK(w.value(u"utility").toString() == u"water");
    CHECK(w.value(u"max_rate").toInteger() == 3000);
    CHECK(w.value(u"room").toObject().value(u"id").toInteger() == sp.room102);

    // The same file again: every row's nameplate and address are taken now.
    const QJsonObject again = importCsv(*eng, good);
    REQUIRE(errorCode(again) == ImportRejected);
    CHECK(errorsOf(again).size() == 8);
    CHECK(listMeters(*eng).size() == 4);
}

TEST_CASE("meter.create, update and remove: duplicates refused, history kept, each change logged", "[api][meters]")
{
    TestServer server;
    auto eng = server.addOperator(QStringLiteral("gong"), QStringLiteral("engineer"));
    auto boss = server.addOperator(QStringLiteral("li"), QStringLiteral("manager"));
    const SmallProperty sp = makeSmallProperty(*eng);
    const auto create = [&](const QString& nameplate, const QString& address) {
        return eng->call(QStringLiteral("meter.create"), {{QStringLiteral("nameplate"), nameplate},
                                                          {QStringLiteral("bus"), QStringLiteral("bus1")},
                                                          {QStringLiteral("protocol"), QStringLiteral("modbus")},
                                                          {QStringLiteral("map"), QStringLiteral("acrel-ddsy1352")},
                                                          {QStringLiteral("address"), address},
                                                          {QStringLiteral("room"), sp.room101}});
    };
    const QJsonObject m1 = resultOf(create(QStringLiteral("E-1"), QStringLiteral("1")));
    const qint64 id = m1.value(u"id").toInteger();
    CHECK(m1.value(u"room").toObject().value(u"path").toString() == u"A/1/1/101");
    CHECK(errorCode(create(QStringLiteral("E-1"), QStringLiteral("2"))) == DuplicateMeter);
    CHECK(errorCode(create(QStringLiteral("E-2"), QStringLiteral("01"))) == DuplicateMeter); // unit 1 again
    const QJsonObject bad = create(QStringLiteral("E-2"), QStringLiteral("248"));
    CHECK(errorCode(bad) == InvalidParams);
    CHECK(bad.value(u"error").toObject().value(u"data").toObject().value(u"errors").toArray().size() == 1);

    // Moved to another room by its code path, then out of any room.
    const QJsonObject moved = resultOf(eng->call(QStringLiteral("meter.update"), {{QStringLiteral("id"), id},
                                                                                 {QStringLiteral("room_code"), QStringLiteral("A/1/2/101")},
                                                                                 {QStringLiteral("max_rate"), 12000}}));
    CHECK(moved.value(u"room").toObject().value(u"id").toInteger() == sp.room2101);
    CHECK(moved.value(u"max_rate").toInteger() == 12000);
    CHECK(moved.value(u"nameplate").toString() == u"E-1");
    CHECK(resultOf(eng->call(QStringLiteral("meter.update"), {{QStringLiteral("id"), id}, {QStringLiteral("room"), QJsonValue()}}))
              .value(u"room")
              .isNull());

    // Removed: kept with its date, out of the default list, its address free again.
    CHECK(errorCode(eng->call(QStringLiteral("meter.remove"), {{QStringLiteral("id"), id},
                                                               {QStringLiteral("removed_at"), QStringLiteral("2000-01-01T00:00:00Z")}})) ==
          InvalidParams); // before it was installed
    const QJsonObject removed = resultOf(eng->call(QStringLiteral("meter.remove"), {{QStringLiteral("id"), id},
                                                                                   {QStringLiteral("reason"), QStringLiteral("burnt")}}));
    CHECK(removed.value(u"state").toString() == u"removed");
    CHECK_FALSE(removed.value(u"removed_at").isNull());
    CHECK(errorCode(eng->call(QStringLiteral("meter.remove"), {{QStringLiteral("id"), id}})) == MeterRemoved);
    CHECK(errorCode(eng->call(QStringLiteral("meter.update"), {{QStringLiteral("id"), id}, {QStringLiteral("bus"), QStringLiteral("bus2")}})) ==
          MeterRemoved);
    CHECK(listMeters(*eng).isEmpty());
    CHECK(listMeters(*eng, {{QStringLiteral("include_removed"), true}}).size() == 1);
    CHECK(errorCode(create(QStringLiteral("E-2"), QStringLiteral("1"))) == 0);
    CHECK(errorCode(eng->call(QStringLiteral("meter.get"), {{QStringLiteral("id"), 999}})) == MeterNotFound);

    QStringList actions;
    const QJsonArray log = resultOf(boss->call(QStringLiteral("audit.query"), {{QStringLiteral("limit"), 1000}})).value(u"records").toArray();
    for (const QJsonValue& r : log) {
        if (r.toObject().value(u"action").toString().startsWith(u"meter-"))
            actions.append(r.toObject().value(u"action").toString());
    }
    CHECK(actions == QStringList{QStringLiteral("meter-create"), QStringLiteral("meter-update"), QStringLiteral("meter-update"),
                                 QStringLiteral("meter-remove"), QStringLiteral("meter-create")});
}

TEST_CASE("meter.list: every colour state, balance, last reading, relay, filters and search", "[api][meters]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestServer::Options o;
    o.backend = backend;
    TestServer server(o);
    auto eng = server.addOperator(QStringLiteral("gong"), QStringLiteral("engineer"));
    auto desk = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const SmallProperty sp = makeSmallProperty(*eng);
    // Rooms 101 and 102 of unit 1 for 张三 (1-101); room 2-101 for 李四 (2-101). NORMAL..LOST
    // go to 张三's rooms, FREE-* to no room, FORCED to 李四's.
    const QString csv = kHeader + QStringLiteral("NORMAL,bus1,modbus,acrel-ddsy1352,1,electricity,A/1/1/101,0\n"
                                                 "ALARM1,bus1,modbus,acrel-ddsy1352,2,water,A/1/1/101,0\n"
                                                 "ALARM2,bus1,modbus,acrel-ddsy1352,3,heat,A/1/1/102,0\n"
                                                 "ARREARS,bus2,modbus,acrel-ddsy1352,4,electricity,A/1/1/102,0\n"
                                                 "LOST,bus2,modbus,acrel-ddsy1352,5,electricity,A/1/1/102,0\n"
                                                 "FORCED,bus2,modbus,acrel-ddsy1352,6,electricity,A/1/2/101,0\n"
                                                 "FREE-1,bus2,modbus,acrel-ddsy1352,7,electricity,,0\n");
    resultOf(importCsv(*eng, csv));
    const auto open = [&](const QString& code, const QString& tenant, const QString& phone) {
        return resultOf(desk->call(QStringLiteral("account.open"), {{QStringLiteral("key"), QStringLiteral("open-") + code},
                                                                    {QStringLiteral("code"), code},
                                                                    {QStringLiteral("tenant_name"), tenant},
                                                                    {QStringLiteral("phone"), phone}}))
            .value(u"account")
            .toInteger();
    };
    const qint64 zhang = open(QStringLiteral("1-101"), QStringLiteral("张三"), QStringLiteral("13800000001"));
    const qint64 li = open(QStringLiteral("2-101"), QStringLiteral("李四"), QStringLiteral("13900000002"));
    resultOf(desk->call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("r1")},
                                                             {QStringLiteral("account"), zhang},
                                                             {QStringLiteral("amount"), QStringLiteral("100.00")}}));
    const QJsonObject linked = resultOf(desk->call(QStringLiteral("account.link_rooms"),
                                                   {{QStringLiteral("account"), zhang}, {QStringLiteral("rooms"), QJsonArray{sp.room101, sp.room102}}}));
    CHECK(linked.value(u"meters_assigned").toArray().size() == 5);
    resultOf(desk->call(QStringLiteral("account.link_rooms"), {{QStringLiteral("code"), QStringLiteral("2-101")},
                                                               {QStringLiteral("rooms"), QJsonArray{sp.room2101}}}));

    // What the collection service would have written: runtime rows, a reading, a forced-on wallet.
    {
        auto db = storage::Database::open(server.databaseConfig());
        QMap<QString, qint64> ids;
        storage::SqlQuery m(*db, QStringLiteral("SELECT nameplate, id FROM meters"));
        m.exec();
        while (m.next())
            ids.insert(m.stringValue(0), m.intValue(1));
        const qint64 readAt = Q_INT64_C(1772323200000);
        storage::SqlQuery reading(*db, QStringLiteral("INSERT INTO readings (meter_id, at_ms, id, total_milli, switch_state, "
                                                      "flags, reason) VALUES (?, ?, 1, ?, 'on', 2, '')"));
        reading.bind(ids.value(QStringLiteral("NORMAL"))).bind(readAt).bind(Q_INT64_C(1234567)).exec();
        const auto runtime = [&](const char* nameplate, const char* level, int lost, const char* actual, const char* desired,
                                 QVariant lastGoodAt) {
            storage::SqlQuery q(*db, QStringLiteral("INSERT INTO meter_runtime (meter_id, last_good_at_ms, missed_cycles, "
                                                    "lost, switch_actual, switch_desired, alarm_level, updated_at) "
                                                    "VALUES (?, ?, 0, ?, ?, ?, ?, 0)"));
            q.bind(ids.value(QLatin1String(nameplate))).bind(lastGoodAt).bind(lost).bind(QLatin1String(actual))
                .bind(QLatin1String(desired)).bind(QLatin1String(level)).exec();
        };
        const QVariant none(QMetaType(QMetaType::LongLong));
        runtime("NORMAL", "normal", 0, "on", "on", readAt);
        runtime("ALARM1", "alarm1", 0, "on", "on", none);
        runtime("ALARM2", "alarm2", 0, "on", "on", none);
        runtime("ARREARS", "arrears", 0, "on", "off", none);
        runtime("LOST", "normal", 1, "unknown", "on", none);
        storage::SqlQuery force(*db, QStringLiteral("INSERT INTO account_collection (account_id, utility, tariff_key, alarm1_fen, "
                                                    "alarm2_fen, protected_windows, holidays, force_on, manual, updated_at) "
                                                    "VALUES (?, 'electricity', 'flat', 5000, 1000, '[]', '[]', 1, 'none', 0)"));
        force.bind(li).exec();
    }

    const QJsonObject all = resultOf(desk->call(QStringLiteral("meter.list")));
    const QJsonArray meters = all.value(u"meters").toArray();
    REQUIRE(meters.size() == 7);
    const QMap<QString, QString> states = statesByNameplate(meters);
    CHECK(states.value(QStringLiteral("NORMAL")) == u"opened-normal");
    CHECK(states.value(QStringLiteral("ALARM1")) == u"alarm-1");
    CHECK(states.value(QStringLiteral("ALARM2")) == u"alarm-2");
    CHECK(states.value(QStringLiteral("ARREARS")) == u"arrears");
    CHECK(states.value(QStringLiteral("LOST")) == u"lost");
    CHECK(states.value(QStringLiteral("FORCED")) == u"forced-on");
    CHECK(states.value(QStringLiteral("FREE-1")) == u"not-opened");
    const QJsonObject counts = all.value(u"counts").toObject();
    CHECK(counts.value(u"opened-normal").toInteger() == 1);
    CHECK(counts.value(u"not-opened").toInteger() == 1);

    for (const QJsonValue& v : meters) {
        const QJsonObject m = v.toObject();
        const QString name = m.value(u"nameplate").toString();
        INFO(name.toStdString());
        if (name == u"NORMAL") {
            CHECK(m.value(u"balance").toString() == u"100.00");
            CHECK(m.value(u"last_reading").toObject().value(u"value").toString() == u"1234.567");
            CHECK(m.value(u"last_reading").toObject().value(u"at").toString() == u"2026-03-01T00:00:00.000Z");
            CHECK(m.value(u"relay").toObject().value(u"actual").toString() == u"on");
            CHECK(m.value(u"account").toObject().value(u"tenant_name").toString() == u"张三");
        } else if (name == u"ALARM1") {
            CHECK(m.value(u"balance").toString() == u"0.00"); // the water wallet
        } else if (name == u"ARREARS") {
            CHECK(m.value(u"relay").toObject().value(u"desired").toString() == u"off");
        } else if (name == u"FREE-1") {
            CHECK(m.value(u"balance").isNull());
            CHECK(m.value(u"account").isNull());
            CHECK(m.value(u"room").isNull());
            CHECK(m.value(u"last_reading").isNull());
        }
    }

    // Without a runtime row the level comes from the wallet's balance and thresholds: 李四's
    // electricity wallet has 0.00 with alarm 1 at 50.00 and alarm 2 at 10.00 → alarm 2 once
    // force-on ends.
    {
        auto db = storage::Database::open(server.databaseConfig());
        storage::SqlQuery(*db, QStringLiteral("UPDATE account_collection SET force_on = 0")).exec();
    }
    CHECK(statesByNameplate(listMeters(*desk, {{QStringLiteral("search"), QStringLiteral("FORCED")}})).value(QStringLiteral("FORCED")) ==
          u"alarm-2");

    // An assigned meter keeps its utility (the engineer cannot move its billing to another wallet).
    const qint64 normalId = listMeters(*desk, {{QStringLiteral("search"), QStringLiteral("NORMAL")}}).at(0).toObject().value(u"id").toInteger();
    CHECK(errorCode(eng->call(QStringLiteral("meter.update"), {{QStringLiteral("id"), normalId}, {QStringLiteral("utility"), QStringLiteral("water")}})) ==
          InvalidParams);

    // Filters and search.
    CHECK(listMeters(*desk, {{QStringLiteral("building"), sp.building}}).size() == 6);
    CHECK(listMeters(*desk, {{QStringLiteral("room"), sp.room102}}).size() == 3);
    CHECK(listMeters(*desk, {{QStringLiteral("unit"), sp.unit2}}).size() == 1);
    CHECK(listMeters(*desk, {{QStringLiteral("bus"), QStringLiteral("bus1")}}).size() == 3);
    CHECK(listMeters(*desk, {{QStringLiteral("search"), QStringLiteral("张三")}}).size() == 5);
    CHECK(listMeters(*desk, {{QStringLiteral("search"), QStringLiteral("13900000002")}}).size() == 1);
    CHECK(listMeters(*desk, {{QStringLiteral("search"), QStringLiteral("free")}}).size() == 1); // nameplate, any case
    CHECK(listMeters(*desk, {{QStringLiteral("search"), QStringLiteral("A/1/1/102")}}).size() == 3);
    CHECK(listMeters(*desk, {{QStringLiteral("state"), QStringLiteral("lost")}}).size() == 1);
    CHECK(listMeters(*desk, {{QStringLiteral("bus"), QStringLiteral("bus2")}, {QStringLiteral("search"), QStringLiteral("李四")}}).size() == 1);

    // 李四 moves out (nothing to settle: the account closes at once); the room's meter is
    // not opened until the next tenant's account takes the room and, with it, the meter.
    CHECK(resultOf(desk->call(QStringLiteral("account.close"), {{QStringLiteral("key"), QStringLiteral("close-li")},
                                                                {QStringLiteral("account"), li}}))
              .value(u"status")
              .toString() == u"done");
    CHECK(statesByNameplate(listMeters(*desk)).value(QStringLiteral("FORCED")) == u"not-opened");
    const qint64 wang = open(QStringLiteral("2-101b"), QStringLiteral("王五"), QStringLiteral("13700000003"));
    const QJsonObject next = resultOf(desk->call(QStringLiteral("account.link_rooms"),
                                                 {{QStringLiteral("account"), wang}, {QStringLiteral("rooms"), QJsonArray{sp.room2101}}}));
    REQUIRE(next.value(u"meters_assigned").toArray().size() == 1);
    const QJsonObject forced = listMeters(*desk, {{QStringLiteral("search"), QStringLiteral("王五")}}).at(0).toObject();
    CHECK(forced.value(u"nameplate").toString() == u"FORCED");
    CHECK(forced.value(u"state").toString() == u"opened-normal");
    CHECK(forced.value(u"account").toObject().value(u"id").toInteger() == wang);
}

TEST_CASE("CSV text: quotes, doubled quotes, line breaks inside quotes, BOM, CRLF, blank lines, line numbers", "[api][meters]")
{
    const QString text = QStringLiteral("\uFEFFa,b,c\r\n"
                                        "\r\n"
                                        "1,\"x, y\",\"say \"\"hi\"\"\"\r\n"
                                        "2,\"two\nlines\", 3 \n"
                                        "4,,\n");
    const CsvParse p = parseCsv(text);
    CHECK(p.problems.isEmpty());
    REQUIRE(p.rows.size() == 4);
    CHECK(p.rows.at(0).line == 1);
    CHECK(p.rows.at(0).fields == QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    CHECK(p.rows.at(1).line == 3);
    CHECK(p.rows.at(1).fields.at(1) == u"x, y");
    CHECK(p.rows.at(1).fields.at(2) == u"say \"hi\"");
    CHECK(p.rows.at(2).line == 4);
    CHECK(p.rows.at(2).fields.at(1) == u"two\nlines");
    CHECK(p.rows.at(2).fields.at(2) == u"3"); // unquoted fields are trimmed
    CHECK(p.rows.at(3).line == 6);            // the quoted line break counted
    CHECK(p.rows.at(3).fields.size() == 3);

    const CsvParse open = parseCsv(QStringLiteral("a,b\n1,\"never closed\n2,3\n"));
    REQUIRE(open.problems.size() == 1);
    CHECK(open.problems.at(0).line == 2);
}

TEST_CASE("Meter colour precedence: removed, lost, not opened, forced on, then the alarm level", "[api][meters]")
{
    MeterColourInputs in;
    in.openAccount = true;
    in.balance = Money::fromFen(3000);
    CHECK(meterColour(in) == MeterColour::OpenedNormal);
    in.thresholds = AlarmThresholds{Money::fromFen(5000), Money::fromFen(1000)};
    CHECK(meterColour(in) == MeterColour::Alarm1); // from the balance, no runtime row yet
    in.runtimeLevel = AlarmLevel::Alarm2;
    CHECK(meterColour(in) == MeterColour::Alarm2); // the collection service's level wins
    in.runtimeLevel.reset();
    in.thresholds.reset();
    in.balance = Money::fromFen(-1);
    CHECK(meterColour(in) == MeterColour::Arrears);
    in.forceOn = true;
    CHECK(meterColour(in) == MeterColour::ForcedOn);
    in.openAccount = false;
    CHECK(meterColour(in) == MeterColour::NotOpened);
    in.lost = true;
    CHECK(meterColour(in) == MeterColour::Lost);
    in.removed = true;
    CHECK(meterColour(in) == MeterColour::Removed);
    CHECK(meterColourKey(MeterColour::Alarm1) == u"alarm-1");
    CHECK(meterColourKey(MeterColour::ForcedOn) == u"forced-on");
}

// Not part of the suite: figures for docs/performance.md.
//   MD_METER_BENCH=5000 build/tests/api/tests_api "meter.import and meter.list timings"
TEST_CASE("meter.import and meter.list timings", "[.bench]")
{
    const int n = qEnvironmentVariableIntValue("MD_METER_BENCH") > 0 ? qEnvironmentVariableIntValue("MD_METER_BENCH") : 5000;
    TestServer::Options o;
    o.maxLineBytes = 64 * 1024 * 1024;
    TestServer server(o);
    auto eng = server.addOperator(QStringLiteral("gong"), QStringLiteral("engineer"));
    auto desk = server.addOperator(QStringLiteral("wang"), QStringLiteral("cashier"));
    const SmallProperty sp = makeSmallProperty(*eng);
    QString csv = QStringLiteral("nameplate,bus,protocol,map,address,room\n");
    for (int i = 0; i < n; ++i)
        csv += QStringLiteral("B-%1,bus%2,modbus,acrel-ddsy1352,%3,%4\n")
                   .arg(i, 6, 10, QLatin1Char('0'))
                   .arg(i / 200)
                   .arg(i % 200 + 1)
                   .arg(i % 2 ? QStringLiteral("A/1/1/101") : QStringLiteral("A/1/2/101"));
    QElapsedTimer t;
    t.start();
    resultOf(eng->call(QStringLiteral("meter.import"), {{QStringLiteral("csv"), csv}, {QStringLiteral("dry_run"), true}}, 600000));
    const qint64 dry = t.restart();
    resultOf(eng->call(QStringLiteral("meter.import"), {{QStringLiteral("csv"), csv}}, 600000));
    const qint64 import = t.restart();
    for (int a = 0; a < 50; ++a) {
        const QString code = QStringLiteral("9-%1").arg(a);
        resultOf(desk->call(QStringLiteral("account.open"), {{QStringLiteral("key"), code}, {QStringLiteral("code"), code},
                                                             {QStringLiteral("tenant_name"), code}}));
    }
    // Half of the meters belong to 9-0's rooms (unit 1), the rest to none.
    resultOf(desk->call(QStringLiteral("account.link_rooms"), {{QStringLiteral("code"), QStringLiteral("9-0")},
                                                               {QStringLiteral("rooms"), QJsonArray{sp.room101}}}));
    t.restart();
    const QJsonArray all = listMeters(*desk);
    const qint64 list = t.restart();
    listMeters(*desk, {{QStringLiteral("search"), QStringLiteral("B-0049")}});
    const qint64 search = t.restart();
    CHECK(all.size() == n);
    WARN(n << " meters: import dry run " << dry << " ms, import " << import << " ms, meter.list " << list
           << " ms, meter.list search " << search << " ms");
}
