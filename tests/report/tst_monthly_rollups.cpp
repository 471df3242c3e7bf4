// The monthly rollups (schema v7, common/rollup/monthly_rollups.h): kept equal to the daily ones
// summed by real ingest (single readings and batches, across a month boundary, an anomaly, a
// meter swapped mid-month) and by the Ledger; the reports that read them give exactly what the
// daily rollups alone give, over periods with edge days and whole months; verify-rollups names a
// tampered month; the v7 migration backfills them from a v6 database. SQLite and MariaDB.

#include "report_fixture.h"

#include "collection/reading_ingestor.h"
#include "report/account_ledger_report.h"
#include "report/consumption_report.h"
#include "report/reconciliation.h"
#include "report/report_render.h"
#include "report/rollup_check.h"
#include "report/rollup_span.h"
#include "rollup/monthly_rollups.h"
#include "schema/migrations.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

using namespace md;
using namespace md::test;
using namespace md::report;

namespace {

QDateTime sh(int y, int mo, int d, int h, int mi)
{
    return ReportFixture::officeTime(y, mo, d, h, mi);
}

MeterReading reading(qint64 meter, const QDateTime& at, const char* total, std::initializer_list<const char*> tou = {})
{
    return ReportFixture::reading(meter, at, total, tou);
}

// Meters of account a3 (no collection settings: stored and rolled up, not billed) and a
// water meter without an account, read across January and February 2026:
//   4 E-TOU-4 (a3, time-of-use) one reading at a time, swapped on 02-03 12:00 for
//   7 E-NEW-7 (a3), whose first reading follows five minutes later;
//   5 E-0005 (a3, 10 kWh/h at most) as one batch: an anomaly on 02-06 (900 after 1100) and
//     an impossible jump as the first reading of 03-01, before a good one;
//   6 W-0006 (no account), water.
void ingestAcrossMonths(ReportFixture& f)
{
    f.exec(QStringLiteral("INSERT INTO meters (id, nameplate, bus, protocol, map, address, options, utility, account_id, "
                          "max_rate, installed_at) VALUES "
                          "(4, 'E-TOU-4', 'bus1', 'dlt645', 'm', '4', '{}', 'electricity', %1, 100000, 0), "
                          "(5, 'E-0005', 'bus1', 'modbus', 'm', '5', '{}', 'electricity', %1, 10000, 0), "
                          "(6, 'W-0006', 'bus1', 'cjt188', 'm', '6', '{}', 'water', NULL, 100000, 0), "
                          "(7, 'E-NEW-7', 'bus1', 'modbus', 'm', '7', '{}', 'electricity', %1, 100000, 0)")
               .arg(f.a3.v));
    IngestOptions options;
    options.officeZone = ReportFixture::office();
    ReadingIngestor in(f.db(), f.clock(), options);
    const auto one = [&](const MeterReading& r) {
        f.clock().set(r.registers.utc);
        return in.ingest(r);
    };
    one(reading(4, sh(2026, 1, 5, 8, 0), "100", {"0", "50", "30", "20"}));
    one(reading(6, sh(2026, 1, 10, 10, 0), "50"));
    one(reading(4, sh(2026, 1, 20, 8, 0), "150", {"5", "70", "45", "30"}));
    one(reading(4, sh(2026, 1, 31, 23, 30), "160", {"6", "74", "48", "32"}));
    one(reading(4, sh(2026, 2, 1, 0, 30), "161", {"6", "74", "49", "32"}));
    one(reading(4, sh(2026, 2, 3, 12, 0), "170", {"7", "78", "51", "34"}));
    one(reading(7, sh(2026, 2, 3, 12, 5), "0.5"));
    one(reading(6, sh(2026, 2, 10, 10, 0), "62.345"));
    one(reading(7, sh(2026, 2, 20, 10, 0), "40.5"));
    one(reading(7, sh(2026, 3, 2, 9, 0), "60"));

    const QList<MeterReading> batch{reading(5, sh(2025, 12, 30, 8, 0), "1000"), reading(5, sh(2026, 1, 1, 0, 10), "1003"),
                                    reading(5, sh(2026, 1, 15, 8, 0), "1010"),  reading(5, sh(2026, 2, 5, 8, 0), "1100"),
                                    reading(5, sh(2026, 2, 6, 8, 0), "900"),    reading(5, sh(2026, 2, 7, 8, 0), "1105"),
                                    reading(5, sh(2026, 3, 1, 0, 1), "9999"),    reading(5, sh(2026, 3, 1, 0, 5), "1110")};
    f.clock().set(sh(2026, 3, 1, 0, 10));
    const IngestReport report = in.ingestAll(batch);
    REQUIRE_FALSE(report.failure);
    REQUIRE(report.committed == batch.size());
    CHECK(report.outcomes.at(4).status == IngestOutcome::Status::Anomaly);
    CHECK(report.outcomes.at(6).status == IngestOutcome::Status::Anomaly);
}

const MonthlyRow* findRow(const QList<MonthlyRow>& rows, qint64 id, const char* month)
{
    for (const MonthlyRow& r : rows) {
        if (r.id == id && r.month == QLatin1String(month))
            return &r;
    }
    return nullptr;
}

std::optional<qint64> field(const MonthlyRow& r, const QList<const char*>& fields, const char* name)
{
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (qstrcmp(fields.at(i), name) == 0)
            return r.values.at(i);
    }
    FAIL("no field " << name);
    return std::nullopt;
}

