// The consumption side of the reports (consumption, compare, alarms) and verify-rollups, over
// the report fixture plus meters in rooms whose readings go through the real ReadingIngestor, so
// that the daily rollups are the ones the service writes. SQLite and MariaDB; golden CSVs in
// tests/report/golden (MD_UPDATE_GOLDEN=1 rewrites them from the SQLite run).

#include "report_fixture.h"

#include "collection/reading_ingestor.h"
#include "property/property_store.h"
#include "report/alarm_history_report.h"
#include "report/consumption_report.h"
#include "report/report_render.h"
#include "report/rollup_check.h"
#include "rollup/monthly_rollups.h"
#include "schema/migrations.h"
#include "storage/bulk_sql.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QTemporaryDir>

using namespace md;
using namespace md::test;
using namespace md::report;

namespace {


qint64 milli(const char* text)
{
    return Quantity::parse(QString::fromLatin1(text), Unit::KilowattHour)->milli();
}

struct Feed
{
    ReportFixture& f;
    ReadingIngestor ingestor;

    Feed(ReportFixture& fixture, const QTimeZone& zone)
        : f(fixture)
        , ingestor(fixture.db(), fixture.clock(), options(zone))
    {
    }

    static IngestOptions options(const QTimeZone& zone)
    {
        IngestOptions o;
        o.officeZone = zone;
        return o;
    }

