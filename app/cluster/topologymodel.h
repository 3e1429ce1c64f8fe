#pragma once
// The live topology as an item model, for the console's table view and for tests: one row per
// node (inventory order, then discovered nodes), its outgoing replication edges as child rows,
// then one row per endpoint. Fed by TopologyProbe snapshots; every change after the first fill
// is a fine-grained dataChanged, rowsInserted, rowsRemoved or rowsMoved, never a reset, so views
// keep their selection and scroll position while the cluster changes under them.

#include "cluster/topologysnapshot.h"

#include <QAbstractItemModel>
#include <QHash>
#include <memory>
#include <vector>

class TopologyModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        StateColumn,
        RoleColumn,
        VersionColumn,
        ReadOnlyColumn,
        LagColumn,
        ConnectionsColumn,
        AddressColumn,
        ColumnCount
    };
    enum class ItemKind { Node, Edge, Endpoint };
    enum Role {
        KindRole = Qt::UserRole + 1, // int(ItemKind)
        NameRole, // QString: the node's or endpoint's name; an edge's target
        FailureRole, // bool: an unreachable node or endpoint, a replication edge that is down
        StateRole, // int(NodeState) for nodes
        ChangedAtRole, // QDateTime: when the node's role or version last changed (invalid: never)
    };

    explicit TopologyModel(QObject* parent = nullptr);
    ~TopologyModel() override;

    // The snapshot shown; an empty one before the first.
    const TopologySnapshot& snapshot() const { return m_snapshot; }
    // When `node` last changed role (primary, standby, spare) or server version while this model
    // watched it; invalid when it never did. The console highlights such nodes for a few seconds.
    QDateTime changedAt(const QString& node) const { return m_changedAt.value(node); }

    QModelIndex indexOfNode(const QString& name, int column = NameColumn) const;
    QModelIndex indexOfEndpoint(const QString& name, int column = NameColumn) const;
    // The node of a node row (or of an edge row's source), or nullptr.
    const TopologyNode* nodeAt(const QModelIndex& index) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

public slots:
    void setSnapshot(const TopologySnapshot& snapshot);

signals:
    // After every setSnapshot(), once rows and cells are updated.
    void snapshotChanged();

private:
    struct Item;
    using Items = std::vector<std::unique_ptr<Item>>;

    void sync(const QModelIndex& parent, Item* parentItem, Items& items, Items wanted);
    void renumber(Items& items);
    Item* itemAt(const QModelIndex& index) const;
    QModelIndex indexOf(const QString& key, int column) const;
    void noteChanges(const TopologySnapshot& next);
    Items rowsFor(const TopologySnapshot& s) const;

    TopologySnapshot m_snapshot;
    Items m_rows;
    QHash<QString, QDateTime> m_changedAt;
    QHash<QString, QPair<QString, int>> m_known; // node -> last role label and version seen
};
