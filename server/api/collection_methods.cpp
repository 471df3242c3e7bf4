// meter.read_now, meter.control, meter.commands, bus.diagnostics, account.configure: the
// operations that reach the collection side (collection/collection_service.h).

#include "api/api_error.h"
#include "api/api_service.h"
#include "collection/account_settings.h"
#include "collection/collection_service.h"
#include "collection/meter_registry.h"
#include "control/protected_windows.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "util/decimal.h"

#include <QJsonArray>

namespace md::api {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::api)
};

// The alias keeps lupdate's parser from taking collectionOf for a member of `collection`
// (it then filed the Tr::tr message below under a context of its own, "Tr").
using CollectionService = collection::CollectionService;

CollectionService& collectionOf(CallContext& c)
{
    if (!c.service.collection())
        throw ApiError(CollectionUnavailable,
                       Tr::tr("This service reads no meters: its configuration names no [bus]"));
    return *c.service.collection();
}

QList<MeterId> meterList(CallContext& c, const char* name, bool required)
{
    const std::optional<QJsonArray> v = c.params.optArray(name);
    if (!v && !required)
        return {};
    if (!v || v->isEmpty())
        throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\": a list of meter ids").arg(QLatin1String(name)));
    QList<MeterId> out;
    for (const QJsonValue& m : *v) {
        if (!m.isDouble() || m.toDouble() != double(m.toInteger()) || m.toInteger() < 1)
            throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\": a list of meter ids").arg(QLatin1String(name)));
        out.append(MeterId{m.toInteger()});
    }
    if (out.size() > 10'000)
        throw ApiError(InvalidParams, Tr::tr("At most 10000 meters at once"));
    return out;
}

QJsonValue readNow(CallContext& c)
{
    collection::CollectionService& col = collectionOf(c);
    if (c.params.has("bus")) {
        const QString bus = c.params.string("bus");
        if (!col.readBus(bus))
            throw ApiError(BusNotFound, Tr::tr("There is no bus named %1").arg(bus));
        return QJsonObject{{QStringLiteral("queued"), QStringLiteral("bus")}, {QStringLiteral("bus"), bus}};
    }
    const QList<MeterId> meters = meterList(c, "meters", false);
    for (MeterId m : meters) {
        if (!col.hasMeter(m))
            throw ApiError(MeterNotOnBus, Tr::tr("Meter %1 is not on a bus this service reads").arg(m.v));
    }
    col.readNow(meters);
    return QJsonObject{{QStringLiteral("queued"), meters.isEmpty() ? QStringLiteral("all") : QStringLiteral("meters")},
                       {QStringLiteral("meters"), qint64(meters.size())}};
}

QJsonValue busDiagnostics(CallContext& c)
{
    collection::CollectionService& col = collectionOf(c);
    QJsonArray unreachable;
    for (qint64 m : col.unreachableMeters())
        unreachable.append(m);
    return QJsonObject{{QStringLiteral("buses"), col.diagnostics()}, {QStringLiteral("unreachable_meters"), unreachable}};
}

// One meter of meter.control: the wallet's standing order when the meter belongs to an
// account, a direct command when it belongs to none.
QJsonObject controlOne(CallContext& c, MeterRegistry& registry, AccountSettingsStore& settings, MeterId id,
                       const QString& action)
{
    QJsonObject r{{QStringLiteral("meter"), id.v}};
    const std::optional<MeterRecord> m = registry.byId(id);
    if (!m || m->removed) {
        r.insert(QStringLiteral("ok"), false);
        r.insert(QStringLiteral("error"), Tr::tr("There is no installed meter %1").arg(id.v));
        return r;
    }
    if (!m->account) {
        if (action != u"trip" && action != u"close") {
            r.insert(QStringLiteral("ok"), false);
            r.insert(QStringLiteral("error"),
                     Tr::tr("Meter %1 belongs to no account: only trip and close apply").arg(m->nameplate));
            return r;
        }
        if (!c.service.collection() || !c.service.collection()->hasMeter(id)) {
            r.insert(QStringLiteral("ok"), false);
            r.insert(QStringLiteral("error"), Tr::tr("Meter %1 is not on a bus this service reads").arg(m->nameplate));
            return r;
        }
        {
            storage::TransactionGuard guard(c.service.db());
            c.service.log(c.session, c.who.id, QStringLiteral("meter-control"), QStringLiteral("meter:%1").arg(id.v),
                          {{QStringLiteral("action"), action}});
            guard.commit();
        }
        const qint64 command = c.service.collection()->command(
            id, action == u"trip" ? SwitchState::Off : SwitchState::On, QStringLiteral("manual-") + action);
        r.insert(QStringLiteral("ok"), true);
        r.insert(QStringLiteral("command_id"), command);
        return r;
    }
    storage::TransactionGuard guard(c.service.db());
    std::optional<AccountSettings> s = settings.get(*m->account, m->utility);
    if (!s) {
        r.insert(QStringLiteral("ok"), false);
        r.insert(QStringLiteral("error"), Tr::tr("Account %1 has no tariff and thresholds for %2 yet (account.configure)")
                                              .arg(m->account->v)
                                              .arg(utilityKey(m->utility)));
        return r;
    }
    if (action == u"force-on") {
        s->forceOn = true;
    } else if (action == u"restore-prepaid") {
        s->forceOn = false;
        s->manual = ManualOverride::None;
    } else if (action == u"trip") {
        s->manual = ManualOverride::Trip;
    } else {
        s->manual = ManualOverride::Close;
    }
    settings.put(*s, c.service.nowMs());
    c.service.log(c.session, c.who.id, QStringLiteral("meter-control"), QStringLiteral("meter:%1").arg(id.v),
                  {{QStringLiteral("action"), action}, {QStringLiteral("account"), m->account->v}});
    guard.commit();
    c.service.walletChanged(*m->account, m->utility);
    r.insert(QStringLiteral("ok"), true);
    r.insert(QStringLiteral("account"), m->account->v);
    return r;
}