    // A reading at a wall-clock time of `zone`: total, and the four TOU registers when given.
    IngestOutcome read(qint64 meter, const QDateTime& at, const char* total,
                       std::initializer_list<const char*> tou = {})
    {
        const MeterReading r = ReportFixture::reading(meter, at, total, tou);
        f.clock().set(r.registers.utc);
        return ingestor.ingest(r);
    }
};

QDateTime sh(int y, int mo, int d, int h, int mi)
{
    return ReportFixture::officeTime(y, mo, d, h, mi);
}

// Site 1 > buildings A (1) and B (2) > one unit each > rooms A-101 (1), B-201 (2). Meters
// (unassigned, so nothing is billed and the money reports are untouched):
//   4 E-TOU-4 in A-101, electricity with sharp/peak/flat/valley, 100 kWh/h at most;
//   5 E-0005  in B-201, electricity, total only, 10 kWh/h at most (so 900 after 1100 is an anomaly);
//   6 W-0006  in A-101, water.
// Consumption (kWh / m3) by office day, as the ingestor puts it on the day of the reading that
// ends each interval:
//   4: 2025-02-20 50 (s5 p20 f15 v10); 2026-01-15 250 (s25 p100 f75 v50); 2026-01-31 10 (23:30);
//      2026-02-01 1 (00:30 local, still Jan 31 in UTC); 2026-02-20 30.
//   5: 2025-12-31 2.5 (23:50); 2026-01-01 0.5 (00:10 local) + 7; 2026-02-05 90; 2026-02-06 an
//      anomaly (900 after 1100), not billed; 2026-02-07 5 (against 1100).
//   6: 2025-02-28 10; 2026-01-10 30; 2026-02-10 12.345.
void addMetersInRooms(ReportFixture& f)
{
    f.exec(QStringLiteral("INSERT INTO sites (id, code, name, remarks, created_at, updated_at) VALUES (1, 'S', 'Site', '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO buildings (id, site_id, code, name, remarks, created_at, updated_at) VALUES "
                          "(1, 1, 'A', 'Building A', '', 0, 0), (2, 1, 'B', 'Building B', '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO units (id, building_id, code, name, remarks, created_at, updated_at) VALUES "
                          "(1, 1, 'U1', 'Unit A1', '', 0, 0), (2, 2, 'U1', 'Unit B1', '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO rooms (id, unit_id, code, name, floor, area_centi_m2, remarks, created_at, updated_at) "
                          "VALUES (1, 1, 'A-101', 'Shop A-101', 1, 5000, '', 0, 0), "
                          "(2, 2, 'B-201', 'Shop B-201', 2, 8000, '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO meters (id, nameplate, bus, protocol, map, address, options, utility, account_id, "
                          "max_rate, installed_at, room_id) VALUES "
                          "(4, 'E-TOU-4', 'bus1', 'dlt645', 'm', '4', '{}', 'electricity', NULL, 100000, 0, 1), "
                          "(5, 'E-0005', 'bus1', 'modbus', 'm', '5', '{}', 'electricity', NULL, 10000, 0, 2), "
                          "(6, 'W-0006', 'bus1', 'cjt188', 'm', '6', '{}', 'water', NULL, 100000, 0, 1)"));
    Feed in(f, ReportFixture::office());
    in.read(4, sh(2025, 2, 10, 8, 0), "100", {"0", "50", "30", "20"});
    in.read(6, sh(2025, 2, 10, 10, 0), "10");
    in.read(4, sh(2025, 2, 20, 8, 0), "150", {"5", "70", "45", "30"});
    in.read(6, sh(2025, 2, 28, 10, 0), "20");
    in.read(5, sh(2025, 12, 31, 23, 0), "1000");
    in.read(5, sh(2025, 12, 31, 23, 50), "1002.5");
    in.read(5, sh(2026, 1, 1, 0, 10), "1003");
    in.read(5, sh(2026, 1, 1, 8, 0), "1010");
    in.read(6, sh(2026, 1, 10, 10, 0), "50");
    in.read(4, sh(2026, 1, 15, 12, 0), "400", {"30", "170", "120", "80"});
    in.read(4, sh(2026, 1, 31, 23, 30), "410", {"31", "174", "123", "82"});
    in.read(4, sh(2026, 2, 1, 0, 30), "411", {"31", "174", "124", "82"});
    in.read(5, sh(2026, 2, 5, 8, 0), "1100");
    const IngestOutcome bad = in.read(5, sh(2026, 2, 6, 8, 0), "900");
    REQUIRE(bad.status == IngestOutcome::Status::Anomaly);
    in.read(5, sh(2026, 2, 7, 8, 0), "1105");
    in.read(6, sh(2026, 2, 10, 10, 0), "62.345");
    in.read(4, sh(2026, 2, 20, 10, 0), "441", {"35", "190", "130", "86"});
}

ConsumptionQuery consumption(QDate from, QDate to, Granularity g, ConsumptionGroup group,
                             std::optional<Utility> u = std::nullopt)
{
    ConsumptionQuery q;
    q.from = from;
    q.to = to;
    q.granularity = g;
    q.group = group;
    q.utility = u;
    return q;
}

qint64 quantity(const ReportTable& t, int row, const char* key)
{
    return t.cell(row, QLatin1String(key)).number();
}

int findRow(const ReportTable& t, const char* key, const QString& value, const char* key2 = nullptr,
            const QString& value2 = {})
{
    for (int r = 0; r < t.rows().size(); ++r) {
        const Cell& c = t.cell(r, QLatin1String(key));
        if (c == Cell::text(value) && (!key2 || t.cell(r, QLatin1String(key2)) == Cell::text(value2)))
            return r;
    }
    return -1;
}

} // namespace

TEST_CASE("Percent change is exact decimal text rounded half away from zero", "[report]")
{
    CHECK(percentChange(3, 1) == QStringLiteral("-66.67"));
    CHECK(percentChange(3, 2) == QStringLiteral("-33.33"));
    CHECK(percentChange(8, 9) == QStringLiteral("12.50"));
    CHECK(percentChange(1, 0) == QStringLiteral("-100.00"));
    CHECK(percentChange(1, -1) == QStringLiteral("-200.00"));
    CHECK(percentChange(-100, 50) == QStringLiteral("150.00")); // against |before|
    CHECK(percentChange(0, 5).isEmpty());
    CHECK(percentChange(20000, 20001) == QStringLiteral("0.01"));   // exactly half a basis point: away from zero
    CHECK(percentChange(20000, 19999) == QStringLiteral("-0.01"));
    CHECK(percentChange(200000, 200001) == QStringLiteral("0.00")); // a twentieth of one
    CHECK(percentChange(338040, 246710) == QStringLiteral("-27.02")); // -27.0175...
    CHECK(percentChange(7, 7) == QStringLiteral("0.00"));
    CHECK(percentChange(3, 30000000003) == QStringLiteral("1000000000000.00"));
}

