// The checklist model: phases and steps of a runbook, following a run's signals.
#include "engine/checklistmodel.h"
#include "runbook/documentloader.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestChecklistModel : public QObject {
    Q_OBJECT
private slots:
    void showsPhasesAndSteps();
    void followsTheRun();
    void showsALoopsProgress();
    void showsWhatAStepFound();
};

namespace {
std::unique_ptr<RunController> exampleController(const char* name = "hello.yaml")
{
    const LoadedDocument rb = DocumentLoader::loadRunbook(QStringLiteral(RBC_SOURCE_DIR "/runbooks/examples/") + QLatin1String(name));
    const LoadedDocument inv = DocumentLoader::loadInventory(QStringLiteral(RBC_TEST_DATA_DIR "/runbook/sandbox-inventory.yaml"));
    if (!rb.ok() || !inv.ok())
        return nullptr;
    return std::make_unique<RunController>(*rb.runbook, *inv.inventory, RunOptions {});
}
} // namespace

void TestChecklistModel::showsPhasesAndSteps()
{
    auto controller = exampleController();
    QVERIFY(controller);
    ChecklistModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.attach(controller.get());
    QCOMPARE(model.rowCount(), controller->runbook().phases.size());
    int steps = 0;
    for (int p = 0; p < model.rowCount(); ++p) {
        const QModelIndex phase = model.index(p, 0);
        QCOMPARE(phase.data().toString(), controller->runbook().phases[p].name);
        QCOMPARE(model.rowCount(phase), controller->runbook().phases[p].steps.size());
        steps += model.rowCount(phase);
    }
    QCOMPARE(steps, controller->steps().size());
    const QModelIndex first = model.index(0, 0, model.index(0, 0));
    QCOMPARE(first.data(ChecklistModel::StepIdRole).toString(), QStringLiteral("show-versions"));
    QCOMPARE(model.index(0, ChecklistModel::NodeColumn, model.index(0, 0)).data().toString(), QStringLiteral("db1, db2"));
    QCOMPARE(model.index(0, ChecklistModel::ExpectedColumn, model.index(0, 0)).data().toString(), QStringLiteral("1.0 s"));
    QVERIFY(model.remainingExpectedMs() > 0);
}

void TestChecklistModel::followsTheRun()
{
    auto controller = exampleController();
    QVERIFY(controller);
    ChecklistModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.attach(controller.get());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QModelIndex outcome = model.index(0, ChecklistModel::OutcomeColumn, model.index(0, 0));
    const qint64 before = model.remainingExpectedMs();
    emit controller->stepStarted(0, 50);
    QCOMPARE(outcome.data(ChecklistModel::OutcomeRole).toInt(), int(StepOutcome::Running));
    QTest::qWait(80);
    QVERIFY(outcome.data(ChecklistModel::OverrunRole).toBool()); // ran past its 50 ms budget
    emit controller->stepProgress(0, 3, 4, QStringLiteral("3/4 tables ready"));
    QCOMPARE(outcome.data().toString(), QStringLiteral("3/4 tables ready"));
    QCOMPARE(outcome.data(ChecklistModel::ProgressRole).toDouble(), 0.75);
    StepResult ok;
    ok.outcome = StepOutcome::Succeeded;
    emit controller->stepFinished(0, ok, 1234);
    QCOMPARE(outcome.data().toString(), QStringLiteral("succeeded"));
    // 1234 ms against a 50 ms budget: the elapsed time and the overrun, both exact.
    QCOMPARE(model.index(0, ChecklistModel::ElapsedColumn, model.index(0, 0)).data().toString(), QStringLiteral("1.2 s (+1.2 s)"));
    QVERIFY(model.remainingExpectedMs() < before);
    QVERIFY(changed.size() >= 3);
}

