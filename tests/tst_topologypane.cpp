// The topology pane, offscreen, on a real sandbox: its nodes and replication edges in the graph
// and the table, the selected node's details, keyboard navigation, shortcuts and accessible
// names; and, on made-up snapshots, unreachable nodes greyed with their "since", the highlight of
// a node that changed role, and a dark palette giving a dark picture.
#include "cluster/topologymodel.h"
#include "cluster/topologyprobe.h"
#include "sandboxfixture.h"
#include "topology/topologydetails.h"
#include "topology/topologygraphview.h"
#include "topology/topologypainter.h"
#include "topology/topologypane.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

namespace {
QString plain(QString text)
{
    return text.remove(QLatin1Char('&'));
}

TopologyNode node(const QString& name, bool standby)
{
    TopologyNode n;
    n.name = name;
    n.inventoryRole = standby ? QStringLiteral("replica") : QStringLiteral("primary");
    n.host = QStringLiteral("127.0.0.1");
    n.port = 5432;
    n.state = NodeState::Up;
    n.versionNum = 150008;
    n.version = QStringLiteral("15.8");
    n.inRecovery = standby;
    n.transactionReadOnly = standby;
    n.timeline = 1;
    if (standby)
        n.declaredUpstream = QStringLiteral("db1");
    return n;
}

TopologySnapshot madeUp(bool db2Promoted)
{
    TopologySnapshot s;
    s.cluster = QStringLiteral("made-up");
    s.takenAt = QDateTime::currentDateTimeUtc();
    s.nodes << node(QStringLiteral("db1"), false) << node(QStringLiteral("db2"), !db2Promoted)
            << node(QStringLiteral("db3"), true);
    TopologyNode& db3 = s.nodes[2];
    db3.state = NodeState::Unreachable;
    db3.unreachableSince = s.takenAt.addSecs(-12);
    db3.error = QStringLiteral("connection refused");
    TopologyEdge e;
    e.from = QStringLiteral("db1");
    e.to = QStringLiteral("db2");
    e.state = QStringLiteral("streaming");
    e.lagBytes = 0;
    if (!db2Promoted)
        s.edges << e;
    e.to = QStringLiteral("db3");
    e.state = QStringLiteral("down");
    e.observed = false;
    e.lagBytes.reset();
    s.edges << e;
    return s;
}

QColor pixel(const QImage& image, const QPointF& at)
{
    return image.pixelColor((at * image.devicePixelRatio()).toPoint());
}
} // namespace

class TestTopologyPane : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void showsTheSandboxNodesAndEdges();
    void keyboardMovesBetweenNodes();
    void shortcutsToggleGraphAndTable();
    void accessibleNamesEqualVisibleLabels();
    void unreachableGreyedAndChangedRoleHighlighted();
    void darkPaletteGivesADarkPicture();

private:
    SandboxFixture m_sb { QStringLiteral("topology-pane") };
    std::unique_ptr<TopologyProbe> m_probe;
    TopologyModel m_model;
    std::unique_ptr<TopologyPane> m_pane;
};

void TestTopologyPane::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    SandboxOptions o;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(m_sb.up(o, &error), qPrintable(error));
    m_probe = std::make_unique<TopologyProbe>(m_sb.inventory());
    m_probe->setInterval(300);
    connect(m_probe.get(), &TopologyProbe::snapshotReady, &m_model, &TopologyModel::setSnapshot);
    m_pane = std::make_unique<TopologyPane>(nullptr);
    m_pane->setModel(&m_model);
    m_pane->resize(1100, 780);
    m_pane->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_pane.get()));
    m_probe->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_model.snapshot().edges.size() == 2 && m_model.snapshot().node(QStringLiteral("db3"))
            && m_model.snapshot().node(QStringLiteral("db3"))->isUp() && m_model.snapshot().edges[1].isStreaming(),
        30000);
}

void TestTopologyPane::cleanupTestCase()
{
    m_pane.reset();
    m_probe.reset();
    m_sb.down();
}

