// The console's engine: a RunController on an engine thread of its own, driven only through
// RunSession's posted calls, on the real sandbox. Step by step, pause, cancel a step (the run
// stays resumable), a failed step paused and retried, skip, a go/no-go gate journaling its
// evidence, the rollback preview while clients cannot write, rollback from a pause, closing a
// paused run and resuming it from a fresh session; `defaults.rollback` session settings on every
// connection a rollback opens.
#include "core/pgconnection.h"
#include "engine/runsession.h"
#include "journal/runjournal.h"
#include "sandboxfixture.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

class TestRunSession : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void controllerLivesOnItsOwnThread();
    void stepByStep();
    void cancelStepPausesAndSkipGoesOn();
    void cancelBetweenStepsStopsBeforeTheNext();
    void failedStepPausesAndIsRetried();
    void decisionGateJournalsItsEvidence();
    void previewKnowsWhenWritesComeBack();
    void rollbackFromAPause();
    void rollbackDefaultsReachEveryRollbackConnection();
    void closedWhilePausedThenResumed();
    void shutdownNeverWaitsOnTheCaller();

private:
    std::unique_ptr<RunSession> session(const QByteArray& yaml);
    bool waitFor(RunSession& s, RunState state, int timeoutMs = 30000);
    QString appScalar(const QString& sql);
    std::optional<RunDetail> run(const QString& id);

    SandboxFixture m_fixture { QStringLiteral("session") };
    QString m_journal;
    int m_files = 0;
};

void TestRunSession::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    SandboxOptions o;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(m_fixture.up(o, &error), qPrintable(error));
    m_journal = m_fixture.path(QStringLiteral("journal.sqlite"));
}

std::unique_ptr<RunSession> TestRunSession::session(const QByteArray& yaml)
{
    const QString path = m_fixture.path(QStringLiteral("runbook-%1.yaml").arg(++m_files));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return nullptr;
    // Every runbook here runs on db1 only.
    const qsizetype firstLine = yaml.indexOf('\n') + 1;
    f.write(yaml.left(firstLine) + "requires: {nodes: [db1]}\n" + yaml.mid(firstLine));
    f.close();
    const LoadedDocument rb = DocumentLoader::loadRunbook(path);
    for (const Diagnostic& d : rb.diagnostics)
        qWarning("%s", qPrintable(d.toString()));
    if (!rb.ok())
        return nullptr;
    RunOptions o;
    o.runbookPath = path;
    o.inventoryPath = m_fixture.sandbox().inventoryPath();
    o.journalPath = m_journal;
    o.pauseOnFailure = true;
    return std::make_unique<RunSession>(*rb.runbook, m_fixture.inventory(), o);
}

bool TestRunSession::waitFor(RunSession& s, RunState state, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (s.status().state != state && t.elapsed() < timeoutMs)
        QTest::qWait(20);
    return s.status().state == state;
}

QString TestRunSession::appScalar(const QString& sql)
{
    PgConnection c;
    if (!c.open(m_fixture.inventory().node(QStringLiteral("db1"))->conninfo))
        return QStringLiteral("connect failed: ") + c.lastError().message;
    const auto v = c.scalar(sql);
    return v ? *v : QStringLiteral("error %1: %2").arg(c.lastError().sqlstate, c.lastError().message);
}

std::optional<RunDetail> TestRunSession::run(const QString& id)
{
    RunJournal j;
    if (!j.open(m_journal))
        return std::nullopt;
    return j.run(id);
}

void TestRunSession::controllerLivesOnItsOwnThread()
{
    auto s = session("runbook: thread\nphases:\n  - name: One\n    steps:\n      - {id: one, sql: SELECT 1, on: db1}\n");
    QVERIFY(s);
    QVERIFY(s->controller()->thread() != QThread::currentThread());
    QSignalSpy expectations(s->controller(), &RunController::expectationsChanged);
    s->loadExpectations();
    QTRY_VERIFY_WITH_TIMEOUT(!expectations.isEmpty(), 10000);
    QCOMPARE(expectations.first().at(0).value<QList<qint64>>().size(), 1);
}

