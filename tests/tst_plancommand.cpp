#include "cli/plancommand.h"

#include <QTextStream>
#include <QtTest>

class TestPlanCommand : public QObject {
    Q_OBJECT
private slots:
    void printsEveryStepWithSecretsMasked();
    void printsTheExample();
    void printsLayeredDefaultsAndNestedTemplates();
    void refusesInvalidInput_data();
    void refusesInvalidInput();
};

namespace {
const QString dataDir = QStringLiteral(RBC_TEST_DATA_DIR "/runbook/");

int plan(const QStringList& args, QString& out, QString& err)
{
    QTextStream outStream(&out);
    QTextStream errStream(&err);
    const int code = runPlanCommand(args, outStream, errStream);
    outStream.flush();
    errStream.flush();
    return code;
}
} // namespace

void TestPlanCommand::printsEveryStepWithSecretsMasked()
{
    QString out;
    QString err;
    QCOMPARE(plan({ dataDir + "plan-secrets.yaml", "--inventory", dataDir + "sandbox-inventory.yaml" }, out, err), 0);
    QCOMPARE(err, QString());
    const QString expected = QStringLiteral(
        "Runbook: Rebuild the new primary from a base backup (%1plan-secrets.yaml)\n"
        "Inventory: cluster sandbox (%1sandbox-inventory.yaml)\n"
        "Lossless rollback past points of no return: reverse replication to the old primary, prepared in phase 1\n"
        "Nodes:\n"
        "  old_primary -> db1 @ local (role primary, version 15, shell as postgres)\n"
        "    conninfo: host=127.0.0.1 port=40001 dbname=app user=postgres\n"
        "  new_primary -> db_a @ local (role spare, shell as postgres)\n"
        "    conninfo: host=127.0.0.1 port=40004 dbname=app user=postgres password=********\n"
        "Endpoints:\n"
        "  app (pgbouncer), routes to db1\n"
        "    pgbouncer config /var/lib/runbook-console/sandbox/pgbouncer/pgbouncer.ini @ local, database app\n"
        "Vars:\n"
        "  slot = rebuild_slot  (runbook default)\n"
        "\n"
        "Phase 1: Rebuild\n"
        "  1.1 base-backup: Copy db1 to db_a  [plan-secrets.yaml:11:9]\n"
        "      shell on new_primary -> db_a @ local:\n"
        "        pg_basebackup -d 'host=127.0.0.1 port=40001 dbname=app user=postgres' -D "
        "'/var/lib/runbook-console/sandbox/data/db_a' -S 'rebuild_slot'\n"
        "      expected 2m, timeout 30m\n"
        "      rollback:\n"
        "        shell on new_primary -> db_a @ local:\n"
        "          rm -rf '/var/lib/runbook-console/sandbox/data/db_a'\n"
        "  1.2 check-admin  [plan-secrets.yaml:20:9]\n"
        "      sql on old_primary -> db1 @ local:\n"
        "        SELECT 'host=127.0.0.1 port=40010 dbname=pgbouncer user=postgres', 'host=127.0.0.1 port=40004 "
        "dbname=app "
        "user=postgres password=********'\n"
        "      rollback: none\n"
        "  1.3 cut-over  [plan-secrets.yaml:23:9]\n"
        "      switch endpoint app (pgbouncer) to new_primary -> db_a @ local\n"
        "      downtime: writes-begin\n"
        "      rollback: switch app back to the node it routed to before this step (built in)\n"
        "      *** POINT OF NO RETURN: rolling back past here uses the declared lossless path ***\n"
        "  1.4 writes-back  [plan-secrets.yaml:27:9]\n"
        "      manual gate, the operator confirms:\n"
        "        Writes resume on db_a.\n"
        "      downtime: writes-end\n"
        "      rollback: none\n")
                                 .arg(dataDir);
    QCOMPARE(out, expected);
    QVERIFY(!out.contains(QLatin1String("s3cret")));
}

void TestPlanCommand::printsTheExample()
{
    QString out;
    QString err;
    QCOMPARE(plan({ QStringLiteral(RBC_SOURCE_DIR "/runbooks/examples/hello.yaml"), "--inventory",
                      dataDir + "sandbox-inventory.yaml" },
                 out, err),
        0);
    QCOMPARE(err, QString());
    for (const char* kind : { "sql on", "shell on", "wait until", "batch on", "manual gate", "switch endpoint" })
        QVERIFY2(out.contains(QLatin1String(kind)), kind);
    QVERIFY(out.contains(QLatin1String("CREATE TABLE IF NOT EXISTS \"hello_runbook\"")));
    QVERIFY(out.contains(QLatin1String("*** POINT OF NO RETURN: rolling back past here is refused ***")));
    QVERIFY(out.contains(QLatin1String("downtime: writes-begin")));
}