qint64 milli(const char* text)
{
    return Quantity::parse(QString::fromLatin1(text), Unit::KilowattHour)->milli();
}

ReportPeriod period(QDate from, QDate to)
{
    return ReportPeriod{from, to, ReportFixture::office()};
}

// Every report that reads the monthly rollups, over periods with edge days and whole months,
// as CSV: the same with the monthly rollups as with the daily ones alone.
QList<QByteArray> allReports(storage::Database& db, AccountId account)
{
    const QList<std::pair<QDate, QDate>> periods{
        {QDate(2025, 12, 15), QDate(2026, 2, 10)}, // head days, January, tail days
        {QDate(2026, 1, 1), QDate(2026, 2, 28)},   // whole months only
        {QDate(2026, 1, 20), QDate(2026, 3, 5)},   // February whole, both edges
        {QDate(2026, 2, 3), QDate(2026, 2, 3)},    // one day
        {QDate(2026, 1, 31), QDate(2026, 2, 1)},   // two days across a month boundary
        {QDate(2025, 1, 1), QDate(2026, 12, 31)},  // years
    };
    QList<QByteArray> out;
    for (const auto& [from, to] : periods) {
        for (Granularity g : {Granularity::Month, Granularity::Year}) {
            for (ConsumptionGroup group : {ConsumptionGroup::Meter, ConsumptionGroup::Room, ConsumptionGroup::Building,
                                           ConsumptionGroup::Utility}) {
                ConsumptionQuery q;
                q.from = from;
                q.to = to;
                q.granularity = g;
                q.group = group;
                out << toCsv(consumptionReport(db, q));
            }
        }
        ConsumptionQuery electricity;
        electricity.from = from;
        electricity.to = to;
        electricity.group = ConsumptionGroup::Meter;
        electricity.utility = Utility::Electricity;
        out << toCsv(consumptionReport(db, electricity));
        CompareQuery cq;
        cq.period = period(from, to);
        cq.group = ConsumptionGroup::Meter;
        out << toCsv(compareReport(db, cq));
        out << toCsv(accountLedgerReport(db, {period(from, to), std::nullopt}));
        out << toCsv(accountLedgerReport(db, {period(from, to), account}));
        out << toCsv(reconcile(db, period(from, to)).table);
    }
    return out;
}