void TestTopologyPane::showsTheSandboxNodesAndEdges()
{
    TopologyGraphView* graph = m_pane->graphView();
    const TopologyLayout& layout = graph->currentLayout();
    QCOMPARE(layout.nodes.size(), 5);
    const QRectF db1 = layout.nodes.value(QStringLiteral("db1"));
    const QRectF db2 = layout.nodes.value(QStringLiteral("db2"));
    const QRectF spare = layout.nodes.value(QStringLiteral("db_a"));
    QVERIFY(db2.top() > db1.bottom()); // standbys below their primary
    QVERIFY(layout.nodes.value(QStringLiteral("db3")).top() > db1.bottom());
    QVERIFY(spare.top() > db2.bottom()); // spares that are not running in their own row
    QVERIFY(layout.endpoints.value(QStringLiteral("app")).bottom() < db1.top());

    // The picture on screen: the edge db1 -> db2 is drawn (a quarter of the way along it is not background).
    const QImage shot = graph->grab().toImage();
    const QPointF along = db1.center() + (db2.center() - db1.center()) * 0.35;
    const QColor background = graph->palette().color(QPalette::Window);
    QVERIFY2(pixel(shot, along) != background, "an edge between db1 and db2");
    if (const QString path = qEnvironmentVariable("RBC_TOPOLOGY_SCREENSHOT"); !path.isEmpty())
        QVERIFY(m_pane->grab().save(path));

    // The table: every node, the endpoint, db1's two edges under it.
    QCOMPARE(m_model.rowCount(), 6);
    const QModelIndex db1Row = m_model.indexOfNode(QStringLiteral("db1"));
    QCOMPARE(m_model.rowCount(db1Row), 2);
    QCOMPARE(m_model.index(0, TopologyModel::StateColumn, db1Row).data().toString(), QStringLiteral("streaming"));
    QVERIFY(m_pane->tableView()->isExpanded(db1Row));
    QVERIFY(m_pane->statusText().startsWith(QStringLiteral("5 nodes")));

    // The details of the selected node: db1, first in the picture.
    m_pane->selectNode(QStringLiteral("db1"));
    const TopologyDetails* details = m_pane->detailsView();
    QCOMPARE(details->node(), QStringLiteral("db1"));
    QStringList sections;
    QTreeWidgetItem* slotSection = nullptr;
    for (int i = 0; i < details->topLevelItemCount(); ++i) {
        sections << details->topLevelItem(i)->text(0);
        if (details->topLevelItem(i)->text(0) == QLatin1String("Slots"))
            slotSection = details->topLevelItem(i);
    }
    QCOMPARE(sections,
        QStringList({ QStringLiteral("Node"), QStringLiteral("Replication"), QStringLiteral("Slots"),
            QStringLiteral("Connections") }));
    QVERIFY(slotSection);
    QCOMPARE(slotSection->childCount(), 2);
    QCOMPARE(slotSection->child(0)->text(0), QStringLiteral("db2"));
    QVERIFY(slotSection->child(0)->text(1).startsWith(QStringLiteral("physical, active")));
}

void TestTopologyPane::keyboardMovesBetweenNodes()
{
    m_pane->setTableView(false);
    TopologyGraphView* graph = m_pane->graphView();
    graph->setFocus();
    const QStringList order = graph->currentLayout().order;
    QCOMPARE(order.first(), QStringLiteral("db1"));
    QTest::keyClick(graph, Qt::Key_Home);
    QCOMPARE(m_pane->selectedNode(), order.at(0));
    QSignalSpy selected(m_pane.get(), &TopologyPane::nodeSelected);
    QTest::keyClick(graph, Qt::Key_Right);
    QCOMPARE(m_pane->selectedNode(), order.at(1));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(m_pane->detailsView()->node(), order.at(1));
    QCOMPARE(m_model.nodeAt(m_pane->tableView()->currentIndex())->name, order.at(1));
    QVERIFY(graph->accessibleDescription().startsWith(order.at(1) + QLatin1Char(':')));
    QTest::keyClick(graph, Qt::Key_End);
    QCOMPARE(m_pane->selectedNode(), order.last());
    QTest::keyClick(graph, Qt::Key_Left);
    QCOMPARE(m_pane->selectedNode(), order.at(order.size() - 2));
    // And from the table back to the graph.
    m_pane->tableView()->setCurrentIndex(m_model.indexOfNode(QStringLiteral("db3")));
    QCOMPARE(graph->selectedNode(), QStringLiteral("db3"));
}

