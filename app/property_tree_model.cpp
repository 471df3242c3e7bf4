#include "property_tree_model.h"

#include <QJsonArray>

namespace md::app {

PropertyTreeModel::PropertyTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

PropertyTreeModel::~PropertyTreeModel() = default;

PropertyTreeModel::Node* PropertyTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : const_cast<Node*>(&m_root);
}

QModelIndex PropertyTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node* p = nodeOf(parent);
    return createIndex(row, column, p->children.at(std::size_t(row)).get());
}

QModelIndex PropertyTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    Node* p = nodeOf(child)->parent;
    if (!p || p == &m_root)
        return {};
    return createIndex(p->row, 0, p);
}

int PropertyTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int PropertyTreeModel::columnCount(const QModelIndex&) const
{
    return Count;
}

QVariant PropertyTreeModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node* n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == Meters)
            return n->meters;
        if (n->kind == Kind::Room && !n->tenant.isEmpty())
            return tr("%1 — %2").arg(n->name, n->tenant);
        return n->name == n->code ? n->name : tr("%1 (%2)").arg(n->name, n->code);
    case Qt::ToolTipRole:
        return n->path;
    case Qt::TextAlignmentRole:
        if (index.column() == Meters)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case KindRole:
        return int(n->kind);
    case IdRole:
        return n->id;
    case PathRole:
        return n->path;
    default:
        return {};
    }
}

QVariant PropertyTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Name: return tr("Property");
    case Meters: return tr("Meters");
    case Count: break;
    }
    return {};
}

void PropertyTreeModel::addChildren(Node* parent, const QJsonArray& items, Kind kind)
{
    static const char16_t* const kChildKeys[] = {u"buildings", u"units", u"rooms", nullptr};
    for (const QJsonValue& v : items) {
        const QJsonObject o = v.toObject();
        auto n = std::make_unique<Node>();
        n->kind = kind;
        n->id = o.value(u"id").toInteger();
        n->code = o.value(u"code").toString();
        n->name = o.value(u"name").toString(n->code);
        if (n->name.isEmpty())
            n->name = n->code;
        n->path = parent->path.isEmpty() ? n->code : parent->path + QLatin1Char('/') + n->code;
        n->parent = parent;
        n->row = int(parent->children.size());
        if (kind == Kind::Room) {
            n->meters = o.value(u"meters").toInt();
            n->tenant = o.value(u"account").toObject().value(u"tenant_name").toString();
        } else {
            const Kind next = Kind(int(kind) + 1);
            addChildren(n.get(), o.value(QStringView(kChildKeys[int(kind)])).toArray(), next);
            for (const auto& c : n->children)
                n->meters += c->meters;
        }
        parent->children.push_back(std::move(n));
    }
}

void PropertyTreeModel::setTree(const QJsonObject& tree)
{
    beginResetModel();
    m_root.children.clear();
    addChildren(&m_root, tree.value(u"sites").toArray(), Kind::Site);
    endResetModel();
}

QJsonObject PropertyTreeModel::filterOf(const QModelIndex& index)
{
    if (!index.isValid())
        return {};
    static const char* const kKeys[] = {"site", "building", "unit", "room"};
    const int kind = index.data(KindRole).toInt();
    return {{QLatin1String(kKeys[kind]), index.data(IdRole).toLongLong()}};
}

QModelIndex PropertyTreeModel::find(Kind kind, qint64 id) const
{
    std::vector<const Node*> stack{&m_root};
    while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        for (const auto& c : n->children) {
            if (c->kind == kind && c->id == id)
                return createIndex(c->row, 0, c.get());
            stack.push_back(c.get());
        }
    }
    return {};
}

} // namespace md::app
