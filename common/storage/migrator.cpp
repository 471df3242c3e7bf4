#include "storage/migrator.h"

#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"

#include <QDateTime>

namespace md::storage {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::Migrator)
};

// Versions 1, 2, 3, ... in order: a gap or a repeat is a mistake in the code, caught before
// anything touches the database.
void checkList(std::span<const Migration> migrations)
{
    int expected = 1;
    for (const Migration& m : migrations) {
        if (m.version != expected)
            throw StorageError(Tr::tr("The migration list is broken: version %1 where %2 was expected "
                                      "(versions must be 1, 2, 3, ... without gaps or repeats)")
                                   .arg(m.version)
                                   .arg(expected));
        for (const char* s : m.statements) {
            if (s == nullptr)
                throw StorageError(Tr::tr("Migration %1 has an empty statement").arg(m.version));
        }
        ++expected;
    }
}

bool versionTableExists(Database& db)
{
    SqlQuery q(db, db.dialect().tableExistsQuery());
    q.bind(QStringLiteral("schema_version"));
    return q.scalarInt() > 0;
}

void createVersionTable(Database& db)
{
    SqlQuery::execDirect(db, db.dialect().expand(QStringLiteral(
                                 "CREATE TABLE IF NOT EXISTS schema_version ("
                                 " version BIGINT NOT NULL PRIMARY KEY,"
                                 " description VARCHAR(255) NOT NULL,"
                                 " applied_at {timestamp} NOT NULL,"
                                 " complete BIGINT NOT NULL"
                                 ") {table_options}")));
}

// The highest complete version. Refuses a half-applied migration, and a database newer than
// `known` (when known >= 0).
int readVersion(Database& db, int known)
{
    if (!versionTableExists(db))
        return 0;
    SqlQuery incomplete(db, QStringLiteral("SELECT version, description FROM schema_version "
                                           "WHERE complete = 0 ORDER BY version"));
    incomplete.exec();
    if (incomplete.next()) {
        throw StorageError(Tr::tr("Migration %1 (%2) of the database %3 was started but did not finish; "
                                  "the schema is half changed. Restore the backup taken before the "
                                  "upgrade, or complete the migration by hand")
                               .arg(incomplete.intValue(0))
                               .arg(incomplete.stringValue(1), db.config().displayName()));
    }
    SqlQuery max(db, QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    const qint64 current = max.scalarInt();
    if (known >= 0 && current > known) {
        throw StorageError(Tr::tr("The database %1 has schema version %2, but this program knows only "
                                  "up to %3: it was written by a newer MeterDesk. Install that version "
                                  "(or newer) instead of opening it with this one")
                               .arg(db.config().displayName())
                               .arg(current)
                               .arg(known));
    }
    return int(current);
}

void insertVersionRow(Database& db, const Migration& m, bool complete)
{
    SqlQuery q(db, QStringLiteral("INSERT INTO schema_version (version, description, applied_at, complete) "
                                  "VALUES (?, ?, ?, ?)"));
    q.bind(m.version);
    q.bind(QString::fromUtf8(m.description ? m.description : ""));
    q.bind(QDateTime::currentMSecsSinceEpoch());
    q.bind(complete ? 1 : 0);
    q.exec();
}

void applySqlite(Database& db, const Migration& m, int known)
{
    TransactionGuard guard(db);
    if (readVersion(db, known) >= m.version)
        return; // another process applied it while we waited for the write lock
    for (const char* statement : m.statements)
        SqlQuery::execDirect(db, db.dialect().expand(QString::fromUtf8(statement)));
    if (m.after)
        m.after(db);
    insertVersionRow(db, m, true);
    guard.commit();
}

void applyMysql(Database& db, const Migration& m, int known)
{
    if (readVersion(db, known) >= m.version)
        return;
    insertVersionRow(db, m, false); // committed (autocommit): marks the migration as started
    std::size_t done = 0;
    try {
        // One transaction for what can be one: DML between DDL statements. Each DDL commits
        // implicitly; the complete flag is what tells a finished migration.
        TransactionGuard guard(db);
        for (const char* statement : m.statements) {
            SqlQuery::execDirect(db, db.dialect().expand(QString::fromUtf8(statement)));
            ++done;
        }
        if (m.after)
            m.after(db);
        SqlQuery finish(db, QStringLiteral("UPDATE schema_version SET complete = 1 WHERE version = ?"));
        finish.bind(m.version);
        finish.exec();
        guard.commit();
    } catch (const StorageError&) {
        // The first statement failed: nothing changed (a failed DDL statement leaves no trace
        // on InnoDB), so the marker can go and the database stays usable at the old version.
        if (done == 0) {
            SqlQuery undo(db, QStringLiteral("DELETE FROM schema_version WHERE version = ? AND complete = 0"));
            undo.bind(m.version);
            undo.exec();
        }
        throw;
    }
}

// GET_LOCK is per server: the database name is in the lock's name so that two databases on
// one server migrate independently.
class MysqlMigrationLock
{
public:
    explicit MysqlMigrationLock(Database& db)
        : m_db(db)
    {
        SqlQuery q(m_db, QStringLiteral("SELECT GET_LOCK(LEFT(CONCAT('meterdesk.migrate.', DATABASE()), 64), 60)"));
        if (q.scalarInt() != 1)
            throw StorageError(Tr::tr("Another program is migrating the database %1; try again later")
                                   .arg(m_db.config().displayName()));
    }
    ~MysqlMigrationLock()
    {
        try {
            SqlQuery q(m_db, QStringLiteral("SELECT RELEASE_LOCK(LEFT(CONCAT('meterdesk.migrate.', DATABASE()), 64))"));
            q.exec();
        } catch (const std::exception&) {
            // The server releases the lock when the connection closes.
        }
    }
    MysqlMigrationLock(const MysqlMigrationLock&) = delete;
    MysqlMigrationLock& operator=(const MysqlMigrationLock&) = delete;

private:
    Database& m_db;
};

} // namespace

void Migrator::migrate(Database& db, std::span<const Migration> migrations)
{
    checkList(migrations);
    const int known = int(migrations.size());
    std::optional<MysqlMigrationLock> lock;
    if (db.backend() == Database::Backend::Mysql)
        lock.emplace(db);
    createVersionTable(db);
    readVersion(db, known); // refuses a newer or half-migrated database before any change
    for (const Migration& m : migrations) {
        if (db.backend() == Database::Backend::Sqlite)
            applySqlite(db, m, known);
        else
            applyMysql(db, m, known);
    }
}

int Migrator::currentVersion(Database& db)
{
    return readVersion(db, -1);
}

} // namespace md::storage
