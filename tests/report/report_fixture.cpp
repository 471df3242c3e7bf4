#include "report_fixture.h"

#include "rollup/monthly_rollups.h"

#include "cli/command.h"
#include "report/report_render.h"
#include "support/golden.h"

#include "schema/migrations.h"
#include "storage/migrator.h"
#include "storage/sql_query.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QTextStream>

namespace md::test {

namespace {

Money yuan(const char* text)
{
    return *Money::parseYuan(QString::fromLatin1(text));
}

} // namespace

QTimeZone ReportFixture::office()
{
    return QTimeZone(QByteArrayLiteral("Asia/Shanghai"));
}

QDateTime ReportFixture::officeTime(int y, int mo, int d, int h, int mi)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), office());
}

MeterReading ReportFixture::reading(qint64 meter, const QDateTime& at, const char* total,
                                    std::initializer_list<const char*> tou)
{
    MeterReading r;
    r.meter = MeterId{meter};
    const QDateTime utc = at.toUTC();
    const Unit unit = meter == 6 ? Unit::CubicMetre : Unit::KilowattHour;
    r.registers.add({utc, Register::Total, *Quantity::parse(QString::fromLatin1(total), unit)});
    int i = 1;
    for (const char* v : tou)
        r.registers.add({utc, kAllRegisters[i++], *Quantity::parse(QString::fromLatin1(v), unit)});
    return r;
}

ReportFixture::ReportFixture(Backend backend)
    : m_test(backend)
    , m_db(m_test.open())
    , m_clock(QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC))
{
    storage::Migrator::migrate(*m_db, meterdeskMigrations());
    m_ledger = std::make_unique<Ledger>(*m_db, m_clock);
    build();
}

void ReportFixture::at(int month, int day, int hour, int minute)
{
    m_clock.set(QDateTime(QDate(2026, month, day), QTime(hour, minute), office()));
}

void ReportFixture::exec(const QString& sql)
{
    storage::SqlQuery q(*m_db, sql);
    q.exec();
}