void TestTopologyPane::shortcutsToggleGraphAndTable()
{
    m_pane->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_pane.get()));
    // A button's mnemonic clicks it the way a mouse would, after a short press animation.
    QTest::keyClick(m_pane.get(), Qt::Key_T, Qt::AltModifier);
    QTRY_VERIFY(m_pane->isTableView());
    QVERIFY(m_pane->tableView()->hasFocus());
    QTest::keyClick(m_pane.get(), Qt::Key_G, Qt::AltModifier);
    QTRY_VERIFY(!m_pane->isTableView());
    QVERIFY(m_pane->graphView()->hasFocus());
    QTest::keyClick(m_pane.get(), Qt::Key_D, Qt::AltModifier);
    QVERIFY(m_pane->detailsView()->hasFocus());
}

void TestTopologyPane::accessibleNamesEqualVisibleLabels()
{
    int buttons = 0;
    for (const QAbstractButton* b : m_pane->findChildren<QAbstractButton*>()) {
        if (b->text().isEmpty())
            continue;
        QCOMPARE(b->accessibleName(), plain(b->text()));
        ++buttons;
    }
    QCOMPARE(buttons, 2);
    for (const QLabel* l : m_pane->findChildren<QLabel*>())
        if (!l->text().isEmpty())
            QCOMPARE(l->accessibleName(), plain(l->text()));
    // The two views are named like the buttons that show them; the details like their label.
    QCOMPARE(m_pane->graphView()->accessibleName(), QStringLiteral("Graph"));
    QCOMPARE(m_pane->tableView()->accessibleName(), QStringLiteral("Table"));
    QCOMPARE(m_pane->detailsView()->accessibleName(), QStringLiteral("Details"));
}

void TestTopologyPane::unreachableGreyedAndChangedRoleHighlighted()
{
    TopologyModel model;
    TopologyPane pane(nullptr);
    pane.setModel(&model);
    pane.resize(900, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane));
    model.setSnapshot(madeUp(false));
    model.setSnapshot(madeUp(true)); // db2 promoted
    TopologyGraphView* graph = pane.graphView();
    QVERIFY(graph->highlightOf(QStringLiteral("db2")) > 0.5);
    QCOMPARE(graph->highlightOf(QStringLiteral("db1")), 0.0);
    QVERIFY(pane.statusText().contains(QStringLiteral("unreachable: db3")));
    const QString db3
        = TopologyPainter::describe(model.snapshot(), QStringLiteral("db3"), QDateTime::currentDateTimeUtc());
    QVERIFY2(db3.contains(QStringLiteral("UNREACHABLE 12 s")) || db3.contains(QStringLiteral("UNREACHABLE 13 s")),
        qPrintable(db3));

    // Card fills: db3 greyed, db2 tinted by the highlight, db1 plain.
    const QImage shot = graph->grab().toImage();
    const TopologyLayout& layout = graph->currentLayout();
    const auto fill = [&](const QString& n) {
        const QRectF r = layout.nodes.value(n);
        return pixel(shot, QPointF(r.left() + 4, r.bottom() - 4));
    };
    QVERIFY(fill(QStringLiteral("db1")) != fill(QStringLiteral("db3")));
    QVERIFY(fill(QStringLiteral("db1")) != fill(QStringLiteral("db2")));
    // The highlight fades: it is gone once its time is up.
    QTRY_COMPARE_WITH_TIMEOUT(graph->highlightOf(QStringLiteral("db2")), 0.0, TopologyGraphView::highlightMs + 2000);
}

void TestTopologyPane::darkPaletteGivesADarkPicture()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe0));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    m_pane->setPalette(dark);
    m_pane->setTableView(false);
    QTest::qWait(50);
    TopologyGraphView* graph = m_pane->graphView();
    const QImage shot = graph->grab().toImage();
    const QRectF db2 = graph->currentLayout().nodes.value(QStringLiteral("db2"));
    QVERIFY(pixel(shot, QPointF(2, 2)).lightnessF() < 0.3);
    QVERIFY(pixel(shot, QPointF(db2.left() + 4, db2.bottom() - 4)).lightnessF() < 0.3);
    if (const QString path = qEnvironmentVariable("RBC_TOPOLOGY_SCREENSHOT_DARK"); !path.isEmpty())
        QVERIFY(m_pane->grab().save(path));
    m_pane->setPalette(QPalette());
}

QTEST_MAIN(TestTopologyPane)
#include "tst_topologypane.moc"