TEST_CASE("Previous and last year's periods of whole months and of days", "[report]")
{
    const auto p = [](QDate a, QDate b) { return ReportPeriod{a, b, ReportFixture::office()}; };
    const ReportPeriod feb = p(QDate(2024, 2, 1), QDate(2024, 2, 29));
    CHECK(previousPeriod(feb).from == QDate(2024, 1, 1));
    CHECK(previousPeriod(feb).to == QDate(2024, 1, 31));
    CHECK(lastYearPeriod(feb).from == QDate(2023, 2, 1));
    CHECK(lastYearPeriod(feb).to == QDate(2023, 2, 28));
    const ReportPeriod q1 = p(QDate(2026, 1, 1), QDate(2026, 3, 31));
    CHECK(previousPeriod(q1).from == QDate(2025, 10, 1));
    CHECK(previousPeriod(q1).to == QDate(2025, 12, 31));
    const ReportPeriod days = p(QDate(2026, 1, 10), QDate(2026, 1, 16));
    CHECK(previousPeriod(days).from == QDate(2026, 1, 3));
    CHECK(previousPeriod(days).to == QDate(2026, 1, 9));
    CHECK(lastYearPeriod(days).from == QDate(2025, 1, 10));
}

TEST_CASE("Consumption, compare and alarm goldens over ingested readings", "[report][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    addMetersInRooms(f);
    storage::Database& db = f.db();

    const ReportTable byMeter = consumptionReport(
        db, consumption(QDate(2025, 1, 1), QDate(2026, 12, 31), Granularity::Month, ConsumptionGroup::Meter));
    checkReportGolden(byMeter, QStringLiteral("consumption_month_meter"), backend);
    CHECK(byMeter.summaryValue(QStringLiteral("total_electricity")).number() ==
          milli("341") + milli("105") + milli("70.54") + milli("9.46") + milli("20.25") + milli("91"));
    CHECK(byMeter.summaryValue(QStringLiteral("total_water")).number() == milli("52.345") + milli("2.468"));
    CHECK(byMeter.totals()->at(byMeter.columnIndex(QStringLiteral("total"))).isEmpty()); // mixed units: not summed
    const int jan4 = findRow(byMeter, "period", QStringLiteral("2026-01"), "nameplate", QStringLiteral("E-TOU-4"));
    REQUIRE(jan4 >= 0);
    CHECK(quantity(byMeter, jan4, "total") == milli("260"));
    CHECK(quantity(byMeter, jan4, "sharp") == milli("26"));
    CHECK(quantity(byMeter, jan4, "peak") == milli("104"));
    CHECK(quantity(byMeter, jan4, "flat") == milli("78"));
    CHECK(quantity(byMeter, jan4, "valley") == milli("52"));
    const int feb5 = findRow(byMeter, "period", QStringLiteral("2026-02"), "nameplate", QStringLiteral("E-0005"));
    REQUIRE(feb5 >= 0);
    CHECK(quantity(byMeter, feb5, "total") == milli("95")); // the anomaly is not consumption
    CHECK(quantity(byMeter, feb5, "readings") == 3);

    // Across the year boundary by day and room: 23:50 on Dec 31st and 00:10 on Jan 1st.
    const ReportTable boundary = consumptionReport(
        db, consumption(QDate(2025, 12, 31), QDate(2026, 1, 1), Granularity::Day, ConsumptionGroup::Room));
    checkReportGolden(boundary, QStringLiteral("consumption_day_room_new_year"), backend);
    REQUIRE(boundary.rows().size() == 2);
    CHECK(quantity(boundary, 0, "total") == milli("2.5"));
    CHECK(quantity(boundary, 1, "total") == milli("7.5"));

    const ReportTable years =
        consumptionReport(db, consumption(QDate(2025, 1, 1), QDate(2026, 12, 31), Granularity::Year,
                                          ConsumptionGroup::Building, Utility::Electricity));
    checkReportGolden(years, QStringLiteral("consumption_year_building_electricity"), backend);
    CHECK(years.totals()->at(years.columnIndex(QStringLiteral("total"))).number() ==
          milli("341") + milli("105") + milli("70.54") + milli("9.46") + milli("20.25") + milli("91"));

    CompareQuery cq;
    cq.period = ReportPeriod{QDate(2026, 2, 1), QDate(2026, 2, 28), ReportFixture::office()};
    const ReportTable cmp = compareReport(db, cq);
    checkReportGolden(cmp, QStringLiteral("compare_feb_utility"), backend);
    const int e = findRow(cmp, "group", QStringLiteral("electricity"));
    REQUIRE(e >= 0);
    CHECK(quantity(cmp, e, "current") == milli("246.71"));  // 31 + 95 + 9.46 + 20.25 + 91
    CHECK(quantity(cmp, e, "previous") == milli("338.04")); // 260 + 7.5 + 70.54
    CHECK(quantity(cmp, e, "last_year") == milli("50"));
    CHECK(cmp.cell(e, QStringLiteral("change_percent")) == Cell::text(QStringLiteral("-27.02")));
    CHECK(cmp.cell(e, QStringLiteral("yoy_percent")) == Cell::text(QStringLiteral("393.42")));
    cq.group = ConsumptionGroup::Building;
    cq.utility = Utility::Electricity;
    checkReportGolden(compareReport(db, cq), QStringLiteral("compare_feb_building_electricity"), backend);
    CompareQuery sq;
    sq.figure = CompareFigure::Sales;
    sq.period = cq.period;
    const ReportTable sales = compareReport(db, sq);
    checkReportGolden(sales, QStringLiteral("compare_sales_feb"), backend);
    const int net = findRow(sales, "figure", QStringLiteral("net"));
    REQUIRE(net >= 0);
    CHECK(sales.cell(net, QStringLiteral("current")).number() == -14000); // reconcile_feb's -145.00 to 02-05, and r8's 5.00
    CHECK(sales.cell(net, QStringLiteral("previous")).number() == 52000);

    // Alarm history: level changes and a lost meter in the period, one before it; relay
    // commands: confirmed ones are not listed.
    const auto at = [](int mo, int d, int h) { return sh(2026, mo, d, h, 0).toMSecsSinceEpoch(); };
    f.exec(QStringLiteral("INSERT INTO alarm_events (account_id, utility, meter_id, kind, from_level, to_level, balance_fen, "
                          "detail, at_ms) VALUES "
                          "(%1, 'electricity', 1, 'level', 'normal', 'alarm1', 17473, '', %3), "
                          "(%2, 'electricity', 3, 'level', 'alarm1', 'alarm2', 5350, '', %4), "
                          "(NULL, 'electricity', 5, 'lost', 'normal', 'normal', NULL, '4 cycles unanswered', %5), "
                          "(%1, 'electricity', 1, 'purchase-count', 'alarm1', 'alarm1', NULL, 'meter 3, ledger 4', %6)")
               .arg(f.a1.v)
               .arg(f.a2.v)
               .arg(at(2, 4, 11))
               .arg(at(2, 2, 14))
               .arg(at(2, 5, 3))
               .arg(at(1, 20, 9)));
    f.exec(QStringLiteral("INSERT INTO relay_commands (meter_id, command, reason, status, attempts, requested_at, due_at, "
                          "last_error) VALUES "
                          "(3, 'trip', 'arrears', 'confirmed', 1, %1, %1, ''), "
                          "(4, 'trip', 'manual', 'failed', 3, %1, %1, 'no answer'), "
                          "(5, 'close', 'recharge', 'sent', 1, %2, %2, '')")
               .arg(at(2, 3, 18))
               .arg(at(2, 5, 9)));
    const AlarmHistory h = alarmHistoryReport(db, ReportPeriod{QDate(2026, 2, 1), QDate(2026, 2, 28), ReportFixture::office()});
    checkReportGolden(h.events, QStringLiteral("alarms_feb"), backend);
    checkReportGolden(h.commands, QStringLiteral("alarms_feb_relay_commands"), backend);
    CHECK(h.events.rows().size() == 3);
    CHECK(h.commands.rows().size() == 2);
    CHECK(h.commands.summaryValue(QStringLiteral("failed")).number() == 1);
}

