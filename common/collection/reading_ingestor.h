#pragma once

#include "billing/deduction.h"
#include "collection/meter_reading.h"
#include "control/alarm_policy.h"
#include "control/control_policy.h"
#include "money/ids.h"
#include "money/money.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QTimeZone>

#include <memory>
#include <optional>

namespace md {

class Clock;
class Ledger;
namespace storage {
class Database;
}

// What became of one reading.
struct IngestOutcome
{
    enum class Status {
        Baseline,     // stored; the first reading the biller saw for this meter
        Billed,       // stored and billed (charged may be zero)
        Anomaly,      // stored, flagged, not billed, state unchanged
        CounterReset, // stored, flagged, not billed, new baseline
        Unassigned,   // stored only: the meter has no account
        NotBilled,    // stored; billing waits (no settings/tariff, ledger refused): a later reading bills it
        Duplicate,    // this (meter, time) was already ingested: nothing written
        Evaluated,    // reevaluate(): no reading, alarm level and control only
    };
    MeterId meter;
    QDateTime at;
    Status status = Status::Billed;
    QString reason;  // key stored in readings.reason ("counter-backwards", ...), empty when fine
    QString problem; // translated explanation for the log
    Money charged;
    std::optional<TransactionId> tx;
    std::optional<Money> balance;          // the wallet after this reading (assigned meters)
    std::optional<AlarmChange> alarm;      // a change of alarm level
    std::optional<ControlDecision> control; // desired relay/valve state (assigned meters with settings)
    bool purchaseMismatch = false;         // 比对充值次数 raised an alarm
};
QString ingestStatusKey(IngestOutcome::Status s);

struct IngestOptions
{
    QTimeZone officeZone = QTimeZone(QByteArrayLiteral("Asia/Shanghai")); // daily rollup days
    int batchSize = 1000;        // ingestAll(): commit after this many readings ...
    qint64 batchMs = 1000;       // ... or after this long, whichever comes first
    qint64 purchasePendingMs = 10 * 60 * 1000; // recharges younger than this may not be on the meter yet
    int maxAttempts = 5;         // retries of a transaction after a retryable storage error
};

// Where ingestAll() stopped: readings [0, committed) are committed; the batch that held the
// failing reading was rolled back whole.
struct IngestFailure
{
    qsizetype index = 0;   // the reading that failed (the batch's end when its commit failed)
    MeterId meter;
    QDateTime at;
    QString message;
};

struct IngestReport
{
    qsizetype committed = 0;
    QList<IngestOutcome> outcomes; // one per committed reading, in order
    std::optional<IngestFailure> failure;
};

// The collection service's data side: validates, stores, bills and evaluates readings.
// One reading (ingest) or one batch (ingestAll) is ONE database transaction holding the raw
// reading, the daily rollup, the ledger deduction (joined into this transaction: see Ledger),
// the billing state, the meter's runtime state and any alarm event — all or nothing.
// Belongs to the thread of its Database; destroy it before the Database.
class ReadingIngestor
{
    Q_DECLARE_TR_FUNCTIONS(md::ReadingIngestor)

public:
    ReadingIngestor(storage::Database& db, const Clock& clock, IngestOptions options = {});
    ~ReadingIngestor();
    ReadingIngestor(const ReadingIngestor&) = delete;
    ReadingIngestor& operator=(const ReadingIngestor&) = delete;

    // One reading, one transaction (retried on a retryable storage error). Throws what the
    // transaction threw (then nothing of this reading is stored).
    IngestOutcome ingest(const MeterReading& reading);
    // Many readings, committed every batchSize readings or batchMs. Stops at the first
    // reading that throws and names it.
    IngestReport ingestAll(const QList<MeterReading>& readings);
    // ingest() as one step of the caller's larger operation (a meter swap: the old meter's
    // final reading, the new meter's first): runs inside the TransactionGuard active on the
    // Database — neither commits nor retries; the caller's rollback takes the reading, its
    // deduction and its state with it. Throws StorageError when no transaction is active.
    IngestOutcome ingestInTransaction(const MeterReading& reading);

    // After a recharge (or a settings change): the wallet's alarm level and the desired state
    // of each of its meters, in one transaction, without waiting for the next reading.
    QList<IngestOutcome> reevaluate(AccountId account, Utility utility);

private:
    struct Batch;
    std::unique_ptr<Batch> newBatch();
    // Reads what readings [from, to) will need (meters, settings, runtime, last good values,
    // billing states, stored (meter, time) pairs, the ledger's accounts and keys) at once.
    void prefetch(Batch& batch, const QList<MeterReading>& readings, qsizetype from, qsizetype to);
    // prefetched: prefetch() covered this reading (its stored (meter, time) pairs are known).
    IngestOutcome ingestOne(const MeterReading& reading, Batch& batch, bool prefetched);
    void evaluate(IngestOutcome& out, Batch& batch, AccountId account, Utility utility, MeterId meter);
    // Writes the batch (deductions, readings, runtime, billing states, days); fills the
    // outcomes' transaction ids.
    void flush(Batch& batch, QList<IngestOutcome>& outcomes);

    storage::Database& m_db;
    const Clock& m_clock;
    IngestOptions m_options;
    std::unique_ptr<Ledger> m_ledger;
    struct Stores;
    std::unique_ptr<Stores> m_stores;
};

} // namespace md
