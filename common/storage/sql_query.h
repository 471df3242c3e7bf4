#pragma once

#include "storage/storage_error.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <optional>

namespace md::storage {

class Database;

// A prepared statement that throws instead of returning false, so a repository method reads
// as the SQL it runs:
//     SqlQuery q(db, QStringLiteral("SELECT balance_fen FROM wallets WHERE id = ?"));
//     q.bind(id.v);
//     const qint64 fen = q.scalarInt();
// Every failure throws StorageError with the SQL text and the driver's message. Results are
// forward-only. Integers stay qint64 throughout: the query uses QSql::HighPrecision, so a
// DECIMAL (MySQL's SUM of BIGINT) arrives as exact text, never as a double, and intValue()
// parses it exactly.
class SqlQuery
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::SqlQuery)

public:
    // Prepares `sql` (throws when the database refuses it), or borrows the statement the
    // connection already prepared for the same text (Database::statements()); the destructor
    // gives it back finished. Bind every placeholder on each run: a borrowed statement still
    // holds the values of its last run.
    SqlQuery(Database& db, const QString& sql);
    ~SqlQuery();

    SqlQuery(const SqlQuery&) = delete;
    SqlQuery& operator=(const SqlQuery&) = delete;

    // Positional (?) values, in order; or named (:name) values. Do not mix the two. A null of
    // a type is QVariant(QMetaType(QMetaType::LongLong)).
    SqlQuery& bind(const QVariant& value);
    SqlQuery& bind(const QString& placeholder, const QVariant& value);

    // Runs the statement with the values bound so far. Can run again after new binds.
    SqlQuery& exec();
    bool next();
    QVariant value(int column) const;
    // The column as an exact qint64; throws when it is NULL, fractional or not a number.
    qint64 intValue(int column) const;
    std::optional<qint64> optionalInt(int column) const; // NULL → nullopt
    QString stringValue(int column) const;               // NULL → empty

    // exec() and the first column of the first row as qint64 (COUNT, SUM, a counter). Throws
    // when there is no row or the value is NULL (use COALESCE for an empty SUM).
    qint64 scalarInt();
    // The id an INSERT gave its {id} column.
    qint64 lastInsertId() const;
    // Rows an UPDATE/DELETE matched (MySQL is opened with CLIENT_FOUND_ROWS, like SQLite).
    qint64 rowsAffected() const;

    const QString& sql() const noexcept { return m_sql; }
    QSqlQuery& raw() { return m_query; }

    // Runs SQL that takes no values and returns no rows (DDL, SET, transaction control).
    static void execDirect(Database& db, const QString& sql);

private:
    [[noreturn]] void fail() const;

    Database& m_db;
    QString m_sql;
    QSqlQuery m_query;
};

// "?, ?, ?": n positional placeholders, for an IN list or a VALUES row of n values.
QString placeholders(qsizetype n);

} // namespace md::storage
