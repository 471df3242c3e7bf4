#include "money/money.h"
#include "money/price.h"
#include "money/quantity.h"
#include "util/error.h"

#include <catch2/catch.hpp>

#include <limits>

using namespace md;

TEST_CASE("Money adds and subtracts in fen and refuses to overflow", "[money]")
{
    const Money a = Money::fromFen(1234);
    CHECK((a + Money::fromFen(66)).fen() == 1300);
    CHECK((a - Money::fromFen(2000)).fen() == -766);
    CHECK((-a).fen() == -1234);
    CHECK(a.times(3).fen() == 3702);
    const Money max = Money::fromFen(std::numeric_limits<qint64>::max());
    CHECK_THROWS_AS(max + Money::fromFen(1), OverflowError);
    CHECK_THROWS_AS(-max - Money::fromFen(2), OverflowError);
    CHECK_THROWS_AS(max.times(2), OverflowError);
    CHECK_THROWS_AS(-Money::fromFen(std::numeric_limits<qint64>::min()), OverflowError);
}

TEST_CASE("Money parses and prints yuan", "[money]")
{
    CHECK(Money::parseYuan(u"100")->fen() == 10000);
    CHECK(Money::parseYuan(u"0.01")->fen() == 1);
    CHECK_FALSE(Money::parseYuan(u"0.001").has_value());
    CHECK(Money::fromFen(-1).toYuanString() == u"-0.01");
    CHECK(Money::fromFen(100050).toYuanString() == u"1000.50");
}

TEST_CASE("Service fee percentages round once, as named", "[money]")
{
    const Money paid = Money::fromFen(10050); // 100.50 yuan
    // 1.5 % of 100.50 = 1.5075 yuan = 150.75 fen
    CHECK(paid.percentOf(150, Rounding::HalfUp).fen() == 151);
    CHECK(paid.percentOf(150, Rounding::Down).fen() == 150);
    CHECK(paid.percentOf(150, Rounding::Up).fen() == 151);
    // 0.5 % of 1.00 = 0.5 fen: half-up goes to 1, half-even to 0
    CHECK(Money::fromFen(100).percentOf(50, Rounding::HalfUp).fen() == 1);
    CHECK(Money::fromFen(100).percentOf(50, Rounding::HalfEven).fen() == 0);
    CHECK(Money::fromFen(300).percentOf(50, Rounding::HalfEven).fen() == 2); // 1.5 -> 2
}

TEST_CASE("charge multiplies quantity by price exactly and rounds once", "[money]")
{
    const Price p = *Price::parseYuan(u"0.4883");
    // 1 kWh × 0.4883 = 48.83 fen -> 49
    CHECK(charge(Quantity::fromMilli(1000, Unit::KilowattHour), p, Rounding::HalfUp).fen() == 49);
    CHECK(charge(Quantity::fromMilli(1000, Unit::KilowattHour), p, Rounding::Down).fen() == 48);
    // 2880 kWh × 0.4883 = 1406.304 yuan -> 140630 fen
    CHECK(charge(*Quantity::parse(u"2880", Unit::KilowattHour), p, Rounding::HalfUp).fen() == 140630);
    // 0.001 kWh × 0.0001 = 1e-5 fen: exactly representable, rounds to 0
    CHECK(charge(Quantity::fromMilli(1, Unit::KilowattHour), Price::fromTenThousandths(1),
                 Rounding::HalfUp)
              .fen() == 0);
    // exact half fen: 0.5 kWh × 0.0101 = 0.505 fen... 1.000 kWh × 0.0050 = 0.5 fen
    CHECK(charge(Quantity::fromMilli(1000, Unit::KilowattHour), Price::fromTenThousandths(50),
                 Rounding::HalfUp)
              .fen() == 1);
    CHECK(charge(Quantity::fromMilli(-1000, Unit::KilowattHour), Price::fromTenThousandths(50),
                 Rounding::HalfUp)
              .fen() == -1);
    // A huge but real-world-impossible product still does not wrap silently.
    const Quantity huge = Quantity::fromMilli(std::numeric_limits<qint64>::max(), Unit::KilowattHour);
    CHECK_THROWS_AS(charge(huge, Price::fromTenThousandths(10'000'000), Rounding::HalfUp), OverflowError);
}

TEST_CASE("Quantities of different units never mix", "[money]")
{
    const Quantity kwh = *Quantity::parse(u"1.5", Unit::KilowattHour);
    const Quantity m3 = *Quantity::parse(u"1.5", Unit::CubicMetre);
    CHECK((kwh + kwh).milli() == 3000);
    CHECK_THROWS_AS(kwh + m3, Error);
    CHECK_FALSE(kwh == m3);
    CHECK(m3.toStringWithUnit() == u"1.500 m³");
}
