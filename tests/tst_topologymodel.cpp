// The topology model under QAbstractItemModelTester: filled and refreshed by snapshots with
// fine-grained changes only (never a reset), rows for discovered nodes inserted and removed,
// persistent indexes kept, role and version changes noted for the console's highlight.
#include "cluster/topologymodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {
const QDateTime kT0(QDate(2026, 11, 30), QTime(12, 0, 0), Qt::UTC);

TopologyNode node(const QString& name, bool standby, int version = 150008)
{
    TopologyNode n;
    n.name = name;
    n.inventoryRole = standby ? QStringLiteral("replica") : QStringLiteral("primary");
    n.host = QStringLiteral("127.0.0.1");
    n.port = 5432;
    n.state = NodeState::Up;
    n.sampledAt = kT0;
    n.versionNum = version;
    n.version = QStringLiteral("%1.%2").arg(version / 10000).arg(version % 100);
    n.inRecovery = standby;
    n.transactionReadOnly = standby;
    n.timeline = 1;
    n.connections = { { QStringLiteral("active"), 1 } };
    return n;
}

TopologyEdge edge(const QString& from, const QString& to, qint64 lag)
{
    TopologyEdge e;
    e.from = from;
    e.to = to;
    e.state = QStringLiteral("streaming");
    e.syncState = QStringLiteral("async");
    e.lagBytes = lag;
    e.slot = to;
    return e;
}

TopologySnapshot cluster(int second = 0)
{
    TopologySnapshot s;
    s.cluster = QStringLiteral("unit");
    s.takenAt = kT0.addSecs(second);
    s.cycle = quint64(second);
    s.nodes << node(QStringLiteral("db1"), false) << node(QStringLiteral("db2"), true)
            << node(QStringLiteral("db3"), true);
    TopologyNode spare;
    spare.name = QStringLiteral("db_a");
    spare.inventoryRole = QStringLiteral("spare");
    spare.state = NodeState::SpareNotRunning;
    spare.error = QStringLiteral("connection refused");
    s.nodes << spare;
    s.edges << edge(QStringLiteral("db1"), QStringLiteral("db2"), 0)
            << edge(QStringLiteral("db1"), QStringLiteral("db3"), 0);
    TopologyEndpoint app;
    app.name = QStringLiteral("app");
    app.kind = QStringLiteral("pgbouncer");
    app.routesTo = QStringLiteral("db1");
    app.declaredRoutesTo = QStringLiteral("db1");
    app.reachable = true;
    app.checkedAt = s.takenAt;
    app.paused = false;
    s.endpoints << app;
    return s;
}

TopologyNode* find(TopologySnapshot& s, const QString& name)
{
    for (TopologyNode& n : s.nodes)
        if (n.name == name)
            return &n;
    return nullptr;
}
} // namespace

