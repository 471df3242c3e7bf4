#include "api/service_client.h"

#include "api/rpc_message.h"

#include <QCoreApplication>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QUuid>

#include <algorithm>

namespace md::api {

namespace {
const QString kKey = QStringLiteral("key");
} // namespace

ServiceClient::ServiceClient(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<md::api::ApiFailure>();
    m_connectTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    m_callTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] { onSocketLost(tr("no answer to the connection attempt")); });
    connect(&m_retryTimer, &QTimer::timeout, this, &ServiceClient::startConnection);
    connect(&m_callTimer, &QTimer::timeout, this, [this] { onSocketLost(tr("a call got no answer in time")); });
}

ServiceClient::~ServiceClient()
{
    dropSocket();
}

QString ServiceClient::describe(State state)
{
    switch (state) {
    case State::Offline: return tr("Offline");
    case State::Connecting: return tr("Connecting…");
    case State::LoggingIn: return tr("Logging in…");
    case State::Ready: return tr("Connected");
    case State::Reconnecting: return tr("Connection lost, reconnecting…");
    }
    return {};
}

QString ServiceClient::newIdempotencyKey()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void ServiceClient::setState(State state, const QString& detail)
{
    if (m_state == state && detail.isEmpty())
        return;
    m_state = state;
    emit stateChanged(state, detail);
}

void ServiceClient::open(const ServiceEndpoint& endpoint, const QString& name, const QString& password)
{
    dropSocket();
    m_retryTimer.stop();
    m_endpoint = endpoint;
    m_name = name;
    m_password = password;
    m_everLoggedIn = false;
    m_attempt = 0;
    startConnection();
}

void ServiceClient::close()
{
    m_retryTimer.stop();
    if (m_socket && m_state == State::Ready) {
        m_socket->write(encodeRequestLine(m_nextId++, QStringLiteral("session.logout"), {}));
        m_socket->flush();
    }
    m_everLoggedIn = false;
    dropSocket();
    failAll(ApiFailure::connectionLost());
    setState(State::Offline);
}

void ServiceClient::dropSocket()
{
    m_connectTimer.stop();
    m_callTimer.stop();
    if (!m_socket)
        return;
    QTcpSocket* s = m_socket;
    m_socket = nullptr;
    s->disconnect(this);
    s->abort();
    s->deleteLater();
    m_framer = LineFramer(64 * 1024 * 1024);
    for (Pending& p : m_pending)
        p.sent = false;
}

void ServiceClient::startConnection()
{
    dropSocket();
    setState(m_everLoggedIn ? State::Reconnecting : State::Connecting);
    if (m_endpoint.tls) {
        auto* s = new QSslSocket(this);
        QSslConfiguration c = QSslConfiguration::defaultConfiguration();
        if (!m_endpoint.caCertificates.isEmpty())
            c.setCaCertificates(m_endpoint.caCertificates);
        c.setProtocol(QSsl::TlsV1_2OrLater);
        s->setSslConfiguration(c);
        m_socket = s;
        connect(s, &QSslSocket::encrypted, this, &ServiceClient::onConnected);
        s->connectToHostEncrypted(m_endpoint.host, m_endpoint.port,
                                  m_endpoint.peerName.isEmpty() ? m_endpoint.host : m_endpoint.peerName);
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &ServiceClient::onConnected);
        m_socket->connectToHost(m_endpoint.host, m_endpoint.port);
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &ServiceClient::onReadyRead);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        onSocketLost(m_socket ? m_socket->errorString() : QString());
    });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] { onSocketLost(tr("the service closed the connection")); });
    m_connectTimer.start(m_timing.connectTimeoutMs);
}

void ServiceClient::onConnected()
{
    m_connectTimer.stop();
    setState(State::LoggingIn);
    sendLogin();
}

void ServiceClient::sendLogin()
{
    m_loginId = m_nextId++;
    m_socket->write(encodeRequestLine(
        m_loginId, QStringLiteral("session.login"),
        {{QStringLiteral("name"), m_name}, {QStringLiteral("password"), m_password}}));
    m_callTimer.start(m_timing.callTimeoutMs);
}

void ServiceClient::onSocketLost(const QString& why)
{
    if (!m_socket)
        return; // already handled (error and disconnected both arrive)
    dropSocket();
    if (!m_everLoggedIn) {
        // The first login: tell the login window, do not retry behind its back.
        setState(State::Offline, why);
        const ApiFailure f = ApiFailure::unreachable(m_endpoint.host, m_endpoint.port, why);
        QMetaObject::invokeMethod(this, [this, f] { emit loginFailed(f); }, Qt::QueuedConnection);
        return;
    }
    // Calls that must not run twice cannot be resent: whether the service ran them is unknown.
    for (qsizetype i = m_pending.size() - 1; i >= 0; --i) {
        if (m_pending[i].resend == Resend::No && m_pending[i].id != 0) {
            const Pending p = m_pending.takeAt(i);
            failLater(p.reply, ApiFailure::connectionLost());
        }
    }
    scheduleReconnect(why);
}

void ServiceClient::scheduleReconnect(const QString& why)
{
    ++m_attempt;
    if (m_timing.maxAttempts > 0 && m_attempt > m_timing.maxAttempts) {
        failAll(ApiFailure::connectionLost());
        m_everLoggedIn = false;
        setState(State::Offline, why);
        return;
    }
    int pause = m_timing.firstRetryMs;
    for (int i = 1; i < m_attempt && pause < m_timing.maxRetryMs; ++i)
        pause *= 2;
    pause = std::min(pause, m_timing.maxRetryMs);
    setState(State::Reconnecting, tr("%1; next attempt in %2 s").arg(why).arg(double(pause) / 1000.0, 0, 'f', 1));
    m_retryTimer.start(pause);
}

