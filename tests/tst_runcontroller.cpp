// The run controller on the real sandbox: steps in order on worker threads, journal, downtime
// windows, rollback in reverse order (including a switch's recorded inverse), cancel, timeouts.
#include "core/pgconnection.h"
#include "core/systemcommand.h"
#include "engine/runcontroller.h"
#include "faultinjection.h"
#include "journal/rundetail.h"
#include "journal/runexport.h"
#include "runbook/documentloader.h"
#include "runbook/runbookvalidator.h"
#include "runbookharness.h"
#include "sandbox/sandbox.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

class TestRunController : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void completesEveryKindAndJournalsIt();
    void rollbackOnFailureUndoesInReverse();
    void onFailureRollbackRollsBackWithoutTheOption();
    void whenFalseSkipsAndLeavesNothingToUndo();
    void rollbackRequestCancelsRunningStepFast();
    void timeoutFailsTheStep();
    void pointOfNoReturnRefusesRollback();
    void expectedComesFromEarlierRehearsals();
    void failedRollbackIsRetriedFromWhereItStopped();
    void progressIsMasked();
    void journalWriteFailureStopsTheRun_data();
    void journalWriteFailureStopsTheRun();
    void probeWindowsOpenAtTheEndAreJournaled();
    void capturedValuesReachLaterStepsAndSurviveResume();
    void whenAsksTheDatabaseOrACapturedValue();
    void loopRunsEachRowResumesAndRollsBackPerIteration();

private:
    std::unique_ptr<RunController> controller(const QByteArray& runbookYaml, bool rollbackOnFailure = false,
        const QString& inventoryPath = QString(), const QString& journalPath = QString());
    RunOutcome runToEnd(RunController& c, int timeoutMs = 60000);
    QString appScalar(const QString& sql);
    std::optional<RunDetail> lastRun();
    static QStringList journalOrder(const RunDetail& run);

    QTemporaryDir m_tmp { QDir::tempPath() + QStringLiteral("/rbc-tst-controller-XXXXXX") };
    std::unique_ptr<Sandbox> m_sandbox;
    QString m_journal;
    int m_files = 0;
};

void TestRunController::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
    m_sandbox = std::make_unique<Sandbox>(m_tmp.filePath(QStringLiteral("sb")));
    SandboxOptions o;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(m_sandbox->up(o, {}, &error), qPrintable(error));
    m_journal = m_tmp.filePath(QStringLiteral("journal.sqlite"));
}

void TestRunController::cleanupTestCase()
{
    if (m_sandbox) {
        QString error;
        m_sandbox->down({}, &error);
    }
}

std::unique_ptr<RunController> TestRunController::controller(
    const QByteArray& yaml, bool rollbackOnFailure, const QString& inventoryPath, const QString& journalPath)
{
    return RunbookHarness::controller(m_tmp.filePath(QStringLiteral("runbook-%1.yaml").arg(++m_files)), yaml,
        inventoryPath.isEmpty() ? m_sandbox->inventoryPath() : inventoryPath, journalPath.isEmpty() ? m_journal : journalPath,
        rollbackOnFailure);
}

RunOutcome TestRunController::runToEnd(RunController& c, int timeoutMs)
{
    QSignalSpy finished(&c, &RunController::runFinished);
    QTimer::singleShot(0, &c, &RunController::start);
    if (!finished.wait(timeoutMs) && finished.isEmpty())
        return RunOutcome::Running;
    return finished.first().at(0).value<RunOutcome>();
}

QString TestRunController::appScalar(const QString& sql)
{
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    PgConnection c;
    if (!c.open(inv.inventory->endpoint(QStringLiteral("app"))->conninfo))
        return QStringLiteral("connect failed: ") + c.lastError().message;
    const auto v = c.scalar(sql);
    return v ? *v : QStringLiteral("error %1: %2").arg(c.lastError().sqlstate, c.lastError().message);
}

// Each journaled step as "id=outcome", undos as "undo:id=outcome", in journal order.
QStringList TestRunController::journalOrder(const RunDetail& run)
{
    QStringList order;
    for (const StepRecord& s : run.steps)
        order << (s.isRollback ? QStringLiteral("undo:") : QString()) + s.stepId + QLatin1Char('=') + stepOutcomeName(s.result.outcome);
    return order;
}

std::optional<RunDetail> TestRunController::lastRun()
{
    RunJournal j;
    if (!j.open(m_journal))
        return std::nullopt;
    return j.run(QStringLiteral("last"));
}

