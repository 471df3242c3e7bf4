#pragma once

#include "support/test_database.h"

#include <QByteArray>
#include <QString>

namespace md::test {

// Compares report output with tests/<folder>/golden/<name>.csv byte for byte, showing both on a
// mismatch. MD_UPDATE_GOLDEN=1 rewrites the file from the SQLite run (then read the diff).
void checkGolden(const QByteArray& csv, const QString& folder, const QString& name, Backend backend);

} // namespace md::test