TEST_CASE("Every room's path from one joined read is the path the desk shows", "[report][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    addMetersInRooms(f);
    // A second site with Chinese codes, and a unit with no rooms.
    f.exec(QStringLiteral("INSERT INTO sites (id, code, name, remarks, created_at, updated_at) VALUES (2, '东区', '东区', '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO buildings (id, site_id, code, name, remarks, created_at, updated_at) VALUES "
                          "(3, 2, '3号楼', '三号楼', '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO units (id, building_id, code, name, remarks, created_at, updated_at) VALUES "
                          "(3, 3, '1单元', '一单元', '', 0, 0), (4, 3, '2单元', '二单元', '', 0, 0)"));
    f.exec(QStringLiteral("INSERT INTO rooms (id, unit_id, code, name, floor, area_centi_m2, remarks, created_at, updated_at) "
                          "VALUES (3, 3, '101', '101室', 1, 9000, '', 0, 0), (4, 3, 'A-101', '同号', 1, 9000, '', 0, 0)"));
    PropertyStore store(f.db());
    QHash<qint64, QString> expected;
    for (const RoomPlace& p : store.allRooms())
        expected.insert(p.room.id, p.path());
    REQUIRE(expected.size() == 4);
    CHECK(expected.value(3) == QStringLiteral("东区/3号楼/1单元/101"));
    CHECK(expected.value(1) == QStringLiteral("S/A/U1/A-101"));
    for (const bool direct : {true, false}) {
        storage::bulk::setDirectBindAllowed(direct);
        CHECK(store.roomPaths() == expected);
    }
    storage::bulk::setDirectBindAllowed(true);
}

