#include "billing/readings_csv.h"
#include "support/test_paths.h"
#include "util/error.h"

#include <catch2/catch.hpp>

using namespace md;

namespace {
const QTimeZone kShanghai("Asia/Shanghai");

void expectFailure(const char* text, int line, const char* part)
{
    try {
        parseReadingsCsv(QByteArray(text), QStringLiteral("r.csv"), Unit::KilowattHour, kShanghai);
        FAIL("no error for " << text);
    } catch (const InputError& e) {
        INFO(e.message().toStdString());
        CHECK(e.line() == line);
        CHECK(e.problem().contains(QString::fromUtf8(part)));
        CHECK(e.message().startsWith(QStringLiteral("r.csv:%1: ").arg(line)));
    }
}
} // namespace

TEST_CASE("A reading history groups rows by timestamp and keeps line numbers", "[billing][csv]")
{
    const QList<NumberedReadingSet> sets = loadReadingsCsv(test::dataPath(QStringLiteral("readings/sh-year.csv")),
                                                           Unit::KilowattHour, kShanghai);
    REQUIRE(sets.size() == 5);
    CHECK(sets.at(0).line == 3);
    CHECK(sets.at(1).line == 5);
    CHECK(sets.at(1).set.values.value(Register::Peak).milli() == 2'000'000); // written as 峰
    CHECK(sets.at(1).set.values.value(Register::Valley).milli() == 1'000'000); // written as 谷
    // "2024-10-01 00:00" has no offset: it is Shanghai time, 16:00 UTC the day before.
    CHECK(sets.at(2).set.utc == QDateTime(QDate(2024, 9, 30), QTime(16, 0), QTimeZone::utc()));
    // "2024-12-31T16:00:00Z" is midnight of New Year in Shanghai.
    CHECK(sets.at(3).set.utc == QDateTime(QDate(2024, 12, 31), QTime(16, 0), QTimeZone::utc()));
    CHECK(sets.at(4).set.values.size() == 2);
}

TEST_CASE("Bad reading lines name their line and problem", "[billing][csv]")
{
    expectFailure("2024-01-01T00:00:00+08:00,total,0\n2024-02-01T00:00:00+08:00;total;100\n", 2, "Expected 3 fields");
    expectFailure("2024-01-01T00:00:00+08:00,total,0\n2024-02-30T00:00:00+08:00,total,1\n", 2, "not an ISO 8601");
    expectFailure("yesterday,total,0\n", 1, "not an ISO 8601");
    expectFailure("2024-01-01T00:00:00+08:00,reactive,0\n", 1, "Unknown register \"reactive\"");
    expectFailure("2024-01-01T00:00:00+08:00,total,-1\n", 1, "not a meter reading");
    expectFailure("2024-01-01T00:00:00+08:00,total,1.2345\n", 1, "not a meter reading");
    expectFailure("2024-01-01T00:00:00+08:00,total,1e3\n", 1, "not a meter reading");
    expectFailure("2024-01-02T00:00:00+08:00,total,0\n2024-01-01T00:00:00+08:00,total,1\n", 2, "earlier than");
    expectFailure("2024-01-01T00:00:00+08:00,total,0\n2024-01-01T00:00:00+08:00,总,1\n", 2, "appears twice");
    expectFailure("timestamp,register,value\n\n# note\n2024-01-01T00:00:00+25:00,total,0\n", 4, "not an ISO 8601");
}
