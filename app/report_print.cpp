#include "report_print.h"

#include <QDir>
#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPrintDialog>
#include <QPrintPreviewDialog>
#include <QPrinter>

#include <algorithm>

namespace md::app {

namespace {
bool rightAligned(report::ColumnType t)
{
    return t == report::ColumnType::Money || t == report::ColumnType::Quantity || t == report::ColumnType::Integer;
}

void paintPages(QPainter& p, QPrinter& printer, const ReportData& report, const ReportPrintHeading& heading)
{
    const double dpmm = printer.resolution() / 25.4;
    const QRectF area = printer.pageLayout().paintRectPixels(printer.resolution());
    const QRectF page(0, 0, area.width(), area.height());

    // Latin letters and digits from a Latin face: in a mixed run the CJK face's digits are
    // alternates that a PDF's text layer (copy, search, pdftotext) does not map back to digits.
    QFont base;
    base.setFamilies({QStringLiteral("DejaVu Sans"), QStringLiteral("Arial"), QStringLiteral("Noto Sans CJK SC"),
                      QStringLiteral("Microsoft YaHei"), QStringLiteral("SimSun")});
    base.setPointSizeF(9);
    QFont bold = base;
    bold.setBold(true);
    QFont titleFont = base;
    titleFont.setPointSizeF(15);
    titleFont.setBold(true);

    // Column widths by contents, shrunk (with the font) to fit the page.
    const int columns = int(report.columns.size());
    QList<report::Row> all = report.rows;
    if (report.totals)
        all.append(*report.totals);
    const double pad = 1.5 * dpmm;
    QList<double> widths(columns, 0.0);
    {
        const QFontMetricsF bfm(bold, &printer);
        for (int c = 0; c < columns; ++c) {
            widths[c] = bfm.horizontalAdvance(report.columns.at(c).header);
            for (const report::Row& row : std::as_const(all))
                widths[c] = std::max(widths[c], bfm.horizontalAdvance(report.text(row.at(c), c)));
            widths[c] += 2 * pad;
        }
    }
    double total = 0;
    for (double w : std::as_const(widths))
        total += w;
    double scale = total > 0 ? page.width() / total : 1.0;
    if (scale < 1.0) {
        base.setPointSizeF(std::max(5.0, 9 * scale));
        bold.setPointSizeF(base.pointSizeF());
    }
    for (double& w : widths)
        w *= scale; // spread the spare width (or shrink) over the columns
    const QFontMetricsF fm(base, &printer);
    const double rowHeight = fm.lineSpacing() * 1.5;

    int pageNo = 1;
    const int rowsPerFirst = std::max(1, int((page.height() - rowHeight * 6) / rowHeight) - 1);
    const int rowsPerNext = std::max(1, int((page.height() - rowHeight * 2) / rowHeight) - 1);
    const int n = int(all.size());
    const int pages = n <= rowsPerFirst ? 1 : 1 + (n - rowsPerFirst + rowsPerNext - 1) / rowsPerNext;

    double y = 0;
    // Title and heading.
    p.setPen(Qt::black);
    p.setFont(titleFont);
    const QFontMetricsF tfm(titleFont, &printer);
    const QString title = heading.office.isEmpty() ? report.title : heading.office + QStringLiteral("  ") + report.title;
    p.drawText(QRectF(0, y, page.width(), tfm.lineSpacing()), Qt::AlignHCenter | Qt::AlignTop, title);
    y += tfm.lineSpacing() * 1.4;
    p.setFont(base);
    const QStringList lines = ReportPrinter::headingLines(heading);
    p.drawText(QRectF(0, y, page.width(), fm.lineSpacing()), Qt::AlignLeft | Qt::AlignTop, lines.join(QStringLiteral("    ")));
    y += fm.lineSpacing() * 1.8;

    const auto drawHeader = [&] {
        p.setFont(bold);
        double x = 0;
        p.fillRect(QRectF(0, y, page.width(), rowHeight), QColor(0xE8, 0xE8, 0xE8));
        for (int c = 0; c < columns; ++c) {
            const QRectF cell(x + pad, y, widths[c] - 2 * pad, rowHeight);
            p.drawText(cell, Qt::AlignVCenter | (rightAligned(report.columns.at(c).type) ? Qt::AlignRight : Qt::AlignLeft),
                       report.columns.at(c).header);
            x += widths[c];
        }
        p.drawLine(QPointF(0, y), QPointF(page.width(), y));
        y += rowHeight;
        p.drawLine(QPointF(0, y), QPointF(page.width(), y));
        p.setFont(base);
    };
    const auto drawFooter = [&] {
        p.setFont(base);
        p.drawText(QRectF(0, page.height() - fm.lineSpacing(), page.width(), fm.lineSpacing()), Qt::AlignHCenter,
                   ReportPrinter::tr("Page %1 of %2").arg(pageNo).arg(pages));
    };
    drawHeader();
    int onPage = 0;
    int capacity = rowsPerFirst;
    for (int r = 0; r < n; ++r) {
        if (onPage == capacity) {
            drawFooter();
            printer.newPage();
            ++pageNo;
            y = 0;
            onPage = 0;
            capacity = rowsPerNext;
            drawHeader();
        }
        const bool totals = report.totals && r == n - 1;
        if (totals) {
            p.drawLine(QPointF(0, y), QPointF(page.width(), y));
            p.setFont(bold);
        }
        double x = 0;
        for (int c = 0; c < columns; ++c) {
            const QRectF cell(x + pad, y, widths[c] - 2 * pad, rowHeight);
            p.drawText(cell, Qt::AlignVCenter | (rightAligned(report.columns.at(c).type) ? Qt::AlignRight : Qt::AlignLeft),
                       report.text(all.at(r).at(c), c));
            x += widths[c];
        }
        y += rowHeight;
        ++onPage;
    }
    p.drawLine(QPointF(0, y), QPointF(page.width(), y));
    drawFooter();
}
} // namespace

QStringList ReportPrinter::headingLines(const ReportPrintHeading& heading)
{
    QStringList lines;
    if (!heading.period.isEmpty())
        lines.append(tr("Period: %1").arg(heading.period));
    lines.append(tr("Generated: %1").arg(heading.generated.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))));
    if (!heading.operatorName.isEmpty())
        lines.append(tr("Operator: %1").arg(heading.operatorName));
    return lines;
}