void TestRunController::completesEveryKindAndJournalsIt()
{
    // Shell steps run as the node's run_as user (postgres when we are root): it owns the log directory.
    const QString marker = m_sandbox->dir() + QStringLiteral("/log/shell-ran");
    auto c = controller(QStringLiteral(R"yaml(runbook: every kind
requires: {nodes: [old_primary, read_replica], endpoints: [app]}
vars: {marker: %1}
phases:
  - name: One
    steps:
      - id: make-table
        sql: CREATE TABLE ctl_every (id int PRIMARY KEY, done bool NOT NULL DEFAULT false); INSERT INTO ctl_every SELECT g FROM generate_series(1, 2500) g; GRANT SELECT ON ctl_every TO app
        on: old_primary
      - id: touch
        shell: touch {{ vars.marker }} && whoami
        on: old_primary
      - id: replicated
        wait: {sql: "SELECT count(*) = 2500 FROM ctl_every", on: read_replica, every: 100ms, timeout: 30s, progress: "SELECT count(*), 2500 FROM ctl_every"}
      - id: mark
        batch: {sql: "UPDATE ctl_every SET done = true WHERE id IN (SELECT id FROM ctl_every WHERE NOT done LIMIT 1000)", on: old_primary}
      - id: gate
        manual: Look at the table.
      - id: to-replica
        switch: {endpoint: app, to: read_replica}
        downtime: writes-begin
      - id: hold
        # Long enough for the probe (every 50 ms) to see writes fail even on a loaded machine.
        sql: SELECT pg_sleep(1.5)
        on: old_primary
      - id: back
        switch: {endpoint: app, to: old_primary}
        downtime: writes-end
)yaml")
                           .arg(marker)
                           .toUtf8());
    QVERIFY(c);
    QSignalSpy started(c.get(), &RunController::stepStarted);
    QSignalSpy finished(c.get(), &RunController::stepFinished);
    QSignalSpy downtime(c.get(), &RunController::downtimeChanged);
    QSignalSpy runDone(c.get(), &RunController::runFinished);
    const RunOutcome outcome = runToEnd(*c);
    QVERIFY2(outcome == RunOutcome::Completed, qPrintable(runDone.value(0).value(1).toString()));
    QCOMPARE(started.size(), 8);
    QCOMPARE(finished.size(), 8);
    QVERIFY(QFileInfo::exists(marker));
    QCOMPARE(downtime.size(), 2);
    QCOMPARE(appScalar(QStringLiteral("SELECT count(*) FILTER (WHERE done) FROM ctl_every")), QStringLiteral("2500"));
    QCOMPARE(appScalar(QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));

    const auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(run->run.outcome, RunOutcome::Completed);
    QCOMPARE(run->steps.size(), 8);
    for (const StepRecord& s : run->steps) {
        QCOMPARE(s.result.outcome, StepOutcome::Succeeded);
        QVERIFY(s.durationMs.has_value());
        QVERIFY(s.endedAt.isValid());
    }
    QCOMPARE(run->steps[1].result.output.trimmed(), SystemCommand::runningAsRoot() ? QStringLiteral("postgres") : run->steps[1].result.output.trimmed());
    // The runbook's own markers, and what the sandbox's traffic probe measured: each one write window.
    QCOMPARE(run->windows.size(), 2);
    for (const DowntimeWindow& w : run->windows) {
        QCOMPARE(w.kind, QStringLiteral("writes"));
        QVERIFY(w.endedAt.isValid());
    }
    const DowntimeWindow& markerWindow = run->windows[0].source == QLatin1String("probe") ? run->windows[1] : run->windows[0];
    const DowntimeWindow& probe = run->windows[0].source == QLatin1String("probe") ? run->windows[0] : run->windows[1];
    QCOMPARE(markerWindow.source, QStringLiteral("runbook-marker"));
    QCOMPARE(probe.source, QStringLiteral("probe"));
    QVERIFY(*probe.durationMs <= *markerWindow.durationMs + 100); // measured inside what the markers bracket
    bool verified = false;
    for (const JournalEvent& e : run->events)
        verified = verified || e.text.contains(QStringLiteral("acknowledged writes present"));
    QVERIFY(verified);
}

void TestRunController::rollbackOnFailureUndoesInReverse()
{
    auto c = controller(R"yaml(runbook: fails late
requires: {nodes: [old_primary, read_replica], endpoints: [app]}
phases:
  - name: One
    steps:
      - id: make-table
        sql: CREATE TABLE ctl_rb (id int)
        on: old_primary
        rollback: {sql: DROP TABLE ctl_rb, on: old_primary}
      - id: to-replica
        switch: {endpoint: app, to: read_replica}
        downtime: writes-begin
      - id: boom
        sql: SELECT 1/0
        on: old_primary
      - id: never
        switch: {endpoint: app, to: old_primary}
        downtime: writes-end
)yaml",
        true);
    QVERIFY(c);
    QCOMPARE(runToEnd(*c), RunOutcome::RolledBack);
    // Back on the primary, and the table is gone.
    QCOMPARE(appScalar(QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));
    QCOMPARE(appScalar(QStringLiteral("SELECT to_regclass('ctl_rb') IS NULL")), QStringLiteral("t"));
    const auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(run->run.outcome, RunOutcome::RolledBack);
    QCOMPARE(journalOrder(*run), (QStringList { QStringLiteral("make-table=succeeded"), QStringLiteral("to-replica=succeeded"), QStringLiteral("boom=failed"),
                        QStringLiteral("undo:to-replica=succeeded"), QStringLiteral("undo:make-table=succeeded") }));
    QCOMPARE(run->steps[2].result.sqlstate, QStringLiteral("22012"));
    // The write window opened by the switch closed when the rollback restored writes.
    QVERIFY(!run->windows.isEmpty());
    for (const DowntimeWindow& w : run->windows)
        QVERIFY(w.endedAt.isValid());
}

