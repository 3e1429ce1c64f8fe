// Rollback plans: newest first, a step's own rollback or a switch's recorded inverse, refusal past
// a point of no return unless a lossless way back is declared (and only until it ends).
#include "engine/rollbackplan.h"
#include "runbook/documentloader.h"
#include "runbook/runbookvalidator.h"

#include <QTest>

namespace {
const QByteArray kRunbook = R"yaml(runbook: plan
requires: {nodes: [old_primary, read_replica], endpoints: [app]}
LOSSLESS
phases:
  - name: One
    steps:
      - id: make
        sql: CREATE TABLE t (id int)
        on: old_primary
        rollback: {sql: DROP TABLE t, on: old_primary}
      - id: away
        switch: {endpoint: app, to: read_replica}
      - id: gate
        manual: Look.
      - id: note
        sql: SELECT 1
        on: old_primary
      - id: ponr
        sql: SELECT 2
        on: old_primary
        point_of_no_return: true
      - id: final
        manual: Keep it.
)yaml";

Runbook load(const QByteArray& lossless)
{
    QByteArray text = kRunbook;
    text.replace("LOSSLESS", lossless);
    const LoadedDocument d = DocumentLoader::loadData(text, QStringLiteral("plan.yaml"));
    return d.runbook.value_or(Runbook {});
}

QJsonObject inverseTo(const QString& node)
{
    return { { QStringLiteral("kind"), QStringLiteral("switch") }, { QStringLiteral("endpoint"), QStringLiteral("app") }, { QStringLiteral("to"), node } };
}

QStringList describeEntries(const RollbackPlan& plan)
{
    QStringList out;
    for (const RollbackEntry& e : plan.entries)
        out << e.forStepId + QLatin1Char(':') + e.source + (e.forPartialStep ? QStringLiteral(":partial") : QString());
    return out;
}
} // namespace

class TestRollbackPlan : public QObject {
    Q_OBJECT
private slots:
    void newestFirstWithRecordedInverse();
    void hostsInverseRestoresEachName();
    void failedStepIsUndoneToo();
    void refusedPastThePointOfNoReturn();
    void losslessWayBackUntilItEnds();
    void untilMustNameAStep();
};

void TestRollbackPlan::newestFirstWithRecordedInverse()
{
    const Runbook rb = load("lossless_rollback: false");
    QVERIFY(!rb.phases.isEmpty());
    const RollbackPlan plan = RollbackPlan::compute(rb, { { QStringLiteral("make"), true, {} }, { QStringLiteral("away"), true, inverseTo(QStringLiteral("db1")) },
                                                            { QStringLiteral("gate"), true, {} }, { QStringLiteral("note"), true, {} } });
    QVERIFY(!plan.refused);
    QCOMPARE(describeEntries(plan), (QStringList { QStringLiteral("away:inverse"), QStringLiteral("make:rollback") }));
    QCOMPARE(plan.entries[0].step->kind, StepKind::Switch);
    QCOMPARE(plan.entries[0].step->switchTo.to, QStringLiteral("db1"));
    QCOMPARE(plan.withoutRollback, QStringList { QStringLiteral("note") }); // nothing to undo, said so
    QVERIFY(plan.dataLoss.contains(QStringLiteral("no acknowledged write is lost")));
    QVERIFY(plan.describe().join(QLatin1Char('\n')).contains(QStringLiteral("Point app back at db1")));
}

void TestRollbackPlan::hostsInverseRestoresEachName()
{
    // A hosts switch moved two names that pointed at different nodes: back, each goes where it was.
    const Runbook rb = load("lossless_rollback: false");
    QJsonObject inverse = inverseTo(QStringLiteral("db1"));
    inverse.insert(QStringLiteral("addresses"), QJsonObject { { QStringLiteral("db.internal"), QStringLiteral("10.0.0.1") },
                                                    { QStringLiteral("db-ro.internal"), QStringLiteral("10.0.0.2") } });
    const RollbackPlan plan = RollbackPlan::compute(rb, { { QStringLiteral("away"), true, inverse } });
    QCOMPARE(describeEntries(plan), QStringList { QStringLiteral("away:inverse") });
    const QMap<QString, QString> restore = plan.entries[0].step->switchTo.restoreAddresses;
    QCOMPARE(restore.value(QStringLiteral("db.internal")), QStringLiteral("10.0.0.1"));
    QCOMPARE(restore.value(QStringLiteral("db-ro.internal")), QStringLiteral("10.0.0.2"));
}

void TestRollbackPlan::failedStepIsUndoneToo()
{
    const Runbook rb = load("lossless_rollback: false");
    const RollbackPlan plan = RollbackPlan::compute(rb, { { QStringLiteral("make"), false, {} } });
    QCOMPARE(describeEntries(plan), QStringList { QStringLiteral("make:rollback:partial") });
    // A switch that failed restored the old route itself: nothing to undo for it.
    const RollbackPlan plan2 = RollbackPlan::compute(rb, { { QStringLiteral("make"), true, {} }, { QStringLiteral("away"), false, {} } });
    QCOMPARE(describeEntries(plan2), QStringList { QStringLiteral("make:rollback") });
}

void TestRollbackPlan::refusedPastThePointOfNoReturn()
{
    const Runbook rb = load("lossless_rollback: false");
    const RollbackPlan plan = RollbackPlan::compute(rb, { { QStringLiteral("make"), true, {} }, { QStringLiteral("ponr"), true, {} } });
    QVERIFY(plan.refused);
    QVERIFY(plan.refusal.contains(QStringLiteral("'ponr' is a point of no return")));
    QVERIFY(plan.describe().first().startsWith(QStringLiteral("Rollback refused")));
}

void TestRollbackPlan::losslessWayBackUntilItEnds()
{
    const Runbook rb = load("lossless_rollback: {description: reverse replication, until: final}");
    QVERIFY(rb.losslessRollback.declared);
    QCOMPARE(rb.losslessRollback.until, QStringLiteral("final"));
    const QList<CompletedStep> pastPonr { { QStringLiteral("make"), true, {} }, { QStringLiteral("ponr"), true, {} } };
    const RollbackPlan allowed = RollbackPlan::compute(rb, pastPonr);
    QVERIFY(!allowed.refused);
    QCOMPARE(allowed.dataLoss, QStringLiteral("reverse replication"));
    const RollbackPlan ended = RollbackPlan::compute(rb, pastPonr + QList<CompletedStep> { { QStringLiteral("final"), true, {} } });
    QVERIFY(ended.refused);
    QVERIFY2(ended.refusal.contains(QStringLiteral("'final' has run")), qPrintable(ended.refusal));
}

void TestRollbackPlan::untilMustNameAStep()
{
    const Runbook rb = load("lossless_rollback: {description: x, until: no-such-step}");
    const Diagnostics d = RunbookValidator::validate(rb);
    QCOMPARE(d.size(), 1);
    QCOMPARE(d.first().toString(), QStringLiteral("plan.yaml:3:44: lossless_rollback.until names no step: 'no-such-step'"));
    const LoadedDocument bad = DocumentLoader::loadData(QByteArray(kRunbook).replace("LOSSLESS", "lossless_rollback: {descripton: x}"), QStringLiteral("plan.yaml"));
    QVERIFY(!bad.ok());
    QVERIFY2(bad.diagnostics.first().message.contains(QStringLiteral("did you mean 'description'")), qPrintable(bad.diagnostics.first().toString()));
}

QTEST_GUILESS_MAIN(TestRollbackPlan)
#include "tst_rollbackplan.moc"
