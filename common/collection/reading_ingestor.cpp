#include "collection/reading_ingestor.h"

#include "billing/biller.h"
#include "collection/ingest_batch.h"
#include "collection/plausibility.h"
#include "control/purchase_count_check.h"
#include "ledger/deduction_batch.h"
#include "ledger/ledger.h"
#include "storage/database.h"
#include "storage/transaction_guard.h"
#include "util/clock.h"
#include "util/error.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <limits>

namespace md {

QString ingestStatusKey(IngestOutcome::Status s)
{
    using S = IngestOutcome::Status;
    switch (s) {
    case S::Baseline:
        return QStringLiteral("baseline");
    case S::Billed:
        return QStringLiteral("billed");
    case S::Anomaly:
        return QStringLiteral("anomaly");
    case S::CounterReset:
        return QStringLiteral("counter-reset");
    case S::Unassigned:
        return QStringLiteral("unassigned");
    case S::NotBilled:
        return QStringLiteral("not-billed");
    case S::Duplicate:
        return QStringLiteral("duplicate");
    case S::Evaluated:
        return QStringLiteral("evaluated");
    }
    Q_UNREACHABLE();
}

ReadingIngestor::ReadingIngestor(storage::Database& db, const Clock& clock, IngestOptions options)
    : m_db(db)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_ledger(std::make_unique<Ledger>(db, clock))
    , m_stores(std::make_unique<Stores>(db))
{
    m_ledger->setClient(QStringLiteral("collection"));
    m_ledger->setOfficeZone(m_options.officeZone); // wallet_daily's days, as meter_daily's
}

ReadingIngestor::~ReadingIngestor() = default;

namespace {

// Readings prefetched at once: a batch cut short by batchMs reads ahead at most this many.
constexpr qsizetype kPrefetch = 250;

void addDaily(DailyDelta& d, const ReadingSet& set)
{
    const bool first = !d.hasValues;
    d.hasValues = true;
    const qint64 at = set.utc.toMSecsSinceEpoch();
    const auto total = set.values.constFind(Register::Total);
    const std::optional<qint64> totalMilli =
        total == set.values.cend() ? std::nullopt : std::optional<qint64>(total->milli());
    if (first || at < d.firstAtMs) {
        d.firstAtMs = at;
        d.firstTotal = totalMilli;
    }
    if (first || at >= d.lastAtMs) {
        d.lastAtMs = at;
        d.lastTotal = totalMilli;
    }
}

} // namespace

IngestOutcome ReadingIngestor::ingestOne(const MeterReading& reading, Batch& batch, bool prefetched)
{
    Stores& s = *m_stores;
    IngestOutcome out;
    out.meter = reading.meter;
    out.at = reading.registers.utc;
    const auto& meter = batch.meter(s, reading.meter);
    if (!meter)
        throw InputError(QStringLiteral("reading"), 0, tr("There is no meter %1 in the registry").arg(reading.meter.v));
    if (!out.at.isValid() || reading.registers.values.isEmpty())
        throw InputError(QStringLiteral("reading"), 0, tr("A reading of meter %1 has no time or no registers").arg(meter->nameplate));
    const qint64 atMs = out.at.toMSecsSinceEpoch();
    // A removed meter is on nobody's wall: a reply dated after it came down (a stale queue, a
    // successor answering at the freed address) must not bill the tenant. Its final reading,
    // at the removal itself, still counts.
    if (meter->removed && atMs > meter->removed->toMSecsSinceEpoch())
        throw InputError(QStringLiteral("reading"), 0,
                         tr("Meter %1 was removed at %2, so a reading dated %3 cannot be from it")
                             .arg(meter->nameplate, meter->removed->toString(Qt::ISODate), out.at.toString(Qt::ISODate)));
    const std::pair<qint64, qint64> key{reading.meter.v, atMs};
    if (batch.known.contains(key) || (!prefetched && s.store.readingExists(reading.meter, atMs))) {
        out.status = IngestOutcome::Status::Duplicate;
        return out;
    }
    batch.known.insert(key);
    qsizetype deduction = -1; // the staged deduction of this reading
    const Unit unit = defaultUnit(meter->utility);
    MeterRuntime& runtime = batch.runtimeOf(s, reading.meter);
    std::optional<ReadingSet>& lastGood = batch.lastGoodOf(s, runtime, unit);
    runtime.answered();
    if (reading.switchState != SwitchState::Unknown)
        runtime.actual = reading.switchState;

    StoredReading row;
    row.meter = reading.meter;
    row.registers = reading.registers;
    row.switchState = reading.switchState;
    row.meterBalance = reading.meterBalance;
    row.purchaseCount = reading.purchaseCount;
    if (reading.batteryLow)
        row.flags |= qint64(ReadingFlag::BatteryLow);

    const Plausibility check = Plausibility::check(lastGood, reading.registers, meter->maxRate);
    const QString day = out.at.toTimeZone(m_options.officeZone).date().toString(Qt::ISODate);
    const auto dayKey = qMakePair(reading.meter.v, day);
    DailyDelta& daily = batch.daily[dayKey];
    daily.readings += 1;

    using S = IngestOutcome::Status;
    bool accepted = false; // becomes the new plausibility baseline
    if (check.isAnomaly() && check.verdict != Plausibility::Verdict::CounterReset) {
        out.status = S::Anomaly;
        out.reason = Plausibility::verdictKey(check.verdict);
        out.problem = check.problem;
        row.flags |= qint64(ReadingFlag::Anomaly);
        daily.anomalies += 1;
        if (daily.firstAtMs == 0) // a day with nothing accepted yet: its times, no values
            daily.firstAtMs = daily.lastAtMs = atMs;
    } else if (check.verdict == Plausibility::Verdict::CounterReset) {
        out.status = S::CounterReset;
        out.reason = Plausibility::verdictKey(check.verdict);
        out.problem = check.problem;
        row.flags |= qint64(ReadingFlag::CounterReset);
        accepted = true;
    } else {
        accepted = true;
        if (check.verdict == Plausibility::Verdict::Ok) {
            for (auto it = reading.registers.values.cbegin(); it != reading.registers.values.cend(); ++it) {
                const auto before = lastGood->values.constFind(it.key());
                if (before != lastGood->values.cend())
                    daily.used[size_t(it.key())] += it->milli() - before->milli();
            }
        }
    }
    if (accepted)
        addDaily(daily, reading.registers);

    const std::optional<AccountId> account = meter->account;
    if (!account) {
        if (out.status != S::Anomaly && out.status != S::CounterReset)
            out.status = S::Unassigned;
        row.flags |= qint64(ReadingFlag::Unassigned);
    } else {
        const auto& settings = batch.accountSettings(s, *account, meter->utility);
        const std::shared_ptr<const Tariff> tariff = settings ? batch.tariff(s, settings->tariffKey) : nullptr;
        if (!settings) {
            if (out.status != S::Anomaly) {
                out.status = S::NotBilled;
                out.reason = QStringLiteral("no-settings");
                out.problem = tr("Account %1 has no collection settings (tariff, thresholds)").arg(account->v);
                row.flags |= qint64(ReadingFlag::NotBilled);
            }
        } else if (!tariff) {
            // A tariff that cannot be used (not in the database, say): stored, not billed (the
            // billing state waits, so a later reading bills the interval once the tariff is
            // there), and the rest of the batch goes on.
            if (out.status != S::Anomaly) {
                out.status = S::NotBilled;
                out.reason = QStringLiteral("no-tariff");
                out.problem = tr("Account %1 cannot be billed: %2").arg(account->v).arg(batch.tariffErrors.value(settings->tariffKey));
                row.flags |= qint64(ReadingFlag::NotBilled);
            }
        } else if (out.status != S::Anomaly) {
            auto stateIt = batch.billing.find(reading.meter.v);
            if (stateIt == batch.billing.end()) {
                auto loaded = s.store.loadBillingState(reading.meter, tariff->unit);
                stateIt = batch.billing.insert(reading.meter.v, loaded.value_or(MeterBillingState(tariff->unit)));
            }
            MeterBillingState& state = *stateIt;
            if (state.account && *state.account != account->v) {
                // The meter changed hands: this reading is the new tenant's baseline (what was
                // used since the old tenant's last reading is neither's to pay).
                state = MeterBillingState(tariff->unit);
                batch.dirtyBilling.insert(reading.meter.v);
            }
            state.account = account->v;
            if (out.status == S::CounterReset) {
                // Not billed: the counter's new values are the baseline from here on.
                if (state.last)
                    state.last = reading.registers;
                batch.dirtyBilling.insert(reading.meter.v);
            } else {
                const MeterBillingState before = state;
                const Deduction d = Biller::bill(*tariff, state, reading.registers);
                if (d.isAnomaly()) {
                    out.status = S::Anomaly;
                    out.reason = anomalyKey(d.anomaly);
                    out.problem = d.problem;
                    row.flags |= qint64(ReadingFlag::Anomaly);
                } else if (d.status == BillStatus::Baseline) {
                    out.status = S::Baseline;
                    row.flags |= qint64(ReadingFlag::Baseline);
                    batch.dirtyBilling.insert(reading.meter.v);
                } else {
                    out.status = S::Billed;
                    out.charged = d.total;
                    row.flags |= qint64(ReadingFlag::Billed);
                    batch.dirtyBilling.insert(reading.meter.v);
                    if (d.total.isPositive()) {
                        DeductionRequest r;
                        r.idempotencyKey = QStringLiteral("reading:%1:%2").arg(reading.meter.v).arg(atMs);
                        r.account = *account;
                        r.utility = meter->utility;
                        r.meter = reading.meter;
                        r.amount = d.total;
                        r.explanation = d.toCompactJson();
                        try {
                            const DeductionBatch::Staged tx = batch.deductions->add(r);
                            out.balance = tx.result.balanceAfter;
                            if (tx.index >= 0) { // written by flush(), which fills in the id
                                deduction = tx.index;
                                batch.outcomeDeduction.append({batch.count, tx.index});
                            } else { // posted before (replayed)
                                out.tx = tx.result.id;
                                row.txId = tx.result.id.v;
                            }
                        } catch (const LedgerRuleError& e) {
                            // Refused before anything was written (a closed account): keep
                            // the old baseline so a later reading bills this interval.
                            state = before;
                            out.status = S::NotBilled;
                            out.reason = QStringLiteral("ledger-refused");
                            out.problem = e.message();
                            out.charged = Money();
                            row.flags &= ~qint64(ReadingFlag::Billed);
                            row.flags |= qint64(ReadingFlag::NotBilled);
                        }
                    }
                }
            }
        }
        if (settings) {
            evaluate(out, batch, *account, meter->utility, reading.meter);
            if (reading.purchaseCount) {
                const qint64 offset = meter->options.value(QStringLiteral("purchase_count_offset")).toInteger();
                const qint64 ledgerCount =
                    offset + s.store.rechargeCount(*account, meter->utility, meter->installed.toMSecsSinceEpoch(), atMs);
                const qint64 pending =
                    s.store.rechargeCount(*account, meter->utility, atMs - m_options.purchasePendingMs, atMs);
                if (PurchaseCountCheck::compare(*reading.purchaseCount, ledgerCount, pending) ==
                    PurchaseCountCheck::Result::Mismatch) {
                    out.purchaseMismatch = true;
                    const QJsonObject detail{{QStringLiteral("meter_count"), *reading.purchaseCount},
                                             {QStringLiteral("ledger_count"), ledgerCount},
                                             {QStringLiteral("pending"), pending}};
                    s.store.insertAlarmEvent(account, meter->utility, reading.meter, QStringLiteral("purchase-count"),
                                             QString::number(ledgerCount), QString::number(*reading.purchaseCount),
                                             out.balance, QJsonDocument(detail).toJson(QJsonDocument::Compact), atMs);
                }
            }
        }
    }
    row.reason = out.reason;
    if (accepted) {
        lastGood = reading.registers;
        runtime.lastGoodAtMs = atMs;
    }
    batch.rows.append(row);
    batch.rowDeduction.append(deduction);
    return out;
}

void ReadingIngestor::evaluate(IngestOutcome& out, Batch& batch, AccountId account, Utility utility, MeterId meterId)
{
    Stores& s = *m_stores;
    const auto& settings = batch.accountSettings(s, account, utility);
    if (!settings)
        return;
    if (!out.balance)
        out.balance = batch.deductions->walletBalance(account, utility);
    MeterRuntime& runtime = batch.runtimeOf(s, meterId);
    const qint64 nowMs = m_clock.nowUtc().toMSecsSinceEpoch();
    if (auto change = AlarmPolicy::evaluate(runtime.alarm, *out.balance, settings->thresholds)) {
        out.alarm = change;
        runtime.alarm = change->to;
        s.store.insertAlarmEvent(account, utility, meterId, QStringLiteral("level"), alarmLevelKey(change->from),
                                 alarmLevelKey(change->to), change->balance, QByteArrayLiteral("{}"), nowMs);
    }
    ControlInputs in;
    in.level = runtime.alarm;
    in.forceOn = settings->forceOn;
    in.manual = settings->manual;
    in.protectedTimes = ProtectedTimes{settings->windows, settings->holidays, m_options.officeZone};
    in.actual = runtime.actual;
    const ControlDecision decision = ControlPolicy::decide(in, m_clock.nowUtc());
    runtime.desired = decision.desired;
    if (!decision.commandNeeded)
        runtime.desiredDueAtMs.reset();
    else if (decision.dueAt.isValid())
        runtime.desiredDueAtMs = decision.dueAt.toMSecsSinceEpoch();
    else
        runtime.desiredDueAtMs = MeterRuntime::kNeverDue; // protected without end: never send
    out.control = decision;
}

std::unique_ptr<ReadingIngestor::Batch> ReadingIngestor::newBatch()
{
    auto batch = std::make_unique<Batch>();
    batch->deductions = std::make_unique<DeductionBatch>(*m_ledger);
    return batch;
}

void ReadingIngestor::prefetch(Batch& batch, const QList<MeterReading>& readings, qsizetype from, qsizetype to)
{
    Stores& s = *m_stores;
    QList<qint64> chunkMeters; // every meter of the chunk
    QList<qint64> meterIds;    // those new to the batch
    qint64 minAt = std::numeric_limits<qint64>::max();
    qint64 maxAt = std::numeric_limits<qint64>::min();
    QSet<qint64> seen;
    for (qsizetype i = from; i < to; ++i) {
        const MeterReading& r = readings.at(i);
        if (!r.registers.utc.isValid())
            continue;
        const qint64 at = r.registers.utc.toMSecsSinceEpoch();
        minAt = std::min(minAt, at);
        maxAt = std::max(maxAt, at);
        if (!seen.contains(r.meter.v)) {
            seen.insert(r.meter.v);
            chunkMeters.append(r.meter.v);
            if (!batch.meters.contains(r.meter.v))
                meterIds.append(r.meter.v);
        }
    }
    if (chunkMeters.isEmpty())
        return;
    {
        QList<MeterId> ids;
        for (qint64 id : std::as_const(meterIds))
            ids.append(MeterId{id});
        for (const MeterRecord& m : s.registry.byIds(ids))
            batch.meters.insert(m.id.v, m);
        for (qint64 id : std::as_const(meterIds)) {
            if (!batch.meters.contains(id))
                batch.meters.insert(id, std::nullopt); // not in the registry: ingestOne refuses it
        }
    }
    // Stored (meter, time) pairs of the chunk's readings: one range per meter.
    batch.known.unite(s.store.existingReadings(chunkMeters, minAt, maxAt));
    // Runtime rows and the last good readings' values.
    QList<qint64> existing;
    QList<AccountId> accounts;
    for (qint64 id : std::as_const(meterIds)) {
        const std::optional<MeterRecord>& m = *batch.meters.constFind(id);
        if (!m)
            continue;
        existing.append(id);
        if (m->account)
            accounts.append(*m->account);
    }
    const QHash<qint64, MeterRuntime> runtimes = s.store.loadRuntimes(existing);
    QHash<qint64, Unit> withLastGood;
    for (auto it = runtimes.cbegin(); it != runtimes.cend(); ++it) {
        batch.runtime.insert(it.key(), *it);
        if (it->lastGoodAtMs)
            withLastGood.insert(it.key(), defaultUnit((*batch.meters.constFind(it.key()))->utility));
    }
    const QHash<qint64, ReadingSet> values = s.store.lastGoodValues(withLastGood);
    for (auto it = runtimes.cbegin(); it != runtimes.cend(); ++it) {
        const auto v = values.constFind(it.key());
        batch.lastGood.insert(it.key(), v == values.cend() ? std::nullopt : std::optional<ReadingSet>(*v));
    }
    // Settings of the wallets, tariffs, billing states, then the ledger's side.
    std::sort(accounts.begin(), accounts.end());
    accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
    for (const AccountSettings& a : s.settings.ofAccounts(accounts))
        batch.settings.insert(QString::number(a.account.v) + u'|' + utilityKey(a.utility), a);
    for (qint64 id : std::as_const(existing)) {
        const MeterRecord& m = **batch.meters.constFind(id);
        const QString key = m.account ? QString::number(m.account->v) + u'|' + utilityKey(m.utility) : QString();
        if (m.account && !batch.settings.contains(key))
            batch.settings.insert(key, std::nullopt); // none: NotBilled, without asking again
    }
    QHash<qint64, Unit> billed;
    QList<std::pair<AccountId, Utility>> wallets;
    for (qint64 id : std::as_const(existing)) {
        const MeterRecord& m = **batch.meters.constFind(id);
        if (!m.account)
            continue;
        const auto& settings = batch.accountSettings(s, *m.account, m.utility); // nullopt kept when absent
        if (!settings)
            continue;
        wallets.append({*m.account, m.utility});
        if (const auto tariff = batch.tariff(s, settings->tariffKey))
            billed.insert(id, tariff->unit);
    }
    const QHash<qint64, MeterBillingState> states = s.store.loadBillingStates(billed);
    for (auto it = billed.cbegin(); it != billed.cend(); ++it)
        batch.billing.insert(it.key(), states.value(it.key(), MeterBillingState(*it)));
    QStringList keys;
    for (qsizetype i = from; i < to; ++i) {
        const MeterReading& r = readings.at(i);
        if (batch.billing.contains(r.meter.v) && r.registers.utc.isValid())
            keys.append(QStringLiteral("reading:%1:%2").arg(r.meter.v).arg(r.registers.utc.toMSecsSinceEpoch()));
    }
    batch.deductions->prefetch(wallets, keys);
}

void ReadingIngestor::flush(Batch& batch, QList<IngestOutcome>& outcomes)
{
    Stores& s = *m_stores;
    const qint64 nowMs = m_clock.nowUtc().toMSecsSinceEpoch();
    const QList<TransactionId> txIds = batch.deductions->write();
    for (const auto& [position, staged] : std::as_const(batch.outcomeDeduction))
        outcomes[position].tx = txIds.at(staged);
    for (qsizetype i = 0; i < batch.rows.size(); ++i) {
        if (batch.rowDeduction.at(i) >= 0)
            batch.rows[i].txId = txIds.at(batch.rowDeduction.at(i)).v;
    }
    s.store.insertReadings(batch.rows);
    s.store.saveRuntimes(batch.runtime.values(), nowMs);
    s.store.saveBillingStates(batch.billing, batch.dirtyBilling, nowMs);
    s.store.mergeDailyAll(batch.daily);
}

IngestOutcome ReadingIngestor::ingest(const MeterReading& reading)
{
    for (int attempt = 1;; ++attempt) {
        try {
            storage::TransactionGuard guard(m_db);
            const std::unique_ptr<Batch> batch = newBatch();
            prefetch(*batch, {reading}, 0, 1);
            QList<IngestOutcome> out{ingestOne(reading, *batch, true)};
            flush(*batch, out);
            guard.commit();
            return out.first();
        } catch (const storage::StorageError& e) {
            if (attempt >= m_options.maxAttempts || !e.isRetryable())
                throw;
        }
    }
}

IngestOutcome ReadingIngestor::ingestInTransaction(const MeterReading& reading)
{
    if (!m_db.inTransaction())
        throw storage::StorageError(tr("A reading of meter %1 is ingested into the caller's transaction, but none is active")
                                        .arg(reading.meter.v));
    const std::unique_ptr<Batch> batch = newBatch();
    prefetch(*batch, {reading}, 0, 1);
    QList<IngestOutcome> out{ingestOne(reading, *batch, true)};
    flush(*batch, out);
    return out.first();
}

IngestReport ReadingIngestor::ingestAll(const QList<MeterReading>& readings)
{
    IngestReport report;
    qsizetype start = 0;
    int attempt = 1;
    while (start < readings.size()) {
        QList<IngestOutcome> outcomes;
        qsizetype i = start;
        try {
            storage::TransactionGuard guard(m_db);
            const std::unique_ptr<Batch> batch = newBatch();
            QElapsedTimer timer;
            timer.start();
            const qsizetype end = std::min(readings.size(), start + qsizetype(std::max(1, m_options.batchSize)));
            qsizetype prefetched = start;
            while (i < end && timer.elapsed() < m_options.batchMs) {
                if (i == prefetched) { // the next chunk's reads, a few statements for kPrefetch readings
                    prefetched = std::min(end, i + kPrefetch);
                    prefetch(*batch, readings, i, prefetched);
                }
                outcomes.append(ingestOne(readings.at(i), *batch, true));
                ++batch->count;
                ++i;
            }
            flush(*batch, outcomes);
            guard.commit();
        } catch (const storage::StorageError& e) {
            if (e.isRetryable() && attempt < m_options.maxAttempts) {
                ++attempt;
                continue; // the whole batch again, from fresh reads
            }
            report.failure = IngestFailure{i, readings.value(i).meter, readings.value(i).registers.utc, e.message()};
            return report;
        } catch (const Error& e) {
            report.failure = IngestFailure{i, readings.value(i).meter, readings.value(i).registers.utc, e.message()};
            return report;
        }
        attempt = 1;
        report.outcomes.append(outcomes);
        report.committed = i;
        start = i;
    }
    return report;
}

QList<IngestOutcome> ReadingIngestor::reevaluate(AccountId account, Utility utility)
{
    for (int attempt = 1;; ++attempt) {
        try {
            storage::TransactionGuard guard(m_db);
            const std::unique_ptr<Batch> owned = newBatch();
            Batch& batch = *owned;
            QList<IngestOutcome> outs;
            for (const MeterRecord& m : m_stores->registry.all()) {
                if (m.account != account || m.utility != utility)
                    continue;
                batch.meters.insert(m.id.v, m);
                IngestOutcome out;
                out.meter = m.id;
                out.at = m_clock.nowUtc();
                out.status = IngestOutcome::Status::Evaluated;
                evaluate(out, batch, account, utility, m.id);
                outs.append(out);
            }
            flush(batch, outs);
            guard.commit();
            return outs;
        } catch (const storage::StorageError& e) {
            if (attempt >= m_options.maxAttempts || !e.isRetryable())
                throw;
        }
    }
}

} // namespace md
