// The reports tab: report.sales against a real service with recharges in three channels, shown
// in the generic table model (cells and totals to the fen, QAbstractItemModelTester), the chart
// switched from bars to lines, exported to .xlsx (read back with unzip) and saved as PDF (read
// back with pdftotext); a cashier is offered the shift report only, with their own takings.

#include "meter_desk.h"
#include "pdf_text.h"
#include "xlsx_reader.h"
#include "reply_wait.h"

#include "account_model.h"
#include "main_window.h"
#include "receipt_printer.h"
#include "report_print.h"
#include "report_xlsx.h"
#include "reports_pane.h"

#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QBarSeries>
#include <QChart>
#include <QComboBox>
#include <QJsonArray>
#include <QLineSeries>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTimeZone>

using namespace md;
using namespace md::test;

namespace {
QString ref(int column, int row1)
{
    return QString(QChar(u'A' + column)) + QString::number(row1);
}
qint64 fen(const QString& number)
{
    return qRound64(number.toDouble() * 100);
}

QString squeeze(QString s)
{
    s.remove(QRegularExpression(QStringLiteral("\\s+")));
    return s;
}

int columnOf(const app::ReportTableModel& m, const QString& key)
{
    return int(m.report().columnIndex(key));
}

app::ReceiptPrinter::Options pdfOnly(const QString& folder)
{
    app::ReceiptPrinter::Options o;
    o.pdfFolder = folder;
    o.alwaysPdf = true;
    return o;
}
} // namespace

TEST_CASE("period presets: today, this month, last month (across a year), this year", "[app][reports]")
{
    using app::PeriodPreset;
    const QDate d(2026, 3, 15);
    CHECK(app::presetPeriod(PeriodPreset::Today, d).from == d);
    CHECK(app::presetPeriod(PeriodPreset::Today, d).to == d);
    CHECK(app::presetPeriod(PeriodPreset::ThisMonth, d).from == QDate(2026, 3, 1));
    CHECK(app::presetPeriod(PeriodPreset::LastMonth, d).from == QDate(2026, 2, 1));
    CHECK(app::presetPeriod(PeriodPreset::LastMonth, d).to == QDate(2026, 2, 28));
    CHECK(app::presetPeriod(PeriodPreset::LastMonth, QDate(2026, 1, 9)).from == QDate(2025, 12, 1));
    CHECK(app::presetPeriod(PeriodPreset::LastMonth, QDate(2026, 1, 9)).to == QDate(2025, 12, 31));
    CHECK(app::presetPeriod(PeriodPreset::ThisYear, d).from == QDate(2026, 1, 1));
    CHECK(app::presetPeriod(PeriodPreset::ThisYear, d).to == d);
}

TEST_CASE("a report's JSON reads back typed: money to the fen, quantities, dates, nulls, and unknown types refused",
          "[app][reports]")
{
    const QJsonObject json{
        {QStringLiteral("report"), QStringLiteral("x")},
        {QStringLiteral("title"), QStringLiteral("X")},
        {QStringLiteral("columns"),
         QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("d")}, {QStringLiteral("header"), QStringLiteral("D")}, {QStringLiteral("type"), QStringLiteral("date")}},
                    QJsonObject{{QStringLiteral("key"), QStringLiteral("m")}, {QStringLiteral("header"), QStringLiteral("M")}, {QStringLiteral("type"), QStringLiteral("money")}},
                    QJsonObject{{QStringLiteral("key"), QStringLiteral("q")}, {QStringLiteral("header"), QStringLiteral("Q")}, {QStringLiteral("type"), QStringLiteral("quantity")}},
                    QJsonObject{{QStringLiteral("key"), QStringLiteral("n")}, {QStringLiteral("header"), QStringLiteral("N")}, {QStringLiteral("type"), QStringLiteral("integer")}}}},
        {QStringLiteral("rows"),
         QJsonArray{QJsonObject{{QStringLiteral("d"), QStringLiteral("2026-01-31")}, {QStringLiteral("m"), QStringLiteral("-20.05")},
                                {QStringLiteral("q"), QStringLiteral("1234.5")}, {QStringLiteral("n"), 7}},
                    QJsonObject{{QStringLiteral("d"), QJsonValue()}, {QStringLiteral("m"), QStringLiteral("0.07")},
                                {QStringLiteral("q"), QJsonValue()}, {QStringLiteral("n"), QJsonValue()}}}},
        {QStringLiteral("totals"), QJsonValue()}};
    app::ReportData d;
    REQUIRE(app::parseReport(json, &d).isEmpty());
    REQUIRE(d.rows.size() == 2);
    CHECK(d.cell(0, QStringLiteral("d")) == report::Cell::date(QDate(2026, 1, 31)));
    CHECK(d.cell(0, QStringLiteral("m")).number() == -2005);
    CHECK(d.cell(1, QStringLiteral("m")).number() == 7);
    CHECK(d.cell(0, QStringLiteral("q")).number() == 1234500);
    CHECK(d.text(d.cell(0, QStringLiteral("q")), 2) == u"1234.500");
    CHECK(d.cell(1, QStringLiteral("q")).isEmpty());
    CHECK(d.cell(0, QStringLiteral("n")).number() == 7);
    CHECK_FALSE(d.totals);

    app::ReportTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setReport(d);
    CHECK(model.rowCount() == 2);
    CHECK(model.totalsRow() == -1);
    CHECK(model.data(model.index(0, 1)).toString() == u"-20.05");

    QJsonObject bad = json;
    QJsonArray columns = bad.value(u"columns").toArray();
    QJsonObject c0 = columns.at(0).toObject();
    c0.insert(QStringLiteral("type"), QStringLiteral("percent"));
    columns.replace(0, c0);
    bad.insert(QStringLiteral("columns"), columns);
    CHECK_FALSE(app::parseReport(bad, &d).isEmpty());
    QJsonObject badMoney = json;
    QJsonArray rows = badMoney.value(u"rows").toArray();
    QJsonObject r0 = rows.at(0).toObject();
    r0.insert(QStringLiteral("m"), QStringLiteral("12.345"));
    rows.replace(0, r0);
    badMoney.insert(QStringLiteral("rows"), rows);
    CHECK_FALSE(app::parseReport(badMoney, &d).isEmpty());
}

