#include "api/jsonrpc.h"

#include "api/api_error.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace md::api {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("md::api", text);
}
} // namespace

std::variant<Request, QJsonObject> parseRequest(const QByteArray& line)
{
    const QJsonValue noId(QJsonValue::Null);
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError)
        return errorResponse(noId, ParseError,
                             tr("The line is not valid JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset));
    if (doc.isArray())
        return errorResponse(noId, InvalidRequest, tr("Batch requests are not supported: send one object per line"));
    if (!doc.isObject())
        return errorResponse(noId, InvalidRequest, tr("A request must be a JSON object"));
    const QJsonObject o = doc.object();
    const QJsonValue id = o.value(u"id");
    const bool idOk = id.isString() || (id.isDouble() && id.toDouble() == double(id.toInteger()));
    if (!idOk)
        return errorResponse(noId, InvalidRequest,
                             id.isUndefined() ? tr("A request needs an \"id\" (notifications are not accepted)")
                                              : tr("\"id\" must be a string or an integer"));
    if (o.value(u"jsonrpc") != QJsonValue(QStringLiteral("2.0")))
        return errorResponse(id, InvalidRequest, tr("\"jsonrpc\" must be \"2.0\""));
    const QJsonValue method = o.value(u"method");
    if (!method.isString() || method.toString().isEmpty())
        return errorResponse(id, InvalidRequest, tr("\"method\" must be a non-empty string"));
    const QJsonValue params = o.value(u"params");
    if (!params.isUndefined() && !params.isObject())
        return errorResponse(id, InvalidParams, tr("\"params\" must be an object (named parameters)"));
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.key() != u"jsonrpc" && it.key() != u"id" && it.key() != u"method" && it.key() != u"params")
            return errorResponse(id, InvalidRequest, tr("Unknown member \"%1\" in the request").arg(it.key()));
    }
    return Request{id, method.toString(), params.toObject()};
}

QJsonObject resultResponse(const QJsonValue& id, const QJsonValue& result)
{
    return QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("result"), result}};
}

QJsonObject errorResponse(const QJsonValue& id, int code, const QString& message, const QJsonValue& data)
{
    QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!data.isUndefined() && !data.isNull())
        error.insert(QStringLiteral("data"), data);
    return QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("error"), error}};
}

QJsonObject notification(const QString& method, const QJsonObject& params)
{
    return QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                       {QStringLiteral("method"), method},
                       {QStringLiteral("params"), params}};
}

QByteArray encodeLine(const QJsonObject& message)
{
    return QJsonDocument(message).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace md::api
