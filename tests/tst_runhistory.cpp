// A journaled run read back for resume and rollback (RunHistory): each step counted once at its
// latest attempt, the rollback plan built from that truth (each undo at most once, newest first),
// where an earlier rollback got to, and the intent a switch cut short left behind.
#include "engine/runhistory.h"
#include "runbook/documentloader.h"

#include <QTest>

namespace {
const QByteArray kRunbook = R"yaml(runbook: history
requires: {nodes: [old_primary, read_replica], endpoints: [app]}
phases:
  - name: One
    steps:
      - id: one
        sql: SELECT 1
        on: old_primary
        rollback: {sql: SELECT -1, on: old_primary}
      - id: two
        sql: SELECT 2
        on: old_primary
        rollback: {sql: SELECT -2, on: old_primary}
      - id: away
        switch: {endpoint: app, to: read_replica}
      - id: three
        sql: SELECT 3
        on: old_primary
        rollback: {sql: SELECT -3, on: old_primary}
      - id: each
        for_each: {sql: "SELECT t FROM (VALUES ('a'), ('b'), ('c')) v(t)", on: old_primary}
        sql: SELECT {{ item.t | literal }}
        on: old_primary
        rollback:
          sql: SELECT {{ item.t | literal }}
          on: old_primary
)yaml";

Runbook runbook()
{
    return DocumentLoader::loadData(kRunbook, QStringLiteral("history.yaml")).runbook.value_or(Runbook {});
}

// "id=outcome" rows, "undo:id=outcome" for rollback rows, in journal order; "+intent"/"+unverified"
// give a switch row the inverse it would have recorded.
RunDetail detail(const QStringList& rows, const QStringList& events = {})
{
    RunDetail d;
    int seq = 0;
    for (QString row : rows) {
        StepRecord s;
        s.seq = ++seq;
        s.rowId = seq;
        s.isRollback = row.startsWith(QStringLiteral("undo:"));
        if (s.isRollback)
            row = row.mid(5);
        const bool intent = row.endsWith(QStringLiteral("+intent")) || row.endsWith(QStringLiteral("+unverified"));
        if (intent) {
            s.result.inverse = { { QStringLiteral("kind"), QStringLiteral("switch") }, { QStringLiteral("endpoint"), QStringLiteral("app") },
                { QStringLiteral("to"), QStringLiteral("db1") } };
            if (row.endsWith(QStringLiteral("+unverified")))
                s.result.inverse.insert(QStringLiteral("unverified"), true);
            row = row.section(QLatin1Char('+'), 0, 0);
        }
        s.stepId = row.section(QLatin1Char('='), 0, 0);
        s.kind = s.stepId == QLatin1String("away") ? QStringLiteral("switch") : QStringLiteral("sql");
        s.result.outcome = stepOutcomeFromName(row.section(QLatin1Char('='), 1));
        d.steps << s;
    }
    for (const QString& text : events) {
        JournalEvent e;
        e.text = text;
        d.events << e;
    }
    return d;
}

// A loop step's row: the rows of its query (one column, t) and its iterations' outcomes, in order.
StepRecord loopRecord(int seq, const QStringList& rows, const QStringList& iterations, StepOutcome outcome)
{
    StepRecord s;
    s.seq = seq;
    s.rowId = seq;
    s.stepId = QStringLiteral("each");
    s.kind = QStringLiteral("sql");
    s.result.outcome = outcome;
    QList<LoopRow> loopRows;
    for (const QString& t : rows)
        loopRows << LoopRow { { QStringLiteral("t"), t } };
    s.loopRows = loopRows;
    for (int i = 0; i < iterations.size(); ++i) {
        StepIteration it;
        it.index = i + 1;
        it.item = loopRows.value(i);
        it.outcome = stepOutcomeFromName(iterations[i]);
        s.iterations << it;
    }
    return s;
}

StepRecord undoIteration(int seq, int iteration, StepOutcome outcome)
{
    StepRecord s;
    s.seq = seq;
    s.rowId = seq;
    s.stepId = QStringLiteral("each");
    s.isRollback = true;
    s.iteration = iteration;
    s.result.outcome = outcome;
    return s;
}

QStringList entries(const RollbackPlan& plan)
{
    QStringList out;
    for (int i = 0; i < plan.entries.size(); ++i) {
        const RollbackEntry& e = plan.entries[i];
        out << (i < plan.alreadyDone ? QStringLiteral("done:") : QString()) + e.forStepId
                + (e.iteration ? QStringLiteral("#%1=%2").arg(e.iteration->index).arg(e.iteration->item.value(QStringLiteral("t"))) : QString())
                + (e.forPartialStep ? QStringLiteral(":partial") : QString());
    }
    return out;
}
} // namespace

