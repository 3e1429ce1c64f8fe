// StepWorker: the action runs on a thread of its own, signals arrive by queued connection on the
// receiver's thread tagged with the generation, the watchdog turns a cancel into TimedOut,
// finished() comes exactly once, and destroying a running worker does not hang.
#include "engine/shellaction.h"
#include "engine/stepworker.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

namespace {
std::unique_ptr<Action> shell(const QString& command)
{
    NodeTarget local;
    local.name = QStringLiteral("local");
    local.host = QStringLiteral("local");
    return std::make_unique<ShellAction>(local, ShellActionOptions { command });
}

// An action stuck in a call that ignores cancel (a read on a dead network, a library that blocks):
// it returns only when `release` is set, or after `maxMs`.
class StuckAction : public Action {
public:
    explicit StuckAction(std::atomic<bool>* release, int maxMs = 6000)
        : m_release(release)
        , m_maxMs(maxMs)
    {
    }
    StepResult run(const ActionContext&) override
    {
        QElapsedTimer t;
        t.start();
        while (!*m_release && t.elapsed() < m_maxMs)
            QThread::msleep(5);
        StepResult r;
        r.outcome = StepOutcome::Succeeded;
        return r;
    }
    void cancel() override { }

private:
    std::atomic<bool>* m_release;
    int m_maxMs;
};
} // namespace

class TestStepWorker : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { qRegisterMetaType<StepResult>(); }
    void deliversOnTheReceiversThread();
    void timeoutBecomesTimedOutOnce();
    void cancelReturnsAtOnce();
    void finishedBeforeTimeoutIsNotTimedOut();
    void destroyingARunningWorkerCancelsIt();
    void watchdogEndsAStuckStep();
    void cancelEndsAStuckStep();
};

void TestStepWorker::deliversOnTheReceiversThread()
{
    StepWorker worker(shell(QStringLiteral("echo a; echo b >&2")), 42);
    QList<QThread*> threads;
    QStringList lines;
    StepResult result;
    int finishedCount = 0;
    connect(&worker, &StepWorker::output, this, [&](quint64 gen, const QString& line) {
        QCOMPARE(gen, quint64(42));
        threads << QThread::currentThread();
        lines << line;
    });
    connect(&worker, &StepWorker::finished, this, [&](quint64 gen, const StepResult& r) {
        QCOMPARE(gen, quint64(42));
        threads << QThread::currentThread();
        result = r;
        ++finishedCount;
    });
    worker.start();
    QTRY_COMPARE_WITH_TIMEOUT(finishedCount, 1, 5000);
    QCOMPARE(result.outcome, StepOutcome::Succeeded);
    QCOMPARE(lines, (QStringList { QStringLiteral("a"), QStringLiteral("! b") }));
    for (QThread* t : threads)
        QCOMPARE(t, QThread::currentThread());
    QVERIFY(!worker.isRunning());
}

void TestStepWorker::timeoutBecomesTimedOutOnce()
{
    StepWorker worker(shell(QStringLiteral("sleep 60")), 7);
    worker.setTimeout(300);
    QSignalSpy finished(&worker, &StepWorker::finished);
    QElapsedTimer clock;
    clock.start();
    worker.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 3000);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed >= 290 && elapsed < 900, qPrintable(QString::number(elapsed)));
    const StepResult r = finished.at(0).at(1).value<StepResult>();
    QCOMPARE(finished.at(0).at(0).toULongLong(), quint64(7));
    QCOMPARE(r.outcome, StepOutcome::TimedOut);
    QCOMPARE(r.error, QStringLiteral("timed out after 0.3s"));
    // Exactly once, even with a late cancel.
    worker.cancel();
    QTest::qWait(300);
    QCOMPARE(finished.count(), 1);
}

void TestStepWorker::cancelReturnsAtOnce()
{
    StepWorker worker(shell(QStringLiteral("sleep 60")), 8);
    QSignalSpy finished(&worker, &StepWorker::finished);
    worker.start();
    QTest::qWait(200);
    QElapsedTimer clock;
    clock.start();
    worker.cancel();
    QVERIFY(clock.elapsed() < 20);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 500);
    QCOMPARE(finished.at(0).at(1).value<StepResult>().outcome, StepOutcome::Cancelled);
}

void TestStepWorker::finishedBeforeTimeoutIsNotTimedOut()
{
    StepWorker worker(shell(QStringLiteral("exit 4")), 9);
    worker.setTimeout(200);
    QSignalSpy finished(&worker, &StepWorker::finished);
    worker.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 3000);
    QTest::qWait(400); // past the watchdog
    QCOMPARE(finished.count(), 1);
    const StepResult r = finished.at(0).at(1).value<StepResult>();
    QCOMPARE(r.outcome, StepOutcome::Failed);
    QCOMPARE(r.exitCode, 4);
}

void TestStepWorker::destroyingARunningWorkerCancelsIt()
{
    QElapsedTimer clock;
    {
        StepWorker worker(shell(QStringLiteral("sleep 60.777")), 10);
        worker.start();
        QTest::qWait(200);
        clock.start();
    }
    QVERIFY2(clock.elapsed() < 500, qPrintable(QString::number(clock.elapsed())));
}

// Defect: a step stuck in a call that ignores cancel never ended, whatever its timeout said. The
// watchdog must end the step anyway, say that it may still be running, and never wait for it.
void TestStepWorker::watchdogEndsAStuckStep()
{
    std::atomic<bool> release { false };
    QElapsedTimer clock;
    clock.start();
    {
        StepWorker worker(std::make_unique<StuckAction>(&release), 11);
        worker.setTimeout(200);
        QSignalSpy finished(&worker, &StepWorker::finished);
        worker.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        const qint64 elapsed = clock.elapsed();
        const StepResult r = finished.at(0).at(1).value<StepResult>();
        QCOMPARE(r.outcome, StepOutcome::TimedOut);
        QVERIFY2(r.error.contains(QStringLiteral("may still be running")), qPrintable(r.error));
        QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed)));
        clock.restart();
    } // destroying it must not wait for the stuck call either
    QVERIFY2(clock.elapsed() < 500, qPrintable(QString::number(clock.elapsed())));
    release = true;
    QTest::qWait(50); // the abandoned thread ends on its own once released
}

void TestStepWorker::cancelEndsAStuckStep()
{
    std::atomic<bool> release { false };
    StepWorker worker(std::make_unique<StuckAction>(&release), 12);
    QSignalSpy finished(&worker, &StepWorker::finished);
    worker.start();
    QTest::qWait(100);
    QElapsedTimer clock;
    clock.start();
    worker.cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(finished.at(0).at(1).value<StepResult>().outcome, StepOutcome::Cancelled);
    // The late real result never comes as a second finished().
    release = true;
    QTest::qWait(200);
    QCOMPARE(finished.count(), 1);
}

QTEST_GUILESS_MAIN(TestStepWorker)
#include "tst_stepworker.moc"
