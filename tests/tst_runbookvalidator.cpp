#include "runbook/documentloader.h"
#include "runbook/runbookvalidator.h"

#include <QtTest>

class TestRunbookValidator : public QObject {
    Q_OBJECT
private slots:
    void exampleRunsOnTheSandbox();
    void shippedRunbooksAreValid_data();
    void shippedRunbooksAreValid();
    void reportsWhatTheInventoryLacks_data();
    void reportsWhatTheInventoryLacks();
    void holdNeedsAPgbouncerSwitchAndNoGate();
    void refuseAllowsWhatHoldRefuses();
};

namespace {
const QString dataDir = QStringLiteral(RBC_TEST_DATA_DIR "/runbook/");

QStringList messages(const Diagnostics& diagnostics)
{
    QStringList out;
    for (const Diagnostic& d : diagnostics)
        out.append(d.toString().remove(dataDir));
    return out;
}
} // namespace

void TestRunbookValidator::exampleRunsOnTheSandbox()
{
    const LoadedDocument runbook
        = DocumentLoader::loadRunbook(QStringLiteral(RBC_SOURCE_DIR "/runbooks/examples/hello.yaml"));
    const LoadedDocument inventory = DocumentLoader::loadInventory(dataDir + QStringLiteral("sandbox-inventory.yaml"));
    QVERIFY(runbook.ok());
    QVERIFY(inventory.ok());
    QCOMPARE(messages(RunbookValidator::validate(*runbook.runbook, &*inventory.inventory)), QStringList());
}

void TestRunbookValidator::shippedRunbooksAreValid_data()
{
    QTest::addColumn<QString>("file");
    const QDir shipped(QStringLiteral(RBC_SOURCE_DIR "/runbooks"));
    for (const QString& name : shipped.entryList({ QStringLiteral("*.yaml") }, QDir::Files))
        QTest::addRow("%s", qPrintable(name)) << shipped.filePath(name);
    QTest::addRow("examples/hello.yaml") << shipped.filePath(QStringLiteral("examples/hello.yaml"));
    QTest::addRow("examples/values-between-steps.yaml") << shipped.filePath(QStringLiteral("examples/values-between-steps.yaml"));
    QTest::addRow("examples/loops.yaml") << shipped.filePath(QStringLiteral("examples/loops.yaml"));
}

// Every shipped runbook passes every check, the quoting check included, alone and against the sandbox.
void TestRunbookValidator::shippedRunbooksAreValid()
{
    QFETCH(QString, file);
    const LoadedDocument runbook = DocumentLoader::loadRunbook(file);
    QVERIFY2(runbook.ok(), qPrintable(messages(runbook.diagnostics).join(QLatin1Char('\n'))));
    const LoadedDocument inventory = DocumentLoader::loadInventory(dataDir + QStringLiteral("sandbox-inventory.yaml"));
    QVERIFY(inventory.ok());
    QCOMPARE(messages(RunbookValidator::validate(*runbook.runbook, &*inventory.inventory)), QStringList());
}

void TestRunbookValidator::reportsWhatTheInventoryLacks_data()
{
    QTest::addColumn<QString>("runbook");
    QTest::addColumn<QString>("inventory");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("missing node, endpoint, var, field")
        << "needs-more.yaml"
        << "sandbox-inventory.yaml"
        << QStringList {
               "needs-more.yaml:3:24: required node 'witness' is not in inventory sandbox-inventory.yaml: no node or "
               "alias of that name",
               "needs-more.yaml:4:20: required endpoint 'reporting' is not in inventory sandbox-inventory.yaml",
               "needs-more.yaml:12:45: undefined template path 'vars.archive_dir': the inventory does not set var "
               "'archive_dir' and the runbook gives no default",
               "needs-more.yaml:15:30: undefined template path 'nodes.old_primary.upstream': node 'db1' (old_primary) "
               "in the inventory has no 'upstream'",
           };
    QTest::addRow("hosts endpoint without address")
        << "plan-secrets.yaml"
        << "hosts-inventory.yaml"
        << QStringList {
               "plan-secrets.yaml:13:69: undefined template path 'nodes.new_primary.datadir': node 'pg2' (new_primary) "
               "in the inventory has no 'datadir'",
               "plan-secrets.yaml:18:25: undefined template path 'nodes.new_primary.datadir': node 'pg2' (new_primary) "
               "in the inventory has no 'datadir'",
               "plan-secrets.yaml:21:21: undefined template path 'endpoints.app.admin_conninfo': endpoint 'app' in the "
               "inventory has no 'admin_conninfo'",
               "plan-secrets.yaml:24:37: endpoint 'app' in inventory hosts-inventory.yaml has no address for node "
               "'pg2'",
           };
    QTest::addRow("fits") << "plan-secrets.yaml"
                          << "sandbox-inventory.yaml" << QStringList();
}

