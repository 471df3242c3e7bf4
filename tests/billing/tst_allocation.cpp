#include "billing/allocation.h"

#include <catch2/catch.hpp>

#include <numeric>

using namespace md;

TEST_CASE("Largest remainder gives the left-over units to the largest fractions", "[billing][allocation]")
{
    // 10000 over 8:2:1:6:2:2:1:2 (hours of a day): exact shares 3333.33, 833.33, 416.67, 2500,
    // 833.33, 833.33, 416.67, 833.33; floors sum to 9997; the 3 left go to the two .67 and then
    // to the first .33 (ties: earlier first).
    const QList<qint64> parts = largestRemainder(10000, {8, 2, 1, 6, 2, 2, 1, 2});
    CHECK(parts == QList<qint64>{3334, 833, 417, 2500, 833, 833, 417, 833});
}

TEST_CASE("Largest remainder always sums to the whole", "[billing][allocation]")
{
    for (qint64 total : {0LL, 1LL, 7LL, 999LL, 123456789LL}) {
        const QList<qint64> weights{3, 0, 5, 11, 1};
        const QList<qint64> parts = largestRemainder(total, weights);
        CHECK(std::accumulate(parts.begin(), parts.end(), qint64(0)) == total);
        CHECK(parts.at(1) == 0); // a zero weight never gets a unit
    }
    CHECK(largestRemainder(5, {0, 0}) == QList<qint64>{5, 0});
    CHECK(largestRemainder(5, {}).isEmpty());
}

TEST_CASE("Splitting tier chunks among registers keeps both rows and columns exact", "[billing][allocation]")
{
    // 1300 units (peak 900, valley 400) crossing a bound after 120. The 120 is shared 900:400:
    // 120×900/1300 = 83.077 and 120×400/1300 = 36.923; floors 83 + 36 leave 1 unit, which goes
    // to the larger fraction (valley's .923): 83 and 37. The last chunk takes what is left:
    // peak 900 - 83 = 817, valley 400 - 37 = 363.
    const QList<QList<qint64>> m = splitChunks({0, 120, 1180}, {900, 400});
    CHECK(m.at(0) == QList<qint64>{0, 0});
    CHECK(m.at(1) == QList<qint64>{83, 37});
    CHECK(m.at(2) == QList<qint64>{817, 363});
}