class TestRunHistory : public QObject {
    Q_OBJECT
private slots:
    void plans_data();
    void plans();
    void resumeState_data();
    void resumeState();
    void loopIterationsAreUndoneOneByOne();
    void resumedLoopKeepsItsJournaledRows();
    void loopOverDifferentRowsStartsAgain();
    void retriedRollbackSkipsUndoneIterations();
};

void TestRunHistory::plans_data()
{
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QStringList>("expected"); // the rollback plan, newest first

    QTest::addRow("completed run") << QStringList { "one=succeeded", "two=succeeded", "away=succeeded+intent", "three=succeeded" }
                                   << QStringList { "three", "away", "two", "one" };
    // Defect 6: failed, then succeeded on resume: undone once, in its place in the newest-first order.
    QTest::addRow("failed then succeeded on resume") << QStringList { "one=succeeded", "two=failed", "two=succeeded", "away=succeeded+intent", "three=succeeded" }
                                                     << QStringList { "three", "away", "two", "one" };
    QTest::addRow("failed twice") << QStringList { "one=succeeded", "two=failed", "two=failed" } << QStringList { "two:partial", "one" };
    QTest::addRow("interrupted, rerun, succeeded") << QStringList { "one=succeeded", "two=interrupted", "two=succeeded", "three=succeeded" }
                                                   << QStringList { "three", "two", "one" };
    // A retried rollback goes on where it stopped: what was undone is done, never undone again.
    QTest::addRow("rollback retried") << QStringList { "one=succeeded", "two=succeeded", "three=failed", "undo:three=succeeded", "undo:two=failed" }
                                      << QStringList { "done:three:partial", "two", "one" };
    QTest::addRow("rollback interrupted") << QStringList { "one=succeeded", "two=succeeded", "undo:two=succeeded", "undo:one=interrupted" }
                                          << QStringList { "done:two", "one" };
    // Defect 2: a switch cut short left its intent: the way back points the endpoint back.
    QTest::addRow("switch interrupted") << QStringList { "one=succeeded", "two=succeeded", "away=interrupted+intent" }
                                        << QStringList { "away:partial", "two", "one" };
    // Defect 1: a failed switch that verified its way back recorded nothing; one that could not did.
    QTest::addRow("switch failed, verified back") << QStringList { "one=succeeded", "two=succeeded", "away=failed" } << QStringList { "two", "one" };
    QTest::addRow("switch failed, unverified") << QStringList { "one=succeeded", "two=succeeded", "away=cancelled+unverified" }
                                               << QStringList { "away:partial", "two", "one" };
}

void TestRunHistory::plans()
{
    QFETCH(QStringList, rows);
    QFETCH(QStringList, expected);
    const Runbook rb = runbook();
    QVERIFY(!rb.phases.isEmpty());
    const RollbackPlan plan = RunHistory::of(detail(rows)).rollbackPlan(rb);
    QVERIFY2(!plan.refused, qPrintable(plan.refusal));
    QCOMPARE(entries(plan), expected);
}

void TestRunHistory::resumeState_data()
{
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QStringList>("events");
    QTest::addColumn<QStringList>("completed");
    QTest::addColumn<QString>("interrupted");
    QTest::addColumn<bool>("rollingBack");

    QTest::addRow("killed mid-step") << QStringList { "one=succeeded", "two=interrupted" } << QStringList {} << QStringList { "one" }
                                     << QStringLiteral("two") << false;
    QTest::addRow("interrupted, then skipped") << QStringList { "one=succeeded", "two=interrupted", "two=skipped" } << QStringList {}
                                               << QStringList { "one", "two" } << QString() << false;
    QTest::addRow("failed, resumed, succeeded") << QStringList { "one=succeeded", "two=failed", "two=succeeded" } << QStringList {}
                                                << QStringList { "one", "two" } << QString() << false;
    // Defect 5: a run on its way back is known as such, by its undos or by its plan alone.
    QTest::addRow("rollback under way") << QStringList { "one=succeeded", "two=failed", "undo:two=interrupted" } << QStringList {}
                                        << QStringList { "one" } << QString() << true;
    QTest::addRow("rollback planned, killed before its first undo")
        << QStringList { "one=succeeded", "two=cancelled" } << QStringList { "rollback plan:\n1. Undo: two" } << QStringList { "one" } << QString() << true;
}

void TestRunHistory::resumeState()
{
    QFETCH(QStringList, rows);
    QFETCH(QStringList, events);
    QFETCH(QStringList, completed);
    QFETCH(QString, interrupted);
    QFETCH(bool, rollingBack);
    const RunHistory h = RunHistory::of(detail(rows, events));
    QStringList ids;
    for (const CompletedStep& s : h.completed())
        ids << s.stepId;
    QCOMPARE(ids, completed);
    QCOMPARE(h.interrupted, interrupted);
    QCOMPARE(h.rollingBack, rollingBack);
}

