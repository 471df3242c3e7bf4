#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

namespace md::storage {

class Database;
class MysqlRows;
class SqlQuery;

// Statements over many rows at once: multi-row INSERTs (plain, upsert, RETURNING) and
// IN-list SELECTs, for code that works per batch rather than per row (reading ingest).
//
// A run of n rows is cut into chunks of at most kMaxRows, the rest into powers of two
// (256, 128, ..., 1), so a statement exists in a few sizes only and each size is prepared once
// per connection and then borrowed from the statement cache.
namespace bulk {

inline constexpr qsizetype kMaxRows = 256;
inline constexpr qsizetype kMaxValues = 999; // bound values per statement

// Chunk sizes for n rows, largest first; every chunk has at most maxRows rows.
QList<qsizetype> chunkSizes(qsizetype n, qsizetype maxRows = kMaxRows);
// "?, ?, ?" (n marks).
QString marks(qsizetype n);

// On SQLite, insertRows() without onRow binds its values with sqlite3_bind_* on the statement Qt
// prepared (when built with MD_SQLITE_DIRECT_BIND: Qt's plugin and we link the same
// libsqlite3), skipping Qt's per-value placeholder bookkeeping; MySQL, RETURNING and values of
// other types go through Qt. setDirectBindAllowed(false) forces Qt's path (tests, A/B runs).
bool directBindAllowed();
void setDirectBindAllowed(bool allowed);

// INSERT INTO <table> (<columns>) VALUES (?, ...), (?, ...) <tail>, chunk by chunk. `values`
// holds the rows one after another (columns.size() values each). The tail follows the VALUES:
// an upsert clause (upsertTail) or "RETURNING ..."; onRow runs for every row a chunk returns.
// Table, column and tail text are code, never input.
void insertRows(Database& db, const QString& table, const QStringList& columns, const QList<QVariant>& values,
                const QString& tail = {}, const std::function<void(SqlQuery&)>& onRow = {});

// The clause that turns an INSERT into "insert or replace these columns" on the row holding
// the same unique key: ON CONFLICT (key) DO UPDATE SET c = excluded.c (SQLite), ON DUPLICATE KEY
// UPDATE c = VALUES(c) (MySQL/MariaDB: the key must be the table's only unique key besides the
// primary key it names).
QString upsertTail(const Database& db, const QStringList& keyColumns, const QStringList& updateColumns);

// Runs `before + "?, ?, ..." + after` for chunks of `keys` (an IN list), binding `leading`
// before and `trailing` after each chunk's keys, and calls onRow for every row.
void selectIn(Database& db, const QString& before, const QString& after, const QList<QVariant>& keys,
              const std::function<void(SqlQuery&)>& onRow, const QList<QVariant>& leading = {},
              const QList<QVariant>& trailing = {});

// One row of selectRows(): its columns by index, read straight from SQLite's statement or
// MySQL's result buffers on the direct paths, else from the query.
class Row
{
public:
    qint64 intValue(int column) const;                   // NULL → StorageError
    std::optional<qint64> optionalInt(int column) const; // NULL → nullopt
    QString stringValue(int column) const;               // NULL → empty

private:
    friend void selectRows(Database&, const QString&, const QList<QVariant>&, const std::function<void(const Row&)>&);
    const QString* m_sql = nullptr;
    void* m_stmt = nullptr; // sqlite3_stmt* on the direct path
    const MysqlRows* m_mysql = nullptr;
    const SqlQuery* m_query = nullptr;
};

// Runs a SELECT with `values` bound and calls onRow for every row. On SQLite with the direct
// path (as insertRows()), it binds and steps the statement Qt prepared and reads the columns
// with sqlite3_column_*: Qt's SQLite result first copies every value of a row into a QVariant,
// which was 40 % of a report reading 155,000 rollup rows (docs/performance.md "5,000 meters").
// On MySQL (MD_MYSQL_DIRECT_READ) the client library runs the statement on Qt's connection and
// the rows are read from its result buffers (storage/mysql_rows.h). For reads of many rows;
// the fallback is SqlQuery. setDirectBindAllowed(false) turns both direct paths off.
void selectRows(Database& db, const QString& sql, const QList<QVariant>& values,
                const std::function<void(const Row&)>& onRow);

} // namespace bulk
} // namespace md::storage
