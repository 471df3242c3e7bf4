#pragma once

#include "billing/billing_state.h"
#include "collection/meter_reading.h"
#include "collection/meter_runtime.h"
#include "control/alarm_policy.h"
#include "money/ids.h"
#include "money/utility.h"

#include <QDate>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QString>

#include <array>
#include <memory>
#include <optional>

namespace md {

namespace storage {
class Database;
class SqlQuery;
}

// Bits of readings.flags.
enum class ReadingFlag : qint64 {
    Baseline = 1,     // first reading of a meter (or of a new billing baseline)
    Billed = 2,       // a deduction was posted (tx_id) or nothing was due
    Anomaly = 4,      // refused: not billed, state unchanged (reason says why)
    CounterReset = 8, // not billed, new baseline
    Unassigned = 16,  // no account: stored only
    NotBilled = 32,   // assigned but not billable now (no settings/tariff): billed by a later reading
    BatteryLow = 64,
};

// One row of readings.
struct StoredReading
{
    MeterId meter;
    ReadingSet registers;
    SwitchState switchState = SwitchState::Unknown;
    std::optional<Money> meterBalance;
    std::optional<qint64> purchaseCount;
    qint64 flags = 0;
    QString reason;
    std::optional<qint64> txId;
};

// Accumulated change of one meter's local day (meter_daily), merged into the row on flush.
struct DailyDelta
{
    qint64 firstAtMs = 0;
    qint64 lastAtMs = 0;
    std::optional<qint64> firstTotal;
    std::optional<qint64> lastTotal;
    std::array<qint64, 5> used{}; // by Register order: total, sharp, peak, flat, valley
    qint64 readings = 0;
    qint64 anomalies = 0;
    bool hasValues = false; // an accepted reading set first/last (else only anomalies were seen)
};

// The collection tables' SQL, inside the caller's transaction. Keeps its prepared statements
// for reuse (the ingest loop runs the same few statements thousands of times): destroy it
// before the Database.
class CollectionStore
{
public:
    explicit CollectionStore(storage::Database& db);
    ~CollectionStore();

    // (meter, time) is a reading's key: readings are stored in that order.
    bool readingExists(MeterId meter, qint64 atMs);
    std::optional<ReadingSet> readingValues(MeterId meter, qint64 atMs, Unit unit);

    std::optional<MeterBillingState> loadBillingState(MeterId meter, Unit unit);
    void saveBillingState(MeterId meter, const MeterBillingState& s, qint64 atMs);

    MeterRuntime loadRuntime(MeterId meter); // a fresh MeterRuntime when there is no row
    void saveRuntime(const MeterRuntime& r, qint64 atMs);

    void mergeDaily(MeterId meter, const QString& day, const DailyDelta& d);

    void insertAlarmEvent(std::optional<AccountId> account, Utility utility, std::optional<MeterId> meter,
                          const QString& kind, const QString& from, const QString& to, std::optional<Money> balance,
                          const QByteArray& detail, qint64 atMs);

    // Many rows at once (ingestAll's batches: a few statements per batch, not per reading).
    // (meter, time) pairs already stored for these meters between two times.
    QSet<std::pair<qint64, qint64>> existingReadings(const QList<qint64>& meters, qint64 fromMs, qint64 toMs);
    // Inserts the rows (multi-row INSERTs), numbered in the order given from counters 'reading'
    // (readings.id: the order they were stored in).
    void insertReadings(const QList<StoredReading>& rows);
    // The last accepted reading's register values of each meter that has one (meter_runtime's
    // last_good_at_ms), by meter id, each in its meter's unit.
    QHash<qint64, ReadingSet> lastGoodValues(const QHash<qint64, Unit>& meterUnits);
    // Billing states of the meters that have one (meter id -> unit).
    QHash<qint64, MeterBillingState> loadBillingStates(const QHash<qint64, Unit>& meterUnits);
    void saveBillingStates(const QHash<qint64, MeterBillingState>& states, const QSet<qint64>& meters, qint64 atMs);
    // Runtime rows of the meters (a fresh MeterRuntime for a meter without a row).
    QHash<qint64, MeterRuntime> loadRuntimes(const QList<qint64>& meters);
    void saveRuntimes(const QList<MeterRuntime>& rows, qint64 atMs);
    // mergeDaily() for many (meter, day) rows: existing rows read (locked) at once, merged in
    // memory, written with multi-row upserts.
    void mergeDailyAll(const QMap<QPair<qint64, QString>, DailyDelta>& deltas);

    // Recharges the ledger holds for a wallet since a time (比对充值次数).
    qint64 rechargeCount(AccountId account, Utility utility, qint64 sinceMs, qint64 untilMs);

private:
    storage::SqlQuery& prepared(int slot, const QString& sql);
    storage::Database& m_db;
    std::array<std::unique_ptr<storage::SqlQuery>, 16> m_queries;
};

} // namespace md
