// The bus worker: queues, retries, probing of silent meters, switch commands with read-back.
#include "collection/bus_worker.h"

#include "util/decimal.h"

#include "collection/bus_transport.h"
#include "collection/qt_modbus_transport.h"


#include <QDateTime>
#include <QElapsedTimer>
#include <QMutexLocker>
#include <QTimer>

namespace md::collection {

namespace {
qint64 monotonicMs()
{
    static QElapsedTimer t = [] {
        QElapsedTimer e;
        e.start();
        return e;
    }();
    return t.elapsed();
}
} // namespace

BusWorker::BusWorker(BusSettings settings, std::vector<MeterEndpoint> meters, const Clock& clock,
                     QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_clock(clock)
{
    m_slots.reserve(meters.size());
    m_snapshot.bus = m_settings.name;
    for (MeterEndpoint& e : meters) {
        Slot s;
        s.driver = makeMeterDriver(e, m_settings); // throws InputError for a bad map
        if (e.knownLost) {
            s.lost = true;
            s.missed = std::max(m_settings.probeAfterMisses, m_settings.lostAfterMisses);
        }
        s.endpoint = std::move(e);
        MeterDiagnostics d;
        d.meter = s.endpoint.id;
        d.name = s.endpoint.name;
        d.timeoutMs = m_settings.requestTimeoutMs;
        m_snapshot.meters.push_back(d);
        m_slots.push_back(std::move(s));
    }
}

BusWorker::~BusWorker() = default;

BusDiagnostics BusWorker::diagnostics() const
{
    QMutexLocker lock(&m_mutex);
    return m_snapshot;
}

void BusWorker::start()
{
    if (m_settings.transport == TransportKind::QtModbus)
        m_transport = std::make_unique<QtModbusTransport>(m_settings);
    else
        m_transport = std::make_unique<SerialBusTransport>(m_settings);
    QString problem;
    m_open = m_transport->open(&problem);
    if (m_open) {
        for (const Slot& s : m_slots) {
            if (!m_transport->supports(s.endpoint.protocol)) {
                m_open = false;
                problem = tr("bus %1 uses the Qt Modbus transport but meter %2 speaks %3")
                              .arg(m_settings.name, s.endpoint.name,
                                   protocol::protocolName(s.endpoint.protocol));
                m_transport->close();
                break;
            }
        }
    }
    emit started(m_settings.name, m_open, problem);
    schedule();
}

void BusWorker::stop()
{
    m_urgent.clear();
    m_poll.clear();
    for (Slot& s : m_slots)
        s.queuedForCycle = false;
    m_cyclePending = 0;
    if (m_transport)
        m_transport->close();
    m_open = false;
}

void BusWorker::runCycle()
{
    if (m_cyclePending == 0) {
        m_cycleOk = m_cycleFailed = 0;
        m_cycleStartMs = monotonicMs();
    }
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].queuedForCycle)
            continue; // still waiting from the last cycle: one read is enough
        m_slots[i].queuedForCycle = true;
        m_poll.push_back({Job::Kind::CycleRead, i});
        ++m_cyclePending;
    }
    if (m_cyclePending == 0)
        emit cycleFinished(m_settings.name, 0, 0, 0);
    schedule();
}

void BusWorker::readNow(const QList<qint64>& meters)
{
    for (std::size_t i = 0; i < m_slots.size(); ++i)
        if (meters.isEmpty() || meters.contains(m_slots[i].endpoint.id.v))
            m_urgent.push_back({Job::Kind::ManualRead, i});
    schedule();
}

void BusWorker::command(qint64 meter, SwitchCommand c)
{
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].endpoint.id.v == meter) {
            Job j{Job::Kind::Command, i};
            j.command = c;
            m_urgent.push_back(j);
            schedule();
            return;
        }
    }
    CommandResult r;
    r.meter = MeterId{meter};
    r.command = c;
    r.problem = tr("meter %1 is not on bus %2").arg(meter).arg(m_settings.name);
    emit commandFinished(r);
}

void BusWorker::settings(qint64 meter, const QList<SettingValue>& values)
{
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].endpoint.id.v == meter) {
            Job j{Job::Kind::Settings, i};
            j.settings = values;
            m_urgent.push_back(j);
            schedule();
            return;
        }
    }
    SettingsResult r;
    r.meter = MeterId{meter};
    r.settings = values;
    r.problem = tr("meter %1 is not on bus %2").arg(meter).arg(m_settings.name);
    emit settingsFinished(r);
}