class TestTopologyModel : public QObject {
    Q_OBJECT
private slots:
    void fillsThenChangesCellsOnly()
    {
        TopologyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        model.setSnapshot(cluster());
        QCOMPARE(model.rowCount(), 5); // four nodes, one endpoint
        QCOMPARE(model.rowCount(model.indexOfNode(QStringLiteral("db1"))), 2);
        QCOMPARE(model.columnCount(), int(TopologyModel::ColumnCount));
        QCOMPARE(model.headerData(TopologyModel::LagColumn, Qt::Horizontal).toString(), QStringLiteral("Lag"));
        QCOMPARE(model.index(0, TopologyModel::RoleColumn).data().toString(), QStringLiteral("primary"));
        QCOMPARE(model.index(1, TopologyModel::ReadOnlyColumn).data().toString(), QStringLiteral("read-only"));
        QCOMPARE(model.index(3, TopologyModel::StateColumn).data().toString(), QStringLiteral("spare, not running"));
        QCOMPARE(model.index(3, 0).data(TopologyModel::FailureRole).toBool(), false);
        QCOMPARE(model.index(4, TopologyModel::RoleColumn).data().toString(), QStringLiteral("pgbouncer → db1"));
        const QModelIndex toDb2 = model.index(0, TopologyModel::NameColumn, model.indexOfNode(QStringLiteral("db1")));
        QCOMPARE(toDb2.data().toString(), QStringLiteral("→ db2"));
        QCOMPARE(toDb2.data(TopologyModel::KindRole).toInt(), int(TopologyModel::ItemKind::Edge));
        QCOMPARE(model.nodeAt(toDb2)->name, QStringLiteral("db1"));
        QCOMPARE(resets.count(), 0);
        QVERIFY(!inserted.isEmpty());

        inserted.clear();
        changed.clear();
        TopologySnapshot next = cluster(1);
        next.edges[0].lagBytes = 8192;
        model.setSnapshot(next);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(removed.count(), 0);
        QCOMPARE(resets.count(), 0);
        // The edge row and db2's row changed their lag, nothing else.
        QCOMPARE(changed.count(), 2);
        for (const QList<QVariant>& args : changed) {
            const QModelIndex tl = args.at(0).toModelIndex();
            const QModelIndex br = args.at(1).toModelIndex();
            QCOMPARE(tl.column(), int(TopologyModel::LagColumn));
            QCOMPARE(br.column(), int(TopologyModel::LagColumn));
            QCOMPARE(tl.row(), br.row());
        }
        QCOMPARE(model.index(1, TopologyModel::LagColumn).data().toString(), QStringLiteral("8.0 kB"));

        changed.clear();
        model.setSnapshot(cluster(2)); // back to 0 B
        model.setSnapshot(cluster(3)); // identical: nothing to say
        QCOMPARE(changed.count(), 2);
    }

    void discoveredNodesComeAndGoWithoutDisturbingOthers()
    {
        TopologyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot(cluster());
        QPersistentModelIndex endpoint = model.indexOfEndpoint(QStringLiteral("app"));
        QPersistentModelIndex edgeToDb3 = model.index(1, 0, model.indexOfNode(QStringLiteral("db1")));
        QCOMPARE(endpoint.row(), 4);

        TopologySnapshot next = cluster(1);
        TopologyNode analytics;
        analytics.name = QStringLiteral("analytics");
        analytics.discovered = true;
        analytics.state = NodeState::Discovered;
        next.nodes << analytics;
        next.edges << edge(QStringLiteral("db1"), QStringLiteral("analytics"), 10);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.setSnapshot(next);
        QCOMPARE(inserted.count(), 2); // the node, and its edge under db1
        int topLevelRow = -1;
        for (const QList<QVariant>& args : inserted)
            if (!args.at(0).toModelIndex().isValid())
                topLevelRow = args.at(1).toInt();
        QCOMPARE(topLevelRow, 4);
        QCOMPARE(model.indexOfNode(QStringLiteral("analytics")).row(), 4);
        QVERIFY(endpoint.isValid());
        QCOMPARE(endpoint.row(), 5);
        QCOMPARE(endpoint.data(TopologyModel::NameRole).toString(), QStringLiteral("app"));
        QVERIFY(edgeToDb3.isValid());
        QCOMPARE(edgeToDb3.data(TopologyModel::NameRole).toString(), QStringLiteral("db3"));
        QCOMPARE(model.index(4, TopologyModel::StateColumn).data().toString(), QStringLiteral("not in the inventory"));

        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.setSnapshot(cluster(2));
        QCOMPARE(removed.count(), 2);
        QCOMPARE(endpoint.row(), 4);
        QCOMPARE(edgeToDb3.data(TopologyModel::NameRole).toString(), QStringLiteral("db3"));
        QCOMPARE(resets.count(), 0);
    }

    void reorderedRowsMoveRatherThanReset()
    {
        TopologyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
        model.setSnapshot(cluster());
        QPersistentModelIndex db3 = model.indexOfNode(QStringLiteral("db3"));
        TopologySnapshot next = cluster(1);
        std::swap(next.nodes[1], next.nodes[2]);
        model.setSnapshot(next);
        QCOMPARE(moved.count(), 1);
        QCOMPARE(db3.row(), 1);
        QCOMPARE(resets.count(), 0);
    }

