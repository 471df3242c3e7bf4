#pragma once

#include "receipt/receipt_form.h"
#include "receipt/receipt_layout.h"

#include <QCoreApplication>
#include <QString>

class QPainter;
class QPrinter;
class QWidget;

namespace md::app {

// The one helper every receipt goes through: paper and positions from the form, the plain
// layout when the form places no fields. Printing goes to the system's default printer (the
// LQ-1600K at the desk); where there is none (no CUPS, a test) the receipt is saved as a PDF
// in the fallback folder instead, so a receipt is never silently lost.
class ReceiptPrinter
{
    Q_DECLARE_TR_FUNCTIONS(md::app::ReceiptPrinter)

public:
    struct Options
    {
        receipt::ReceiptForm form;
        QString pdfFolder;       // where receipts go when there is no printer
        bool alwaysPdf = false;  // training mode and tests: never touch a real printer
    };

    explicit ReceiptPrinter(Options options);

    // Prints at once, without a dialog. Returns where it went (printer name or PDF path), or
    // an empty string and *error.
    QString printNow(const receipt::ReceiptDocument& doc, QString* error);
    bool saveAsPdf(const receipt::ReceiptDocument& doc, const QString& path, QString* error);
    void preview(const receipt::ReceiptDocument& doc, QWidget* parent);

    const receipt::ReceiptForm& form() const { return m_options.form; }

private:
    void setUp(QPrinter& printer) const;
    void paint(QPainter& painter, QPrinter& printer, const receipt::ReceiptDocument& doc) const;

    Options m_options;
};

} // namespace md::app