TEST_CASE("A DST-free office zone rolls readings up on its own days", "[report][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    f.exec(QStringLiteral("DELETE FROM meter_daily"));
    f.exec(QStringLiteral("INSERT INTO meters (id, nameplate, bus, protocol, map, address, options, utility, account_id, "
                          "max_rate, installed_at) VALUES (4, 'E-IN-4', 'bus1', 'modbus', 'm', '4', '{}', 'electricity', "
                          "NULL, 100000, 0)"));
    // Asia/Kolkata is UTC+05:30 all year: 23:45 local is 18:15 UTC, 00:15 local the next day
    // is still the day before in UTC.
    const QTimeZone kolkata(QByteArrayLiteral("Asia/Kolkata"));
    Feed in(f, kolkata);
    in.read(4, QDateTime(QDate(2026, 3, 10), QTime(12, 0), kolkata), "10");
    in.read(4, QDateTime(QDate(2026, 3, 10), QTime(23, 45), kolkata), "12");
    in.read(4, QDateTime(QDate(2026, 3, 11), QTime(0, 15), kolkata), "15");
    const ReportTable days = consumptionReport(
        f.db(), consumption(QDate(2026, 3, 10), QDate(2026, 3, 11), Granularity::Day, ConsumptionGroup::Utility));
    checkReportGolden(days, QStringLiteral("consumption_day_kolkata"), backend);
    REQUIRE(days.rows().size() == 2);
    CHECK(quantity(days, 0, "total") == milli("2"));
    CHECK(quantity(days, 1, "total") == milli("3"));
    CHECK(verifyRollups(f.db(), kolkata).mismatches.isEmpty());
    // Recomputed by Shanghai's days (2.5 h ahead), 23:45 is 02:15 on the 11th: days disagree.
    CHECK_FALSE(verifyRollups(f.db(), ReportFixture::office()).mismatches.isEmpty());
}

TEST_CASE("verify-rollups finds no mismatch in real rollups and names the one corrupted row", "[report][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    addMetersInRooms(f);
    // The fixture's hand-written rollups of meters 1-3 have no readings behind them.
    const RollupCheck handMade = verifyRollups(f.db(), ReportFixture::office());
    CHECK(handMade.mismatches.size() == 5);
    f.exec(QStringLiteral("DELETE FROM meter_daily WHERE meter_id IN (1, 2, 3)"));
    const RollupCheck clean = verifyRollups(f.db(), ReportFixture::office());
    CHECK(clean.mismatches.isEmpty());
    CHECK(clean.readings == 17);
    CHECK(clean.days == 15);

    f.exec(QStringLiteral("UPDATE meter_daily SET used_peak_milli = used_peak_milli + 1 WHERE meter_id = 4 AND day = '2026-02-20'"));
    const RollupCheck broken = verifyRollups(f.db(), ReportFixture::office());
    REQUIRE(broken.mismatches.size() == 1);
    CHECK(broken.mismatches.front().meter == 4);
    CHECK(broken.mismatches.front().day == QStringLiteral("2026-02-20"));
    CHECK(broken.mismatches.front().problem.contains(QStringLiteral("used_peak_milli")));
    f.exec(QStringLiteral("DELETE FROM meter_daily WHERE meter_id = 6 AND day = '2026-01-10'"));
    CHECK(verifyRollups(f.db(), ReportFixture::office()).mismatches.size() == 2);
}

