// The runs table for the GUI, checked by QAbstractItemModelTester through refreshes and resets.
#include "journal/runjournal.h"
#include "journal/runsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {
RunSummary summary(const QString& id, RunOutcome outcome, qint64 durationMs = -1)
{
    RunSummary r;
    r.id = id;
    r.label = QStringLiteral("rehearsal");
    r.runbookName = QStringLiteral("runbook of %1").arg(id);
    r.cluster = QStringLiteral("sandbox");
    r.startedAt = QDateTime(QDate(2026, 11, 22), QTime(11, 45, 12), Qt::UTC);
    if (durationMs >= 0)
        r.endedAt = r.startedAt.addMSecs(durationMs);
    r.outcome = outcome;
    return r;
}
} // namespace

class TstRunsModel : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void refreshesKeepRowsWherePossible()
    {
        RunsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(RunsModel::ColumnCount));

        model.setRuns({ summary(QStringLiteral("b"), RunOutcome::Running),
            summary(QStringLiteral("a"), RunOutcome::Completed, 123000) });
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, RunsModel::DurationColumn).data().toString(), QStringLiteral("running"));
        QCOMPARE(model.index(1, RunsModel::DurationColumn).data().toString(), QStringLiteral("2m 03s"));
        QCOMPARE(model.index(1, RunsModel::OutcomeColumn).data().toString(), QStringLiteral("completed"));
        QCOMPARE(model.index(1, RunsModel::IdColumn).data(RunsModel::RunIdRole).toString(), QStringLiteral("a"));
        QCOMPARE(model.index(1, RunsModel::DurationColumn).data(RunsModel::SortRole).toLongLong(), 123000);
        QCOMPARE(model.headerData(RunsModel::StartedColumn, Qt::Horizontal).toString(), QStringLiteral("Started"));

        // A new run on top and an update below: inserted and changed, not reset.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.setRuns(
            { summary(QStringLiteral("c"), RunOutcome::Running), summary(QStringLiteral("b"), RunOutcome::Failed, 5000),
                summary(QStringLiteral("a"), RunOutcome::Completed, 123000) });
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.rowOf(QStringLiteral("b")), 1);
        QCOMPARE(model.index(1, RunsModel::OutcomeColumn).data().toString(), QStringLiteral("failed"));
        QCOMPARE(model.runAt(2)->id, QStringLiteral("a"));
        QVERIFY(!model.runAt(3));

        // Anything else (runs deleted, another journal) resets.
        model.setRuns({ summary(QStringLiteral("x"), RunOutcome::Interrupted, 10) });
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 1);
        model.setRuns({});
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.index(0, 0).isValid());
    }

    void reloadsFromAJournal()
    {
        QTemporaryDir dir;
        RunJournal journal;
        QVERIFY(journal.open(dir.filePath(QStringLiteral("journal.sqlite"))));
        RunsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(model.reload(journal));
        QCOMPARE(model.rowCount(), 0);
        RunStart start;
        start.runbookName = QStringLiteral("Move a database with logical replication");
        start.cluster = QStringLiteral("sandbox");
        const QString first = journal.beginRun(start);
        QVERIFY(model.reload(journal));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, RunsModel::OutcomeColumn).data().toString(), QStringLiteral("running"));
        journal.endRun(first, RunOutcome::Completed);
        const QString second = journal.beginRun(start);
        QVERIFY(model.reload(journal));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, RunsModel::IdColumn).data().toString(), second);
        QCOMPARE(model.index(1, RunsModel::OutcomeColumn).data().toString(), QStringLiteral("completed"));
        QCOMPARE(model.index(1, RunsModel::RunbookColumn).data().toString(), start.runbookName);

        RunJournal closed;
        QVERIFY(!model.reload(closed));
        QCOMPARE(model.rowCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TstRunsModel)
#include "tst_runsmodel.moc"
