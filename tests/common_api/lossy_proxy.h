#pragma once

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>

namespace md::test {

// A TCP relay between a client and the service on loopback that can lose an answer the way a
// network hiccup does: once armed, it passes the next request containing `trigger` to the
// service, swallows the service's answer and cuts both connections. The client cannot know
// whether its call went through. Later connections are relayed normally.
class LossyProxy : public QObject
{
    Q_OBJECT

public:
    explicit LossyProxy(quint16 servicePort)
        : m_servicePort(servicePort)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, &LossyProxy::accept);
    }
    quint16 port() const { return m_server.serverPort(); }
    void loseAnswerTo(const QByteArray& trigger) { m_trigger = trigger; }
    int cuts() const { return m_cuts; }
    // The service "goes away": no new connections, the open ones cut.
    void shutDown()
    {
        m_server.close();
        for (QTcpSocket* s : m_server.findChildren<QTcpSocket*>())
            s->abort();
    }

private:
    void accept()
    {
        while (QTcpSocket* client = m_server.nextPendingConnection()) {
            // nextPendingConnection() hands the socket over parented to the server, so
            // shutDown() finds it.
            auto* service = new QTcpSocket(client);
            service->connectToHost(QHostAddress::LocalHost, m_servicePort);
            auto armed = std::make_shared<bool>(false);
            connect(client, &QTcpSocket::readyRead, service, [=, this] {
                const QByteArray bytes = client->readAll();
                if (!m_trigger.isEmpty() && bytes.contains(m_trigger)) {
                    *armed = true;
                    m_trigger.clear();
                }
                service->write(bytes);
            });
            connect(service, &QTcpSocket::readyRead, client, [=, this] {
                const QByteArray bytes = service->readAll();
                if (*armed) {
                    ++m_cuts;
                    client->abort();
                    client->deleteLater();
                    return;
                }
                client->write(bytes);
            });
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            connect(service, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        }
    }

    QTcpServer m_server;
    quint16 m_servicePort;
    QByteArray m_trigger;
    int m_cuts = 0;
};

} // namespace md::test
