// audit.*: read the operation log, verify its hash chain.

#include "api/api_error.h"
#include "api/api_service.h"
#include "api/audit_verifier.h"
#include "api/money_queries.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

#include <limits>

namespace md::api {

using storage::SqlQuery;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::api)
};

// `from` / `to` of audit.query: a day (YYYY-MM-DD, the office's day: `from` from its start, `to`
// through its end) or a time (with Z or an offset; without one, the office's wall clock).
// Returns the bound in ms since the epoch, exclusive for `to`.
std::optional<qint64> boundParam(CallContext& c, const char* name, bool upper)
{
    const QString s = c.params.optString(name);
    if (s.isEmpty())
        return std::nullopt;
    const QTimeZone& zone = c.service.officeZone();
    if (s.size() == 10) {
        const QDate d = QDate::fromString(s, Qt::ISODate);
        if (d.isValid())
            return QDateTime(upper ? d.addDays(1) : d, QTime(0, 0), zone).toMSecsSinceEpoch();
    } else if (QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs); t.isValid()) {
        if (t.timeSpec() == Qt::LocalTime)
            t = QDateTime(t.date(), t.time(), zone);
        return t.toMSecsSinceEpoch();
    }
    throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\": a day as YYYY-MM-DD or a time as "
                                         "YYYY-MM-DDTHH:MM[:SS][Z|+08:00] is required (got \"%2\")")
                                      .arg(QLatin1String(name), s));
}

QJsonValue query(CallContext& c)
{
    const qint64 after = c.params.optInteger("after_seq").value_or(0);
    const qint64 limit = c.params.optInteger("limit").value_or(100);
    if (limit < 1 || limit > 1000)
        throw ApiError(InvalidParams, QCoreApplication::translate("md::api", "Parameter \"limit\": from 1 to 1000"));
    const QString action = c.params.optString("action", QStringLiteral(""));
    const qint64 op = c.params.optInteger("operator").value_or(0);
    const std::optional<qint64> from = boundParam(c, "from", false);
    const std::optional<qint64> to = boundParam(c, "to", true);
    if (from && to && *to < *from)
        throw ApiError(InvalidParams, Tr::tr("Parameter \"to\": must not be before \"from\""));
    SqlQuery q(c.service.db(), QStringLiteral("SELECT l.seq, l.at_ms, l.operator_id, l.client, l.action, l.subject, l.detail, "
                                              "l.result, o.name FROM operation_log l LEFT JOIN operators o ON o.id = l.operator_id "
                                              "WHERE l.seq > ? AND (? = '' OR l.action = ?) AND (? = 0 OR l.operator_id = ?) "
                                              "AND l.at_ms >= ? AND l.at_ms < ? ORDER BY l.seq LIMIT ?"));
    q.bind(after);
    q.bind(action);
    q.bind(action);
    q.bind(op);
    q.bind(op);
    q.bind(from.value_or(std::numeric_limits<qint64>::min()));
    q.bind(to.value_or(std::numeric_limits<qint64>::max()));
    q.bind(limit);
    q.exec();
    QJsonArray rows;
    while (q.next()) {
        rows.append(QJsonObject{{QStringLiteral("seq"), q.intValue(0)},
                                {QStringLiteral("at"), isoUtc(q.intValue(1))},
                                {QStringLiteral("operator"), q.intValue(2)},
                                {QStringLiteral("operator_name"), q.stringValue(8)},
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