void ReportPrinter::setUp(QPrinter& printer, const ReportData& report)
{
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(12, 12, 12, 12),
                                      QPageLayout::Millimeter));
    printer.setDocName(report.title.isEmpty() ? tr("Report") : report.title);
}

bool ReportPrinter::paint(QPrinter& printer, const ReportData& report, const ReportPrintHeading& heading, QString* error)
{
    QPainter p;
    if (!p.begin(&printer)) {
        *error = printer.outputFormat() == QPrinter::PdfFormat
                     ? tr("The file %1 cannot be written.").arg(QDir::toNativeSeparators(printer.outputFileName()))
                     : tr("The printer %1 cannot be opened.").arg(printer.printerName());
        return false;
    }
    paintPages(p, printer, report, heading);
    p.end();
    return true;
}

bool ReportPrinter::saveAsPdf(const QString& path, const ReportData& report, const ReportPrintHeading& heading, QString* error)
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(path);
    setUp(printer, report);
    return paint(printer, report, heading, error);
}

QString ReportPrinter::print(const ReportData& report, const ReportPrintHeading& heading, QWidget* parent)
{
    QPrinter printer(QPrinter::HighResolution);
    setUp(printer, report);
    QPrintDialog dialog(&printer, parent);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    QString error;
    paint(printer, report, heading, &error);
    return error;
}

void ReportPrinter::preview(const ReportData& report, const ReportPrintHeading& heading, QWidget* parent)
{
    QPrinter printer(QPrinter::HighResolution);
    setUp(printer, report);
    QPrintPreviewDialog dialog(&printer, parent);
    QObject::connect(&dialog, &QPrintPreviewDialog::paintRequested, &dialog, [&](QPrinter* target) {
        QPainter p(target);
        paintPages(p, *target, report, heading);
    });
    dialog.exec();
}

} // namespace md::app