void TestRunbookValidator::reportsWhatTheInventoryLacks()
{
    QFETCH(QString, runbook);
    QFETCH(QString, inventory);
    QFETCH(QStringList, expected);
    const LoadedDocument loadedRunbook = DocumentLoader::loadRunbook(dataDir + runbook);
    const LoadedDocument loadedInventory = DocumentLoader::loadInventory(dataDir + inventory);
    QVERIFY2(loadedRunbook.ok(), qPrintable(messages(loadedRunbook.diagnostics).join(QLatin1Char('\n'))));
    QVERIFY2(loadedInventory.ok(), qPrintable(messages(loadedInventory.diagnostics).join(QLatin1Char('\n'))));
    QCOMPARE(
        messages(RunbookValidator::inventoryProblems(*loadedRunbook.runbook, *loadedInventory.inventory)), expected);
}

// cutover: hold — a manual gate inside the window, and a hosts endpoint (which cannot hold) given
// the inventory; the window ends with a switch, so that is not said.
void TestRunbookValidator::holdNeedsAPgbouncerSwitchAndNoGate()
{
    const LoadedDocument runbook = DocumentLoader::loadRunbook(dataDir + QStringLiteral("hold-cutover.yaml"));
    QVERIFY2(!runbook.ok(), "a manual gate inside a held window is refused");
    QCOMPARE(messages(runbook.diagnostics),
        QStringList { "hold-cutover.yaml:15:17: cutover: hold: step 'look' is a manual gate inside the write window: clients would be "
                      "held while the operator reads it (move it before the window, or use cutover: refuse)" });
    QCOMPARE(runbook.runbook->cutover.mode, CutoverMode::Hold);
    QCOMPARE(runbook.runbook->cutover.holdMax, Duration(2000));
    const LoadedDocument hosts = DocumentLoader::loadInventory(dataDir + QStringLiteral("hosts-inventory.yaml"));
    QVERIFY(hosts.ok());
    const QStringList withHosts = messages(RunbookValidator::inventoryProblems(*runbook.runbook, *hosts.inventory));
    QVERIFY2(withHosts.contains(QStringLiteral("hold-cutover.yaml:2:10: cutover: hold needs a PgBouncer endpoint, but endpoint 'app' "
                                               "in inventory hosts-inventory.yaml is a hosts file: a hosts file cannot hold clients "
                                               "(use cutover: refuse)")),
        qPrintable(withHosts.join(QLatin1Char('\n'))));
    const LoadedDocument pgbouncer = DocumentLoader::loadInventory(dataDir + QStringLiteral("sandbox-inventory.yaml"));
    QVERIFY(pgbouncer.ok());
    QCOMPARE(messages(RunbookValidator::cutoverProblems(*runbook.runbook, &*pgbouncer.inventory, CutoverMode::Hold)).size(), 1);
}

// The same runbook in refuse mode (a run's --cutover refuse): nothing to say.
void TestRunbookValidator::refuseAllowsWhatHoldRefuses()
{
    const LoadedDocument runbook = DocumentLoader::loadRunbook(dataDir + QStringLiteral("hold-cutover.yaml"));
    const LoadedDocument hosts = DocumentLoader::loadInventory(dataDir + QStringLiteral("hosts-inventory.yaml"));
    QVERIFY(runbook.runbook && hosts.ok());
    QCOMPARE(messages(RunbookValidator::cutoverProblems(*runbook.runbook, &*hosts.inventory, CutoverMode::Refuse)), QStringList());
}

QTEST_GUILESS_MAIN(TestRunbookValidator)
#include "tst_runbookvalidator.moc"
