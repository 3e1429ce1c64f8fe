#include "topology/topologydetails.h"

#include "cluster/topologyformat.h"

#include <QCoreApplication>
#include <QHeaderView>

namespace {
using Rows = QList<QPair<QString, QString>>;

void setSection(QTreeWidget* tree, int index, const QString& title, const Rows& rows)
{
    QTreeWidgetItem* section = nullptr;
    for (int j = index; j < tree->topLevelItemCount() && !section; ++j) {
        if (tree->topLevelItem(j)->text(0) != title)
            continue;
        section = tree->topLevelItem(j);
        if (j != index) {
            const bool expanded = section->isExpanded();
            tree->insertTopLevelItem(index, tree->takeTopLevelItem(j));
            section->setExpanded(expanded);
        }
    }
    if (!section) {
        section = new QTreeWidgetItem(QStringList { title });
        QFont bold = section->font(0);
        bold.setBold(true);
        section->setFont(0, bold);
        section->setFirstColumnSpanned(true);
        tree->insertTopLevelItem(index, section);
        section->setExpanded(true);
    }
    for (int i = 0; i < rows.size(); ++i) {
        QTreeWidgetItem* row = i < section->childCount() ? section->child(i) : nullptr;
        if (!row)
            row = new QTreeWidgetItem(section);
        if (row->text(0) != rows[i].first)
            row->setText(0, rows[i].first);
        if (row->text(1) != rows[i].second) {
            row->setText(1, rows[i].second);
            row->setToolTip(1, rows[i].second);
        }
    }
    while (section->childCount() > rows.size())
        delete section->takeChild(section->childCount() - 1);
}

QString optionalBytes(const std::optional<qint64>& b)
{
    return b ? TopologyFormat::bytes(*b) : QCoreApplication::translate("TopologyDetails", "unknown");
}
} // namespace

TopologyDetails::TopologyDetails(QWidget* parent)
    : QTreeWidget(parent)
{
    setColumnCount(2);
    setHeaderLabels({ QCoreApplication::translate("TopologyDetails", "Item"), QCoreApplication::translate("TopologyDetails", "Value") });
    header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
    setRootIsDecorated(true);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAccessibleName(QCoreApplication::translate("TopologyDetails", "Details"));
}