QJsonValue control(CallContext& c)
{
    const QList<MeterId> meters = meterList(c, "meters", true);
    const QString action = c.params.string("action");
    static const QStringList kActions{QStringLiteral("force-on"), QStringLiteral("restore-prepaid"),
                                      QStringLiteral("trip"), QStringLiteral("close")};
    if (!kActions.contains(action))
        throw ApiError(InvalidParams, Tr::tr("Parameter \"action\": one of %1").arg(kActions.join(QStringLiteral(", "))));
    MeterRegistry registry(c.service.db());
    AccountSettingsStore settings(c.service.db());
    QJsonArray results;
    int ok = 0;
    for (MeterId m : meters) {
        const QJsonObject r = controlOne(c, registry, settings, m, action);
        ok += r.value(QStringLiteral("ok")).toBool() ? 1 : 0;
        results.append(r);
    }
    // The commands' confirmations arrive as event.meter.command notifications.
    return QJsonObject{{QStringLiteral("accepted"), ok},
                       {QStringLiteral("refused"), qint64(meters.size()) - ok},
                       {QStringLiteral("results"), results}};
}

QJsonValue commands(CallContext& c)
{
    const qint64 meter = c.params.integer("meter");
    const qint64 limit = c.params.optInteger("limit").value_or(50);
    if (limit < 1 || limit > 500)
        throw ApiError(InvalidParams, Tr::tr("Parameter \"limit\": from 1 to 500"));
    storage::SqlQuery q(c.service.db(),
                        QStringLiteral("SELECT id, command, reason, status, attempts, requested_at, due_at, sent_at, "
                                       "confirmed_at, failed_at, last_error FROM relay_commands WHERE meter_id = ? "
                                       "ORDER BY id DESC LIMIT %1")
                            .arg(limit));
    q.bind(meter).exec();
    auto time = [&q](int column) -> QJsonValue {
        const std::optional<qint64> ms = q.optionalInt(column);
        if (!ms)
            return QJsonValue::Null;
        return QDateTime::fromMSecsSinceEpoch(*ms, QTimeZone::utc()).toString(Qt::ISODateWithMs);
    };
    QJsonArray out;
    while (q.next()) {
        out.append(QJsonObject{{QStringLiteral("id"), q.intValue(0)},
                               {QStringLiteral("command"), q.stringValue(1)},
                               {QStringLiteral("reason"), q.stringValue(2)},
                               {QStringLiteral("status"), q.stringValue(3)},
                               {QStringLiteral("attempts"), q.intValue(4)},
                               {QStringLiteral("requested_at"), time(5)},
                               {QStringLiteral("due_at"), time(6)},
                               {QStringLiteral("sent_at"), time(7)},
                               {QStringLiteral("confirmed_at"), time(8)},
                               {QStringLiteral("failed_at"), time(9)},
                               {QStringLiteral("last_error"), q.stringValue(10)}});
    }
    return QJsonObject{{QStringLiteral("meter"), meter}, {QStringLiteral("commands"), out}};
}