TEST_CASE("meterdeskd verify-rollups --config exits 1 naming the corrupted meter and day", "[report]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString dbPath = dir.filePath(QStringLiteral("md.db"));
    {
        ReportFixture f(Backend::Sqlite);
        addMetersInRooms(f);
        f.exec(QStringLiteral("DELETE FROM meter_daily WHERE meter_id IN (1, 2, 3)"));
        f.exec(QStringLiteral("DELETE FROM meter_monthly WHERE meter_id IN (1, 2, 3)"));
        f.exec(QStringLiteral("VACUUM INTO '%1'").arg(dbPath));
    }
    const auto run = [&](QString& out) { return verifyRollupsCommand(dir.path(), out); };
    QString out;
    CHECK(run(out) == 0);
    CHECK(out.contains(QStringLiteral(": 0 mismatches")));
    {
        auto db = storage::Database::open(storage::DatabaseConfig::fromUrl(QStringLiteral("sqlite:") + dbPath));
        storage::SqlQuery q(*db, QStringLiteral("UPDATE meter_daily SET used_total_milli = 1 WHERE meter_id = 5 "
                                                "AND day = '2026-02-07'"));
        q.exec();
    }
    out.clear();
    CHECK(run(out) == 1);
    CHECK(out.contains(QStringLiteral("MISMATCH meter 5 (E-0005) day 2026-02-07")));
    CHECK(out.contains(QStringLiteral(": 1 mismatches")));
}

