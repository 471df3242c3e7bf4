#include "collection/collection_service.h"

#include "collection/bus_manager.h"
#include "collection/collection_store.h"
#include "collection/meter_endpoint.h"
#include "collection/meter_registry.h"
#include "collection/purchase_sync.h"
#include "collection/reading_ingestor.h"
#include "collection/relay_command_log.h"
#include "storage/database.h"
#include "storage/transaction_guard.h"
#include "util/clock.h"
#include "util/error.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLoggingCategory>

namespace md::collection {

Q_LOGGING_CATEGORY(lcCollection, "md.collection")
Q_LOGGING_CATEGORY(lcControl, "md.control")

namespace {

// The service's own small transactions, retried like the ingestor's when the database says
// the conflict was transient (MariaDB deadlock, SQLite busy).
template <typename F>
void inTransaction(storage::Database& db, F&& work)
{
    for (int attempt = 1;; ++attempt) {
        try {
            storage::TransactionGuard guard(db);
            work();
            guard.commit();
            return;
        } catch (const storage::StorageError& e) {
            if (attempt >= 5 || !e.isRetryable())
                throw;
        }
    }
}

constexpr qsizetype kMaxPending = 200'000; // readings kept while the database refuses commits
constexpr int kRetryFlushMs = 5000;

SwitchCommand commandFor(SwitchState desired)
{
    return desired == SwitchState::Off ? SwitchCommand::Trip : SwitchCommand::Close;
}

} // namespace

CollectionService::CollectionService(storage::Database& db, const Clock& clock, CollectionConfig config, QObject* parent)
    : QObject(parent)
    , m_db(db)
    , m_clock(clock)
    , m_config(std::move(config))
{
    IngestOptions options;
    options.officeZone = m_config.officeZone;
    options.batchSize = m_config.ingestBatchSize;
    options.batchMs = std::max<qint64>(m_config.ingestBatchMs, 1);
    m_ingestor = std::make_unique<ReadingIngestor>(m_db, m_clock, options);
    m_commands = std::make_unique<RelayCommandLog>(m_db);
    m_store = std::make_unique<CollectionStore>(m_db);
    m_registry = std::make_unique<MeterRegistry>(m_db);
    m_purchases = std::make_unique<PurchaseSync>(m_db);

    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &CollectionService::flushReadings);
    m_controlTimer.setInterval(int(m_config.controlCheckSeconds * 1000));
    connect(&m_controlTimer, &QTimer::timeout, this, &CollectionService::sendDue);
    buildBuses();
}

CollectionService::~CollectionService()
{
    stop();
}

void CollectionService::buildBuses()
{
    QSet<QString> configured;
    for (const BusSettings& b : m_config.buses)
        configured.insert(b.name);
    std::vector<MeterEndpoint> endpoints;
    QSet<qint64> meters, meterSide;
    QList<qint64> unreachable;
    for (const MeterRecord& m : m_registry->all()) {
        if (!configured.contains(m.bus)) {
            unreachable.append(m.id.v);
            continue;
        }
        try {
            endpoints.push_back(EndpointMapper::fromRecord(m));
            endpoints.back().knownLost = m_store->loadRuntime(m.id).lost;
            meters.insert(m.id.v);
            if (endpoints.back().meterSideBalance)
                meterSide.insert(m.id.v);
        } catch (const InputError& e) {
            // One unusable row does not stop the office's other meters.
            qCWarning(lcCollection) << e.message();
            unreachable.append(m.id.v);
        }
    }
    if (!unreachable.isEmpty())
        qCWarning(lcCollection) << unreachable.size() << "meters of the registry are not read (no such bus, or unusable)";
    // Built whole before it replaces anything (it refuses duplicate addresses on a bus).
    auto manager = std::make_unique<BusManager>(m_config.buses, std::move(endpoints), m_clock, m_config.cycleSeconds);
    m_buses = std::move(manager);
    m_meters = meters;
    m_meterSide = meterSide;
    m_unreachable = unreachable;
    BusManager* b = m_buses.get();
    connect(b, &BusManager::readingReady, this, &CollectionService::onReading);
    connect(b, &BusManager::commandFinished, this, &CollectionService::onCommandFinished);
    connect(b, &BusManager::purchaseFinished, this, &CollectionService::onPurchaseFinished);
    connect(b, &BusManager::settingsFinished, this, &CollectionService::onSettingsFinished);
    connect(b, &BusManager::meterLost, this, [this](qint64 m) { onLostOrRecovered(m, true); });
    connect(b, &BusManager::meterRecovered, this, [this](qint64 m) { onLostOrRecovered(m, false); });
    connect(b, &BusManager::cycleFinished, this, &CollectionService::onCycleFinished);
    connect(b, &BusManager::busStarted, this, [this](const QString& bus, bool ok, const QString& problem) {
        if (!ok)
            qCWarning(lcCollection) << "bus" << bus << "did not open:" << problem;
        notify(QStringLiteral("event.bus.started"),
               {{QStringLiteral("bus"), bus}, {QStringLiteral("ok"), ok}, {QStringLiteral("problem"), problem}});
    });
    connect(b, &BusManager::scanFound, this, [this](const QString& bus, const QString& protocol, const QString& address) {
        notify(QStringLiteral("event.bus.scan_found"),
               {{QStringLiteral("bus"), bus}, {QStringLiteral("protocol"), protocol}, {QStringLiteral("address"), address}});
    });
    connect(b, &BusManager::scanFinished, this, [this](const QString& bus, int found) {
        notify(QStringLiteral("event.bus.scan_finished"), {{QStringLiteral("bus"), bus}, {QStringLiteral("found"), found}});
    });
    connect(b, &BusManager::readFailed, this, [](qint64 meter, const QString& problem) {
        qCInfo(lcCollection) << "meter" << meter << "not read:" << problem;
    });
}