TEST_CASE("the reports tab runs report.sales: table and totals to the fen, chart bar to line, .xlsx, PDF",
          "[app][reports]")
{
    MeterDesk desk; // 1-101 has 50.00 in cash (as li)
    desk.call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("rw-1")}, {QStringLiteral("code"), QStringLiteral("1-102")},
                                                  {QStringLiteral("amount"), QStringLiteral("123.45")}, {QStringLiteral("channel"), QStringLiteral("wechat")}});
    desk.call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("rw-2")}, {QStringLiteral("code"), QStringLiteral("1-102")},
                                                  {QStringLiteral("amount"), QStringLiteral("0.07")}, {QStringLiteral("channel"), QStringLiteral("alipay")}});
    // The office's day (Asia/Shanghai) may not be this machine's: ask for the days around it.
    const QDate officeToday = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();

    QTemporaryDir dir;
    app::AccountModel accounts;
    app::ReceiptPrinter printer(pdfOnly(dir.path()));
    app::MainWindow window(desk.client, accounts, printer, QStringLiteral("幸福里物业"));
    app::ReportsPane* pane = window.reportsPane();
    REQUIRE(pane);
    CHECK(pane->offeredReports().size() == 6);
    window.tabs()->setCurrentWidget(pane);
    QAbstractItemModelTester tester(&pane->model(), QAbstractItemModelTester::FailureReportingMode::Fatal);

    app::ReportRequest r;
    r.method = QStringLiteral("report.sales");
    r.from = officeToday.addDays(-1);
    r.to = officeToday.addDays(1);
    r.granularity = QStringLiteral("day");
    pane->setRequest(r);
    QSignalSpy shown(pane, &app::ReportsPane::reportShown);
    pane->run();
    CHECK(pane->runner().busy()); // asked, not waited for: the window keeps working
    REQUIRE(shown.wait(20000));
    CHECK_FALSE(pane->runner().busy());

    const app::ReportTableModel& m = pane->model();
    REQUIRE(m.rowCount() == 4); // three days and the totals
    REQUIRE(m.totalsRow() == 3);
    const int period = columnOf(m, QStringLiteral("period"));
    const int cash = columnOf(m, QStringLiteral("cash"));
    const int wechat = columnOf(m, QStringLiteral("wechat"));
    const int alipay = columnOf(m, QStringLiteral("alipay"));
    const int sales = columnOf(m, QStringLiteral("sales"));
    const int net = columnOf(m, QStringLiteral("net"));
    const int count = columnOf(m, QStringLiteral("recharges"));
    REQUIRE(period == 0);
    REQUIRE(std::min({cash, wechat, alipay, sales, net, count}) > 0);
    auto text = [&](int row, int column) { return m.data(m.index(row, column)).toString(); };
    CHECK(text(0, period) == officeToday.addDays(-1).toString(Qt::ISODate));
    CHECK(text(1, period) == officeToday.toString(Qt::ISODate));
    CHECK(text(1, cash) == u"50.00");
    CHECK(text(1, wechat) == u"123.45");
    CHECK(text(1, alipay) == u"0.07");
    CHECK(text(1, sales) == u"173.52");
    CHECK(text(1, net) == u"173.52");
    CHECK(text(1, count) == u"3");
    CHECK(text(0, sales) == u"0.00");
    CHECK(text(2, sales) == u"0.00");
    CHECK(text(3, sales) == u"173.52");
    CHECK(text(3, wechat) == u"123.45");
    CHECK(text(3, count) == u"3");
    CHECK_FALSE(text(3, period).isEmpty()); // "Total", translated
    CHECK(m.data(m.index(3, sales), app::ReportTableModel::SortRole).toLongLong() == 17352);
    CHECK(m.data(m.index(3, sales), app::ReportTableModel::IsTotalsRole).toBool());
    CHECK(m.data(m.index(3, sales), Qt::FontRole).value<QFont>().bold());
    CHECK(m.data(m.index(1, sales), Qt::TextAlignmentRole).toInt() & Qt::AlignRight);
    CHECK(m.data(m.index(1, period), Qt::TextAlignmentRole).toInt() & Qt::AlignLeft);
    CHECK(m.headerData(wechat, Qt::Horizontal).toString() == m.report().columns.at(wechat).header);

    // The chart: bars by default, lines on request; one series per money column with money.
    app::ReportChart* chart = pane->chart();
    CHECK(chart->categories() == QStringList{text(0, 0), text(1, 0), text(2, 0)});
    REQUIRE(chart->chart()->series().size() == 1);
    CHECK(qobject_cast<QBarSeries*>(chart->chart()->series().first()));
    const QStringList plotted = chart->seriesNames();
    CHECK(plotted.size() == 5); // cash, wechat, alipay, sales, net
    CHECK(plotted.contains(m.report().columns.at(wechat).header));
    auto* kind = pane->findChild<QComboBox*>(QStringLiteral("chartKind"));
    REQUIRE(kind);
    kind->setCurrentIndex(kind->findData(int(app::ReportChart::Kind::Line)));
    CHECK(chart->kind() == app::ReportChart::Kind::Line);
    REQUIRE(chart->chart()->series().size() == 5);
    auto* line = qobject_cast<QLineSeries*>(chart->chart()->series().at(plotted.indexOf(m.report().columns.at(wechat).header)));
    REQUIRE(line);
    REQUIRE(line->count() == 3);
    CHECK(line->at(1).y() == Approx(123.45));
    CHECK(line->at(0).y() == 0.0);
    CHECK(chart->seriesNames() == plotted);

    // .xlsx: the title and heading lines, the headers, money as numbers in 0.00.
    const QString xlsx = dir.filePath(QStringLiteral("销售报表.xlsx"));
    QSignalSpy exported(pane, &app::ReportsPane::exported);
    pane->exportTo(xlsx);
    REQUIRE(exported.wait(20000));
    CHECK(exported.at(0).at(1).toString().isEmpty());
    const QStringList strings = xlsxSharedStrings(xlsx);
    const QString sheet = xlsxMember(xlsx, QStringLiteral("xl/worksheets/sheet1.xml"));
    const QStringList heading = app::ReportPrinter::headingLines(pane->heading());
    REQUIRE(heading.size() == 3); // period, generated, operator
    CHECK(xlsxCell(sheet, strings, QStringLiteral("A1")).value == m.report().title);
    CHECK(xlsxCell(sheet, strings, QStringLiteral("A2")).value == heading.at(0));
    CHECK(heading.at(0).contains(officeToday.addDays(1).toString(Qt::ISODate)));
    const int header = app::reportXlsxHeaderRow(heading);
    CHECK(xlsxCell(sheet, strings, ref(wechat, header)).value == m.report().columns.at(wechat).header);
    CHECK(xlsxCell(sheet, strings, ref(period, header + 2)).value == officeToday.toString(Qt::ISODate));
    const XlsxCell w = xlsxCell(sheet, strings, ref(wechat, header + 2));
    CHECK(w.type.isEmpty()); // a number, not a string
    CHECK(fen(w.value) == 12345);
    CHECK(fen(xlsxCell(sheet, strings, ref(alipay, header + 2)).value) == 7);
    CHECK(xlsxCell(sheet, strings, ref(sales, header + 1)).value == u"0");
    CHECK(xlsxCell(sheet, strings, ref(sales, header + 1)).style == w.style);
    CHECK(fen(xlsxCell(sheet, strings, ref(sales, header + 4)).value) == 17352); // the totals row
    CHECK(xlsxCell(sheet, strings, ref(count, header + 4)).value == u"3");
    CHECK(xlsxCell(sheet, strings, ref(period, header + 4)).value == text(3, period));
    CHECK_FALSE(sheet.contains(QStringLiteral("<row r=\"%1\"").arg(header + 5)));
    const QString styles = xlsxMember(xlsx, QStringLiteral("xl/styles.xml"));
    CHECK(styles.contains(QStringLiteral("formatCode=\"0.00\"")));

    // PDF: title, office, period, generated time, operator, the figures.
    const QString pdf = dir.filePath(QStringLiteral("sales.pdf"));
    REQUIRE(pane->saveAsPdf(pdf).isEmpty());
    const QString printed = squeeze(test::pdfText(pdf));
    INFO(printed.toStdString());
    REQUIRE_FALSE(printed.isEmpty());
    CHECK(printed.contains(squeeze(m.report().title)));
    CHECK(printed.contains(QStringLiteral("幸福里物业")));
    for (const QString& l : heading)
        CHECK(printed.contains(squeeze(l)));
    CHECK(printed.contains(officeToday.toString(Qt::ISODate)));
    CHECK(printed.contains(QStringLiteral("123.45")));
    CHECK(printed.contains(QStringLiteral("173.52")));
    CHECK(printed.contains(squeeze(m.report().columns.at(wechat).header)));
}

