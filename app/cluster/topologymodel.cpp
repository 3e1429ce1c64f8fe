#include "cluster/topologymodel.h"

#include "cluster/topologyformat.h"

#include <QSet>

struct TopologyModel::Item {
    QString key; // unique among its siblings and stable across snapshots
    QString name;
    ItemKind kind = ItemKind::Node;
    QStringList cells; // one display text per column
    QString toolTip;
    bool failure = false;
    int state = 0;
    QDateTime changedAt;
    Item* parent = nullptr;
    int row = 0;
    Items children;

    bool sameData(const Item& o) const
    {
        return toolTip == o.toolTip && failure == o.failure && state == o.state && changedAt == o.changedAt;
    }
};

namespace {
QString connectionsText(const TopologyNode& n)
{
    if (!n.isUp())
        return {};
    const int total = n.connectionCount();
    const int active = n.connections.value(QStringLiteral("active"));
    return active ? QStringLiteral("%1 (%2 active)").arg(total).arg(active) : QString::number(total);
}

QString endpointState(const TopologyEndpoint& e, const QDateTime& now)
{
    if (!e.checkedAt.isValid())
        return QStringLiteral("checking");
    if (!e.reachable)
        return e.unreachableSince.isValid()
            ? QStringLiteral("unreachable for %1").arg(TopologyFormat::elapsed(e.unreachableSince, now))
            : QStringLiteral("unreachable");
    if (e.paused.value_or(false))
        return QStringLiteral("paused, %1 waiting").arg(e.clientsWaiting);
    if (e.disabled.value_or(false))
        return QStringLiteral("disabled");
    if (e.split)
        return QStringLiteral("split between nodes");
    return QStringLiteral("routing");
}
} // namespace

TopologyModel::TopologyModel(QObject* parent)
    : QAbstractItemModel(parent)
{
    qRegisterMetaType<TopologySnapshot>("TopologySnapshot");
}

TopologyModel::~TopologyModel() = default;

TopologyModel::Items TopologyModel::rowsFor(const TopologySnapshot& s) const
{
    Items rows;
    QHash<QString, QList<const TopologyEdge*>> from;
    QHash<QString, QString> inboundLag; // a standby's lag, from the first observed edge into it
    for (const TopologyEdge& e : s.edges) {
        from[e.from] << &e;
        if (e.observed && !inboundLag.contains(e.to))
            inboundLag.insert(e.to, e.lagLabel());
    }
    for (const TopologyNode& n : s.nodes) {
        auto item = std::make_unique<Item>();
        item->key = QStringLiteral("node:") + n.name;
        item->name = n.name;
        item->kind = ItemKind::Node;
        item->cells = { n.name, n.stateLabel(s.takenAt), n.roleLabel(), n.version,
            n.inRecovery ? (n.readOnly() ? QStringLiteral("read-only") : QStringLiteral("read-write")) : QString(),
            inboundLag.value(n.name), connectionsText(n), n.address() };
        item->toolTip = n.error;
        item->failure = n.isFailure();
        item->state = int(n.state);
        item->changedAt = m_changedAt.value(n.name);
        for (const TopologyEdge* e : from.value(n.name)) {
            auto edge = std::make_unique<Item>();
            edge->key = QStringLiteral("edge:") + e->key();
            edge->name = e->to;
            edge->kind = ItemKind::Edge;
            edge->cells = { QStringLiteral("→ ") + e->to, e->state,
                e->syncState.isEmpty() ? e->kindName() : QStringLiteral("%1, %2").arg(e->kindName(), e->syncState),
                QString(), QString(), e->lagLabel(), QString(),
                e->slot.isEmpty() ? QString() : QStringLiteral("slot %1").arg(e->slot) };
            edge->failure = !e->observed;
            edge->parent = item.get();
            item->children.push_back(std::move(edge));
        }
        rows.push_back(std::move(item));
    }
    for (const TopologyEndpoint& e : s.endpoints) {
        auto item = std::make_unique<Item>();
        item->key = QStringLiteral("endpoint:") + e.name;
        item->name = e.name;
        item->kind = ItemKind::Endpoint;
        const QString target = e.routesTo.isEmpty() ? QStringLiteral("?") : e.routesTo;
        item->cells = { e.name, endpointState(e, s.takenAt), QStringLiteral("%1 → %2").arg(e.kind, target), QString(),
            QString(), QString(),
            e.kind == QLatin1String("pgbouncer") && e.reachable
                ? QStringLiteral("%1 active, %2 waiting").arg(e.clientsActive).arg(e.clientsWaiting)
                : QString(),
            e.route };
        item->toolTip = e.error;
        item->failure = e.isFailure();
        rows.push_back(std::move(item));
    }
    return rows;
}

void TopologyModel::noteChanges(const TopologySnapshot& next)
{
    for (const TopologyNode& n : next.nodes) {
        QPair<QString, int> now;
        if (n.isUp())
            now = { n.roleLabel(), n.versionNum };
        else if (n.state == NodeState::SpareNotRunning)
            now = { n.roleLabel(), m_known.value(n.name).second };
        else
            continue; // unreachable or unknown: nothing new is known about it
        const auto it = m_known.constFind(n.name);
        if (it != m_known.cend() && (it->first != now.first || (it->second && now.second && it->second != now.second)))
            m_changedAt.insert(n.name, next.takenAt);
        m_known.insert(n.name, now);
    }
}

