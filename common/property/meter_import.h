#pragma once

#include "collection/meter_registry.h"
#include "money/ids.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace md {

namespace storage {
class Database;
}

// One thing wrong with an imported row (or a meter.create/update call): the 1-based line of
// the CSV text (0 for an API call), the column as named in the header and the value found.
struct ImportProblem
{
    int line = 0;
    QString column;
    QString value;
    QString message; // translated
};

// Checks of one meter record that need no database: nameplate, bus, protocol, address form
// for that protocol, register map (Modbus), utility, maximum rate. Empty when sound.
QList<ImportProblem> meterRecordProblems(const MeterRecord& m, int line = 0);

// Bus addresses compare by value: Modbus "07" and "7" are the same unit.
QString normalizedBusAddress(const QString& protocol, const QString& address);

// CSV text (RFC 4180: comma separated, "quoted" fields with "" inside, CRLF or LF, a UTF-8 BOM
// ignored, blank lines skipped) split into rows of fields with their 1-based line numbers.
// A quoted field may span lines; an unterminated quote is reported at its line.
struct CsvRow
{
    int line = 0;
    QStringList fields;
};
struct CsvParse
{
    QList<CsvRow> rows;
    QList<ImportProblem> problems;
};
CsvParse parseCsv(const QString& text);

// meter.import: the header row names the columns (any order, case-insensitive):
//   nameplate, bus, protocol, address (required); map, utility, room, max_rate, options,
//   installed_at (optional).
// check() validates every row against the file and the database (nameplates and bus
// addresses in use, rooms by code or path) and writes nothing; import() then inserts the rows
// in the caller's transaction. Every problem is reported, not only the first.
class MeterImport
{
    Q_DECLARE_TR_FUNCTIONS(md::MeterImport)

public:
    struct Row
    {
        int line = 0;
        MeterRecord meter;
        QString roomPath; // as resolved, for the answer
    };
    struct Checked
    {
        QList<Row> rows;
        QList<ImportProblem> problems;
        bool ok() const { return problems.isEmpty(); }
    };

    static const QStringList& columns();
    static Checked check(storage::Database& db, const QString& csv, const QDateTime& nowUtc);
    // Inserts the checked rows (check() must have returned ok()); returns their ids in order.
    static QList<MeterId> import(storage::Database& db, const Checked& checked);
};

} // namespace md
