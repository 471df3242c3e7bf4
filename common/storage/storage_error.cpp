#include "storage/storage_error.h"

#include <QSqlError>

namespace md::storage {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::StorageError)
};

// The drivers report their own error numbers: MySQL's mysql_errno(), SQLite's result code
// (primary, or extended when extended codes are on: then the low byte is the primary code).
StorageError::Kind classifyMysql(int code)
{
    switch (code) {
    case 1213: // ER_LOCK_DEADLOCK: InnoDB rolled the whole transaction back
    case 1205: // ER_LOCK_WAIT_TIMEOUT: the statement was undone, the transaction is still open
        return StorageError::Kind::Retryable;
    case 1062: // ER_DUP_ENTRY
    case 1586: // ER_DUP_ENTRY_WITH_KEY_NAME
        return StorageError::Kind::UniqueViolation;
    case 1048: // ER_BAD_NULL_ERROR
    case 1364: // ER_NO_DEFAULT_FOR_FIELD
    case 1366: // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
    case 1264: // ER_WARN_DATA_OUT_OF_RANGE
    case 1406: // ER_DATA_TOO_LONG
    case 1451: // ER_ROW_IS_REFERENCED_2
    case 1452: // ER_NO_REFERENCED_ROW_2
    case 4025: // ER_CONSTRAINT_FAILED (CHECK, MariaDB)
    case 3819: // ER_CHECK_CONSTRAINT_VIOLATED (MySQL 8)
        return StorageError::Kind::Constraint;
    default:
        return StorageError::Kind::Other;
    }
}

StorageError::Kind classifySqlite(int code, const QString& text)
{
    switch (code & 0xff) {
    case 5: // SQLITE_BUSY: busy_timeout ran out
    case 6: // SQLITE_LOCKED
        return StorageError::Kind::Retryable;
    case 19: // SQLITE_CONSTRAINT; extended 2067 UNIQUE, 1555 PRIMARYKEY
        if (code == 2067 || code == 1555 || text.contains(u"UNIQUE constraint failed"))
            return StorageError::Kind::UniqueViolation;
        return StorageError::Kind::Constraint;
    default:
        return StorageError::Kind::Other;
    }
}

StorageError::Kind classify(const QSqlError& error, DatabaseConfig::Backend backend)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    if (!ok)
        return StorageError::Kind::Other;
    return backend == DatabaseConfig::Backend::Mysql ? classifyMysql(code)
                                                     : classifySqlite(code, error.databaseText());
}

} // namespace

StorageError::StorageError(QString message, Kind kind, QString nativeCode)
    : Error(std::move(message))
    , m_kind(kind)
    , m_nativeCode(std::move(nativeCode))
{
}

StorageError StorageError::fromSql(const QSqlError& error, const QString& sql, DatabaseConfig::Backend backend)
{
    QString reason = error.databaseText();
    if (reason.isEmpty())
        reason = error.driverText();
    else if (!error.driverText().isEmpty() && !reason.contains(error.driverText()))
        reason = error.driverText() + QStringLiteral(": ") + reason;
    const QString code = error.nativeErrorCode();
    return StorageError(Tr::tr("The database refused a statement: %1 (error %2)\nStatement: %3")
                            .arg(reason, code.isEmpty() ? QStringLiteral("-") : code, sql.simplified()),
                        classify(error, backend), code);
}

} // namespace md::storage
