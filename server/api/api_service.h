#pragma once

#include "api/params.h"
#include "auth/authenticator.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace md {
class Clock;
class Ledger;
namespace storage {
class Database;
}
} // namespace md

namespace md::collection {
class CollectionService;
}

namespace md::api {

// One client's login state. The API binds a session to its connection: a login on a
// connection authenticates that connection until logout, idle expiry or disconnect.
struct Session
{
    QString client;                  // the peer's address, written to every log record
    std::optional<Identity> identity;
    qint64 lastActivityMs = 0;
};

class ApiService;

// What a method handler gets: the service, the caller and the parameters.
struct CallContext
{
    ApiService& service;
    Session& session;
    const Identity& who; // an empty Identity for session.login
    Params params;
};

using Handler = QJsonValue (*)(CallContext&);
struct MethodDef
{
    const char* name;
    Handler handler;
};

// The API's methods on one database connection. call() is the one place where sessions,
// idle expiry, the must-change-password rule and the role matrix (auth/permissions.h) are
// enforced, before any handler runs. Not thread-safe: the service runs it on one thread.
class ApiService
{
    Q_DECLARE_TR_FUNCTIONS(md::api::ApiService)

public:
    using Notifier = std::function<void(const QString& method, const QJsonObject& params)>;

    ApiService(storage::Database& db, const Clock& clock, AuthPolicy policy = {},
               PasswordHasher hasher = PasswordHasher());
    ~ApiService();
    ApiService(const ApiService&) = delete;
    ApiService& operator=(const ApiService&) = delete;

    // Returns the result or throws ApiError.
    QJsonValue call(Session& session, const QString& method, const QJsonObject& params);

    // Server-pushed events go through here (the server sends them to every logged-in client).
    void setNotifier(Notifier n) { m_notifier = std::move(n); }
    void notify(const QString& method, const QJsonObject& params) const;

    static QStringList methodNames();

    // The office's wall clock (the [collection] office_time_zone): reports' days begin at its
    // midnight unless a call names another zone.
    void setOfficeZone(const QTimeZone& zone) { m_officeZone = zone; }
    const QTimeZone& officeZone() const { return m_officeZone; }
    // [service] training = yes: told to desks in session.login/whoami ("training").
    void setTraining(bool training) { m_training = training; }
    bool training() const { return m_training; }
    // The collection side when this service reads meters (null for an API-only service).
    void setCollection(collection::CollectionService* c) { m_collection = c; }
    collection::CollectionService* collection() const { return m_collection; }
    // Money moved on a wallet: the collection side re-evaluates its alarm level and relays.
    void walletChanged(AccountId account, Utility utility) const;

    storage::Database& db() { return m_db; }
    const Clock& clock() const { return m_clock; }
    Ledger& ledger() { return *m_ledger; }
    Authenticator& auth() { return m_auth; }
    qint64 nowMs() const;
    // Appends an operation-log record (inside the caller's transaction, if any).
    void log(const Session& session, OperatorId who, const QString& action, const QString& subject,
             const QJsonObject& detail, const QString& result = QStringLiteral("ok"));

private:
    storage::Database& m_db;
    const Clock& m_clock;
    Authenticator m_auth;
    std::unique_ptr<Ledger> m_ledger;
    Notifier m_notifier;
    collection::CollectionService* m_collection = nullptr;
    QTimeZone m_officeZone = QTimeZone(QByteArrayLiteral("Asia/Shanghai"));
    bool m_training = false;
};

// The method tables of each area (one file each).
std::span<const MethodDef> sessionMethods();
std::span<const MethodDef> operatorMethods();
std::span<const MethodDef> accountMethods();
std::span<const MethodDef> approvalMethods();
std::span<const MethodDef> receiptMethods();
std::span<const MethodDef> auditMethods();
std::span<const MethodDef> reportMethods();
std::span<const MethodDef> collectionMethods();
std::span<const MethodDef> tariffMethods();
// An approved tariff request: the new revision, in the caller's transaction (tariff_methods.cpp).
qint64 applyTariff(ApiService& service, const QJsonObject& params);
std::span<const MethodDef> propertyMethods();
std::span<const MethodDef> meterMethods();
std::span<const MethodDef> apportionMethods();

} // namespace md::api
