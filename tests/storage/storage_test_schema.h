#pragma once

// The small schema the storage tests write to (the product's schema is tested with the
// ledger).
#include "storage/database.h"
#include "storage/migrator.h"
#include "support/test_database.h"

#include <memory>

namespace md::test {

inline const storage::Migration kItemsSchema{
    1,
    "items and counters",
    {"CREATE TABLE items (id {id}, name VARCHAR(191) NOT NULL UNIQUE, amount_fen {bigint} NOT NULL, "
     "note {text} NULL, data {blob} NULL) {table_options}",
     "CREATE TABLE counters (name VARCHAR(64) NOT NULL PRIMARY KEY, value {bigint} NOT NULL) {table_options}",
     "INSERT INTO counters (name, value) VALUES ('receipt', 0)"}};

// A connection to `tdb`, migrated to kItemsSchema.
inline std::unique_ptr<storage::Database> openItems(const TestDatabase& tdb)
{
    auto db = tdb.open();
    storage::Migrator::migrate(*db, std::span<const storage::Migration>(&kItemsSchema, 1));
    return db;
}

} // namespace md::test
