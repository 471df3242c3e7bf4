#include "api/service_host.h"

#include "api/api_server.h"
#include "api/api_service.h"
#include "collection/collection_service.h"
#include "ledger/ledger.h"
#include "schema/migrations.h"
#include "storage/database.h"
#include "storage/migrator.h"

namespace md::api {

ServiceHost::ServiceHost(const ServiceConfig& config, const Clock& clock, PasswordHasher hasher)
    : m_db(storage::Database::open(config.database))
{
    storage::Migrator::migrate(*m_db, meterdeskMigrations());
    m_service = std::make_unique<ApiService>(*m_db, clock, config.sessions, hasher);
    m_service->setOfficeZone(config.collection.officeZone);
    m_service->ledger().setOfficeZone(config.collection.officeZone); // wallet_daily's days
    m_service->ledger().ensureWalletDailyZone(); // after a change of zone: rebuilt now, not in a cashier's call
    m_service->setTraining(config.training);
    m_firstRunPassword = m_service->auth().ensureAdministrator(QStringLiteral("local"));
    m_server = std::make_unique<ApiServer>(*m_service, config.api);
    m_server->start();
    if (!config.collection.buses.empty()) {
        m_collection = std::make_unique<collection::CollectionService>(*m_db, clock, config.collection);
        ApiService* service = m_service.get();
        m_collection->setNotifier(
            [service](const QString& method, const QJsonObject& params) { service->notify(method, params); });
        m_service->setCollection(m_collection.get());
        m_collection->start();
    }
}

ServiceHost::~ServiceHost()
{
    // The buses stop first (the readings already received are committed and announced), then
    // the server (and its connections) go before the service and the database they use.
    if (m_collection) {
        m_collection->stop();
        m_service->setCollection(nullptr);
        m_collection.reset();
    }
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
