// site.*, building.*, unit.*, room.*, property.tree and account.link_rooms: the property's
// structure (物业结构) and which rooms a tenant's account rents.

#include "api/api_error.h"
#include "api/api_service.h"
#include "api/property_api.h"
#include "collection/collection_service.h"
#include "collection/meter_registry.h"
#include "property/property_store.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "storage/transaction_guard.h"
#include "util/decimal.h"

#include <QJsonArray>

namespace md::api {

using storage::SqlQuery;

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::api)
};

QString areaText(qint64 centi)
{
    return formatScaled(centi, 2);
}

QJsonObject nodeJson(const PropertyNode& n)
{
    QJsonObject o{{QStringLiteral("id"), n.id},
                  {QStringLiteral("code"), n.code},
                  {QStringLiteral("name"), n.name},
                  {QStringLiteral("remarks"), n.remarks}};
    switch (n.level) {
    case PropertyLevel::Site:
        break;
    case PropertyLevel::Building:
        o.insert(QStringLiteral("site"), n.parent);
        break;
    case PropertyLevel::Unit:
        o.insert(QStringLiteral("building"), n.parent);
        break;
    case PropertyLevel::Room:
        o.insert(QStringLiteral("unit"), n.parent);
        o.insert(QStringLiteral("floor"), n.floor ? QJsonValue(*n.floor) : QJsonValue());
        o.insert(QStringLiteral("area"), areaText(n.areaCentiM2));
        break;
    }
    return o;
}

const char* parentParam(PropertyLevel l)
{
    switch (l) {
    case PropertyLevel::Site:
        return nullptr;
    case PropertyLevel::Building:
        return "site";
    case PropertyLevel::Unit:
        return "building";
    case PropertyLevel::Room:
        return "unit";
    }
    Q_UNREACHABLE();
}

// Reads the fields a call may set onto n (all optional on update; code required on create).
void readFields(CallContext& c, PropertyNode& n, bool creating)
{
    if (creating || c.params.has("code"))
        n.code = c.params.string("code");
    if (c.params.has("name"))
        n.name = c.params.string("name");
    else if (creating)
        n.name = n.code; // a room "301" is called 301 unless named
    if (c.params.has("remarks"))
        n.remarks = c.params.optString("remarks", QStringLiteral(""));
    if (n.level != PropertyLevel::Room) {
        if (c.params.has("floor") || c.params.has("area"))
            throw ApiError(InvalidParams, Tr::tr("Only rooms have a floor and an area"));
        return;
    }
    if (c.params.has("floor"))
        n.floor = c.params.optInteger("floor");
    if (c.params.has("area")) {
        const QString text = c.params.optString("area", QStringLiteral("0"));
        const std::optional<qint64> centi = parseScaled(text, 2);
        if (!centi || *centi < 0)
            throw ApiError(InvalidParams,
                           Tr::tr("Parameter \"area\": square metres as a string with at most two decimals, e.g. \"35.50\" (got \"%1\")")
                               .arg(text));
        n.areaCentiM2 = *centi;
    }
}

QJsonValue createNode(CallContext& c, PropertyLevel level)
{
    PropertyNode n;
    n.level = level;
    if (const char* p = parentParam(level))
        n.parent = c.params.integer(p);
    readFields(c, n, true);
    storage::TransactionGuard guard(c.service.db());
    PropertyStore store(c.service.db());
    try {
        n.id = store.create(n, c.service.nowMs());
    } catch (const PropertyError& e) {
        throwPropertyError(e);
    }
    const QJsonObject o = nodeJson(n);
    c.service.log(c.session, c.who.id, propertyLevelKey(level) + QStringLiteral("-create"),
                  QStringLiteral("%1:%2").arg(propertyLevelKey(level)).arg(n.id), o);
    guard.commit();
    c.service.notify(QStringLiteral("event.registry.changed"), {{QStringLiteral("what"), QStringLiteral("property")}});
    return o;
}

QJsonValue updateNode(CallContext& c, PropertyLevel level)
{
    const qint64 id = c.params.integer("id");
    storage::TransactionGuard guard(c.service.db());
    PropertyStore store(c.service.db());
    std::optional<PropertyNode> n = store.get(level, id);
    if (!n)
        throw ApiError(PropertyNotFound, Tr::tr("There is no %1 %2").arg(propertyLevelName(level)).arg(id));
    const QJsonObject before = nodeJson(*n);
    readFields(c, *n, false);
    try {
        store.update(*n, c.service.nowMs());
    } catch (const PropertyError& e) {
        throwPropertyError(e);
    }
    const QJsonObject after = nodeJson(*n);
    c.service.log(c.session, c.who.id, propertyLevelKey(level) + QStringLiteral("-update"),
                  QStringLiteral("%1:%2").arg(propertyLevelKey(level)).arg(id),
                  {{QStringLiteral("before"), before}, {QStringLiteral("after"), after}});
    guard.commit();
    c.service.notify(QStringLiteral("event.registry.changed"), {{QStringLiteral("what"), QStringLiteral("property")}});
    return after;
}