// Wallet balances after each step in brackets (electricity unless named).
void ReportFixture::build()
{
    exec(QStringLiteral("INSERT INTO operators (id, name, display_name, role, password_hash, must_change_password, "
                        "created_at, password_changed_at) VALUES (2, 'wang', 'Wang', 'cashier', 'x', 0, 0, 0), "
                        "(3, 'li', 'Li', 'cashier', 'x', 0, 0, 0), (4, 'zhou', 'Zhou', 'manager', 'x', 0, 0, 0)"));
    Ledger& l = *m_ledger;
    const auto recharge = [&](const char* key, AccountId a, Utility u, Channel ch, OperatorId who, const char* paid,
                              const char* fee = "0") {
        return l.recharge({QLatin1String(key), a, u, ch, who, yuan(paid), yuan(fee), {}, {}});
    };
    const auto deduct = [&](const char* key, AccountId a, Utility u, const char* amount) {
        return l.deduct({QLatin1String(key), a, u, MeterId{1}, yuan(amount), QByteArrayLiteral("{}")});
    };

    at(1, 30, 9, 0);
    a1 = l.openAccount({QStringLiteral("open-1"), QStringLiteral("1-101"), QStringLiteral("张三"), {}, kWang}).account;
    a2 = l.openAccount({QStringLiteral("open-2"), QStringLiteral("1-102"), QStringLiteral("李四"), {}, kWang}).account;
    a3 = l.openAccount({QStringLiteral("open-3"), QStringLiteral("2-201"), QStringLiteral("王五, Jr."), {}, kWang}).account;
    a4 = l.openAccount({QStringLiteral("open-4"), QStringLiteral("2-202"), QStringLiteral("赵六"), {}, kWang}).account;

    at(1, 30, 9, 10);
    recharge("r1", a1, Utility::Electricity, Channel::Cash, kWang, "200.00");           // a1 200.00 (receipt 1)
    at(1, 30, 10, 0);
    recharge("r2", a1, Utility::Water, Channel::WeChat, kWang, "50.00");               // a1 water 50.00 (2)
    at(1, 30, 15, 0);
    recharge("r3", a2, Utility::Electricity, Channel::Alipay, kLi, "100.00", "1.00");  // a2 99.00 (3)
    at(1, 30, 16, 0);
    recharge("r4", a3, Utility::Electricity, Channel::Card, kLi, "30.00");             // a3 30.00 (4)
    at(1, 31, 0, 30); // 2026-01-30 16:30 UTC: the office's 31st
    recharge("r5", a4, Utility::Electricity, Channel::BankTransfer, kWang, "80.00");   // a4 80.00 (5)
    at(1, 31, 12, 0);
    deduct("d1", a1, Utility::Electricity, "35.27");                                   // a1 164.73
    at(1, 31, 23, 30); // still January in the office
    a2SecondRecharge = recharge("r6", a2, Utility::Electricity, Channel::WeChat, kWang, "60.00").id; // a2 159.00 (6)
    at(2, 1, 0, 30); // 2026-01-31 16:30 UTC: February in the office
    recharge("r7", a1, Utility::Electricity, Channel::Cash, kLi, "20.00");             // a1 184.73 (7)
    at(2, 2, 9, 0);
    l.correct({QStringLiteral("c1"), a2SecondRecharge, kZhou, QStringLiteral("keyed twice")}); // a2 99.00, wang's wechat -60.00
    at(2, 2, 14, 0);
    deduct("d2", a2, Utility::Electricity, "45.50");                                   // a2 53.50
    deduct("d3", a1, Utility::Water, "12.34");                                         // a1 water 37.66
    at(2, 3, 10, 0);
    l.refund({QStringLiteral("f1"), a1, Utility::Electricity, Channel::Cash, kWang, yuan("25.00"), {}}); // a1 159.73 (8)
    at(2, 3, 18, 0);
    deduct("d4", a3, Utility::Electricity, "45.00");                                   // a3 -15.00 (arrears)
    at(2, 4, 11, 0);
    l.adjust({QStringLiteral("j1"), a1, Utility::Electricity, kZhou, yuan("5.00"), QStringLiteral("meter fault")}); // a1 164.73
    l.transfer({QStringLiteral("t1"), a1, Utility::Water, a1, Utility::Electricity, kZhou, yuan("10.00"), {}}); // a1 174.73, water 27.66
    at(2, 5, 16, 0);
    l.closeAccount({QStringLiteral("x1"), a4, Channel::Cash, kLi, QStringLiteral("moved out")}); // a4 0, pays 80.00 (9)
    at(2, 6, 10, 0);
    recharge("r8", a3, Utility::Electricity, Channel::Other, kLi, "5.00");             // a3 -10.00, after the period (10)

    // Alarm thresholds: a1 electricity 200/50 -> alarm 1 at 174.73; a2 100/60 -> alarm 2 at 53.50;
    // a3 has none -> arrears only.
    exec(QStringLiteral("INSERT INTO account_collection (account_id, utility, tariff_key, alarm1_fen, alarm2_fen, "
                        "protected_windows, holidays, force_on, manual, updated_at) VALUES "
                        "(%1, 'electricity', 't', 20000, 5000, '[]', '[]', 0, 'none', 0), "
                        "(%2, 'electricity', 't', 10000, 6000, '[]', '[]', 1, 'none', 0)")
             .arg(a1.v)
             .arg(a2.v));
    // Meters and their daily rollups (milli-units): a1's electricity and water meters, a2's
    // electricity meter; the 2026-01-31 day is outside a February period.
    exec(QStringLiteral("INSERT INTO meters (id, nameplate, bus, protocol, map, address, options, utility, account_id, "
                        "max_rate, installed_at) VALUES "
                        "(1, 'E-0001', 'bus1', 'modbus', 'm', '1', '{}', 'electricity', %1, 100000, 0), "
                        "(2, 'W-0001', 'bus1', 'cjt188', 'm', '2', '{}', 'water', %1, 100000, 0), "
                        "(3, 'E-0002', 'bus1', 'modbus', 'm', '3', '{}', 'electricity', %2, 100000, 0)")
             .arg(a1.v)
             .arg(a2.v));
    exec(QStringLiteral(
        "INSERT INTO meter_daily (meter_id, day, first_at_ms, last_at_ms, first_total_milli, last_total_milli, "
        "used_total_milli, used_sharp_milli, used_peak_milli, used_flat_milli, used_valley_milli, reading_count, "
        "anomaly_count) VALUES "
        "(1, '2026-01-31', 0, 0, 1000000, 1070540, 70540, 0, 0, 0, 0, 48, 0), "
        "(1, '2026-02-01', 0, 0, 1070540, 1080000, 9460, 0, 0, 0, 0, 48, 0), "
        "(1, '2026-02-03', 0, 0, 1080000, 1100250, 20250, 0, 0, 0, 0, 48, 0), "
        "(2, '2026-02-02', 0, 0, 5000, 7468, 2468, 0, 0, 0, 0, 48, 0), "
        "(3, '2026-02-02', 0, 0, 300000, 391000, 91000, 0, 0, 0, 0, 48, 0)"));
    rebuildMeterMonthly(db()); // written by hand: their months summed, as the service keeps them
}

void checkReportGolden(const report::ReportTable& table, const QString& name, Backend backend)
{
    checkGolden(report::toCsv(table), QStringLiteral("report"), name, backend);
}

int verifyRollupsCommand(const QString& dir, QString& out)
{
    const QString config = QDir(dir).filePath(QStringLiteral("meterdesk.conf"));
    {
        QFile c(config);
        REQUIRE(c.open(QIODevice::WriteOnly));
        c.write("[database]\nurl = sqlite:md.db\n[collection]\noffice_time_zone = Asia/Shanghai\n");
    }
    QString err;
    QTextStream o(&out), e(&err);
    const int code = cli::dispatch({QStringLiteral("meterdeskd"), QStringLiteral("verify-rollups"), QStringLiteral("--config"), config}, o, e);
    INFO(err.toStdString());
    return code;
}

} // namespace md::test
