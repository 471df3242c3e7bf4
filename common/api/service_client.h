#pragma once

#include "api/api_failure.h"
#include "api/api_reply.h"
#include "api/line_framer.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QString>
#include <QTimer>

class QTcpSocket;

namespace md::api {

struct ServiceEndpoint
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 7420;
    bool tls = false;
    QList<QSslCertificate> caCertificates; // trust these (the office's self-signed certificate)
    QString peerName;                      // the name in the certificate, if not the host
};

// The front desk's connection to meterdeskd: asynchronous (signals, never a wait on the GUI
// thread), one connection, calls answered in order.
//
// After a successful login the client keeps the session alive by itself: when the connection
// drops or a call gets no answer in time, it reconnects with a growing pause (backoff), logs
// in again with the same credentials and sends the calls that were waiting. Money calls carry
// an idempotency key made here before the first attempt and sent unchanged on every retry, so
// a retry after a network hiccup is answered "replayed" by the service and never charges twice
// (docs/api.md, "Idempotency"). A call that must not run twice and has no key (a reprint
// counts copies) is failed instead of resent.
class ServiceClient : public QObject
{
    Q_OBJECT

public:
    enum class State { Offline, Connecting, LoggingIn, Ready, Reconnecting };
    Q_ENUM(State)
    enum class Resend { Yes, No };

    struct Timing
    {
        int connectTimeoutMs = 5000;
        int callTimeoutMs = 30000;
        int firstRetryMs = 250;   // doubles after each failed attempt ...
        int maxRetryMs = 8000;    // ... up to this
        int maxAttempts = 0;      // reconnect attempts before giving up; 0 = never give up
    };

    explicit ServiceClient(QObject* parent = nullptr);
    ~ServiceClient() override;

    void setTiming(const Timing& timing) { m_timing = timing; }

    // Connects and logs in; then loggedIn(operator) or loginFailed(failure), once.
    void open(const ServiceEndpoint& endpoint, const QString& name, const QString& password);
    // Logs out (best effort) and disconnects; pending calls fail.
    void close();

    State state() const { return m_state; }
    const QJsonObject& operatorInfo() const { return m_operator; }
    const ServiceEndpoint& endpoint() const { return m_endpoint; }

    // Queues a call (sent at once when ready). Read-only calls can always be resent.
    ApiReply* call(const QString& method, const QJsonObject& params = {}, Resend resend = Resend::Yes);
    // A money call: adds "key" (a new UUID) unless params has one, so every resend is the same
    // operation for the service.
    ApiReply* moneyCall(const QString& method, QJsonObject params);
    static QString newIdempotencyKey();

    // Drops the connection as a network failure would (the client then reconnects). For tests
    // and for the window's "reconnect now".
    void dropConnection();
    // After a successful session.change_password the next reconnect must use the new one.
    void rememberPassword(const QString& password) { m_password = password; }

    static QString describe(State state);

signals:
    void stateChanged(md::api::ServiceClient::State state, const QString& detail);
    void loggedIn(const QJsonObject& operatorInfo);
    void loginFailed(const md::api::ApiFailure& failure);
    void notification(const QString& method, const QJsonObject& params);

private:
    struct Pending
    {
        qint64 id = 0;
        QString method;
        QJsonObject params;
        Resend resend = Resend::Yes;
        QPointer<ApiReply> reply;
        bool sent = false;
    };

    void setState(State state, const QString& detail = {});
    void startConnection();
    void onConnected();
    void onSocketLost(const QString& why);
    void onReadyRead();
    void handleLine(const QByteArray& line);
    void sendLogin();
    void flushQueue();
    void send(Pending& p);
    void scheduleReconnect(const QString& why);
    void failAll(const ApiFailure& failure);
    static void failLater(ApiReply* reply, const ApiFailure& failure);
    void dropSocket();

    ServiceEndpoint m_endpoint;
    QString m_name;
    QString m_password;
    Timing m_timing;
    State m_state = State::Offline;
    bool m_everLoggedIn = false; // reconnect only once a session existed
    QJsonObject m_operator;

    QTcpSocket* m_socket = nullptr;
    LineFramer m_framer{64 * 1024 * 1024};
    QList<Pending> m_pending; // in the order they were asked for
    qint64 m_nextId = 1;
    qint64 m_loginId = -1;
    int m_attempt = 0;
    QTimer m_connectTimer;   // connect (and TLS handshake) deadline
    QTimer m_retryTimer;     // the backoff pause
    QTimer m_callTimer;      // the oldest unanswered call's deadline
};

} // namespace md::api