void BusWorker::purchase(qint64 meter, qint64 amountFen, qint64 sequence)
{
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
        if (m_slots[i].endpoint.id.v == meter) {
            Job j{Job::Kind::Purchase, i};
            j.amountFen = amountFen;
            j.sequence = sequence;
            m_urgent.push_back(j);
            schedule();
            return;
        }
    }
    PurchaseResult r;
    r.meter = MeterId{meter};
    r.amount = Money::fromFen(amountFen);
    r.sequence = sequence;
    r.problem = tr("meter %1 is not on bus %2").arg(meter).arg(m_settings.name);
    emit purchaseFinished(r);
}

void BusWorker::scanModbus(int firstSlave, int lastSlave)
{
    m_scanFound = 0;
    Job j{Job::Kind::ScanModbus};
    j.next = std::clamp(firstSlave, 1, 247);
    j.last = std::clamp(lastSlave, 1, 247);
    m_urgent.push_back(j);
    schedule();
}

void BusWorker::scanWildcard()
{
    m_scanFound = 0;
    m_urgent.push_back({Job::Kind::ScanWildcard});
    schedule();
}

void BusWorker::schedule()
{
    if (m_scheduled || m_busy)
        return;
    if (m_urgent.empty() && m_poll.empty()) {
        emit idle(m_settings.name);
        return;
    }
    // Through the event loop, so that queued slots (a manual command) get in between requests.
    m_scheduled = true;
    QTimer::singleShot(0, this, &BusWorker::processOne);
}

void BusWorker::processOne()
{
    m_scheduled = false;
    if (m_busy)
        return; // a nested event loop (Qt transport) ran us; the outer call reschedules
    if (!m_open) {
        // No port: every read fails at once and is counted as missed, so that the service
        // sees the bus is down instead of waiting for it.
        while (!m_poll.empty()) {
            const Job j = m_poll.front();
            m_poll.pop_front();
            m_slots[j.slot].queuedForCycle = false;
            emit readFailed(m_slots[j.slot].endpoint.id.v, tr("bus %1 is not open").arg(m_settings.name));
            finishCycleJob(false);
        }
        while (!m_urgent.empty()) {
            const Job j = m_urgent.front();
            m_urgent.pop_front();
            if (j.kind == Job::Kind::Command) {
                CommandResult r;
                r.meter = m_slots[j.slot].endpoint.id;
                r.command = j.command;
                r.attempts = j.attempt;
                r.problem = tr("bus %1 is not open").arg(m_settings.name);
                emit commandFinished(r);
            } else if (j.kind == Job::Kind::Purchase) {
                PurchaseResult r;
                r.meter = m_slots[j.slot].endpoint.id;
                r.amount = Money::fromFen(j.amountFen);
                r.sequence = j.sequence;
                r.attempts = j.attempt;
                r.problem = tr("bus %1 is not open").arg(m_settings.name);
                emit purchaseFinished(r);
            } else if (j.kind == Job::Kind::ManualRead) {
                emit readFailed(m_slots[j.slot].endpoint.id.v,
                                tr("bus %1 is not open").arg(m_settings.name));
            } else {
                emit scanFinished(m_settings.name, 0);
            }
        }
        return;
    }
    if (m_urgent.empty() && m_poll.empty())
        return;
    m_busy = true;
    Job job;
    if (!m_urgent.empty()) {
        job = m_urgent.front();
        m_urgent.pop_front();
    } else {
        job = m_poll.front();
        m_poll.pop_front();
    }
    switch (job.kind) {
    case Job::Kind::CycleRead:
        m_slots[job.slot].queuedForCycle = false;
        doRead(m_slots[job.slot], true);
        break;
    case Job::Kind::ManualRead:
        doRead(m_slots[job.slot], false);
        break;
    case Job::Kind::Command:
        doCommand(job);
        break;
    case Job::Kind::Purchase:
        doPurchase(job);
        break;
    case Job::Kind::Settings:
        doSettings(job);
        break;
    case Job::Kind::ScanModbus:
        doScanModbus(job);
        break;
    case Job::Kind::ScanWildcard:
        doScanWildcard();
        break;
    }
    m_busy = false;
    schedule();
}

int BusWorker::adaptiveTimeoutMs(const Slot& s) const
{
    // From measured latency: 1.5 × the 99th percentile of this meter's exchanges (which
    // include the answer's wire time), never below the floor, never above the configured
    // timeout. Until a few answers are in, the configured timeout.
    if (s.latency.size() < 3)
        return m_settings.requestTimeoutMs;
    const qint64 p99Ms = (s.latency.percentileUs(99) + 999) / 1000;
    return int(std::clamp<qint64>(p99Ms * 3 / 2 + m_settings.minTimeoutMs / 2,
                                  m_settings.minTimeoutMs, m_settings.requestTimeoutMs));
}