void CollectionService::start()
{
    if (m_running)
        return;
    m_running = true;
    m_buses->start();
    m_controlTimer.start();
    // Commands an earlier run left open (sent, not confirmed; deferred trips) go out again
    // as they fall due.
    QTimer::singleShot(0, this, &CollectionService::sendDue);
}

void CollectionService::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_controlTimer.stop();
    m_buses->stop(); // joins the bus threads: queued readings arrive before it returns
    QCoreApplication::sendPostedEvents(this);
    flushReadings();
    m_inFlight.clear();
    m_purchaseInFlight.clear();
}

void CollectionService::reloadRegistry()
{
    const bool wasRunning = m_running;
    stop();
    try {
        buildBuses();
    } catch (const Error&) {
        if (wasRunning)
            start(); // the buses as they were
        throw;
    }
    if (wasRunning)
        start();
}

qint64 CollectionService::command(MeterId meter, SwitchState state, const QString& reason)
{
    const QDateTime now = m_clock.nowUtc();
    qint64 id = 0;
    inTransaction(m_db, [&] { id = m_commands->request(meter, state, reason, now, now); });
    if (const auto c = m_commands->byId(id); c && c->status == RelayCommand::Status::Requested)
        send(*c);
    return id;
}

SettingsPlan CollectionService::downloadSettings(MeterId meter)
{
    const std::optional<MeterRecord> m = m_registry->byId(meter);
    if (!m || !m_meters.contains(meter.v)) {
        SettingsPlan none;
        none.problem = tr("meter %1 is not on a bus this service reads").arg(meter.v);
        return none;
    }
    SettingsPlan plan = SettingsPlanner::plan(m_db, *m, m_clock.nowUtc());
    if (plan.values.isEmpty())
        return plan;
    qCInfo(lcControl) << "meter" << meter.v << "settings download of" << plan.values.size() << "values";
    m_buses->sendSettings(meter, plan.values);
    return plan;
}

void CollectionService::onSettingsFinished(const SettingsResult& r)
{
    if (r.confirmed)
        qCInfo(lcControl) << "meter" << r.meter.v << "settings confirmed";
    else
        qCWarning(lcControl) << "meter" << r.meter.v << "settings not confirmed:" << r.problem;
    notify(QStringLiteral("event.meter.settings"), r.toJson());
}

void CollectionService::readNow(const QList<MeterId>& meters)
{
    if (meters.isEmpty()) {
        m_buses->runCycle();
        return;
    }
    m_buses->readNow(meters);
}

bool CollectionService::readBus(const QString& bus)
{
    if (!busNames().contains(bus))
        return false;
    m_buses->readBus(bus);
    return true;
}

bool CollectionService::scan(const QString& bus, const QString& kind, int first, int last)
{
    return kind == u"modbus" ? m_buses->scanModbus(bus, first, last) : m_buses->scanWildcard(bus);
}

QStringList CollectionService::busNames() const
{
    QStringList names;
    for (const BusSettings& b : m_config.buses)
        names.append(b.name);
    return names;
}

