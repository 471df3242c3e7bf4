#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <variant>

namespace md::api {

// JSON-RPC 2.0, one JSON object per line (docs/api.md, "Transport"). Decisions:
//   - no batches: an array is answered with -32600 (a front desk sends one call at a time, and
//     one money operation per request keeps idempotency and error reporting simple);
//   - every request needs an "id" (string or integer): a money call whose answer nobody gets
//     is never what a caller wants, so a client notification is refused with -32600;
//   - params, when present, are an object (named parameters only).
struct Request
{
    QJsonValue id;
    QString method;
    QJsonObject params;
};

// Either the request or the error response to send back (with the id when it could be read).
std::variant<Request, QJsonObject> parseRequest(const QByteArray& line);

QJsonObject resultResponse(const QJsonValue& id, const QJsonValue& result);
QJsonObject errorResponse(const QJsonValue& id, int code, const QString& message, const QJsonValue& data = {});
// A server-pushed event (a JSON-RPC notification: no id).
QJsonObject notification(const QString& method, const QJsonObject& params);
// Compact JSON and "\n".
QByteArray encodeLine(const QJsonObject& message);

} // namespace md::api
