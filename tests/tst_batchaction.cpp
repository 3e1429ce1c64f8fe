// BatchAction on a real sandbox primary: chunked deletes until 0 rows with cumulative progress, a
// backfill with (done, total) progress, the max_iterations guard, errors and cancel.
#include "core/pgconnection.h"
#include "engine/batchaction.h"
#include "actionharness.h"
#include "sandbox/sandbox.h"
#include "sandboxfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

namespace {
} // namespace

class TestBatchAction : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void deletesInChunksUntilNothingIsLeft();
    void backfillReportsDoneAndTotal();
    void maxIterationsGuards();
    void errorsFailWithSqlstate();
    void cancelDuringPause();

private:
    void fill(const QString& table, int rows);
    SandboxFixture m_fixture { QStringLiteral("batchaction") };
    NodeTarget m_db1;
};

void TestBatchAction::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    SandboxOptions o;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(m_fixture.up(o, &error), qPrintable(error));
    m_db1 = m_fixture.node(QStringLiteral("db1"));
}

void TestBatchAction::cleanupTestCase()
{
    QString error;
    QVERIFY2(m_fixture.down(&error), qPrintable(error));
}

void TestBatchAction::fill(const QString& table, int rows)
{
    PgConnection c;
    QVERIFY(c.open(m_db1.conninfo));
    QVERIFY(c.exec(QStringLiteral("DROP TABLE IF EXISTS %1; CREATE TABLE %1 (id int PRIMARY KEY, v int); INSERT INTO "
                                  "%1 (id) SELECT generate_series(1, %2)")
                       .arg(table)
                       .arg(rows)));
}

void TestBatchAction::deletesInChunksUntilNothingIsLeft()
{
    fill(QStringLiteral("b_rows"), 2500);
    BatchActionOptions o;
    o.sql = QStringLiteral("DELETE FROM b_rows WHERE id IN (SELECT id FROM b_rows ORDER BY id LIMIT 1000)");
    BatchAction a(m_db1, o);
    const ActionRun r = runAction(a);
    QVERIFY2(r.result.outcome == StepOutcome::Succeeded, qPrintable(describe(r)));
    QCOMPARE(r.result.affectedRows, qint64(2500));
    QVERIFY(r.lines.contains(QStringLiteral("chunk 1: 1000 rows (1000 so far)")));
    QVERIFY(r.lines.contains(QStringLiteral("chunk 3: 500 rows (2500 so far)")));
    QVERIFY(r.lines.contains(QStringLiteral("chunk 4: 0 rows (2500 so far)")));
    QCOMPARE(r.progress.size(), 4);
    const QList<qint64> expected { 1000, 2000, 2500, 2500 };
    for (int i = 0; i < 4; ++i) {
        QCOMPARE(r.progress[i].done, expected[i]);
        QCOMPARE(r.progress[i].total, qint64(0)); // unknown without a progress query
    }
    QCOMPARE(r.progress.last().text, QStringLiteral("2500 rows so far"));
    PgConnection c;
    QVERIFY(c.open(m_db1.conninfo));
    QCOMPARE(c.scalar(QStringLiteral("SELECT count(*) FROM b_rows")).value_or(QString()), QStringLiteral("0"));
}

void TestBatchAction::backfillReportsDoneAndTotal()
{
    fill(QStringLiteral("b_fill"), 1000);
    BatchActionOptions o;
    o.sql
        = QStringLiteral("UPDATE b_fill SET v = id * 2 WHERE id IN (SELECT id FROM b_fill WHERE v IS NULL LIMIT 300)");
    o.progressSql = QStringLiteral("SELECT count(v), count(*) FROM b_fill");
    o.progressLabel = QStringLiteral("rows backfilled");
    o.pauseMs = 20;
    o.lockTimeoutMs = 1000;
    BatchAction a(m_db1, o);
    const ActionRun r = runAction(a);
    QVERIFY2(r.result.outcome == StepOutcome::Succeeded, qPrintable(describe(r)));
    QCOMPARE(r.result.affectedRows, qint64(1000));
    QCOMPARE(r.progress.size(), 5); // 300, 600, 900, 1000, then the empty chunk
    QCOMPARE(r.progress.first().text, QStringLiteral("300/1000 rows backfilled"));
    QCOMPARE(r.progress.last().done, qint64(1000));
    QCOMPARE(r.progress.last().total, qint64(1000));
}

void TestBatchAction::maxIterationsGuards()
{
    fill(QStringLiteral("b_guard"), 2500);
    BatchActionOptions o;
    o.sql = QStringLiteral("DELETE FROM b_guard WHERE id IN (SELECT id FROM b_guard LIMIT 1000)");
    o.maxIterations = 2;
    BatchAction a(m_db1, o);
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QVERIFY2(r.result.error.contains(QStringLiteral("max_iterations (2)")), qPrintable(r.result.error));
    QCOMPARE(r.result.affectedRows, qint64(2000));
}

void TestBatchAction::errorsFailWithSqlstate()
{
    BatchActionOptions o;
    o.sql = QStringLiteral("DELETE FROM no_such_table");
    BatchAction a(m_db1, o);
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QCOMPARE(r.result.sqlstate, QStringLiteral("42P01"));
    QVERIFY2(r.result.error.startsWith(QStringLiteral("chunk 1 failed: undefined_table (42P01)")),
        qPrintable(r.result.error));
}

void TestBatchAction::cancelDuringPause()
{
    fill(QStringLiteral("b_cancel"), 5000);
    BatchActionOptions o;
    o.sql = QStringLiteral("DELETE FROM b_cancel WHERE id IN (SELECT id FROM b_cancel LIMIT 100)");
    o.pauseMs = 60000;
    BatchAction a(m_db1, o);
    const ActionRun r = runAction(a, 400);
    QVERIFY2(r.result.outcome == StepOutcome::Cancelled, qPrintable(describe(r)));
    QVERIFY2(r.cancelToReturnMs < 500, qPrintable(QString::number(r.cancelToReturnMs)));
    QCOMPARE(r.result.affectedRows, qint64(100)); // the chunk that ran is committed and counted
}

QTEST_GUILESS_MAIN(TestBatchAction)
#include "tst_batchaction.moc"
