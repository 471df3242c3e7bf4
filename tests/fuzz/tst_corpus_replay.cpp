// Replays the fuzz corpus (seeds and any crash inputs saved there) as ordinary tests, so
// every g++ build checks what the fuzzers found.
#include "fuzz_target.h"
#include "support/test_paths.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>

TEST_CASE("The fuzz corpus replays without a failure", "[fuzz][protocol]")
{
    int files = 0;
    for (const char* parser : {"modbus", "dlt645", "cjt188"}) {
        const QDir dir(md::test::sourcePath(QStringLiteral("tests/fuzz/corpus/"))
                       + QString::fromLatin1(parser));
        REQUIRE(dir.exists());
        for (const QString& name : dir.entryList(QDir::Files)) {
            QFile f(dir.filePath(name));
            REQUIRE(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            INFO(parser << "/" << name.toStdString());
            md::fuzz::runOne(parser, reinterpret_cast<const quint8*>(bytes.constData()),
                             size_t(bytes.size()));
            ++files;
        }
    }
    CHECK(files >= 9);
}
