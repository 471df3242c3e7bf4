#pragma once

#include <vector>

namespace md::storage {

// One step of the schema, declared once for both backends: statements use the placeholders
// of Dialect::expand() ({id}, {bigint}, {text}, {blob}, {timestamp}, {table_options}).
// Versions start at 1 and go up by one. A released migration is never edited: a change is a
// new migration.
struct Migration
{
    int version;
    const char* description;
    std::vector<const char*> statements;
};

} // namespace md::storage
