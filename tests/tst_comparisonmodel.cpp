// The side-by-side table: steps then totals, one column per run, deltas against the median, each
// run's slowest step flagged, the planned time from the forecast; checked by QAbstractItemModelTester.
#include "report/comparisonmodel.h"
#include "syntheticruns.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

namespace {
const QDateTime kDay(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);

RunDetail run(int day, const QList<std::pair<QString, qint64>>& steps)
{
    SyntheticRun r;
    r.id = QStringLiteral("run-%1").arg(day);
    r.startedAt = kDay.addDays(day);
    for (const auto& [id, ms] : steps)
        r.steps << SyntheticStep { QStringLiteral("P"), id, ms };
    return syntheticDetail(r);
}
} // namespace

class TstComparisonModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void slowestStepsAndDeltas()
    {
        const QString a = QStringLiteral("a"), b = QStringLiteral("b");
        const RunComparison comparison({ run(1, { { a, 1000 }, { b, 3000 } }), run(2, { { a, 4000 }, { b, 2000 } }),
            run(3, { { a, 1500 }, { b, 2500 } }) });
        // The slowest step of each run, and never a total.
        QCOMPARE(comparison.slowestStep(0), 1);
        QCOMPARE(comparison.slowestStep(1), 0);
        QCOMPARE(comparison.slowestStep(2), 1);
        QVERIFY(!comparison.totals().first().slowest.contains(true));

        ComparisonModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), 0);

        ForecastPlan plan = ForecastPlan::fromRun(comparison.runs().first());
        plan.steps[1].budgetMs = 9000;
        const Forecast forecast = Forecast::compute(plan, { run(0, { { a, 1200 } }) });
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setComparison(comparison, forecast);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.runCount(), 3);
        QCOMPARE(model.columnCount(), ComparisonModel::FirstRunColumn + 3 + 1);
        QCOMPARE(model.rowCount(), 2 + 3); // two steps; wall time, sum of steps, manual gates
        QCOMPARE(model.headerData(ComparisonModel::FirstRunColumn + 1, Qt::Horizontal).toString(), QStringLiteral("run-2"));
        QCOMPARE(model.headerData(model.medianColumn(), Qt::Horizontal).toString(), QStringLiteral("Median"));

        const QModelIndex aInRun2 = model.index(0, ComparisonModel::FirstRunColumn + 1);
        QCOMPARE(aInRun2.data().toString(), QStringLiteral("4.000 s (+2.5 s)"));
        QCOMPARE(aInRun2.data(ComparisonModel::ValueMsRole).toLongLong(), 4000);
        QCOMPARE(aInRun2.data(ComparisonModel::DifferenceMsRole).toLongLong(), 2500);
        QVERIFY(aInRun2.data(ComparisonModel::SlowestRole).toBool());
        QVERIFY(aInRun2.data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(aInRun2.data(Qt::BackgroundRole).isValid());
        QVERIFY(!model.index(0, ComparisonModel::FirstRunColumn).data(ComparisonModel::SlowestRole).toBool());
        QVERIFY(!model.index(0, ComparisonModel::FirstRunColumn).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model.index(0, model.medianColumn()).data().toString(), QStringLiteral("1.500 s"));

        // Planned: the forecast's median for a, the runbook's budget for b (never rehearsed).
        QCOMPARE(model.index(0, ComparisonModel::PlannedColumn).data().toString(), QStringLiteral("1.200 s"));
        QCOMPARE(model.index(1, ComparisonModel::PlannedColumn).data().toString(), QStringLiteral("9.000 s"));
        QCOMPARE(model.index(2, ComparisonModel::StepColumn).data().toString(), QStringLiteral("Wall time"));
        QVERIFY(model.index(2, 0).data(ComparisonModel::IsTotalRole).toBool());
        QVERIFY(!model.index(1, 0).data(ComparisonModel::IsTotalRole).toBool());

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.setComparison(RunComparison({ run(4, { { a, 10 } }) }));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(0, ComparisonModel::FirstRunColumn).data().toString(), QStringLiteral("0.010 s"));
        QCOMPARE(model.index(0, ComparisonModel::PlannedColumn).data().toString(), QString());
    }
};

QTEST_GUILESS_MAIN(TstComparisonModel)
#include "tst_comparisonmodel.moc"