void BusWorker::doRead(Slot& s, bool polled)
{
    ++s.reads;
    const std::size_t index = std::size_t(&s - m_slots.data());
    Outcome last;
    bool ok = false;
    MeterReading reading;
    if (polled && s.missed >= m_settings.probeAfterMisses) {
        // A meter that missed cycles gets one short probe, no retries: a dead meter costs the
        // bus one probe timeout per cycle, not the full timeout times the retries.
        MeterLink probe(*m_transport, s.link, s.latency, m_busLatency, m_settings.probeTimeoutMs);
        last = s.driver->probe(probe);
    }
    if (last.ok()) {
        // Every attempt waits the meter's adaptive timeout: its answers say how long it takes,
        // and a retry is for a lost or garbled frame, not for a meter that became slower. A
        // meter that has not answered yet (new, or dead since the service started) keeps the
        // configured timeout, so a slow one is not missed for lack of figures.
        const int timeout = adaptiveTimeoutMs(s);
        for (int attempt = 0; attempt <= m_settings.retries; ++attempt) {
            MeterLink link(*m_transport, s.link, s.latency, m_busLatency, timeout);
            last = s.driver->read(link, m_clock.nowUtc(), reading);
            if (last.ok()) {
                ok = true;
                break;
            }
            if (last.failure == Failure::PortError)
                break;
        }
    }
    if (ok) {
        ++s.readsOk;
        s.lastGood = reading.registers.utc;
        s.missed = 0;
        const bool recovered = s.lost;
        s.lost = false;
        publish(s, index);
        emit readingReady(reading);
        if (recovered)
            emit meterRecovered(s.endpoint.id.v);
    } else {
        bool nowLost = false;
        if (polled) {
            ++s.missed;
            if (!s.lost && s.missed >= m_settings.lostAfterMisses)
                s.lost = nowLost = true;
        }
        publish(s, index);
        emit readFailed(s.endpoint.id.v, last.problem);
        if (nowLost)
            emit meterLost(s.endpoint.id.v);
    }
    if (polled)
        finishCycleJob(ok);
}

void BusWorker::finishCycleJob(bool ok)
{
    (ok ? m_cycleOk : m_cycleFailed) += 1;
    if (--m_cyclePending > 0)
        return;
    m_cyclePending = 0;
    const qint64 elapsed = monotonicMs() - m_cycleStartMs;
    {
        QMutexLocker lock(&m_mutex);
        ++m_snapshot.cycles;
        m_snapshot.lastCycleMs = elapsed;
    }
    emit cycleFinished(m_settings.name, m_cycleOk, m_cycleFailed, elapsed);
}

void BusWorker::doCommand(const Job& job)
{
    Slot& s = m_slots[job.slot];
    MeterLink link(*m_transport, s.link, s.latency, m_busLatency, m_settings.requestTimeoutMs);
    Outcome o = s.driver->sendSwitch(link, job.command, m_clock.nowUtc(), m_settings);
    // Read the state back even when the command failed: what we report is what the meter has.
    SwitchState observed = SwitchState::Unknown;
    if (o.failure != Failure::PortError) {
        MeterLink back(*m_transport, s.link, s.latency, m_busLatency, m_settings.requestTimeoutMs);
        const Outcome rb = s.driver->readSwitch(back, observed);
        if (!rb.ok() && o.ok())
            o = rb;
    }
    publish(s, job.slot);
    CommandResult r;
    r.meter = s.endpoint.id;
    r.command = job.command;
    r.observed = observed;
    r.attempts = job.attempt + 1;
    r.confirmed = o.ok() && s.driver->confirms(job.command, observed);
    if (r.confirmed) {
        emit commandFinished(r);
        return;
    }
    if (retryLater(job))
        return;
    r.problem = o.ok() ? tr("the meter reports %1 after the command")
                             .arg(switchStateKey(observed))
                       : o.problem;
    emit commandFinished(r);
}

bool BusWorker::retryLater(const Job& job)
{
    if (job.attempt + 1 >= m_settings.commandAttempts || !m_open)
        return false;
    // Unconfirmed: try again after a backoff that doubles; meanwhile the bus keeps polling.
    Job again = job;
    ++again.attempt;
    const int delay = m_settings.commandBackoffMs << std::min(job.attempt, 10);
    QTimer::singleShot(delay, this, [this, again] {
        if (!m_open)
            return;
        m_urgent.push_back(again);
        schedule();
    });
    return true;
}

