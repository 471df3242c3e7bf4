// meter.create, meter.update, meter.remove, meter.get, meter.import, meter.list: the meter
// registry (which meter hangs on which bus and address, in which room) and each meter's state.

#include "api/api_error.h"
#include "api/api_service.h"
#include "api/meter_api.h"
#include "api/money_queries.h"
#include "api/property_api.h"
#include "collection/collection_service.h"
#include "money/quantity.h"
#include "property/meter_import.h"
#include "property/meter_status.h"
#include "property/property_store.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "util/clock.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace md::api {

using storage::SqlQuery;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::api)
};

QJsonArray problemsJson(const QList<ImportProblem>& problems)
{
    QJsonArray out;
    for (const ImportProblem& p : problems) {
        out.append(QJsonObject{{QStringLiteral("line"), p.line},
                               {QStringLiteral("column"), p.column},
                               {QStringLiteral("value"), p.value},
                               {QStringLiteral("message"), p.message}});
    }
    return out;
}

} // namespace

// Meters on a bus this service does not read (when it reads any): accepted — the bus may be
// configured later — but said, so that a typo in a bus name does not go unnoticed.
QJsonArray busWarnings(CallContext& c, const QList<std::pair<int, QString>>& lineBus)
{
    QJsonArray out;
    const collection::CollectionService* col = c.service.collection();
    if (!col)
        return out;
    const QStringList buses = col->busNames();
    for (const auto& [line, bus] : lineBus) {
        if (!buses.contains(bus))
            out.append(QJsonObject{{QStringLiteral("line"), line},
                                   {QStringLiteral("column"), QStringLiteral("bus")},
                                   {QStringLiteral("value"), bus},
                                   {QStringLiteral("message"), Tr::tr("this service reads no bus named %1 (it has %2): "
                                                                      "the meter is not read until the bus is configured")
                                                                   .arg(bus, buses.join(QStringLiteral(", ")))}});
    }
    return out;
}

namespace {

QJsonObject meterJson(const MeterStatus& s)
{
    const MeterRecord& m = s.meter;
    QJsonObject o{{QStringLiteral("id"), m.id.v},
                  {QStringLiteral("nameplate"), m.nameplate},
                  {QStringLiteral("bus"), m.bus},
                  {QStringLiteral("protocol"), m.protocol},
                  {QStringLiteral("map"), m.map},
                  {QStringLiteral("address"), m.address},
                  {QStringLiteral("utility"), utilityKey(m.utility)},
                  {QStringLiteral("options"), m.options},
                  {QStringLiteral("max_rate"), m.maxRate},
                  {QStringLiteral("installed_at"), isoUtc(m.installed.toMSecsSinceEpoch())},
                  {QStringLiteral("removed_at"), m.removed ? QJsonValue(isoUtc(m.removed->toMSecsSinceEpoch())) : QJsonValue()},
                  {QStringLiteral("state"), meterColourKey(s.colour)},
                  {QStringLiteral("alarm"), alarmLevelKey(s.alarm)},
                  {QStringLiteral("force_on"), s.forceOn},
                  {QStringLiteral("lost"), s.lost},
                  {QStringLiteral("balance"), s.balance ? QJsonValue(yuan(*s.balance)) : QJsonValue()},
                  {QStringLiteral("relay"), QJsonObject{{QStringLiteral("actual"), switchStateKey(s.actual)},
                                                        {QStringLiteral("desired"), switchStateKey(s.desired)}}}};
    o.insert(QStringLiteral("room"), m.room ? QJsonValue(QJsonObject{{QStringLiteral("id"), m.room->v},
                                                                     {QStringLiteral("code"), s.roomCode},
                                                                     {QStringLiteral("name"), s.roomName},
                                                                     {QStringLiteral("path"), s.roomPath}})
                                            : QJsonValue());
    o.insert(QStringLiteral("account"), m.account ? QJsonValue(QJsonObject{{QStringLiteral("id"), m.account->v},
                                                                           {QStringLiteral("code"), s.accountCode},
                                                                           {QStringLiteral("tenant_name"), s.tenantName},
                                                                           {QStringLiteral("phone"), s.phone},
                                                                           {QStringLiteral("status"), s.accountStatus}})
                                                  : QJsonValue());
    if (s.lastValueMilli && s.lastAtMs) {
        const Quantity q = Quantity::fromMilli(*s.lastValueMilli, defaultUnit(m.utility));
        o.insert(QStringLiteral("last_reading"), QJsonObject{{QStringLiteral("value"), q.toString()},
                                                             {QStringLiteral("unit"), unitKey(defaultUnit(m.utility))},
                                                             {QStringLiteral("at"), isoUtc(*s.lastAtMs)}});
    } else {
        o.insert(QStringLiteral("last_reading"), QJsonValue());
    }
    return o;
}

std::optional<MeterStatus> statusOf(CallContext& c, MeterId id)
{
    MeterFilter f;
    f.meter = id.v;
    f.includeRemoved = true;
    const QList<MeterStatus> rows = meterStatuses(c.service.db(), f);
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first();
}

} // namespace

