#pragma once

#include "api/api_client.h"
#include "auth/authenticator.h"
#include "support/test_database.h"

#include <QJsonObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace md {
class Clock;
}

namespace md::test {

// The real API service (ServiceHost: database, migrations, first-run administrator, TCP
// server) running in its own thread with its own event loop and database connection, so that
// tests talk to it through real sockets with the blocking ApiClient.
class TestServer
{
public:
    struct Options
    {
        Backend backend = Backend::Sqlite;
        const Clock* clock = nullptr;   // default: the system clock
        AuthPolicy policy;
        bool fastHashing = true;        // libsodium's minimum limits: tests log in hundreds of times
        qint64 maxLineBytes = 64 * 1024;
        bool tls = false;               // a self-signed certificate made with the openssl CLI
        bool training = false;          // [service] training = yes
    };

    explicit TestServer(Options options);
    TestServer() : TestServer(Options{}) {}
    ~TestServer();

    quint16 port() const;
    const storage::DatabaseConfig& databaseConfig() const;
    QList<QSslCertificate> certificate() const; // when tls
    static constexpr const char* kAdminPassword = "admin-password-1";

    // A new connection (not logged in).
    std::unique_ptr<api::ApiClient> connect() const;
    // A connection logged in as the administrator (whose first-run password was changed).
    std::unique_ptr<api::ApiClient> admin() const;
    // Creates an operator through the API (as the administrator), changes the one-time
    // password to "<name>-password-1" and returns a connection logged in as them.
    std::unique_ptr<api::ApiClient> addOperator(const QString& name, const QString& role);
    std::unique_ptr<api::ApiClient> loginAs(const QString& name) const;
    static QString passwordOf(const QString& name) { return name + QStringLiteral("-password-1"); }

private:
    class Thread;
    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<QTemporaryDir> m_tlsDir;
    std::unique_ptr<Thread> m_thread;
    bool m_tls = false;
    QList<QSslCertificate> m_cert;
    quint16 m_port = 0;
};

// result of a response, failing the test (with the error) when it is an error.
QJsonObject resultOf(const QJsonObject& response);
// error code of a response, 0 when it is a result.
int errorCode(const QJsonObject& response);
QString errorMessage(const QJsonObject& response);

// Makes a self-signed certificate for 127.0.0.1/localhost with the openssl command line tool
// into dir (cert.pem, key.pem). Returns false when openssl is not installed.
bool makeSelfSignedCertificate(const QString& dir);

} // namespace md::test
