#include "property/property_store.h"

#include "storage/bulk_sql.h"
#include "storage/database.h"
#include "storage/sql_query.h"

#include <algorithm>
#include <vector>

namespace md {

using storage::SqlQuery;

namespace {

struct LevelSql
{
    const char* table;
    const char* parentColumn; // nullptr for sites
};

LevelSql sqlOf(PropertyLevel l)
{
    switch (l) {
    case PropertyLevel::Site:
        return {"sites", nullptr};
    case PropertyLevel::Building:
        return {"buildings", "site_id"};
    case PropertyLevel::Unit:
        return {"units", "building_id"};
    case PropertyLevel::Room:
        return {"rooms", "unit_id"};
    }
    Q_UNREACHABLE();
}

QString table(PropertyLevel l)
{
    return QLatin1String(sqlOf(l).table);
}

QString parentColumn(PropertyLevel l)
{
    const char* c = sqlOf(l).parentColumn;
    return c ? QLatin1String(c) : QString();
}

std::optional<PropertyLevel> parentLevel(PropertyLevel l)
{
    switch (l) {
    case PropertyLevel::Site:
        return std::nullopt;
    case PropertyLevel::Building:
        return PropertyLevel::Site;
    case PropertyLevel::Unit:
        return PropertyLevel::Building;
    case PropertyLevel::Room:
        return PropertyLevel::Unit;
    }
    Q_UNREACHABLE();
}

QString selectColumns(PropertyLevel l)
{
    const QString parent = l == PropertyLevel::Site ? QStringLiteral("0") : parentColumn(l);
    const QString roomOnly = l == PropertyLevel::Room ? QStringLiteral("floor, area_centi_m2")
                                                      : QStringLiteral("NULL, 0");
    return QStringLiteral("id, %1, code, name, remarks, %2").arg(parent, roomOnly);
}

PropertyNode fromRow(PropertyLevel l, const SqlQuery& q)
{
    PropertyNode n;
    n.level = l;
    n.id = q.intValue(0);
    n.parent = q.intValue(1);
    n.code = q.stringValue(2);
    n.name = q.stringValue(3);
    n.remarks = q.stringValue(4);
    n.floor = q.optionalInt(5);
    n.areaCentiM2 = q.intValue(6);
    return n;
}

QVariant nullInt()
{
    return QVariant(QMetaType(QMetaType::LongLong));
}

} // namespace

QString propertyLevelKey(PropertyLevel l)
{
    switch (l) {
    case PropertyLevel::Site:
        return QStringLiteral("site");
    case PropertyLevel::Building:
        return QStringLiteral("building");
    case PropertyLevel::Unit:
        return QStringLiteral("unit");
    case PropertyLevel::Room:
        return QStringLiteral("room");
    }
    Q_UNREACHABLE();
}

QString propertyLevelName(PropertyLevel l)
{
    switch (l) {
    case PropertyLevel::Site:
        return PropertyStore::tr("site");
    case PropertyLevel::Building:
        return PropertyStore::tr("building");
    case PropertyLevel::Unit:
        return PropertyStore::tr("unit");
    case PropertyLevel::Room:
        return PropertyStore::tr("room");
    }
    Q_UNREACHABLE();
}

QString RoomPlace::path() const
{
    return QStringList{site.code, building.code, unit.code, room.code}.join(u'/');
}

PropertyStore::PropertyStore(storage::Database& db)
    : m_db(db)
{
}

void PropertyStore::check(const PropertyNode& n) const
{
    using K = PropertyError::Kind;
    const QString what = propertyLevelName(n.level);
    if (n.code.trimmed().isEmpty() || n.code.size() > 64 || n.code != n.code.trimmed())
        throw PropertyError(K::Invalid, tr("A %1 code has 1 to 64 characters without leading or trailing spaces (got \"%2\")")
                                            .arg(what, n.code));
    if (n.code.contains(u'/'))
        throw PropertyError(K::Invalid, tr("A %1 code cannot contain \"/\" (got \"%2\")").arg(what, n.code));
    if (n.name.trimmed().isEmpty() || n.name.size() > 191)
        throw PropertyError(K::Invalid, tr("A %1 name has 1 to 191 characters (got \"%2\")").arg(what, n.name));
    if (n.areaCentiM2 < 0)
        throw PropertyError(K::Invalid, tr("The area of room %1 cannot be negative").arg(n.code));
    if (n.floor && (*n.floor < -20 || *n.floor > 300))
        throw PropertyError(K::Invalid, tr("Floor %1 of room %2 is not a floor (-20 to 300)").arg(*n.floor).arg(n.code));
}

void PropertyStore::checkUnique(const PropertyNode& n, qint64 exceptId)
{
    const QString where = n.level == PropertyLevel::Site ? QString() : parentColumn(n.level) + QStringLiteral(" = ? AND ");
    for (const char* column : {"code", "name"}) {
        SqlQuery q(m_db, QStringLiteral("SELECT COUNT(*) FROM %1 WHERE %2%3 = ? AND id <> ?")
                             .arg(table(n.level), where, QLatin1String(column)));
        if (n.level != PropertyLevel::Site)
            q.bind(n.parent);
        q.bind(QLatin1String(column) == u"code" ? n.code : n.name).bind(exceptId);
        if (q.scalarInt() > 0) {
            const QString value = QLatin1String(column) == u"code" ? n.code : n.name;
            throw PropertyError(PropertyError::Kind::Duplicate,
                                QLatin1String(column) == u"code"
                                    ? tr("There is already a %1 with the code \"%2\" here").arg(propertyLevelName(n.level), value)
                                    : tr("There is already a %1 named \"%2\" here").arg(propertyLevelName(n.level), value));
        }
    }
}

qint64 PropertyStore::create(const PropertyNode& n, qint64 atMs)
{
    check(n);
    if (const auto pl = parentLevel(n.level); pl && !get(*pl, n.parent))
        throw PropertyError(PropertyError::Kind::NotFound,
                            tr("There is no %1 %2").arg(propertyLevelName(*pl)).arg(n.parent));
    checkUnique(n, 0);
    QString sql;
    if (n.level == PropertyLevel::Site)
        sql = QStringLiteral("INSERT INTO sites (code, name, remarks, created_at, updated_at) VALUES (?, ?, ?, ?, ?)");
    else if (n.level == PropertyLevel::Room)
        sql = QStringLiteral("INSERT INTO rooms (unit_id, code, name, remarks, created_at, updated_at, floor, area_centi_m2) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    else
        sql = QStringLiteral("INSERT INTO %1 (%2, code, name, remarks, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                  .arg(table(n.level), parentColumn(n.level));
    SqlQuery q(m_db, sql);
    if (n.level != PropertyLevel::Site)
        q.bind(n.parent);
    q.bind(n.code).bind(n.name).bind(n.remarks.isNull() ? QStringLiteral("") : n.remarks).bind(atMs).bind(atMs);
    if (n.level == PropertyLevel::Room)
        q.bind(n.floor ? QVariant(*n.floor) : nullInt()).bind(n.areaCentiM2);
    q.exec();
    return q.lastInsertId();
}

void PropertyStore::update(const PropertyNode& n, qint64 atMs)
{
    check(n);
    const std::optional<PropertyNode> old = get(n.level, n.id);
    if (!old)
        throw PropertyError(PropertyError::Kind::NotFound,
                            tr("There is no %1 %2").arg(propertyLevelName(n.level)).arg(n.id));
    PropertyNode moved = n;
    moved.parent = old->parent;
    checkUnique(moved, n.id);
    const QString roomOnly = n.level == PropertyLevel::Room ? QStringLiteral(", floor = ?, area_centi_m2 = ?") : QString();
    SqlQuery q(m_db, QStringLiteral("UPDATE %1 SET code = ?, name = ?, remarks = ?, updated_at = ?%2 WHERE id = ?")
                         .arg(table(n.level), roomOnly));
    q.bind(n.code).bind(n.name).bind(n.remarks.isNull() ? QStringLiteral("") : n.remarks).bind(atMs);
    if (n.level == PropertyLevel::Room)
        q.bind(n.floor ? QVariant(*n.floor) : nullInt()).bind(n.areaCentiM2);
    q.bind(n.id).exec();
}

std::optional<PropertyNode> PropertyStore::get(PropertyLevel level, qint64 id)
{
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM %2 WHERE id = ?").arg(selectColumns(level), table(level)));
    q.bind(id).exec();
    if (!q.next())
        return std::nullopt;
    return fromRow(level, q);
}

QList<PropertyNode> PropertyStore::list(PropertyLevel level, qint64 parent)
{
    const bool filtered = parent != 0 && level != PropertyLevel::Site;
    SqlQuery q(m_db, QStringLiteral("SELECT %1 FROM %2%3 ORDER BY code, id")
                         .arg(selectColumns(level), table(level),
                              filtered ? QStringLiteral(" WHERE %1 = ?").arg(parentColumn(level)) : QString()));
    if (filtered)
        q.bind(parent);
    q.exec();
    QList<PropertyNode> out;
    while (q.next())
        out.append(fromRow(level, q));
    return out;
}

std::optional<RoomPlace> PropertyStore::roomPlace(RoomId room)
{
    RoomPlace p;
    const auto r = get(PropertyLevel::Room, room.v);
    if (!r)
        return std::nullopt;
    p.room = *r;
    p.unit = get(PropertyLevel::Unit, r->parent).value_or(PropertyNode{});
    p.building = get(PropertyLevel::Building, p.unit.parent).value_or(PropertyNode{});
    p.site = get(PropertyLevel::Site, p.building.parent).value_or(PropertyNode{});
    return p;
}

QList<RoomPlace> PropertyStore::roomPlaces()
{
    QHash<qint64, PropertyNode> sites, buildings, units;
    for (const PropertyNode& n : list(PropertyLevel::Site))
        sites.insert(n.id, n);
    for (const PropertyNode& n : list(PropertyLevel::Building))
        buildings.insert(n.id, n);
    for (const PropertyNode& n : list(PropertyLevel::Unit))
        units.insert(n.id, n);
    QList<RoomPlace> out;
    for (const PropertyNode& r : list(PropertyLevel::Room)) {
        RoomPlace p;
        p.room = r;
        p.unit = units.value(r.parent);
        p.building = buildings.value(p.unit.parent);
        p.site = sites.value(p.building.parent);
        out.append(p);
    }
    return out;
}

QList<RoomPlace> PropertyStore::allRooms()
{
    const QList<RoomPlace> places = roomPlaces();
    // Each path is joined once, not once a comparison (4,500 rooms: ~50,000 comparisons).
    std::vector<std::pair<QString, qsizetype>> keys;
    keys.reserve(size_t(places.size()));
    for (qsizetype i = 0; i < places.size(); ++i)
        keys.emplace_back(places.at(i).path(), i);
    std::sort(keys.begin(), keys.end());
    QList<RoomPlace> out;
    out.reserve(places.size());
    for (const auto& key : keys)
        out.append(places.at(key.second));
    return out;
}

QHash<qint64, QString> PropertyStore::roomPaths()
{
    // The four codes in one joined read, straight from the statement: reports name every room
    // this way, and building whole RoomPlaces first (four reads of full nodes through Qt's
    // values) was a quarter of a consumption report at 4,500 rooms. The same texts as
    // RoomPlace::path(): a missing level's code is empty.
    QHash<qint64, QString> out;
    storage::bulk::selectRows(m_db,
                              QStringLiteral("SELECT r.id, s.code, b.code, u.code, r.code FROM rooms r "
                                             "LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN buildings b ON b.id = u.building_id "
                                             "LEFT JOIN sites s ON s.id = b.site_id"),
                              {}, [&](const storage::bulk::Row& row) {
                                  out.insert(row.intValue(0), QStringList{row.stringValue(1), row.stringValue(2),
                                                                          row.stringValue(3), row.stringValue(4)}
                                                                  .join(u'/'));
                              });
    return out;
}

RoomPlace PropertyStore::findRoom(const QString& codeOrPath)
{
    const QString key = codeOrPath.trimmed();
    QList<RoomPlace> matches;
    if (key.contains(u'/')) {
        const QStringList parts = key.split(u'/');
        if (parts.size() != 4)
            throw PropertyError(PropertyError::Kind::Invalid,
                                tr("\"%1\" is not a room path: site/building/unit/room codes").arg(key));
        SqlQuery q(m_db, QStringLiteral("SELECT r.id FROM rooms r JOIN units u ON u.id = r.unit_id "
                                        "JOIN buildings b ON b.id = u.building_id JOIN sites s ON s.id = b.site_id "
                                        "WHERE s.code = ? AND b.code = ? AND u.code = ? AND r.code = ?"));
        for (const QString& p : parts)
            q.bind(p);
        q.exec();
        if (q.next()) {
            const qint64 id = q.intValue(0);
            q.raw().finish();
            if (auto p = roomPlace(RoomId{id}))
                return *p;
        }
    } else {
        SqlQuery q(m_db, QStringLiteral("SELECT id FROM rooms WHERE code = ? ORDER BY id"));
        q.bind(key).exec();
        QList<qint64> ids;
        while (q.next())
            ids.append(q.intValue(0));
        for (qint64 id : ids) {
            if (auto p = roomPlace(RoomId{id}))
                matches.append(*p);
        }
        if (matches.size() == 1)
            return matches.first();
        if (matches.size() > 1) {
            QStringList paths;
            for (const RoomPlace& p : matches)
                paths.append(p.path());
            throw PropertyError(PropertyError::Kind::Invalid,
                                tr("Several rooms have the code %1 (%2): give the path site/building/unit/room")
                                    .arg(key, paths.join(QStringLiteral(", "))));
        }
    }
    throw PropertyError(PropertyError::Kind::NotFound, tr("There is no room %1").arg(key));
}

void PropertyStore::linkRoom(AccountId account, RoomId room, qint64 atMs)
{
    const std::optional<RoomPlace> place = roomPlace(room);
    if (!place)
        throw PropertyError(PropertyError::Kind::NotFound, tr("There is no room %1").arg(room.v));
    if (const auto holder = occupant(room); holder && *holder != account) {
        SqlQuery q(m_db, QStringLiteral("SELECT code, tenant_name FROM accounts WHERE id = ?"));
        q.bind(holder->v).exec();
        const QString who = q.next() ? QStringLiteral("%1 %2").arg(q.stringValue(0), q.stringValue(1)) : QString::number(holder->v);
        throw PropertyError(PropertyError::Kind::RoomTaken,
                            tr("Room %1 is rented by the open account %2").arg(place->path(), who));
    }
    SqlQuery q(m_db, m_db.dialect().insertOrIgnore(QStringLiteral("account_rooms"),
                                                   {QStringLiteral("account_id"), QStringLiteral("room_id"),
                                                    QStringLiteral("linked_at")}));
    q.bind(account.v).bind(room.v).bind(atMs).exec();
}

void PropertyStore::unlinkRoom(AccountId account, RoomId room)
{
    SqlQuery q(m_db, QStringLiteral("DELETE FROM account_rooms WHERE account_id = ? AND room_id = ?"));
    q.bind(account.v).bind(room.v).exec();
}

QList<RoomId> PropertyStore::roomsOf(AccountId account)
{
    SqlQuery q(m_db, QStringLiteral("SELECT room_id FROM account_rooms WHERE account_id = ? ORDER BY room_id"));
    q.bind(account.v).exec();
    QList<RoomId> out;
    while (q.next())
        out.append(RoomId{q.intValue(0)});
    return out;
}

std::optional<AccountId> PropertyStore::occupant(RoomId room)
{
    SqlQuery q(m_db, QStringLiteral("SELECT ar.account_id FROM account_rooms ar JOIN accounts a ON a.id = ar.account_id "
                                    "WHERE ar.room_id = ? AND a.status = 'open' ORDER BY ar.account_id"));
    q.bind(room.v).exec();
    if (!q.next())
        return std::nullopt;
    const AccountId a{q.intValue(0)};
    q.raw().finish();
    return a;
}

} // namespace md