QList<QByteArray> daysOnly(storage::Database& db, AccountId account)
{
    setMonthlyRollupsUsed(false);
    QList<QByteArray> out;
    try {
        out = allReports(db, account);
    } catch (...) {
        setMonthlyRollupsUsed(true);
        throw;
    }
    setMonthlyRollupsUsed(true);
    return out;
}

void checkSame(const QList<QByteArray>& monthly, const QList<QByteArray>& daily)
{
    REQUIRE(monthly.size() == daily.size());
    for (qsizetype i = 0; i < monthly.size(); ++i) {
        INFO("report " << i << "\n--- monthly\n" << monthly.at(i).toStdString() << "--- daily\n" << daily.at(i).toStdString());
        CHECK(monthly.at(i) == daily.at(i));
    }
}

} // namespace

TEST_CASE("A period splits into its edge days and whole months", "[report][monthly]")
{
    const auto days = [](const RollupSpan& s) {
        QStringList out;
        for (const auto& [a, b] : s.dayRanges)
            out << a + QStringLiteral("..") + b;
        return out.join(QLatin1Char(' '));
    };
    RollupSpan s = rollupSpan(QDate(2025, 12, 15), QDate(2026, 2, 10));
    CHECK(days(s) == QStringLiteral("2025-12-15..2025-12-31 2026-02-01..2026-02-10"));
    CHECK(s.firstMonth == QStringLiteral("2026-01"));
    CHECK(s.lastMonth == QStringLiteral("2026-01"));
    s = rollupSpan(QDate(2024, 1, 1), QDate(2024, 2, 29)); // whole months, a leap February
    CHECK(days(s).isEmpty());
    CHECK(s.firstMonth == QStringLiteral("2024-01"));
    CHECK(s.lastMonth == QStringLiteral("2024-02"));
    s = rollupSpan(QDate(2024, 1, 1), QDate(2024, 2, 28)); // February not whole
    CHECK(days(s) == QStringLiteral("2024-02-01..2024-02-28"));
    CHECK(s.lastMonth == QStringLiteral("2024-01"));
    s = rollupSpan(QDate(2026, 1, 20), QDate(2026, 2, 10)); // no whole month
    CHECK(days(s) == QStringLiteral("2026-01-20..2026-02-10"));
    CHECK_FALSE(s.hasMonths());
    s = rollupSpan(QDate(2026, 1, 1), QDate(2026, 1, 31), false); // by day
    CHECK(days(s) == QStringLiteral("2026-01-01..2026-01-31"));
    CHECK_FALSE(s.hasMonths());
    CHECK(rollupSpan(QDate(2026, 2, 1), QDate(2026, 1, 31)).dayRanges.isEmpty());
}

