#include "api/api_connection.h"

#include "api/api_error.h"
#include "api/jsonrpc.h"

#include <QCoreApplication>
#include <QSslSocket>

namespace md::api {

ApiConnection::ApiConnection(QTcpSocket* socket, ApiService& service, qint64 maxLineBytes, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_service(service)
    , m_framer(maxLineBytes)
    , m_maxLineBytes(maxLineBytes)
{
    m_socket->setParent(this);
    m_session.client = socket->peerAddress().toString().left(64);
    connect(m_socket, &QTcpSocket::readyRead, this, &ApiConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        emit closed();
        deleteLater();
    });
    if (auto* tls = qobject_cast<QSslSocket*>(socket)) {
        // A failed handshake (wrong protocol, a plain-text client) ends the connection.
        connect(tls, &QSslSocket::encrypted, this, [this] {
            m_ready = true;
            onReadyRead();
        });
        connect(tls, &QSslSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
            if (!m_ready)
                m_socket->abort();
        });
    } else {
        m_ready = true;
    }
}

ApiConnection::~ApiConnection() = default;

void ApiConnection::send(const QJsonObject& message)
{
    if (m_socket->state() == QAbstractSocket::ConnectedState)
        m_socket->write(encodeLine(message));
}

void ApiConnection::onReadyRead()
{
    if (!m_ready)
        return;
    m_framer.feed(m_socket->readAll());
    while (auto line = m_framer.next())
        handleLine(*line);
}

void ApiConnection::handleLine(const LineFramer::Line& line)
{
    if (line.tooLong) {
        send(errorResponse(QJsonValue(QJsonValue::Null), InvalidRequest,
                           QCoreApplication::translate("md::api", "The request line is longer than %1 bytes")
                               .arg(m_maxLineBytes)));
        return;
    }
    if (line.text.trimmed().isEmpty())
        return; // blank lines are allowed between requests
    const auto parsed = parseRequest(line.text);
    if (const auto* error = std::get_if<QJsonObject>(&parsed)) {
        send(*error);
        return;
    }
    const Request& request = std::get<Request>(parsed);
    try {
        send(resultResponse(request.id, m_service.call(m_session, request.method, request.params)));
    } catch (const ApiError& e) {
        send(errorResponse(request.id, e.code(), e.message(), e.data()));
    }
}

} // namespace md::api