QJsonValue listNodes(CallContext& c, PropertyLevel level, const char* key)
{
    qint64 parent = 0;
    if (const char* p = parentParam(level))
        parent = c.params.optInteger(p).value_or(0);
    QJsonArray rows;
    for (const PropertyNode& n : PropertyStore(c.service.db()).list(level, parent))
        rows.append(nodeJson(n));
    return QJsonObject{{QLatin1String(key), rows}};
}

// The open account renting each room, and how many installed meters each room has.
struct RoomExtras
{
    QHash<qint64, QJsonObject> account;
    QHash<qint64, qint64> meters;
};

RoomExtras roomExtras(storage::Database& db)
{
    RoomExtras x;
    SqlQuery a(db, QStringLiteral("SELECT ar.room_id, a.id, a.code, a.tenant_name FROM account_rooms ar "
                                  "JOIN accounts a ON a.id = ar.account_id WHERE a.status = 'open'"));
    a.exec();
    while (a.next())
        x.account.insert(a.intValue(0), QJsonObject{{QStringLiteral("id"), a.intValue(1)},
                                                    {QStringLiteral("code"), a.stringValue(2)},
                                                    {QStringLiteral("tenant_name"), a.stringValue(3)}});
    SqlQuery m(db, QStringLiteral("SELECT room_id, COUNT(*) FROM meters WHERE room_id IS NOT NULL AND removed_at IS NULL "
                                  "GROUP BY room_id"));
    m.exec();
    while (m.next())
        x.meters.insert(m.intValue(0), m.intValue(1));
    return x;
}

QJsonObject roomJson(const PropertyNode& r, const RoomExtras& x)
{
    QJsonObject o = nodeJson(r);
    o.insert(QStringLiteral("account"), x.account.contains(r.id) ? QJsonValue(x.account.value(r.id)) : QJsonValue());
    o.insert(QStringLiteral("meters"), x.meters.value(r.id));
    return o;
}

QJsonValue listRooms(CallContext& c)
{
    const qint64 unit = c.params.optInteger("unit").value_or(0);
    const qint64 building = c.params.optInteger("building").value_or(0);
    const qint64 site = c.params.optInteger("site").value_or(0);
    PropertyStore store(c.service.db());
    const RoomExtras x = roomExtras(c.service.db());
    QJsonArray rows;
    for (const RoomPlace& p : store.allRooms()) {
        if ((unit && p.unit.id != unit) || (building && p.building.id != building) || (site && p.site.id != site))
            continue;
        QJsonObject o = roomJson(p.room, x);
        o.insert(QStringLiteral("path"), p.path());
        rows.append(o);
    }
    return QJsonObject{{QStringLiteral("rooms"), rows}};
}

QJsonValue tree(CallContext& c)
{
    PropertyStore store(c.service.db());
    const RoomExtras x = roomExtras(c.service.db());
    QHash<qint64, QJsonArray> roomsOf, unitsOf, buildingsOf;
    for (const PropertyNode& r : store.list(PropertyLevel::Room))
        roomsOf[r.parent].append(roomJson(r, x));
    for (const PropertyNode& u : store.list(PropertyLevel::Unit)) {
        QJsonObject o = nodeJson(u);
        o.insert(QStringLiteral("rooms"), roomsOf.value(u.id));
        unitsOf[u.parent].append(o);
    }
    for (const PropertyNode& b : store.list(PropertyLevel::Building)) {
        QJsonObject o = nodeJson(b);
        o.insert(QStringLiteral("units"), unitsOf.value(b.id));
        buildingsOf[b.parent].append(o);
    }
    QJsonArray sites;
    for (const PropertyNode& s : store.list(PropertyLevel::Site)) {
        QJsonObject o = nodeJson(s);
        o.insert(QStringLiteral("buildings"), buildingsOf.value(s.id));
        sites.append(o);
    }
    return QJsonObject{{QStringLiteral("sites"), sites}};
}

