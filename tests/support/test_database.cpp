#include "support/test_database.h"

#include "storage/sql_query.h"
#include "support/test_paths.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QTextStream>

#include <atomic>

namespace md::test {

namespace {

QString envFilePath()
{
    const QString override = qEnvironmentVariable("MD_TEST_MYSQL_ENV");
    return override.isEmpty() ? binaryPath(QStringLiteral("tests/mariadb/env")) : override;
}

QString uniqueDatabaseName()
{
    static std::atomic<int> counter{0};
    return QStringLiteral("md_t%1_%2_%3")
        .arg(QCoreApplication::applicationPid())
        .arg(counter.fetch_add(1) + 1)
        .arg(QRandomGenerator::global()->bounded(1000000));
}

} // namespace

std::optional<MysqlServer> MysqlServer::fromEnvFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;
    MysqlServer s;
    QTextStream in(&file);
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0)
            continue;
        const QString key = line.left(eq);
        const QString value = line.mid(eq + 1);
        if (key == u"MD_TEST_MYSQL_HOST")
            s.host = value;
        else if (key == u"MD_TEST_MYSQL_PORT")
            s.port = value.toInt();
        else if (key == u"MD_TEST_MYSQL_USER")
            s.user = value;
        else if (key == u"MD_TEST_MYSQL_PASSWORD")
            s.password = value;
        else if (key == u"MD_TEST_MYSQL_DB")
            s.database = value;
    }
    return s;
}

storage::DatabaseConfig MysqlServer::config(const QString& databaseName) const
{
    storage::DatabaseConfig c;
    c.backend = Backend::Mysql;
    c.host = host;
    c.port = port;
    c.user = user;
    c.password = password;
    c.database = databaseName;
    return c;
}

MysqlServer fixtureServer()
{
    const QString path = envFilePath();
    const std::optional<MysqlServer> server = MysqlServer::fromEnvFile(path);
    if (!server) {
        FAIL("The MariaDB test server is not running (no " << path.toStdString()
             << "). Run the tests through ctest, whose fixture `mariadb` starts it, or start it by "
                "hand: tests/tools/mariadb-fixture.sh start <build>/tests/mariadb (stop it with "
                "... stop <build>/tests/mariadb). To run only the SQLite half, set MD_TEST_SKIP_MYSQL=1.");
    }
    return *server;
}

bool mysqlSkipped()
{
    return qEnvironmentVariable("MD_TEST_SKIP_MYSQL") == u"1";
}

std::vector<Backend> testBackends()
{
    if (mysqlSkipped()) {
        WARN("MD_TEST_SKIP_MYSQL=1: the MySQL half of this test is skipped");
        return {Backend::Sqlite};
    }
    return {Backend::Sqlite, Backend::Mysql};
}

QString backendName(Backend backend)
{
    return backend == Backend::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("mysql");
}

TestDatabase::TestDatabase(Backend backend)
{
    if (backend == Backend::Sqlite) {
        m_dir = std::make_unique<QTemporaryDir>();
        REQUIRE(m_dir->isValid());
        m_config.backend = Backend::Sqlite;
        m_config.path = m_dir->filePath(QStringLiteral("meterdesk.db"));
        return;
    }
    const MysqlServer server = fixtureServer();
    m_admin = storage::Database::open(server.config(server.database));
    const QString name = uniqueDatabaseName();
    storage::SqlQuery::execDirect(
        *m_admin, QStringLiteral("CREATE DATABASE %1 CHARACTER SET utf8mb4 COLLATE utf8mb4_bin").arg(name));
    m_config = server.config(name);
}

TestDatabase::~TestDatabase()
{
    if (!m_admin)
        return;
    try {
        storage::SqlQuery::execDirect(*m_admin, QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_config.database));
    } catch (const std::exception& e) {
        qWarning("could not drop test database %s: %s", qPrintable(m_config.database), e.what());
    }
}

std::unique_ptr<storage::Database> TestDatabase::open() const
{
    return storage::Database::open(m_config);
}

} // namespace md::test