void TestRunSession::stepByStep()
{
    auto s = session(R"yaml(runbook: steps
phases:
  - name: One
    steps:
      - {id: a, sql: "CREATE TABLE sess_steps (n int)", on: db1, rollback: {sql: "DROP TABLE sess_steps", on: db1}}
      - {id: b, sql: "INSERT INTO sess_steps VALUES (1)", on: db1}
      - {id: c, sql: "INSERT INTO sess_steps VALUES (2)", on: db1}
)yaml");
    QVERIFY(s);
    QSignalSpy finishedSteps(s->controller(), &RunController::stepFinished);
    s->start(true); // Run one step
    QVERIFY(waitFor(*s, RunState::Paused));
    QCOMPARE(finishedSteps.size(), 1);
    QCOMPARE(s->status().currentIndex, 1);
    QCOMPARE(s->status().stepsDone, 1);
    QCOMPARE(appScalar("SELECT count(*) FROM sess_steps"), QStringLiteral("0"));
    s->runOneStep();
    QTRY_COMPARE_WITH_TIMEOUT(finishedSteps.size(), 2, 10000);
    QVERIFY(waitFor(*s, RunState::Paused));
    QCOMPARE(s->status().currentIndex, 2);
    QCOMPARE(appScalar("SELECT count(*) FROM sess_steps"), QStringLiteral("1"));
    s->continueRun();
    QVERIFY(waitFor(*s, RunState::Finished));
    QCOMPARE(s->status().outcome, RunOutcome::Completed);
    const auto detail = run(s->status().runId);
    QVERIFY(detail);
    QCOMPARE(detail->steps.size(), 3);
    int pauses = 0;
    for (const JournalEvent& e : detail->events)
        pauses += e.text.startsWith(QLatin1String("paused:")) ? 1 : 0;
    QCOMPARE(pauses, 2);
    appScalar("DROP TABLE sess_steps");
}

void TestRunSession::cancelStepPausesAndSkipGoesOn()
{
    auto s = session(R"yaml(runbook: cancel
phases:
  - name: One
    steps:
      - {id: sleepy, sql: "SELECT pg_sleep(60)", on: db1}
      - {id: after, sql: "SELECT 1", on: db1}
)yaml");
    QVERIFY(s);
    QSignalSpy started(s->controller(), &RunController::stepStarted);
    s->start();
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), 10000);
    QTest::qWait(200);
    QElapsedTimer t;
    t.start();
    s->cancelStep();
    QVERIFY(waitFor(*s, RunState::Paused, 5000));
    QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
    QVERIFY(s->status().reason.contains(QStringLiteral("cancelled by the operator")));
    QCOMPARE(s->status().currentIndex, 0); // the cancelled step is next: nothing was skipped silently
    s->skipStep(QStringLiteral("ana"));
    QTRY_COMPARE_WITH_TIMEOUT(s->status().currentIndex, 1, 5000);
    s->continueRun();
    QVERIFY(waitFor(*s, RunState::Finished));
    QCOMPARE(s->status().outcome, RunOutcome::Completed);
    const auto detail = run(s->status().runId);
    QVERIFY(detail);
    QStringList outcomes;
    for (const StepRecord& r : detail->steps)
        outcomes << r.stepId + QLatin1Char('=') + stepOutcomeName(r.result.outcome);
    QCOMPARE(outcomes, (QStringList { "sleepy=cancelled", "sleepy=skipped", "after=succeeded" }));
    QVERIFY(detail->steps[1].result.error.contains(QStringLiteral("skipped by ana")));
}

