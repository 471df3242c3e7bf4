#pragma once

#include "collection/bus_diagnostics.h"
#include "collection/bus_settings.h"
#include "collection/meter_reading.h"
#include "collection/settings_plan.h"
#include "config/service_config.h"
#include "money/ids.h"
#include "money/utility.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace md {
class Clock;
class ReadingIngestor;
class RelayCommandLog;
class CollectionStore;
class MeterRegistry;
struct IngestOutcome;
struct RelayCommand;
namespace storage {
class Database;
}
} // namespace md

namespace md::collection {

class BusManager;
class PurchaseSync;

// The collection side of `meterdeskd serve`: the buses (BusManager, one thread per bus) read
// the meters of the registry; their readings are committed in batches through the
// ReadingIngestor (stored, billed, alarm-evaluated in one transaction); the desired relay
// states the ingestor decides are turned into relay commands (relay_commands table) that are
// sent, confirmed by read-back, retried with backoff, and deferred to the end of protected
// windows. A money change on a wallet (recharge, approved refund) is re-evaluated at once, so
// a recharge that lifts an account out of arrears restores supply within seconds. Meters that
// keep their own balance get each recharge written to them (PurchaseSync), confirmed by their
// purchase count.
//
// Lives on the service's main thread and uses its database connection (the API's).
class CollectionService : public QObject
{
    Q_OBJECT

public:
    using Notifier = std::function<void(const QString& method, const QJsonObject& params)>;

    // Throws md::InputError for a registry meter the drivers cannot talk to.
    CollectionService(storage::Database& db, const Clock& clock, CollectionConfig config,
                      QObject* parent = nullptr);
    ~CollectionService() override;

    void setNotifier(Notifier n) { m_notifier = std::move(n); }

    void start(); // buses up, scheduler running, open commands of an earlier run resumed
    // Each bus finishes its request in flight, then the readings already received are
    // committed: a clean stop loses nothing.
    void stop();

    // A money change on the wallet: alarm level and relay states now, not at the next cycle.
    // Runs from the event loop (after the caller's transaction has ended).
    void walletChanged(AccountId account, Utility utility);
    // The registry changed (meters added, moved, removed): the buses are restarted with it.
    void reloadRegistry();

    // A trip or close of a meter that no account controls (未开户), by an operator: recorded,
    // sent, confirmed by read-back like every other command. Returns the command id.
    qint64 command(MeterId meter, SwitchState state, const QString& reason);

    // 设置下发 (SettingsPlanner decides what the meter keeps): written and confirmed by
    // read-back (event.meter.settings). Returns the values sent, or a translated problem when
    // there is nothing the meter can take.
    SettingsPlan downloadSettings(MeterId meter);

    // 召测: empty = every meter of every bus.
    void readNow(const QList<MeterId>& meters);
    bool readBus(const QString& bus);
    // An address scan of a bus to find meters: Modbus unit ids first..last, or the DL/T 645 /
    // CJ/T 188 broadcast read-address (one meter per protocol answers). Results arrive as
    // event.bus.scan_found / event.bus.scan_finished. False for an unknown bus.
    bool scan(const QString& bus, const QString& kind, int first, int last);
    bool hasMeter(MeterId meter) const { return m_meters.contains(meter.v); }
    QStringList busNames() const;

    // Diagnostics per bus and meter, as JSON for the API.
    QJsonArray diagnostics() const;
    // Meters of the registry not read: on no configured bus, or a row the drivers cannot use.
    const QList<qint64>& unreachableMeters() const { return m_unreachable; }

    // Test and benchmark hooks.
    qint64 readingsCommitted() const { return m_committed; }
    int pendingReadings() const { return int(m_pending.size()); }

signals:
    void cycleCommitted(qint64 elapsedMs);

private:
    void buildBuses();
    void onReading(const md::MeterReading& reading);
    void flushReadings();
    void handleOutcome(const IngestOutcome& o, QHash<QPair<qint64, int>, QJsonObject>& wallets);
    void applyControl(const IngestOutcome& o);
    void sendDue();
    void send(const RelayCommand& c);
    void onCommandFinished(const CommandResult& r);
    void onLostOrRecovered(qint64 meter, bool lost);
    void syncPurchase(qint64 meter);
    void onPurchaseFinished(const PurchaseResult& r);
    void onSettingsFinished(const SettingsResult& r);
    void onCycleFinished(qint64 elapsedMs);
    void notify(const QString& method, const QJsonObject& params) const;

    storage::Database& m_db;
    const Clock& m_clock;
    CollectionConfig m_config;
    std::unique_ptr<ReadingIngestor> m_ingestor;
    std::unique_ptr<RelayCommandLog> m_commands;
    std::unique_ptr<CollectionStore> m_store;
    std::unique_ptr<MeterRegistry> m_registry;
    std::unique_ptr<PurchaseSync> m_purchases;
    std::unique_ptr<BusManager> m_buses;
    Notifier m_notifier;

    QSet<qint64> m_meters;       // meters on a configured bus
    QList<qint64> m_unreachable; // meters of the registry on no configured bus
    QList<MeterReading> m_pending;
    QTimer m_flushTimer;
    QTimer m_controlTimer;
    QHash<qint64, qint64> m_inFlight; // meter → relay command id being sent
    QSet<qint64> m_meterSide;         // meters that keep their own balance (表端费控)
    QHash<qint64, qint64> m_purchaseCount; // their purchase count as last read
    QSet<qint64> m_purchaseInFlight;
    qint64 m_committed = 0;
    bool m_running = false;
};

} // namespace md::collection
