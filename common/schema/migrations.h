#pragma once

#include "storage/migration.h"

#include <span>

namespace md {

// The product's schema, declared once: every table of every area, in version order. A database
// opened by the service is migrated to the last version here; a newer database is refused.
std::span<const storage::Migration> meterdeskMigrations();

} // namespace md
