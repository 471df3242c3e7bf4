#pragma once

#include <QString>

namespace md::test {

QString dataPath(const QString& relative);   // tests/data/<relative>
QString sourcePath(const QString& relative); // <project>/<relative>
QString binaryPath(const QString& relative); // <build>/<relative>

} // namespace md::test
