#pragma once

#include "report/report_table.h"

#include <QByteArray>
#include <QJsonObject>

namespace md::report {

// The one place a report's values become text. Money is yuan with two decimals ("-20.50"), a
// quantity has three decimals ("1234.567"), a date is ISO ("2026-01-31"), an integer is plain.
QString formatCell(const Cell& cell, ColumnType type);

// For the API: {"report", "title", "columns": [{"key", "header", "type"}], "rows": [{key: value}],
// "totals": {key: value} or null, "summary": {key: value}}. Money and quantities are strings
// (never JSON numbers, which pass through a double), integers are numbers, empty cells null.
QJsonObject toJson(const ReportTable& table);

struct CsvOptions
{
    bool byteOrderMark = false; // UTF-8 BOM, so that Excel opens Chinese text as UTF-8
    bool keysAsHeader = false;  // the column keys instead of the translated headers
};

// RFC 4180 CSV, "\n" line ends: the header line, the rows, the totals row (when computed),
// then, after an empty line, one "header,value" line per summary value. A text field that a
// spreadsheet would run as a formula (starting with = + - @) gets a leading apostrophe.
QByteArray toCsv(const ReportTable& table, const CsvOptions& options = {});

} // namespace md::report
