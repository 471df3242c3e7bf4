#pragma once

#include "meter_row.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace md::app {

// 抄表导出: the listed meters as an .xlsx workbook (libxlsxwriter). Headers as the grid's,
// balances as numbers in a 0.00 format, readings as numbers, times as text. Returns the
// problem, empty when written.
QString writeMetersXlsx(const QString& path, const QList<MeterRow>& rows);
// The header row: the grid's columns, with the reading's unit in a column of its own.
QStringList meterExportHeaders();

// Runs writeMetersXlsx on a worker thread and reports back on the caller's thread, so that a
// large export does not freeze the desk.
class MeterXlsxExport : public QObject
{
    Q_OBJECT

public:
    explicit MeterXlsxExport(QObject* parent = nullptr);
    void start(const QString& path, QList<MeterRow> rows);

signals:
    // problem is empty on success; elapsedMs is the writing time.
    void finished(const QString& path, const QString& problem, qint64 elapsedMs);
};

} // namespace md::app
