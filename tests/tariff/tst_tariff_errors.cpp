#include "support/test_paths.h"
#include "tariff/tariff_file.h"
#include "util/error.h"

#include <catch2/catch.hpp>

using namespace md;

namespace {
// Lines 1-6 of every case below; a case's own text starts on line 7.
const QByteArray kHead = QByteArrayLiteral("[tariff]\n"              // 1
                                           "id = t\n"                // 2
                                           "utility = electricity\n" // 3
                                           "timezone = Asia/Shanghai\n" // 4
                                           "[version]\n"             // 5
                                           "effective = 2024-01-01\n"); // 6

struct Failure
{
    int line = -1;
    QString problem;
    QString message;
};

Failure failureOf(const QByteArray& text)
{
    try {
        parseTariff(text, QStringLiteral("case.tariff"));
    } catch (const InputError& e) {
        return Failure{e.line(), e.problem(), e.message()};
    }
    return {};
}

void expectFailure(const QByteArray& text, int line, const char* problemPart)
{
    const Failure f = failureOf(text);
    INFO(text.toStdString());
    INFO(f.message.toStdString());
    CHECK(f.line == line);
    CHECK(f.problem.contains(QString::fromUtf8(problemPart)));
    if (line > 0)
        CHECK(f.message.startsWith(QStringLiteral("case.tariff:%1: ").arg(line)));
}
} // namespace

TEST_CASE("Overlapping time-of-use periods are refused with the lines of both", "[tariff][errors]")
{
    expectFailure(kHead + "rates = peak, valley\n"     // 7
                          "period = 06:00-22:00 peak\n" // 8
                          "period = 21:00-06:00 valley\n" // 9
                          "price.peak = 0.6\nprice.valley = 0.3\n",
                  9, "overlaps the period on line 8 at 21:00");
}

TEST_CASE("Periods that leave a gap are refused", "[tariff][errors]")
{
    expectFailure(kHead + "rates = peak, valley\n"      // 7
                          "period = 06:00-22:00 peak\n" // 8
                          "period = 23:00-06:00 valley\n"
                          "price.peak = 0.6\nprice.valley = 0.3\n",
                  8, "22:00-23:00 uncovered");
}

TEST_CASE("More than 14 periods a day are refused", "[tariff][errors]")
{
    QByteArray text = kHead + "rates = peak, valley\n"; // 7
    for (int h = 0; h < 15; ++h)                        // lines 8..22
        text += QStringLiteral("period = %1:00-%2:00 %3\n")
                    .arg(h, 2, 10, QChar(u'0'))
                    .arg(h + 1, 2, 10, QChar(u'0'))
                    .arg(h % 2 ? u"peak" : u"valley")
                    .toUtf8();
    expectFailure(text, 22, "At most 14 periods");
}

TEST_CASE("Price and rate mistakes name their line", "[tariff][errors]")
{
    expectFailure(kHead + "price.flat = -0.50\n", 7, "Negative price -0.50");
    expectFailure(kHead + "price.flat = 0.12345\n", 7, "at most 4 decimals");
    expectFailure(kHead + "tier-basis = year\ntiers = 3120, 4800\nprice.flat = 0.617, 0.677\n", 9,
                  "needs 3 price(s), one per tier; found 2");
    expectFailure(kHead + "rates = peak, offpeak\n", 7, "Unknown rate \"offpeak\"");
    expectFailure(kHead + "rates = sharp, peak, flat, valley, peak\n", 7, "At most 4 rates");
    expectFailure(kHead + "price.peak = 0.6\n", 7, "peak is not listed in rates");
    expectFailure(kHead + "rates = peak, valley\nperiod = 00:00-24:00 peak\nprice.peak = 1\nprice.valley = 1\n", 8,
                  "valley has no period");
    expectFailure(kHead + "fixed-monthly = 1\n", 5, "no price.flat");
}

TEST_CASE("Ladder mistakes name their line", "[tariff][errors]")
{
    expectFailure(kHead + "tier-basis = year\ntiers = 4800, 3120\nprice.flat = 1, 2, 3\n", 8, "increasing");
    expectFailure(kHead + "tiers = 3120\nprice.flat = 1, 2\n", 7, "tier-basis = month or year");
    expectFailure(kHead + "tier-basis = week\n", 7, "Unknown tier-basis");
    expectFailure(kHead + "tier-basis = year\ntier-year-start = 02-29\n", 8, "not a day of the year");
}

TEST_CASE("Header, key and section mistakes name their line", "[tariff][errors]")
{
    expectFailure(QByteArrayLiteral("[tariff]\nid = t\nutility = gas\n"), 3, "Unknown utility \"gas\"");
    expectFailure(QByteArrayLiteral("[tariff]\nid = t\nutility = water\nunit = kWh\n"), 4, "does not measure water");
    expectFailure(QByteArrayLiteral("[tariff]\nid = t\nutility = water\ntimezone = Mars/Olympus\n"), 4,
                  "Unknown time zone");
    expectFailure(kHead + "price.flat = 1\nprice.flat = 2\n", 8, "Duplicate key \"price.flat\"");
    expectFailure(kHead + "colour = blue\n", 7, "Unknown key \"colour\"");
    expectFailure(kHead + "[prices]\n", 7, "Unknown section [prices]");
    expectFailure(kHead + "this line has no equals sign\n", 7, "key = value");
    expectFailure(QByteArrayLiteral("id = t\n"), 1, "before any [section]");
    expectFailure(QByteArrayLiteral("[tariff]\nid = t\nutility = electricity\n[version]\neffective = 2024-02-30\n"), 5,
                  "not a date");
    expectFailure(QByteArrayLiteral("[tariff]\nid = t\nutility = electricity\n"), 0, "no [version]");
    expectFailure(kHead + "price.flat = 1\nservice-fee = 120%\n", 8, "percentage");
    expectFailure(kHead + "price.flat = 1\nbalance-cap = -5\n", 8, "must not be negative");
}

TEST_CASE("Versions must be in increasing effective order", "[tariff][errors]")
{
    expectFailure(kHead + "price.flat = 1\n"  // 7
                          "[version]\n"        // 8
                          "effective = 2023-12-31\n" // 9
                          "price.flat = 2\n",
                  9, "increasing order");
}

TEST_CASE("The bad example files name their file and line", "[tariff][errors]")
{
    const auto check = [](const char* name, int line, const char* part) {
        const QString path = test::dataPath(QString::fromUtf8(name));
        try {
            loadTariffFile(path);
            FAIL("no error");
        } catch (const InputError& e) {
            CHECK(e.source() == path);
            CHECK(e.line() == line);
            CHECK(e.problem().contains(QString::fromUtf8(part)));
        }
    };
    check("tariffs/bad-overlap.tariff", 10, "overlaps the period on line 9");
    check("tariffs/bad-negative-price.tariff", 8, "Negative price");
    check("tariffs/bad-utility.tariff", 3, "Unknown utility \"gas\"");
    check("tariffs/does-not-exist.tariff", 0, "Cannot read");
}
