#include "support/test_paths.h"
#include "tariff/tariff_file.h"

#include <catch2/catch.hpp>

#include <QDir>

using namespace md;

namespace {
Price yuan(const char16_t* text)
{
    return *Price::parseYuan(QStringView(text));
}
} // namespace

TEST_CASE("The Shanghai ladder + peak/valley tariff file reads back as written", "[tariff]")
{
    const Tariff t = loadTariffFile(test::dataPath(QStringLiteral("tariffs/sh-resident.tariff")));
    CHECK(t.id == u"sh-resident");
    CHECK(t.name == u"上海居民阶梯峰谷电价");
    CHECK(t.utility == Utility::Electricity);
    CHECK(t.unit == Unit::KilowattHour);
    CHECK(t.timeZone.id() == "Asia/Shanghai");
    REQUIRE(t.versions.size() == 1);
    const TariffVersion& v = t.versions.front();
    CHECK(v.effective == QDate(2012, 7, 1));
    CHECK(v.tierBasis == TierBasis::Year);
    REQUIRE(v.tierBounds.size() == 2);
    CHECK(v.tierBounds.at(0).milli() == 3'120'000);
    CHECK(v.tierBounds.at(1).milli() == 4'800'000);
    CHECK(v.rates == QList<Rate>{Rate::Peak, Rate::Valley});
    CHECK(v.price(Rate::Peak, 1) == yuan(u"0.617"));
    CHECK(v.price(Rate::Peak, 3) == yuan(u"0.977"));
    CHECK(v.price(Rate::Valley, 2) == yuan(u"0.337"));
    CHECK(v.rateAt(QTime(5, 59)) == Rate::Valley);
    CHECK(v.rateAt(QTime(6, 0)) == Rate::Peak);
    CHECK(v.rateAt(QTime(21, 59)) == Rate::Peak);
    CHECK(v.rateAt(QTime(22, 0)) == Rate::Valley);
    CHECK(v.rounding == Rounding::HalfUp);
    CHECK_FALSE(v.balanceCap.has_value());
}

TEST_CASE("A four-rate tariff maps every minute of the day to its rate", "[tariff]")
{
    const Tariff t = loadTariffFile(test::dataPath(QStringLiteral("tariffs/tou-4rate.tariff")));
    const TariffVersion& v = t.versions.front();
    CHECK(v.periods.size() == 8);
    CHECK(v.rateAt(QTime(0, 0)) == Rate::Valley);
    CHECK(v.rateAt(QTime(8, 0)) == Rate::Peak);
    CHECK(v.rateAt(QTime(10, 30)) == Rate::Sharp);
    CHECK(v.rateAt(QTime(16, 59)) == Rate::Flat);
    CHECK(v.rateAt(QTime(20, 0)) == Rate::Sharp);
    CHECK(v.rateAt(QTime(21, 30)) == Rate::Flat);
    CHECK(v.rateAt(QTime(23, 59)) == Rate::Valley);
}

TEST_CASE("Free allowance, fixed charge, service fee and balance cap are read", "[tariff]")
{
    const Tariff t = loadTariffFile(test::dataPath(QStringLiteral("tariffs/free-fixed.tariff")));
    const TariffVersion& v = t.versions.front();
    CHECK(v.freeMonthly.milli() == 10'000);
    CHECK(v.fixedMonthly.fen() == 500);
    CHECK(v.serviceFee.kind == ServiceFee::Kind::Percent);
    CHECK(v.serviceFee.basisPoints == 150);
    REQUIRE(v.balanceCap.has_value());
    CHECK(v.balanceCap->fen() == 200000);
    CHECK(v.rates == QList<Rate>{Rate::Flat}); // rates omitted: flat only
    CHECK(v.rateAt(QTime(3, 0)) == Rate::Flat);
}

TEST_CASE("Versions keep their history and the one in force is found by date", "[tariff]")
{
    const Tariff t = loadTariffFile(test::dataPath(QStringLiteral("tariffs/versions.tariff")));
    REQUIRE(t.versions.size() == 2);
    CHECK(t.versionAt(QDate(2023, 12, 31)) == nullptr);
    CHECK(t.versionAt(QDate(2024, 6, 30))->price(Rate::Flat, 1) == yuan(u"0.50"));
    CHECK(t.versionAt(QDate(2024, 7, 1))->price(Rate::Flat, 1) == yuan(u"0.60"));
    CHECK(t.versionAt(QDate(2030, 1, 1))->effective == QDate(2024, 7, 1));
    CHECK(t.versions.front().serviceFee.kind == ServiceFee::Kind::Fixed);
    CHECK(t.versions.front().serviceFee.fixed.fen() == 200);
}

TEST_CASE("Water defaults to cubic metres", "[tariff]")
{
    const Tariff t = loadTariffFile(test::dataPath(QStringLiteral("tariffs/water-flat.tariff")));
    CHECK(t.utility == Utility::Water);
    CHECK(t.unit == Unit::CubicMetre);
}

TEST_CASE("Every example tariff a manager can copy reads without error", "[tariff]")
{
    const QDir dir(test::sourcePath(QStringLiteral("resources/tariffs")));
    const QStringList files = dir.entryList({QStringLiteral("*.tariff")}, QDir::Files);
    REQUIRE(files.size() >= 5);
    for (const QString& f : files) {
        INFO(f.toStdString());
        CHECK_NOTHROW(loadTariffFile(dir.filePath(f)));
    }
}
