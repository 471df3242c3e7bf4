// 抄表导出: the listed meters to .xlsx (libxlsxwriter), read back from the zip with unzip:
// headers, text cells, balances as numbers in a 0.00 format, times as text; 5,000 rows timed.

#include "meter_desk.h"
#include "reply_wait.h"
#include "xlsx_reader.h"

#include "meter_model.h"
#include "meter_pane.h"
#include "meter_xlsx_export.h"

#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QLineEdit>
#include <QProcess>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace md;
using namespace md::test;

TEST_CASE("the listed meters export to .xlsx: headers, text, balances as 0.00 numbers, times as text",
          "[app][meters][export]")
{
    MeterDesk desk;
    app::MeterPane pane(desk.client);
    REQUIRE(waitUntil([&] { return pane.model().rowCount() == 5; }));
    // What is listed is exported: the search filters, the sort orders.
    pane.searchBox()->setText(QStringLiteral("A/1/1"));
    REQUIRE(pane.proxy()->rowCount() == 3);
    pane.grid()->sortByColumn(app::MeterModel::Nameplate, Qt::AscendingOrder);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("抄表导出.xlsx"));
    QSignalSpy done(&pane, &app::MeterPane::exported);
    pane.exportTo(path);
    REQUIRE(done.wait(20000));
    CHECK(done.at(0).at(1).toString().isEmpty());

    const QStringList strings = xlsxSharedStrings(path);
    const QString sheet = xlsxMember(path, QStringLiteral("xl/worksheets/sheet1.xml"));
    const QStringList headers = app::meterExportHeaders();
    REQUIRE(headers.size() == 10);
    const QString columns = QStringLiteral("ABCDEFGHIJ");
    for (int c = 0; c < headers.size(); ++c)
        CHECK(xlsxCell(sheet, strings, columns.at(c) + QStringLiteral("1")).value == headers.at(c));
    // Rows 2..4: E-0001, E-0002, W-0001 (by nameplate); no fourth row.
    CHECK(xlsxCell(sheet, strings, QStringLiteral("C2")).value == u"E-0001");
    CHECK(xlsxCell(sheet, strings, QStringLiteral("C3")).value == u"E-0002");
    CHECK(xlsxCell(sheet, strings, QStringLiteral("C4")).value == u"W-0001");
    CHECK_FALSE(sheet.contains(QStringLiteral("<row r=\"5\"")));
    CHECK(xlsxCell(sheet, strings, QStringLiteral("A2")).value == u"A/1/1/101");
    CHECK(xlsxCell(sheet, strings, QStringLiteral("B2")).value == u"张三");
    CHECK(xlsxCell(sheet, strings, QStringLiteral("B3")).value == u"李四");
    CHECK(xlsxCell(sheet, strings, QStringLiteral("E2")).value == app::stateName(app::AccountState::Normal));
    // The balance is a number (no t="s") with the 0.00 format.
    const XlsxCell balance = xlsxCell(sheet, strings, QStringLiteral("F2"));
    CHECK(balance.type.isEmpty());
    CHECK(balance.value == u"50");
    const QString styles = xlsxMember(path, QStringLiteral("xl/styles.xml"));
    CHECK(styles.contains(QStringLiteral("formatCode=\"0.00\"")));
    CHECK_FALSE(balance.style.isEmpty());
    CHECK(xlsxCell(sheet, strings, QStringLiteral("F3")).value == u"0");
    CHECK(xlsxCell(sheet, strings, QStringLiteral("F3")).style == balance.style);
}

TEST_CASE("5,000 meters export to .xlsx with readings and times as text, off the GUI thread", "[app][meters][export]")
{
    QList<app::MeterRow> rows;
    for (int i = 0; i < 5000; ++i) {
        app::MeterRow r;
        r.id = i + 1;
        r.nameplate = QStringLiteral("E-%1").arg(i + 1, 5, 10, QLatin1Char('0'));
        r.utility = QStringLiteral("electricity");
        r.state = app::AccountState(i % int(app::AccountState::Count));
        r.roomPath = QStringLiteral("A/%1/1/%2").arg(i / 500 + 1).arg(i % 500 + 101);
        r.tenant = QStringLiteral("住户%1").arg(i);
        r.balance = Money::fromFen(qint64(i) * 137 - 50000);
        r.lastValue = QStringLiteral("%1.250").arg(i * 3);
        r.lastValueNumber = r.lastValue.toDouble();
        r.lastUnit = QStringLiteral("kWh");
        r.lastAt = QDateTime(QDate(2026, 3, 1), QTime(8, 30), Qt::UTC);
        r.relayActual = QStringLiteral("on");
        rows.append(r);
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("meters.xlsx"));
    app::MeterXlsxExport job;
    QSignalSpy done(&job, &app::MeterXlsxExport::finished);
    QElapsedTimer t;
    t.start();
    job.start(path, rows);
    const qint64 returnedMs = t.elapsed();
    REQUIRE(done.wait(30000));
    CHECK(done.at(0).at(1).toString().isEmpty());
    const qint64 writeMs = done.at(0).at(2).toLongLong();
    WARN("xlsx export of 5000 meters: " << writeMs << " ms on the worker, start() returned in " << returnedMs << " ms");
    CHECK(returnedMs < 50); // the GUI thread only hands the rows over

    const QStringList strings = xlsxSharedStrings(path);
    const QString sheet = xlsxMember(path, QStringLiteral("xl/worksheets/sheet1.xml"));
    CHECK(sheet.contains(QStringLiteral("<row r=\"5001\"")));
    CHECK_FALSE(sheet.contains(QStringLiteral("<row r=\"5002\"")));
    CHECK(xlsxCell(sheet, strings, QStringLiteral("F2")).value == u"-500"); // -500.00 yuan
    CHECK(xlsxCell(sheet, strings, QStringLiteral("F5001")).value.toDouble() == Approx(4999 * 1.37 - 500.0));
    CHECK(xlsxCell(sheet, strings, QStringLiteral("G5001")).value == u"14997.25");
    CHECK(xlsxCell(sheet, strings, QStringLiteral("H5001")).value == u"kWh");
    const XlsxCell time = xlsxCell(sheet, strings, QStringLiteral("I2"));
    CHECK(time.type == u"s");
    CHECK(time.value == QDateTime(QDate(2026, 3, 1), QTime(8, 30), Qt::UTC).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
}