void TestRunController::whenFalseSkipsAndLeavesNothingToUndo()
{
    auto c = controller(R"yaml(runbook: conditions
requires: {nodes: [old_primary]}
vars: {reverse: "no", create: "yes"}
defaults: {on: old_primary}
phases:
  - name: One
    steps:
      - id: make-table
        when: "{{ vars.create }}"
        sql: CREATE TABLE ctl_when_a (id int)
        rollback: {sql: DROP TABLE ctl_when_a}
      - id: reverse-only
        when: "{{ vars.reverse }}"
        sql: CREATE TABLE ctl_when_b (id int)
        rollback: {sql: SELECT 1/0}
      - id: boom
        sql: SELECT 1/0
)yaml",
        true);
    QVERIFY(c);
    QSignalSpy finishedSteps(c.get(), &RunController::stepFinished);
    QCOMPARE(runToEnd(*c), RunOutcome::RolledBack);
    // The skipped step never ran, and its undo (which would fail) is not in the rollback.
    QCOMPARE(appScalar(QStringLiteral("SELECT to_regclass('ctl_when_b') IS NULL")), QStringLiteral("t"));
    QCOMPARE(appScalar(QStringLiteral("SELECT to_regclass('ctl_when_a') IS NULL")), QStringLiteral("t"));
    const auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(journalOrder(*run), (QStringList { QStringLiteral("make-table=succeeded"), QStringLiteral("reverse-only=skipped"), QStringLiteral("boom=failed"),
                        QStringLiteral("undo:make-table=succeeded") }));
    QCOMPARE(run->steps[1].result.error, QStringLiteral("skipped: when is false: no"));
    QCOMPARE(finishedSteps.at(1).at(0).toInt(), 1);
    QCOMPARE(finishedSteps.at(1).at(1).value<StepResult>().outcome, StepOutcome::Skipped);

    // A condition that is neither true nor false fails its step.
    auto d = controller(R"yaml(runbook: unclear condition
requires: {nodes: [old_primary]}
vars: {reverse: maybe}
phases:
  - name: One
    steps:
      - id: unclear
        when: "{{ vars.reverse }}"
        sql: SELECT 1
        on: old_primary
)yaml");
    QVERIFY(d);
    QCOMPARE(runToEnd(*d), RunOutcome::Failed);
    const auto failed = lastRun();
    QVERIFY(failed.has_value());
    QCOMPARE(failed->steps.first().result.outcome, StepOutcome::Failed);
    QVERIFY2(failed->steps.first().result.error.contains(QStringLiteral("'maybe' is neither true nor false")),
        qPrintable(failed->steps.first().result.error));
}

void TestRunController::onFailureRollbackRollsBackWithoutTheOption()
{
    // A step that must never leave clients refused rolls the run back by itself.
    auto c = controller(R"yaml(runbook: check inside a freeze
requires: {nodes: [old_primary, read_replica], endpoints: [app]}
phases:
  - name: One
    steps:
      - id: to-replica
        switch: {endpoint: app, to: read_replica}
        downtime: writes-begin
      - id: compare
        sql: SELECT 1/0
        on: old_primary
        on_failure: rollback
      - id: back
        switch: {endpoint: app, to: old_primary}
        downtime: writes-end
)yaml",
        false);
    QVERIFY(c);
    QCOMPARE(runToEnd(*c), RunOutcome::RolledBack);
    QCOMPARE(appScalar(QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));
    const auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(journalOrder(*run), (QStringList { QStringLiteral("to-replica=succeeded"), QStringLiteral("compare=failed"), QStringLiteral("undo:to-replica=succeeded") }));
    bool said = false;
    for (const JournalEvent& e : run->events)
        said = said || e.text.contains(QStringLiteral("rolling back (on_failure: rollback)"));
    QVERIFY(said);
}

void TestRunController::rollbackRequestCancelsRunningStepFast()
{
    auto c = controller(R"yaml(runbook: long step
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: make-table
        sql: CREATE TABLE ctl_cancel (id int)
        on: old_primary
        rollback: {sql: DROP TABLE ctl_cancel, on: old_primary}
      - id: sleepy
        sql: SELECT pg_sleep(60)
        on: old_primary
)yaml");
    QVERIFY(c);
    QSignalSpy started(c.get(), &RunController::stepStarted);
    QSignalSpy stepDone(c.get(), &RunController::stepFinished);
    QSignalSpy finished(c.get(), &RunController::runFinished);
    QTimer::singleShot(0, c.get(), &RunController::start);
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), 2, 20000);
    QTest::qWait(300); // pg_sleep is running on the server
    QElapsedTimer t;
    t.start();
    c->requestRollback();
    QTRY_COMPARE_WITH_TIMEOUT(stepDone.size(), 2, 5000);
    const qint64 cancelMs = t.elapsed();
    QVERIFY2(cancelMs < 1000, qPrintable(QString::number(cancelMs)));
    QCOMPARE(stepDone.at(1).at(1).value<StepResult>().outcome, StepOutcome::Cancelled);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
    QCOMPARE(finished.first().at(0).value<RunOutcome>(), RunOutcome::RolledBack);
    QCOMPARE(appScalar(QStringLiteral("SELECT to_regclass('ctl_cancel') IS NULL")), QStringLiteral("t"));
}

void TestRunController::timeoutFailsTheStep()
{
    auto c = controller(R"yaml(runbook: too slow
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: slow
        sql: SELECT pg_sleep(20)
        on: old_primary
        timeout: 300ms
)yaml");
    QVERIFY(c);
    QSignalSpy stepDone(c.get(), &RunController::stepFinished);
    QElapsedTimer t;
    t.start();
    QCOMPARE(runToEnd(*c), RunOutcome::Failed);
    QVERIFY(t.elapsed() < 5000);
    QCOMPARE(stepDone.first().at(1).value<StepResult>().outcome, StepOutcome::TimedOut);
    QCOMPARE(lastRun()->steps.first().result.outcome, StepOutcome::TimedOut);
}

void TestRunController::pointOfNoReturnRefusesRollback()
{
    auto c = controller(R"yaml(runbook: no way back
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: make-table
        sql: CREATE TABLE ctl_ponr (id int)
        on: old_primary
        rollback: {sql: DROP TABLE ctl_ponr, on: old_primary}
        point_of_no_return: true
      - id: boom
        sql: SELECT 1/0
        on: old_primary
)yaml",
        true);
    QVERIFY(c);
    QSignalSpy refused(c.get(), &RunController::rollbackRefused);
    QCOMPARE(runToEnd(*c), RunOutcome::Failed);
    QCOMPARE(refused.size(), 1);
    QVERIFY(refused.first().at(0).toString().contains(QStringLiteral("point of no return")));
    QCOMPARE(appScalar(QStringLiteral("SELECT to_regclass('ctl_ponr') IS NOT NULL")), QStringLiteral("t"));
}