void TopologyDetails::showNode(const TopologySnapshot& s, const QString& name)
{
    m_node = name;
    const TopologyNode* n = s.node(name);
    if (!n) {
        clear();
        return;
    }
    QList<QPair<QString, Rows>> sections;
    Rows node { { QCoreApplication::translate("TopologyDetails", "Node"), n->name }, { QCoreApplication::translate("TopologyDetails", "State"), n->stateLabel(s.takenAt) },
        { QCoreApplication::translate("TopologyDetails", "Role"), n->roleLabel() } };
    if (!n->address().isEmpty())
        node << qMakePair(QCoreApplication::translate("TopologyDetails", "Address"), n->address());
    if (!n->error.isEmpty())
        node << qMakePair(QCoreApplication::translate("TopologyDetails", "Error"), n->error);
    if (n->sampledAt.isValid()) {
        node << qMakePair(QCoreApplication::translate("TopologyDetails", "Version"), QStringLiteral("%1 (%2)").arg(n->version).arg(n->versionNum))
             << qMakePair(QCoreApplication::translate("TopologyDetails", "Read-only"),
                    QCoreApplication::translate("TopologyDetails", "%1 (default_transaction_read_only %2, transaction_read_only %3)")
                        .arg(n->readOnly() ? QCoreApplication::translate("TopologyDetails", "yes") : QCoreApplication::translate("TopologyDetails", "no"),
                            n->defaultReadOnly ? QCoreApplication::translate("TopologyDetails", "on") : QCoreApplication::translate("TopologyDetails", "off"),
                            n->transactionReadOnly ? QCoreApplication::translate("TopologyDetails", "on") : QCoreApplication::translate("TopologyDetails", "off")));
        if (n->timeline)
            node << qMakePair(QCoreApplication::translate("TopologyDetails", "Timeline"), QString::number(n->timeline));
        if (n->isStandby())
            node << qMakePair(
                QCoreApplication::translate("TopologyDetails", "Received / replayed"), QStringLiteral("%1 / %2").arg(n->receiveLsn, n->replayLsn));
        else
            node << qMakePair(QCoreApplication::translate("TopologyDetails", "WAL position"), n->currentLsn);
        if (n->longestTransactionSeconds)
            node << qMakePair(
                QCoreApplication::translate("TopologyDetails", "Longest transaction"), TopologyFormat::duration(*n->longestTransactionSeconds * 1000));
        if (!n->isUp())
            node << qMakePair(
                QCoreApplication::translate("TopologyDetails", "Facts from"), n->sampledAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    }
    sections << qMakePair(QCoreApplication::translate("TopologyDetails", "Node"), node);

    Rows replication;
    for (const TopologyEdge& e : s.edges) {
        if (e.from != name && e.to != name)
            continue;
        const bool in = e.to == name;
        QStringList what { e.kindName(), e.observed ? e.state : QCoreApplication::translate("TopologyDetails", "down") };
        if (!e.syncState.isEmpty())
            what << e.syncState;
        if (!e.lagLabel().isEmpty())
            what << QCoreApplication::translate("TopologyDetails", "lag ") + e.lagLabel();
        if (!e.subscription.isEmpty())
            what << QCoreApplication::translate("TopologyDetails", "subscription ") + e.subscription;
        else if (!e.slot.isEmpty())
            what << QCoreApplication::translate("TopologyDetails", "slot ") + e.slot;
        replication << qMakePair(in ? QCoreApplication::translate("TopologyDetails", "from %1").arg(e.from) : QCoreApplication::translate("TopologyDetails", "to %1").arg(e.to),
            what.join(QStringLiteral(", ")));
    }
    if (!replication.isEmpty())
        sections << qMakePair(QCoreApplication::translate("TopologyDetails", "Replication"), replication);

    Rows slotRows;
    for (const TopologySlot& x : s.replicationSlots)
        if (x.node == name)
            slotRows << qMakePair(x.name,
                QCoreApplication::translate("TopologyDetails", "%1, %2, retains %3%4")
                    .arg(x.type, x.active ? QCoreApplication::translate("TopologyDetails", "active") : QCoreApplication::translate("TopologyDetails", "inactive"),
                        optionalBytes(x.retainedBytes),
                        x.walStatus.isEmpty() ? QString() : QStringLiteral(", ") + x.walStatus));
    if (!slotRows.isEmpty())
        sections << qMakePair(QCoreApplication::translate("TopologyDetails", "Slots"), slotRows);

    Rows subscriptions;
    for (const TopologySubscription& x : s.subscriptions)
        if (x.node == name)
            subscriptions << qMakePair(x.name,
                QCoreApplication::translate("TopologyDetails", "from %1, %2, tables %3/%4 ready%5")
                    .arg(x.source.isEmpty() ? QStringLiteral("?") : x.source,
                        x.enabled ? QCoreApplication::translate("TopologyDetails", "enabled") : QCoreApplication::translate("TopologyDetails", "disabled"))
                    .arg(x.tablesReady)
                    .arg(x.tablesTotal)
                    .arg(x.lagBytes ? QCoreApplication::translate("TopologyDetails", ", lag ") + TopologyFormat::bytes(*x.lagBytes) : QString()));
    if (!subscriptions.isEmpty())
        sections << qMakePair(QCoreApplication::translate("TopologyDetails", "Subscriptions"), subscriptions);

    Rows publications;
    for (const TopologyPublication& x : s.publications)
        if (x.node == name)
            publications << qMakePair(
                x.name, x.allTables ? QCoreApplication::translate("TopologyDetails", "all tables") : QCoreApplication::translate("TopologyDetails", "%1 tables").arg(x.tables));
    if (!publications.isEmpty())
        sections << qMakePair(QCoreApplication::translate("TopologyDetails", "Publications"), publications);

    if (n->isUp()) {
        Rows connections;
        for (auto it = n->connections.begin(); it != n->connections.end(); ++it)
            connections << qMakePair(it.key(), QString::number(it.value()));
        connections << qMakePair(QCoreApplication::translate("TopologyDetails", "this console's probe"), QString::number(n->probeConnections));
        sections << qMakePair(QCoreApplication::translate("TopologyDetails", "Connections"), connections);
    }

    for (int i = 0; i < sections.size(); ++i)
        setSection(this, i, sections[i].first, sections[i].second);
    while (topLevelItemCount() > sections.size())
        delete takeTopLevelItem(topLevelItemCount() - 1);
}
