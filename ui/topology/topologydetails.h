#pragma once
// What the topology knows about one node, as a tree the keyboard can walk: its state and WAL
// positions, replication in and out with lag, slots, subscriptions with their tables N/M,
// publications and connections by state. Rows are updated in place, so a refresh every second
// keeps the reader's place.

#include "cluster/topologysnapshot.h"

#include <QTreeWidget>

class TopologyDetails : public QTreeWidget {
    Q_OBJECT
public:
    explicit TopologyDetails(QWidget* parent = nullptr);
    void showNode(const TopologySnapshot& snapshot, const QString& node);
    QString node() const { return m_node; }

private:
    QString m_node;
};
