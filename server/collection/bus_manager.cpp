#include "collection/bus_manager.h"

#include "collection/bus_worker.h"

#include "util/error.h"

#include <QElapsedTimer>
#include <QSet>
#include <QThread>

#include <map>

namespace md::collection {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(md::collection::BusManager)
};

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

BusManager::BusManager(std::vector<BusSettings> buses, std::vector<MeterEndpoint> meters,
                       const Clock& clock, qint64 cycleSeconds, qint64 speed, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_scheduler(clock, cycleSeconds, speed,
                  buses.empty() ? 8 * 3600 : buses.front().meterUtcOffsetSeconds)
{
    qRegisterMetaType<md::MeterReading>();
    qRegisterMetaType<md::collection::CommandResult>();
    qRegisterMetaType<md::collection::SwitchCommand>();
    qRegisterMetaType<md::collection::PurchaseResult>();
    qRegisterMetaType<md::collection::SettingsResult>();

    std::map<QString, std::vector<MeterEndpoint>> perBus;
    for (const BusSettings& b : buses) {
        if (perBus.count(b.name))
            throw InputError(b.name, 0, Tr::tr("bus \"%1\" is configured twice").arg(b.name));
        perBus[b.name];
    }
    QSet<qint64> seen;
    for (MeterEndpoint& m : meters) {
        if (!perBus.count(m.bus))
            throw InputError(m.name, 0, Tr::tr("meter %1 names bus \"%2\", which is not configured")
                                            .arg(m.name, m.bus));
        if (seen.contains(m.id.v))
            throw InputError(m.name, 0, Tr::tr("meter id %1 appears twice").arg(m.id.v));
        seen.insert(m.id.v);
        perBus[m.bus].push_back(std::move(m));
    }
    for (BusSettings& b : buses) {
        Bus bus;
        for (const MeterEndpoint& m : perBus[b.name])
            bus.meters.push_back(m.id.v);
        bus.worker = new BusWorker(b, std::move(perBus[b.name]), m_clock);
        bus.settings = std::move(b);
        m_buses.push_back(std::move(bus));
    }
    for (Bus& bus : m_buses) {
        BusWorker* w = bus.worker;
        connect(w, &BusWorker::started, this, &BusManager::busStarted);
        connect(w, &BusWorker::readingReady, this, &BusManager::readingReady);
        connect(w, &BusWorker::readFailed, this, &BusManager::readFailed);
        connect(w, &BusWorker::meterLost, this, &BusManager::meterLost);
        connect(w, &BusWorker::meterRecovered, this, &BusManager::meterRecovered);
        connect(w, &BusWorker::commandFinished, this, &BusManager::commandFinished);
        connect(w, &BusWorker::purchaseFinished, this, &BusManager::purchaseFinished);
        connect(w, &BusWorker::settingsFinished, this, &BusManager::settingsFinished);
        connect(w, &BusWorker::scanFound, this, &BusManager::scanFound);
        connect(w, &BusWorker::scanFinished, this, &BusManager::scanFinished);
        connect(w, &BusWorker::cycleFinished, this, &BusManager::onBusCycleFinished);
    }
    connect(&m_scheduler, &CycleScheduler::cycleDue, this, [this] { runCycle(); });
}

BusManager::~BusManager()
{
    stop();
    for (Bus& b : m_buses) {
        delete b.worker; // its thread has ended (stop), or never started
        delete b.thread;
    }
}

void BusManager::start()
{
    if (m_running)
        return;
    m_running = true;
    for (Bus& b : m_buses) {
        b.thread = new QThread;
        b.thread->setObjectName(QStringLiteral("bus-") + b.settings.name);
        b.worker->moveToThread(b.thread);
        b.thread->start();
        QMetaObject::invokeMethod(b.worker, &BusWorker::start, Qt::QueuedConnection);
    }
    m_scheduler.start();
}

void BusManager::stop()
{
    if (!m_running)
        return;
    m_running = false;
    m_scheduler.stop();
    for (Bus& b : m_buses) {
        // Runs after the request in flight: nothing is cut off mid-frame. The worker goes back
        // to this thread (only its own thread may move it), so that a restart can move it again.
        BusWorker* w = b.worker;
        QThread* home = thread();
        QMetaObject::invokeMethod(
            w, [w, home] { w->stop(); w->moveToThread(home); }, Qt::BlockingQueuedConnection);
        b.thread->quit();
    }
    for (Bus& b : m_buses)
        b.thread->wait();
}

void BusManager::runCycle()
{
    if (m_cycleBusesPending.isEmpty())
        m_cycleStartMs = monotonicMs();
    for (Bus& b : m_buses) {
        // A set, not a count: a bus still in the last cycle merges this one into it and
        // reports one end for both.
        m_cycleBusesPending.insert(b.settings.name);
        QMetaObject::invokeMethod(b.worker, &BusWorker::runCycle, Qt::QueuedConnection);
    }
}

void BusManager::onBusCycleFinished(const QString& bus, int ok, int failed, qint64 elapsedMs)
{
    emit busCycleFinished(bus, ok, failed, elapsedMs);
    if (m_cycleBusesPending.remove(bus) && m_cycleBusesPending.isEmpty())
        emit cycleFinished(monotonicMs() - m_cycleStartMs);
}

void BusManager::readNow(const QList<MeterId>& meters)
{
    for (Bus& b : m_buses) {
        QList<qint64> mine;
        for (MeterId m : meters)
            if (b.meters.contains(m.v))
                mine.push_back(m.v);
        if (!mine.isEmpty()) {
            BusWorker* w = b.worker;
            QMetaObject::invokeMethod(w, [w, mine] { w->readNow(mine); }, Qt::QueuedConnection);
        }
    }
}

void BusManager::readBus(const QString& name)
{
    if (Bus* b = findBus(name)) {
        BusWorker* w = b->worker;
        QMetaObject::invokeMethod(w, [w] { w->readNow({}); }, Qt::QueuedConnection);
    }
}

void BusManager::sendCommand(MeterId meter, SwitchCommand command)
{
    for (Bus& b : m_buses) {
        if (b.meters.contains(meter.v)) {
            BusWorker* w = b.worker;
            QMetaObject::invokeMethod(w, [w, meter, command] { w->command(meter.v, command); },
                                      Qt::QueuedConnection);
            return;
        }
    }
    CommandResult r;
    r.meter = meter;
    r.command = command;
    r.problem = Tr::tr("meter %1 is on no configured bus").arg(meter.v);
    emit commandFinished(r);
}

void BusManager::sendSettings(MeterId meter, const QList<SettingValue>& values)
{
    for (Bus& b : m_buses) {
        if (b.meters.contains(meter.v)) {
            BusWorker* w = b.worker;
            QMetaObject::invokeMethod(w, [w, meter, values] { w->settings(meter.v, values); }, Qt::QueuedConnection);
            return;
        }
    }
    SettingsResult r;
    r.meter = meter;
    r.settings = values;
    r.problem = Tr::tr("meter %1 is on no bus of this service").arg(meter.v);
    emit settingsFinished(r);
}

void BusManager::sendPurchase(MeterId meter, Money amount, qint64 sequence)
{
    for (Bus& b : m_buses) {
        if (b.meters.contains(meter.v)) {
            BusWorker* w = b.worker;
            const qint64 fen = amount.fen();
            QMetaObject::invokeMethod(w, [w, meter, fen, sequence] { w->purchase(meter.v, fen, sequence); },
                                      Qt::QueuedConnection);
            return;
        }
    }
    PurchaseResult r;
    r.meter = meter;
    r.amount = amount;
    r.sequence = sequence;
    r.problem = Tr::tr("meter %1 is on no configured bus").arg(meter.v);
    emit purchaseFinished(r);
}

bool BusManager::scanModbus(const QString& bus, int firstSlave, int lastSlave)
{
    Bus* b = findBus(bus);
    if (!b)
        return false;
    BusWorker* w = b->worker;
    QMetaObject::invokeMethod(w, [w, firstSlave, lastSlave] { w->scanModbus(firstSlave, lastSlave); },
                              Qt::QueuedConnection);
    return true;
}

bool BusManager::scanWildcard(const QString& bus)
{
    Bus* b = findBus(bus);
    if (!b)
        return false;
    QMetaObject::invokeMethod(b->worker, &BusWorker::scanWildcard, Qt::QueuedConnection);
    return true;
}

std::vector<BusDiagnostics> BusManager::diagnostics() const
{
    std::vector<BusDiagnostics> out;
    for (const Bus& b : m_buses)
        out.push_back(b.worker->diagnostics());
    return out;
}

QString BusManager::busOf(MeterId meter) const
{
    for (const Bus& b : m_buses)
        if (b.meters.contains(meter.v))
            return b.settings.name;
    return QString();
}

BusManager::Bus* BusManager::findBus(const QString& name)
{
    for (Bus& b : m_buses)
        if (b.settings.name == name)
            return &b;
    return nullptr;
}

} // namespace md::collection