void TestPlanCommand::printsLayeredDefaultsAndNestedTemplates()
{
    QString out;
    QString err;
    QCOMPARE(plan({ dataDir + "plan-layered.yaml", "--inventory", dataDir + "sandbox-inventory.yaml" }, out, err), 0);
    QCOMPARE(err, QString());
    // The step on the source drops the runbook's prelude (which holds the target's conninfo), another
    // replaces it; the rollback takes the defaults for rollbacks (session off, no timeout); the step
    // made from a template using another shows the values of both.
    const QString expected = QStringLiteral(
        "Phase 1: Move\n"
        "  1.1 check-wal-headroom  [plan-layered.yaml:28:9]\n"
        "      shell on source -> db1 @ local:\n"
        "        df -h /var/lib/postgresql\n"
        "      timeout 2m\n"
        "      rollback: none\n"
        "  1.2 copy-schema  [plan-layered.yaml:32:9]\n"
        "      shell on target -> db_a @ local:\n"
        "        set -eu\n"
        "        pg_dump -s | psql \"$TARGET\"\n"
        "      timeout 2m\n"
        "      rollback: none\n"
        "  1.3 create-t  [plan-layered.yaml:35:9]\n"
        "      sql on target -> db_a @ local:\n"
        "        CREATE TABLE t (id int)\n"
        "      expected 1s, timeout 2m, lock_timeout 1s, session default_transaction_read_only = on\n"
        "      rollback:\n"
        "        sql on target -> db_a @ local:\n"
        "          DROP TABLE t\n"
        "        retries 3 (1s apart), session default_transaction_read_only = off\n"
        "  1.4 inherited  [plan-layered.yaml:39:9]\n"
        "      shell on target -> db_a @ local:\n"
        "        export TARGET='host=127.0.0.1 port=40004 dbname=app user=postgres password=********'\n"
        "        echo \"$TARGET\"\n"
        "      timeout 2m\n"
        "      rollback: none\n");
    QVERIFY2(out.endsWith(expected), qPrintable(out));
    QVERIFY(!out.contains(QLatin1String("s3cret")));
}

void TestPlanCommand::refusesInvalidInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("err");
    QTest::addRow("no inventory") << QStringList {
        dataDir + "minimal-runbook.yaml"
    } << "plan: --inventory is required\nusage: runbook-console plan RUNBOOK --inventory INV\n";
    QTest::addRow("no runbook") << QStringList { "--inventory", dataDir + "sandbox-inventory.yaml" }
                                << "plan: no runbook given\nusage: runbook-console plan RUNBOOK --inventory INV\n";
    QTest::addRow("two runbooks") << QStringList { "a.yaml", "b.yaml", "--inventory", "i.yaml" }
                                  << "plan: give one runbook\nusage: runbook-console plan RUNBOOK --inventory INV\n";
    QTest::addRow("does not fit the inventory")
        << QStringList { dataDir + "plan-secrets.yaml", "--inventory", dataDir + "hosts-inventory.yaml" }
        << QStringLiteral(
               "%1plan-secrets.yaml:13:69: undefined template path 'nodes.new_primary.datadir': node 'pg2' "
               "(new_primary) in the inventory has no 'datadir'\n"
               "%1plan-secrets.yaml:18:25: undefined template path 'nodes.new_primary.datadir': node 'pg2' "
               "(new_primary) in the inventory has no 'datadir'\n"
               "%1plan-secrets.yaml:21:21: undefined template path 'endpoints.app.admin_conninfo': endpoint 'app' in "
               "the inventory has no 'admin_conninfo'\n"
               "%1plan-secrets.yaml:24:37: endpoint 'app' in inventory %1hosts-inventory.yaml has no address for node "
               "'pg2'\n")
               .arg(dataDir);
    QTest::addRow("invalid runbook") << QStringList {
        dataDir + "syntax-error.yaml", "--inventory", dataDir + "sandbox-inventory.yaml"
    } << QStringLiteral("%1syntax-error.yaml:4:1: YAML syntax error: end of sequence flow not found\n").arg(dataDir);
    QTest::addRow("swapped files")
        << QStringList { dataDir + "sandbox-inventory.yaml", "--inventory", dataDir + "minimal-runbook.yaml" }
        << QStringLiteral("%1sandbox-inventory.yaml:1:1: expected a runbook, but this file is an inventory ('cluster:' "
                          "key)\n%1minimal-runbook.yaml:1:1: expected an inventory, but this file is a runbook "
                          "('runbook:' key)\n")
               .arg(dataDir);
}

void TestPlanCommand::refusesInvalidInput()
{
    QFETCH(QStringList, args);
    QFETCH(QString, err);
    QString out;
    QString errText;
    QCOMPARE(plan(args, out, errText), 2);
    QCOMPARE(errText, err);
    QCOMPARE(out, QString());
}

QTEST_GUILESS_MAIN(TestPlanCommand)
#include "tst_plancommand.moc"