TEST_CASE("a cashier's reports tab offers the shift report only, with their own takings", "[app][reports]")
{
    MeterDesk desk(QStringLiteral("wang"));
    resultOf(desk.wang->call(QStringLiteral("account.recharge"), {{QStringLiteral("key"), QStringLiteral("w-1")}, {QStringLiteral("code"), QStringLiteral("1-102")},
                                                                 {QStringLiteral("amount"), QStringLiteral("20.30")}}));
    QTemporaryDir dir;
    app::AccountModel accounts;
    app::ReceiptPrinter printer(pdfOnly(dir.path()));
    app::MainWindow window(desk.client, accounts, printer, QStringLiteral("幸福里物业"));
    app::ReportsPane* pane = window.reportsPane();
    REQUIRE(pane);
    REQUIRE(pane->offeredReports() == QStringList{QStringLiteral("report.shift")});
    const QDate officeToday = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
    app::ReportRequest r = pane->request();
    CHECK(r.method == u"report.shift");
    r.from = officeToday.addDays(-1);
    r.to = officeToday.addDays(1);
    pane->setRequest(r);
    QSignalSpy shown(pane, &app::ReportsPane::reportShown);
    pane->run();
    REQUIRE(shown.wait(20000));
    const app::ReportTableModel& m = pane->model();
    REQUIRE(m.totalsRow() >= 0);
    const int takings = columnOf(m, QStringLiteral("takings"));
    REQUIRE(takings >= 0);
    // li's 50.00 is not in wang's drawer.
    CHECK(m.data(m.index(m.totalsRow(), takings)).toString() == u"20.30");
}

