#pragma once

// Internal to ReadingIngestor: the stores it uses and the per-transaction cache.

#include "collection/account_settings.h"
#include "collection/collection_store.h"
#include "collection/meter_registry.h"
#include "collection/reading_ingestor.h"
#include "collection/tariff_store.h"
#include "ledger/deduction_batch.h"

#include <QHash>
#include <QMap>
#include <QSet>

namespace md {

struct ReadingIngestor::Stores
{
    explicit Stores(storage::Database& db)
        : registry(db)
        , settings(db)
        , tariffs(db)
        , store(db)
    {
    }
    MeterRegistry registry;
    AccountSettingsStore settings;
    TariffStore tariffs;
    CollectionStore store;
};

// What one transaction has read or changed so far. prefetch() reads what the batch's readings
// will need in a few statements; rows a batch touches (readings, a meter's runtime and billing
// state, its day, the deductions) are changed in memory and written once by flush(), with
// multi-row statements; thrown away with the transaction on a rollback.
struct ReadingIngestor::Batch
{
    std::unique_ptr<DeductionBatch> deductions;
    // (meter, utc ms) of readings stored before this batch (prefetched) or staged in it.
    QSet<std::pair<qint64, qint64>> known;
    // Staged reading rows, written by flush(); per row the staged deduction (or -1).
    QList<StoredReading> rows;
    QList<qsizetype> rowDeduction;
    QList<std::pair<qsizetype, qsizetype>> outcomeDeduction;  // (outcome position, staged deduction)
    qsizetype count = 0;                                      // readings handled so far (outcome positions)

    QHash<qint64, std::optional<MeterRecord>> meters;
    QHash<QString, std::optional<AccountSettings>> settings; // "account|utility"
    QHash<QString, std::shared_ptr<const Tariff>> tariffs;    // by key
    QHash<QString, QString> tariffErrors;                      // why a key's tariff is null
    QHash<qint64, MeterRuntime> runtime;
    QHash<qint64, std::optional<ReadingSet>> lastGood;
    QHash<qint64, MeterBillingState> billing;
    QSet<qint64> dirtyBilling;
    QMap<QPair<qint64, QString>, DailyDelta> daily;

    const std::optional<MeterRecord>& meter(Stores& s, MeterId id)
    {
        auto it = meters.find(id.v);
        if (it == meters.end())
            it = meters.insert(id.v, s.registry.byId(id));
        return *it;
    }
    const std::optional<AccountSettings>& accountSettings(Stores& s, AccountId a, Utility u)
    {
        const QString key = QString::number(a.v) + u'|' + utilityKey(u);
        auto it = settings.find(key);
        if (it == settings.end())
            it = settings.insert(key, s.settings.get(a, u));
        return *it;
    }
    // Null when the tariff cannot be used — not in the database, or its stored text does not
    // read — with the reason in tariffErrors (remembered for the batch).
    std::shared_ptr<const Tariff> tariff(Stores& s, const QString& key)
    {
        auto it = tariffs.find(key);
        if (it == tariffs.end()) {
            std::shared_ptr<const Tariff> t;
            try {
                t = s.tariffs.current(key);
            } catch (const InputError& e) {
                tariffErrors.insert(key, e.message());
            }
            it = tariffs.insert(key, t);
        }
        return *it;
    }
    MeterRuntime& runtimeOf(Stores& s, MeterId id)
    {
        auto it = runtime.find(id.v);
        if (it == runtime.end())
            it = runtime.insert(id.v, s.store.loadRuntime(id));
        return *it;
    }
    std::optional<ReadingSet>& lastGoodOf(Stores& s, const MeterRuntime& r, Unit unit)
    {
        auto it = lastGood.find(r.meter.v);
        if (it == lastGood.end())
            it = lastGood.insert(r.meter.v, r.lastGoodAtMs ? s.store.readingValues(r.meter, *r.lastGoodAtMs, unit) : std::nullopt);
        return *it;
    }
};

} // namespace md
