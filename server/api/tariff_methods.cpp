// tariff.*: the tariffs the service bills with, kept in the database as written (docs/tariffs.md)
// with every revision. A change is maker–checker: tariff.request files the new text (checked
// now, so a bad file is refused with its line at once), and it takes effect only when another
// manager approves it (approval.approve, approval_methods.cpp → approveTariff below).

#include "api/account_methods.h"
#include "api/api_error.h"
#include "api/api_service.h"
#include "api/approval_store.h"
#include "collection/tariff_store.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "tariff/tariff_file.h"

#include <QJsonArray>

namespace md::api {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::api)
};

QJsonObject summary(const Tariff& t)
{
    QJsonArray versions;
    for (const TariffVersion& v : t.versions)
        versions.append(v.effective.toString(Qt::ISODate));
    return {{QStringLiteral("tariff"), t.id},
            {QStringLiteral("name"), t.name},
            {QStringLiteral("utility"), utilityKey(t.utility)},
            {QStringLiteral("time_zone"), QString::fromUtf8(t.timeZone.id())},
            {QStringLiteral("versions"), versions}};
}

QJsonValue listTariffs(CallContext& c)
{
    storage::SqlQuery q(c.service.db(), QStringLiteral("SELECT t.tariff_key, t.revision, t.file_text, t.created_at FROM tariffs t "
                                                       "WHERE t.revision = (SELECT MAX(u.revision) FROM tariffs u "
                                                       "WHERE u.tariff_key = t.tariff_key) ORDER BY t.tariff_key"));
    q.exec();
    QJsonArray out;
    while (q.next()) {
        QJsonObject o = summary(parseTariff(q.stringValue(2).toUtf8(), q.stringValue(0)));
        o.insert(QStringLiteral("revision"), q.intValue(1));
        o.insert(QStringLiteral("changed_at"),
                 QDateTime::fromMSecsSinceEpoch(q.intValue(3), QTimeZone::utc()).toString(Qt::ISODateWithMs));
        out.append(o);
    }
    return QJsonObject{{QStringLiteral("tariffs"), out}};
}

QJsonValue getTariff(CallContext& c)
{
    const QString key = c.params.string("tariff");
    const std::optional<qint64> revision = c.params.optInteger("revision");
    storage::SqlQuery q(c.service.db(),
                        revision ? QStringLiteral("SELECT revision, file_text, created_at FROM tariffs WHERE tariff_key = ? "
                                                  "AND revision = ?")
                                 : QStringLiteral("SELECT revision, file_text, created_at FROM tariffs WHERE tariff_key = ? "
                                                  "ORDER BY revision DESC LIMIT 1"));
    q.bind(key);
    if (revision)
        q.bind(*revision);
    q.exec();
    if (!q.next())
        throw ApiError(TariffNotFound, Tr::tr("There is no tariff \"%1\"").arg(key));
    QJsonObject o = summary(parseTariff(q.stringValue(1).toUtf8(), key));
    o.insert(QStringLiteral("revision"), q.intValue(0));
    o.insert(QStringLiteral("text"), q.stringValue(1));
    o.insert(QStringLiteral("changed_at"), QDateTime::fromMSecsSinceEpoch(q.intValue(2), QTimeZone::utc()).toString(Qt::ISODateWithMs));
    return o;
}

QJsonValue requestTariff(CallContext& c)
{
    const QString key = c.params.key();
    const QString text = c.params.string("text");
    if (text.size() > 256 * 1024)
        throw ApiError(InvalidParams, Tr::tr("Parameter \"text\": a tariff file of at most 256 KiB"));
    const Tariff t = parseTariff(text.toUtf8(), QStringLiteral("tariff")); // InputError → -32602 naming the line
    return requestApproval(c, QStringLiteral("tariff"), key, std::nullopt, Money(),
                           {{QStringLiteral("tariff"), t.id}, {QStringLiteral("text"), text}});
}

const MethodDef kMethods[] = {
    {"tariff.list", &listTariffs},
    {"tariff.get", &getTariff},
    {"tariff.request", &requestTariff},
};

} // namespace

std::span<const MethodDef> tariffMethods()
{
    return kMethods;
}

qint64 applyTariff(ApiService& service, const QJsonObject& params)
{
    return TariffStore(service.db()).put(params.value(u"text").toString().toUtf8(), service.nowMs());
}

} // namespace md::api
