// runbooks/logical-replication-move.yaml end to end on real sandboxes; the target is created by
// the runbook on the machine's 15. Two sandboxes:
//  - a PostgreSQL 14 source (RBC_PG14_BINDIR) for the scenarios that end where they began: a
//    failure before the cutover, a comparison that fails (the columns inside the freeze, the rows
//    after the switch, against the target's snapshot taken at the switch), a role that would
//    bypass the freeze, a rollback after the cutover that must bring back every write made on the
//    target; and last, a change on the source after the cutover, which stops the clean-up;
//  - a PostgreSQL 13 source (RBC_PG13_BINDIR) for the full move, with what real databases have:
//    a client writing straight to the source for the whole run, a table under FORCE ROW LEVEL
//    SECURITY, an unlogged table holding rows, a materialized view.
#include "core/sqlsession.h"
#include "directwriter.h"
#include "engine/actionfactory.h"
#include "engine/switchaction.h"
#include "journal/journalevent.h"
#include "runbookharness.h"
#include "sandbox/sandbox.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace RunbookHarness;

namespace {

constexpr int kRunTimeoutMs = 300000;
constexpr double kScale = 0.05;

QString runbookPath()
{
    return QStringLiteral(RBC_SOURCE_DIR "/runbooks/logical-replication-move.yaml");
}

struct Measured {
    qint64 maxWriteWindowMs = 0;
    qint64 totalWriteWindowMs = 0;
    int writeWindows = 0;
    int readWindows = 0;
};

Measured measure(const RunDetail& run)
{
    Measured m;
    for (const DowntimeWindow& w : run.windows) {
        if (w.source != QLatin1String("probe"))
            continue;
        if (w.kind == QLatin1String("reads")) {
            ++m.readWindows;
        } else {
            ++m.writeWindows;
            m.maxWriteWindowMs = qMax(m.maxWriteWindowMs, w.durationMs.value_or(-1));
            m.totalWriteWindowMs += w.durationMs.value_or(0);
        }
    }
    return m;
}

} // namespace

class TestRunbookLogical : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void validatesAndPlansWithoutSecrets_data();
    void validatesAndPlansWithoutSecrets();
    void failureBeforeCutoverRollsBack();
    void comparisonFailureUnfreezesAtOnce_data();
    void comparisonFailureUnfreezesAtOnce();
    void refusesBeforeAnythingChanges_data();
    void refusesBeforeAnythingChanges();
    void rollbackAfterCutoverLosesNoWrite();
    void changeAfterCutoverStopsTheCleanUp();
    void movesTheDatabaseWithoutLosingAWrite_data();
    void movesTheDatabaseWithoutLosingAWrite();

private:
    bool bringUp(const QString& name, const QString& oldBindir);
    std::unique_ptr<RunController> controller(const QByteArray& yaml, bool rollbackOnFailure, std::optional<CutoverMode> cutover = std::nullopt);
    QString conninfoOf(const QString& runbookName) const { return m_sandbox.inventory().resolveNode(runbookName)->conninfo; }
    QString app() const { return m_sandbox.inventory().endpoint(QStringLiteral("app"))->conninfo; }
    QString journal() const { return m_tmp.filePath(QStringLiteral("journal.sqlite")); }
    QString targetDir() const { return m_sandbox.inventory().node(QStringLiteral("db_a"))->datadir; }
    void checkSourceClean();
    void checkBackOnTheSource();
    // The endpoint's database is PAUSED on its PgBouncer (asked on the admin console).
    bool pgbouncerPaused() const;

    QTemporaryDir m_tmp { QStringLiteral("/tmp/rbc-tst-logical-XXXXXX") };
    SandboxSlot m_sandbox;
    int m_runs = 0;
};

void TestRunbookLogical::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    // World-enterable: the servers run as postgres when we are root.
    QFile::setPermissions(m_tmp.path(),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    for (const QString& bindir : { QStringLiteral(RBC_PG14_BINDIR), QStringLiteral(RBC_PG13_BINDIR) })
        QVERIFY2(QFileInfo(bindir + QStringLiteral("/postgres")).isExecutable(), qPrintable(bindir + QStringLiteral(" has no postgres: run scripts/setup")));
    QVERIFY2(!readFile(runbookPath()).isEmpty(), qPrintable(runbookPath()));
}

void TestRunbookLogical::cleanupTestCase()
{
    m_sandbox.down();
}

bool TestRunbookLogical::bringUp(const QString& name, const QString& oldBindir)
{
    SandboxOptions o;
    o.oldBindir = oldBindir;
    o.seedScale = kScale;
    return m_sandbox.use(m_tmp.filePath(name), o);
}

std::unique_ptr<RunController> TestRunbookLogical::controller(const QByteArray& yaml, bool rollbackOnFailure, std::optional<CutoverMode> cutover)
{
    return RunbookHarness::controller(m_tmp.filePath(QStringLiteral("runbook-%1.yaml").arg(++m_runs)), yaml, m_sandbox->inventoryPath(),
        journal(), rollbackOnFailure, cutover);
}