void TopologyModel::setSnapshot(const TopologySnapshot& snapshot)
{
    noteChanges(snapshot);
    m_snapshot = snapshot;
    sync(QModelIndex(), nullptr, m_rows, rowsFor(snapshot));
    emit snapshotChanged();
}

void TopologyModel::renumber(Items& items)
{
    for (size_t i = 0; i < items.size(); ++i)
        items[i]->row = int(i);
}

void TopologyModel::sync(const QModelIndex& parent, Item* parentItem, Items& items, Items wanted)
{
    QSet<QString> wantedKeys;
    for (const auto& w : wanted)
        wantedKeys.insert(w->key);
    for (int i = int(items.size()) - 1; i >= 0; --i) {
        if (wantedKeys.contains(items[i]->key))
            continue;
        beginRemoveRows(parent, i, i);
        items.erase(items.begin() + i);
        renumber(items);
        endRemoveRows();
    }
    for (int i = 0; i < int(wanted.size()); ++i) {
        Item& w = *wanted[i];
        if (i >= int(items.size()) || items[i]->key != w.key) {
            int j = i + 1;
            while (j < int(items.size()) && items[j]->key != w.key)
                ++j;
            if (j < int(items.size())) {
                beginMoveRows(parent, j, j, parent, i);
                auto moved = std::move(items[j]);
                items.erase(items.begin() + j);
                items.insert(items.begin() + i, std::move(moved));
                renumber(items);
                endMoveRows();
            } else {
                beginInsertRows(parent, i, i);
                wanted[i]->parent = parentItem;
                items.insert(items.begin() + i, std::move(wanted[i]));
                renumber(items);
                for (auto& child : items[i]->children)
                    child->parent = items[i].get();
                renumber(items[i]->children);
                endInsertRows();
                continue;
            }
        }
        Item& have = *items[i];
        int firstChanged = -1, lastChanged = -1;
        for (int c = 0; c < ColumnCount; ++c) {
            if (have.cells.value(c) != w.cells.value(c)) {
                if (firstChanged < 0)
                    firstChanged = c;
                lastChanged = c;
            }
        }
        if (!have.sameData(w)) {
            firstChanged = 0;
            lastChanged = ColumnCount - 1;
        }
        have.cells = w.cells;
        have.toolTip = w.toolTip;
        have.failure = w.failure;
        have.state = w.state;
        have.changedAt = w.changedAt;
        have.name = w.name;
        if (firstChanged >= 0)
            emit dataChanged(index(i, firstChanged, parent), index(i, lastChanged, parent));
        if (have.kind == ItemKind::Node)
            sync(index(i, 0, parent), &have, have.children, std::move(w.children));
    }
}

TopologyModel::Item* TopologyModel::itemAt(const QModelIndex& index) const
{
    if (!index.isValid())
        return nullptr;
    const auto* parent = static_cast<const Item*>(index.internalPointer());
    const Items& items = parent ? parent->children : m_rows;
    return index.row() < int(items.size()) ? items[index.row()].get() : nullptr;
}

QModelIndex TopologyModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    Item* parentItem = itemAt(parent);
    if (parent.isValid() && !parentItem)
        return {};
    const Items& items = parentItem ? parentItem->children : m_rows;
    if (row >= int(items.size()))
        return {};
    return createIndex(row, column, parentItem);
}

QModelIndex TopologyModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const auto* parent = static_cast<const Item*>(child.internalPointer());
    if (!parent)
        return {};
    return createIndex(parent->row, 0, parent->parent);
}

int TopologyModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_rows.size());
    if (parent.column() != 0)
        return 0;
    const Item* item = itemAt(parent);
    return item ? int(item->children.size()) : 0;
}

int TopologyModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant TopologyModel::data(const QModelIndex& index, int role) const
{
    const Item* item = itemAt(index);
    if (!item)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return item->cells.value(index.column());
    case Qt::ToolTipRole:
        return item->toolTip.isEmpty() ? QVariant() : QVariant(item->toolTip);
    case KindRole:
        return int(item->kind);
    case NameRole:
        return item->name;
    case FailureRole:
        return item->failure;
    case StateRole:
        return item->kind == ItemKind::Node ? QVariant(item->state) : QVariant();
    case ChangedAtRole:
        return item->changedAt.isValid() ? QVariant(item->changedAt) : QVariant();
    default:
        return {};
    }
}

QVariant TopologyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* const kHeaders[]
        = { "Name", "State", "Role", "Version", "Read-only", "Lag", "Connections", "Address" };
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kHeaders[section]) : QVariant();
}

QModelIndex TopologyModel::indexOf(const QString& key, int column) const
{
    for (const auto& item : m_rows)
        if (item->key == key)
            return createIndex(item->row, column, nullptr);
    return {};
}

QModelIndex TopologyModel::indexOfNode(const QString& name, int column) const
{
    return indexOf(QStringLiteral("node:") + name, column);
}

QModelIndex TopologyModel::indexOfEndpoint(const QString& name, int column) const
{
    return indexOf(QStringLiteral("endpoint:") + name, column);
}

const TopologyNode* TopologyModel::nodeAt(const QModelIndex& index) const
{
    const Item* item = itemAt(index);
    if (!item)
        return nullptr;
    if (item->kind == ItemKind::Edge)
        item = item->parent;
    return item && item->kind == ItemKind::Node ? m_snapshot.node(item->name) : nullptr;
}
