#include "report_xlsx.h"

#include <QCoreApplication>
#include <QFile>
#include <QPointer>
#include <QThread>

#include <xlsxwriter.h>

#include <algorithm>

namespace md::app {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::app::ReportXlsxExport)
};

struct Formats
{
    lxw_format* title;
    lxw_format* header;
    lxw_format* money;
    lxw_format* quantity;
    lxw_format* date;
    lxw_format* totalText;
    lxw_format* totalMoney;
    lxw_format* totalQuantity;
    lxw_format* totalInteger;
};

void text(lxw_worksheet* sheet, int row, int column, const QString& value, lxw_format* format = nullptr)
{
    if (value.isEmpty())
        return;
    const QByteArray utf8 = value.toUtf8();
    worksheet_write_string(sheet, lxw_row_t(row), lxw_col_t(column), utf8.constData(), format);
}

void writeCell(lxw_worksheet* sheet, int row, int column, const report::Cell& cell, const report::Column& c,
               const Formats& f, bool totals)
{
    using report::ColumnType;
    if (cell.isEmpty())
        return;
    const auto r = lxw_row_t(row);
    const auto col = lxw_col_t(column);
    switch (c.type) {
    case ColumnType::Money:
        worksheet_write_number(sheet, r, col, ReportData::number(cell, c.type), totals ? f.totalMoney : f.money);
        return;
    case ColumnType::Quantity:
        worksheet_write_number(sheet, r, col, ReportData::number(cell, c.type), totals ? f.totalQuantity : f.quantity);
        return;
    case ColumnType::Integer:
        worksheet_write_number(sheet, r, col, double(cell.number()), totals ? f.totalInteger : nullptr);
        return;
    case ColumnType::Date:
        if (const auto* d = std::get_if<QDate>(&cell.value)) {
            lxw_datetime dt{d->year(), d->month(), d->day(), 0, 0, 0};
            worksheet_write_datetime(sheet, r, col, &dt, f.date);
            return;
        }
        break;
    case ColumnType::Text:
        break;
    }
    if (const auto* s = std::get_if<QString>(&cell.value))
        text(sheet, row, column, *s, totals ? f.totalText : nullptr);
}
} // namespace

int reportXlsxHeaderRow(const QStringList& heading)
{
    return 1 + int(heading.size()) + 2; // title, heading lines, an empty row, then the headers
}

QString writeReportXlsx(const QString& path, const ReportData& report, const QStringList& heading)
{
    const QByteArray file = QFile::encodeName(path);
    lxw_workbook* book = workbook_new(file.constData());
    if (!book)
        return Tr::tr("Cannot create %1").arg(path);
    // A sheet name has at most 31 characters and none of []:*?/\ .
    QString name = report.title.isEmpty() ? Tr::tr("Report") : report.title;
    static const QString kForbidden = QStringLiteral("[]:*?/\\");
    name.removeIf([](QChar ch) { return kForbidden.contains(ch); });
    const QByteArray sheetName = name.left(31).toUtf8();
    lxw_worksheet* sheet = workbook_add_worksheet(book, sheetName.constData());
    if (!sheet)
        sheet = workbook_add_worksheet(book, nullptr);

    Formats f{};
    f.title = workbook_add_format(book);
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    f.header = workbook_add_format(book);
    format_set_bold(f.header);
    format_set_bg_color(f.header, 0xE0E0E0);
    format_set_border(f.header, LXW_BORDER_THIN);
    f.money = workbook_add_format(book);
    format_set_num_format(f.money, "0.00");
    f.quantity = workbook_add_format(book);
    format_set_num_format(f.quantity, "0.000");
    f.date = workbook_add_format(book);
    format_set_num_format(f.date, "yyyy-mm-dd");
    f.totalText = workbook_add_format(book);
    format_set_bold(f.totalText);
    format_set_top(f.totalText, LXW_BORDER_THIN);
    f.totalMoney = workbook_add_format(book);
    format_set_bold(f.totalMoney);
    format_set_top(f.totalMoney, LXW_BORDER_THIN);
    format_set_num_format(f.totalMoney, "0.00");
    f.totalQuantity = workbook_add_format(book);
    format_set_bold(f.totalQuantity);
    format_set_top(f.totalQuantity, LXW_BORDER_THIN);
    format_set_num_format(f.totalQuantity, "0.000");
    f.totalInteger = workbook_add_format(book);
    format_set_bold(f.totalInteger);
    format_set_top(f.totalInteger, LXW_BORDER_THIN);

    text(sheet, 0, 0, report.title, f.title);
    for (int i = 0; i < heading.size(); ++i)
        text(sheet, 1 + i, 0, heading.at(i));
    const int headerRow = reportXlsxHeaderRow(heading) - 1; // 0-based
    QList<int> widths;
    for (int c = 0; c < report.columns.size(); ++c) {
        text(sheet, headerRow, c, report.columns.at(c).header, f.header);
        widths.append(int(report.columns.at(c).header.toUtf8().size()));
    }
    int r = headerRow + 1;
    const auto writeRow = [&](const report::Row& row, bool totals) {
        for (int c = 0; c < report.columns.size(); ++c) {
            writeCell(sheet, r, c, row.at(c), report.columns.at(c), f, totals);
            widths[c] = std::max(widths[c], int(report.text(row.at(c), c).toUtf8().size()));
        }
        ++r;
    };
    for (const report::Row& row : report.rows)
        writeRow(row, false);
    if (report.totals)
        writeRow(*report.totals, true);
    for (int c = 0; c < widths.size(); ++c)
        worksheet_set_column(sheet, lxw_col_t(c), lxw_col_t(c), std::clamp(widths[c] * 0.9 + 2, 8.0, 40.0), nullptr);
    worksheet_freeze_panes(sheet, lxw_row_t(headerRow + 1), 0);
    const lxw_error e = workbook_close(book);
    if (e != LXW_NO_ERROR)
        return Tr::tr("Cannot write %1: %2").arg(path, QString::fromUtf8(lxw_strerror(e)));
    return {};
}

ReportXlsxExport::ReportXlsxExport(QObject* parent)
    : QObject(parent)
{
}

void ReportXlsxExport::start(const QString& path, ReportData report, QStringList heading)
{
    QPointer<ReportXlsxExport> self(this);
    QThread* worker = QThread::create([self, path, report = std::move(report), heading = std::move(heading)] {
        const QString problem = writeReportXlsx(path, report, heading);
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, path, problem] {
            if (self)
                emit self->finished(path, problem);
        }, Qt::QueuedConnection);
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

} // namespace md::app