void TestRunSession::cancelBetweenStepsStopsBeforeTheNext()
{
    auto s = session("runbook: between\nphases:\n  - name: One\n    steps:\n      - {id: first, sql: SELECT 1, on: db1}\n");
    QVERIFY(s);
    // Both reach the engine thread before the first step is launched.
    s->start();
    s->cancelStep();
    QVERIFY(waitFor(*s, RunState::Paused));
    QCOMPARE(s->status().currentIndex, 0);
    QVERIFY2(s->status().reason.contains(QStringLiteral("before step first")), qPrintable(s->status().reason));
    const auto before = run(s->status().runId);
    QVERIFY(before);
    QVERIFY(before->steps.isEmpty()); // nothing ran
    s->continueRun();
    QVERIFY(waitFor(*s, RunState::Finished));
    QCOMPARE(s->status().outcome, RunOutcome::Completed);
}

void TestRunSession::failedStepPausesAndIsRetried()
{
    appScalar("ALTER DATABASE app RESET rbc.sess_ok");
    auto s = session(R"yaml(runbook: retry
phases:
  - name: One
    steps:
      - {id: check, sql: "SELECT 1 / coalesce(current_setting('rbc.sess_ok', true) = 'yes', false)::int", on: db1}
      - {id: after, sql: "SELECT 1", on: db1}
)yaml");
    QVERIFY(s);
    s->start();
    QVERIFY(waitFor(*s, RunState::Paused));
    QVERIFY2(s->status().reason.contains(QStringLiteral("check failed")), qPrintable(s->status().reason));
    QVERIFY2(s->status().reason.contains(QStringLiteral("22012")), qPrintable(s->status().reason));
    // The operator fixes the cause, then resumes: the failed step runs again.
    QCOMPARE(appScalar("ALTER DATABASE app SET rbc.sess_ok = 'yes'"), QString());
    QCOMPARE(appScalar("SELECT current_setting('rbc.sess_ok', true)"), QStringLiteral("yes"));
    s->continueRun();
    QVERIFY2(waitFor(*s, RunState::Finished), qPrintable(runStateName(s->status().state) + QLatin1Char(' ') + s->status().reason));
    QCOMPARE(s->status().outcome, RunOutcome::Completed);
    const auto detail = run(s->status().runId);
    QVERIFY(detail);
    QCOMPARE(detail->steps.size(), 3);
    QCOMPARE(detail->steps[0].result.outcome, StepOutcome::Failed);
    QCOMPARE(detail->steps[1].result.outcome, StepOutcome::Succeeded);
    QCOMPARE(detail->steps[1].stepId, QStringLiteral("check"));
    appScalar("ALTER DATABASE app RESET rbc.sess_ok");
}

void TestRunSession::decisionGateJournalsItsEvidence()
{
    auto s = session(R"yaml(runbook: decide
phases:
  - name: One
    steps:
      - {id: go-no-go, manual: "Is the application healthy?", decision: true}
      - {id: after, sql: "SELECT 1", on: db1}
)yaml");
    QVERIFY(s);
    QSignalSpy gate(s->controller(), &RunController::manualGateReached);
    s->start();
    QTRY_VERIFY_WITH_TIMEOUT(!gate.isEmpty(), 10000);
    QVERIFY(waitFor(*s, RunState::AtGate));
    s->confirmGate(0, QStringLiteral("ana"), QStringLiteral("writes unavailable 0.0 s\nreplication lag 0 B"));
    QVERIFY(waitFor(*s, RunState::Finished));
    const auto detail = run(s->status().runId);
    QVERIFY(detail);
    QString decision;
    for (const JournalEvent& e : detail->events)
        if (e.text.startsWith(QLatin1String("decision:")))
            decision = e.text;
    QCOMPARE(decision, QStringLiteral("decision: GO at 'go-no-go', confirmed by ana\nwrites unavailable 0.0 s\nreplication lag 0 B"));
}

