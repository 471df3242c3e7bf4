#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>

namespace md::app {

struct OperatorRow
{
    qint64 id = 0;
    QString name;
    QString displayName;
    QString role; // key: cashier, manager, ...
    bool active = true;
    bool locked = false;
    bool mustChangePassword = false;
};

// operator.list's operators, one row each (the administration tab's operator table).
class OperatorModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Name, DisplayName, Role, Active, Locked, MustChange, Count };
    enum DataRole { IdRole = Qt::UserRole, RoleKeyRole };

    explicit OperatorModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void replaceAll(const QJsonArray& operators); // one reset
    const OperatorRow& rowAt(int row) const { return m_rows.at(row); }
    int rowOf(const QString& name) const; // -1 when absent
    QString nameOf(qint64 id) const;      // empty when unknown

private:
    QList<OperatorRow> m_rows;
};

} // namespace md::app