TEST_CASE("Ingest and the Ledger keep the monthly rollups equal to the daily ones summed, and the reports read them exactly",
          "[report][monthly][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    ReportFixture f(backend);
    ingestAcrossMonths(f);
    storage::Database& db = f.db();

    const MonthlyRollupCheck check = verifyMonthlyRollups(db);
    for (const MonthlyRollupMismatch& m : check.mismatches)
        UNSCOPED_INFO(m.table.toStdString() << " " << m.id << " " << m.month.toStdString() << ": " << m.problem.toStdString());
    CHECK(check.mismatches.isEmpty());
    CHECK(check.meterMonths == 14); // meters 1-3 (by hand): 4; 4: 2; 5: 4; 6: 2; 7: 2
    CHECK(check.walletMonths > 10);

    // The figures themselves, summed from the readings above.
    const QList<MonthlyRow> meters = storedMeterMonthly(db);
    const MonthlyRow* feb5 = findRow(meters, 5, "2026-02");
    REQUIRE(feb5);
    CHECK(field(*feb5, kMeterMonthlyFields, "used_total_milli") == milli("95")); // the anomaly is not consumption
    CHECK(field(*feb5, kMeterMonthlyFields, "reading_count") == 3);
    CHECK(field(*feb5, kMeterMonthlyFields, "anomaly_count") == 1);
    CHECK(field(*feb5, kMeterMonthlyFields, "first_day") == 20260205);
    CHECK(field(*feb5, kMeterMonthlyFields, "first_total_milli") == milli("1100"));
    CHECK(field(*feb5, kMeterMonthlyFields, "last_total_milli") == milli("1105"));
    const MonthlyRow* mar5 = findRow(meters, 5, "2026-03"); // an anomaly first, then a good reading
    REQUIRE(mar5);
    CHECK(field(*mar5, kMeterMonthlyFields, "first_total_milli") == milli("1110"));
    CHECK(field(*mar5, kMeterMonthlyFields, "anomaly_count") == 1);
    CHECK(field(*mar5, kMeterMonthlyFields, "used_total_milli") == milli("5"));
    const MonthlyRow* jan4 = findRow(meters, 4, "2026-01");
    REQUIRE(jan4);
    CHECK(field(*jan4, kMeterMonthlyFields, "used_total_milli") == milli("60"));
    CHECK(field(*jan4, kMeterMonthlyFields, "used_peak_milli") == milli("24"));
    CHECK(field(*jan4, kMeterMonthlyFields, "first_day") == 20260105);
    CHECK(field(*jan4, kMeterMonthlyFields, "last_day") == 20260131);
    CHECK(field(*jan4, kMeterMonthlyFields, "last_total_milli") == milli("160"));
    const MonthlyRow* feb4 = findRow(meters, 4, "2026-02"); // the swapped-out meter's last month
    REQUIRE(feb4);
    CHECK(field(*feb4, kMeterMonthlyFields, "used_total_milli") == milli("10"));
    CHECK(field(*feb4, kMeterMonthlyFields, "last_total_milli") == milli("170"));

    // The reports: identical with the monthly rollups and with the daily ones alone.
    const QList<QByteArray> monthly = allReports(db, f.a3);
    checkSame(monthly, daysOnly(db, f.a3));
    // The account ledger over January and February: a3's electricity across the swap is three
    // meters, each with its first reading in the period and its last (4: 100 .. 170,
    // 7: 0.5 .. 40.5, 5: 1003 .. 1105): each shown as its own, no summed opening or closing
    // (no meter ever showed 1103.500), and what they counted together.
    const ReportTable ledger = accountLedgerReport(db, {period(QDate(2026, 1, 1), QDate(2026, 2, 28)), f.a3});
    int row = -1;
    for (int r = 0; r < int(ledger.rows().size()); ++r) {
        if (ledger.cell(r, QStringLiteral("utility")) == Cell::text(QStringLiteral("electricity")))
            row = r;
    }
    REQUIRE(row >= 0);
    CHECK(ledger.cell(row, QStringLiteral("opening_reading")).isEmpty());
    CHECK(ledger.cell(row, QStringLiteral("closing_reading")).isEmpty());
    const QString meterText = std::get<QString>(ledger.cell(row, QStringLiteral("meters")).value);
    INFO(meterText.toStdString());
    CHECK(meterText.contains(QStringLiteral(" 100.000 → 170.000")));
    CHECK(meterText.contains(QStringLiteral(" 0.500 → 40.500")));
    CHECK(meterText.contains(QStringLiteral(" 1003.000 → 1105.000")));
    CHECK(meterText.count(QStringLiteral("; ")) == 2);
    CHECK(ledger.cell(row, QStringLiteral("consumption")).number() == milli("70") + milli("40") + milli("105"));

    // What the reports read really is the monthly rows: a tampered month shows in the reports
    // (and not in the daily-only ones), and verify-rollups names it.
    f.exec(QStringLiteral("UPDATE meter_monthly SET used_peak_milli = used_peak_milli + 1 WHERE meter_id = 4 AND month = '2026-01'"));
    f.exec(QStringLiteral("UPDATE wallet_monthly SET deduction_fen = deduction_fen + 1, balance_fen = balance_fen + 1 "
                          "WHERE month = '2026-02' AND ledger_account_id = (SELECT id FROM ledger_accounts WHERE kind = 'wallet' "
                          "AND account_id = %1 AND utility = 'electricity')")
               .arg(f.a1.v));
    const QList<QByteArray> tampered = allReports(db, f.a1);
    const QList<QByteArray> daily = daysOnly(db, f.a1);
    REQUIRE(tampered.size() == daily.size());
    qsizetype differ = 0;
    for (qsizetype i = 0; i < tampered.size(); ++i)
        differ += tampered.at(i) != daily.at(i) ? 1 : 0;
    CHECK(differ > 10);
    const MonthlyRollupCheck broken = verifyMonthlyRollups(db);
    QStringList named;
    for (const MonthlyRollupMismatch& m : broken.mismatches)
        named << QStringLiteral("%1 %2 %3: %4").arg(m.table).arg(m.id).arg(m.month, m.problem);
    INFO(named.join(QLatin1Char('\n')).toStdString());
    REQUIRE(broken.mismatches.size() == 2);
    CHECK(named.filter(QStringLiteral("meter_monthly 4 2026-01: used_peak_milli stored %1").arg(milli("24") + 1)).size() == 1);
    CHECK(named.filter(QStringLiteral("wallet_monthly")).filter(QStringLiteral("2026-02: deduction_fen stored")).size() == 1);
    CHECK(named.filter(QStringLiteral("balance_fen stored")).size() == 1);
    // Rebuilt from the daily rows, they are sound again.
    rebuildMeterMonthly(db);
    rebuildWalletMonthly(db);
    CHECK(verifyMonthlyRollups(db).mismatches.isEmpty());
    checkSame(allReports(db, f.a3), monthly);
}

