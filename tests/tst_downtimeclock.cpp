// The downtime clock: totals from event times (probe first, markers otherwise), open windows,
// budgets, and the summary journaled at a decision.
#include "engine/downtimeclock.h"

#include <QSignalSpy>
#include <QTest>

class TestDowntimeClock : public QObject {
    Q_OBJECT
private slots:
    void markersCountUntilAProbeReports();
    void openWindowGrowsWithTime();
    void probeDurationWinsOverWallClock();
    void budgetIsJudgedOnTheMainFigure();
    void duplicateOpenIsIgnored();
};

namespace {
const QDateTime t0 = QDateTime(QDate(2026, 11, 30), QTime(12, 0, 0), Qt::UTC);

DowntimeEvent ev(const QString& kind, const QString& source, bool open, qint64 atMs, qint64 durationMs = -1)
{
    return DowntimeEvent { kind, source, open, t0.addMSecs(atMs), durationMs, open ? QStringLiteral("read_only_sql_transaction") : QString() };
}
} // namespace

void TestDowntimeClock::markersCountUntilAProbeReports()
{
    DowntimeClock clock;
    clock.reset(t0);
    clock.apply(ev("writes", "runbook-marker", true, 1000));
    clock.apply(ev("writes", "runbook-marker", false, 4000));
    QCOMPARE(clock.unavailableMs("writes", t0.addMSecs(10000)), 3000);
    QVERIFY(!clock.isOpen("writes"));
    // Once the probe reports, its figures are the ones shown: clients, not the plan.
    clock.setProbeStats(ProbeStats { 100, 5, 100, 0, 0, 0 });
    QCOMPARE(clock.unavailableMs("writes", t0.addMSecs(10000)), 0);
    clock.apply(ev("writes", "probe", true, 1200));
    clock.apply(ev("writes", "probe", false, 3000, 1700));
    QCOMPARE(clock.unavailableMs("writes", t0.addMSecs(10000)), 1700);
    QCOMPARE(clock.unavailableMs("writes", "runbook-marker", t0.addMSecs(10000)), 3000);
    QCOMPARE(clock.windows().size(), 2);
}

void TestDowntimeClock::openWindowGrowsWithTime()
{
    DowntimeClock clock;
    clock.reset(t0);
    clock.apply(ev("reads", "runbook-marker", true, 500));
    QVERIFY(clock.isOpen("reads"));
    QCOMPARE(clock.openSince("reads"), t0.addMSecs(500));
    QCOMPARE(clock.unavailableMs("reads", t0.addMSecs(2500)), 2000);
    QCOMPARE(clock.unavailableMs("reads", t0.addMSecs(3500)), 3000);
    QVERIFY(clock.summary(t0.addMSecs(3500)).join('\n').contains("reads unavailable 3.0 s"));
    QVERIFY(clock.summary(t0.addMSecs(3500)).join('\n').contains("STILL UNAVAILABLE"));
}

void TestDowntimeClock::probeDurationWinsOverWallClock()
{
    DowntimeClock clock;
    clock.reset(t0);
    clock.setProbeStats({});
    clock.apply(ev("writes", "probe", true, 0));
    // Closed "at" 5 s by the wall clock, but the probe's monotonic duration says 850 ms.
    clock.apply(ev("writes", "probe", false, 5000, 850));
    QCOMPARE(clock.unavailableMs("writes", t0.addMSecs(60000)), 850);
}

void TestDowntimeClock::budgetIsJudgedOnTheMainFigure()
{
    DowntimeClock clock;
    QSignalSpy changed(&clock, &DowntimeClock::changed);
    clock.reset(t0);
    clock.setBudget(2000, 0);
    QCOMPARE(clock.budgetMs("writes"), std::optional<qint64>(2000));
    clock.apply(ev("writes", "runbook-marker", true, 0));
    QVERIFY(!clock.overBudget("writes", t0.addMSecs(1500)));
    QVERIFY(clock.overBudget("writes", t0.addMSecs(2500)));
    QVERIFY(!clock.overBudget("reads", t0.addMSecs(2500)));
    QVERIFY(changed.size() >= 3);
    QVERIFY(clock.summary(t0.addMSecs(2500)).first().contains("budget 2.0 s"));
}

void TestDowntimeClock::duplicateOpenIsIgnored()
{
    DowntimeClock clock;
    clock.reset(t0);
    clock.apply(ev("writes", "runbook-marker", true, 0));
    clock.apply(ev("writes", "runbook-marker", true, 1000));
    QCOMPARE(clock.windows().size(), 1);
    clock.apply(ev("writes", "runbook-marker", false, 2000));
    clock.apply(ev("writes", "runbook-marker", false, 9000)); // nothing open: no effect
    QCOMPARE(clock.unavailableMs("writes", t0.addMSecs(10000)), 2000);
}

QTEST_GUILESS_MAIN(TestDowntimeClock)
#include "tst_downtimeclock.moc"
