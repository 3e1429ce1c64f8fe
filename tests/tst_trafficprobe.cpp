// The traffic probe against the real sandbox: a PgBouncer switch to a read-only replica shows as
// one write-unavailable window and no read failure; every acknowledged write survives. The same
// from another host over SSH (the sandbox's sshd), where psql makes the requests.
#include "core/pgconnection.h"
#include "engine/switchaction.h"
#include "probe/trafficprobe.h"
#include "runbook/documentloader.h"
#include "engine/actionfactory.h"
#include "sandbox/sandbox.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestTrafficProbe : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void switchToReplicaIsAWriteWindow();
    void measuresFromAnotherHostOverSsh();
    void unreachableEndpointRefusesToStart();

private:
    bool switchToReplicaAndBack(int onReplicaMs);
    QTemporaryDir m_tmp { QDir::tempPath() + QStringLiteral("/rbc-tst-probe-XXXXXX") };
    std::unique_ptr<Sandbox> m_sandbox;
    std::optional<Inventory> m_inv;
};

void TestTrafficProbe::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
    m_sandbox = std::make_unique<Sandbox>(m_tmp.filePath(QStringLiteral("sb")));
    SandboxOptions o;
    o.seedScale = 0.01;
    o.ssh = true;
    QString error;
    QVERIFY2(m_sandbox->up(o, {}, &error), qPrintable(error));
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    QVERIFY(inv.ok());
    m_inv = inv.inventory;
}

void TestTrafficProbe::cleanupTestCase()
{
    if (m_sandbox) {
        QString error;
        m_sandbox->down({}, &error);
    }
}

// Clients on the read-only replica for a while (writes fail, reads go on), then back.
bool TestTrafficProbe::switchToReplicaAndBack(int onReplicaMs)
{
    QTest::qWait(500);
    const EndpointTarget endpoint = ActionFactory::endpointTarget(*m_inv, *m_inv->endpoint(QStringLiteral("app")));
    SwitchAction toReplica(endpoint, ActionFactory::nodeTarget(*m_inv, *m_inv->node(QStringLiteral("db2"))), QStringLiteral("db1"));
    if (!toReplica.run({}).ok())
        return false;
    QTest::qWait(onReplicaMs);
    SwitchAction back(endpoint, ActionFactory::nodeTarget(*m_inv, *m_inv->node(QStringLiteral("db1"))), QStringLiteral("db2"));
    const bool ok = back.run({}).ok();
    QTest::qWait(600);
    return ok;
}

void TestTrafficProbe::switchToReplicaIsAWriteWindow()
{
    const Endpoint* app = m_inv->endpoint(QStringLiteral("app"));
    QVERIFY(app);
    TrafficProbe probe(app->conninfo, 50);
    QSignalSpy opened(&probe, &TrafficProbe::windowOpened);
    QString error;
    QVERIFY2(probe.start(&error), qPrintable(error));
    QVERIFY(switchToReplicaAndBack(800));
    probe.stop();

    const ProbeStats stats = probe.stats();
    QVERIFY2(stats.reads > 20, qPrintable(QString::number(stats.reads)));
    QCOMPARE(stats.readFailures, 0);
    QVERIFY(stats.writeFailures > 3);
    const QList<ProbeWindow> windows = probe.windows();
    QCOMPARE(windows.size(), 1);
    QCOMPARE(windows[0].kind, QStringLiteral("writes"));
    QVERIFY2(windows[0].durationMs >= 500 && windows[0].durationMs < 3000, qPrintable(QString::number(windows[0].durationMs)));
    QVERIFY2(windows[0].firstError.contains(QStringLiteral("25006")), qPrintable(windows[0].firstError));
    QVERIFY(windows[0].endedAt > windows[0].startedAt);
    QCOMPARE(opened.size(), 1);

    // Every acknowledged write is on the primary.
    const QList<qint64> acked = probe.acknowledgedWrites();
    QVERIFY(acked.size() > 10);
    PgConnection db1;
    QVERIFY(db1.open(m_inv->node(QStringLiteral("db1"))->conninfo));
    QStringList ids;
    for (qint64 id : acked)
        ids << QString::number(id);
    QCOMPARE(db1.scalar(QStringLiteral("SELECT count(*) FROM rbc_traffic_probe WHERE id IN (%1)").arg(ids.join(QLatin1Char(',')))).value_or(QString()),
        QString::number(acked.size()));
    QVERIFY2(TrafficProbe::dropTable(app->conninfo, &error), qPrintable(error));
    QCOMPARE(db1.scalar(QStringLiteral("SELECT to_regclass('rbc_traffic_probe') IS NULL")).value_or(QString()), QStringLiteral("t"));
}

void TestTrafficProbe::measuresFromAnotherHostOverSsh()
{
    const Endpoint* app = m_inv->endpoint(QStringLiteral("app"));
    TrafficProbe probe(app->conninfo, 50);
    probe.runOnHost(m_inv->node(QStringLiteral("db1"))->host, m_inv->sshConfig, m_inv->var(QStringLiteral("new_bindir"))->value + QStringLiteral("/psql"));
    QCOMPARE(probe.host(), QStringLiteral("rbc-sandbox"));
    QString error;
    QVERIFY2(probe.start(&error), qPrintable(error));
    // start() returns once both loops have answered: the measurement covers what follows.
    QVERIFY(probe.stats().writes > 0 && probe.stats().reads > 0);
    QVERIFY(switchToReplicaAndBack(1000));
    probe.stop();

    const ProbeStats stats = probe.stats();
    QVERIFY2(stats.reads > 10, qPrintable(QString::number(stats.reads)));
    QCOMPARE(stats.readFailures, 0);
    QVERIFY(stats.writeFailures > 0);
    const QList<ProbeWindow> windows = probe.windows();
    QCOMPARE(windows.size(), 1);
    QCOMPARE(windows[0].kind, QStringLiteral("writes"));
    QVERIFY2(windows[0].firstError.contains(QStringLiteral("read-only transaction")), qPrintable(windows[0].firstError));
    QVERIFY2(windows[0].durationMs >= 500 && windows[0].durationMs < 5000, qPrintable(QString::number(windows[0].durationMs)));
    // Checked, and the table dropped, from that host too.
    const QString verdict = probe.verifyAcknowledged(QString(), false);
    QVERIFY2(verdict == QStringLiteral("; all %1 acknowledged writes present").arg(probe.acknowledgedWrites().size()), qPrintable(verdict));
    QVERIFY(probe.acknowledgedWrites().size() > 5);
    PgConnection db1;
    QVERIFY(db1.open(m_inv->node(QStringLiteral("db1"))->conninfo));
    QCOMPARE(db1.scalar(QStringLiteral("SELECT to_regclass('rbc_traffic_probe') IS NULL")).value_or(QString()), QStringLiteral("t"));
}

void TestTrafficProbe::unreachableEndpointRefusesToStart()
{
    TrafficProbe probe(QStringLiteral("host=127.0.0.1 port=1 dbname=app user=app"), 50);
    QString error;
    QVERIFY(!probe.start(&error));
    QVERIFY2(error.contains(QStringLiteral("cannot create its table")), qPrintable(error));
    QVERIFY(!probe.isRunning());
}

QTEST_GUILESS_MAIN(TestTrafficProbe)
#include "tst_trafficprobe.moc"