// account.link_rooms: the account rents these rooms too; their installed meters that belong
// to no open account are assigned to it (its wallets pay for what they measure from now on).
QJsonValue linkRooms(CallContext& c)
{
    AccountId account;
    if (c.params.has("code") && !c.params.has("account")) {
        SqlQuery q(c.service.db(), QStringLiteral("SELECT id FROM accounts WHERE code = ?"));
        q.bind(c.params.string("code")).exec();
        if (!q.next())
            throw ApiError(AccountNotFound, Tr::tr("There is no account numbered %1").arg(c.params.string("code")));
        account = AccountId{q.intValue(0)};
    } else {
        account = AccountId{c.params.integer("account")};
    }
    const std::optional<QJsonArray> rooms = c.params.optArray("rooms");
    if (!rooms || rooms->isEmpty())
        throw ApiError(InvalidParams, Tr::tr("Parameter \"rooms\": a list of room ids is required"));
    storage::TransactionGuard guard(c.service.db());
    {
        SqlQuery q(c.service.db(), QStringLiteral("SELECT status FROM accounts WHERE id = ?"));
        q.bind(account.v).exec();
        if (!q.next())
            throw ApiError(AccountNotFound, Tr::tr("Account %1 does not exist").arg(account.v));
        if (q.stringValue(0) != u"open")
            throw ApiError(AccountClosed, Tr::tr("Account %1 is closed").arg(account.v));
    }
    PropertyStore store(c.service.db());
    MeterRegistry registry(c.service.db());
    QJsonArray linked, assigned;
    QList<Utility> utilities;
    for (const QJsonValue& v : *rooms) {
        if (!v.isDouble() || v.toDouble() != double(v.toInteger()))
            throw ApiError(InvalidParams, Tr::tr("Parameter \"rooms\": a list of room ids is required"));
        const RoomId room{v.toInteger()};
        try {
            store.linkRoom(account, room, c.service.nowMs());
        } catch (const PropertyError& e) {
            throwPropertyError(e);
        }
        linked.append(room.v);
        // Meters of no account, or of a closed one (the tenant before): from now on this one's.
        SqlQuery q(c.service.db(), QStringLiteral("SELECT m.id FROM meters m LEFT JOIN accounts a ON a.id = m.account_id "
                                                  "WHERE m.room_id = ? AND m.removed_at IS NULL "
                                                  "AND (m.account_id IS NULL OR a.status <> 'open') ORDER BY m.id"));
        q.bind(room.v).exec();
        QList<MeterId> meters;
        while (q.next())
            meters.append(MeterId{q.intValue(0)});
        for (MeterId m : meters) {
            std::optional<MeterRecord> r = registry.byId(m);
            r->account = account;
            registry.update(*r);
            if (!utilities.contains(r->utility))
                utilities.append(r->utility);
            assigned.append(m.v);
        }
    }
    const QJsonObject result{{QStringLiteral("account"), account.v},
                             {QStringLiteral("rooms"), linked},
                             {QStringLiteral("meters_assigned"), assigned}};
    c.service.log(c.session, c.who.id, QStringLiteral("account-link-rooms"), QStringLiteral("account:%1").arg(account.v),
                  result);
    guard.commit();
    if (!assigned.isEmpty()) {
        registryChanged(c);
        for (Utility u : utilities)
            c.service.walletChanged(account, u); // its level and relays at once
    }
    return result;
}

#define MD_LEVEL_METHODS(key, level, plural)                                                                  \
    {key ".create", [](CallContext& c) { return createNode(c, level); }},                                     \
    {key ".update", [](CallContext& c) { return updateNode(c, level); }},                                     \
    {key ".list", [](CallContext& c) { return listNodes(c, level, plural); }}

const MethodDef kMethods[] = {
    MD_LEVEL_METHODS("site", PropertyLevel::Site, "sites"),
    MD_LEVEL_METHODS("building", PropertyLevel::Building, "buildings"),
    MD_LEVEL_METHODS("unit", PropertyLevel::Unit, "units"),
    {"room.create", [](CallContext& c) { return createNode(c, PropertyLevel::Room); }},
    {"room.update", [](CallContext& c) { return updateNode(c, PropertyLevel::Room); }},
    {"room.list", &listRooms},
    {"property.tree", &tree},
    {"account.link_rooms", &linkRooms},
};

#undef MD_LEVEL_METHODS

} // namespace

void throwPropertyError(const PropertyError& e)
{
    switch (e.kind()) {
    case PropertyError::Kind::Invalid:
        throw ApiError(InvalidParams, e.message());
    case PropertyError::Kind::NotFound:
        throw ApiError(PropertyNotFound, e.message());
    case PropertyError::Kind::Duplicate:
        throw ApiError(DuplicateProperty, e.message());
    case PropertyError::Kind::RoomTaken:
        throw ApiError(RoomTaken, e.message());
    }
    throw ApiError(InternalError, e.message());
}

void registryChanged(CallContext& c)
{
    // The desks re-read their tree and meter list (the change may move meters between rooms
    // and accounts, which no per-meter event says).
    c.service.notify(QStringLiteral("event.registry.changed"), {{QStringLiteral("what"), QStringLiteral("meters")}});
    if (collection::CollectionService* col = c.service.collection())
        col->reloadRegistry();
}

QJsonObject roomRefJson(CallContext& c, RoomId room)
{
    const std::optional<RoomPlace> p = PropertyStore(c.service.db()).roomPlace(room);
    if (!p)
        return {};
    return {{QStringLiteral("id"), p->room.id},
            {QStringLiteral("code"), p->room.code},
            {QStringLiteral("name"), p->room.name},
            {QStringLiteral("path"), p->path()}};
}

std::span<const MethodDef> propertyMethods()
{
    return kMethods;
}

} // namespace md::api
