#pragma once

#include <vector>

namespace md::storage {

class Database;

// One step of the schema, declared once for both backends: statements use the placeholders
// of Dialect::expand() ({id}, {bigint}, {text}, {blob}, {timestamp}, {table_options},
// {clustered_table_options}).
// Versions start at 1 and go up by one. A released migration is never edited: a change is a
// new migration.
//
// `after`, when set, runs once the statements have run, in the same transaction and before the
// migration is marked complete: data that SQL alone cannot compute (a backfill that needs the
// office's time zone). It must use DML only (on MySQL a DDL statement would commit).
struct Migration
{
    int version;
    const char* description;
    std::vector<const char*> statements;
    void (*after)(Database& db) = nullptr;
};

} // namespace md::storage
