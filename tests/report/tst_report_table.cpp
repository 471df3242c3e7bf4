// ReportTable and its renderers: typed cells, totals, JSON and CSV text.

#include "report/report_period.h"
#include "report/report_render.h"
#include "report/report_table.h"
#include "util/error.h"

#include <catch2/catch.hpp>

#include <QJsonArray>
#include <QJsonDocument>

using namespace md;
using namespace md::report;

namespace {

ReportTable sample()
{
    ReportTable t(QStringLiteral("sample"), QStringLiteral("Sample"));
    t.addColumn(QStringLiteral("name"), QStringLiteral("Name"), ColumnType::Text);
    t.addColumn(QStringLiteral("n"), QStringLiteral("Count"), ColumnType::Integer, true);
    t.addColumn(QStringLiteral("amount"), QStringLiteral("Amount"), ColumnType::Money, true);
    t.addColumn(QStringLiteral("qty"), QStringLiteral("Quantity"), ColumnType::Quantity);
    t.addColumn(QStringLiteral("day"), QStringLiteral("Day"), ColumnType::Date);
    int r = t.appendRow();
    t.set(r, QStringLiteral("name"), Cell::text(QStringLiteral("王五, Jr. \"A\"")));
    t.set(r, QStringLiteral("n"), Cell::integer(2));
    t.set(r, QStringLiteral("amount"), Cell::money(Money::fromFen(-2050)));
    t.set(r, QStringLiteral("qty"), Cell::quantityMilli(-1005));
    t.set(r, QStringLiteral("day"), Cell::date(QDate(2026, 1, 31)));
    r = t.appendRow();
    t.set(r, QStringLiteral("name"), Cell::text(QStringLiteral("=SUM(A1)")));
    t.set(r, QStringLiteral("n"), Cell::integer(3));
    t.set(r, QStringLiteral("amount"), Cell::money(Money::fromFen(7)));
    t.computeTotals(QStringLiteral("Total"));
    t.addSummary(QStringLiteral("first"), QStringLiteral("First"), ColumnType::Integer, Cell::integer(1));
    t.addSummary(QStringLiteral("none"), QStringLiteral("None"), ColumnType::Integer, Cell());
    return t;
}

} // namespace

TEST_CASE("A report renders to CSV with exact money, quantities, quoting and totals", "[report]")
{
    const QByteArray csv = toCsv(sample());
    CHECK(csv == QByteArray("Name,Count,Amount,Quantity,Day\n"
                            "\"王五, Jr. \"\"A\"\"\",2,-20.50,-1.005,2026-01-31\n"
                            "'=SUM(A1),3,0.07,,\n"
                            "Total,5,-20.43,,\n"
                            "\n"
                            "First,1\n"
                            "None,\n"));
    CsvOptions o;
    o.byteOrderMark = true;
    o.keysAsHeader = true;
    const QByteArray withKeys = toCsv(sample(), o);
    CHECK(withKeys.startsWith("\xEF\xBB\xBFname,n,amount,qty,day\n"));
}

TEST_CASE("A report renders to JSON with money as strings and empty cells as null", "[report]")
{
    const QJsonObject o = toJson(sample());
    CHECK(o.value(QStringLiteral("report")).toString() == u"sample");
    const QJsonArray columns = o.value(QStringLiteral("columns")).toArray();
    REQUIRE(columns.size() == 5);
    CHECK(columns.at(2).toObject().value(QStringLiteral("type")).toString() == u"money");
    const QJsonObject row0 = o.value(QStringLiteral("rows")).toArray().at(0).toObject();
    CHECK(row0.value(QStringLiteral("amount")) == QJsonValue(QStringLiteral("-20.50")));
    CHECK(row0.value(QStringLiteral("n")) == QJsonValue(2));
    CHECK(row0.value(QStringLiteral("qty")) == QJsonValue(QStringLiteral("-1.005")));
    CHECK(row0.value(QStringLiteral("day")) == QJsonValue(QStringLiteral("2026-01-31")));
    const QJsonObject row1 = o.value(QStringLiteral("rows")).toArray().at(1).toObject();
    CHECK(row1.value(QStringLiteral("qty")).isNull());
    CHECK(row1.value(QStringLiteral("name")) == QJsonValue(QStringLiteral("=SUM(A1)"))); // only CSV guards formulas
    const QJsonObject totals = o.value(QStringLiteral("totals")).toObject();
    CHECK(totals.value(QStringLiteral("amount")) == QJsonValue(QStringLiteral("-20.43")));
    CHECK(totals.value(QStringLiteral("name")) == QJsonValue(QStringLiteral("Total")));
    CHECK(o.value(QStringLiteral("summary")).toObject().value(QStringLiteral("none")).isNull());
}

TEST_CASE("A value of the wrong type or an unknown column is refused", "[report]")
{
    ReportTable t = sample();
    CHECK_THROWS_AS(t.set(0, QStringLiteral("amount"), Cell::text(QStringLiteral("1.00"))), Error);
    CHECK_THROWS_AS(t.set(0, QStringLiteral("day"), Cell::integer(1)), Error);
    CHECK_THROWS_AS(t.set(0, QStringLiteral("nope"), Cell::integer(1)), Error);
}

TEST_CASE("Offset stretches split a period at daylight saving changes only", "[report]")
{
    const QTimeZone shanghai(QByteArrayLiteral("Asia/Shanghai"));
    ReportPeriod p{QDate(2026, 1, 1), QDate(2026, 12, 31), shanghai};
    const auto one = offsetStretches(shanghai, p.startMs(), p.endMs());
    REQUIRE(one.size() == 1);
    CHECK(one.front().offsetMs == 8 * 3600 * 1000);
    CHECK(one.front().fromMs == QDateTime(QDate(2025, 12, 31), QTime(16, 0), Qt::UTC).toMSecsSinceEpoch());

    const QTimeZone newYork(QByteArrayLiteral("America/New_York"));
    p = ReportPeriod{QDate(2026, 3, 1), QDate(2026, 3, 31), newYork};
    const auto two = offsetStretches(newYork, p.startMs(), p.endMs());
    REQUIRE(two.size() == 2);
    CHECK(two.at(0).offsetMs == -5 * 3600 * 1000);
    CHECK(two.at(1).offsetMs == -4 * 3600 * 1000);
    CHECK(two.at(0).toMs == two.at(1).fromMs);
    CHECK(two.at(1).fromMs == QDateTime(QDate(2026, 3, 8), QTime(7, 0), Qt::UTC).toMSecsSinceEpoch());
    CHECK(two.at(1).toMs == p.endMs());
}
