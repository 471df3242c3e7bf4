#include "storage/database.h"

#include "storage/session_setup.h"

#include <QSqlError>

#include <atomic>

namespace md::storage {

namespace {

// Qt keeps connections in a process-wide registry by name: every Database gets its own.
QString uniqueConnectionName()
{
    static std::atomic<quint64> counter{0};
    return QStringLiteral("meterdesk-%1").arg(counter.fetch_add(1) + 1);
}

QString driverName(DatabaseConfig::Backend backend)
{
    return backend == DatabaseConfig::Backend::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QMYSQL");
}

} // namespace

Database::Database(DatabaseConfig config, QString connectionName)
    : m_config(std::move(config))
    , m_dialect(m_config.backend)
    , m_connectionName(std::move(connectionName))
{
}

std::unique_ptr<Database> Database::open(const DatabaseConfig& config)
{
    const QString driver = driverName(config.backend);
    if (!QSqlDatabase::isDriverAvailable(driver))
        throw StorageError(tr("The Qt SQL driver %1 is not installed (Debian: %2), so %3 cannot be opened")
                               .arg(driver,
                                    config.backend == Backend::Sqlite ? QStringLiteral("libqt6sql6-sqlite")
                                                                      : QStringLiteral("libqt6sql6-mysql"),
                                    config.displayName()));

    // From here the unique_ptr owns the registry entry: any throw below removes it again.
    std::unique_ptr<Database> db(new Database(config, uniqueConnectionName()));
    db->m_db = QSqlDatabase::addDatabase(driver, db->m_connectionName);
    QSqlDatabase& c = db->m_db;
    if (config.backend == Backend::Sqlite) {
        c.setDatabaseName(config.path);
        c.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        c.setDatabaseName(config.database);
        c.setUserName(config.user);
        c.setPassword(config.password);
        QStringList options{QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=10"), QStringLiteral("CLIENT_FOUND_ROWS")};
        if (!config.socket.isEmpty()) {
            options.append(QStringLiteral("UNIX_SOCKET=") + config.socket);
        } else {
            c.setHostName(config.host);
            c.setPort(config.port);
        }
        c.setConnectOptions(options.join(u';'));
    }
    if (!c.open()) {
        throw StorageError(tr("Cannot open the database %1: %2")
                               .arg(config.displayName(), c.lastError().text()),
                           StorageError::Kind::Other, c.lastError().nativeErrorCode());
    }
    db->m_settings = config.backend == Backend::Sqlite ? detail::setUpSqlite(c, config)
                                                       : detail::setUpMysql(c, config);
    return db;
}

Database::~Database()
{
    release();
}

Database::Database(Database&& other) noexcept
    : m_config(std::move(other.m_config))
    , m_dialect(other.m_dialect)
    , m_connectionName(std::exchange(other.m_connectionName, QString()))
    , m_db(std::exchange(other.m_db, QSqlDatabase()))
    , m_settings(std::move(other.m_settings))
    , m_inTransaction(std::exchange(other.m_inTransaction, false))
    , m_statements(std::move(other.m_statements))
{
}

Database& Database::operator=(Database&& other) noexcept
{
    if (this != &other) {
        release();
        m_config = std::move(other.m_config);
        m_dialect = other.m_dialect;
        m_connectionName = std::exchange(other.m_connectionName, QString());
        m_db = std::exchange(other.m_db, QSqlDatabase());
        m_settings = std::move(other.m_settings);
        m_inTransaction = std::exchange(other.m_inTransaction, false);
        m_statements = std::move(other.m_statements);
    }
    return *this;
}

void Database::release() noexcept
{
    if (m_connectionName.isEmpty())
        return;
    m_statements.clear(); // statements go before their connection (SQLite cannot close with them)
    // removeDatabase() wants no QSqlDatabase handle left on the connection (else it warns and
    // the connection leaks until the last handle goes): close and drop ours first.
    if (m_db.isOpen())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

} // namespace md::storage