QJsonObject meterJsonById(CallContext& c, MeterId id)
{
    const std::optional<MeterStatus> s = statusOf(c, id);
    if (!s)
        throw ApiError(MeterNotFound, Tr::tr("There is no meter %1").arg(id.v));
    return meterJson(*s);
}

namespace {

// The room a call names: `room` (an id; null clears) or `room_code` (a code or a path).
std::optional<RoomId> roomParam(CallContext& c, std::optional<RoomId> current)
{
    PropertyStore store(c.service.db());
    try {
        if (c.params.has("room_code"))
            return RoomId{store.findRoom(c.params.string("room_code")).room.id};
    } catch (const PropertyError& e) {
        throwPropertyError(e);
    }
    if (!c.params.has("room"))
        return current;
    const std::optional<qint64> id = c.params.optInteger("room");
    if (!id)
        return std::nullopt;
    if (!store.get(PropertyLevel::Room, *id))
        throw ApiError(PropertyNotFound, Tr::tr("There is no room %1").arg(*id));
    return RoomId{*id};
}

} // namespace

std::optional<QDateTime> timeParam(CallContext& c, const char* name)
{
    const QString text = c.params.optString(name);
    if (text.isEmpty())
        return std::nullopt;
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        throw ApiError(InvalidParams, Tr::tr("Parameter \"%1\": an ISO 8601 time, e.g. 2026-03-01T08:00:00Z (got \"%2\")")
                                          .arg(QLatin1String(name), text));
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return t.toUTC();
}

void readMeterFields(CallContext& c, MeterRecord& m, bool creating)
{
    const auto text = [&](const char* name, QString& field) {
        if (creating || c.params.has(name))
            field = c.params.optString(name, QStringLiteral(""));
    };
    text("nameplate", m.nameplate);
    text("bus", m.bus);
    text("protocol", m.protocol);
    text("map", m.map);
    text("address", m.address);
    if (creating || c.params.has("utility"))
        m.utility = c.params.utility();
    if (c.params.has("max_rate"))
        m.maxRate = c.params.optInteger("max_rate").value_or(0);
    if (const auto t = timeParam(c, "installed_at"))
        m.installed = *t;
    m.room = roomParam(c, m.room);
}

// Refuses a record with problems (every problem in data.errors) or a nameplate / bus address
// another meter has.
void checkMeter(CallContext& c, const MeterRecord& m)
{
    const QList<ImportProblem> problems = meterRecordProblems(m);
    if (!problems.isEmpty()) {
        QStringList messages;
        for (const ImportProblem& p : problems)
            messages.append(QStringLiteral("%1: %2").arg(p.column, p.message));
        throw ApiError(InvalidParams, messages.join(QStringLiteral("; ")),
                       QJsonObject{{QStringLiteral("errors"), problemsJson(problems)}});
    }
    SqlQuery q(c.service.db(), QStringLiteral("SELECT id, nameplate, bus, protocol, address, removed_at FROM meters "
                                              "WHERE id <> ? AND (nameplate = ? OR bus = ?)"));
    q.bind(m.id.v).bind(m.nameplate).bind(m.bus).exec();
    const QString address = normalizedBusAddress(m.protocol, m.address);
    while (q.next()) {
        if (q.stringValue(1) == m.nameplate)
            throw ApiError(DuplicateMeter, Tr::tr("Meter %1 already has the nameplate %2").arg(q.intValue(0)).arg(m.nameplate));
        if (!m.removed && !q.optionalInt(5) && normalizedBusAddress(q.stringValue(3), q.stringValue(4)) == address)
            throw ApiError(DuplicateMeter, Tr::tr("Meter %1 (%2) already has the address %3 on bus %4")
                                               .arg(q.intValue(0))
                                               .arg(q.stringValue(1), m.address, m.bus));
    }
}

