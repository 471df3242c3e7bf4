#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace md::app {

// bus.diagnostics as two tables: one row per bus (its wire counters, success rate, cycles and
// latency percentiles) ...
class BusDiagnosticsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Bus, Requests, Answers, Timeouts, ChecksumErrors, WrongAddress, MeterErrors, Success, Cycles, LastCycle,
                  P50, P95, P99, Count };
    enum DataRole { BusNameRole = Qt::UserRole, SortRole };

    explicit BusDiagnosticsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void replaceAll(const QJsonArray& buses); // bus.diagnostics' "buses": one reset
    QStringList busNames() const;
    const QJsonObject& busAt(int row) const { return m_buses.at(row); }

private:
    QList<QJsonObject> m_buses;
};

// ... and one row per meter of every bus (success rate, timeouts, checksum errors, missed
// cycles, lost, the adaptive timeout, latency and the last good reading in local time).
class MeterDiagnosticsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Bus, Meter, Name, Success, Reads, Timeouts, ChecksumErrors, MissedCycles, Lost, AdaptiveTimeout, P95,
                  LastGood, Count };
    enum DataRole { MeterIdRole = Qt::UserRole, LostRole, SortRole };

    explicit MeterDiagnosticsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void replaceAll(const QJsonArray& buses); // the meters of every bus: one reset
    qint64 meterAt(int row) const;
    int rowOfMeter(qint64 id) const; // -1 when absent

private:
    struct Row
    {
        QString bus;
        QJsonObject meter;
    };
    QList<Row> m_rows;
};

// "98.5 %" from permille; latency µs as "12.3 ms".
QString permilleText(qint64 permille);
QString latencyText(qint64 us);

} // namespace md::app
