#include "operator_model.h"

#include "auth/role.h"

#include <QBrush>
#include <QColor>
#include <QJsonObject>

namespace md::app {

OperatorModel::OperatorModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int OperatorModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OperatorModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QVariant OperatorModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const OperatorRow& r = m_rows.at(index.row());
    if (role == IdRole)
        return r.id;
    if (role == RoleKeyRole)
        return r.role;
    if (role == Qt::ForegroundRole) {
        if (index.column() == Locked && r.locked)
            return QBrush(QColor(0xb7, 0x1c, 0x1c));
        if (!r.active)
            return QBrush(QColor(0x75, 0x75, 0x75));
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Locked && r.locked)
        return tr("Locked after too many wrong passwords; a password reset lifts the lockout.");
    if (role != Qt::DisplayRole)
        return {};
    auto yesNo = [](bool b) { return b ? tr("Yes") : tr("No"); };
    switch (index.column()) {
    case Name:
        return r.name;
    case DisplayName:
        return r.displayName;
    case Role: {
        const std::optional<md::Role> parsed = parseRole(r.role);
        return parsed ? roleName(*parsed) : r.role;
    }
    case Active:
        return r.active ? tr("Active") : tr("Deactivated");
    case Locked:
        return yesNo(r.locked);
    case MustChange:
        return yesNo(r.mustChangePassword);
    default:
        return {};
    }
}

QVariant OperatorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Login name");
    case DisplayName:
        return tr("Display name");
    case Role:
        return tr("Role");
    case Active:
        return tr("State");
    case Locked:
        return tr("Locked out");
    case MustChange:
        return tr("Must change password");
    default:
        return {};
    }
}

void OperatorModel::replaceAll(const QJsonArray& operators)
{
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue& v : operators) {
        const QJsonObject o = v.toObject();
        m_rows.append(OperatorRow{o.value(u"id").toInteger(), o.value(u"name").toString(), o.value(u"display_name").toString(),
                                  o.value(u"role").toString(), o.value(u"active").toBool(), o.value(u"locked").toBool(),
                                  o.value(u"must_change_password").toBool()});
    }
    endResetModel();
}

int OperatorModel::rowOf(const QString& name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return i;
    }
    return -1;
}

QString OperatorModel::nameOf(qint64 id) const
{
    for (const OperatorRow& r : m_rows) {
        if (r.id == id)
            return r.name;
    }
    return {};
}

} // namespace md::app