void ServiceClient::onReadyRead()
{
    if (!m_socket)
        return;
    m_framer.feed(m_socket->readAll());
    while (auto line = m_framer.next()) {
        if (line->tooLong || line->text.isEmpty())
            continue;
        handleLine(line->text);
        if (!m_socket)
            return;
    }
}

void ServiceClient::handleLine(const QByteArray& line)
{
    const IncomingMessage m = parseIncomingLine(line);
    // Everything a listener sees is delivered from the event loop, never from inside the
    // socket's readyRead: a listener that opens a modal dialog (a nested event loop) must not
    // run while the socket is still in its signal.
    if (m.kind == IncomingMessage::Kind::Notification) {
        QMetaObject::invokeMethod(this, [this, method = m.method, params = m.params] { emit notification(method, params); },
                                  Qt::QueuedConnection);
        return;
    }
    if (m.kind == IncomingMessage::Kind::Invalid)
        return;
    if (m.id == m_loginId) {
        m_loginId = -1;
        m_callTimer.stop();
        if (m.isError) {
            const ApiFailure f = ApiFailure::service(m.errorCode, m.errorMessage);
            const bool wasReconnect = m_everLoggedIn;
            m_everLoggedIn = false;
            dropSocket();
            if (wasReconnect)
                failAll(f);
            setState(State::Offline, m.errorMessage);
            QMetaObject::invokeMethod(this, [this, f] { emit loginFailed(f); }, Qt::QueuedConnection);
            return;
        }
        const bool first = !m_everLoggedIn;
        m_everLoggedIn = true;
        m_attempt = 0;
        m_operator = m.result.toObject().value(QStringLiteral("operator")).toObject();
        setState(State::Ready);
        if (first)
            QMetaObject::invokeMethod(this, [this, info = m_operator] { emit loggedIn(info); }, Qt::QueuedConnection);
        flushQueue();
        return;
    }
    const auto it = std::find_if(m_pending.begin(), m_pending.end(), [&](const Pending& p) { return p.id == m.id; });
    if (it == m_pending.end())
        return; // an answer to a call given up on
    const Pending p = *it;
    m_pending.erase(it);
    const bool anySent = std::any_of(m_pending.cbegin(), m_pending.cend(), [](const Pending& q) { return q.sent; });
    if (anySent)
        m_callTimer.start(m_timing.callTimeoutMs);
    else
        m_callTimer.stop();
    if (m.isError && m.errorCode == codes::SessionExpired && m_socket) {
        // Idle expiry: log in again on this connection and resend.
        Pending again = p;
        again.sent = false;
        m_pending.prepend(again);
        setState(State::LoggingIn);
        sendLogin();
        return;
    }
    if (!p.reply)
        return;
    ApiReply* reply = p.reply;
    if (m.isError) {
        const ApiFailure f = ApiFailure::service(m.errorCode, m.errorMessage);
        QMetaObject::invokeMethod(reply, [reply, f] { reply->fail(f); }, Qt::QueuedConnection);
    } else {
        QMetaObject::invokeMethod(reply, [reply, r = m.result.toObject()] { reply->finish(r); }, Qt::QueuedConnection);
    }
}

ApiReply* ServiceClient::call(const QString& method, const QJsonObject& params, Resend resend)
{
    auto* reply = new ApiReply(method, this);
    Pending p;
    p.id = m_nextId++;
    p.method = method;
    p.params = params;
    p.resend = resend;
    p.reply = reply;
    m_pending.append(p);
    if (m_state == State::Ready)
        send(m_pending.last());
    else if (m_state == State::Offline)
        QTimer::singleShot(0, reply, [this, id = p.id] {
            const auto it = std::find_if(m_pending.begin(), m_pending.end(), [&](const Pending& q) { return q.id == id; });
            if (it == m_pending.end() || m_state != State::Offline)
                return;
            const Pending q = *it;
            m_pending.erase(it);
            failLater(q.reply, ApiFailure::connectionLost());
        });
    return reply;
}

ApiReply* ServiceClient::moneyCall(const QString& method, QJsonObject params)
{
    if (!params.contains(kKey))
        params.insert(kKey, newIdempotencyKey());
    return call(method, params, Resend::Yes);
}

void ServiceClient::flushQueue()
{
    for (Pending& p : m_pending)
        if (!p.sent)
            send(p);
}

void ServiceClient::send(Pending& p)
{
    if (!m_socket)
        return;
    // A new id for every attempt: an answer to an earlier attempt on a dead connection can
    // never be taken for this one.
    p.id = m_nextId++;
    p.sent = true;
    m_socket->write(encodeRequestLine(p.id, p.method, p.params));
    if (!m_callTimer.isActive())
        m_callTimer.start(m_timing.callTimeoutMs);
}

void ServiceClient::dropConnection()
{
    if (m_socket)
        onSocketLost(tr("the connection was dropped"));
}

void ServiceClient::failLater(ApiReply* reply, const ApiFailure& failure)
{
    if (reply)
        QMetaObject::invokeMethod(reply, [reply, failure] { reply->fail(failure); }, Qt::QueuedConnection);
}

void ServiceClient::failAll(const ApiFailure& failure)
{
    const QList<Pending> pending = std::exchange(m_pending, {});
    for (const Pending& p : pending)
        failLater(p.reply, failure);
}

} // namespace md::api