// Nothing of the move is left on the source: no slot, publication, subscription, role or fence.
void TestRunbookLogical::checkSourceClean()
{
    const QString source = conninfoOf(QStringLiteral("source"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_replication_slots WHERE slot_type = 'logical'")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_publication")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_subscription")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = 'rbc_replicator'")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'rbc%'")), QStringLiteral("0"));
}

// Clients on the source, which takes writes of every kind again; the target is gone.
void TestRunbookLogical::checkBackOnTheSource()
{
    const QString source = conninfoOf(QStringLiteral("source"));
    QCOMPARE(scalar(app(), QStringLiteral("SELECT inet_server_port()")), scalar(source, QStringLiteral("SELECT inet_server_port()")));
    QVERIFY(scalar(app(), QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('back-' || clock_timestamp() || '@example.test', 'R', now()) RETURNING id")).toLongLong() > 0);
    QCOMPARE(scalar(source, QStringLiteral("SHOW default_transaction_read_only")), QStringLiteral("off"));
    checkSourceClean();
    QVERIFY2(!QFileInfo::exists(targetDir()), qPrintable(targetDir()));
}

bool TestRunbookLogical::pgbouncerPaused() const
{
    const Endpoint* e = m_sandbox.inventory().endpoint(QStringLiteral("app"));
    const EndpointTarget target = ActionFactory::endpointTarget(m_sandbox.inventory(), *e);
    for (const EndpointTarget::Instance& instance : SwitchAction::instancesOf(target)) {
        SqlSession admin;
        QString error;
        if (!SwitchAction::connectAdmin(admin, instance.adminConninfo, 5000, &error))
            return true; // cannot tell: count it as the failure it may be
        const auto route = SwitchAction::pgbouncerRoute(admin, target.database, &error);
        if (!route || route->paused)
            return true;
    }
    return false;
}

void TestRunbookLogical::validatesAndPlansWithoutSecrets_data()
{
    QTest::addColumn<QByteArray>("endpoint");
    QTest::addRow("pgbouncer") << QByteArray(R"yaml(  app:
    kind: pgbouncer
    conninfo: "host=10.0.0.3 port=6432 dbname=shop user=shop password=Sup3rSecretC"
    admin_conninfo: "host=10.0.0.3 port=6432 dbname=pgbouncer user=admin password=Sup3rSecretD"
    config: /etc/pgbouncer/pgbouncer.ini
    database: shop
    host: dba@10.0.0.3
)yaml");
    // No PgBouncer: the application servers resolve a name through /etc/hosts.
    QTest::addRow("hosts") << QByteArray(R"yaml(  app:
    kind: hosts
    conninfo: "host=db.shop.internal port=5432 dbname=shop user=shop password=Sup3rSecretC"
    hostnames: [db.shop.internal, db-ro.shop.internal]
    hosts: [root@web1, root@web2]
    addresses: {pg13: 10.0.0.1, pg15: 10.0.0.2}
)yaml");
}

void TestRunbookLogical::validatesAndPlansWithoutSecrets()
{
    // The shipped file through the CLI: valid alone, and its plan on an inventory whose
    // conninfo carries passwords shows none of them.
    QFETCH(QByteArray, endpoint);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QProcess validate;
    validate.start(QStringLiteral(RBC_CONSOLE_BINARY), { QStringLiteral("validate"), runbookPath() });
    QVERIFY(validate.waitForFinished(30000));
    QVERIFY2(validate.exitCode() == 0, validate.readAllStandardError().constData());

    const QString inventory = tmp.filePath(QStringLiteral("prod.yaml"));
    QVERIFY(writeFile(inventory, R"yaml(cluster: prod
nodes:
  pg13:
    conninfo: "host=10.0.0.1 port=5432 dbname=shop user=postgres password=Sup3rSecretA"
    host: dba@10.0.0.1
    datadir: /var/lib/postgresql/13/main
    role: primary
  pg15:
    conninfo: "host=10.0.0.2 port=5432 dbname=shop user=postgres password=Sup3rSecretB"
    host: dba@10.0.0.2
    datadir: /var/lib/postgresql/15/main
    port: 5432
    role: spare
aliases: {source: pg13, target: pg15}
endpoints:
)yaml" + endpoint + R"yaml(vars:
  new_bindir: /usr/lib/postgresql/15/bin
  socket_dir: /var/run/postgresql
  listen_addresses: "*"
  log_dir: /var/log/postgresql
  database: shop
)yaml"));
    QProcess plan;
    plan.start(QStringLiteral(RBC_CONSOLE_BINARY), { QStringLiteral("plan"), runbookPath(), QStringLiteral("--inventory"), inventory });
    QVERIFY(plan.waitForFinished(30000));
    const QByteArray out = plan.readAllStandardOutput() + plan.readAllStandardError();
    QVERIFY2(plan.exitCode() == 0, out.constData());
    QVERIFY(!out.contains("Sup3rSecret"));
    QVERIFY(out.contains("route-to-target"));
}

void TestRunbookLogical::failureBeforeCutoverRollsBack()
{
    QElapsedTimer clock;
    clock.start();
    QVERIFY(bringUp(QStringLiteral("pg14"), QStringLiteral(RBC_PG14_BINDIR)));
    const QString source = conninfoOf(QStringLiteral("source"));
    QVERIFY(scalar(source, QStringLiteral("SHOW server_version_num")).startsWith(QStringLiteral("14")));
    auto c = controller(failBefore(readFile(runbookPath()), "analyze-target", "source"), true);
    QVERIFY(c);
    QString message;
    const RunOutcome outcome = runToEnd(*c, kRunTimeoutMs, &message);
    const auto run = lastRun(journal());
    QVERIFY(run.has_value());
    QVERIFY2(outcome == RunOutcome::RolledBack, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    QStringList undone;
    for (const StepRecord& s : run->steps) {
        if (s.isRollback) {
            QVERIFY2(s.result.ok(), qPrintable(stepLog(*run)));
            undone << s.stepId;
        }
    }
    const StepRecord* injected = forwardStep(*run, QStringLiteral("injected-failure"));
    QVERIFY2(injected, qPrintable(QStringLiteral("the run stopped before the injected failure:\n") + stepLog(*run)));
    QCOMPARE(injected->result.outcome, StepOutcome::Failed);
    // Everything that changed something, newest first.
    QCOMPARE(undone,
        (QStringList { QStringLiteral("create-subscription"), QStringLiteral("create-slot"), QStringLiteral("create-publication"),
            QStringLiteral("create-target-database"), QStringLiteral("create-replication-role"), QStringLiteral("start-target"),
            QStringLiteral("init-target"), QStringLiteral("set-replica-identity") }));
    checkBackOnTheSource();
    QCOMPARE(scalar(source, QStringLiteral("SELECT relreplident FROM pg_class WHERE oid = 'play_events'::regclass")), QStringLiteral("d"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_db_role_setting")), QStringLiteral("0"));
    const Measured m = measure(*run);
    QVERIFY(probeAcknowledged(*run) > 0);
    QCOMPARE(m.readWindows, 0);
    QCOMPARE(m.writeWindows, 0);
    qInfo("failureBeforeCutoverRollsBack took %lld ms", clock.elapsed());
}

void TestRunbookLogical::comparisonFailureUnfreezesAtOnce_data()
{
    QTest::addColumn<QString>("afterStep");
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("undo");
    QTest::addColumn<QString>("reported");
    QTest::addColumn<QString>("failingStep");
    QTest::addColumn<bool>("hold");
    // Once the target has drained, a row changes on it behind replication's back: found after
    // the switch, by the comparison with the target's snapshot, while clients write to the target.
    QTest::addRow("a row differs") << QStringLiteral("wait-drained") << QStringLiteral("target")
                                   << QStringLiteral("UPDATE podcasts SET title = 'diverged' WHERE id = 1 RETURNING 'done'") << QString()
                                   << QStringLiteral("source and target differ on public.podcasts") << QStringLiteral("verify-identical") << false;
    // The same in hold mode: the rollback holds clients (PAUSE) from its first entry until the
    // source is unfrozen, so none of them meets a fence on the way back.
    QTest::addRow("a row differs, held") << QStringLiteral("wait-drained") << QStringLiteral("target")
                                         << QStringLiteral("UPDATE podcasts SET title = 'diverged' WHERE id = 1 RETURNING 'done'") << QString()
                                         << QStringLiteral("source and target differ on public.podcasts") << QStringLiteral("verify-identical") << true;
    // During the copy, a schema change on the source, which logical replication does not carry:
    // found inside the freeze, before clients reach the target.
    QTest::addRow("a column added during the copy") << QStringLiteral("wait-lag-small") << QStringLiteral("source")
                                                    << QStringLiteral("ALTER TABLE podcasts ADD COLUMN rating int; SELECT 'done'")
                                                    << QStringLiteral("ALTER TABLE podcasts DROP COLUMN rating; SELECT 'done'")
                                                    << QStringLiteral("the tables differ") << QStringLiteral("check-schema") << false;
}

void TestRunbookLogical::comparisonFailureUnfreezesAtOnce()
{
    QFETCH(QString, afterStep);
    QFETCH(QString, node);
    QFETCH(QString, change);
    QFETCH(QString, undo);
    QFETCH(QString, reported);
    QFETCH(QString, failingStep);
    QFETCH(bool, hold);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(bringUp(QStringLiteral("pg14"), QStringLiteral(RBC_PG14_BINDIR)));
    // No --rollback-on-failure: a failed comparison must not leave clients refused.
    auto c = controller(readFile(runbookPath()), false, hold ? std::optional(CutoverMode::Hold) : std::nullopt);
    QVERIFY(c);
    QString changed;
    QString written; // acknowledged by the target, through the endpoint, after the switch
    connect(c.get(), &RunController::stepFinished, this, [&](int index, const StepResult& result, qint64) {
        if (!c->steps().value(index).step || !result.ok())
            return;
        if (c->steps()[index].step->id == afterStep)
            changed = scalar(conninfoOf(node), change);
        if (c->steps()[index].step->id == QLatin1String("route-to-target"))
            written = scalar(app(), QStringLiteral("INSERT INTO invoices (user_id, amount_cents, issued_at) VALUES (1, 4343, now()) RETURNING number"));
    });
    QString message;
    const RunOutcome outcome = runToEnd(*c, kRunTimeoutMs, &message);
    const auto run = lastRun(journal());
    if (!undo.isEmpty())
        QCOMPARE(scalar(conninfoOf(QStringLiteral("source")), undo), QStringLiteral("done"));
    QVERIFY(run.has_value());
    QCOMPARE(changed, QStringLiteral("done"));
    const QString problem = rolledBackCleanly(outcome, message, *run);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const StepRecord* verify = forwardStep(*run, failingStep);
    QVERIFY(verify);
    QCOMPARE(verify->result.outcome, StepOutcome::Failed);
    QVERIFY2(verify->result.output.contains(reported), qPrintable(verify->result.output));
    const QString source = conninfoOf(QStringLiteral("source"));
    if (failingStep == QLatin1String("verify-identical")) {
        // After the switch: the comparison said how far it got, and what the target acknowledged
        // since the switch was replayed on the source before clients went back to it.
        QVERIFY2(verify->result.output.contains(QStringLiteral("verified 1/")), qPrintable(verify->result.output));
        QVERIFY2(written.toLongLong() > 0, qPrintable(written));
        QCOMPARE(scalar(source, QStringLiteral("SELECT amount_cents FROM invoices WHERE number = %1").arg(written)), QStringLiteral("4343"));
        QVERIFY2(probeAcknowledged(*run) > 0, "the probe's acknowledged writes were not all found on the source");
        QCOMPARE(scalar(source, QStringLiteral("SELECT title FROM podcasts WHERE id = 1")).contains(QStringLiteral("diverged")), false);
    } else {
        QVERIFY(written.isEmpty()); // clients never reached the target
    }
    // The source takes writes again, even in an explicit read-write transaction.
    checkBackOnTheSource();
    PgConnection direct;
    QVERIFY(direct.open(asUser(source, QStringLiteral("app"))));
    QVERIFY(direct.exec(QStringLiteral("BEGIN READ WRITE")));
    QVERIFY2(direct.exec(QStringLiteral("UPDATE podcasts SET language = language WHERE id = 2")), qPrintable(direct.lastError().message));
    QVERIFY(direct.exec(QStringLiteral("COMMIT")));
    // Writes failed from the freeze until the rollback lifted it, not until someone noticed.
    const Measured m = measure(*run);
    QCOMPARE(m.readWindows, 0);
    if (hold) {
        // Held twice (the cutover, then the rollback from its first entry until the source was
        // unfrozen): no request of the probe failed, in either hold or between them.
        QStringList events;
        QStringList measured;
        for (const JournalEvent& e : run->events) {
            events << e.text;
            if (e.text.startsWith(QLatin1String(kProbeHoldEventPrefix)))
                measured << e.text;
        }
        const QString all = events.join(QLatin1Char('\n'));
        qInfo("%s", qPrintable(measured.join(QLatin1Char('\n'))));
        QVERIFY2(all.contains(QStringLiteral("hold: clients of app are held through the rollback from 'Undo: ")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("once the undo of step freeze-source had run")), qPrintable(all));
        QCOMPARE(measured.size(), 2);
        QVERIFY2(measured.last().contains(QStringLiteral("once the undo of step freeze-source had run")) && measured.last().contains(QStringLiteral(", 0 failed, ")),
            qPrintable(measured.last()));
        QCOMPARE(m.writeWindows, 0);
        QVERIFY2(!pgbouncerPaused(), "the endpoint is left PAUSED");
    }
    QVERIFY2(m.maxWriteWindowMs < 15000, qPrintable(QString::number(m.maxWriteWindowMs)));
    qInfo("comparisonFailureUnfreezesAtOnce(%s): writes failed for %lld ms; took %lld ms", QTest::currentDataTag(), m.maxWriteWindowMs, clock.elapsed());
}

void TestRunbookLogical::refusesBeforeAnythingChanges_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("undo");
    QTest::addColumn<QByteArray>("varDefault");
    QTest::addColumn<QString>("step");
    QTest::addColumn<QStringList>("said");
    // The application's role overrides the database-level read-only the retired source keeps.
    QTest::addRow("a role overrides read-only")
        << QStringLiteral("ALTER ROLE app IN DATABASE app SET default_transaction_read_only = off")
        << QStringLiteral("ALTER ROLE app IN DATABASE app RESET default_transaction_read_only") << QByteArray()
        << QStringLiteral("check-source") << QStringList { QStringLiteral("default_transaction_read_only"), QStringLiteral("role app in database app") };
    QTest::addRow("large objects") << QStringLiteral("SELECT lo_from_bytea(0, 'x')")
                                   << QStringLiteral("SELECT lo_unlink(oid) FROM pg_largeobject_metadata") << QByteArray() << QStringLiteral("check-source")
                                   << QStringList { QStringLiteral("large objects") };
    // A table of an extension holding rows, as PostGIS' spatial_ref_sys does.
    QTest::addRow("an extension's table with rows")
        << QStringLiteral("CREATE TABLE geo_refs (srid int PRIMARY KEY); INSERT INTO geo_refs VALUES (4326); ALTER EXTENSION plpgsql ADD TABLE geo_refs")
        << QStringLiteral("ALTER EXTENSION plpgsql DROP TABLE geo_refs; DROP TABLE geo_refs") << QByteArray() << QStringLiteral("check-source")
        << QStringList { QStringLiteral("public.geo_refs (extension plpgsql)") };
    // Not room enough for the WAL the move's slot will keep.
    QTest::addRow("too little room for WAL") << QString() << QString() << QByteArray("wal_headroom_kb: \"1000000000000\"")
                                             << QStringLiteral("check-wal-headroom") << QStringList { QStringLiteral("max_slot_wal_keep_size") };
}

void TestRunbookLogical::refusesBeforeAnythingChanges()
{
    QFETCH(QString, setup);
    QFETCH(QString, undo);
    QFETCH(QByteArray, varDefault);
    QFETCH(QString, step);
    QFETCH(QStringList, said);
    QVERIFY(bringUp(QStringLiteral("pg14"), QStringLiteral(RBC_PG14_BINDIR)));
    const QString source = conninfoOf(QStringLiteral("source"));
    if (!setup.isEmpty())
        QVERIFY2(!scalar(source, setup).startsWith(QStringLiteral("error")), qPrintable(scalar(source, QStringLiteral("SELECT 1"))));
    QByteArray yaml = readFile(runbookPath());
    if (!varDefault.isEmpty())
        yaml.replace(QByteArray("wal_headroom_kb: \"1048576\""), varDefault);
    auto c = controller(yaml, false);
    QVERIFY(c);
    QString message;
    const RunOutcome outcome = runToEnd(*c, 60000, &message);
    const auto run = lastRun(journal());
    if (!undo.isEmpty())
        scalar(source, undo);
    QVERIFY(run.has_value());
    QVERIFY2(outcome == RunOutcome::Failed, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    const StepRecord* refused = forwardStep(*run, step);
    QVERIFY2(refused && refused->result.outcome == StepOutcome::Failed, qPrintable(stepLog(*run)));
    for (const QString& text : said)
        QVERIFY2((refused->result.error + refused->result.output).contains(text), qPrintable(refused->result.error + refused->result.output));
    // Refused before anything changed: every step so far only looked.
    for (const StepRecord& s : run->steps)
        QVERIFY2(s.stepId.startsWith(QStringLiteral("check-")), qPrintable(stepLog(*run)));
    checkBackOnTheSource();
}

void TestRunbookLogical::rollbackAfterCutoverLosesNoWrite()
{
    QElapsedTimer clock;
    clock.start();
    QVERIFY(bringUp(QStringLiteral("pg14"), QStringLiteral(RBC_PG14_BINDIR)));
    const QString source = conninfoOf(QStringLiteral("source"));
    const QString target = conninfoOf(QStringLiteral("target"));
    // After the switch: the probe writes on the target for a second, then a step fails.
    const QByteArray yaml = insertAfter(readFile(runbookPath()), "route-to-target", R"yaml(      - id: let-clients-write
        sql: SELECT pg_sleep(1)
        on: target
      - id: injected-failure
        sql: SELECT 1/0
        on: target
)yaml");
    QVERIFY(!yaml.isEmpty());
    auto c = controller(yaml, true);
    QVERIFY(c);

    // Right after the switch, an application writes through the endpoint (on the target).
    QString invoice;
    QString user;
    QString portsSeen;
    connect(c.get(), &RunController::stepFinished, this, [&](int index, const StepResult& result, qint64) {
        if (c->steps().value(index).step && c->steps()[index].step->id == QLatin1String("route-to-target") && result.ok()) {
            user = scalar(app(), QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('on-target@example.test', 'T', now()) RETURNING id"));
            invoice = scalar(app(), QStringLiteral("INSERT INTO invoices (user_id, amount_cents, issued_at) VALUES (1, 4242, now()) RETURNING number"));
            portsSeen = scalar(app(), QStringLiteral("SELECT inet_server_port()")) + QLatin1Char('/') + scalar(target, QStringLiteral("SELECT inet_server_port()"));
        }
    });
    QString message;
    const RunOutcome outcome = runToEnd(*c, kRunTimeoutMs, &message);
    const auto run = lastRun(journal());
    QVERIFY(run.has_value());
    const QString problem = rolledBackCleanly(outcome, message, *run);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY2(invoice.toLongLong() > 0 && user.toLongLong() > 0, qPrintable(invoice + QLatin1Char(' ') + user));
    const QStringList ports = portsSeen.split(QLatin1Char('/'));
    QCOMPARE(ports.value(0), ports.value(1)); // that write did reach the target

    // Back on the source, which is writable and holds the writes made on the target.
    QCOMPARE(scalar(source, QStringLiteral("SELECT amount_cents FROM invoices WHERE number = %1").arg(invoice)), QStringLiteral("4242"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT email FROM users WHERE id = %1").arg(user)), QStringLiteral("on-target@example.test"));
    checkBackOnTheSource();
    // Sequences came back too: new ids through the app do not collide with those made on the target.
    const QString next = scalar(app(), QStringLiteral("INSERT INTO invoices (user_id, amount_cents, issued_at) VALUES (1, 1, now()) RETURNING number"));
    QVERIFY2(next.toLongLong() > invoice.toLongLong(), qPrintable(next));

    // Every write the probe got acknowledged, on either server, is on the source.
    const Measured m = measure(*run);
    qInfo("rollback after cutover: %d probe write window(s), longest %lld ms; %d read window(s)", m.writeWindows, m.maxWriteWindowMs, m.readWindows);
    QVERIFY2(probeAcknowledged(*run) > 0, "the probe's acknowledged writes were not all found on the source");
    QVERIFY2(m.maxWriteWindowMs <= 10000, qPrintable(QString::number(m.maxWriteWindowMs)));
    QCOMPARE(m.readWindows, 0);
    qInfo("rollbackAfterCutoverLosesNoWrite took %lld ms", clock.elapsed());
}

void TestRunbookLogical::changeAfterCutoverStopsTheCleanUp()
{
    QElapsedTimer clock;
    clock.start();
    QVERIFY(bringUp(QStringLiteral("pg14"), QStringLiteral(RBC_PG14_BINDIR)));
    const QString source = conninfoOf(QStringLiteral("source"));
    const QString target = conninfoOf(QStringLiteral("target"));
    auto c = controller(readFile(runbookPath()), false);
    QVERIFY(c);
    // After the switch a superuser session writes on the source, past the freeze (replica mode
    // skips ordinary triggers): the target never gets that row.
    QString sneaked;
    connect(c.get(), &RunController::stepFinished, this, [&](int index, const StepResult& result, qint64) {
        if (c->steps().value(index).step && c->steps()[index].step->id == QLatin1String("check-sequences") && result.ok()) {
            PgConnection s;
            if (s.open(source) && s.exec(QStringLiteral("BEGIN READ WRITE")) && s.exec(QStringLiteral("SET LOCAL session_replication_role = replica")))
                sneaked = s.scalar(QStringLiteral("INSERT INTO podcasts (title, feed_url, created_at) VALUES ('late', 'https://late.example.test/feed.xml', now()) RETURNING id")).value_or(s.lastError().message);
            s.exec(QStringLiteral("COMMIT"));
        }
    });
    QString message;
    const RunOutcome outcome = runToEnd(*c, kRunTimeoutMs, &message);
    const auto run = lastRun(journal());
    QVERIFY(run.has_value());
    QVERIFY2(sneaked.toLongLong() > 0, qPrintable(sneaked));
    QVERIFY2(outcome == RunOutcome::Failed, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    QVERIFY2(message.contains(QStringLiteral("check-source-unchanged")), qPrintable(message));
    // Stopped before the way back was dismantled: the forward slot and the reverse subscription are there.
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rbc_move'")), QStringLiteral("1"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_subscription WHERE subname = 'rbc_move_back'")), QStringLiteral("1"));
    QVERIFY(forwardStep(*run, QStringLiteral("confirm-final")) == nullptr);
    qInfo("changeAfterCutoverStopsTheCleanUp took %lld ms", clock.elapsed());
}

// Both cutover modes: writes refused for a moment (refuse), or every client held in PgBouncer (hold).
void TestRunbookLogical::movesTheDatabaseWithoutLosingAWrite_data()
{
    QTest::addColumn<bool>("hold");
    QTest::addRow("refuse") << false;
    QTest::addRow("hold") << true;
}

void TestRunbookLogical::movesTheDatabaseWithoutLosingAWrite()
{
    QFETCH(bool, hold);
    QElapsedTimer clock;
    clock.start();
    // A sandbox of its own per mode: a completed move leaves the source read-only for good.
    QVERIFY(bringUp(hold ? QStringLiteral("pg13-hold") : QStringLiteral("pg13"), QStringLiteral(RBC_PG13_BINDIR)));
    const QString source = conninfoOf(QStringLiteral("source"));
    const QString target = conninfoOf(QStringLiteral("target"));
    QVERIFY(scalar(source, QStringLiteral("SHOW server_version_num")).startsWith(QStringLiteral("13")));
    PgConnection setup;
    QVERIFY(setup.open(source));
    // Row-level security the replication role must not be subject to: half the rows are hidden from anyone but a bypasser.
    QVERIFY2(setup.exec(QStringLiteral(
                 "CREATE TABLE private_notes (id int PRIMARY KEY, body text NOT NULL); "
                 "INSERT INTO private_notes SELECT i, md5(i::text) FROM generate_series(1, 1000) i; "
                 "ALTER TABLE private_notes ENABLE ROW LEVEL SECURITY; ALTER TABLE private_notes FORCE ROW LEVEL SECURITY; "
                 "CREATE POLICY even_only ON private_notes USING (id % 2 = 0); "
                 "GRANT SELECT ON private_notes TO app")),
        qPrintable(setup.lastError().message));
    // An unlogged table holding rows: logical replication does not carry it.
    QVERIFY2(setup.exec(QStringLiteral("CREATE UNLOGGED TABLE sessions (id int PRIMARY KEY, token text NOT NULL); "
                                       "INSERT INTO sessions SELECT i, md5(i::text) FROM generate_series(1, 1000) i")),
        qPrintable(setup.lastError().message));
    QVERIFY2(setup.exec(DirectWriter::tableSql(QStringLiteral("app"))), qPrintable(setup.lastError().message));
    setup.close();
    const QStringList sumsBefore = rows(source, Sandbox::checksumQuery());

    DirectWriter writer(asUser(source, QStringLiteral("app")));
    writer.start();
    // A shorter session grace: held, the fence ends the blocker below well within hold_max.
    QByteArray yaml = readFile(runbookPath());
    yaml.replace("session_grace_seconds: \"5\"", "session_grace_seconds: \"2\"");
    auto c = controller(yaml, false, hold ? std::optional(CutoverMode::Hold) : std::nullopt);
    QVERIFY(c);
    // When the freeze starts, a client straight on the source is inside a transaction that wrote
    // to podcasts: the fence waits for its lock and says so. Refused, it commits after 1.5 s;
    // held, it never does and the fence ends it past the grace.
    PgConnection blocker;
    bool committed = false;
    // Once replication runs again after the indexes are built, episodes arrive that the
    // materialized view over them must count on the target.
    QString added;
    connect(c.get(), &RunController::stepFinished, this, [&](int index, const StepResult& result, qint64) {
        if (c->steps().value(index).step && c->steps()[index].step->id == QLatin1String("resume-subscription") && result.ok())
            added = scalar(source, QStringLiteral("WITH e AS (INSERT INTO episodes (podcast_id, title, audio_url, duration_seconds, published_at) "
                                                  "SELECT 1, 'late ' || i, 'https://cdn.example.test/late.mp3', 60, now() FROM generate_series(1, 25) i RETURNING 1) "
                                                  "SELECT count(*) FROM e"));
        if (c->steps().value(index).step && c->steps()[index].step->id == QLatin1String("copy-unlogged") && result.ok()) {
            QVERIFY(blocker.open(asUser(source, QStringLiteral("app")) + QStringLiteral(" application_name=rbc-test-blocker")));
            QVERIFY(blocker.exec(QStringLiteral("BEGIN")));
            QVERIFY(blocker.exec(QStringLiteral("UPDATE podcasts SET language = language WHERE id = 2")));
            if (!hold)
                QTimer::singleShot(1500, this, [&] { committed = blocker.exec(QStringLiteral("COMMIT")).has_value(); });
        }
    });
    QString message;
    const RunOutcome outcome = runToEnd(*c, kRunTimeoutMs, &message);
    writer.stop();
    const auto run = lastRun(journal());
    QVERIFY(run.has_value());
    QVERIFY2(outcome == RunOutcome::Completed, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    QCOMPARE(added, QStringLiteral("25"));
    for (const StepRecord& s : run->steps)
        qInfo("  %-28s %6lld ms", qPrintable(s.stepId), s.durationMs.value_or(-1));

    // The unlogged tables were copied before the freeze, saying when; the freeze said whom it
    // waited on, every second, and, held, that it ended the blocker.
    const StepRecord* copied = forwardStep(*run, QStringLiteral("copy-unlogged"));
    const StepRecord* freeze = forwardStep(*run, QStringLiteral("freeze-source"));
    QVERIFY(copied && freeze);
    QVERIFY2(copied->result.output.contains(QStringLiteral("public.sessions: 1000 rows copied at ")), qPrintable(copied->result.output));
    QVERIFY2(copied->seq < freeze->seq, qPrintable(stepLog(*run)));
    QVERIFY2(freeze->result.output.contains(QStringLiteral("for locks on the tables, held by: pid ")) && freeze->result.output.contains(QStringLiteral("rbc-test-blocker"))
            && freeze->result.output.contains(QStringLiteral("holds RowExclusiveLock on podcasts")),
        qPrintable(freeze->result.output));
    if (hold) {
        QVERIFY2(freeze->result.output.contains(QStringLiteral("ended the session(s) holding up the fence for more than 2 s")), qPrintable(freeze->result.output));
        QVERIFY(!blocker.exec(QStringLiteral("COMMIT")));
    } else {
        QVERIFY(committed);
    }

    // Every row the source acknowledged to the direct client is on the target.
    const qint64 acked = writer.acknowledged().size();
    QVERIFY2(acked > 50, qPrintable(QStringLiteral("%1 acknowledged; first error: %2").arg(acked).arg(writer.firstError())));
    QCOMPARE(scalar(target, writer.countPresentSql()).toLongLong(), acked);

    // What clients saw through the endpoint: writes paused for a few seconds, reads never.
    const Measured m = measure(*run);
    qInfo("full move: %d probe write window(s), longest %lld ms; %d read window(s); %lld acknowledged probe writes",
        m.writeWindows, m.maxWriteWindowMs, m.readWindows, probeAcknowledged(*run));
    QVERIFY(probeAcknowledged(*run) > 0);
    QCOMPARE(m.readWindows, 0);
    QVERIFY2(m.maxWriteWindowMs <= 10000, qPrintable(QString::number(m.maxWriteWindowMs)));
    if (hold) {
        // Held, not refused: no request of the probe failed, and it says how long the held ones waited.
        QCOMPARE(m.writeWindows, 0);
        QString held;
        for (const JournalEvent& e : run->events)
            if (e.text.startsWith(QLatin1String(kProbeHoldEventPrefix)))
                held = e.text;
        qInfo("%s", qPrintable(held));
        QVERIFY2(held.contains(QStringLiteral("by step route-to-target")), qPrintable(held));
        QVERIFY2(held.contains(QStringLiteral(", 0 failed, ")), qPrintable(held));
    }

    // The target is a 15 primary, and the endpoint routes to it.
    QVERIFY(scalar(target, QStringLiteral("SHOW server_version_num")).startsWith(QStringLiteral("15")));
    QCOMPARE(scalar(app(), QStringLiteral("SELECT inet_server_port()")), scalar(target, QStringLiteral("SELECT inet_server_port()")));
    // Every row arrived, the hidden ones too, and the unlogged table's.
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM private_notes")), QStringLiteral("1000"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'private_notes'::regclass")), QStringLiteral("t"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM sessions")), QStringLiteral("1000"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT relpersistence FROM pg_class WHERE oid = 'sessions'::regclass")), QStringLiteral("u"));
    // The materialized view counts what the target holds, the late episodes included.
    QCOMPARE(rows(target, QStringLiteral("SELECT * FROM podcast_episode_counts ORDER BY 1")),
        rows(target, QStringLiteral("SELECT podcast_id, count(*) FROM episodes GROUP BY 1 ORDER BY 1")));
    QVERIFY(scalar(target, QStringLiteral("SELECT episodes FROM podcast_episode_counts WHERE podcast_id = 1")).toLongLong()
        > scalar(target, QStringLiteral("SELECT episodes FROM podcast_episode_counts WHERE podcast_id = 2")).toLongLong());
    // The rows were compared after the switch, table by table, and the snapshot's session is gone.
    const StepRecord* verify = forwardStep(*run, QStringLiteral("verify-identical"));
    QVERIFY(verify);
    QVERIFY2(verify->result.output.contains(QStringLiteral("verified 1/")) && verify->result.output.contains(QStringLiteral("tables identical on the source and the target's snapshot")),
        qPrintable(verify->result.output));
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'rbc snapshot%'")), QStringLiteral("0"));
    // Same seeded rows on both sides (the source is frozen since the cutover).
    QCOMPARE(rows(target, Sandbox::checksumQuery()), rows(source, Sandbox::checksumQuery()));
    QVERIFY(rows(source, Sandbox::checksumQuery()) != sumsBefore); // the late episodes

    // Every sequence at or past the source's value: owned (identity, serial) or not.
    const QString seqSql = QStringLiteral("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences ORDER BY 1");
    QMap<QString, qint64> targetSeq;
    for (const QString& r : rows(target, seqSql))
        targetSeq.insert(r.section(QLatin1Char('|'), 0, 0), r.section(QLatin1Char('|'), 1).toLongLong());
    int compared = 0;
    for (const QString& r : rows(source, seqSql)) {
        const QString name = r.section(QLatin1Char('|'), 0, 0);
        if (name == QLatin1String("rbc_traffic_probe_id_seq"))
            continue; // the probe dropped its table through the endpoint (on the target) when it stopped
        QVERIFY2(targetSeq.contains(name), qPrintable(name));
        QVERIFY2(targetSeq.value(name) >= r.section(QLatin1Char('|'), 1).toLongLong(), qPrintable(r + QStringLiteral(" vs ") + QString::number(targetSeq.value(name))));
        ++compared;
    }
    QCOMPARE(compared, 5); // podcasts, episodes, users, invoice_number_seq, direct_writes

    // Writes through the app endpoint work, and new ids do not collide with the moved ones.
    const QString maxUser = scalar(source, QStringLiteral("SELECT max(id) FROM users"));
    const QString user = scalar(app(), QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('moved@example.test', 'Moved', now()) RETURNING id"));
    QVERIFY2(user.toLongLong() > maxUser.toLongLong(), qPrintable(user));
    QCOMPARE(scalar(app(), QStringLiteral("INSERT INTO play_events VALUES (1, 1, now(), 5) RETURNING seconds_listened")), QStringLiteral("5"));

    // Cleaned up on both sides; the source stays frozen, even for an explicit read-write transaction.
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_replication_slots WHERE slot_type = 'logical'")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_publication")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_subscription")), QStringLiteral("0"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM pg_subscription")), QStringLiteral("0"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM pg_replication_slots")), QStringLiteral("0"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM pg_publication")), QStringLiteral("0"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = 'rbc_replicator'")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SHOW default_transaction_read_only")), QStringLiteral("on"));
    PgConnection late;
    QVERIFY(late.open(asUser(source, QStringLiteral("app"))));
    QVERIFY(late.exec(QStringLiteral("BEGIN READ WRITE")));
    QVERIFY(!late.exec(QStringLiteral("INSERT INTO direct_writes DEFAULT VALUES")));
    QCOMPARE(late.lastError().sqlstate, QStringLiteral("25006"));
    qInfo("movesTheDatabaseWithoutLosingAWrite took %lld ms (%lld writes acknowledged to the source)", clock.elapsed(), acked);
}

QTEST_GUILESS_MAIN(TestRunbookLogical)
#include "tst_runbook_logical.moc"
