#pragma once

#include "storage/database_config.h"
#include "util/error.h"

class QSqlError;

namespace md::storage {

// Anything the database refused: it could not be opened, it is not as durable as required, a
// statement failed. The message is translated and, for a failed statement, names the SQL and
// the driver's own words.
//
// Retrying: a caller that runs a whole write transaction may run it again when isRetryable()
// is true. That is a MySQL deadlock (1213: InnoDB has rolled the transaction back) or lock wait
// timeout (1205: only the statement was undone; the TransactionGuard rolls back the rest when
// it goes out of scope), or SQLite BUSY/LOCKED after busy_timeout ran out. Retry the whole
// transaction with a new TransactionGuard, never a single statement.
class StorageError : public Error
{
public:
    enum class Kind {
        Other,
        Retryable,       // deadlock, lock wait timeout, busy: run the whole transaction again
        UniqueViolation, // a UNIQUE or PRIMARY KEY constraint refused the row
        Constraint,      // NOT NULL, FOREIGN KEY, CHECK, a strict-mode value error
    };

    explicit StorageError(QString message, Kind kind = Kind::Other, QString nativeCode = {});

    // A failed statement: `sql` is the statement text (values are not included: they may be
    // personal data), `error` the driver's report, classified by the backend's error numbers.
    static StorageError fromSql(const QSqlError& error, const QString& sql, DatabaseConfig::Backend backend);

    Kind kind() const noexcept { return m_kind; }
    bool isRetryable() const noexcept { return m_kind == Kind::Retryable; }
    bool isUniqueViolation() const noexcept { return m_kind == Kind::UniqueViolation; }
    // The driver's error number as text ("1213" on MySQL, "5" on SQLite), empty when none.
    const QString& nativeCode() const noexcept { return m_nativeCode; }

private:
    Kind m_kind;
    QString m_nativeCode;
};

} // namespace md::storage
