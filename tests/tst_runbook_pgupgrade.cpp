// runbooks/pg-upgrade-link.yaml end to end, PostgreSQL 13 (Debian bullseye, RBC_PG13_BINDIR) to
// the machine's 15, with the traffic probe on. Two sandboxes:
//  - one for the refusals and rollbacks, which leave the cluster as they found it (the next
//    scenario proves it): pre-checks that refuse before anything changes, a rollback at each
//    phase before the point of no return, and the refusal to roll back past it;
//  - one per cutover mode (refuse, hold) for the full upgrade, with what real clusters have and the sandbox did not: a client
//    writing straight to the old primary for the whole run, an unlogged table holding rows, the
//    configuration outside the data directory (SSL, pg_hba.conf, memory settings), a non-C
//    locale, WAL archiving.
#include "directwriter.h"
#include "journal/journalevent.h"
#include "runbookharness.h"
#include "sandbox/sandbox.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace RunbookHarness;

namespace {
const QString kRunbook = QStringLiteral(RBC_SOURCE_DIR "/runbooks/pg-upgrade-link.yaml");
constexpr int kRunTimeoutMs = 300000;
} // namespace

class TestRunbookPgUpgrade : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void refusesBeforeTheOutage_data();
    void refusesBeforeTheOutage();
    void rollsBackBeforeThePointOfNoReturn_data();
    void rollsBackBeforeThePointOfNoReturn();
    void refusesTheOutageWhileDbALags();
    void refusesRollbackAfterThePointOfNoReturn();
    void upgradesWithoutLosingAWrite_data();
    void upgradesWithoutLosingAWrite();

private:
    bool bringUp(const QString& name);
    std::unique_ptr<RunController> controller(const QByteArray& yaml, bool rollbackOnFailure, std::optional<CutoverMode> cutover = std::nullopt);
    QString node(const char* name) const { return m_sandbox.inventory().node(QString::fromLatin1(name))->conninfo; }
    QString app() const { return m_sandbox.inventory().endpoint(QStringLiteral("app"))->conninfo; }
    QString port(const char* name) const { return QString::number(*m_sandbox.inventory().node(QString::fromLatin1(name))->port); }
    QString journal() const { return m_tmp.filePath(QStringLiteral("journal.sqlite")); }
    void checkUntouched();

    QTemporaryDir m_tmp { QDir::tempPath() + QStringLiteral("/rbc-tst-pgupgrade-XXXXXX") };
    SandboxSlot m_sandbox;
    int m_runs = 0;
};

void TestRunbookPgUpgrade::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
    const QString pg13 = QStringLiteral(RBC_PG13_BINDIR);
    QVERIFY2(QFileInfo(pg13 + QStringLiteral("/pg_upgrade")).isExecutable(), qPrintable(pg13 + QStringLiteral(" has no PostgreSQL 13: run scripts/setup")));
}

void TestRunbookPgUpgrade::cleanupTestCase()
{
    m_sandbox.down();
}

bool TestRunbookPgUpgrade::bringUp(const QString& name)
{
    SandboxOptions o;
    o.oldBindir = QStringLiteral(RBC_PG13_BINDIR);
    o.seedScale = 0.05;
    return m_sandbox.use(m_tmp.filePath(name), o) && scalar(node("db1"), QStringLiteral("SHOW server_version_num")).startsWith(QStringLiteral("13"));
}

std::unique_ptr<RunController> TestRunbookPgUpgrade::controller(const QByteArray& yaml, bool rollbackOnFailure, std::optional<CutoverMode> cutover)
{
    return RunbookHarness::controller(m_tmp.filePath(QStringLiteral("runbook-%1.yaml").arg(++m_runs)), yaml, m_sandbox->inventoryPath(),
        journal(), rollbackOnFailure, cutover);
}

