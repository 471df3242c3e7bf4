#pragma once

#include "auth/password_hasher.h"
#include "config/service_config.h"

#include <QHostAddress>

#include <memory>
#include <optional>

namespace md {
class Clock;
namespace storage {
class Database;
}
} // namespace md

namespace md::collection {
class CollectionService;
}

namespace md::api {

class ApiService;
class ApiServer;

// The composition root of meterdeskd: opens and migrates the database, creates the first
// administrator on an empty database, starts the API server and, when the configuration names
// buses, the collection service (reading, billing, relay control) on the same connection. Lives on the
// thread that runs its event loop (the database connection belongs to it).
class ServiceHost
{
public:
    // Throws md::Error (StorageError, InputError, ...) when it cannot start.
    ServiceHost(const ServiceConfig& config, const Clock& clock, PasswordHasher hasher = PasswordHasher());
    ~ServiceHost();

    // The one-time password of the administrator created on this start, if one was.
    const std::optional<QString>& firstRunPassword() const { return m_firstRunPassword; }
    QHostAddress address() const;
    quint16 port() const;
    storage::Database& database() { return *m_db; }
    ApiService& service() { return *m_service; }
    ApiServer& server() { return *m_server; }
    // Null when the configuration names no bus.
    collection::CollectionService* collection() { return m_collection.get(); }

private:
    std::unique_ptr<storage::Database> m_db;
    std::unique_ptr<ApiService> m_service;
    std::unique_ptr<ApiServer> m_server;
    std::unique_ptr<collection::CollectionService> m_collection;
    std::optional<QString> m_firstRunPassword;
};

} // namespace md::api