void BusWorker::doPurchase(const Job& job)
{
    Slot& s = m_slots[job.slot];
    PurchaseResult r;
    r.meter = s.endpoint.id;
    r.amount = Money::fromFen(job.amountFen);
    r.sequence = job.sequence;
    r.attempts = job.attempt + 1;
    MeterLink link(*m_transport, s.link, s.latency, m_busLatency, m_settings.requestTimeoutMs);
    // The same sequence on every attempt: if an earlier write went through and only its answer
    // was lost, the meter refuses the repeat and the read-back shows the purchase counted once.
    Outcome o = s.driver->writePurchase(link, r.amount, job.sequence);
    if (o.failure != Failure::PortError) {
        MeterLink back(*m_transport, s.link, s.latency, m_busLatency, m_settings.requestTimeoutMs);
        const Outcome rb = s.driver->readPurchaseState(back, r.balance, r.purchaseCount);
        if (!rb.ok() && o.ok())
            o = rb;
    }
    publish(s, job.slot);
    r.confirmed = r.purchaseCount && *r.purchaseCount == job.sequence;
    if (r.confirmed) {
        emit purchaseFinished(r);
        return;
    }
    if (retryLater(job))
        return;
    r.problem = !o.ok() ? o.problem
                        : tr("the meter counts %1 purchases, not %2")
                              .arg(r.purchaseCount ? *r.purchaseCount : -1)
                              .arg(job.sequence);
    emit purchaseFinished(r);
}

void BusWorker::doSettings(const Job& job)
{
    Slot& s = m_slots[job.slot];
    SettingsResult r;
    r.meter = s.endpoint.id;
    r.settings = job.settings;
    r.attempts = job.attempt + 1;
    Outcome o;
    bool mismatch = false;
    for (const SettingValue& v : job.settings) {
        MeterLink link(*m_transport, s.link, s.latency, m_busLatency, m_settings.requestTimeoutMs);
        o = s.driver->writeSetting(link, v);
        if (!o.ok())
            break;
        // Confirmed only by reading the value back: a meter that acknowledged a write it did
        // not keep is caught here.
        qint64 back = 0;
        MeterLink readBack(*m_transport, s.link, s.latency, m_busLatency, m_settings.requestTimeoutMs);
        o = s.driver->readSetting(readBack, v.key, v.decimals, back);
        if (!o.ok())
            break;
        if (back != v.scaled) {
            mismatch = true;
            r.problem = tr("the meter reads %1 = %2 after the write of %3")
                            .arg(v.key, formatScaled(back, v.decimals), formatScaled(v.scaled, v.decimals));
            break;
        }
    }
    if (o.ok() && !mismatch) {
        r.confirmed = true;
        emit settingsFinished(r);
        return;
    }
    // A meter without such a setting will not grow one: no retry for a refusal.
    if (o.failure != Failure::MeterError && retryLater(job))
        return;
    if (!mismatch)
        r.problem = o.problem;
    emit settingsFinished(r);
}

void BusWorker::publish(const Slot& s, std::size_t index)
{
    MeterDiagnostics d;
    d.meter = s.endpoint.id;
    d.name = s.endpoint.name;
    d.link = s.link;
    d.reads = s.reads;
    d.readsOk = s.readsOk;
    d.missedCycles = s.missed;
    d.lost = s.lost;
    d.timeoutMs = adaptiveTimeoutMs(s);
    d.p50Us = s.latency.percentileUs(50);
    d.p95Us = s.latency.percentileUs(95);
    d.p99Us = s.latency.percentileUs(99);
    d.lastGoodReading = s.lastGood;
    const qint64 p50 = m_busLatency.percentileUs(50);
    const qint64 p95 = m_busLatency.percentileUs(95);
    const qint64 p99 = m_busLatency.percentileUs(99);
    QMutexLocker lock(&m_mutex);
    m_snapshot.meters[index] = d;
    LinkCounters total = m_busLink;
    qint64 reads = 0, ok = 0;
    for (const MeterDiagnostics& m : m_snapshot.meters) {
        total += m.link;
        reads += m.reads;
        ok += m.readsOk;
    }
    m_snapshot.link = total;
    m_snapshot.reads = reads;
    m_snapshot.readsOk = ok;
    m_snapshot.p50Us = p50;
    m_snapshot.p95Us = p95;
    m_snapshot.p99Us = p99;
}

} // namespace md::collection
