#include "api/rpc_message.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace md::api {

QByteArray encodeRequestLine(qint64 id, const QString& method, const QJsonObject& params)
{
    QJsonObject o{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                  {QStringLiteral("id"), id},
                  {QStringLiteral("method"), method}};
    if (!params.isEmpty())
        o.insert(QStringLiteral("params"), params);
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

IncomingMessage parseIncomingLine(const QByteArray& line)
{
    IncomingMessage m;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return m;
    const QJsonObject o = doc.object();
    const QJsonValue id = o.value(QStringLiteral("id"));
    if (id.isUndefined() || id.isNull()) {
        const QJsonValue method = o.value(QStringLiteral("method"));
        if (!method.isString())
            return m;
        m.kind = IncomingMessage::Kind::Notification;
        m.method = method.toString();
        m.params = o.value(QStringLiteral("params")).toObject();
        return m;
    }
    if (!id.isDouble())
        return m; // this client only sends integer ids
    m.kind = IncomingMessage::Kind::Response;
    m.id = id.toInteger(-1);
    if (o.contains(QStringLiteral("error"))) {
        const QJsonObject e = o.value(QStringLiteral("error")).toObject();
        m.isError = true;
        m.errorCode = e.value(QStringLiteral("code")).toInt();
        m.errorMessage = e.value(QStringLiteral("message")).toString();
    } else {
        m.result = o.value(QStringLiteral("result"));
    }
    return m;
}

} // namespace md::api
