#pragma once

#include "config/service_config.h"

#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTcpServer>

namespace md::api {

class ApiService;
class ApiConnection;

// Accepts front desks and scripts on TCP (TLS when the configuration has a certificate) and
// gives each connection its own session. Runs on the thread that owns the ApiService; calls
// are answered one at a time, in arrival order (one database connection, one writer).
class ApiServer : public QTcpServer
{
    Q_OBJECT

public:
    ApiServer(ApiService& service, ApiListenConfig config, QObject* parent = nullptr);
    ~ApiServer() override;

    // Starts listening; throws md::Error naming the address when it cannot.
    void start();
    int connectionCount() const { return int(m_connections.size()); }

    // Sends a notification to every connection with a logged-in session.
    void broadcast(const QString& method, const QJsonObject& params);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    ApiService& m_service;
    ApiListenConfig m_config;
    QList<QPointer<ApiConnection>> m_connections;
};

} // namespace md::api