void TestRunController::expectedComesFromEarlierRehearsals()
{
    const QByteArray yaml = R"yaml(runbook: rehearsed
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: nap
        sql: SELECT pg_sleep(0.2)
        on: old_primary
        expected: 5s
)yaml";
    auto first = controller(yaml);
    QVERIFY(first);
    QCOMPARE(first->steps().first().expectedMs, 5000); // nothing rehearsed yet: the runbook's budget
    QCOMPARE(runToEnd(*first), RunOutcome::Completed);
    auto second = controller(yaml);
    QSignalSpy started(second.get(), &RunController::stepStarted);
    QCOMPARE(runToEnd(*second), RunOutcome::Completed);
    const qint64 expected = started.first().at(1).toLongLong();
    QVERIFY2(expected >= 200 && expected < 2000, qPrintable(QString::number(expected)));
}

void TestRunController::failedRollbackIsRetriedFromWhereItStopped()
{
    const QByteArray yaml = R"yaml(runbook: stubborn rollback
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: first
        sql: CREATE TABLE ctl_retry_log (what text); CREATE TABLE ctl_retry_ok (ok int)
        on: old_primary
        rollback: {sql: "INSERT INTO ctl_retry_log VALUES ('undo first')", on: old_primary}
      - id: second
        sql: SELECT 1
        on: old_primary
        rollback: {sql: "INSERT INTO ctl_retry_log SELECT 'undo second' WHERE 1 / (SELECT count(*) FROM ctl_retry_ok) = 1", on: old_primary}
      - id: boom
        sql: SELECT 1/0
        on: old_primary
)yaml";
    auto c = controller(yaml, true);
    QVERIFY(c);
    QSignalSpy runDone(c.get(), &RunController::runFinished);
    QCOMPARE(runToEnd(*c), RunOutcome::Failed); // the undo of `second` divides by zero
    QVERIFY2(runDone.first().at(1).toString().contains(QStringLiteral("retry with `rollback")), qPrintable(runDone.first().at(1).toString()));
    const QString runId = c->runId();
    c.reset();

    // The operator fixes the cause, then rolls back again: it goes on from the failed undo.
    PgConnection db1;
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    QVERIFY(db1.open(inv.inventory->node(QStringLiteral("db1"))->conninfo));
    QVERIFY(db1.exec(QStringLiteral("INSERT INTO ctl_retry_ok VALUES (1)")));
    auto again = controller(yaml, false);
    QVERIFY(again);
    QSignalSpy finished(again.get(), &RunController::runFinished);
    QTimer::singleShot(0, again.get(), [&again, runId] { again->rollbackFinishedRun(runId); });
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).value<RunOutcome>(), RunOutcome::RolledBack);
    QCOMPARE(db1.scalar(QStringLiteral("SELECT string_agg(what, ',' ORDER BY ctid) FROM ctl_retry_log")).value_or(QString()),
        QStringLiteral("undo second,undo first"));
    const auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(run->run.id, runId);
    QStringList undos;
    for (const StepRecord& s : run->steps)
        if (s.isRollback)
            undos << s.stepId + QLatin1Char('=') + stepOutcomeName(s.result.outcome);
    QCOMPARE(undos, (QStringList { QStringLiteral("second=failed"), QStringLiteral("second=succeeded"), QStringLiteral("first=succeeded") }));
}

// Defect 9: what a step reports as progress went out unmasked (a wait printed `password=...`).
void TestRunController::progressIsMasked()
{
    const QString secret = QStringLiteral("s3cr3t-progress-5");
    QFile src(m_sandbox->inventoryPath());
    QVERIFY(src.open(QIODevice::ReadOnly));
    QString inv = QString::fromUtf8(src.readAll());
    const LoadedDocument loaded = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    const QString db1 = loaded.inventory->node(QStringLiteral("db1"))->conninfo;
    QVERIFY(inv.contains(db1));
    inv.replace(db1, db1 + QStringLiteral(" password=") + secret);
    const QString invPath = m_tmp.filePath(QStringLiteral("inventory-secret.yaml"));
    QFile out(invPath);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(inv.toUtf8());
    out.close();
    auto c = controller(R"yaml(runbook: masked progress
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: show-conninfo
        wait: {sql: "SELECT true", on: old_primary, progress: "SELECT {{ nodes.old_primary.conninfo | literal }}"}
)yaml",
        false, invPath);
    QVERIFY(c);
    QStringList said;
    connect(c.get(), &RunController::stepProgress, this, [&](int, qint64, qint64, const QString& text) { said << text; });
    connect(c.get(), &RunController::stepOutput, this, [&](int, const QString& line) { said << line; });
    QCOMPARE(runToEnd(*c), RunOutcome::Completed);
    QVERIFY2(said.join(QLatin1Char('\n')).contains(QStringLiteral("password=********")), qPrintable(said.join(QLatin1Char('\n'))));
    QVERIFY2(!said.join(QLatin1Char('\n')).contains(secret), qPrintable(said.join(QLatin1Char('\n'))));
}

