#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

namespace md::app {

// apportion.group.list's groups, one row each (the apportionment groups dialog's table): name,
// the common meter's nameplate, tariff, method, how many members, active, remarks.
class ApportionGroupModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, Meter, Tariff, Method, Members, Active, Remarks, Count };
    enum DataRole { IdRole = Qt::UserRole };

    explicit ApportionGroupModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void replaceAll(const QJsonArray& groups); // one reset
    // The group as the service sent it (id, name, meter, nameplate, method, tariff, remarks,
    // active, members with account, code and, by weight, weight).
    const QJsonObject& groupAt(int row) const { return m_groups.at(row); }
    int rowOf(const QString& name) const; // -1 when absent

    static QString methodName(const QString& key);

private:
    QList<QJsonObject> m_groups;
};

} // namespace md::app
