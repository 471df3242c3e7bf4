#include "scratch_mariadb.h"

#include "support/test_paths.h"

#include <catch2/catch.hpp>

#include <QProcess>

namespace md::test {

namespace {

QString runFixture(const QString& command, const QString& dir)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(sourcePath(QStringLiteral("tests/tools/mariadb-fixture.sh")), {command, dir});
    // A deadline, not a sleep: the script itself polls the server for up to 20 s.
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(5000);
        return QStringLiteral("timed out");
    }
    const QString out = QString::fromLocal8Bit(p.readAll());
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return out.isEmpty() ? QStringLiteral("failed") : out;
    return {};
}

} // namespace

ScratchMariadb::ScratchMariadb()
{
    REQUIRE(m_dir.isValid());
    m_stopper.dir = m_dir.path();
    const QString problem = runFixture(QStringLiteral("start"), m_dir.path());
    if (!problem.isEmpty())
        FAIL("could not start a scratch MariaDB server: " << problem.toStdString());
    const std::optional<MysqlServer> s = MysqlServer::fromEnvFile(m_dir.filePath(QStringLiteral("env")));
    REQUIRE(s.has_value());
    m_server = *s;
}

ScratchMariadb::Stopper::~Stopper()
{
    if (!dir.isEmpty())
        runFixture(QStringLiteral("stop"), dir);
}

} // namespace md::test
