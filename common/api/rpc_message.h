#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace md::api {

// The client's half of JSON-RPC 2.0 over lines (docs/api.md, "Transport"): a request out, and
// whatever comes in sorted into a response (to an id) or a server-pushed notification.
QByteArray encodeRequestLine(qint64 id, const QString& method, const QJsonObject& params);

struct IncomingMessage
{
    enum class Kind { Response, Notification, Invalid };
    Kind kind = Kind::Invalid;
    qint64 id = -1;           // Response
    QString method;           // Notification
    QJsonObject params;       // Notification
    bool isError = false;     // Response
    QJsonValue result;        // Response without error
    int errorCode = 0;        // Response with error
    QString errorMessage;
};

IncomingMessage parseIncomingLine(const QByteArray& line);

} // namespace md::api
