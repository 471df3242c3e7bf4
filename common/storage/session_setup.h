#pragma once

// Internal to storage/: the per-backend session settings and durability checks that
// Database::open() runs on a fresh connection. Each returns a one-line summary of what it
// read back, or throws StorageError.

#include "storage/database_config.h"

#include <QSqlDatabase>
#include <QString>

namespace md::storage::detail {

QString setUpSqlite(QSqlDatabase& db, const DatabaseConfig& config);
QString setUpMysql(QSqlDatabase& db, const DatabaseConfig& config);

} // namespace md::storage::detail