QJsonArray CollectionService::diagnostics() const
{
    QJsonArray out;
    for (const BusDiagnostics& d : m_buses->diagnostics())
        out.append(d.toJson());
    return out;
}

void CollectionService::onReading(const MeterReading& reading)
{
    if (reading.purchaseCount)
        m_purchaseCount.insert(reading.meter.v, *reading.purchaseCount);
    m_pending.append(reading);
    if (m_pending.size() >= m_config.ingestBatchSize)
        flushReadings();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start(int(m_config.ingestBatchMs));
}

void CollectionService::flushReadings()
{
    m_flushTimer.stop();
    while (!m_pending.isEmpty()) {
        const QList<MeterReading> batch = std::exchange(m_pending, {});
        IngestReport report;
        try {
            report = m_ingestor->ingestAll(batch);
        } catch (const Error& e) {
            qCCritical(lcCollection) << "ingest failed:" << e.message();
            return;
        }
        m_committed += report.committed;
        QHash<QPair<qint64, int>, QJsonObject> wallets;
        for (const IngestOutcome& o : std::as_const(report.outcomes))
            handleOutcome(o, wallets);
        for (const QJsonObject& w : std::as_const(wallets))
            notify(QStringLiteral("event.account.changed"), w);
        // A meter-side meter whose count lags the ledger gets the missing purchase (after a
        // crash or a failed write, at its next reading).
        for (qsizetype i = 0; i < report.committed; ++i) {
            if (m_meterSide.contains(batch.at(i).meter.v))
                syncPurchase(batch.at(i).meter.v);
        }
        if (report.failure) {
            const IngestFailure& f = *report.failure;
            if (f.index < report.committed || f.index >= batch.size() || !f.at.isValid()) {
                // The database refused the commit itself (it is down, the disk is full): keep
                // the readings and try again a little later, without spinning. Past a limit the
                // oldest go: the registers are cumulative, the next cycle bills their energy.
                qCCritical(lcCollection) << "committing readings failed:" << f.message;
                m_pending = batch.mid(report.committed) + m_pending;
                if (m_pending.size() > kMaxPending)
                    m_pending.remove(0, m_pending.size() - kMaxPending);
                m_flushTimer.start(kRetryFlushMs);
                return;
            }
            // The batch holding the bad reading was rolled back whole; the readings after it
            // are tried again without it (the meter's register is read again next cycle).
            qCWarning(lcCollection) << "reading of meter" << f.meter.v << "at" << f.at << "not stored:" << f.message;
            QList<MeterReading> rest;
            for (qsizetype i = report.committed; i < batch.size(); ++i) {
                if (i != f.index)
                    rest.append(batch.at(i));
            }
            m_pending = rest + m_pending;
        }
    }
}

void CollectionService::handleOutcome(const IngestOutcome& o, QHash<QPair<qint64, int>, QJsonObject>& wallets)
{
    if (o.status == IngestOutcome::Status::Anomaly || o.status == IngestOutcome::Status::CounterReset)
        notify(QStringLiteral("event.meter.anomaly"), {{QStringLiteral("meter"), o.meter.v},
                                                       {QStringLiteral("status"), ingestStatusKey(o.status)},
                                                       {QStringLiteral("reason"), o.reason},
                                                       {QStringLiteral("at"), o.at.toString(Qt::ISODate)}});
    if (o.alarm) {
        notify(QStringLiteral("event.alarm.raised"), {{QStringLiteral("meter"), o.meter.v},
                                                      {QStringLiteral("from"), alarmLevelKey(o.alarm->from)},
                                                      {QStringLiteral("to"), alarmLevelKey(o.alarm->to)},
                                                      {QStringLiteral("balance"), o.alarm->balance.toYuanString()}});
    }
    if (o.balance) {
        if (const auto m = m_registry->byId(o.meter); m && m->account) {
            wallets.insert({m->account->v, int(m->utility)},
                           {{QStringLiteral("account"), m->account->v},
                            {QStringLiteral("utility"), utilityKey(m->utility)},
                            {QStringLiteral("balance"), o.balance->toYuanString()}});
        }
    }
    applyControl(o);
}