void TestRunSession::previewKnowsWhenWritesComeBack()
{
    auto s = session(R"yaml(runbook: preview
phases:
  - name: One
    steps:
      - {id: prep, sql: "SELECT 1", on: db1, rollback: {sql: "SELECT 1", on: db1, expected: 2s}}
      - {id: freeze, sql: "SELECT 1", on: db1, downtime: writes-begin, rollback: {sql: "SELECT 1", on: db1, expected: 1500ms}}
      - {id: slow, sql: "SELECT pg_sleep(60)", on: db1, rollback: {sql: "SELECT 1", on: db1, expected: 500ms}}
      - {id: thaw, sql: "SELECT 1", on: db1, downtime: writes-end}
)yaml");
    QVERIFY(s);
    QSignalSpy started(s->controller(), &RunController::stepStarted);
    s->start();
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), 3, 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(s->rollbackPreview().entries.size() == 3, qPrintable(s->rollbackPreview().lines.join(QLatin1Char('\n'))), 5000);
    const RollbackPreview& p = s->rollbackPreview();
    QVERIFY(!p.refused);
    // Newest first: the running step's undo, then the freeze's (which gives writes back), then prep's.
    QCOMPARE(p.entries[0].forStepId, QStringLiteral("slow"));
    QVERIFY(p.entries[0].forPartialStep);
    QCOMPARE(p.entries[1].forStepId, QStringLiteral("freeze"));
    QCOMPARE(p.estimatedMs, 4000);
    QCOMPARE(p.writesRestoredAfterMs, std::optional<qint64>(2000));
    s->cancelRun();
    QVERIFY(waitFor(*s, RunState::Finished));
}

void TestRunSession::rollbackFromAPause()
{
    auto s = session(R"yaml(runbook: back
phases:
  - name: One
    steps:
      - {id: make, sql: "CREATE TABLE sess_back (n int)", on: db1, rollback: {sql: "DROP TABLE sess_back", on: db1}}
      - {id: more, sql: "SELECT 1", on: db1}
)yaml");
    QVERIFY(s);
    QSignalSpy planStarted(s->controller(), &RunController::rollbackPlanStarted);
    s->start(true);
    QVERIFY(waitFor(*s, RunState::Paused));
    QCOMPARE(appScalar("SELECT to_regclass('sess_back') IS NOT NULL"), QStringLiteral("t"));
    s->requestRollback(QStringLiteral("decision: NO-GO at 'more' by ana"));
    QVERIFY(waitFor(*s, RunState::Finished));
    QCOMPARE(s->status().outcome, RunOutcome::RolledBack);
    QCOMPARE(planStarted.size(), 1);
    QCOMPARE(planStarted.first().at(0).value<RollbackPreview>().entries.size(), 1);
    QCOMPARE(appScalar("SELECT to_regclass('sess_back') IS NULL"), QStringLiteral("t"));
    const auto detail = run(s->status().runId);
    QVERIFY(detail);
    QVERIFY(std::any_of(detail->events.cbegin(), detail->events.cend(), [](const JournalEvent& e) { return e.text == QLatin1String("decision: NO-GO at 'more' by ana"); }));
}