TEST_CASE("a long report prints on several pages: the header on each, every row once, the totals last", "[app][reports]")
{
    app::ReportData d;
    d.key = QStringLiteral("long");
    d.title = QStringLiteral("长报表");
    report::Column day;
    day.key = QStringLiteral("day");
    day.header = QStringLiteral("Day");
    day.type = report::ColumnType::Date;
    report::Column amount;
    amount.key = QStringLiteral("amount");
    amount.header = QStringLiteral("Amount");
    amount.type = report::ColumnType::Money;
    d.columns = {day, amount};
    qint64 total = 0;
    for (int i = 0; i < 120; ++i) {
        d.rows.append({report::Cell::date(QDate(2026, 1, 1).addDays(i)), report::Cell::money(Money::fromFen(1001 + i))});
        total += 1001 + i;
    }
    d.totals = report::Row{report::Cell(), report::Cell::money(Money::fromFen(total))};
    app::ReportPrintHeading h;
    h.office = QStringLiteral("幸福里物业");
    h.period = QStringLiteral("2026-01-01 — 2026-04-30");
    h.generated = QDateTime(QDate(2026, 5, 1), QTime(9, 30, 5));
    h.operatorName = QStringLiteral("李经理");
    QTemporaryDir dir;
    const QString pdf = dir.filePath(QStringLiteral("long.pdf"));
    QString error;
    REQUIRE(app::ReportPrinter::saveAsPdf(pdf, d, h, &error));
    const QString text = test::pdfText(pdf);
    REQUIRE_FALSE(text.isEmpty());
    const qsizetype pages = text.count(QChar(u'\f')) + (text.endsWith(QChar(u'\f')) ? 0 : 1);
    CHECK(pages >= 3);
    CHECK(text.count(QStringLiteral("Amount")) == pages); // the header on every page
    for (int i = 0; i < 120; ++i)
        CHECK(text.count(Money::fromFen(1001 + i).toYuanString()) == 1);
    CHECK(text.lastIndexOf(Money::fromFen(total).toYuanString()) > text.lastIndexOf(QStringLiteral("2026-04-30")));
    CHECK(squeeze(text).contains(squeeze(app::ReportPrinter::headingLines(h).at(1))));
}
