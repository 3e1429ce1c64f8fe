// The main window, offscreen: a runbook and inventory load off the GUI thread into the
// checklist and node table; a broken file shows its problems in the banner.
#include "mainwindow.h"

#include "cluster/topologymodel.h"
#include "topology/topologypane.h"

#include <QApplication>
#include <QLabel>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void showsChecklistAndNodes();
    void showsProblemsOfABrokenRunbook();
};

void TestMainWindow::showsChecklistAndNodes()
{
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::filesLoaded);
    w.openFiles(QStringLiteral(RBC_SOURCE_DIR "/runbooks/pg-upgrade-link.yaml"), QStringLiteral(RBC_TEST_DATA_DIR "/runbook/sandbox-inventory.yaml"));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(loaded.first().at(0).toBool(), true);
    auto* tree = w.findChild<QTreeView*>(QStringLiteral("checklist"));
    QVERIFY(tree);
    QCOMPARE(tree->model()->rowCount(), 4); // the runbook's phases
    QVERIFY(tree->model()->rowCount(tree->model()->index(2, 0)) > 5);
    // The topology pane polls the inventory's nodes in the background (none answers here: the
    // inventory's ports are made up) and lists them as they are.
    auto* topology = w.findChild<TopologyPane*>();
    QVERIFY(topology);
    QTRY_VERIFY_WITH_TIMEOUT(topology->model()->indexOfNode(QStringLiteral("db1")).isValid(), 15000);
    QVERIFY(topology->model()->indexOfNode(QStringLiteral("db3")).isValid());
}

void TestMainWindow::showsProblemsOfABrokenRunbook()
{
    QTemporaryDir tmp;
    const QString path = tmp.filePath(QStringLiteral("broken.yaml"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("runbook: broken\nphases:\n  - name: One\n    steps:\n      - id: a\n        sqll: SELECT 1\n");
    f.close();
    MainWindow w;
    w.show();
    QSignalSpy loaded(&w, &MainWindow::filesLoaded);
    w.openFiles(path, QStringLiteral(RBC_TEST_DATA_DIR "/runbook/sandbox-inventory.yaml"));
    QVERIFY(loaded.wait(10000));
    QCOMPARE(loaded.first().at(0).toBool(), false);
    QLabel* banner = nullptr;
    for (QLabel* l : w.findChildren<QLabel*>())
        if (l->isVisible() && l->text().contains(QStringLiteral("broken.yaml:6:9")))
            banner = l;
    QVERIFY2(banner, "the banner names file:line:col");
    QVERIFY(banner->text().contains(QStringLiteral("did you mean 'sql'")));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