// `defaults: {rollback: {session: ...}}` on the connections of rollbacks only: each loop
// iteration's undo, and a rollback's retry on a new connection; the steps keep the read-only default.
void TestRunSession::rollbackDefaultsReachEveryRollbackConnection()
{
    auto s = session(R"yaml(runbook: rollback session
defaults:
  on: db1
  session: {default_transaction_read_only: "on"}
  rollback:
    session: {default_transaction_read_only: "off", application_name: rbc-undo}
    retries: 2
    retry_delay: 10ms
phases:
  - name: One
    defaults: {session: {application_name: rbc-step}}
    steps:
      - id: prep
        sql:
          - CREATE TABLE sess_undo (what text, app text, read_only text)
          - CREATE SEQUENCE sess_undo_seq
        session: ~
      - id: step-is-read-only
        check:
          sql: SELECT current_setting('default_transaction_read_only') = 'on' AND current_setting('application_name') = 'rbc-step'
          expect: true
      - id: each
        for_each: {sql: "SELECT g AS n FROM generate_series(1, 3) g"}
        sql: SELECT {{ item.n | literal }}
        rollback:
          sql: INSERT INTO sess_undo SELECT 'iteration ' || {{ item.n | literal }}, current_setting('application_name'), current_setting('default_transaction_read_only')
      - id: flaky-undo
        sql: SELECT 1
        rollback:
          idempotent: true
          sql:
            - SELECT CASE WHEN nextval('sess_undo_seq') = 1 THEN pg_terminate_backend(pg_backend_pid()) END
            - INSERT INTO sess_undo SELECT 'retried', current_setting('application_name'), current_setting('default_transaction_read_only')
      - id: fails
        sql: SELECT 1 / 0
        on_failure: rollback
)yaml");
    QVERIFY(s);
    s->start(false);
    QVERIFY(waitFor(*s, RunState::Finished));
    if (s->status().outcome != RunOutcome::RolledBack) {
        if (const auto detail = run(s->status().runId)) {
            for (const StepRecord& r : detail->steps)
                qWarning("%s%s attempt %d: %s", r.isRollback ? "undo " : "", qPrintable(r.stepId), r.attempt,
                    qPrintable(r.result.error));
            for (const JournalEvent& e : detail->events)
                qWarning("%s", qPrintable(e.text));
        }
    }
    QCOMPARE(s->status().outcome, RunOutcome::RolledBack);
    QCOMPARE(appScalar("SELECT string_agg(what || ' ' || app || ' ' || read_only, ', ' ORDER BY what) FROM sess_undo"),
        QStringLiteral(
            "iteration 1 rbc-undo off, iteration 2 rbc-undo off, iteration 3 rbc-undo off, retried rbc-undo off"));
    // The first attempt lost its connection (nextval 1); the retry's new connection had the
    // rollback's settings too (nextval refuses to run in a read-only transaction).
    QCOMPARE(appScalar("SELECT last_value FROM sess_undo_seq"), QStringLiteral("2"));
    appScalar("DROP TABLE sess_undo; DROP SEQUENCE sess_undo_seq");
}

void TestRunSession::closedWhilePausedThenResumed()
{
    const QByteArray yaml = R"yaml(runbook: reopen
phases:
  - name: One
    steps:
      - {id: first, sql: "SELECT 1", on: db1}
      - {id: second, sql: "SELECT 2", on: db1}
)yaml";
    QString id;
    {
        auto s = session(yaml);
        QVERIFY(s);
        s->start(true);
        QVERIFY(waitFor(*s, RunState::Paused));
        id = s->status().runId;
        s->closeRun(QStringLiteral("the console was closed"));
        QVERIFY(waitFor(*s, RunState::Finished));
        QCOMPARE(s->status().outcome, RunOutcome::Cancelled);
    }
    auto s = session(yaml);
    QVERIFY(s);
    QSignalSpy restored(s->controller(), &RunController::stepRestored);
    s->resume(id, InterruptedStepChoice::Refuse);
    QVERIFY(waitFor(*s, RunState::Finished));
    QCOMPARE(s->status().outcome, RunOutcome::Completed);
    QCOMPARE(restored.size(), 1); // the checklist learns that `first` had succeeded
    const auto detail = run(id);
    QVERIFY(detail);
    QCOMPARE(detail->steps.size(), 2);
    QCOMPARE(detail->run.outcome, RunOutcome::Completed);
}

void TestRunSession::shutdownNeverWaitsOnTheCaller()
{
    auto s = session("runbook: hang\nphases:\n  - name: One\n    steps:\n      - {id: hang, sql: \"SELECT pg_sleep(60)\", on: db1}\n");
    QVERIFY(s);
    QSignalSpy started(s->controller(), &RunController::stepStarted);
    s->start();
    QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), 10000);
    QSignalSpy down(s.get(), &RunSession::shutDown);
    QElapsedTimer t;
    t.start();
    s->shutdown();
    QVERIFY2(t.elapsed() < 50, qPrintable(QString::number(t.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(!down.isEmpty(), 10000); // the step was cancelled on the engine thread, which then ended
    QVERIFY(s->isShutDown());
}

QTEST_GUILESS_MAIN(TestRunSession)
#include "tst_runsession.moc"
