#pragma once

#include "report_data.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

class QPainter;
class QPrinter;
class QWidget;

namespace md::app {

// What the printout says about itself, above the table.
struct ReportPrintHeading
{
    QString office;     // 幸福里物业服务中心
    QString period;     // "2026-11-01 — 2026-11-30, by day"
    QDateTime generated;
    QString operatorName;
};

// A report on paper or PDF: A4 landscape, the title, the period, the generated time and the
// operator, then the table with its header repeated on every page, the totals row in bold, and
// "page n of m" at the foot. Columns share the width by their contents; money right-aligned.
class ReportPrinter
{
    Q_DECLARE_TR_FUNCTIONS(md::app::ReportPrinter)

public:
    static void setUp(QPrinter& printer, const ReportData& report);
    // Paints on a printer that setUp prepared (and that the caller began or not: begins itself).
    static bool paint(QPrinter& printer, const ReportData& report, const ReportPrintHeading& heading, QString* error);
    static bool saveAsPdf(const QString& path, const ReportData& report, const ReportPrintHeading& heading, QString* error);
    // The print dialog, then the printer (the desk's "Print…").
    // Returns the problem, empty when printed or cancelled.
    static QString print(const ReportData& report, const ReportPrintHeading& heading, QWidget* parent);
    static void preview(const ReportData& report, const ReportPrintHeading& heading, QWidget* parent);

    // The heading lines as text (also above the .xlsx table).
    static QStringList headingLines(const ReportPrintHeading& heading);
};

} // namespace md::app