// A finished step's row says what it found (its last line, not a row count; or why it failed), to
// the mouse (tooltip) and to a screen reader (accessible description) alike; a rerun clears it.
void TestChecklistModel::showsWhatAStepFound()
{
    auto controller = exampleController();
    QVERIFY(controller);
    ChecklistModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.attach(controller.get());
    const QModelIndex outcome = model.index(0, ChecklistModel::OutcomeColumn, model.index(0, 0));
    emit controller->stepStarted(0, 1000);
    StepResult ok;
    ok.outcome = StepOutcome::Succeeded;
    ok.output = QStringLiteral("verified 17/17 tables: public.orders\n17 tables identical on both sides\n(1 row)\n");
    emit controller->stepFinished(0, ok, 10);
    QCOMPARE(outcome.data(ChecklistModel::ResultRole).toString(), QStringLiteral("17 tables identical on both sides"));
    QVERIFY2(outcome.data(Qt::ToolTipRole).toString().contains(QLatin1String("Result: 17 tables identical on both sides")),
        qPrintable(outcome.data(Qt::ToolTipRole).toString()));
    QCOMPARE(outcome.data(Qt::AccessibleDescriptionRole), outcome.data(Qt::ToolTipRole));

    emit controller->stepStarted(0, 1000);
    QCOMPARE(outcome.data(ChecklistModel::ResultRole).toString(), QString());
    StepResult failed;
    failed.outcome = StepOutcome::Failed;
    failed.error = QStringLiteral("public.orders differs: 1 row only on the source\nmore detail");
    failed.output = QStringLiteral("verified 3/17 tables");
    emit controller->stepFinished(0, failed, 10);
    QCOMPARE(outcome.data(ChecklistModel::ResultRole).toString(), QStringLiteral("public.orders differs: 1 row only on the source"));
    const QString tip = outcome.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(failed.error) && !tip.contains(QLatin1String("Result:")), qPrintable(tip));
}

// A loop step's row shows the iteration running (3/17 and its row), then how many ran.
void TestChecklistModel::showsALoopsProgress()
{
    auto controller = exampleController("loops.yaml");
    QVERIFY(controller);
    ChecklistModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.attach(controller.get());
    const QModelIndex loop = model.index(1, ChecklistModel::OutcomeColumn, model.index(0, 0));
    QCOMPARE(loop.data(ChecklistModel::StepIdRole).toString(), QStringLiteral("analyze-each-table"));
    emit controller->stepStarted(1, 0);
    emit controller->stepProgress(1, 2, 17, QStringLiteral("3/17: public.orders"));
    QCOMPARE(loop.data().toString(), QStringLiteral("3/17: public.orders"));
    QCOMPARE(loop.data(ChecklistModel::ProgressTextRole).toString(), QStringLiteral("3/17: public.orders"));
    StepResult failed;
    failed.outcome = StepOutcome::Failed;
    emit controller->stepFinished(1, failed, 10);
    QCOMPARE(loop.data().toString(), QStringLiteral("failed (2/17)"));
    // Resumed: the row starts over and shows the whole loop once it is done.
    emit controller->stepStarted(1, 0);
    emit controller->stepProgress(1, 17, 17, QString());
    StepResult ok;
    ok.outcome = StepOutcome::Succeeded;
    emit controller->stepFinished(1, ok, 10);
    QCOMPARE(loop.data().toString(), QStringLiteral("succeeded (17/17)"));
    // Zero rows: no progress at all, nothing to do.
    const QModelIndex checks = model.index(0, ChecklistModel::OutcomeColumn, model.index(1, 0));
    emit controller->stepStarted(2, 0);
    emit controller->stepFinished(2, ok, 10);
    QCOMPARE(checks.data().toString(), QStringLiteral("succeeded (0 rows: nothing to do)"));
    // A step that is not a loop shows its outcome alone.
    const QModelIndex plain = model.index(0, ChecklistModel::OutcomeColumn, model.index(0, 0));
    emit controller->stepStarted(0, 0);
    emit controller->stepProgress(0, 1, 2, QString());
    emit controller->stepFinished(0, ok, 10);
    QCOMPARE(plain.data().toString(), QStringLiteral("succeeded"));
}

QTEST_GUILESS_MAIN(TestChecklistModel)
#include "tst_checklistmodel.moc"
