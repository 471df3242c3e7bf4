#include "support/golden.h"

#include "support/test_paths.h"

#include <catch2/catch.hpp>

#include <QFile>

namespace md::test {

void checkGolden(const QByteArray& csv, const QString& folder, const QString& name, Backend backend)
{
    const QString path = sourcePath(QStringLiteral("tests/%1/golden/%2.csv").arg(folder, name));
    if (qEnvironmentVariableIntValue("MD_UPDATE_GOLDEN") == 1 && backend == Backend::Sqlite) {
        QFile out(path);
        REQUIRE(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
        out.write(csv);
    }
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    const QByteArray expected = f.readAll();
    INFO("golden " << name.toStdString() << "\n--- expected\n" << expected.toStdString() << "--- got\n" << csv.toStdString());
    CHECK(csv == expected);
}

} // namespace md::test
