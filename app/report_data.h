#pragma once

#include "report/report_table.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace md::app {

// A report as the service computed it (docs/api.md "Reports"), read back from its JSON into
// the core's typed cells: money as whole fen, quantities as thousandths, dates as dates. The
// table, the chart, the .xlsx and the printout all render this one value; none recomputes a
// figure (the totals are the service's).
struct ReportData
{
    QString key;   // "sales"
    QString title; // translated by the service
    QList<report::Column> columns;
    QList<report::Row> rows;
    std::optional<report::Row> totals;
    QList<report::Column> summaryColumns; // types guessed from the JSON value
    report::Row summary;

    bool isEmpty() const { return columns.isEmpty(); }
    int columnIndex(const QString& key) const; // -1 when absent
    const report::Cell& cell(int row, const QString& key) const;
    // The cell as people read it (money "-20.50", quantity "1234.567", date ISO).
    QString text(const report::Cell& cell, int column) const;
    // A money or quantity cell as a plain number (yuan, units) for charts and spreadsheets.
    static double number(const report::Cell& cell, report::ColumnType type);
};

// Parses the result of a report.* call. Returns the problem (translated), empty when read.
QString parseReport(const QJsonObject& json, ReportData* out);

} // namespace md::app