void CollectionService::applyControl(const IngestOutcome& o)
{
    if (!o.control)
        return;
    const ControlDecision& d = *o.control;
    const QDateTime now = m_clock.nowUtc();
    std::optional<qint64> id;
    inTransaction(m_db, [&] {
        id.reset();
        if (!d.commandNeeded) {
            // The meter already has the state it should have: a command still waiting for
            // something else (a deferred trip before a recharge) is no longer wanted.
            const auto open = m_commands->openFor(o.meter);
            if (open && open->command != d.desired && !m_inFlight.contains(o.meter.v))
                m_commands->supersedeOpen(o.meter);
            return;
        }
        if (d.deferred && !d.dueAt.isValid())
            return; // protected at every moment: nothing may be sent (reported by the ingestor)
        id = m_commands->request(o.meter, d.desired, d.reason, d.deferred ? d.dueAt : now, now);
    });
    if (!id)
        return;
    if (d.deferred) {
        qCInfo(lcControl) << "meter" << o.meter.v << switchStateKey(d.desired) << "deferred to" << d.dueAt;
        return;
    }
    if (const auto c = m_commands->byId(*id); c && c->status == RelayCommand::Status::Requested)
        send(*c);
}

void CollectionService::sendDue()
{
    if (!m_running)
        return;
    QList<RelayCommand> due;
    try {
        due = m_commands->due(m_clock.nowUtc());
    } catch (const Error& e) {
        qCWarning(lcControl) << "cannot read due commands:" << e.message();
        return;
    }
    for (const RelayCommand& c : std::as_const(due))
        send(c);
}

void CollectionService::send(const RelayCommand& c)
{
    if (!m_running || m_inFlight.contains(c.meter.v))
        return;
    if (!m_meters.contains(c.meter.v)) {
        // Its meter left this service's buses: the command cannot go out any more.
        inTransaction(m_db, [&] { m_commands->supersedeOpen(c.meter); });
        return;
    }
    inTransaction(m_db, [&] { m_commands->markSent(c.id, m_clock.nowUtc()); });
    m_inFlight.insert(c.meter.v, c.id);
    qCInfo(lcControl) << "meter" << c.meter.v << "command" << switchStateKey(c.command) << "reason" << c.reason;
    m_buses->sendCommand(c.meter, commandFor(c.command));
}

void CollectionService::onCommandFinished(const CommandResult& r)
{
    // 0: a command no relay_commands row waits for (sent by an earlier BusManager, say).
    const qint64 id = m_inFlight.take(r.meter.v);
    const QDateTime now = m_clock.nowUtc();
    RelayCommand::Status status = RelayCommand::Status::Confirmed;
    inTransaction(m_db, [&] {
        if (id > 0) {
            if (r.confirmed) {
                m_commands->confirm(id, now);
                status = RelayCommand::Status::Confirmed;
            } else {
                status = m_commands->unconfirmed(id, r.problem, now);
            }
        }
        if (r.observed != SwitchState::Unknown) {
            // Only what the meter said is recorded as its state.
            MeterRuntime runtime = m_store->loadRuntime(r.meter);
            runtime.actual = r.observed;
            m_store->saveRuntime(runtime, now.toMSecsSinceEpoch());
        }
    });
    QJsonObject event = r.toJson();
    if (id > 0) {
        event.insert(QStringLiteral("command_id"), id);
        event.insert(QStringLiteral("status"), relayStatusKey(status));
    }
    if (r.confirmed)
        qCInfo(lcControl) << "meter" << r.meter.v << switchCommandKey(r.command) << "confirmed";
    else
        qCWarning(lcControl) << "meter" << r.meter.v << switchCommandKey(r.command) << "not confirmed:" << r.problem;
    notify(QStringLiteral("event.meter.command"), event);
}

void CollectionService::onLostOrRecovered(qint64 meter, bool lost)
{
    const qint64 nowMs = m_clock.nowUtc().toMSecsSinceEpoch();
    // A recovery comes with the reading that ended it: commit that first so the runtime row
    // this writes is the newest.
    flushReadings();
    inTransaction(m_db, [&] {
        MeterRuntime runtime = m_store->loadRuntime(MeterId{meter});
        if (lost && runtime.lost)
            return; // already marked (by an earlier run)
        // A recovery: the reading that ended it has usually cleared the flag already (the
        // ingestor marks every answering meter online); the event is recorded all the same.
        if (runtime.lost != lost) {
            runtime.lost = lost;
            if (!lost)
                runtime.missedCycles = 0;
            m_store->saveRuntime(runtime, nowMs);
        }
        const auto m = m_registry->byId(MeterId{meter});
        m_store->insertAlarmEvent(m ? m->account : std::nullopt, m ? m->utility : Utility::Electricity, MeterId{meter},
                                  lost ? QStringLiteral("lost") : QStringLiteral("recovered"),
                                  lost ? QStringLiteral("online") : QStringLiteral("lost"),
                                  lost ? QStringLiteral("lost") : QStringLiteral("online"), std::nullopt,
                                  QByteArrayLiteral("{}"), nowMs);
    });
    qCWarning(lcCollection) << "meter" << meter << (lost ? "lost" : "recovered");
    notify(QStringLiteral("event.meter.changed"),
           {{QStringLiteral("meter"), meter}, {QStringLiteral("lost"), lost}});
}

