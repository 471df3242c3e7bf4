#include "support/test_paths.h"

namespace md::test {

QString dataPath(const QString& relative)
{
    return QStringLiteral(MD_TEST_DATA_DIR "/") + relative;
}

QString sourcePath(const QString& relative)
{
    return QStringLiteral(MD_SOURCE_DIR "/") + relative;
}

QString binaryPath(const QString& relative)
{
    return QStringLiteral(MD_BINARY_DIR "/") + relative;
}

} // namespace md::test
