#pragma once

#include "storage/database_config.h"
#include "storage/dialect.h"
#include "storage/statement_cache.h"
#include "storage/storage_error.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace md::storage {

// One open connection to the MeterDesk database, checked for durability when it opens.
//
// SQLite (the embedded default): journal_mode=WAL, synchronous=FULL (a commit is on disk when
// COMMIT returns, also across a power cut), foreign_keys=ON, busy_timeout=5000 ms (a writer
// waits up to 5 s for another writer instead of failing at once). Each is read back; open()
// refuses the file when one is not in force.
//
// MySQL/MariaDB (QMYSQL): utf8mb4 with utf8mb4_bin, a strict sql_mode, REPEATABLE READ,
// InnoDB as the default engine, UTC session time zone, CLIENT_FOUND_ROWS (an UPDATE reports
// the rows it matched, as SQLite does, not only those it changed). The server must commit
// durably: innodb_flush_log_at_trx_commit=1 and, when the binary log is on, sync_binlog=1;
// open() refuses it otherwise unless DatabaseConfig::allowNonDurable is set.
//   Why REPEATABLE READ and not SERIALIZABLE: SERIALIZABLE turns every plain SELECT into a
//   shared lock, so two cashiers that both look up before they write deadlock on the upgrade
//   and one must retry — often. REPEATABLE READ (InnoDB's default) reads a snapshot and takes
//   row locks only where the code asks: a read that leads to a write uses
//   Dialect::forUpdate() or an UPDATE ... SET x = x + ?, which is what the repositories do.
//   SQLite is serializable anyway (one writer at a time, BEGIN IMMEDIATE).
//
// A Database belongs to the thread that opened it (a Qt SQL rule): use and destroy it there.
// Every SqlQuery made on it must be gone before it is destroyed.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::Database)

public:
    using Backend = DatabaseConfig::Backend;

    // Opens and checks the connection. Throws StorageError with a translated message naming
    // the database (never its password) and the reason.
    static std::unique_ptr<Database> open(const DatabaseConfig& config);

    ~Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    QSqlDatabase& connection() { return m_db; }
    const Dialect& dialect() const { return m_dialect; }
    Backend backend() const { return m_dialect.backend(); }
    const DatabaseConfig& config() const { return m_config; }
    // The settings read back at open, for the service's log: "journal_mode=wal, ...".
    const QString& settings() const { return m_settings; }
    // True while a TransactionGuard is active on this connection.
    bool inTransaction() const { return m_inTransaction; }
    // The connection's prepared statements, reused by SqlQuery (see StatementCache).
    StatementCache& statements() { return m_statements; }

private:
    friend class TransactionGuard;

    Database(DatabaseConfig config, QString connectionName);
    void release() noexcept;

    DatabaseConfig m_config;
    Dialect m_dialect;
    QString m_connectionName;
    QSqlDatabase m_db;
    QString m_settings;
    bool m_inTransaction = false;
    StatementCache m_statements; // cleared in release(), before the connection closes
};

} // namespace md::storage
