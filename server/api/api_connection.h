#pragma once

#include "api/api_service.h"
#include "api/line_framer.h"

#include <QObject>

class QTcpSocket;

namespace md::api {

// One client connection: reads request lines, answers each with one response line, and
// carries the connection's session. A line that is not valid JSON-RPC, too long or otherwise
// bad gets an error response; the connection stays open.
class ApiConnection : public QObject
{
    Q_OBJECT

public:
    ApiConnection(QTcpSocket* socket, ApiService& service, qint64 maxLineBytes, QObject* parent = nullptr);
    ~ApiConnection() override;

    bool isLoggedIn() const { return m_session.identity.has_value(); }
    void send(const QJsonObject& message);

signals:
    void closed();

private:
    void onReadyRead();
    void handleLine(const LineFramer::Line& line);

    QTcpSocket* m_socket;
    ApiService& m_service;
    LineFramer m_framer;
    Session m_session;
    qint64 m_maxLineBytes;
    bool m_ready = false; // TLS: after the handshake
};

} // namespace md::api
