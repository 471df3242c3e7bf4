#pragma once

#include "api/line_framer.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QSslCertificate>
#include <QString>

#include <memory>

class QTcpSocket;

namespace md::api {

struct ApiTlsOptions
{
    bool enabled = false;
    QList<QSslCertificate> caCertificates; // trust these (a self-signed office certificate)
    QString peerName;                      // the name in the certificate, if not the host
};

// A blocking JSON-RPC client for scripts, the `meterdeskd call` subcommand, tests and the
// benchmark. It waits on its own socket (waitFor...), so the service must run in another
// thread or process. Server-pushed notifications that arrive while it waits are kept.
class ApiClient
{
    Q_DECLARE_TR_FUNCTIONS(md::api::ApiClient)

public:
    using Tls = ApiTlsOptions;

    ApiClient();
    ~ApiClient();

    // Throws md::Error when it cannot connect (or the TLS handshake fails) within timeoutMs.
    void connectTo(const QString& host, quint16 port, const Tls& tls = {}, int timeoutMs = 10000);
    void disconnect();
    bool isConnected() const;

    // Sends a request and returns the whole response object (with "result" or "error").
    // Throws md::Error when the connection fails or no answer comes within timeoutMs.
    QJsonObject call(const QString& method, const QJsonObject& params = {}, int timeoutMs = 30000);
    // Sends raw bytes and returns the next response line (tests: malformed requests).
    QJsonObject sendRaw(const QByteArray& bytes, int timeoutMs = 30000);
    // Convenience: result of session.login; throws md::Error with the server's message on error.
    QJsonObject login(const QString& name, const QString& password);

    // Waits for a server notification (returns it), or returns an empty object after timeoutMs.
    QJsonObject waitForNotification(int timeoutMs);
    QList<QJsonObject> takeNotifications();

private:
    QJsonObject readResponse(int timeoutMs);
    std::optional<QJsonObject> readMessage(int timeoutMs);

    std::unique_ptr<QTcpSocket> m_socket;
    LineFramer m_framer{64 * 1024 * 1024};
    QList<QJsonObject> m_notifications;
    qint64 m_nextId = 1;
};

} // namespace md::api
