#include "collection/meter_registry.h"

#include "storage/bulk_sql.h"
#include "storage/database.h"
#include "storage/sql_query.h"
#include "util/error.h"

#include <QJsonDocument>

namespace md {

using storage::SqlQuery;

namespace {

const QString kColumns = QStringLiteral(
    "id, nameplate, bus, protocol, map, address, options, utility, account_id, max_rate, installed_at, removed_at, room_id");

QVariant nullInt()
{
    return QVariant(QMetaType(QMetaType::LongLong));
}

} // namespace

MeterRecord MeterRegistry::fromRow(const SqlQuery& q)
{
    MeterRecord m;
    m.id = MeterId{q.intValue(0)};
    m.nameplate = q.stringValue(1);
    m.bus = q.stringValue(2);
    m.protocol = q.stringValue(3);
    m.map = q.stringValue(4);
    m.address = q.stringValue(5);
    m.options = QJsonDocument::fromJson(q.stringValue(6).toUtf8()).object();
    m.utility = parseUtility(q.stringValue(7)).value_or(Utility::Electricity);
    if (const auto a = q.optionalInt(8))
        m.account = AccountId{*a};
    m.maxRate = q.intValue(9);
    m.installed = QDateTime::fromMSecsSinceEpoch(q.intValue(10), Qt::UTC);
    if (const auto r = q.optionalInt(11))
        m.removed = QDateTime::fromMSecsSinceEpoch(*r, Qt::UTC);
    if (const auto room = q.optionalInt(12))
        m.room = RoomId{*room};
    return m;
}

namespace {

QList<MeterRecord> readAll(SqlQuery& q)
{
    q.exec();
    QList<MeterRecord> out;
    while (q.next())
        out.append(MeterRegistry::fromRow(q));
    return out;
}

void bindFields(SqlQuery& q, const MeterRecord& m)
{
    // A null QString binds as NULL: the text columns are NOT NULL, an absent map is "".
    const auto text = [](const QString& s) { return s.isNull() ? QStringLiteral("") : s; };
    q.bind(text(m.nameplate))
        .bind(text(m.bus))
        .bind(text(m.protocol))
        .bind(text(m.map))
        .bind(text(m.address))
        .bind(QString::fromUtf8(QJsonDocument(m.options).toJson(QJsonDocument::Compact)))
        .bind(utilityKey(m.utility))
        .bind(m.account ? QVariant(m.account->v) : nullInt())
        .bind(m.maxRate)
        .bind(m.installed.toMSecsSinceEpoch())
        .bind(m.removed ? QVariant(m.removed->toMSecsSinceEpoch()) : nullInt())
        .bind(m.room ? QVariant(m.room->v) : nullInt());
}

} // namespace

MeterRegistry::MeterRegistry(storage::Database& db)
    : m_db(db)
{
}

MeterRegistry::~MeterRegistry() = default;

void MeterRegistry::check(const MeterRecord& m) const
{
    const QString source = QStringLiteral("meter registry");
    if (m.nameplate.trimmed().isEmpty() || m.nameplate.size() > 64)
        throw InputError(source, 0, tr("A meter needs a nameplate number of 1 to 64 characters"));
    if (m.bus.trimmed().isEmpty())
        throw InputError(source, 0, tr("Meter %1 needs a bus").arg(m.nameplate));
    if (m.address.trimmed().isEmpty())
        throw InputError(source, 0, tr("Meter %1 needs a bus address").arg(m.nameplate));
    static const QStringList kProtocols{QStringLiteral("modbus"), QStringLiteral("dlt645"), QStringLiteral("cjt188")};
    if (!kProtocols.contains(m.protocol))
        throw InputError(source, 0,
                         tr("Meter %1: unknown protocol \"%2\" (modbus, dlt645 or cjt188)").arg(m.nameplate, m.protocol));
    if (m.maxRate < 0)
        throw InputError(source, 0, tr("Meter %1: the maximum rate cannot be negative").arg(m.nameplate));
    if (!m.installed.isValid())
        throw InputError(source, 0, tr("Meter %1 needs an installation time").arg(m.nameplate));
}

MeterId MeterRegistry::create(const MeterRecord& m)
{
    check(m);
    SqlQuery q(m_db, QStringLiteral("INSERT INTO meters (nameplate, bus, protocol, map, address, options, utility, "
                                    "account_id, max_rate, installed_at, removed_at, room_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    bindFields(q, m);
    q.exec();
    return MeterId{q.lastInsertId()};
}

void MeterRegistry::update(const MeterRecord& m)
{
    check(m);
    SqlQuery q(m_db, QStringLiteral("UPDATE meters SET nameplate = ?, bus = ?, protocol = ?, map = ?, address = ?, "
                                    "options = ?, utility = ?, account_id = ?, max_rate = ?, installed_at = ?, "
                                    "removed_at = ?, room_id = ? WHERE id = ?"));
    bindFields(q, m);
    q.bind(m.id.v).exec();
    if (q.rowsAffected() != 1)
        throw InputError(QStringLiteral("meter registry"), 0, tr("There is no meter %1").arg(m.id.v));
}

std::optional<MeterRecord> MeterRegistry::byId(MeterId id)
{
    if (!m_byId)
        m_byId = std::make_unique<SqlQuery>(m_db, QStringLiteral("SELECT %1 FROM meters WHERE id = ?").arg(kColumns));
    SqlQuery& q = *m_byId;
    q.bind(id.v).exec();
    if (!q.next())
        return std::nullopt;
    MeterRecord m = MeterRegistry::fromRow(q);
    q.raw().finish(); // no statement left open across COMMIT/ROLLBACK
    return m;
}

QList<MeterRecord> MeterRegistry::byIds(const QList<MeterId>& ids)
{
    QList<QVariant> keys;
    keys.reserve(ids.size());
    for (MeterId id : ids)
        keys.append(id.v);
    QList<MeterRecord> out;
    storage::bulk::selectIn(m_db, QStringLiteral("SELECT %1 FROM meters WHERE id IN (").arg(kColumns), QStringLiteral(")"),
                            keys, [&](SqlQuery& q) { out.append(MeterRegistry::fromRow(q)); });
    return out;
}

QList<MeterRecord> MeterRegistry::ofBus(const QString& bus)
{
    SqlQuery q(m_db,
               QStringLiteral("SELECT %1 FROM meters WHERE bus = ? AND removed_at IS NULL ORDER BY address, id").arg(kColumns));
    q.bind(bus);
    return readAll(q);
}

QList<MeterRecord> MeterRegistry::all()
{
    SqlQuery q(m_db,
               QStringLiteral("SELECT %1 FROM meters WHERE removed_at IS NULL ORDER BY bus, address, id").arg(kColumns));
    return readAll(q);
}

} // namespace md
