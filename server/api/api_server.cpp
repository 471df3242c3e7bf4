#include "api/api_server.h"

#include "api/api_connection.h"
#include "api/api_service.h"
#include "api/jsonrpc.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QSslConfiguration>
#include <QSslSocket>

namespace md::api {

ApiServer::ApiServer(ApiService& service, ApiListenConfig config, QObject* parent)
    : QTcpServer(parent)
    , m_service(service)
    , m_config(std::move(config))
{
    m_service.setNotifier([this](const QString& method, const QJsonObject& params) { broadcast(method, params); });
}

ApiServer::~ApiServer()
{
    m_service.setNotifier({});
}

void ApiServer::start()
{
    if (m_config.tls && !QSslSocket::supportsSsl())
        throw Error(QCoreApplication::translate("md::api", "TLS is configured but no TLS library is available"));
    if (!listen(m_config.address, m_config.port))
        throw Error(QCoreApplication::translate("md::api", "Cannot listen on %1 port %2: %3")
                        .arg(m_config.address.toString())
                        .arg(m_config.port)
                        .arg(errorString()));
}

void ApiServer::incomingConnection(qintptr descriptor)
{
    QTcpSocket* socket = nullptr;
    if (m_config.tls) {
        auto* tls = new QSslSocket;
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        c.setLocalCertificateChain(m_config.certificateChain);
        c.setPrivateKey(m_config.privateKey);
        c.setProtocol(QSsl::TlsV1_2OrLater);
        c.setPeerVerifyMode(QSslSocket::VerifyNone); // clients prove themselves by logging in
        tls->setSslConfiguration(c);
        socket = tls;
    } else {
        socket = new QTcpSocket;
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    auto* connection = new ApiConnection(socket, m_service, m_config.maxLineBytes, this);
    m_connections.append(connection);
    connect(connection, &ApiConnection::closed, this, [this, connection] { m_connections.removeAll(connection); });
    if (auto* tls = qobject_cast<QSslSocket*>(socket))
        tls->startServerEncryption();
}

void ApiServer::broadcast(const QString& method, const QJsonObject& params)
{
    const QJsonObject message = notification(method, params);
    for (const QPointer<ApiConnection>& c : std::as_const(m_connections)) {
        if (c && c->isLoggedIn())
            c->send(message);
    }
}

} // namespace md::api