TEST_CASE("meterdeskd verify-rollups exits 1 naming a tampered meter_monthly row", "[report][monthly]")
{
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString dbPath = dir.filePath(QStringLiteral("md.db"));
    {
        ReportFixture f(Backend::Sqlite);
        ingestAcrossMonths(f);
        f.exec(QStringLiteral("DELETE FROM meter_daily WHERE meter_id IN (1, 2, 3)")); // by hand, without readings
        f.exec(QStringLiteral("DELETE FROM meter_monthly WHERE meter_id IN (1, 2, 3)"));
        f.exec(QStringLiteral("VACUUM INTO '%1'").arg(dbPath));
    }
    QString out;
    {
        const int code = verifyRollupsCommand(dir.path(), out);
        INFO(out.toStdString());
        CHECK(code == 0);
        CHECK(out.contains(QStringLiteral("10 meter-months (meter_monthly)")));
    }
    {
        auto db = storage::Database::open(storage::DatabaseConfig::fromUrl(QStringLiteral("sqlite:") + dbPath));
        storage::SqlQuery q(*db, QStringLiteral("UPDATE meter_monthly SET last_total_milli = 1 WHERE meter_id = 7 AND month = '2026-02'"));
        q.exec();
    }
    out.clear();
    const int code = verifyRollupsCommand(dir.path(), out);
    INFO(out.toStdString());
    CHECK(code == 1);
    CHECK(out.contains(QStringLiteral("MISMATCH meter_monthly 7 month 2026-02: last_total_milli stored 1, summed from the days %1")
                           .arg(milli("40.5"))));
}

