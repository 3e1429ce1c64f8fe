// The forecast on synthetic runs with known step times: medians, p90s, flags, phase and total
// figures, downtime windows; which journaled runs it learns from; the forecast command.
#include "cli/forecastcommand.h"
#include "commandresult.h"
#include "core/statistics.h"
#include "forecast/forecastbuilder.h"
#include "forecast/forecastexport.h"
#include "syntheticruns.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

namespace {
const QDateTime kDay(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);
const QString P1 = QStringLiteral("Prepare");
const QString P2 = QStringLiteral("Cut over");

ForecastPlan plan()
{
    return syntheticPlan(QStringLiteral("Synthetic"), { P1, P2 },
        { { 0, QStringLiteral("a"), 1000 }, { 0, QStringLiteral("b"), std::nullopt, QStringLiteral("writes-begin") },
            { 1, QStringLiteral("gate"), std::nullopt, QStringLiteral("writes-end"), true, QStringLiteral("manual") },
            { 1, QStringLiteral("c"), 2000, {}, false, QStringLiteral("shell") } });
}

// A complete run through a, b and the gate; c never runs. The run spends `overhead` between steps.
SyntheticRun complete(int day, qint64 a, qint64 b, qint64 gate, const QString& gateBy, qint64 overhead)
{
    SyntheticRun r;
    r.id = QStringLiteral("run-%1").arg(day);
    r.startedAt = kDay.addDays(day);
    r.steps = { { P1, QStringLiteral("a"), a }, { P1, QStringLiteral("b"), b },
        { P2, QStringLiteral("gate"), gate, StepOutcome::Succeeded, QStringLiteral("manual"),
            QStringLiteral("confirmed by ") + gateBy } };
    r.gapMs = overhead / 4; // four gaps: before each step and after the last
    return r;
}

CommandResult runForecast(const QStringList& args)
{
    return runCommand(runForecastCommand, args);
}
} // namespace

