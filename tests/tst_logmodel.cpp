// The console's log model: lines in order, stderr flagged, bounded with the drop counted,
// copyable as text.
#include "engine/logmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

class TestLogModel : public QObject {
    Q_OBJECT
private slots:
    void appendsAndFlagsStderr();
    void boundedDropsTheOldest();
    void hugeBatchKeepsItsTail();
    void copiesRowsAsText();
    void outcomesReadAsWords();
};

namespace {
QList<LogLine> lines(int from, int count, bool stderrToo = false)
{
    QList<LogLine> out;
    for (int i = from; i < from + count; ++i) {
        LogLine l;
        l.at = QDateTime::currentDateTimeUtc();
        l.stepIndex = 0;
        l.stepId = QStringLiteral("copy-data");
        l.node = QStringLiteral("db1");
        l.text = QStringLiteral("line %1").arg(i);
        l.isStderr = stderrToo && i % 2;
        out << l;
    }
    return out;
}
} // namespace

void TestLogModel::appendsAndFlagsStderr()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(lines(0, 4, true));
    model.appendEvent(QStringLiteral("copy-data succeeded after 1.0 s"));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(0, LogModel::TextColumn).data().toString(), QStringLiteral("line 0"));
    QCOMPARE(model.index(1, LogModel::TextColumn).data().toString(), QStringLiteral("stderr: line 1"));
    QVERIFY(model.index(1, 0).data(LogModel::IsStderrRole).toBool());
    QVERIFY(!model.index(2, 0).data(LogModel::IsStderrRole).toBool());
    QCOMPARE(model.index(0, LogModel::StepColumn).data().toString(), QStringLiteral("copy-data"));
    QCOMPARE(model.index(0, LogModel::NodeColumn).data().toString(), QStringLiteral("db1"));
    QVERIFY(model.index(4, 0).data(LogModel::IsEventRole).toBool());
}

void TestLogModel::boundedDropsTheOldest()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(1000);
    QSignalSpy dropped(&model, &LogModel::droppedLinesChanged);
    for (int batch = 0; batch < 30; ++batch)
        model.append(lines(batch * 100, 100));
    QVERIFY(model.rowCount() <= 1000);
    QCOMPARE(model.droppedLines() + model.rowCount(), 3000);
    QVERIFY(!dropped.isEmpty());
    // The newest line is always kept, and lines stay in order.
    QCOMPARE(model.index(model.rowCount() - 1, LogModel::TextColumn).data().toString(), QStringLiteral("line 2999"));
    const int first = model.index(0, LogModel::TextColumn).data().toString().mid(5).toInt();
    QCOMPARE(first, int(model.droppedLines()));
}

void TestLogModel::hugeBatchKeepsItsTail()
{
    LogModel model;
    model.setCapacity(500);
    model.append(lines(0, 2000));
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(model.droppedLines(), 1500);
    QCOMPARE(model.index(0, LogModel::TextColumn).data().toString(), QStringLiteral("line 1500"));
}

void TestLogModel::copiesRowsAsText()
{
    LogModel model;
    model.append(lines(0, 3));
    const QString text = model.text({ 0, 2 });
    QCOMPARE(text.count(QLatin1Char('\n')), 1);
    QVERIFY(text.contains(QStringLiteral("copy-data\tdb1\tline 0")));
    QVERIFY(text.endsWith(QStringLiteral("line 2")));
}

// What the reader sees says what happened in words, never the journal's stored names ("timed-out").
void TestLogModel::outcomesReadAsWords()
{
    QCOMPARE(stepOutcomeText(StepOutcome::TimedOut), QStringLiteral("timed out"));
    QCOMPARE(stepOutcomeWords(StepOutcome::TimedOut), QStringLiteral("timed out"));
    QCOMPARE(runOutcomeText(RunOutcome::RolledBack), QStringLiteral("was rolled back"));
    QCOMPARE(runOutcomeWords(RunOutcome::RolledBack), QStringLiteral("was rolled back"));
    for (int o = int(StepOutcome::Pending); o <= int(StepOutcome::Skipped); ++o) {
        const auto outcome = StepOutcome(o);
        for (const QString& words : { stepOutcomeText(outcome), stepOutcomeWords(outcome) })
            QVERIFY2(!words.isEmpty() && !words.contains(QLatin1Char('-')), qPrintable(stepOutcomeName(outcome) + QStringLiteral(": ") + words));
    }
}

QTEST_GUILESS_MAIN(TestLogModel)
#include "tst_logmodel.moc"