// Defect 7: a journal write that failed (the end of a step, a rollback step, the end of the run)
// was ignored and the run went on unjournaled. Each write here fails as a full disk would.
void TestRunController::journalWriteFailureStopsTheRun_data()
{
    QTest::addColumn<QString>("trigger"); // SQL run against the journal before the run
    QTest::addColumn<bool>("rollbackOnFailure");
    QTest::addColumn<QString>("expectedMessage");
    QTest::addRow("end of a step") << QStringLiteral("CREATE TRIGGER fail_end BEFORE UPDATE ON steps WHEN NEW.step_id = 'first' "
                                                     "AND NEW.outcome <> 'running' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
                                   << false << QStringLiteral("could not record");
    QTest::addRow("start of a rollback step") << QStringLiteral("CREATE TRIGGER fail_undo BEFORE INSERT ON steps WHEN NEW.is_rollback = 1 "
                                                                "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
                                              << true << QStringLiteral("could not record");
    QTest::addRow("end of the run") << QStringLiteral("CREATE TRIGGER fail_run BEFORE UPDATE ON runs WHEN NEW.outcome <> 'running' "
                                                      "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
                                    << false << QStringLiteral("could not record the end of the run");
}

void TestRunController::journalWriteFailureStopsTheRun()
{
    QFETCH(QString, trigger);
    QFETCH(bool, rollbackOnFailure);
    QFETCH(QString, expectedMessage);
    static int round = 0;
    const QString journal = m_tmp.filePath(QStringLiteral("failing-journal-%1.sqlite").arg(++round));
    {
        RunJournal j;
        QVERIFY2(j.open(journal), qPrintable(j.lastError()));
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("inject"));
        db.setDatabaseName(journal);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY2(q.exec(trigger), qPrintable(q.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("inject"));
    const QString t = QStringLiteral("ctl_jf_%1").arg(round);
    auto c = controller(QStringLiteral(R"yaml(runbook: failing journal
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: first
        sql: CREATE TABLE %1_a (id int)
        on: old_primary
        rollback: {sql: CREATE TABLE %1_undone (id int), on: old_primary}
      - id: second
        sql: CREATE TABLE %1_b (id int); SELECT 1 / CASE WHEN %2 THEN 0 ELSE 1 END
        on: old_primary
)yaml").arg(t, rollbackOnFailure ? QStringLiteral("true") : QStringLiteral("false")).toUtf8(),
        rollbackOnFailure, QString(), journal);
    QVERIFY(c);
    QSignalSpy runDone(c.get(), &RunController::runFinished);
    const RunOutcome outcome = runToEnd(*c);
    QVERIFY(outcome != RunOutcome::Running);
    const QString message = runDone.first().at(1).toString();
    QVERIFY2(message.contains(expectedMessage), qPrintable(message));
    if (QTest::currentDataTag() == QLatin1String("end of a step")) {
        QVERIFY2(outcome == RunOutcome::Failed, qPrintable(message));
        QCOMPARE(appScalar(QStringLiteral("SELECT to_regclass('%1_b') IS NULL").arg(t)), QStringLiteral("t")); // never ran
    } else if (QTest::currentDataTag() == QLatin1String("start of a rollback step")) {
        QVERIFY2(outcome == RunOutcome::Failed, qPrintable(message));
        QCOMPARE(appScalar(QStringLiteral("SELECT to_regclass('%1_undone') IS NULL").arg(t)), QStringLiteral("t")); // not undone unjournaled
    }
}

// Defect 8: a window the probe opened while it was being stopped was handled after its closing,
// left open in the journal, and a ~20 s outage measured as 0 s. Defect 12: the probe's table was
// left behind when the endpoint did not answer at the end.
void TestRunController::probeWindowsOpenAtTheEndAreJournaled()
{
    auto c = controller(R"yaml(runbook: outage at the end
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: first
        sql: SELECT 1
        on: old_primary
      - id: last
        sql: SELECT pg_sleep(0.5)
        on: old_primary
)yaml");
    QVERIFY(c);
    std::unique_ptr<fault::Freeze> frozen;
    const pid_t pgbouncer = fault::pidFromFile(m_sandbox->dir() + QStringLiteral("/run/pgbouncer.pid"));
    connect(c.get(), &RunController::stepStarted, this, [&](int index) {
        if (index == 1)
            frozen = std::make_unique<fault::Freeze>(pgbouncer, 30000); // clients stop getting answers
    });
    QCOMPARE(runToEnd(*c), RunOutcome::Completed);
    QVERIFY(frozen && frozen->frozen());
    frozen.reset();
    const auto run = lastRun();
    QVERIFY(run);
    QStringList probeKinds;
    for (const DowntimeWindow& w : run->windows) {
        if (w.source != QLatin1String("probe"))
            continue;
        probeKinds << w.kind;
        QVERIFY2(w.endedAt.isValid(), qPrintable(w.kind));
        QVERIFY2(w.durationMs && *w.durationMs > 0, qPrintable(w.kind));
    }
    probeKinds.sort();
    QCOMPARE(probeKinds, (QStringList { QStringLiteral("reads"), QStringLiteral("writes") }));
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    PgConnection db1;
    QVERIFY(db1.open(inv.inventory->node(QStringLiteral("db1"))->conninfo));
    QCOMPARE(db1.scalar(QStringLiteral("SELECT to_regclass('rbc_traffic_probe') IS NULL")).value_or(QString()), QStringLiteral("t"));
}

// Values captured from a sql step's first row and a shell step's NAME=value lines reach later steps;
// a secret one is used but never written (output, journal); a failed run resumed by a new
// controller (as after a restart) still has the journaled values.
void TestRunController::capturedValuesReachLaterStepsAndSurviveResume()
{
    const QByteArray yaml = R"yaml(runbook: captures
requires: {nodes: [old_primary]}
defaults: {on: old_primary}
phases:
  - name: One
    steps:
      - id: pick
        sql: "SELECT 'ctl_cap' AS name, 41 AS n, 'sqlsecret-7Qz' AS token"
        capture: [name, n]
        capture_secret: [token]
      - id: probe
        shell: "echo HOST=h1; echo PASS=shsecret-9Kw; echo noise=1"
        capture: [HOST]
        capture_secret: [PASS]
      - id: make
        title: "create {{ steps.pick.name }}"
        sql: "CREATE TABLE {{ steps.pick.name | ident }} (n int, host text); INSERT INTO {{ steps.pick.name | ident }} VALUES ({{ steps.pick.n | literal }}, {{ steps.probe.HOST | literal }}); GRANT SELECT, INSERT ON ctl_cap TO app"
        rollback: {sql: "DROP TABLE IF EXISTS ctl_cap"}
      - id: secrets-arrive
        shell: "test {{ steps.pick.token }} = sqlsecret-7Qz && test {{ steps.probe.PASS }} = shsecret-9Kw && echo match"
      - id: gate
        sql: "SELECT 1 / (SELECT count(*)::int - 1 FROM ctl_cap)"
      - id: after
        sql: "INSERT INTO {{ steps.pick.name | ident }} VALUES ({{ steps.pick.n | literal }} + 1, {{ steps.probe.HOST | literal }})"
)yaml";
    auto c = controller(yaml);
    QVERIFY(c);
    QStringList lines;
    connect(c.get(), &RunController::stepOutput, this, [&lines](int, const QString& line) { lines << line; });
    QSignalSpy runDone(c.get(), &RunController::runFinished);
    QCOMPARE(runToEnd(*c), RunOutcome::Failed); // the gate divides by zero: one row so far
    QCOMPARE(appScalar(QStringLiteral("SELECT string_agg(n || '@' || host, ',') FROM ctl_cap")), QStringLiteral("41@h1"));
    const QString joined = lines.join(QLatin1Char('\n'));
    QVERIFY2(joined.contains(QStringLiteral("match")), qPrintable(joined));
    QVERIFY2(joined.contains(QStringLiteral("PASS=********")), qPrintable(joined));
    QVERIFY(!joined.contains(QStringLiteral("sqlsecret-7Qz")) && !joined.contains(QStringLiteral("shsecret-9Kw")));

    auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(journalOrder(*run), (QStringList { QStringLiteral("pick=succeeded"), QStringLiteral("probe=succeeded"), QStringLiteral("make=succeeded"),
                                     QStringLiteral("secrets-arrive=succeeded"), QStringLiteral("gate=failed") }));
    QCOMPARE(run->steps[0].result.captured, (QMap<QString, QString> { { QStringLiteral("name"), QStringLiteral("ctl_cap") }, { QStringLiteral("n"), QStringLiteral("41") } }));
    QCOMPARE(run->steps[0].result.secretCaptures, QStringList { QStringLiteral("token") });
    QCOMPARE(run->steps[1].result.captured, (QMap<QString, QString> { { QStringLiteral("HOST"), QStringLiteral("h1") } }));
    QCOMPARE(run->steps[2].title, QStringLiteral("create ctl_cap"));
    QVERIFY(run->steps[4].result.captured.isEmpty());
    // Neither secret is anywhere in the journal's files.
    for (const QString& suffix : { QString(), QStringLiteral("-wal") }) {
        const QByteArray bytes = RunbookHarness::readFile(m_journal + suffix);
        QVERIFY(!bytes.contains("sqlsecret-7Qz") && !bytes.contains("shsecret-9Kw"));
    }

    // A new controller (as a new process would) resumes at the gate with the journaled values.
    QCOMPARE(appScalar(QStringLiteral("INSERT INTO ctl_cap VALUES (0, 'x') RETURNING n")), QStringLiteral("0"));
    auto resumed = controller(yaml);
    QVERIFY(resumed);
    QSignalSpy resumedDone(resumed.get(), &RunController::runFinished);
    QTimer::singleShot(0, resumed.get(), [&] { resumed->resume(run->run.id, InterruptedStepChoice::Refuse); });
    QVERIFY(resumedDone.wait(60000));
    QVERIFY2(resumedDone.first().at(0).value<RunOutcome>() == RunOutcome::Completed, qPrintable(resumedDone.first().at(1).toString()));
    QCOMPARE(appScalar(QStringLiteral("SELECT string_agg(n || '@' || host, ',' ORDER BY n) FROM ctl_cap")), QStringLiteral("0@x,41@h1,42@h1"));
}

// `when: {sql:, on:}` asks the database when the step's turn comes; `when:` may also read a value
// an earlier step captured. A skip is journaled with the answer; a query that fails fails the step.
void TestRunController::whenAsksTheDatabaseOrACapturedValue()
{
    auto c = controller(R"yaml(runbook: conditions from queries
requires: {nodes: [old_primary]}
defaults: {on: old_primary}
phases:
  - name: One
    steps:
      - id: pick
        sql: SELECT 'no' AS flag
        capture: [flag]
      - id: absent
        when: {sql: "SELECT count(*) > 0 FROM pg_database WHERE datname = 'ctl_no_such_db'", on: old_primary}
        sql: CREATE TABLE ctl_whenq_a (id int)
      - id: present
        when: {sql: "SELECT true"}
        sql: CREATE TABLE ctl_whenq_b (id int)
        rollback: {sql: DROP TABLE ctl_whenq_b}
      - id: flagged
        when: "{{ steps.pick.flag }}"
        sql: CREATE TABLE ctl_whenq_c (id int)
      - id: broken
        when: {sql: "SELECT 1/0 = 1"}
        sql: SELECT 1
)yaml",
        true);
    QVERIFY(c);
    QCOMPARE(runToEnd(*c), RunOutcome::RolledBack);
    QCOMPARE(appScalar(QStringLiteral("SELECT to_regclass('ctl_whenq_a') IS NULL AND to_regclass('ctl_whenq_b') IS NULL "
                                      "AND to_regclass('ctl_whenq_c') IS NULL")),
        QStringLiteral("t"));
    const auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(journalOrder(*run), (QStringList { QStringLiteral("pick=succeeded"), QStringLiteral("absent=skipped"), QStringLiteral("present=succeeded"),
                                     QStringLiteral("flagged=skipped"), QStringLiteral("broken=failed"), QStringLiteral("undo:present=succeeded") }));
    QCOMPARE(run->steps[1].result.error,
        QStringLiteral("skipped: when is false: SELECT count(*) > 0 FROM pg_database WHERE datname = 'ctl_no_such_db' on old_primary returned f"));
    QCOMPARE(run->steps[3].result.error, QStringLiteral("skipped: when is false: no"));
    QVERIFY2(run->steps[4].result.error.startsWith(QStringLiteral("when: ")) && run->steps[4].result.sqlstate == QStringLiteral("22012"),
        qPrintable(run->steps[4].result.error));
}

// `for_each:` runs the step once per row, in order, with the row's columns as item.COLUMN; zero rows
// succeed with nothing to do. A failure at iteration k fails the step; a resumed run goes on from k
// with the rows journaled when the loop started (a row added since is not seen); a rollback undoes
// each completed iteration, newest first, with its own row.
void TestRunController::loopRunsEachRowResumesAndRollsBackPerIteration()
{
    QCOMPARE(appScalar(QStringLiteral("CREATE TABLE ctl_loop_src (i int, name text); "
                                      "INSERT INTO ctl_loop_src VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'); "
                                      "CREATE TABLE ctl_loop_undo (id serial, name text); SELECT 'ok'")),
        QStringLiteral("ok"));
    const QByteArray yaml = R"yaml(runbook: loops
requires: {nodes: [old_primary]}
defaults: {on: old_primary}
phases:
  - name: One
    steps:
      - id: make
        sql: "CREATE TABLE ctl_loop (n int, name text); GRANT ALL ON ctl_loop TO app"
        rollback: {sql: DROP TABLE ctl_loop}
      - id: none
        for_each: {sql: "SELECT 1 AS x WHERE false"}
        shell: "exit 1"
      - id: words
        for_each: {sql: "SELECT w AS word FROM (VALUES ('x'), ('y')) v (w) ORDER BY 1", on: old_primary}
        shell: "echo word={{ item.word }} {{ loop.index }}/{{ loop.count }}"
      - id: each
        title: Copy each name
        for_each: {sql: "SELECT name FROM ctl_loop_src ORDER BY i"}
        sql:
          - "INSERT INTO ctl_loop VALUES ({{ loop.index | literal }}, {{ item.name | literal }})"
          - "SELECT 1 / (CASE WHEN {{ item.name | literal }} = 'c' AND to_regclass('ctl_loop_gate') IS NULL THEN 0 ELSE 1 END)"
        rollback:
          sql: "DELETE FROM ctl_loop WHERE name = {{ item.name | literal }}; INSERT INTO ctl_loop_undo (name) VALUES ({{ item.name | literal }} || {{ loop.index | literal }})"
)yaml";
    auto c = controller(yaml);
    QVERIFY(c);
    QStringList lines;
    QList<QList<qint64>> progress;
    connect(c.get(), &RunController::stepOutput, this, [&lines](int, const QString& line) { lines << line; });
    connect(c.get(), &RunController::stepProgress, this, [&progress](int index, qint64 done, qint64 total, const QString&) {
        progress << QList<qint64> { index, done, total };
    });
    QCOMPARE(runToEnd(*c), RunOutcome::Failed);
    QCOMPARE(appScalar(QStringLiteral("SELECT string_agg(n || name, ',' ORDER BY n) FROM ctl_loop")), QStringLiteral("1a,2b,3c"));
    const QString joined = lines.join(QLatin1Char('\n'));
    for (const char* expected : { "none: 0 rows: nothing to do", "words 1/2: x", "word=x 1/2", "word=y 2/2", "each 1/4: a", "each 3/4: c" })
        QVERIFY2(joined.contains(QLatin1String(expected)), qPrintable(expected + QStringLiteral(" in:\n") + joined));
    QVERIFY(progress.contains(QList<qint64> { 3, 2, 4 })); // iteration 3 of 4 running, 2 done
    QVERIFY(!progress.contains(QList<qint64> { 3, 3, 4 }));

    auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(journalOrder(*run), (QStringList { QStringLiteral("make=succeeded"), QStringLiteral("none=succeeded"), QStringLiteral("words=succeeded"),
                                     QStringLiteral("each=failed") }));
    QCOMPARE(run->steps[1].result.output, QStringLiteral("0 rows: nothing to do"));
    QVERIFY(run->steps[1].loopRows && run->steps[1].loopRows->isEmpty());
    QVERIFY(run->steps[0].loopRows == std::nullopt);
    const StepRecord& each = run->steps[3];
    QVERIFY(each.loopRows.has_value());
    QCOMPARE(each.loopRows->size(), 4);
    QCOMPARE(each.loopRows->at(3).value(QStringLiteral("name")), QStringLiteral("d"));
    QCOMPARE(each.iterations.size(), 3);
    QCOMPARE(each.iterations[0].outcome, StepOutcome::Succeeded);
    QCOMPARE(each.iterations[2].index, 3);
    QCOMPARE(each.iterations[2].outcome, StepOutcome::Failed);
    QCOMPARE(each.iterations[2].item.value(QStringLiteral("name")), QStringLiteral("c"));
    QVERIFY2(each.result.error.startsWith(QStringLiteral("iteration 3/4: c: ")), qPrintable(each.result.error));
    QCOMPARE(each.result.sqlstate, QStringLiteral("22012"));
    // The export knows the rows and each iteration.
    const QJsonObject exported = QJsonDocument::fromJson(RunExport::json(*run).toUtf8()).object();
    const QJsonObject eachExported = exported.value(QStringLiteral("steps")).toArray().at(3).toObject();
    QCOMPARE(eachExported.value(QStringLiteral("loop_rows")).toArray().size(), 4);
    QCOMPARE(eachExported.value(QStringLiteral("iterations")).toArray().at(2).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("failed"));

    // The failed iteration took effect in part; resumed, it runs again from its start, then 4.
    QCOMPARE(appScalar(QStringLiteral("DELETE FROM ctl_loop WHERE name = 'c'; CREATE TABLE ctl_loop_gate (); "
                                      "INSERT INTO ctl_loop_src VALUES (5, 'e'); SELECT 'ok'")),
        QStringLiteral("ok"));
    auto resumed = controller(yaml);
    QVERIFY(resumed);
    QStringList resumedLines;
    connect(resumed.get(), &RunController::stepOutput, this, [&resumedLines](int, const QString& line) { resumedLines << line; });
    QSignalSpy resumedDone(resumed.get(), &RunController::runFinished);
    QTimer::singleShot(0, resumed.get(), [&] { resumed->resume(run->run.id, InterruptedStepChoice::Refuse); });
    QVERIFY(resumedDone.wait(60000));
    QVERIFY2(resumedDone.first().at(0).value<RunOutcome>() == RunOutcome::Completed, qPrintable(resumedDone.first().at(1).toString()));
    QCOMPARE(appScalar(QStringLiteral("SELECT string_agg(n || name, ',' ORDER BY n) FROM ctl_loop")), QStringLiteral("1a,2b,3c,4d"));
    const QString resumedJoined = resumedLines.join(QLatin1Char('\n'));
    QVERIFY2(resumedJoined.contains(QStringLiteral("resuming the loop with the 4 row(s) journaled when it started (not asked again); 2 iteration(s) already done")),
        qPrintable(resumedJoined));
    QVERIFY(!resumedJoined.contains(QStringLiteral("each 1/4")) && !resumedJoined.contains(QStringLiteral("each 2/4")));
    run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(run->steps.size(), 5);
    QCOMPARE(run->steps[4].result.outcome, StepOutcome::Succeeded);
    QCOMPARE(run->steps[4].iterations.size(), 2);
    QCOMPARE(run->steps[4].iterations[0].index, 3);
    QCOMPARE(run->steps[4].iterations[1].index, 4);

    // Rolled back: each iteration undone with its own row, newest first, then the table.
    auto back = controller(yaml);
    QVERIFY(back);
    QStringList plan;
    connect(back.get(), &RunController::rollbackStarted, this, [&plan](const QStringList& lines) { plan = lines; });
    QSignalSpy backDone(back.get(), &RunController::runFinished);
    QTimer::singleShot(0, back.get(), [&] { back->rollbackFinishedRun(run->run.id); });
    QVERIFY(backDone.wait(60000));
    QVERIFY2(backDone.first().at(0).value<RunOutcome>() == RunOutcome::RolledBack, qPrintable(backDone.first().at(1).toString()));
    QCOMPARE(appScalar(QStringLiteral("SELECT string_agg(name, ',' ORDER BY id) FROM ctl_loop_undo")), QStringLiteral("d4,c3,b2,a1"));
    QCOMPARE(appScalar(QStringLiteral("SELECT to_regclass('ctl_loop') IS NULL")), QStringLiteral("t"));
    QVERIFY2(plan.value(0).startsWith(QStringLiteral("1. Undo: Copy each name (4/4: d)")), qPrintable(plan.join(QLatin1Char('\n'))));
    run = lastRun();
    QVERIFY(run.has_value());
    QList<int> undone;
    for (const StepRecord& s : run->steps)
        if (s.isRollback)
            undone << s.iteration;
    QCOMPARE(undone, (QList<int> { 4, 3, 2, 1, 0 }));
    QCOMPARE(appScalar(QStringLiteral("DROP TABLE ctl_loop_src, ctl_loop_undo, ctl_loop_gate; SELECT 'ok'")), QStringLiteral("ok"));

    // A column named like a secret is refused before anything runs or is journaled.
    auto secret = controller(R"yaml(runbook: secret rows
requires: {nodes: [old_primary]}
defaults: {on: old_primary}
phases:
  - name: One
    steps:
      - id: leaks
        for_each: {sql: "SELECT 'u' AS name, 'loopsecret-4Rt' AS password"}
        shell: "echo {{ item.name }}"
)yaml");
    QVERIFY(secret);
    QStringList secretLines;
    connect(secret.get(), &RunController::stepOutput, this, [&secretLines](int, const QString& line) { secretLines << line; });
    QCOMPARE(runToEnd(*secret), RunOutcome::Failed);
    QVERIFY2(!secretLines.join(QLatin1Char('\n')).contains(QStringLiteral("loopsecret-4Rt")), qPrintable(secretLines.join(QLatin1Char('\n'))));
    run = lastRun();
    QVERIFY(run.has_value());
    QVERIFY2(run->steps[0].result.error.startsWith(QStringLiteral("for_each: column 'password' looks secret")), qPrintable(run->steps[0].result.error));
    QVERIFY(run->steps[0].iterations.isEmpty() && !run->steps[0].loopRows);
    for (const QString& suffix : { QString(), QStringLiteral("-wal") })
        QVERIFY(!RunbookHarness::readFile(m_journal + suffix).contains("loopsecret-4Rt"));
}

QTEST_GUILESS_MAIN(TestRunController)
#include "tst_runcontroller.moc"