class TstForecast : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void percentiles_data()
    {
        QTest::addColumn<QList<qint64>>("values");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<qint64>("expected");
        QTest::addRow("one value") << QList<qint64> { 7 } << 0.9 << qint64(7);
        QTest::addRow("median of three") << QList<qint64> { 300, 100, 200 } << 0.5 << qint64(200);
        QTest::addRow("median of four rounds half up") << QList<qint64> { 4, 1, 2, 3 } << 0.5 << qint64(3);
        QTest::addRow("p90 of three") << QList<qint64> { 1000, 1200, 1100 } << 0.9 << qint64(1180);
        QTest::addRow("p90 of ten") << QList<qint64> { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 } << 0.9 << qint64(9); // 9.1
        QTest::addRow("p0 is the least") << QList<qint64> { 5, 3, 9 } << 0.0 << qint64(3);
        QTest::addRow("p100 is the most") << QList<qint64> { 5, 3, 9 } << 1.0 << qint64(9);
    }

    void percentiles()
    {
        QFETCH(QList<qint64>, values);
        QFETCH(double, fraction);
        QFETCH(qint64, expected);
        QCOMPARE(Statistics::percentile(values, fraction), std::optional<qint64>(expected));
    }

    void coefficientOfVariation()
    {
        QVERIFY(!Statistics::percentile({}, 0.5));
        QVERIFY(!Statistics::coefficientOfVariation({ 5 }));
        QVERIFY(!Statistics::coefficientOfVariation({ 0, 0 }));
        QCOMPARE(*Statistics::coefficientOfVariation({ 10, 10, 10 }), 0.0);
        // mean 500, sample standard deviation sqrt(210000) = 458.26
        QVERIFY(qAbs(*Statistics::coefficientOfVariation({ 100, 1000, 400 }) - 0.9165) < 0.001);
    }

    void stepsPhasesTotalsAndDowntime()
    {
        QList<RunDetail> runs;
        // Three complete runs; the gate is passed by --yes in two of them (no operator timed).
        SyntheticRun r1 = complete(1, 1000, 100, 4, QStringLiteral("--yes"), 300);
        SyntheticRun r2 = complete(2, 1200, 1000, 30000, QStringLiteral("ana"), 500);
        SyntheticRun r3 = complete(3, 1100, 0, 3, QStringLiteral("--yes"), 400);
        // b failed once in run 3, then took 400 ms: the run counts both attempts.
        r3.steps.replace(1, { P1, QStringLiteral("b"), 300, StepOutcome::Failed });
        r3.steps.insert(2, { P1, QStringLiteral("b"), 100 });
        r3.gapMs = 80; // five gaps
        QList<qint64> writesProbe { 800, 900, 700 };
        QList<qint64> writesMarker { 2000, 2200, 2100 };
        QList<SyntheticRun*> completeRuns { &r1, &r2, &r3 };
        for (int i = 0; i < 3; ++i) {
            completeRuns[i]->probe = true;
            completeRuns[i]->windows = { { QStringLiteral("writes"), QStringLiteral("probe"), 1100, writesProbe[i] },
                { QStringLiteral("writes"), QStringLiteral("runbook-marker"), 1000, writesMarker[i] } };
            runs << syntheticDetail(*completeRuns[i]);
        }
        // A failed run: a's time counts, b's failure does not.
        SyntheticRun failed;
        failed.id = QStringLiteral("failed");
        failed.startedAt = kDay.addDays(4);
        failed.outcome = RunOutcome::Failed;
        failed.steps = { { P1, QStringLiteral("a"), 1100 }, { P1, QStringLiteral("b"), 9000, StepOutcome::Failed } };
        runs << syntheticDetail(failed);
        // A run going on now counts for nothing.
        SyntheticRun running;
        running.id = QStringLiteral("running");
        running.startedAt = kDay.addDays(5);
        running.outcome = RunOutcome::Running;
        running.steps = { { P1, QStringLiteral("a"), 99999 } };
        runs << syntheticDetail(running);

        const Forecast f = Forecast::compute(plan(), runs);
        QCOMPARE(f.runsUsed(), 4);
        QCOMPARE(f.completeRuns(), 3);
        QCOMPARE(f.runIds(), QStringList({ QStringLiteral("run-1"), QStringLiteral("run-2"), QStringLiteral("run-3"),
                                 QStringLiteral("failed") }));

        const StepForecast* a = f.step(QStringLiteral("a"));
        QVERIFY(a);
        QCOMPARE(a->runs, 4);
        QCOMPARE(a->medianMs, std::optional<qint64>(1100)); // 1000 1100 1100 1200
        QCOMPARE(a->p90Ms, std::optional<qint64>(1170)); // 1100 + 0.7 * 100
        QVERIFY(a->flags.isEmpty());

        const StepForecast* b = f.step(QStringLiteral("b"));
        QCOMPARE(b->runs, 3);
        QCOMPARE(b->medianMs, std::optional<qint64>(400)); // 100 400 1000
        QCOMPARE(b->p90Ms, std::optional<qint64>(880));
        QCOMPARE(b->flags, QStringList { QStringLiteral("variable") }); // CV 0.92

        const StepForecast* gate = f.step(QStringLiteral("gate"));
        QCOMPARE(gate->runs, 1); // only ana's 30 s: --yes timed no operator
        QCOMPARE(gate->medianMs, std::optional<qint64>(30000));
        QCOMPARE(gate->flags, QStringList { QStringLiteral("manual") });

        const StepForecast* c = f.step(QStringLiteral("c"));
        QCOMPARE(c->runs, 0);
        QVERIFY(!c->medianMs);
        QCOMPARE(c->expectedMs(), 2000); // the runbook's budget
        QCOMPARE(c->flags, QStringList { QStringLiteral("unrehearsed") });
        QCOMPARE(f.flaggedSteps().size(), 2);
        QCOMPARE(f.expectedMs(QStringLiteral("b")), 400);
        QCOMPARE(f.expectedMs(QStringLiteral("nope")), 0);

        // Between steps: 300, 500, 400 -> median 400, p90 480.
        QCOMPARE(f.betweenStepsMs(), 400);
        QCOMPARE(f.betweenStepsP90Ms(), 480);
        QCOMPARE(f.totalP90Method(), TotalP90Method::SumOfStepP90s);
        QCOMPARE(f.totalMs(), 1100 + 400 + 30000 + 2000 + 400);
        QCOMPARE(f.totalP90Ms(), 1170 + 880 + 30000 + 2000 + 480);

        QCOMPARE(f.phases().size(), 2);
        QCOMPARE(f.phases()[0].name, P1);
        QCOMPARE(f.phases()[0].mostLikelyMs, 1500);
        QCOMPARE(f.phases()[0].p90Ms, 2050);
        QCOMPARE(f.phases()[1].mostLikelyMs, 32000);
        QCOMPARE(f.phases()[1].p90Ms, 32000);

        // Writes: measured by the probe and marked by the runbook; reads: the probe saw none.
        QCOMPARE(f.downtime().size(), 3);
        const WindowForecast* probe = f.window(QStringLiteral("writes"), QStringLiteral("probe"));
        QVERIFY(probe);
        QCOMPARE(probe->mostLikelyMs, 800);
        QCOMPARE(probe->p90Ms, 880);
        QCOMPARE(probe->runs, 3);
        const WindowForecast* marker = f.window(QStringLiteral("writes"), QStringLiteral("runbook-marker"));
        QCOMPARE(marker->mostLikelyMs, 2100);
        QCOMPARE(marker->p90Ms, 2180);
        QVERIFY(!marker->estimated);
        const WindowForecast* reads = f.window(QStringLiteral("reads"), QStringLiteral("probe"));
        QCOMPARE(reads->mostLikelyMs, 0);
        QVERIFY(!f.window(QStringLiteral("reads"), QStringLiteral("runbook-marker")));
    }

    void totalP90FromWholeRunsWhenThereAreEnough()
    {
        // Six complete runs: the slow nights are slow in every step together.
        QList<RunDetail> runs;
        const QList<qint64> scale { 100, 101, 99, 100, 150, 100 };
        for (int i = 0; i < scale.size(); ++i)
            runs << syntheticDetail(complete(i, 10 * scale[i], 5 * scale[i], 2, QStringLiteral("--yes"), 0));
        const Forecast f = Forecast::compute(plan(), runs);
        QCOMPARE(f.completeRuns(), 6);
        QCOMPARE(f.totalP90Method(), TotalP90Method::RunTotals);
        // Walls: 15 x scale + 2 (gate); p90 of {1487, 1502, 1502, 1502, 1517, 2252} = 1517 + 0.5 * 735.
        // Plus the budget of c, which no run timed, and of the gate (no operator timed it: no budget).
        QCOMPARE(f.totalP90Ms(), 1885 + 2000);
        QCOMPARE(f.totalMs(), 1000 + 500 + 0 + 2000 + 0);
        QCOMPARE(f.phases()[0].p90Ms, 1885 - 2);
        QVERIFY(f.totalP90Ms() >= f.totalMs());
    }

    void markersEstimatedBeforeAnyCompleteRun()
    {
        SyntheticRun failed;
        failed.id = QStringLiteral("failed");
        failed.startedAt = kDay;
        failed.outcome = RunOutcome::RolledBack;
        failed.steps = { { P1, QStringLiteral("a"), 900 }, { P1, QStringLiteral("b"), 700 },
            { P2, QStringLiteral("gate"), 5000, StepOutcome::Failed, QStringLiteral("manual") } };
        const Forecast f = Forecast::compute(plan(), { syntheticDetail(failed) });
        QCOMPARE(f.completeRuns(), 0);
        const WindowForecast* marker = f.window(QStringLiteral("writes"), QStringLiteral("runbook-marker"));
        QVERIFY(marker);
        QVERIFY(marker->estimated);
        QCOMPARE(marker->mostLikelyMs, 700); // b, then the gate: no budget, never timed
        QVERIFY(!f.window(QStringLiteral("writes"), QStringLiteral("probe")));

        const Forecast none = Forecast::compute(plan(), {});
        QCOMPARE(none.runsUsed(), 0);
        QCOMPARE(none.totalMs(), 3000); // the budgets
        QCOMPARE(none.totalP90Ms(), 3000);
        QCOMPARE(none.flaggedSteps().size(), 4);
    }

    void learnsFromMatchingJournaledRuns()
    {
        QTemporaryDir dir;
        RunJournal journal;
        QVERIFY(journal.open(dir.filePath(QStringLiteral("journal.sqlite"))));
        const QString digest = QStringLiteral("d1");
        const auto add = [&](const QString& name, RunOutcome outcome, const QStringList& ids, const QString& cluster,
                             const QString& runbookDigest, int day) {
            SyntheticRun r;
            r.id = name;
            r.startedAt = kDay.addDays(day);
            r.outcome = outcome;
            r.cluster = cluster;
            r.runbookDigest = runbookDigest;
            for (const QString& id : ids)
                r.steps << SyntheticStep { P1, id, 100 };
            const QString written = writeSynthetic(journal, r);
            if (written.isEmpty())
                qWarning("%s", qPrintable(journal.lastError()));
            return written;
        };
        const QStringList all { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("gate"), QStringLiteral("c") };
        const QString sameFile = add(QStringLiteral("same file"), RunOutcome::Completed, { QStringLiteral("x") },
            QStringLiteral("sandbox"), digest, 1);
        const QString sameSteps = add(QStringLiteral("same steps"), RunOutcome::Completed, all, QStringLiteral("sandbox"), {}, 2);
        const QString prefix = add(QStringLiteral("prefix"), RunOutcome::Failed, all.mid(0, 2), QStringLiteral("sandbox"), {}, 3);
        const QString subset = add(QStringLiteral("subset"), RunOutcome::Completed, all.mid(0, 2), QStringLiteral("sandbox"), {}, 4);
        const QString reordered = add(QStringLiteral("reordered"), RunOutcome::Failed,
            { QStringLiteral("b"), QStringLiteral("a") }, QStringLiteral("sandbox"), {}, 5);
        const QString elsewhere = add(QStringLiteral("elsewhere"), RunOutcome::Completed, all, QStringLiteral("prod"), {}, 6);
        const QString later = add(QStringLiteral("later"), RunOutcome::Completed, all, QStringLiteral("sandbox"), {}, 30);
        QVERIFY(!later.isEmpty());

        ForecastQuery query;
        query.runbookDigest = digest;
        query.stepIds = all;
        query.cluster = QStringLiteral("sandbox");
        QString error;
        const auto ids = [&](const ForecastQuery& q) {
            QStringList out;
            for (const RunDetail& d : ForecastBuilder::matchingRuns(journal, q, &error))
                out << d.run.id;
            return out;
        };
        QCOMPARE(ids(query), QStringList({ later, prefix, sameSteps, sameFile })); // newest first
        QVERIFY2(error.isEmpty(), qPrintable(error));
        query.allClusters = true;
        QVERIFY(ids(query).contains(elsewhere));
        query.allClusters = false;
        query.excludeRunId = later;
        QVERIFY(!ids(query).contains(later));
        query.before = kDay.addDays(3);
        QCOMPARE(ids(query), QStringList({ sameSteps, sameFile }));
        Q_UNUSED(subset);
        Q_UNUSED(reordered);

        // The whole forecast from the journal: the steps' times as written.
        ForecastQuery fromPlan;
        fromPlan.cluster = QStringLiteral("sandbox");
        const Forecast f = ForecastBuilder::build(journal, plan(), fromPlan);
        QCOMPARE(f.runsUsed(), 3); // same steps, prefix, later
        QCOMPARE(f.step(QStringLiteral("a"))->runs, 3);
        QCOMPARE(f.step(QStringLiteral("c"))->medianMs, std::optional<qint64>(100));
        QCOMPARE(f.query().stepIds, all);
    }

    void forecastCommand()
    {
        QTemporaryDir dir;
        const QString runbookPath = dir.filePath(QStringLiteral("sleepy.yaml"));
        {
            QFile f(runbookPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("runbook: Sleepy\nrequires: {nodes: [db1]}\nphases:\n  - name: One\n    steps:\n"
                    "      - id: first\n        sql: SELECT pg_sleep(1)\n        on: db1\n"
                    "      - id: second\n        sql: SELECT pg_sleep(2)\n        on: db1\n        expected: 3s\n");
        }
        const QString inventory = QStringLiteral(RBC_TEST_DATA_DIR "/runbook/sandbox-inventory.yaml");
        const QString journalPath = dir.filePath(QStringLiteral("journal.sqlite"));

        // No journal yet: every step unrehearsed, the budgets summed; no journal file created.
        auto r = runForecast({ runbookPath, QStringLiteral("--inventory"), inventory, QStringLiteral("--journal"),
            journalPath, QStringLiteral("--format"), QStringLiteral("json") });
        QCOMPARE(r.code, 0);
        QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o[QStringLiteral("runs_used")].toInt(), 0);
        QCOMPARE(o[QStringLiteral("total_ms")].toInteger(), 3000);
        QCOMPARE(o[QStringLiteral("steps")].toArray()[0][QStringLiteral("flags")].toArray()[0].toString(),
            QStringLiteral("unrehearsed"));
        QVERIFY(!QFile::exists(journalPath));

        RunJournal journal;
        QVERIFY(journal.open(journalPath));
        const QString digest = RunJournal::fileDigest(runbookPath);
        const QList<std::pair<qint64, qint64>> times { { 1010, 2020 }, { 1030, 2010 }, { 1020, 2030 } };
        for (int i = 0; i < times.size(); ++i) {
            SyntheticRun run;
            run.startedAt = QDateTime::currentDateTimeUtc().addSecs(-600 + i * 10);
            run.runbookName = QStringLiteral("Sleepy");
            run.runbookDigest = digest;
            run.steps = { { QStringLiteral("One"), QStringLiteral("first"), times[i].first },
                { QStringLiteral("One"), QStringLiteral("second"), times[i].second } };
            QVERIFY(!writeSynthetic(journal, run, runbookPath).isEmpty());
        }
        journal.close();

        r = runForecast({ runbookPath, QStringLiteral("--inventory"), inventory, QStringLiteral("--journal"),
            journalPath, QStringLiteral("--format"), QStringLiteral("json") });
        QCOMPARE(r.code, 0);
        o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o[QStringLiteral("runs_used")].toInt(), 3);
        QVERIFY(o.contains(QStringLiteral("total_p90_ms")));
        const QJsonArray steps = o[QStringLiteral("steps")].toArray();
        QCOMPARE(steps.size(), 2);
        QCOMPARE(steps[0][QStringLiteral("id")].toString(), QStringLiteral("first"));
        QCOMPARE(steps[0][QStringLiteral("median_ms")].toInteger(), 1020);
        QCOMPARE(steps[0][QStringLiteral("p90_ms")].toInteger(), 1028);
        QCOMPARE(steps[0][QStringLiteral("runs")].toInt(), 3);
        QVERIFY(steps[0][QStringLiteral("flags")].toArray().isEmpty());
        QCOMPARE(steps[1][QStringLiteral("median_ms")].toInteger(), 2020);
        // Each run also spent time between its steps (it ended when it was written): counted once.
        QVERIFY(o[QStringLiteral("total_ms")].toInteger() >= 1020 + 2020);
        QVERIFY(o[QStringLiteral("total_p90_ms")].toInteger() >= o[QStringLiteral("total_ms")].toInteger());

        r = runForecast({ runbookPath, QStringLiteral("--inventory"), inventory, QStringLiteral("--journal"), journalPath });
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith(QLatin1String("Forecast: Sleepy on cluster sandbox\n")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("From 3 earlier runs (3 complete)")));
        QVERIFY(r.out.contains(QLatin1String("1.020 s")));
        r = runForecast({ runbookPath, QStringLiteral("--inventory"), inventory, QStringLiteral("--journal"),
            journalPath, QStringLiteral("--format"), QStringLiteral("markdown") });
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QLatin1String("# Forecast: Sleepy")));
        QVERIFY(r.out.contains(QLatin1String("| One | `first` | 1.020 s | 1.028 s | 3 |  |")));

        // Another cluster's runs count only when asked.
        const QString other = dir.filePath(QStringLiteral("other.yaml"));
        {
            QFile in(inventory);
            QVERIFY(in.open(QIODevice::ReadOnly));
            QFile out(other);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(in.readAll().replace("cluster: sandbox", "cluster: staging"));
        }
        r = runForecast({ runbookPath, QStringLiteral("--inventory"), other, QStringLiteral("--journal"),
            journalPath, QStringLiteral("--format"), QStringLiteral("json") });
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())[QStringLiteral("runs_used")].toInt(), 0);
        r = runForecast({ runbookPath, QStringLiteral("--inventory"), other, QStringLiteral("--journal"),
            journalPath, QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--all-clusters") });
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8())[QStringLiteral("runs_used")].toInt(), 3);
    }

    void forecastCommandBadInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString inventory = QStringLiteral(RBC_TEST_DATA_DIR "/runbook/sandbox-inventory.yaml");
        const QString runbook = QStringLiteral(RBC_TEST_DATA_DIR "/runbook/minimal-runbook.yaml");
        QTest::addRow("no runbook") << QStringList { QStringLiteral("--inventory"), inventory }
                                    << QStringLiteral("no runbook given");
        QTest::addRow("no inventory") << QStringList { runbook } << QStringLiteral("--inventory is required");
        QTest::addRow("unknown format") << QStringList { runbook, QStringLiteral("--inventory"), inventory,
            QStringLiteral("--format"), QStringLiteral("xlsx") } << QStringLiteral("unknown format 'xlsx'");
        QTest::addRow("missing runbook") << QStringList { QStringLiteral("/nonexistent/rb.yaml"),
            QStringLiteral("--inventory"), inventory } << QStringLiteral("/nonexistent/rb.yaml");
        QTest::addRow("broken runbook") << QStringList { QStringLiteral(RBC_TEST_DATA_DIR "/runbook/bad-steps.yaml"),
            QStringLiteral("--inventory"), inventory } << QStringLiteral("bad-steps.yaml:");
    }

    void forecastCommandBadInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = runForecast(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void forecastCommandRefusesAFileThatIsNotAJournal()
    {
        QTemporaryDir dir;
        const QString garbage = dir.filePath(QStringLiteral("garbage.sqlite"));
        const QByteArray bytes("not a database at all, just words", 33);
        {
            QFile f(garbage);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        const auto r = runForecast({ QStringLiteral(RBC_TEST_DATA_DIR "/runbook/minimal-runbook.yaml"),
            QStringLiteral("--inventory"), QStringLiteral(RBC_TEST_DATA_DIR "/runbook/sandbox-inventory.yaml"),
            QStringLiteral("--journal"), garbage });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("not a run journal")), qPrintable(r.err));
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes);
    }

    void exportsCarryTheFigures()
    {
        SyntheticRun r = complete(1, 1000, 100, 4, QStringLiteral("--yes"), 300);
        const Forecast f = Forecast::compute(plan(), { syntheticDetail(r) });
        const QString json = ForecastExport::json(f);
        const QJsonObject o = QJsonDocument::fromJson(json.toUtf8()).object();
        QCOMPARE(o[QStringLiteral("format")].toString(), QStringLiteral("runbook-console-forecast/1"));
        QCOMPARE(o[QStringLiteral("total_ms")].toInteger(), f.totalMs());
        QCOMPARE(o[QStringLiteral("total_p90_method")].toString(), QStringLiteral("sum-of-step-p90s"));
        QCOMPARE(o[QStringLiteral("phases")].toArray().size(), 2);
        QCOMPARE(o[QStringLiteral("steps")].toArray()[3][QStringLiteral("budget_ms")].toInteger(), 2000);
        QVERIFY(ForecastExport::text(f).contains(QLatin1String("unrehearsed, budget 2.000 s")));
        QVERIFY(ForecastExport::markdown(f).startsWith(QLatin1String("# Forecast: Synthetic on cluster")));
        QVERIFY(ForecastExport::markdown(f, QStringLiteral("## Forecast used")).startsWith(QLatin1String("## Forecast used\n\nFrom 1 earlier run ")));
    }
};

QTEST_GUILESS_MAIN(TstForecast)
#include "tst_forecast.moc"