void CollectionService::syncPurchase(qint64 meter)
{
    if (!m_running || !m_meterSide.contains(meter) || m_purchaseInFlight.contains(meter))
        return;
    try {
        std::optional<qint64> count;
        if (m_purchaseCount.contains(meter))
            count = m_purchaseCount.value(meter);
        else
            count = m_purchases->lastReadCount(MeterId{meter});
        if (!count)
            return; // never read: its first reading tells its count
        const std::optional<MeterRecord> record = m_registry->byId(MeterId{meter});
        if (!record)
            return;
        const std::optional<PurchaseSync::Purchase> p = m_purchases->next(*record, *count);
        if (!p)
            return;
        m_purchaseInFlight.insert(meter);
        qCInfo(lcControl) << "meter" << meter << "purchase" << p->sequence << p->amount.toYuanString() << "(transaction"
                          << p->transaction << ")";
        m_buses->sendPurchase(MeterId{meter}, p->amount, p->sequence);
    } catch (const Error& e) {
        qCWarning(lcControl) << "purchase for meter" << meter << "not sent:" << e.message();
    }
}

void CollectionService::onPurchaseFinished(const PurchaseResult& r)
{
    m_purchaseInFlight.remove(r.meter.v);
    if (r.purchaseCount)
        m_purchaseCount.insert(r.meter.v, *r.purchaseCount);
    notify(QStringLiteral("event.meter.purchase"), r.toJson());
    if (r.confirmed) {
        qCInfo(lcControl) << "meter" << r.meter.v << "purchase" << r.sequence << "confirmed";
        syncPurchase(r.meter.v); // the next one it lacks, if the desk was quicker than the bus
        return;
    }
    // Not confirmed: reported now, written again at the meter's next reading.
    qCWarning(lcControl) << "meter" << r.meter.v << "purchase" << r.sequence << "not confirmed:" << r.problem;
    try {
        const qint64 nowMs = m_clock.nowUtc().toMSecsSinceEpoch();
        const auto m = m_registry->byId(r.meter);
        inTransaction(m_db, [&] {
            m_store->insertAlarmEvent(m ? m->account : std::nullopt, m ? m->utility : Utility::Electricity, r.meter,
                                      QStringLiteral("purchase-failed"), QString::number(r.sequence - 1),
                                      QString::number(r.sequence), r.balance,
                                      QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact), nowMs);
        });
    } catch (const Error& e) {
        qCWarning(lcControl) << "cannot record the failed purchase:" << e.message();
    }
}

void CollectionService::onCycleFinished(qint64 elapsedMs)
{
    flushReadings();
    qCInfo(lcCollection) << "cycle finished in" << elapsedMs << "ms;" << m_committed << "readings committed so far";
    notify(QStringLiteral("event.cycle.finished"), {{QStringLiteral("elapsed_ms"), elapsedMs}});
    emit cycleCommitted(elapsedMs);
}

void CollectionService::walletChanged(AccountId account, Utility utility)
{
    QTimer::singleShot(0, this, [this, account, utility] {
        QList<IngestOutcome> outcomes;
        try {
            outcomes = m_ingestor->reevaluate(account, utility);
        } catch (const Error& e) {
            qCWarning(lcControl) << "re-evaluation of account" << account.v << "failed:" << e.message();
            return;
        }
        QHash<QPair<qint64, int>, QJsonObject> wallets;
        for (const IngestOutcome& o : std::as_const(outcomes)) {
            if (o.alarm)
                handleOutcome(o, wallets);
            else
                applyControl(o);
        }
        for (qint64 meter : std::as_const(m_meterSide)) {
            const auto m = m_registry->byId(MeterId{meter});
            if (m && m->account == account && m->utility == utility)
                syncPurchase(meter);
        }
    });
}

void CollectionService::notify(const QString& method, const QJsonObject& params) const
{
    if (m_notifier)
        m_notifier(method, params);
}

} // namespace md::collection
