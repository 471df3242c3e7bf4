#include "tariff/tariff_file.h"

#include <catch2/catch.hpp>

using namespace md;

namespace {
TariffVersion version(const char* body)
{
    const QByteArray text = QByteArrayLiteral("[tariff]\nid = t\nutility = electricity\ntimezone = Asia/Shanghai\n"
                                              "[version]\neffective = 2024-01-01\n")
                          + body;
    return parseTariff(text, QStringLiteral("inline")).versions.front();
}
} // namespace

TEST_CASE("A percentage service fee is taken out of the amount paid, rounded once", "[tariff]")
{
    const TariffVersion v = version("price.flat = 0.5\nservice-fee = 1.5%\n");
    // 1.5 % of 100.50 = 1.5075 yuan -> 1.51 (half-up); the wallet gets 98.99
    CHECK(v.serviceFeeFor(Money::fromFen(10050)).fen() == 151);
    // 1.5 % of 100.00 = 1.50 exactly
    CHECK(v.serviceFeeFor(Money::fromFen(10000)).fen() == 150);
    const TariffVersion down = version("price.flat = 0.5\nservice-fee = 1.5%\nrounding = down\n");
    CHECK(down.serviceFeeFor(Money::fromFen(10050)).fen() == 150); // 1.5075 -> 1.50
}

TEST_CASE("A fixed service fee does not depend on the amount", "[tariff]")
{
    const TariffVersion v = version("price.flat = 0.5\nservice-fee = 2.00\n");
    CHECK(v.serviceFeeFor(Money::fromFen(10050)).fen() == 200);
    CHECK(v.serviceFeeFor(Money::fromFen(500000)).fen() == 200);
    const TariffVersion none = version("price.flat = 0.5\n");
    CHECK(none.serviceFeeFor(Money::fromFen(10050)).fen() == 0);
}

TEST_CASE("The balance cap leaves the headroom to the cap, never less than zero", "[tariff]")
{
    const TariffVersion v = version("price.flat = 0.5\nbalance-cap = 2000.00\n");
    CHECK(v.rechargeHeadroom(Money::fromFen(180000))->fen() == 20000); // 2000 - 1800 = 200.00
    CHECK(v.rechargeHeadroom(Money::fromFen(210000))->fen() == 0);
    CHECK_FALSE(version("price.flat = 0.5\n").rechargeHeadroom(Money::fromFen(999999999)).has_value());
}

TEST_CASE("Ladder period ids follow the tier basis and the ladder year's start", "[tariff]")
{
    CHECK(version("tier-basis = year\ntiers = 10\nprice.flat = 1, 2\n").tierPeriodId(QDate(2024, 12, 31)) == u"2024");
    CHECK(version("tier-basis = month\ntiers = 10\nprice.flat = 1, 2\n").tierPeriodId(QDate(2024, 3, 9)) == u"2024-03");
    CHECK(version("price.flat = 1\n").tierPeriodId(QDate(2024, 3, 9)) == u"all");
    const TariffVersion july = version("tier-basis = year\ntier-year-start = 07-01\ntiers = 10\nprice.flat = 1, 2\n");
    CHECK(july.tierPeriodId(QDate(2024, 6, 30)) == u"2023");
    CHECK(july.tierPeriodId(QDate(2024, 7, 1)) == u"2024");
}

TEST_CASE("Rates and registers accept the Chinese names", "[tariff]")
{
    CHECK(parseRate(u"尖") == Rate::Sharp);
    CHECK(parseRate(u"峰") == Rate::Peak);
    CHECK(parseRate(u"平") == Rate::Flat);
    CHECK(parseRate(u"谷") == Rate::Valley);
    CHECK(parseRate(u"Peak") == Rate::Peak);
    CHECK_FALSE(parseRate(u"offpeak").has_value());
}
