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

QStringList entries(const RollbackPlan& plan)
{
    QStringList out;
    for (int i = 0; i < plan.entries.size(); ++i)
        out << (i < plan.alreadyDone ? QStringLiteral("done:") : QString()) + plan.entries[i].forStepId
                + (plan.entries[i].forPartialStep ? QStringLiteral(":partial") : QString());
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

QTEST_GUILESS_MAIN(TestRunHistory)
#include "tst_runhistory.moc"
