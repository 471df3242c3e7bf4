// audit.*: read the operation log, verify its hash chain.

#include "api/api_error.h"
#include "api/api_service.h"
#include "api/audit_verifier.h"
#include "api/money_queries.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace md::api {

using storage::SqlQuery;

namespace {

QJsonValue query(CallContext& c)
{
    const qint64 after = c.params.optInteger("after_seq").value_or(0);
    const qint64 limit = c.params.optInteger("limit").value_or(100);
    if (limit < 1 || limit > 1000)
        throw ApiError(InvalidParams, QCoreApplication::translate("md::api", "Parameter \"limit\": from 1 to 1000"));
    const QString action = c.params.optString("action", QStringLiteral(""));
    const qint64 op = c.params.optInteger("operator").value_or(0);
    SqlQuery q(c.service.db(), QStringLiteral("SELECT seq, at_ms, operator_id, client, action, subject, detail, result "
                                              "FROM operation_log WHERE seq > ? AND (? = '' OR action = ?) "
                                              "AND (? = 0 OR operator_id = ?) ORDER BY seq LIMIT ?"));
    q.bind(after);
    q.bind(action);
    q.bind(action);
    q.bind(op);
    q.bind(op);
    q.bind(limit);
    q.exec();
    QJsonArray rows;
    while (q.next()) {
        rows.append(QJsonObject{{QStringLiteral("seq"), q.intValue(0)},
                                {QStringLiteral("at"), isoUtc(q.intValue(1))},
                                {QStringLiteral("operator"), q.intValue(2)},
                                {QStringLiteral("client"), q.stringValue(3)},
                                {QStringLiteral("action"), q.stringValue(4)},
                                {QStringLiteral("subject"), q.stringValue(5)},
                                {QStringLiteral("detail"), QJsonDocument::fromJson(q.stringValue(6).toUtf8()).object()},
                                {QStringLiteral("result"), q.stringValue(7)}});
    }
    return QJsonObject{{QStringLiteral("records"), rows}};
}

QJsonValue verify(CallContext& c)
{
    const AuditVerdict v = AuditVerifier::verify(c.service.db());
    QJsonObject o{{QStringLiteral("ok"), v.ok}, {QStringLiteral("records"), v.records}};
    if (!v.ok) {
        o.insert(QStringLiteral("first_broken"), v.firstBroken);
        o.insert(QStringLiteral("problem"), v.problem);
    }
    return o;
}

const MethodDef kMethods[] = {
    {"audit.query", &query},
    {"audit.verify", &verify},
};

} // namespace

std::span<const MethodDef> auditMethods()
{
    return kMethods;
}

} // namespace md::api
