#pragma once

#include "storage/migration.h"

#include <QCoreApplication>

#include <span>

namespace md::storage {

class Database;

// Brings a database to the newest schema version the code knows.
//
// The schema_version table holds one row per applied migration: version, description,
// applied_at (ms since the epoch, UTC) and complete (1 when every statement ran).
//
// SQLite: a migration and its schema_version row are one transaction (SQLite's DDL is
// transactional): after a crash the migration is either there or not at all.
// MySQL: every CREATE/ALTER/DROP commits implicitly, so a migration cannot be atomic there.
// The migrator first commits the row with complete = 0, then runs the statements, then sets
// complete = 1. A row still at 0 means a migration stopped half-way (crash, power cut, a
// statement the server refused): migrate() and currentVersion() then refuse the database
// with a message naming the migration, because running it again over half its tables would
// fail or, worse, half-succeed. Restore the backup taken before the upgrade (or finish the
// migration by hand and set complete = 1). Two services migrating at once are kept apart by
// the write transaction on SQLite and by GET_LOCK('meterdesk.migrate') on MySQL.
class Migrator
{
    Q_DECLARE_TR_FUNCTIONS(md::storage::Migrator)

public:
    // Applies the missing migrations in order, each in its own transaction. Throws
    // StorageError when the list has a gap or a duplicate, when the database is newer than
    // the list, when a migration was left half-applied, or when a statement fails (that
    // migration is then rolled back on SQLite; on MySQL it is left marked incomplete).
    static void migrate(Database& db, std::span<const Migration> migrations);

    // The highest completely applied version; 0 for an empty database.
    static int currentVersion(Database& db);
};

} // namespace md::storage