// How long consumption and compare take over two years of daily rollups (hidden: run by tag).
//   MD_CONSUMPTION_BENCH_METERS=1000 build/tests/report/tests_report "[.bench-consumption]"
// The rollup rows are written by SQL (their values do not matter to the timing): one row per
// meter and day of 2025 and 2026, meters in 20 buildings of 50 rooms.
TEST_CASE("Consumption report timings over two years of rollups", "[.bench-consumption]")
{
    bool ok = false;
    const int envMeters = qEnvironmentVariableIntValue("MD_CONSUMPTION_BENCH_METERS", &ok);
    const int meters = ok && envMeters > 0 ? envMeters : 1000;
    TestDatabase test(Backend::Sqlite);
    auto db = test.open();
    storage::Migrator::migrate(*db, meterdeskMigrations());
    const auto exec = [&](const QString& sql) {
        storage::SqlQuery q(*db, sql);
        q.exec();
    };
    QElapsedTimer build;
    build.start();
    {
        storage::TransactionGuard tx(*db);
        exec(QStringLiteral("INSERT INTO sites (id, code, name, remarks, created_at, updated_at) VALUES (1, 'S', 'S', '', 0, 0)"));
        for (int b = 1; b <= 20; ++b) {
            exec(QStringLiteral("INSERT INTO buildings (id, site_id, code, name, remarks, created_at, updated_at) VALUES "
                                "(%1, 1, 'B%1', 'Building %1', '', 0, 0)")
                     .arg(b));
            exec(QStringLiteral("INSERT INTO units (id, building_id, code, name, remarks, created_at, updated_at) VALUES "
                                "(%1, %1, 'U', 'U', '', 0, 0)")
                     .arg(b));
        }
        for (int m = 1; m <= meters; ++m) {
            const int room = (m - 1) % 1000 + 1;
            if (m <= 1000)
                exec(QStringLiteral("INSERT INTO rooms (id, unit_id, code, name, floor, area_centi_m2, remarks, created_at, "
                                    "updated_at) VALUES (%1, %2, 'R%1', 'R%1', 1, 1000, '', 0, 0)")
                         .arg(room)
                         .arg((room - 1) % 20 + 1));
            exec(QStringLiteral("INSERT INTO meters (id, nameplate, bus, protocol, map, address, options, utility, "
                                "account_id, max_rate, installed_at, room_id) VALUES (%1, 'M%1', 'bus', 'modbus', 'm', "
                                "'%1', '{}', '%2', NULL, 0, 0, %3)")
                     .arg(m)
                     .arg(m % 5 == 0 ? QStringLiteral("water") : QStringLiteral("electricity"))
                     .arg(room));
        }
        for (QDate d(2025, 1, 1); d <= QDate(2026, 12, 31); d = d.addDays(1)) {
            QString sql = QStringLiteral(
                "INSERT INTO meter_daily (meter_id, day, first_at_ms, last_at_ms, first_total_milli, last_total_milli, "
                "used_total_milli, used_sharp_milli, used_peak_milli, used_flat_milli, used_valley_milli, reading_count, "
                "anomaly_count) VALUES ");
            for (int m = 1; m <= meters; ++m) {
                if (m > 1)
                    sql += u',';
                sql += QStringLiteral("(%1, '%2', 0, 0, 0, 0, %3, 0, %4, %5, 0, 48, 0)")
                           .arg(m)
                           .arg(d.toString(Qt::ISODate))
                           .arg(10000 + m)
                           .arg(4000 + m)
                           .arg(6000);
            }
            exec(sql);
        }
        rebuildMeterMonthly(*db);
        tx.commit();
    }
    WARN("built " << meters * 730 << " rollup rows in " << build.elapsed() << " ms");
    const auto time = [&](const char* what, auto&& run) {
        QElapsedTimer t;
        t.start();
        run();
        WARN(what << ": " << t.elapsed() << " ms");
    };
    const QDate y0(2026, 1, 1), y1(2026, 12, 31);
    time("consumption, a year by month per meter", [&] {
        CHECK(consumptionReport(*db, consumption(y0, y1, Granularity::Month, ConsumptionGroup::Meter)).rows().size() ==
              meters * 12);
    });
    time("consumption, a year by day per building, electricity", [&] {
        consumptionReport(*db, consumption(y0, y1, Granularity::Day, ConsumptionGroup::Building, Utility::Electricity));
    });
    time("consumption, two years by year per utility", [&] {
        consumptionReport(*db, consumption(QDate(2025, 1, 1), y1, Granularity::Year, ConsumptionGroup::Utility));
    });
    time("consumption, December by day per room", [&] {
        consumptionReport(*db, consumption(QDate(2026, 12, 1), y1, Granularity::Day, ConsumptionGroup::Room));
    });
    CompareQuery cq;
    cq.period = ReportPeriod{QDate(2026, 12, 1), y1, ReportFixture::office()};
    cq.group = ConsumptionGroup::Meter;
    time("compare, December per meter", [&] { compareReport(*db, cq); });

    // verify-rollups over a month of half-hourly readings of 100 meters (148,800 readings),
    // written by SQL: the synthetic rollups above do not match them, so the 3,100 meter-days
    // are all mismatches; the time is the recomputation's.
    exec(QStringLiteral("DELETE FROM meter_daily WHERE meter_id > 100 OR day < '2026-12-01'"));
    {
        storage::TransactionGuard tx(*db);
        for (int m = 1; m <= 100; ++m) {
            for (QDate d(2026, 12, 1); d <= y1; d = d.addDays(1)) {
                QString sql = QStringLiteral("INSERT INTO readings (meter_id, at_ms, id, total_milli, switch_state, flags, "
                                             "reason) VALUES ");
                for (int k = 0; k < 48; ++k) {
                    const qint64 at = QDateTime(d, QTime(0, 0), ReportFixture::office()).toMSecsSinceEpoch() + k * 1800000;
                    sql += QStringLiteral("%1(%2, %3, %4, %5, 'on', 2, '')")
                               .arg(k ? QStringLiteral(",") : QString())
                               .arg(m)
                               .arg(at)
                               .arg(at / 1000) // in time order, as the ingest would have numbered them
                               .arg(qint64(d.day() * 48 + k) * 500);
                }
                exec(sql);
            }
        }
        tx.commit();
    }
    RollupCheck check;
    time("verify-rollups, 100 meters, a month half-hourly", [&] { check = verifyRollups(*db, ReportFixture::office()); });
    CHECK(check.readings == 100 * 31 * 48);
}
