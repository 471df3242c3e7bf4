#pragma once

#include "money/ids.h"
#include "util/error.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace md {

namespace storage {
class Database;
}

// The property's structure (物业结构): site (园区/小区/商场) > building (楼栋) > unit (单元) >
// room (房间/商铺). Every level has a code and a name, each unique within its parent.
enum class PropertyLevel { Site, Building, Unit, Room };
QString propertyLevelKey(PropertyLevel l);  // "site", "building", "unit", "room"
QString propertyLevelName(PropertyLevel l); // translated, for messages

// One row of any level. parent is 0 for a site; floor and area only mean something for a room.
struct PropertyNode
{
    PropertyLevel level = PropertyLevel::Site;
    qint64 id = 0;
    qint64 parent = 0;
    QString code;             // 1..64 characters, no '/' (room paths join codes with '/')
    QString name;             // 1..191 characters
    QString remarks;
    std::optional<qint64> floor; // rooms: 楼层, negative below ground
    qint64 areaCentiM2 = 0;      // rooms: area in 0.01 m² (for 公摊 by area)
};

// A room with where it is, as shown and as typed in an import ("A/1/2/301").
struct RoomPlace
{
    PropertyNode room;
    PropertyNode unit;
    PropertyNode building;
    PropertyNode site;
    QString path() const; // site/building/unit/room codes
};

// Refusals of the property store, with a stable kind for the API's error codes.
class PropertyError : public Error
{
public:
    enum class Kind { Invalid, NotFound, Duplicate, RoomTaken };
    PropertyError(Kind kind, QString message)
        : Error(std::move(message))
        , m_kind(kind)
    {
    }
    Kind kind() const noexcept { return m_kind; }

private:
    Kind m_kind;
};

// The sites/buildings/units/rooms tables and the account–room links. Runs in the caller's
// transaction (the API wraps each change and its operation-log record in one).
class PropertyStore
{
    Q_DECLARE_TR_FUNCTIONS(md::PropertyStore)

public:
    explicit PropertyStore(storage::Database& db);

    // Inserts n (n.id ignored) under n.parent; returns the id. Throws PropertyError: Invalid
    // (empty/long code or name, '/' in a code, negative area), NotFound (no such parent),
    // Duplicate (code or name already used under that parent).
    qint64 create(const PropertyNode& n, qint64 atMs);
    // Replaces code, name, remarks, floor and area of the row n.id (the parent stays).
    void update(const PropertyNode& n, qint64 atMs);

    std::optional<PropertyNode> get(PropertyLevel level, qint64 id);
    // Children of parent (every row of the level when parent is 0), by code.
    QList<PropertyNode> list(PropertyLevel level, qint64 parent = 0);

    std::optional<RoomPlace> roomPlace(RoomId room);
    // Every room in the property with its place (one query per level), by path.
    QList<RoomPlace> allRooms();
    // Every room's path (site/building/unit/room codes) by room id: how reports name rooms,
    // as the desk does (a room code alone repeats across units).
    QHash<qint64, QString> roomPaths();
    // A room by its path "SITE/BUILDING/UNIT/ROOM" (codes), or by its bare code when exactly
    // one room has it. Throws PropertyError NotFound or Invalid (ambiguous: names the paths).
    RoomPlace findRoom(const QString& codeOrPath);

    // Account ↔ rooms. link() refuses (RoomTaken) a room linked to another open account.
    void linkRoom(AccountId account, RoomId room, qint64 atMs);
    void unlinkRoom(AccountId account, RoomId room);
    QList<RoomId> roomsOf(AccountId account);
    // The open account renting the room, if any.
    std::optional<AccountId> occupant(RoomId room);

private:
    QList<RoomPlace> roomPlaces(); // every room with its place, in no particular order
    void check(const PropertyNode& n) const;
    void checkUnique(const PropertyNode& n, qint64 exceptId);
    storage::Database& m_db;
};

} // namespace md