TEST_CASE("Schema v7 backfills meter_monthly and wallet_monthly from the daily rollups of a v6 database",
          "[report][monthly][mysql]")
{
    MD_FOR_EACH_BACKEND(backend);
    TestDatabase test(backend);
    auto db = test.open();
    const auto all = meterdeskMigrations();
    REQUIRE(all.size() >= 7);
    storage::Migrator::migrate(*db, all.first(6));
    const auto exec = [&](const QString& sql) { storage::SqlQuery(*db, sql).exec(); };
    // Meter 1: January's first day only anomalies (no totals), then two days; February one day.
    // Meter 2: one day in January.
    exec(QStringLiteral(
        "INSERT INTO meter_daily (meter_id, day, first_at_ms, last_at_ms, first_total_milli, last_total_milli, "
        "used_total_milli, used_sharp_milli, used_peak_milli, used_flat_milli, used_valley_milli, reading_count, "
        "anomaly_count) VALUES "
        "(1, '2026-01-02', 100, 100, NULL, NULL, 0, 0, 0, 0, 0, 1, 1), "
        "(1, '2026-01-03', 200, 300, 5000, 7000, 2000, 1, 2, 3, 4, 2, 0), "
        "(1, '2026-01-31', 400, 500, 7000, 9500, 2500, 5, 6, 7, 8, 2, 0), "
        "(1, '2026-02-01', 600, 700, 9500, 9600, 100, 0, 0, 0, 0, 2, 0), "
        "(2, '2026-01-15', 800, 900, 10, 20, 10, 0, 0, 0, 0, 2, 0)"));
    exec(QStringLiteral(
        "INSERT INTO wallet_daily (ledger_account_id, day, recharge_fen, deduction_fen, refund_fen, settlement_fen, "
        "transfer_fen, correction_fen, adjustment_fen, net_fen, balance_fen, posting_count) VALUES "
        "(1, '2026-01-05', -10000, 0, 0, 0, 0, 0, 0, -10000, -10000, 1), "
        "(1, '2026-01-20', 0, 1234, 0, 0, 0, 0, -5, 1229, -8771, 3), "
        "(1, '2026-02-02', 0, 66, 0, 0, 0, 0, 0, 66, -8705, 1)"));
    storage::Migrator::migrate(*db, all);
    CHECK(storage::Migrator::currentVersion(*db) >= 7);

    const QList<MonthlyRow> meters = storedMeterMonthly(*db);
    REQUIRE(meters.size() == 3);
    const MonthlyRow& jan1 = meters.at(0);
    CHECK(jan1.id == 1);
    CHECK(jan1.month == QStringLiteral("2026-01"));
    // first_day, last_day, first_at_ms, last_at_ms, first/last total, used x5, readings, anomalies
    const QList<std::optional<qint64>> want{20260102, 20260131, 100, 500, std::nullopt, 9500, 4500, 6, 8, 10, 12, 5, 1};
    CHECK(jan1.values == want);
    CHECK(meters.at(1).month == QStringLiteral("2026-02"));
    CHECK(field(meters.at(1), kMeterMonthlyFields, "used_total_milli") == 100);
    CHECK(meters.at(2).id == 2);
    CHECK(field(meters.at(2), kMeterMonthlyFields, "first_total_milli") == 10);

    const QList<MonthlyRow> wallets = storedWalletMonthly(*db);
    REQUIRE(wallets.size() == 2);
    CHECK(wallets.at(0).month == QStringLiteral("2026-01"));
    CHECK(field(wallets.at(0), kWalletMonthlyFields, "recharge_fen") == -10000);
    CHECK(field(wallets.at(0), kWalletMonthlyFields, "deduction_fen") == 1234);
    CHECK(field(wallets.at(0), kWalletMonthlyFields, "adjustment_fen") == -5);
    CHECK(field(wallets.at(0), kWalletMonthlyFields, "net_fen") == -8771);
    CHECK(field(wallets.at(0), kWalletMonthlyFields, "balance_fen") == -8771);
    CHECK(field(wallets.at(0), kWalletMonthlyFields, "posting_count") == 4);
    CHECK(field(wallets.at(1), kWalletMonthlyFields, "balance_fen") == -8705);
    CHECK(verifyMonthlyRollups(*db).mismatches.isEmpty());
}
