// `meterdeskd bill` run as a manager would: the real binary, real files, exit codes and output.
#include "support/test_paths.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run meterdeskd(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(MD_METERDESKD), QStringList{QStringLiteral("bill")} + args);
    REQUIRE(p.waitForFinished(30000));
    REQUIRE(p.exitStatus() == QProcess::NormalExit);
    return Run{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

QString data(const char* relative)
{
    return md::test::dataPath(QString::fromUtf8(relative));
}

QStringList files(const char* tariff, const char* readings)
{
    return {QStringLiteral("--tariff"), data(tariff), QStringLiteral("--readings"), data(readings)};
}
} // namespace

TEST_CASE("bill prints every deduction with its breakdown and the totals", "[billing][cli]")
{
    const Run r = meterdeskd(files("tariffs/sh-resident.tariff", "readings/sh-year.csv"));
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    CHECK(r.err.isEmpty());
    CHECK(r.out.contains(QStringLiteral("Tariff sh-resident (上海居民阶梯峰谷电价)")));
    CHECK(r.out.contains(QStringLiteral("Baseline 2024-01-01T00:00:00+08:00: peak 0.000, valley 0.000")));
    CHECK(r.out.contains(QStringLiteral("Deduction 2: 2024-07-01T00:00:00+08:00 to 2024-10-01T00:00:00+08:00  [tier-crossing]")));
    // See tst_biller_shanghai.cpp for the arithmetic of every figure.
    CHECK(r.out.contains(QStringLiteral("2024 tier 1 peak: 83.077 kWh x 0.6170 = 51.26 (so far 2083.077 kWh: 1234.00 -> 1285.26, half-up)")));
    CHECK(r.out.contains(QStringLiteral("deduction total: 738.02")));
    CHECK(r.out.contains(QStringLiteral("tier 3 valley: 57.143 kWh, 27.83")));
    CHECK(r.out.contains(QStringLiteral("total: 5600.000 kWh, 3044.54")));
}

TEST_CASE("bill --json gives the same bill as data", "[billing][cli]")
{
    const Run r = meterdeskd(files("tariffs/sh-resident.tariff", "readings/sh-year.csv") << QStringLiteral("--json"));
    REQUIRE(r.exitCode == 0);
    QJsonParseError error;
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
    REQUIRE(error.error == QJsonParseError::NoError);
    CHECK(o.value(u"amount").toString() == u"3044.54");
    CHECK(o.value(u"quantity").toString() == u"5600.000");
    CHECK(o.value(u"tariff").toObject().value(u"timezone").toString() == u"Asia/Shanghai");
    const QJsonArray deductions = o.value(u"deductions").toArray();
    REQUIRE(deductions.size() == 5);
    CHECK(deductions.at(0).toObject().value(u"status").toString() == u"baseline");
    CHECK(deductions.at(2).toObject().value(u"total").toString() == u"738.02");
    CHECK(deductions.at(2).toObject().value(u"lines").toArray().size() == 4);
}

TEST_CASE("bill splits a total-only meter's day over four rates", "[billing][cli]")
{
    const Run r = meterdeskd(files("tariffs/tou-4rate.tariff", "readings/tou-total.csv"));
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.contains(QStringLiteral("[split-segments]")));
    CHECK(r.out.contains(QStringLiteral("total: 10.000 kWh, 6.00"))); // tst_biller.cpp: 1.25 + 1.50 + 1.50 + 1.75
    // Totals list the rates in the customary order 尖峰平谷.
    const QString totals = r.out.mid(r.out.indexOf(QStringLiteral("\nTotals\n")));
    CHECK(totals.indexOf(QStringLiteral("tier 1 sharp:")) < totals.indexOf(QStringLiteral("tier 1 peak:")));
    CHECK(totals.indexOf(QStringLiteral("tier 1 peak:")) < totals.indexOf(QStringLiteral("tier 1 flat:")));
    CHECK(totals.indexOf(QStringLiteral("tier 1 flat:")) < totals.indexOf(QStringLiteral("tier 1 valley:")));
}

TEST_CASE("bill refuses bad input before printing anything", "[billing][cli]")
{
    SECTION("a garbled reading line")
    {
        const Run r = meterdeskd(files("tariffs/sh-resident.tariff", "readings/garbled.csv"));
        CHECK(r.exitCode == 1);
        CHECK(r.out.isEmpty());
        CHECK(r.err.startsWith(data("readings/garbled.csv") + QStringLiteral(":4: Expected 3 fields")));
    }
    SECTION("a counter that goes backwards, found only while billing")
    {
        const Run r = meterdeskd(files("tariffs/sh-resident.tariff", "readings/backwards.csv"));
        CHECK(r.exitCode == 1);
        CHECK(r.out.isEmpty());
        CHECK(r.err.startsWith(data("readings/backwards.csv") + QStringLiteral(":3: The total register went backwards")));
    }
    SECTION("overlapping periods")
    {
        const Run r = meterdeskd(files("tariffs/bad-overlap.tariff", "readings/tou-total.csv"));
        CHECK(r.exitCode == 1);
        CHECK(r.out.isEmpty());
        CHECK(r.err.startsWith(data("tariffs/bad-overlap.tariff") + QStringLiteral(":10: This period overlaps")));
    }
    SECTION("a negative price")
    {
        const Run r = meterdeskd(files("tariffs/bad-negative-price.tariff", "readings/tou-total.csv"));
        CHECK(r.exitCode == 1);
        CHECK(r.err.startsWith(data("tariffs/bad-negative-price.tariff") + QStringLiteral(":8: Negative price")));
    }
    SECTION("an unknown utility")
    {
        const Run r = meterdeskd(files("tariffs/bad-utility.tariff", "readings/tou-total.csv"));
        CHECK(r.exitCode == 1);
        CHECK(r.err.startsWith(data("tariffs/bad-utility.tariff") + QStringLiteral(":3: Unknown utility \"gas\"")));
    }
    SECTION("missing options")
    {
        const Run r = meterdeskd({QStringLiteral("--tariff"), data("tariffs/sh-resident.tariff")});
        CHECK(r.exitCode == 2);
        CHECK(r.out.isEmpty());
        CHECK(r.err.contains(QStringLiteral("--readings")));
    }
}

TEST_CASE("bill --timezone replaces the office time zone", "[billing][cli]")
{
    // The same readings read as UTC: 2024-05-01T00:00+08:00 is 16:00-16:00 UTC, and the day is
    // then cut at UTC midnight: still 24 hours, still all eight periods, same shares.
    const Run r = meterdeskd(files("tariffs/tou-4rate.tariff", "readings/tou-total.csv")
                             << QStringLiteral("--timezone") << QStringLiteral("UTC"));
    REQUIRE(r.exitCode == 0);
    CHECK(r.out.contains(QStringLiteral("time zone UTC")));
    CHECK(r.out.contains(QStringLiteral("Baseline 2024-04-30T16:00:00+00:00")));
    const Run bad = meterdeskd(files("tariffs/tou-4rate.tariff", "readings/tou-total.csv")
                               << QStringLiteral("--timezone") << QStringLiteral("Nowhere/Land"));
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.contains(QStringLiteral("Unknown time zone")));
}
