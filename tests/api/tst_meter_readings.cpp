// meter.readings: one meter's raw half-hourly readings over office days, a page at a time, the
// registers as decimal strings of the meter's unit; refused readings are listed with their flags.

#include "api_harness.h"

#include "api/api_error.h"
#include "collection/collection_store.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QJsonArray>
#include <QTimeZone>

using namespace md;
using namespace md::test;
using namespace md::api;

TEST_CASE("meter.readings pages one meter's readings of office days with exact registers", "[api][readings][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestServer::Options opt;
    opt.backend = backend;
    TestServer server(opt);
    auto eng = server.addOperator(QStringLiteral("zhou"), QStringLiteral("engineer"));
    auto desk = server.addOperator(QStringLiteral("wu"), QStringLiteral("cashier"));
    const auto create = [&](const char* nameplate, const char* address, const char* utility) {
        return resultOf(eng->call(QStringLiteral("meter.create"), {{QStringLiteral("nameplate"), QLatin1String(nameplate)},
                                                                   {QStringLiteral("bus"), QStringLiteral("b1")},
                                                                   {QStringLiteral("protocol"), QStringLiteral("modbus")},
                                                                   {QStringLiteral("map"), QStringLiteral("acrel-ddsy1352")},
                                                                   {QStringLiteral("address"), QLatin1String(address)},
                                                                   {QStringLiteral("utility"), QLatin1String(utility)}}))
            .value(u"id")
            .toInteger();
    };
    const qint64 meter = create("E-1", "1", "electricity");
    const qint64 other = create("W-1", "2", "water");
    REQUIRE(meter > 0);

    // 2025-03-01 and 03-02 office days (+08:00) of half-hourly readings, and one each side.
    const QTimeZone office("Asia/Shanghai");
    const qint64 day1 = QDateTime(QDate(2025, 3, 1), QTime(0, 0), office).toMSecsSinceEpoch();
    {
        auto db = storage::Database::open(server.databaseConfig());
        storage::SqlQuery insert(*db, QStringLiteral("INSERT INTO readings (meter_id, at_ms, id, total_milli, "
                                                     "sharp_milli, peak_milli, flat_milli, valley_milli, switch_state, "
                                                     "flags, reason) VALUES (?, ?, ?, ?, ?, NULL, NULL, NULL, 'on', ?, ?)"));
        for (qint64 i = -1; i <= 96; ++i) {
            const bool refused = i == 10;
            insert.bind(meter).bind(day1 + i * 1'800'000).bind(i + 2).bind(1'000'000 + i * 1250).bind(i * 7);
            insert.bind(refused ? qint64(ReadingFlag::Anomaly) : qint64(ReadingFlag::Billed));
            insert.bind(refused ? QStringLiteral("impossible-jump") : QStringLiteral("")).exec();
        }
        insert.bind(other).bind(day1).bind(100).bind(5).bind(QVariant(QMetaType(QMetaType::LongLong))).bind(qint64(ReadingFlag::Baseline));
        insert.bind(QStringLiteral("")).exec();
    }

    const auto page = [&](ApiClient& c, QJsonObject params) {
        params.insert(QStringLiteral("meter"), meter);
        params.insert(QStringLiteral("from"), QStringLiteral("2025-03-01"));
        params.insert(QStringLiteral("to"), QStringLiteral("2025-03-02"));
        return c.call(QStringLiteral("meter.readings"), params);
    };
    // Two office days: readings 0..95 (00:00 of 03-01 to 23:30 of 03-02), in pages of 40.
    QJsonArray all;
    QJsonValue next;
    int pages = 0;
    do {
        QJsonObject params{{QStringLiteral("limit"), 40}};
        if (next.isString())
            params.insert(QStringLiteral("after"), next);
        const QJsonObject r = resultOf(page(*desk, params));
        CHECK(r.value(u"unit").toString() == u"kWh");
        for (const QJsonValue& v : r.value(u"readings").toArray())
            all.append(v);
        next = r.value(u"next");
        ++pages;
    } while (next.isString() && pages < 10);
    CHECK(pages == 3);
    REQUIRE(all.size() == 96);
    const QJsonObject first = all.at(0).toObject();
    CHECK(first.value(u"at").toString() == u"2025-02-28T16:00:00.000Z");
    CHECK(first.value(u"total").toString() == u"1000.000");
    CHECK(first.value(u"sharp").toString() == u"0.000");
    CHECK(first.value(u"peak").isNull());
    CHECK(first.value(u"flags").toArray() == QJsonArray{QStringLiteral("billed")});
    const QJsonObject last = all.at(95).toObject();
    CHECK(last.value(u"at").toString() == u"2025-03-02T15:30:00.000Z");
    CHECK(last.value(u"total").toString() == u"1118.750");
    CHECK(last.value(u"sharp").toString() == u"0.665");
    const QJsonObject refused = all.at(10).toObject();
    CHECK(refused.value(u"flags").toArray() == QJsonArray{QStringLiteral("anomaly")});
    CHECK(refused.value(u"reason").toString() == u"impossible-jump");
    for (qsizetype i = 1; i < all.size(); ++i)
        CHECK(all.at(i).toObject().value(u"at").toString() > all.at(i - 1).toObject().value(u"at").toString());

    // One page for all; the other meter's reading is not among them.
    const QJsonObject one = resultOf(page(*desk, {{QStringLiteral("limit"), 5000}}));
    CHECK(one.value(u"readings").toArray().size() == 96);
    CHECK(one.value(u"next").isNull());
    const QJsonObject water = resultOf(desk->call(QStringLiteral("meter.readings"), {{QStringLiteral("meter"), other},
                                                                                    {QStringLiteral("from"), QStringLiteral("2025-03-01")},
                                                                                    {QStringLiteral("to"), QStringLiteral("2025-03-01")}}));
    CHECK(water.value(u"unit").toString() == u"m3");
    REQUIRE(water.value(u"readings").toArray().size() == 1);
    CHECK(water.value(u"readings").toArray().at(0).toObject().value(u"total").toString() == u"0.005");

    // Refusals: no such meter, a page too large, a foreign `after`, a role without the right.
    CHECK(errorCode(desk->call(QStringLiteral("meter.readings"), {{QStringLiteral("meter"), 999},
                                                                  {QStringLiteral("from"), QStringLiteral("2025-03-01")},
                                                                  {QStringLiteral("to"), QStringLiteral("2025-03-01")}})) == MeterNotFound);
    CHECK(errorCode(page(*desk, {{QStringLiteral("limit"), 5001}})) == InvalidParams);
    CHECK(errorCode(page(*desk, {{QStringLiteral("after"), QStringLiteral("yesterday")}})) == InvalidParams);
    CHECK(errorCode(page(*server.admin(), {})) == Forbidden);
}