QJsonValue configure(CallContext& c)
{
    AccountSettings s;
    s.account = AccountId{c.params.integer("account")};
    s.utility = c.params.utility();
    AccountSettingsStore store(c.service.db());
    storage::TransactionGuard guard(c.service.db());
    const std::optional<AccountSettings> old = store.get(s.account, s.utility);
    if (old)
        s = *old; // force-on and manual orders are kept: meter.control changes them
    s.tariffKey = c.params.optString("tariff", old ? old->tariffKey : QString());
    if (const auto a1 = c.params.optMoney("alarm1"))
        s.thresholds.alarm1 = *a1;
    if (const auto a2 = c.params.optMoney("alarm2"))
        s.thresholds.alarm2 = *a2;
    const QString source = QStringLiteral("account.configure");
    if (const auto w = c.params.optArray("protected_windows"))
        s.windows = ProtectedTimes::windowsFromJson(*w, source);
    if (const auto h = c.params.optArray("holidays"))
        s.holidays = ProtectedTimes::holidaysFromJson(*h, source);
    store.put(s, c.service.nowMs()); // throws InputError for bad thresholds or no tariff
    const QJsonObject detail{{QStringLiteral("account"), s.account.v},
                             {QStringLiteral("utility"), utilityKey(s.utility)},
                             {QStringLiteral("tariff"), s.tariffKey},
                             {QStringLiteral("alarm1"), s.thresholds.alarm1.toYuanString()},
                             {QStringLiteral("alarm2"), s.thresholds.alarm2.toYuanString()},
                             {QStringLiteral("protected_windows"), ProtectedTimes::windowsToJson(s.windows)},
                             {QStringLiteral("holidays"), ProtectedTimes::holidaysToJson(s.holidays)},
                             {QStringLiteral("force_on"), s.forceOn},
                             {QStringLiteral("manual"), manualOverrideKey(s.manual)}};
    c.service.log(c.session, c.who.id, QStringLiteral("account-configure"), QStringLiteral("account:%1").arg(s.account.v),
                  detail);
    guard.commit();
    c.service.walletChanged(s.account, s.utility);
    return detail;
}

QJsonValue downloadSettings(CallContext& c)
{
    collection::CollectionService& col = collectionOf(c);
    const QList<MeterId> meters = meterList(c, "meters", true);
    QJsonArray results;
    int ok = 0;
    for (MeterId m : meters) {
        const collection::SettingsPlan plan = col.downloadSettings(m);
        QJsonObject r{{QStringLiteral("meter"), m.v}, {QStringLiteral("ok"), plan.problem.isEmpty()}};
        if (plan.problem.isEmpty()) {
            QJsonObject values;
            for (const collection::SettingValue& v : plan.values)
                values.insert(v.key, formatScaled(v.scaled, v.decimals));
            r.insert(QStringLiteral("settings"), values);
            if (!plan.skipped.isEmpty())
                r.insert(QStringLiteral("skipped"), plan.skipped.join(QStringLiteral("; ")));
            ++ok;
        } else {
            r.insert(QStringLiteral("error"), plan.problem);
        }
        results.append(r);
    }
    storage::TransactionGuard guard(c.service.db());
    c.service.log(c.session, c.who.id, QStringLiteral("meter-download-settings"), QStringLiteral("meters"),
                  {{QStringLiteral("results"), results}});
    guard.commit();
    return QJsonObject{{QStringLiteral("accepted"), ok},
                       {QStringLiteral("refused"), qint64(meters.size()) - ok},
                       {QStringLiteral("results"), results}};
}

QJsonValue scanBus(CallContext& c)
{
    collection::CollectionService& col = collectionOf(c);
    const QString bus = c.params.string("bus");
    const QString kind = c.params.optString("protocol", QStringLiteral("modbus"));
    if (kind != u"modbus" && kind != u"broadcast")
        throw ApiError(InvalidParams, Tr::tr("Parameter \"protocol\": modbus or broadcast"));
    const qint64 first = c.params.optInteger("first").value_or(1);
    const qint64 last = c.params.optInteger("last").value_or(247);
    if (first < 1 || last > 247 || first > last)
        throw ApiError(InvalidParams, Tr::tr("Parameters \"first\" and \"last\": unit ids from 1 to 247, first ≤ last"));
    if (!col.scan(bus, kind, int(first), int(last)))
        throw ApiError(BusNotFound, Tr::tr("There is no bus named %1").arg(bus));
    storage::TransactionGuard guard(c.service.db());
    c.service.log(c.session, c.who.id, QStringLiteral("bus-scan"), QStringLiteral("bus:%1").arg(bus),
                  {{QStringLiteral("protocol"), kind}, {QStringLiteral("first"), first}, {QStringLiteral("last"), last}});
    guard.commit();
    return QJsonObject{{QStringLiteral("bus"), bus}, {QStringLiteral("queued"), true}};
}

const MethodDef kMethods[] = {
    {"bus.scan", &scanBus},
    {"meter.download_settings", &downloadSettings},
    {"meter.read_now", &readNow},
    {"meter.control", &control},
    {"meter.commands", &commands},
    {"bus.diagnostics", &busDiagnostics},
    {"account.configure", &configure},
};

} // namespace

std::span<const MethodDef> collectionMethods()
{
    return kMethods;
}

} // namespace md::api
