#pragma once

#include "report_data.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace md::app {

// Any report as an .xlsx workbook (libxlsxwriter, as the meter export): the title and the
// heading lines (period, generated, operator) above the table, the headers, the rows, the
// totals row in bold. Money is a number in a 0.00 format, quantities 0.000, integers plain
// numbers, dates real dates (yyyy-mm-dd), text as text. Returns the problem, empty when written.
//
// Layout (1-based rows): 1 the title, 2.. one per heading line, an empty row, then the header
// row (reportXlsxHeaderRow) and the data.
QString writeReportXlsx(const QString& path, const ReportData& report, const QStringList& heading);
int reportXlsxHeaderRow(const QStringList& heading);

// Writes on a worker thread and reports back on the caller's thread.
class ReportXlsxExport : public QObject
{
    Q_OBJECT

public:
    explicit ReportXlsxExport(QObject* parent = nullptr);
    void start(const QString& path, ReportData report, QStringList heading);

signals:
    void finished(const QString& path, const QString& problem);
};

} // namespace md::app
