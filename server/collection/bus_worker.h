#pragma once

#include "collection/bus_diagnostics.h"
#include "collection/bus_settings.h"
#include "collection/meter_driver.h"

#include "util/clock.h"

#include <QList>
#include <QMutex>
#include <QObject>

#include <deque>
#include <memory>
#include <vector>

namespace md::collection {

class BusTransport;

// One bus: its transport, its meters and a queue of work, run one request at a time in the
// thread the worker is moved to (BusManager gives each bus its own QThread). Manual reads,
// switch commands and scans go to the urgent queue and jump the polling queue. Slots are
// called queued from other threads; everything else happens in the worker's thread.
class BusWorker : public QObject
{
    Q_OBJECT
public:
    BusWorker(BusSettings settings, std::vector<MeterEndpoint> meters, const Clock& clock,
              QObject* parent = nullptr);
    ~BusWorker() override;

    const BusSettings& settings() const { return m_settings; }
    // A consistent copy of the counters, from any thread.
    BusDiagnostics diagnostics() const;

public slots:
    void start(); // opens the transport; emits started()
    void stop();  // drops queued work and closes the port (the request in flight has ended)
    void runCycle();
    void readNow(const QList<qint64>& meters); // empty: every meter of the bus
    void command(qint64 meter, md::collection::SwitchCommand command);
    void purchase(qint64 meter, qint64 amountFen, qint64 sequence);
    void settings(qint64 meter, const QList<md::collection::SettingValue>& values);
    void scanModbus(int firstSlave, int lastSlave);
    void scanWildcard(); // DL/T 645 and CJ/T 188 read-address to AA..AA (one meter per protocol)

signals:
    void started(const QString& bus, bool ok, const QString& problem);
    void readingReady(const md::MeterReading& reading);
    void readFailed(qint64 meter, const QString& problem);
    void meterLost(qint64 meter);
    void meterRecovered(qint64 meter);
    void commandFinished(const md::collection::CommandResult& result);
    void purchaseFinished(const md::collection::PurchaseResult& result);
    void settingsFinished(const md::collection::SettingsResult& result);
    void cycleFinished(const QString& bus, int ok, int failed, qint64 elapsedMs);
    void scanFound(const QString& bus, const QString& protocol, const QString& address);
    void scanFinished(const QString& bus, int found);
    void idle(const QString& bus); // both queues empty

private:
    struct Slot
    {
        MeterEndpoint endpoint;
        std::unique_ptr<MeterDriver> driver;
        LinkCounters link;
        LatencyWindow latency;
        qint64 reads = 0;
        qint64 readsOk = 0;
        int missed = 0;
        bool lost = false;
        bool queuedForCycle = false;
        QDateTime lastGood;
    };
    struct Job
    {
        enum class Kind { CycleRead, ManualRead, Command, Purchase, Settings, ScanModbus, ScanWildcard } kind;
        std::size_t slot = 0;
        SwitchCommand command = SwitchCommand::Trip;
        int attempt = 0;
        int next = 0, last = 0; // scan range
        qint64 amountFen = 0, sequence = 0; // purchase
        QList<SettingValue> settings = {};
    };

    void schedule();
    void processOne();
    void doRead(Slot& s, bool polled);
    void doCommand(const Job& job);
    void doPurchase(const Job& job);
    void doSettings(const Job& job);
    // Queues an unconfirmed command or purchase again after a doubling backoff; false when
    // its attempts are used up (or the bus is closing) and it must be reported as failed.
    bool retryLater(const Job& job);
    void doScanModbus(const Job& job);
    void doScanWildcard();
    int adaptiveTimeoutMs(const Slot& s) const;
    Slot* find(qint64 meter);
    void publish(const Slot& s, std::size_t index);
    void finishCycleJob(bool ok);

    BusSettings m_settings;
    const Clock& m_clock;
    std::vector<Slot> m_slots;
    std::unique_ptr<BusTransport> m_transport;
    LinkCounters m_busLink; // scans and transport-level exchanges not tied to one meter
    LatencyWindow m_busLatency;
    std::deque<Job> m_urgent;
    std::deque<Job> m_poll;
    bool m_open = false;
    bool m_busy = false;
    bool m_scheduled = false;
    int m_scanFound = 0;
    // The running cycle.
    int m_cyclePending = 0, m_cycleOk = 0, m_cycleFailed = 0;
    qint64 m_cycleStartMs = 0;

    mutable QMutex m_mutex; // guards m_snapshot
    BusDiagnostics m_snapshot;
};

} // namespace md::collection
