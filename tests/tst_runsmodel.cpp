// The runs table for the GUI and its filter, checked by QAbstractItemModelTester through refreshes,
// resets and filter changes; measured downtime read from a real journal.
#include "journal/runjournal.h"
#include "journal/runsfiltermodel.h"
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
        QCOMPARE(model.headerData(RunsModel::OperatorColumn, Qt::Horizontal).toString(), QStringLiteral("Operator"));
        QCOMPARE(model.headerData(RunsModel::DowntimeColumn, Qt::Horizontal).toString(),
            QStringLiteral("Measured downtime"));
        QCOMPARE(model.index(1, RunsModel::DowntimeColumn).data().toString(), QString()); // no probe ran
        QCOMPARE(model.index(1, RunsModel::DowntimeColumn).data(RunsModel::SortRole).toLongLong(), -1);

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

        // A run the traffic probe measured: its windows summed, writes then reads.
        start.user = QStringLiteral("ana");
        const QString probed = journal.beginRun(start);
        journal.addEvent(probed, QStringLiteral("traffic probe: writing and reading through app every 50 ms"));
        for (const auto& [kind, ms] : { std::pair(QStringLiteral("writes"), 850), std::pair(QStringLiteral("writes"), 150),
                 std::pair(QStringLiteral("reads"), 120) }) {
            const qint64 row = journal.openWindow(probed, kind, QStringLiteral("probe"));
            QVERIFY(journal.closeWindow(row, ms));
        }
        journal.openWindow(probed, QStringLiteral("writes"), QStringLiteral("runbook-marker")); // planned, not measured
        journal.endRun(probed, RunOutcome::Completed);
        // Probed and clean: "none", not blank.
        const QString clean = journal.beginRun(start);
        journal.addEvent(clean, QStringLiteral("traffic probe: writing and reading through app every 50 ms"));
        journal.endRun(clean, RunOutcome::Completed);
        QVERIFY(model.reload(journal));
        QCOMPARE(model.rowOf(clean), 0);
        QCOMPARE(model.index(0, RunsModel::DowntimeColumn).data().toString(), QStringLiteral("none"));
        QCOMPARE(model.index(1, RunsModel::DowntimeColumn).data().toString(),
            QStringLiteral("writes 1.000 s, reads 0.120 s"));
        QCOMPARE(model.index(1, RunsModel::DowntimeColumn).data(RunsModel::SortRole).toLongLong(), 1120);
        QCOMPARE(model.index(1, RunsModel::OperatorColumn).data().toString(), QStringLiteral("ana"));
        QCOMPARE(model.runAt(1)->measuredWritesDownMs, std::optional<qint64>(1000));
        QCOMPARE(model.index(2, RunsModel::DowntimeColumn).data().toString(), QString());
        const auto detail = journal.run(probed);
        QVERIFY(detail);
        QCOMPARE(detail->run.measuredReadsDownMs, std::optional<qint64>(120));
    }

    void filtersAndSorts()
    {
        RunsModel model;
        QList<RunSummary> runs;
        const auto add = [&runs](const QString& id, RunOutcome outcome, const QString& label, const QString& user,
                             qint64 durationMs, std::optional<qint64> writesDown) {
            RunSummary r = summary(id, outcome, durationMs);
            r.label = label;
            r.user = user;
            r.measuredWritesDownMs = writesDown;
            if (writesDown)
                r.measuredReadsDownMs = 0;
            runs << r;
        };
        add(QStringLiteral("r1"), RunOutcome::Completed, QStringLiteral("rehearsal"), QStringLiteral("ana"), 60000, 900);
        add(QStringLiteral("r2"), RunOutcome::Failed, QStringLiteral("rehearsal"), QStringLiteral("bob"), 5000, std::nullopt);
        add(QStringLiteral("p1"), RunOutcome::Completed, QStringLiteral("production"), QStringLiteral("ana"), 90000, 3000);
        add(QStringLiteral("r3"), RunOutcome::Running, QStringLiteral("rehearsal"), QStringLiteral("cleo"), -1, 0);
        model.setRuns(runs);
        QCOMPARE(model.labels(), QStringList({ QStringLiteral("production"), QStringLiteral("rehearsal") }));

        RunsFilterModel filter;
        filter.setRunsModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto shown = [&filter] {
            QStringList ids;
            for (int r = 0; r < filter.rowCount(); ++r)
                ids << filter.index(r, RunsModel::IdColumn).data().toString();
            return ids;
        };
        QCOMPARE(filter.rowCount(), 4);
        filter.setOutcome(QStringLiteral("completed"));
        QCOMPARE(shown(), QStringList({ QStringLiteral("r1"), QStringLiteral("p1") }));
        filter.setLabel(QStringLiteral("production"));
        QCOMPARE(shown(), QStringList { QStringLiteral("p1") });
        filter.setOutcome({});
        filter.setLabel({});
        filter.setText(QStringLiteral("ANA"));
        QCOMPARE(shown(), QStringList({ QStringLiteral("r1"), QStringLiteral("p1") }));
        filter.setText({});
        filter.setMinDurationMs(30000);
        QCOMPARE(shown(), QStringList({ QStringLiteral("r1"), QStringLiteral("p1") })); // r3 is still running
        filter.setMinDurationMs(0);
        filter.setMinDowntimeMs(1000);
        QCOMPARE(shown(), QStringList { QStringLiteral("p1") });
        filter.setMinDowntimeMs(0);

        // Sorting uses the sort role: durations as numbers, not as text.
        filter.sort(RunsModel::DurationColumn, Qt::DescendingOrder);
        QCOMPARE(shown(), QStringList({ QStringLiteral("p1"), QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("r3") }));
        filter.sort(RunsModel::DowntimeColumn, Qt::AscendingOrder);
        QCOMPARE(shown().first(), QStringLiteral("r2")); // not measured sorts first
        QCOMPARE(shown().last(), QStringLiteral("p1"));
        filter.sort(RunsModel::OperatorColumn, Qt::AscendingOrder);
        QCOMPARE(shown().last(), QStringLiteral("r3"));

        // A refresh that adds a run keeps the filter.
        filter.setOutcome(QStringLiteral("failed"));
        add(QStringLiteral("r4"), RunOutcome::Failed, QStringLiteral("rehearsal"), QStringLiteral("dan"), 1000, std::nullopt);
        std::rotate(runs.rbegin(), runs.rbegin() + 1, runs.rend()); // newest first
        model.setRuns(runs);
        QCOMPARE(filter.rowCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TstRunsModel)
#include "tst_runsmodel.moc"
