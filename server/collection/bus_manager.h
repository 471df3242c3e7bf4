#pragma once

#include "collection/bus_diagnostics.h"
#include "collection/bus_settings.h"
#include "collection/cycle_scheduler.h"

#include "util/clock.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QSet>

#include <memory>
#include <vector>

class QThread;

namespace md::collection {

class BusWorker;

// Every bus of the service, each worker in its own thread, all in parallel: the one object the
// `serve` command talks to. It takes the bus settings and the meter registry, forwards
// readings and command results (queued, in the thread that owns the manager) and runs the
// cycle from its scheduler.
class BusManager : public QObject
{
    Q_OBJECT
public:
    // Throws md::InputError for a meter on an unknown bus, a duplicate bus or meter, or a map
    // the drivers do not know.
    BusManager(std::vector<BusSettings> buses, std::vector<MeterEndpoint> meters,
               const Clock& clock, qint64 cycleSeconds = 1800, qint64 speed = 1,
               QObject* parent = nullptr);
    ~BusManager() override;

    void start(); // threads up, ports opened (see busStarted), scheduler running
    void stop();  // each bus finishes its request in flight, then its thread ends

    void runCycle(); // every bus now (also what the scheduler calls)
    void readNow(const QList<MeterId>& meters);
    void readBus(const QString& bus);
    void sendCommand(MeterId meter, SwitchCommand command);
    // A recharge written to a meter that keeps its own balance; `sequence` = the ledger's
    // purchase count for the meter after this recharge (the meter's count + 1).
    void sendPurchase(MeterId meter, Money amount, qint64 sequence);
    // 设置下发: the values written and read back (settingsFinished).
    void sendSettings(MeterId meter, const QList<SettingValue>& values);
    bool scanModbus(const QString& bus, int firstSlave, int lastSlave);
    bool scanWildcard(const QString& bus);

    std::vector<BusDiagnostics> diagnostics() const;
    CycleScheduler& scheduler() { return m_scheduler; }
    QString busOf(MeterId meter) const;

signals:
    void busStarted(const QString& bus, bool ok, const QString& problem);
    void readingReady(const md::MeterReading& reading);
    void readFailed(qint64 meter, const QString& problem);
    void meterLost(qint64 meter);
    void meterRecovered(qint64 meter);
    void commandFinished(const md::collection::CommandResult& result);
    void purchaseFinished(const md::collection::PurchaseResult& result);
    void settingsFinished(const md::collection::SettingsResult& result);
    void busCycleFinished(const QString& bus, int ok, int failed, qint64 elapsedMs);
    void cycleFinished(qint64 elapsedMs); // every bus done with the cycle
    void scanFound(const QString& bus, const QString& protocol, const QString& address);
    void scanFinished(const QString& bus, int found);

private:
    struct Bus
    {
        BusSettings settings;
        BusWorker* worker = nullptr;
        QThread* thread = nullptr;
        QList<qint64> meters;
    };
    Bus* findBus(const QString& name);
    void onBusCycleFinished(const QString& bus, int ok, int failed, qint64 elapsedMs);

    const Clock& m_clock;
    std::vector<Bus> m_buses;
    CycleScheduler m_scheduler;
    QSet<QString> m_cycleBusesPending;
    qint64 m_cycleStartMs = 0;
    bool m_running = false;
};

} // namespace md::collection
