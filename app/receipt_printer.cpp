#include "receipt_printer.h"

#include <QDir>
#include <QFont>
#include <QPainter>
#include <QPrintPreviewDialog>
#include <QPrinter>
#include <QPrinterInfo>

#include <algorithm>

namespace md::app {

ReceiptPrinter::ReceiptPrinter(Options options)
    : m_options(std::move(options))
{
}

void ReceiptPrinter::setUp(QPrinter& printer) const
{
    const auto& f = m_options.form;
    // A page size is named portrait (short side first); a wide form is that size turned.
    const double w = f.widthTenthMm / 10.0;
    const double h = f.heightTenthMm / 10.0;
    const QPageSize page(QSizeF(std::min(w, h), std::max(w, h)), QPageSize::Millimeter, tr("Receipt form"),
                         QPageSize::ExactMatch);
    printer.setPageLayout(QPageLayout(page, w > h ? QPageLayout::Landscape : QPageLayout::Portrait,
                                      QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));
    // Positions in the form are from the sheet's corner: paint on the full page.
    printer.setFullPage(true);
    printer.setDocName(tr("Receipt"));
}

void ReceiptPrinter::paint(QPainter& p, QPrinter& printer, const receipt::ReceiptDocument& doc) const
{
    const auto& f = m_options.form;
    const double dotsPerMm = printer.resolution() / 25.4;
    auto mm = [&](int tenths) { return tenths / 10.0 * dotsPerMm; };
    QFont base(QStringLiteral("Noto Sans CJK SC"));
    base.setPointSize(f.fontPoints);
    p.setFont(base);
    p.setPen(Qt::black);

    if (f.isPreprinted()) {
        // Only the values: the form has the labels printed on it.
        auto put = [&](const QString& id, const QString& value) {
            const auto it = f.fields.constFind(id);
            if (it != f.fields.cend() && !value.isEmpty())
                p.drawText(QPointF(mm(it->xTenthMm), mm(it->yTenthMm)), value);
        };
        put(QStringLiteral("office"), doc.office);
        put(QStringLiteral("title"), doc.title);
        put(QStringLiteral("copy_mark"), doc.copyMark);
        for (const auto& field : doc.fields)
            put(field.id, field.value);
        return;
    }

    const QRectF area(mm(f.marginLeftTenthMm), mm(f.marginTopTenthMm),
                      mm(f.widthTenthMm - f.marginLeftTenthMm - f.marginRightTenthMm),
                      mm(f.heightTenthMm - f.marginTopTenthMm - f.marginBottomTenthMm));
    const QFontMetricsF fm(base, &printer);
    const double line = fm.lineSpacing() * 1.25;
    double y = area.top();

    QFont titleFont = base;
    titleFont.setPointSize(f.fontPoints + 5);
    titleFont.setBold(true);
    p.setFont(titleFont);
    const QFontMetricsF tfm(titleFont, &printer);
    const QString heading = doc.office.isEmpty() ? doc.title : doc.office + QStringLiteral("  ") + doc.title;
    p.drawText(QRectF(area.left(), y, area.width(), tfm.lineSpacing()), Qt::AlignHCenter | Qt::AlignTop, heading);
    if (!doc.copyMark.isEmpty()) {
        p.save();
        p.setPen(QPen(Qt::black, dotsPerMm * 0.4));
        const QRectF box(area.right() - tfm.horizontalAdvance(doc.copyMark) - dotsPerMm * 4, y,
                         tfm.horizontalAdvance(doc.copyMark) + dotsPerMm * 4, tfm.lineSpacing());
        p.drawRect(box);
        p.drawText(box, Qt::AlignCenter, doc.copyMark);
        p.restore();
    }
    y += tfm.lineSpacing() * 1.7; // clear of the copy mark's box
    p.setFont(base);
    p.drawLine(QPointF(area.left(), y - line * 0.3), QPointF(area.right(), y - line * 0.3));

    // Two columns of "label: value"; the amount in words takes a whole line.
    double labelWidth = 0;
    for (const auto& field : doc.fields)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(field.label + QStringLiteral("：")));
    const double column = area.width() / 2;
    int col = 0;
    for (const auto& field : doc.fields) {
        const bool wide = field.id == u"amount_capitals" || field.id == u"memo";
        if (wide && col == 1) {
            col = 0;
            y += line;
        }
        const double x = area.left() + col * column;
        p.drawText(QPointF(x, y + fm.ascent()), field.label + QStringLiteral("："));
        QFont valueFont = base;
        valueFont.setBold(field.id == u"amount" || field.id == u"amount_capitals");
        p.setFont(valueFont);
        p.drawText(QPointF(x + labelWidth, y + fm.ascent()), field.value);
        p.setFont(base);
        if (wide || col == 1) {
            col = 0;
            y += line;
        } else {
            col = 1;
        }
    }
}

QString ReceiptPrinter::printNow(const receipt::ReceiptDocument& doc, QString* error)
{
    if (!m_options.alwaysPdf && !QPrinterInfo::defaultPrinter().isNull()) {
        QPrinter printer(QPrinterInfo::defaultPrinter(), QPrinter::HighResolution);
        setUp(printer);
        QPainter p;
        if (!p.begin(&printer)) {
            *error = tr("The printer %1 cannot be opened.").arg(printer.printerName());
            return {};
        }
        paint(p, printer, doc);
        p.end();
        return printer.printerName();
    }
    QDir().mkpath(m_options.pdfFolder);
    const QString name = QStringLiteral("receipt-%1%2.pdf")
                             .arg(doc.value(QStringLiteral("receipt_no")),
                                  doc.copyMark.isEmpty() ? QString() : QStringLiteral("-copy"));
    const QString path = QDir(m_options.pdfFolder).filePath(name);
    return saveAsPdf(doc, path, error) ? path : QString();
}

bool ReceiptPrinter::saveAsPdf(const receipt::ReceiptDocument& doc, const QString& path, QString* error)
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setOutputFormat(QPrinter::PdfFormat);
    printer.setOutputFileName(path);
    setUp(printer);
    QPainter p;
    if (!p.begin(&printer)) {
        *error = tr("The file %1 cannot be written.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    paint(p, printer, doc);
    p.end();
    return true;
}

void ReceiptPrinter::preview(const receipt::ReceiptDocument& doc, QWidget* parent)
{
    QPrinter printer(QPrinter::HighResolution);
    setUp(printer);
    QPrintPreviewDialog dialog(&printer, parent);
    QObject::connect(&dialog, &QPrintPreviewDialog::paintRequested, &dialog, [&](QPrinter* target) {
        QPainter p(target);
        paint(p, *target, doc);
    });
    dialog.exec();
}

} // namespace md::app
