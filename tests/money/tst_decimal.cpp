#include "util/decimal.h"

#include <catch2/catch.hpp>

#include <limits>

using md::formatScaled;
using md::parseScaled;

TEST_CASE("parseScaled accepts plain decimals up to the scale", "[decimal]")
{
    CHECK(parseScaled(u"12", 2) == 1200);
    CHECK(parseScaled(u"12.3", 2) == 1230);
    CHECK(parseScaled(u"12.34", 2) == 1234);
    CHECK(parseScaled(u"-0.05", 2) == -5);
    CHECK(parseScaled(u"+7", 2) == 700);
    CHECK(parseScaled(u" 0.4883 ", 4) == 4883);
    CHECK(parseScaled(u"0", 3) == 0);
    CHECK(parseScaled(u"-0", 3) == 0);
}

TEST_CASE("parseScaled rejects what a person did not mean as an amount", "[decimal]")
{
    for (const char16_t* bad : {u"", u"-", u".", u"12.", u".5x", u"1,000", u"1e3", u"12.345", u"１２",
                                u"0x10", u"1..2", u"--1", u"1 2", u"NaN"}) {
        INFO(QString::fromUtf16(bad).toStdString());
        CHECK_FALSE(parseScaled(bad, 2).has_value());
    }
    CHECK(parseScaled(u".5", 2) == 50); // a leading point is unambiguous
}

TEST_CASE("parseScaled bounds are exact at qint64 limits", "[decimal]")
{
    CHECK(parseScaled(u"92233720368547758.07", 2) == std::numeric_limits<qint64>::max());
    CHECK(parseScaled(u"-92233720368547758.08", 2) == std::numeric_limits<qint64>::min());
    CHECK_FALSE(parseScaled(u"92233720368547758.08", 2).has_value());
    CHECK_FALSE(parseScaled(u"-92233720368547758.09", 2).has_value());
    CHECK_FALSE(parseScaled(u"100000000000000000000", 0).has_value());
}

TEST_CASE("formatScaled writes exactly the scale's digits", "[decimal]")
{
    CHECK(formatScaled(1234, 2) == u"12.34");
    CHECK(formatScaled(-5, 2) == u"-0.05");
    CHECK(formatScaled(0, 2) == u"0.00");
    CHECK(formatScaled(4883, 4) == u"0.4883");
    CHECK(formatScaled(7, 0) == u"7");
    CHECK(formatScaled(std::numeric_limits<qint64>::min(), 2) == u"-92233720368547758.08");
}
