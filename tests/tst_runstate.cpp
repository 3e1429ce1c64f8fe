// Which run controls are offered in which state: one function decides, and no control is ever
// enabled in a state that cannot honour it.
#include "engine/runstate.h"

#include <QTest>

class TestRunState : public QObject {
    Q_OBJECT
private slots:
    void controls_data();
    void controls();
    void pausedAtTheEndOffersNoStepping();
    void nothingRunsWithInvalidInputs();
};

void TestRunState::controls_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("enabled"); // the controls that must be on, all others off
    QTest::addRow("idle") << int(RunState::Idle) << QStringLiteral("run,runOneStep");
    QTest::addRow("running") << int(RunState::Running) << QStringLiteral("pauseAfterStep,cancelStep,rollBack");
    QTest::addRow("paused") << int(RunState::Paused) << QStringLiteral("runOneStep,runToNextGate,resume,skipStep,rollBack");
    QTest::addRow("at-gate") << int(RunState::AtGate) << QStringLiteral("continueGate,cancelStep,rollBack");
    QTest::addRow("cancelling") << int(RunState::Cancelling) << QStringLiteral("rollBack");
    QTest::addRow("rolling-back") << int(RunState::RollingBack) << QStringLiteral("cancelStep");
    QTest::addRow("finished") << int(RunState::Finished) << QStringLiteral("run");
}

void TestRunState::controls()
{
    QFETCH(int, state);
    QFETCH(QString, enabled);
    RunStatus s;
    s.state = RunState(state);
    s.stepCount = 5;
    s.currentIndex = 2;
    const RunControls c = RunControls::forStatus(s, true);
    const QStringList on = enabled.split(QLatin1Char(','));
    const QList<QPair<QString, bool>> all {
        { QStringLiteral("run"), c.run },
        { QStringLiteral("pauseAfterStep"), c.pauseAfterStep },
        { QStringLiteral("runOneStep"), c.runOneStep },
        { QStringLiteral("runToNextGate"), c.runToNextGate },
        { QStringLiteral("resume"), c.resume },
        { QStringLiteral("skipStep"), c.skipStep },
        { QStringLiteral("cancelStep"), c.cancelStep },
        { QStringLiteral("rollBack"), c.rollBack },
        { QStringLiteral("continueGate"), c.continueGate },
    };
    for (const auto& [name, value] : all)
        QVERIFY2(value == on.contains(name), qPrintable(QStringLiteral("%1 is %2 in %3").arg(name, value ? "on" : "off", runStateName(s.state))));
    // A finished run that can still be undone offers Roll back too.
    if (s.state == RunState::Finished)
        QVERIFY(RunControls::forStatus(s, true, true).rollBack);
}

void TestRunState::pausedAtTheEndOffersNoStepping()
{
    RunStatus s;
    s.state = RunState::Paused;
    s.stepCount = 3;
    s.currentIndex = 3; // nothing left to run
    const RunControls c = RunControls::forStatus(s, true);
    QVERIFY(!c.runOneStep && !c.resume && !c.skipStep && !c.runToNextGate);
    QVERIFY(c.rollBack);
}

void TestRunState::nothingRunsWithInvalidInputs()
{
    RunStatus s;
    QVERIFY(!RunControls::forStatus(s, false).run);
    QVERIFY(!RunControls::forStatus(s, false).runOneStep);
    s.state = RunState::Finished;
    QVERIFY(!RunControls::forStatus(s, false).run);
}

QTEST_GUILESS_MAIN(TestRunState)
#include "tst_runstate.moc"