// Clients on the old primary, which takes writes; no trace of DB_A anywhere.
void TestRunbookPgUpgrade::checkUntouched()
{
    QCOMPARE(scalar(app(), QStringLiteral("SELECT inet_server_port()")), port("db1"));
    QVERIFY(scalar(app(), QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('back-' || clock_timestamp() || '@example.test', 'Back', now()) RETURNING id")).toLongLong() > 0);
    QCOMPARE(scalar(node("db1"), QStringLiteral("SHOW default_transaction_read_only")), QStringLiteral("off"));
    QCOMPARE(scalar(node("db1"), QStringLiteral("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rbc_db_a'")), QStringLiteral("0"));
    const QString datadir = m_sandbox.inventory().node(QStringLiteral("db_a"))->datadir;
    QVERIFY2(!QFileInfo::exists(datadir), qPrintable(datadir));
    QVERIFY2(!QFileInfo::exists(datadir + QStringLiteral(".old")), qPrintable(datadir));
    // The replicas stream from it again (they reconnect once it runs again).
    QTRY_COMPARE_WITH_TIMEOUT(scalar(node("db1"), QStringLiteral("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")), QStringLiteral("2"), 30000);
}

void TestRunbookPgUpgrade::refusesBeforeTheOutage_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("undo");
    QTest::addColumn<QString>("expected");
    // pg_upgrade refuses prepared transactions: found after the outage began, that would be mid-outage.
    QTest::addRow("prepared transaction")
        << QStringLiteral("BEGIN; CREATE TABLE rbc_pending (x int); PREPARE TRANSACTION 'rbc-pending-test'")
        << QStringLiteral("ROLLBACK PREPARED 'rbc-pending-test'")
        << QStringLiteral("prepared transaction");
    // pg_upgrade does not carry logical slots: their subscribers would silently lose their place.
    QTest::addRow("logical slot")
        << QStringLiteral("SELECT pg_create_logical_replication_slot('cdc_feed', 'pgoutput')")
        << QStringLiteral("SELECT pg_drop_replication_slot('cdc_feed')")
        << QStringLiteral("cdc_feed");
}

void TestRunbookPgUpgrade::refusesBeforeTheOutage()
{
    QFETCH(QString, setup);
    QFETCH(QString, undo);
    QFETCH(QString, expected);
    QVERIFY(bringUp(QStringLiteral("refusals")));
    PgConnection c;
    QVERIFY(c.open(node("db1")));
    QVERIFY2(c.exec(setup), qPrintable(c.lastError().message));
    auto ctl = controller(readFile(kRunbook), false);
    QVERIFY(ctl);
    QString message;
    const RunOutcome outcome = runToEnd(*ctl, kRunTimeoutMs, &message);
    const auto run = lastRun(journal());
    QVERIFY(c.exec(undo));
    QVERIFY(run.has_value());
    QVERIFY2(outcome == RunOutcome::Failed, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    // It stopped in the pre-checks, saying why, before anything changed.
    QVERIFY2(message.contains(QStringLiteral("check-old-primary")) && message.contains(expected), qPrintable(message));
    for (const StepRecord& s : run->steps)
        QVERIFY2(s.stepId.startsWith(QStringLiteral("check-")), qPrintable(stepLog(*run)));
    checkUntouched();
}

void TestRunbookPgUpgrade::rollsBackBeforeThePointOfNoReturn_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<bool>("writesWereDown");
    QTest::addRow("while provisioning DB_A") << QStringLiteral("init-new-cluster") << false;
    QTest::addRow("after the old primary stopped") << QStringLiteral("promote-db-a") << true;
    QTest::addRow("after pg_upgrade") << QStringLiteral("configure-new") << true;
    QTest::addRow("just before the switch to DB_A") << QStringLiteral("route-to-db-a") << true;
}

void TestRunbookPgUpgrade::rollsBackBeforeThePointOfNoReturn()
{
    QFETCH(QString, before);
    QFETCH(bool, writesWereDown);
    QElapsedTimer t;
    t.start();
    QVERIFY(bringUp(QStringLiteral("refusals")));
    auto ctl = controller(failBefore(readFile(kRunbook), before.toUtf8(), "read_replica"), true);
    QVERIFY(ctl);
    QString message;
    const RunOutcome outcome = runToEnd(*ctl, kRunTimeoutMs, &message);
    const auto run = lastRun(journal());
    QVERIFY(run.has_value());
    const QString problem = rolledBackCleanly(outcome, message, *run);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // Clients are back on the old primary, which runs and takes writes again; DB_A is gone.
    checkUntouched();

    QDateTime rollbackStarted;
    for (const StepRecord& s : run->steps)
        if (s.isRollback && !rollbackStarted.isValid())
            rollbackStarted = s.startedAt;
    QVERIFY(rollbackStarted.isValid());
    QVERIFY(probeAcknowledged(*run) > 0);
    int probeWindows = 0;
    for (const DowntimeWindow& w : run->windows) {
        QCOMPARE(w.kind, QStringLiteral("writes"));
        QVERIFY(w.endedAt.isValid());
        if (w.source != QLatin1String("probe"))
            continue;
        ++probeWindows;
        // From the rollback's first step to writes working again: the figure the README tracks.
        const qint64 restoreMs = rollbackStarted.msecsTo(w.endedAt);
        qInfo("%s: writes restored %lld ms after the rollback started", QTest::currentDataTag(), restoreMs);
        QVERIFY2(restoreMs < 10000, qPrintable(QString::number(restoreMs)));
    }
    QCOMPARE(probeWindows > 0, writesWereDown);
    qInfo("%s took %lld ms", QTest::currentDataTag(), t.elapsed());
}

void TestRunbookPgUpgrade::refusesTheOutageWhileDbALags()
{
    // DB_A stops replaying (a slow disk, say) while the old primary goes on writing: the lag is
    // checked before clients lose writes, not after. (A small lag limit, and no waiting for it.)
    QVERIFY(bringUp(QStringLiteral("refusals")));
    QByteArray yaml = readFile(kRunbook);
    QVERIFY(yaml.contains("  max_lag_bytes: \"16777216\""));
    yaml.replace("  max_lag_bytes: \"16777216\"", "  max_lag_bytes: \"1024\"");
    QVERIFY(yaml.contains("        retries: 10\n        retry_delay: 3s\n"));
    yaml.replace("        retries: 10\n        retry_delay: 3s\n", "");
    auto ctl = controller(yaml, true);
    QVERIFY(ctl);
    QString paused;
    connect(ctl.get(), &RunController::stepFinished, this, [&](int index, const StepResult& result, qint64) {
        if (ctl->steps().value(index).step && ctl->steps()[index].step->id == QLatin1String("wait-db-a-streaming") && result.ok()) {
            paused = scalar(node("db_a"), QStringLiteral("SELECT pg_wal_replay_pause(); SELECT 'paused'"));
            scalar(node("db1"), QStringLiteral("CREATE TABLE lag_maker AS SELECT g FROM generate_series(1, 10000) g; DROP TABLE lag_maker; SELECT 1"));
        }
    });
    QString message;
    const RunOutcome outcome = runToEnd(*ctl, kRunTimeoutMs, &message);
    const auto run = lastRun(journal());
    QVERIFY(run.has_value());
    QCOMPARE(paused, QStringLiteral("paused"));
    QVERIFY2(outcome == RunOutcome::RolledBack, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    const StepRecord* lag = forwardStep(*run, QStringLiteral("check-db-a-lag"));
    QVERIFY(lag && lag->result.outcome == StepOutcome::Failed);
    QVERIFY2(lag->result.error.contains(QStringLiteral("DB_A replays")), qPrintable(lag->result.error));
    QVERIFY(forwardStep(*run, QStringLiteral("route-to-read-replica")) == nullptr);
    QVERIFY(run->windows.isEmpty()); // clients never lost a write
    checkUntouched();
}

void TestRunbookPgUpgrade::refusesRollbackAfterThePointOfNoReturn()
{
    QVERIFY(bringUp(QStringLiteral("refusals")));
    auto ctl = controller(failBefore(readFile(kRunbook), "analyze", "read_replica"), true);
    QVERIFY(ctl);
    QSignalSpy refused(ctl.get(), &RunController::rollbackRefused);
    QString message;
    const RunOutcome outcome = runToEnd(*ctl, kRunTimeoutMs, &message);
    const auto run = lastRun(journal());
    QVERIFY(run.has_value());
    QVERIFY2(outcome == RunOutcome::Failed, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.first().at(0).toString().contains(QStringLiteral("route-to-db-a")), qPrintable(refused.first().at(0).toString()));
    // Nothing was undone: clients stay on DB_A, which takes writes.
    QCOMPARE(scalar(app(), QStringLiteral("SELECT inet_server_port()")), port("db_a"));
    QCOMPARE(scalar(app(), QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));
}

// Both cutover modes: writes refused while pg_upgrade runs (refuse), or every client held in PgBouncer (hold).
void TestRunbookPgUpgrade::upgradesWithoutLosingAWrite_data()
{
    QTest::addColumn<bool>("hold");
    QTest::addRow("refuse") << false;
    QTest::addRow("hold") << true;
}

void TestRunbookPgUpgrade::upgradesWithoutLosingAWrite()
{
    QFETCH(bool, hold);
    QElapsedTimer t;
    t.start();
    // A sandbox of its own per mode: a completed upgrade leaves DB_A the primary.
    QVERIFY(bringUp(hold ? QStringLiteral("upgrade-hold") : QStringLiteral("upgrade")));
    PgConnection db1;
    QVERIFY(db1.open(node("db1")));
    const auto sums = db1.exec(Sandbox::checksumQuery());
    QVERIFY(sums.has_value());
    // An unlogged table holding rows: a promoted standby has it empty.
    QVERIFY2(db1.exec(QStringLiteral("CREATE UNLOGGED TABLE sessions (id int PRIMARY KEY, token text NOT NULL); "
                                     "INSERT INTO sessions SELECT i, md5(i::text) FROM generate_series(1, 1000) i; "
                                     "GRANT SELECT, INSERT ON sessions TO app")),
        qPrintable(db1.lastError().message));
    QVERIFY2(db1.exec(DirectWriter::tableSql(QStringLiteral("app"))), qPrintable(db1.lastError().message));
    const QString hbaBefore = db1.scalar(QStringLiteral("SELECT count(*) FROM pg_hba_file_rules WHERE address = '127.0.0.2'")).value_or(QString());
    QCOMPARE(hbaBefore, QStringLiteral("1"));
    db1.close();

    // A client that never goes through the endpoint, writing to the old primary for the whole run.
    DirectWriter writer(asUser(node("db1"), QStringLiteral("app")));
    writer.start();
    auto ctl = controller(readFile(kRunbook), false, hold ? std::optional(CutoverMode::Hold) : std::nullopt);
    QVERIFY(ctl);
    QString message;
    const RunOutcome outcome = runToEnd(*ctl, kRunTimeoutMs, &message);
    writer.stop();
    const auto run = lastRun(journal());
    QVERIFY(run.has_value());
    QVERIFY2(outcome == RunOutcome::Completed, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    for (const StepRecord& s : run->steps)
        qInfo("  %-28s %6lld ms", qPrintable(s.stepId), s.durationMs.value_or(-1));

    // Every row whose commit the old primary acknowledged is on DB_A.
    const qint64 acked = writer.acknowledged().size();
    QVERIFY2(acked > 50, qPrintable(QStringLiteral("%1 acknowledged; first error: %2").arg(acked).arg(writer.firstError())));
    QCOMPARE(scalar(node("db_a"), writer.countPresentSql()).toLongLong(), acked);

    // Clients reach DB_A: a writable primary on the new version holding the old primary's data.
    QCOMPARE(scalar(app(), QStringLiteral("SELECT inet_server_port()")), port("db_a"));
    QCOMPARE(scalar(app(), QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));
    PgConnection dbA;
    QVERIFY(dbA.open(node("db_a")));
    QCOMPARE(QString::number(dbA.serverVersion() / 10000), m_sandbox.inventory().var(QStringLiteral("new_version"))->value);
    const auto sumsAfter = dbA.exec(Sandbox::checksumQuery());
    QVERIFY(sumsAfter.has_value());
    QCOMPARE(sumsAfter->rows, sums->rows);
    // The unlogged table kept its rows, and is unlogged again.
    QCOMPARE(dbA.scalar(QStringLiteral("SELECT count(*) FROM sessions")).value_or(QString()), QStringLiteral("1000"));
    QCOMPARE(dbA.scalar(QStringLiteral("SELECT relpersistence FROM pg_class WHERE oid = 'sessions'::regclass")).value_or(QString()), QStringLiteral("u"));
    // Configured like the old primary, whose configuration lives outside its data directory:
    // memory and connection settings, its pg_hba.conf rules, SSL with its certificate.
    QCOMPARE(dbA.scalar(QStringLiteral("SHOW max_connections")).value_or(QString()), QStringLiteral("120"));
    QCOMPARE(dbA.scalar(QStringLiteral("SHOW shared_buffers")).value_or(QString()), QStringLiteral("64MB"));
    QCOMPARE(dbA.scalar(QStringLiteral("SHOW max_prepared_transactions")).value_or(QString()), QStringLiteral("10"));
    QCOMPARE(dbA.scalar(QStringLiteral("SELECT count(*) FROM pg_hba_file_rules WHERE address = '127.0.0.2'")).value_or(QString()), QStringLiteral("1"));
    QCOMPARE(dbA.scalar(QStringLiteral("SHOW ssl")).value_or(QString()), QStringLiteral("on"));
    QCOMPARE(scalar(node("db_a") + QStringLiteral(" sslmode=require"), QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")), QStringLiteral("t"));
    // Created with the old cluster's locale and checksums, not fixed options.
    QCOMPARE(dbA.scalar(QStringLiteral("SELECT datcollate FROM pg_database WHERE datname = 'app'")).value_or(QString()), QStringLiteral("C.UTF-8"));
    QCOMPARE(dbA.scalar(QStringLiteral("SHOW data_checksums")).value_or(QString()), QStringLiteral("on"));
    // Statistics were gathered before writes resumed.
    QVERIFY(dbA.scalar(QStringLiteral("SELECT count(*) FROM pg_stats WHERE tablename = 'episodes'")).value_or(QStringLiteral("0")).toInt() > 0);
    QVERIFY(forwardStep(*run, QStringLiteral("analyze-minimal"))->endedAt <= forwardStep(*run, QStringLiteral("route-to-db-a"))->startedAt);
    // The replica re-provisioned on the new version streams from DB_A.
    QCOMPARE(dbA.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")).value_or(QString()), QStringLiteral("1"));
    dbA.close();

    // The new timeline never wrote into the old cluster's archive: only timeline 1 files are listed.
    QFile archived(m_sandbox->dir() + QStringLiteral("/log/archived-db1.list"));
    QVERIFY(archived.open(QIODevice::ReadOnly));
    const QByteArray names = archived.readAll();
    QVERIFY(!names.isEmpty());
    for (const QByteArray& name : names.split('\n'))
        QVERIFY2(name.isEmpty() || name.startsWith("00000001"), name.constData());

    // What the probe saw: one window of failed writes (none when held), no failed read, every write acknowledged.
    int probeWrites = 0;
    for (const DowntimeWindow& w : run->windows) {
        QVERIFY2(w.kind == QLatin1String("writes"), "reads never failed");
        if (w.source == QLatin1String("probe")) {
            ++probeWrites;
            qInfo("probe: writes failed for %lld ms", w.durationMs.value_or(-1));
            QVERIFY2(w.durationMs && *w.durationMs < 20000, qPrintable(QString::number(w.durationMs.value_or(-1))));
        }
    }
    QCOMPARE(probeWrites, hold ? 0 : 1);
    QVERIFY(probeAcknowledged(*run) > 0);
    if (hold) {
        // Held, not refused: no request of the probe failed while pg_upgrade ran.
        QString held;
        for (const JournalEvent& e : run->events)
            if (e.text.startsWith(QLatin1String(kProbeHoldEventPrefix)))
                held = e.text;
        const StepRecord* upgrade = forwardStep(*run, QStringLiteral("pg-upgrade"));
        QVERIFY(upgrade);
        qInfo("%s; pg_upgrade took %lld ms", qPrintable(held), upgrade->durationMs.value_or(-1));
        QVERIFY2(held.contains(QStringLiteral("by step route-to-db-a")), qPrintable(held));
        QVERIFY2(held.contains(QStringLiteral(", 0 failed, ")), qPrintable(held));
    }
    qInfo("upgradesWithoutLosingAWrite took %lld ms (%lld writes acknowledged to the old primary)", t.elapsed(), acked);
}

QTEST_GUILESS_MAIN(TestRunbookPgUpgrade)
#include "tst_runbook_pgupgrade.moc"
