#include "api/api_client.h"

#include "api/jsonrpc.h"
#include "util/error.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QSslConfiguration>
#include <QSslSocket>

namespace md::api {

ApiClient::ApiClient() = default;
ApiClient::~ApiClient() = default;

void ApiClient::connectTo(const QString& host, quint16 port, const Tls& tls, int timeoutMs)
{
    if (tls.enabled) {
        auto socket = std::make_unique<QSslSocket>();
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        if (!tls.caCertificates.isEmpty())
            c.setCaCertificates(tls.caCertificates);
        c.setProtocol(QSsl::TlsV1_2OrLater);
        socket->setSslConfiguration(c);
        socket->connectToHostEncrypted(host, port, tls.peerName.isEmpty() ? host : tls.peerName);
        if (!socket->waitForEncrypted(timeoutMs)) {
            QStringList errors;
            for (const QSslError& e : socket->sslHandshakeErrors())
                errors.append(e.errorString());
            throw Error(tr("TLS connection to %1:%2 failed: %3")
                            .arg(host)
                            .arg(port)
                            .arg(errors.isEmpty() ? socket->errorString() : errors.join(QStringLiteral("; "))));
        }
        m_socket = std::move(socket);
    } else {
        m_socket = std::make_unique<QTcpSocket>();
        m_socket->connectToHost(host, port);
        if (!m_socket->waitForConnected(timeoutMs))
            throw Error(tr("Cannot connect to %1:%2: %3").arg(host).arg(port).arg(m_socket->errorString()));
    }
}

void ApiClient::disconnect()
{
    if (m_socket) {
        m_socket->disconnectFromHost();
        if (m_socket->state() != QAbstractSocket::UnconnectedState)
            m_socket->waitForDisconnected(2000);
    }
    m_socket.reset();
}

bool ApiClient::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

std::optional<QJsonObject> ApiClient::readMessage(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        while (auto line = m_framer.next()) {
            if (line->tooLong || line->text.isEmpty())
                continue;
            return QJsonDocument::fromJson(line->text).object();
        }
        if (!m_socket)
            throw Error(tr("Not connected"));
        if (deadline.hasExpired())
            return std::nullopt;
        if (m_socket->bytesAvailable() == 0 && !m_socket->waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            if (m_socket->state() != QAbstractSocket::ConnectedState)
                throw Error(tr("The service closed the connection"));
            continue;
        }
        m_framer.feed(m_socket->readAll());
    }
}

QJsonObject ApiClient::readResponse(int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        const std::optional<QJsonObject> m = readMessage(int(std::max<qint64>(0, deadline.remainingTime())));
        if (!m)
            throw Error(tr("No answer from the service within %1 ms").arg(timeoutMs));
        if (m->contains(u"id"))
            return *m;
        m_notifications.append(*m); // a push that arrived first
    }
}

QJsonObject ApiClient::call(const QString& method, const QJsonObject& params, int timeoutMs)
{
    QJsonObject request{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                        {QStringLiteral("id"), m_nextId++},
                        {QStringLiteral("method"), method}};
    if (!params.isEmpty())
        request.insert(QStringLiteral("params"), params);
    return sendRaw(encodeLine(request), timeoutMs);
}

QJsonObject ApiClient::sendRaw(const QByteArray& bytes, int timeoutMs)
{
    if (!isConnected())
        throw Error(tr("Not connected"));
    m_socket->write(bytes);
    if (!m_socket->waitForBytesWritten(timeoutMs) && m_socket->bytesToWrite() > 0)
        throw Error(tr("Cannot send to the service: %1").arg(m_socket->errorString()));
    return readResponse(timeoutMs);
}

QJsonObject ApiClient::login(const QString& name, const QString& password)
{
    const QJsonObject r = call(QStringLiteral("session.login"),
                               {{QStringLiteral("name"), name}, {QStringLiteral("password"), password}});
    if (r.contains(u"error"))
        throw Error(r.value(u"error").toObject().value(u"message").toString());
    return r.value(u"result").toObject();
}

QJsonObject ApiClient::waitForNotification(int timeoutMs)
{
    if (!m_notifications.isEmpty())
        return m_notifications.takeFirst();
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        const std::optional<QJsonObject> m = readMessage(int(std::max<qint64>(0, deadline.remainingTime())));
        if (!m)
            break;
        if (!m->contains(u"id"))
            return *m;
    }
    return {};
}

QList<QJsonObject> ApiClient::takeNotifications()
{
    return std::exchange(m_notifications, {});
}

} // namespace md::api