// A loop cut short at its third row: the two that completed are undone newest first, each with its
// own row, after the one that stopped part-way.
void TestRunHistory::loopIterationsAreUndoneOneByOne()
{
    RunDetail d = detail({ "one=succeeded" });
    d.steps << loopRecord(2, { "a", "b", "c" }, { "succeeded", "succeeded", "failed" }, StepOutcome::Failed);
    const RunHistory h = RunHistory::of(d);
    QVERIFY(!h.done.contains(QStringLiteral("each")));
    QCOMPARE(h.loops.value(QStringLiteral("each")).done, (QSet<int> { 1, 2 }));
    const RollbackPlan plan = h.rollbackPlan(runbook());
    QVERIFY2(!plan.refused, qPrintable(plan.refusal));
    QCOMPARE(entries(plan), (QStringList { "each#3=c:partial", "each#2=b", "each#1=a", "one" }));
    const LoopIteration third = h.loops.value(QStringLiteral("each")).iteration(3);
    QCOMPARE(third.count, 3);
    QCOMPARE(third.item.value(QStringLiteral("t")), QStringLiteral("c"));
}

// Resumed, the loop goes on over the rows its first attempt journaled: the iterations done in
// either attempt count, and the step is done once every row is.
void TestRunHistory::resumedLoopKeepsItsJournaledRows()
{
    RunDetail d = detail({ "one=succeeded" });
    d.steps << loopRecord(2, { "a", "b", "c" }, { "succeeded", "interrupted" }, StepOutcome::Interrupted);
    RunHistory h = RunHistory::of(d);
    QCOMPARE(h.interrupted, QStringLiteral("each"));
    QCOMPARE(h.loops.value(QStringLiteral("each")).done, (QSet<int> { 1 }));

    // The resumed attempt journals the same rows and runs iterations 2 and 3 only.
    StepRecord resumed = loopRecord(3, { "a", "b", "c" }, {}, StepOutcome::Succeeded);
    for (int index : { 2, 3 }) {
        StepIteration it;
        it.index = index;
        it.item = resumed.loopRows->value(index - 1);
        it.outcome = StepOutcome::Succeeded;
        resumed.iterations << it;
    }
    d.steps << resumed;
    h = RunHistory::of(d);
    QVERIFY(h.interrupted.isEmpty());
    QVERIFY(h.done.contains(QStringLiteral("each")));
    QCOMPARE(h.loops.value(QStringLiteral("each")).done, (QSet<int> { 1, 2, 3 }));
    QCOMPARE(entries(h.rollbackPlan(runbook())), (QStringList { "each#3=c", "each#2=b", "each#1=a", "one" }));
}

// An attempt whose query returned other rows is a new loop: what an earlier attempt did over other
// rows does not count as done for these.
void TestRunHistory::loopOverDifferentRowsStartsAgain()
{
    RunDetail d = detail({ "one=succeeded" });
    d.steps << loopRecord(2, { "a", "b" }, { "succeeded", "failed" }, StepOutcome::Failed);
    d.steps << loopRecord(3, { "x", "y", "z" }, { "succeeded" }, StepOutcome::Interrupted);
    const RunHistory h = RunHistory::of(d);
    QCOMPARE(h.loops.value(QStringLiteral("each")).rows.size(), 3);
    QCOMPARE(h.loops.value(QStringLiteral("each")).done, (QSet<int> { 1 }));
    QCOMPARE(entries(h.rollbackPlan(runbook())), (QStringList { "each#1=x", "one" }));
}

// A rollback that stopped part-way goes on where it stopped: the iterations already undone are done.
void TestRunHistory::retriedRollbackSkipsUndoneIterations()
{
    RunDetail d = detail({ "one=succeeded" });
    d.steps << loopRecord(2, { "a", "b", "c" }, { "succeeded", "succeeded", "succeeded" }, StepOutcome::Succeeded);
    d.steps << undoIteration(3, 3, StepOutcome::Succeeded);
    d.steps << undoIteration(4, 2, StepOutcome::Failed);
    const RunHistory h = RunHistory::of(d);
    QVERIFY(h.rollingBack);
    QVERIFY(h.undone.contains(RunHistory::undoKey(QStringLiteral("each"), 3)));
    QVERIFY(!h.undone.contains(RunHistory::undoKey(QStringLiteral("each"), 2)));
    QCOMPARE(entries(h.rollbackPlan(runbook())), (QStringList { "done:each#3=c", "each#2=b", "each#1=a", "one" }));
}

QTEST_GUILESS_MAIN(TestRunHistory)
#include "tst_runhistory.moc"
