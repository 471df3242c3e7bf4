#include "api/service_host.h"

#include "api/api_server.h"
#include "api/api_service.h"
#include "schema/migrations.h"
#include "storage/database.h"
#include "storage/migrator.h"

namespace md::api {

ServiceHost::ServiceHost(const ServiceConfig& config, const Clock& clock, PasswordHasher hasher)
    : m_db(storage::Database::open(config.database))
{
    storage::Migrator::migrate(*m_db, meterdeskMigrations());
    m_service = std::make_unique<ApiService>(*m_db, clock, config.sessions, hasher);
    m_firstRunPassword = m_service->auth().ensureAdministrator(QStringLiteral("local"));
    m_server = std::make_unique<ApiServer>(*m_service, config.api);
    m_server->start();
}

ServiceHost::~ServiceHost()
{
    // The server (and its connections) go before the service and the database they use.
    m_server.reset();
    m_service.reset();
}

QHostAddress ServiceHost::address() const
{
    return m_server->serverAddress();
}

quint16 ServiceHost::port() const
{
    return m_server->serverPort();
}

} // namespace md::api
