#pragma once

#include "money/ids.h"
#include "money/utility.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace md {

namespace storage {
class Database;
class SqlQuery;
}

// One meter of the registry: where it hangs (bus, protocol, register map, address) and whose
// wallet it bills. account is empty while the meter is not assigned (未开户): its readings are
// stored, nothing is billed.
struct MeterRecord
{
    MeterId id;
    QString nameplate;        // 表号 printed on the meter, unique
    QString bus;              // the bus name in the service configuration
    QString protocol;         // "modbus", "dlt645", "cjt188"
    QString map;              // register map / model name (common/protocol)
    QString address;          // bus address as text (Modbus unit id, BCD address)
    QJsonObject options;      // protocol details (DI byte order, DL/T 645 password, ...)
    Utility utility = Utility::Electricity;
    std::optional<AccountId> account;
    std::optional<RoomId> room;  // the room it measures (property structure); empty: not placed
    qint64 maxRate = 0;       // most the meter can count per hour, milli-units (W for kWh); 0 = no bound
    QDateTime installed;      // UTC
    std::optional<QDateTime> removed;

    bool operator==(const MeterRecord&) const = default;
};

// The meters table. Runs in the caller's transaction when one is active. Keeps byId()'s
// prepared statement (the ingest loop looks meters up by id all the time): destroy the
// registry before the Database.
class MeterRegistry
{
    Q_DECLARE_TR_FUNCTIONS(md::MeterRegistry)

public:
    explicit MeterRegistry(storage::Database& db);
    ~MeterRegistry();

    // Inserts (id is assigned) and returns the id. Throws InputError("meter registry", 0, ...)
    // for an empty nameplate/bus/address or an unknown protocol; StorageError for a duplicate
    // nameplate.
    MeterId create(const MeterRecord& m);
    // Replaces every field of the row m.id; throws InputError when there is no such meter.
    void update(const MeterRecord& m);

    std::optional<MeterRecord> byId(MeterId id);
    // The meters of these ids that exist, removed ones included (ingest batches: a few statements).
    QList<MeterRecord> byIds(const QList<MeterId>& ids);
    QList<MeterRecord> ofBus(const QString& bus); // installed (not removed) meters, by address
    QList<MeterRecord> all();                     // installed meters of every bus, by bus and address

    // A row whose first 13 columns are the meters table's, in its order (id, nameplate, bus,
    // protocol, map, address, options, utility, account_id, max_rate, installed_at, removed_at,
    // room_id): for queries that join more onto a meter (the meter list).
    static MeterRecord fromRow(const storage::SqlQuery& q);

private:
    void check(const MeterRecord& m) const;
    storage::Database& m_db;
    std::unique_ptr<storage::SqlQuery> m_byId;
};

} // namespace md
