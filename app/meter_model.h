#pragma once

#include "meter_row.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>

namespace md::app {

// The meter grid: meter.list's meters, one row each, coloured by state (the account grid's
// legend colours). Filtering and sorting live in a QSortFilterProxyModel over it.
class MeterModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Room, Tenant, Nameplate, Utility, State, Balance, LastReading, ReadingTime, Relay, Count };
    // SortRole: numbers as numbers (balance in fen, reading, time); SearchRole: room, tenant,
    // phone, account number and nameplate in one lower-case string for the search box.
    enum Role { StateRole = Qt::UserRole, MeterIdRole, SortRole, SearchRole };

    explicit MeterModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A new list (meter.list's "meters"): one reset.
    void replaceAll(const QJsonArray& meters);
    void replaceAll(QList<MeterRow> rows);
    // One meter again (meter.get): its row is updated; unknown meters are skipped.
    void updateMeter(const QJsonObject& meter);
    // The accounts' wallets changed (event.account.changed): the balance of its meters.
    void applyBalanceEvent(const QJsonObject& params);

    int rowOfMeter(qint64 id) const;
    const MeterRow& rowAt(int row) const { return m_rows.at(row); }
    const QList<MeterRow>& rows() const { return m_rows; }

private:
    QList<MeterRow> m_rows;
    QHash<qint64, int> m_byId;
};

} // namespace md::app