    void unreachableNodeAndDownEdgeAreFailures()
    {
        TopologyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(cluster());
        TopologySnapshot next = cluster(30);
        TopologyNode* db3 = find(next, QStringLiteral("db3"));
        db3->state = NodeState::Unreachable;
        db3->unreachableSince = next.takenAt.addSecs(-12);
        db3->error = QStringLiteral("connection refused");
        next.edges[1].observed = false;
        next.edges[1].state = QStringLiteral("down");
        next.edges[1].lagBytes.reset();
        model.setSnapshot(next);
        const QModelIndex row = model.indexOfNode(QStringLiteral("db3"), TopologyModel::StateColumn);
        QCOMPARE(row.data().toString(), QStringLiteral("unreachable for 12 s"));
        QCOMPARE(row.data(TopologyModel::FailureRole).toBool(), true);
        QCOMPARE(row.data(Qt::ToolTipRole).toString(), QStringLiteral("connection refused"));
        QCOMPARE(row.data(TopologyModel::StateRole).toInt(), int(NodeState::Unreachable));
        const QModelIndex down = model.index(1, TopologyModel::StateColumn, model.indexOfNode(QStringLiteral("db1")));
        QCOMPARE(down.data().toString(), QStringLiteral("down"));
        QCOMPARE(down.data(TopologyModel::FailureRole).toBool(), true);
    }

    void notesRoleAndVersionChanges()
    {
        TopologyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(cluster());
        for (const QString& n : { QStringLiteral("db1"), QStringLiteral("db2"), QStringLiteral("db_a") })
            QVERIFY2(!model.changedAt(n).isValid(), qPrintable(n)); // the first picture changes nothing

        // db_a is provisioned as a standby: it was a spare.
        TopologySnapshot next = cluster(1);
        *find(next, QStringLiteral("db_a")) = node(QStringLiteral("db_a"), true);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSnapshot(next);
        QCOMPARE(model.changedAt(QStringLiteral("db_a")), next.takenAt);
        QCOMPARE(
            model.indexOfNode(QStringLiteral("db_a")).data(TopologyModel::ChangedAtRole).toDateTime(), next.takenAt);
        QVERIFY(!model.changedAt(QStringLiteral("db2")).isValid());

        // It is promoted, then restarted on a new major: two more changes.
        next = cluster(2);
        *find(next, QStringLiteral("db_a")) = node(QStringLiteral("db_a"), false);
        model.setSnapshot(next);
        QCOMPARE(model.changedAt(QStringLiteral("db_a")), next.takenAt);
        next = cluster(3);
        *find(next, QStringLiteral("db_a")) = node(QStringLiteral("db_a"), false);
        model.setSnapshot(next);
        QCOMPARE(model.changedAt(QStringLiteral("db_a")), kT0.addSecs(2)); // same role, same version: unchanged
        TopologyNode down = node(QStringLiteral("db_a"), false);
        down.state = NodeState::Unreachable;
        next = cluster(4);
        *find(next, QStringLiteral("db_a")) = down;
        model.setSnapshot(next);
        QCOMPARE(model.changedAt(QStringLiteral("db_a")), kT0.addSecs(2)); // unreachable tells nothing new
        next = cluster(5);
        *find(next, QStringLiteral("db_a")) = node(QStringLiteral("db_a"), false, 160004);
        model.setSnapshot(next);
        QCOMPARE(model.changedAt(QStringLiteral("db_a")), next.takenAt);
        QCOMPARE(model.indexOfNode(QStringLiteral("db_a"), TopologyModel::VersionColumn).data().toString(),
            QStringLiteral("16.4"));
    }

    void emptySnapshotEmptiesTheModel()
    {
        TopologyModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setSnapshot(cluster());
        model.setSnapshot(TopologySnapshot());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.indexOfNode(QStringLiteral("db1")).isValid());
        QVERIFY(!model.nodeAt(QModelIndex()));
        QCOMPARE(resets.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestTopologyModel)
#include "tst_topologymodel.moc"
