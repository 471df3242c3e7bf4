#pragma once

#include "storage/database_config.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace md::storage {

// Every difference between SQLite and MySQL/MariaDB SQL, in one place. Repositories and
// migrations write standard SQL and ask the dialect for the rest, so a statement is written
// once for both backends.
//
// Decisions that hold on both backends:
//   - integers are BIGINT (SQLite INTEGER is 64-bit): money in fen, quantities, ids, counters;
//   - a timestamp is BIGINT milliseconds since 1970-01-01 UTC ({timestamp}): no server time
//     zone, no DATETIME range or precision surprises, and SQL can compare and subtract it;
//   - text is UTF-8; MySQL tables use utf8mb4 with the binary collation utf8mb4_bin, so that
//     equality, UNIQUE and ORDER BY compare code points exactly as SQLite's BINARY does (a
//     unique account code "A1" and "a1" are two codes on both backends). An indexed text
//     column is VARCHAR(191) at most, the longest a utf8mb4 index key takes on old servers.
class Dialect
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::Dialect)

public:
    using Backend = DatabaseConfig::Backend;

    explicit Dialect(Backend backend);

    Backend backend() const noexcept { return m_backend; }

    // Column types.
    QString idType() const;      // auto-increment 64-bit primary key, with its constraints
    QString bigint() const;      // BIGINT
    QString text() const;        // long UTF-8 text (not indexable on MySQL: use VARCHAR)
    QString blob() const;        // bytes
    QString timestamp() const;   // BIGINT ms since the epoch, UTC
    QString tableSuffix() const; // after CREATE TABLE (...): engine and charset on MySQL
    // tableSuffix() for a table stored in its primary key's order (WITHOUT ROWID on SQLite).
    QString clusteredTableSuffix() const;

    // Transactions. beginWrite() takes the write lock up front on SQLite (BEGIN IMMEDIATE), so
    // two writers queue at the start (busy_timeout) instead of one failing at its first write.
    QString beginWrite() const;
    QString commit() const;
    QString rollback() const;
    // A read-only transaction whose reads all see one snapshot (reports read several tables
    // and must add up): a deferred BEGIN on SQLite (WAL keeps the snapshot of the first read),
    // START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY on MySQL. End it with rollback().
    QString beginReadSnapshot() const;

    // Integer division of a non-negative integer expression by a positive constant, truncated
    // (SQLite's "/" on integers; MySQL's "/" would give a DECIMAL, so DIV there).
    QString intDiv(const QString& expression, qint64 divisor) const;

    // Appended to a SELECT that reads a row it is about to change (a counter, a balance): locks
    // the row on MySQL. Empty on SQLite, where the write transaction already excludes every
    // other writer. Plain SELECTs on MySQL read a snapshot (REPEATABLE READ), so a
    // read-then-write without this suffix can lose an update there.
    QString forUpdate() const;

    // "INSERT ... VALUES (?, ...)" that does nothing when a UNIQUE/PRIMARY KEY already holds
    // the row. Not MySQL's INSERT IGNORE: that also turns strict-mode errors (bad values) into
    // warnings. Table and column names are code, not input: they must be plain identifiers.
    QString insertOrIgnore(const QString& table, const QStringList& columns) const;

    // A statement with one placeholder (the table name) returning COUNT(*) > 0 rows when the
    // table exists in the open database.
    QString tableExistsQuery() const;

    // Migration SQL with {id}, {bigint}, {text}, {blob}, {timestamp}, {table_options} replaced.
    // An unknown {name} throws StorageError, so a typo fails on the first run of the tests.
    QString expand(const QString& sql) const;

private:
    Backend m_backend;
};

} // namespace md::storage
