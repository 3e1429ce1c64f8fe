#pragma once
// The topology pane beside the checklist: the live cluster as a graph (node cards, replication
// edges, endpoint arrows) or as a compact table of the same model for large clusters, and the
// selected node's details (slots, subscriptions N/M, connections). A thin view: the data comes
// from a TopologyModel that a TopologyProbe feeds off the GUI thread.
//
//   auto* probe = new TopologyProbe(inventory, this);
//   auto* model = new TopologyModel(this);
//   connect(probe, &TopologyProbe::snapshotReady, model, &TopologyModel::setSnapshot);
//   pane->setModel(model);
//   probe->start();
//
// Keys: Alt+G graph, Alt+T table, Alt+D details; arrows, Home and End move between nodes.

#include "cluster/topologymodel.h"

#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class LiveText;
class QLabel;
class QScrollArea;
class QStackedWidget;
class QToolButton;
class QTreeView;
class TopologyDetails;
class TopologyGraphView;

class TopologyPane : public QWidget {
    Q_OBJECT
public:
    // A picture older than this is flagged as stale: the probe has stopped delivering.
    static constexpr int staleAfterMs = 5000;
    // Clusters with more nodes open on the table view (the graph stays one key away).
    static constexpr int graphNodeLimit = 40;

    explicit TopologyPane(QWidget* parent = nullptr);
    void setModel(TopologyModel* model);
    TopologyModel* model() const { return m_model; }

    QString selectedNode() const { return m_selected; }
    void selectNode(const QString& name);
    void setTableView(bool table);
    bool isTableView() const;
    // What a go/no-go decision rests on, from the snapshot shown (TopologySnapshot::evidence()).
    QJsonObject evidence() const;

    TopologyGraphView* graphView() const { return m_graph; }
    QTreeView* tableView() const { return m_table; }
    TopologyDetails* detailsView() const { return m_details; }
    QString statusText() const;

signals:
    void nodeSelected(const QString& name);

private:
    void refresh();
    void updateStatus();

    QPointer<TopologyModel> m_model;
    QString m_selected;
    bool m_viewChosen = false; // by the user or by the first snapshot's size
    LiveText* m_status = nullptr;
    QToolButton* m_graphButton = nullptr;
    QToolButton* m_tableButton = nullptr;
    QStackedWidget* m_stack = nullptr;
    QScrollArea* m_graphScroll = nullptr;
    TopologyGraphView* m_graph = nullptr;
    QTreeView* m_table = nullptr;
    TopologyDetails* m_details = nullptr;
    QTimer m_clock; // ages the "updated" line and ticks "unreachable for N s"
};
