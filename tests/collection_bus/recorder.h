#pragma once

#include "collection/bus_manager.h"

#include <QList>
#include <QMap>
#include <QObject>

namespace md::collection::test {

// Everything a BusManager reported, in arrival order (the manager's thread).
struct Recorder
{
    explicit Recorder(BusManager& m)
    {
        QObject::connect(&m, &BusManager::readingReady, &m,
                         [this](const MeterReading& r) { readings.push_back(r); });
        QObject::connect(&m, &BusManager::readFailed, &m,
                         [this](qint64 id, const QString& p) { failures.push_back({id, p}); });
        QObject::connect(&m, &BusManager::meterLost, &m, [this](qint64 id) { lost.push_back(id); });
        QObject::connect(&m, &BusManager::meterRecovered, &m,
                         [this](qint64 id) { recovered.push_back(id); });
        QObject::connect(&m, &BusManager::commandFinished, &m,
                         [this](const CommandResult& r) { commands.push_back(r); });
        QObject::connect(&m, &BusManager::purchaseFinished, &m,
                         [this](const PurchaseResult& r) { purchases.push_back(r); });
        QObject::connect(&m, &BusManager::settingsFinished, &m,
                         [this](const SettingsResult& r) { settings.push_back(r); });
        QObject::connect(&m, &BusManager::cycleFinished, &m, [this](qint64) { ++cycles; });
        QObject::connect(&m, &BusManager::busStarted, &m,
                         [this](const QString& bus, bool ok, const QString& problem) {
                             started.insert(bus, ok ? QString() : problem);
                         });
        QObject::connect(&m, &BusManager::scanFound, &m,
                         [this](const QString&, const QString& proto, const QString& address) {
                             found.push_back(proto + u':' + address);
                         });
        QObject::connect(&m, &BusManager::scanFinished, &m, [this](const QString&, int) { ++scans; });
    }
    QList<MeterReading> readings;
    QList<QPair<qint64, QString>> failures;
    QList<qint64> lost, recovered;
    QList<CommandResult> commands;
    QList<PurchaseResult> purchases;
    QList<SettingsResult> settings;
    QMap<QString, QString> started; // bus -> problem (empty: open)
    QStringList found;
    int cycles = 0;
    int scans = 0;

    int readingsOf(MeterId id) const
    {
        int n = 0;
        for (const MeterReading& r : readings)
            n += r.meter == id ? 1 : 0;
        return n;
    }
};

} // namespace md::collection::test