QJsonObject recordJson(const MeterRecord& m)
{
    return {{QStringLiteral("nameplate"), m.nameplate},
            {QStringLiteral("bus"), m.bus},
            {QStringLiteral("protocol"), m.protocol},
            {QStringLiteral("map"), m.map},
            {QStringLiteral("address"), m.address},
            {QStringLiteral("utility"), utilityKey(m.utility)},
            {QStringLiteral("options"), m.options},
            {QStringLiteral("max_rate"), m.maxRate},
            {QStringLiteral("room"), m.room ? QJsonValue(m.room->v) : QJsonValue()},
            {QStringLiteral("account"), m.account ? QJsonValue(m.account->v) : QJsonValue()},
            {QStringLiteral("installed_at"), isoUtc(m.installed.toMSecsSinceEpoch())},
            {QStringLiteral("removed_at"), m.removed ? QJsonValue(isoUtc(m.removed->toMSecsSinceEpoch())) : QJsonValue()}};
}

QJsonObject optionsParam(CallContext& c, const QJsonObject& current)
{
    if (!c.params.has("options"))
        return current;
    return c.params.optObject("options").value_or(QJsonObject());
}

namespace {

QJsonValue createMeter(CallContext& c)
{
    MeterRecord m;
    m.installed = c.service.clock().nowUtc();
    storage::TransactionGuard guard(c.service.db());
    readMeterFields(c, m, true);
    m.options = optionsParam(c, {});
    checkMeter(c, m);
    m.id = MeterRegistry(c.service.db()).create(m);
    c.service.log(c.session, c.who.id, QStringLiteral("meter-create"), QStringLiteral("meter:%1").arg(m.id.v), recordJson(m));
    guard.commit();
    registryChanged(c);
    QJsonObject o = meterJsonById(c, m.id);
    o.insert(QStringLiteral("warnings"), busWarnings(c, {{0, m.bus}}));
    return o;
}

QJsonValue updateMeter(CallContext& c)
{
    const MeterId id{c.params.integer("id")};
    storage::TransactionGuard guard(c.service.db());
    MeterRegistry registry(c.service.db());
    std::optional<MeterRecord> m = registry.byId(id);
    if (!m)
        throw ApiError(MeterNotFound, Tr::tr("There is no meter %1").arg(id.v));
    if (m->removed)
        throw ApiError(MeterRemoved, Tr::tr("Meter %1 was removed; its record is kept as history").arg(m->nameplate));
    const QJsonObject before = recordJson(*m);
    const Utility utility = m->utility;
    readMeterFields(c, *m, false);
    if (m->account && m->utility != utility) // it would bill another wallet: not a registry change
        throw ApiError(InvalidParams, Tr::tr("Meter %1 bills account %2's %3 wallet: its utility cannot change while it is assigned")
                                          .arg(m->nameplate)
                                          .arg(m->account->v)
                                          .arg(utilityName(utility)));
    m->options = optionsParam(c, m->options);
    checkMeter(c, *m);
    registry.update(*m);
    c.service.log(c.session, c.who.id, QStringLiteral("meter-update"), QStringLiteral("meter:%1").arg(id.v),
                  {{QStringLiteral("before"), before}, {QStringLiteral("after"), recordJson(*m)}});
    guard.commit();
    registryChanged(c);
    QJsonObject o = meterJsonById(c, id);
    o.insert(QStringLiteral("warnings"), busWarnings(c, {{0, m->bus}}));
    return o;
}

QJsonValue removeMeter(CallContext& c)
{
    const MeterId id{c.params.integer("id")};
    const QString reason = c.params.optString("reason", QStringLiteral(""));
    storage::TransactionGuard guard(c.service.db());
    MeterRegistry registry(c.service.db());
    std::optional<MeterRecord> m = registry.byId(id);
    if (!m)
        throw ApiError(MeterNotFound, Tr::tr("There is no meter %1").arg(id.v));
    if (m->removed)
        throw ApiError(MeterRemoved, Tr::tr("Meter %1 was already removed").arg(m->nameplate));
    const QDateTime at = timeParam(c, "removed_at").value_or(c.service.clock().nowUtc());
    if (at < m->installed)
        throw ApiError(InvalidParams, Tr::tr("Meter %1 cannot be removed before it was installed").arg(m->nameplate));
    m->removed = at;
    registry.update(*m);
    c.service.log(c.session, c.who.id, QStringLiteral("meter-remove"), QStringLiteral("meter:%1").arg(id.v),
                  {{QStringLiteral("nameplate"), m->nameplate},
                   {QStringLiteral("removed_at"), isoUtc(at.toMSecsSinceEpoch())},
                   {QStringLiteral("reason"), reason}});
    guard.commit();
    registryChanged(c);
    return meterJsonById(c, id);
}

QJsonValue getMeter(CallContext& c)
{
    if (c.params.has("nameplate") && !c.params.has("id")) {
        SqlQuery q(c.service.db(), QStringLiteral("SELECT id FROM meters WHERE nameplate = ?"));
        q.bind(c.params.string("nameplate")).exec();
        if (!q.next())
            throw ApiError(MeterNotFound, Tr::tr("There is no meter with the nameplate %1").arg(c.params.string("nameplate")));
        return meterJsonById(c, MeterId{q.intValue(0)});
    }
    return meterJsonById(c, MeterId{c.params.integer("id")});
}

QJsonValue importMeters(CallContext& c)
{
    const QString csv = c.params.string("csv");
    const bool dryRun = c.params.optBool("dry_run", false);
    storage::TransactionGuard guard(c.service.db());
    const MeterImport::Checked checked = MeterImport::check(c.service.db(), csv, c.service.clock().nowUtc());
    if (!checked.ok()) {
        QSet<int> lines;
        for (const ImportProblem& p : checked.problems)
            lines.insert(p.line);
        const ImportProblem& first = checked.problems.first();
        throw ApiError(ImportRejected,
                       Tr::tr("Nothing was imported: %n problem(s) on %1 line(s); the first on line %2, column %3: %4", nullptr,
                              int(checked.problems.size()))
                           .arg(lines.size())
                           .arg(first.line)
                           .arg(first.column.isEmpty() ? QStringLiteral("-") : first.column, first.message),
                       QJsonObject{{QStringLiteral("errors"), problemsJson(checked.problems)}});
    }
    QJsonArray rows;
    QList<MeterId> ids;
    if (!dryRun)
        ids = MeterImport::import(c.service.db(), checked);
    for (qsizetype i = 0; i < checked.rows.size(); ++i) {
        const MeterImport::Row& r = checked.rows.at(i);
        QJsonObject o{{QStringLiteral("line"), r.line},
                      {QStringLiteral("nameplate"), r.meter.nameplate},
                      {QStringLiteral("room"), r.roomPath.isEmpty() ? QJsonValue() : QJsonValue(r.roomPath)}};
        if (!dryRun)
            o.insert(QStringLiteral("id"), ids.at(i).v);
        rows.append(o);
    }
    QList<std::pair<int, QString>> lineBus;
    for (const MeterImport::Row& r : checked.rows)
        lineBus.append({r.line, r.meter.bus});
    const QJsonObject result{{QStringLiteral("dry_run"), dryRun},
                             {QStringLiteral("count"), qint64(checked.rows.size())},
                             {QStringLiteral("meters"), rows},
                             {QStringLiteral("warnings"), busWarnings(c, lineBus)}};
    if (dryRun)
        return result; // nothing written: the guard rolls back an empty transaction
    c.service.log(c.session, c.who.id, QStringLiteral("meter-import"), QStringLiteral("meters"), result);
    guard.commit();
    registryChanged(c);
    return result;
}

QJsonValue listMeters(CallContext& c)
{
    MeterFilter f;
    f.site = c.params.optInteger("site").value_or(0);
    f.building = c.params.optInteger("building").value_or(0);
    f.unit = c.params.optInteger("unit").value_or(0);
    f.room = c.params.optInteger("room").value_or(0);
    f.account = c.params.optInteger("account").value_or(0);
    f.bus = c.params.optString("bus");
    f.text = c.params.optString("search");
    f.includeRemoved = c.params.optBool("include_removed", false);
    const QString state = c.params.optString("state");
    QJsonArray rows;
    QJsonObject counts;
    for (const MeterStatus& s : meterStatuses(c.service.db(), f)) {
        const QString key = meterColourKey(s.colour);
        counts.insert(key, counts.value(key).toInteger() + 1);
        if (!state.isEmpty() && key != state)
            continue;
        rows.append(meterJson(s));
    }
    return QJsonObject{{QStringLiteral("meters"), rows}, {QStringLiteral("counts"), counts}};
}

const MethodDef kMethods[] = {
    {"meter.create", &createMeter},
    {"meter.update", &updateMeter},
    {"meter.remove", &removeMeter},
    {"meter.get", &getMeter},
    {"meter.import", &importMeters},
    {"meter.list", &listMeters},
    {"meter.swap", &swapMeter},
};

} // namespace

std::span<const MethodDef> meterMethods()
{
    return kMethods;
}

} // namespace md::api
