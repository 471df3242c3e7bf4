#include "apportion_group_model.h"

namespace md::app {

ApportionGroupModel::ApportionGroupModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

int ApportionGroupModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_groups.size());
}

int ApportionGroupModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : Count;
}

QString ApportionGroupModel::methodName(const QString& key)
{
    if (key == u"area")
        return tr("by area");
    if (key == u"weight")
        return tr("by fixed shares");
    return key;
}

QVariant ApportionGroupModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_groups.size())
        return {};
    const QJsonObject& g = m_groups.at(index.row());
    if (role == IdRole)
        return g.value(u"id").toInteger();
    if (role == Qt::TextAlignmentRole && index.column() == Members)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Members) {
        QStringList codes;
        for (const QJsonValue& m : g.value(u"members").toArray())
            codes.append(m.toObject().value(u"code").toString());
        return codes.join(QStringLiteral(", "));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return g.value(u"name").toString();
    case Meter: {
        const QString nameplate = g.value(u"nameplate").toString();
        return nameplate.isEmpty() ? tr("meter %1").arg(g.value(u"meter").toInteger()) : nameplate;
    }
    case Tariff:
        return g.value(u"tariff").toString();
    case Method:
        return methodName(g.value(u"method").toString());
    case Members:
        return int(g.value(u"members").toArray().size());
    case Active:
        return g.value(u"active").toBool() ? tr("yes") : tr("no");
    case Remarks:
        return g.value(u"remarks").toString();
    default:
        return {};
    }
}

QVariant ApportionGroupModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Group");
    case Meter:
        return tr("Common meter");
    case Tariff:
        return tr("Tariff");
    case Method:
        return tr("Method");
    case Members:
        return tr("Members");
    case Active:
        return tr("Active");
    case Remarks:
        return tr("Remarks");
    default:
        return {};
    }
}

void ApportionGroupModel::replaceAll(const QJsonArray& groups)
{
    beginResetModel();
    m_groups.clear();
    for (const QJsonValue& v : groups)
        m_groups.append(v.toObject());
    endResetModel();
}

int ApportionGroupModel::rowOf(const QString& name) const
{
    for (int r = 0; r < m_groups.size(); ++r) {
        if (m_groups.at(r).value(u"name").toString() == name)
            return r;
    }
    return -1;
}

} // namespace md::app
