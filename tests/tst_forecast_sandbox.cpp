// The forecast on real rehearsals: a runbook of pg_sleep steps of fixed length rehearsed three times
// on the sandbox (through the run controller, with the traffic probe) forecasts a fourth run's
// total within ±15 %; the controller's step budgets are the forecast's medians (one implementation);
// the forecast command reads the same journal.
#include "engine/runcontroller.h"
#include "forecast/forecastbuilder.h"
#include "forecast/forecastexport.h"
#include "runbook/runbookvalidator.h"
#include "sandboxfixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

namespace {
// About 6.4 s of steps of fixed length (long enough that what a loaded machine adds between steps stays
// well inside the ±15 %), in two phases, with a writes window between markers.
const char* const kRunbook = R"yaml(runbook: Fixed naps
requires: {nodes: [old_primary]}
phases:
  - name: Prepare
    steps:
      - id: nap-short
        sql: SELECT pg_sleep(0.8)
        on: old_primary
      - id: nap-long
        sql: SELECT pg_sleep(2.0)
        on: old_primary
        expected: 5s
  - name: Cut over
    steps:
      - id: freeze
        sql: SELECT pg_sleep(1.2)
        on: old_primary
        downtime: writes-begin
      - id: switch
        sql: SELECT pg_sleep(1.0)
        on: old_primary
        downtime: writes-end
        point_of_no_return: true
      - id: analyze
        sql: SELECT pg_sleep(1.4)
        on: old_primary
)yaml";
} // namespace

class TstForecastSandbox : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void threeRehearsalsForecastTheFourth();

private:
    RunOutcome rehearse(QList<qint64>* expectations, Forecast* forecast);

    SandboxFixture m_fixture { QStringLiteral("forecast") };
    QString m_runbookPath;
    QString m_journalPath;
};

void TstForecastSandbox::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    SandboxOptions options;
    options.seedScale = 0.01;
    QString error;
    QVERIFY2(m_fixture.up(options, &error), qPrintable(error));
    m_runbookPath = m_fixture.path(QStringLiteral("naps.yaml"));
    QFile f(m_runbookPath);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(kRunbook);
    f.close();
    m_journalPath = m_fixture.path(QStringLiteral("journal.sqlite"));
}

RunOutcome TstForecastSandbox::rehearse(QList<qint64>* expectations, Forecast* forecast)
{
    const LoadedDocument rb = DocumentLoader::loadRunbook(m_runbookPath);
    if (!rb.ok() || !RunbookValidator::inventoryProblems(*rb.runbook, m_fixture.inventory()).isEmpty())
        return RunOutcome::Failed;
    RunOptions o;
    o.runbookPath = m_runbookPath;
    o.inventoryPath = m_fixture.sandbox().inventoryPath();
    o.journalPath = m_journalPath;
    RunController controller(*rb.runbook, m_fixture.inventory(), o);
    QSignalSpy started(&controller, &RunController::stepStarted);
    QSignalSpy finished(&controller, &RunController::runFinished);
    QTimer::singleShot(0, &controller, &RunController::start);
    if (!finished.wait(120000))
        return RunOutcome::Running;
    for (const QList<QVariant>& s : started)
        expectations->append(s.at(1).toLongLong());
    *forecast = controller.forecast();
    return finished.first().at(0).value<RunOutcome>();
}

