#pragma once

#include <QAbstractItemModel>
#include <QJsonObject>

#include <memory>
#include <vector>

namespace md::app {

// The property's structure (property.tree): sites › buildings › units › rooms, for the tree
// beside the meter grid. A node's KindRole and IdRole are the meter.list filter it selects.
class PropertyTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum class Kind { Site, Building, Unit, Room };
    enum Column { Name, Meters, Count };
    enum Role { KindRole = Qt::UserRole, IdRole, PathRole };

    explicit PropertyTreeModel(QObject* parent = nullptr);
    ~PropertyTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // property.tree's result: one reset.
    void setTree(const QJsonObject& tree);
    // The meter.list parameter a node stands for ("site": 3); empty for an invalid index (all).
    static QJsonObject filterOf(const QModelIndex& index);
    // The node of a kind and id (to keep the selection across a reload); invalid when gone.
    QModelIndex find(Kind kind, qint64 id) const;

private:
    struct Node
    {
        Kind kind = Kind::Site;
        qint64 id = 0;
        QString code;
        QString name;
        QString path;
        QString tenant;   // rooms: the open account renting it
        int meters = 0;   // rooms: installed meters; others: the sum below
        Node* parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };
    Node* nodeOf(const QModelIndex& index) const;
    static void addChildren(Node* parent, const QJsonArray& items, Kind kind);

    Node m_root;
};

} // namespace md::app