void TstForecastSandbox::threeRehearsalsForecastTheFourth()
{
    QList<qint64> expected;
    Forecast used;
    for (int i = 0; i < 3; ++i) {
        expected.clear();
        QCOMPARE(rehearse(&expected, &used), RunOutcome::Completed);
        QCOMPARE(used.runsUsed(), i);
    }
    // Before the fourth run, the forecast from the three rehearsals, as the forecast command makes it.
    Forecast forecast;
    {
        RunJournal journal;
        QVERIFY(journal.open(m_journalPath));
        ForecastQuery query;
        query.runbookDigest = RunJournal::fileDigest(m_runbookPath);
        query.cluster = m_fixture.inventory().cluster;
        forecast = ForecastBuilder::build(journal, ForecastPlan::fromRunbook(*DocumentLoader::loadRunbook(m_runbookPath).runbook), query);
    }
    QCOMPARE(forecast.runsUsed(), 3);
    QCOMPARE(forecast.completeRuns(), 3);
    QVERIFY(forecast.flaggedSteps().isEmpty());

    expected.clear();
    QCOMPARE(rehearse(&expected, &used), RunOutcome::Completed);
    // The controller held each step to the forecast's median: the same figures.
    QCOMPARE(used.runsUsed(), 3);
    QCOMPARE(expected.size(), forecast.steps().size());
    for (int i = 0; i < expected.size(); ++i) {
        QCOMPARE(expected[i], forecast.steps()[i].expectedMs());
        QCOMPARE(used.steps()[i].medianMs, forecast.steps()[i].medianMs);
    }
    QCOMPARE(used.totalMs(), forecast.totalMs());

    RunJournal journal;
    QVERIFY(journal.open(m_journalPath));
    const auto fourth = journal.run(QStringLiteral("last"));
    QVERIFY(fourth && fourth->run.durationMs());
    const qint64 actual = *fourth->run.durationMs();
    const double ratio = static_cast<double>(forecast.totalMs()) / static_cast<double>(actual);
    qInfo().noquote() << ForecastExport::text(forecast);
    QStringList steps;
    for (const StepRecord& s : fourth->steps)
        steps << QStringLiteral("%1 %2 ms").arg(s.stepId).arg(s.durationMs.value_or(-1));
    qInfo("forecast %lld ms (p90 %lld ms), fourth run %lld ms (%s): %+.1f %%", forecast.totalMs(),
        forecast.totalP90Ms(), actual, qPrintable(steps.join(QStringLiteral(", "))), (ratio - 1) * 100);
    QVERIFY2(ratio > 0.85 && ratio < 1.15, qPrintable(QStringLiteral("forecast %1 ms vs actual %2 ms").arg(forecast.totalMs()).arg(actual)));
    // Fixed steps: each step's median is its sleep and a little.
    const QList<qint64> sleeps { 800, 2000, 1200, 1000, 1400 };
    for (int i = 0; i < sleeps.size(); ++i)
        QVERIFY2(*forecast.steps()[i].medianMs >= sleeps[i], qPrintable(forecast.steps()[i].plan.id));
    // The runbook's writes window spans the freeze and the switch: about 2.2 s, measured in each run.
    const WindowForecast* window = forecast.window(QStringLiteral("writes"), QStringLiteral("runbook-marker"));
    QVERIFY(window);
    QCOMPARE(window->runs, 3);
    QVERIFY(window->mostLikelyMs >= 2200);
    // The probe wrote and read throughout: no client saw downtime (the naps touch nothing).
    const WindowForecast* probe = forecast.window(QStringLiteral("writes"), QStringLiteral("probe"));
    QVERIFY(probe);
    QCOMPARE(probe->mostLikelyMs, 0);

    // The forecast command prints the same total from the journal (now four runs).
    QProcess p;
    p.start(QStringLiteral(RBC_CONSOLE_BINARY),
        { QStringLiteral("forecast"), m_runbookPath, QStringLiteral("--inventory"), m_fixture.sandbox().inventoryPath(),
            QStringLiteral("--journal"), m_journalPath, QStringLiteral("--format"), QStringLiteral("json") });
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitCode(), 0);
    const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    QCOMPARE(o[QStringLiteral("runs_used")].toInt(), 4);
    QCOMPARE(o[QStringLiteral("steps")].toArray().size(), 5);
    QVERIFY(o[QStringLiteral("total_ms")].toInteger() > 6400);
}

QTEST_GUILESS_MAIN(TstForecastSandbox)
#include "tst_forecast_sandbox.moc"
