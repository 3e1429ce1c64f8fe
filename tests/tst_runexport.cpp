// Exports of a fixed run and a fixed comparison (the change-request shape), byte for byte; and the
// `runs` / `export` commands on a real journal file. Pictures: tst_gantt.
#include "cli/exportcommand.h"
#include "commandresult.h"
#include "cli/runscommand.h"
#include "journal/runcomparison.h"
#include "journal/runexport.h"
#include "journal/runjournal.h"
#include "report/runreport.h"

#include <QFile>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>
#include <QXmlStreamReader>

namespace {
const QDateTime kStart(QDate(2026, 11, 22), QTime(11, 45, 12), Qt::UTC);

StepRecord fixedStep(int seq, const QString& phase, const QString& id, const QString& title, const QString& node,
    const QString& kind, qint64 offsetMs, qint64 durationMs, std::optional<qint64> expectedMs, StepOutcome outcome)
{
    StepRecord s;
    s.rowId = seq;
    s.runId = QStringLiteral("20261122-114512-3f2a");
    s.seq = seq;
    s.phase = phase;
    s.stepId = id;
    s.title = title;
    s.node = node;
    s.kind = kind;
    s.startedAt = kStart.addMSecs(offsetMs);
    s.endedAt = kStart.addMSecs(offsetMs + durationMs);
    s.durationMs = durationMs;
    s.expectedMs = expectedMs;
    s.result.outcome = outcome;
    return s;
}

RunDetail fixedRun()
{
    RunDetail d;
    RunSummary& r = d.run;
    r.id = QStringLiteral("20261122-114512-3f2a");
    r.runbookName = QStringLiteral("Upgrade with pg_upgrade --link");
    r.runbookPath = QStringLiteral("runbooks/001_pg_upgrade_link.yaml");
    r.runbookDigest = QStringLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    r.inventoryPath = QStringLiteral("sandbox/inventory.yaml");
    r.cluster = QStringLiteral("sandbox");
    r.label = QStringLiteral("rehearsal");
    r.user = QStringLiteral("ana");
    r.host = QStringLiteral("db-admin");
    r.startedAt = kStart;
    r.endedAt = kStart.addMSecs(123500);
    r.outcome = RunOutcome::RolledBack;
    const QString cutOver = QStringLiteral("Cut over");
    const QString upgrade = QStringLiteral("Run pg_upgrade, \"link\" mode");
    d.steps << fixedStep(1, QStringLiteral("Prepare"), QStringLiteral("check-versions"),
        QStringLiteral("Check server versions"), QStringLiteral("old_primary"), QStringLiteral("sql"), 0, 105, 1000,
        StepOutcome::Succeeded);
    // What the step found: its last line, not the result set's row count.
    d.steps.last().result.output = QStringLiteral("version\n13.16 | 15.8\n(1 row)\n");
    d.steps << fixedStep(2, cutOver, QStringLiteral("drain-lb"),
        QStringLiteral("Take servers out of the LB | carefully"), QString(), QStringLiteral("manual"), 200, 62000,
        std::nullopt, StepOutcome::Succeeded);
    d.steps << fixedStep(3, cutOver, QStringLiteral("promote-db-a"), upgrade, QStringLiteral("new_primary"),
        QStringLiteral("shell"), 62300, 5230, 5000, StepOutcome::Failed);
    d.steps.last().result.exitCode = 1;
    d.steps.last().result.error = QStringLiteral("pg_upgrade failed");
    d.steps << fixedStep(4, cutOver, QStringLiteral("promote-db-a"), upgrade, QStringLiteral("new_primary"),
        QStringLiteral("shell"), 67600, 5000, 5000, StepOutcome::Succeeded);
    d.steps.last().attempt = 2;
    d.steps << fixedStep(5, cutOver, QStringLiteral("drain-lb"), QStringLiteral("Put servers back in the LB"),
        QString(), QStringLiteral("switch"), 72700, 98, std::nullopt, StepOutcome::Succeeded);
    d.steps.last().isRollback = true;

    DowntimeWindow writes;
    writes.kind = QStringLiteral("writes");
    writes.source = QStringLiteral("probe");
    writes.startedAt = kStart.addMSecs(1000);
    writes.endedAt = kStart.addMSecs(42020);
    writes.durationMs = 41020;
    DowntimeWindow reads;
    reads.kind = QStringLiteral("reads");
    reads.source = QStringLiteral("runbook-marker");
    reads.startedAt = kStart.addMSecs(2500);
    d.windows << writes << reads;

    JournalEvent e;
    e.at = kStart.addMSecs(70000);
    e.text = QStringLiteral("rollback requested");
    d.events << e;
    return d;
}

// What the compared runs were measured against: a forecast from two earlier runs.
Forecast comparedForecast()
{
    ForecastPlan plan;
    plan.runbookName = QStringLiteral("rb");
    plan.phases = { QStringLiteral("P") };
    for (const QString& id : { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }) {
        ForecastPlanStep s;
        s.phase = QStringLiteral("P");
        s.id = id;
        s.title = id;
        s.kind = QStringLiteral("sql");
        plan.steps << s;
    }
    plan.steps[1].budgetMs = 6000;
    QList<RunDetail> earlier;
    for (int i = 0; i < 2; ++i) {
        RunDetail d;
        d.run.id = QStringLiteral("2026111%1-100000-000%1").arg(i + 1);
        d.run.outcome = RunOutcome::Completed;
        d.run.startedAt = QDateTime(QDate(2026, 11, 11 + i), QTime(10, 0), Qt::UTC);
        d.run.endedAt = d.run.startedAt.addMSecs(65000 + 1000 * i);
        for (const auto& [id, ms] : { std::pair(QStringLiteral("a"), 1000 + 100 * i), std::pair(QStringLiteral("c"), 60000 + 2000 * i) }) {
            StepRecord s;
            s.stepId = id;
            s.phase = QStringLiteral("P");
            s.kind = QStringLiteral("sql");
            s.durationMs = ms;
            s.result.outcome = StepOutcome::Succeeded;
            d.steps << s;
        }
        earlier << d;
    }
    ForecastQuery query;
    query.cluster = QStringLiteral("sandbox");
    return Forecast::compute(plan, earlier, query);
}

RunDetail comparedRun(
    const QString& id, const QDate& day, qint64 wallMs, const QList<std::pair<QString, qint64>>& steps)
{
    RunDetail d;
    d.run.id = id;
    d.run.runbookName = QStringLiteral("rb");
    d.run.cluster = QStringLiteral("sandbox");
    d.run.label = QStringLiteral("rehearsal");
    d.run.startedAt = QDateTime(day, QTime(10, 0), Qt::UTC);
    d.run.endedAt = d.run.startedAt.addMSecs(wallMs);
    d.run.outcome = RunOutcome::Completed;
    d.run.user = QStringLiteral("ana");
    const QMap<QString, QString> titles { { QStringLiteral("a"), QStringLiteral("Alpha") },
        { QStringLiteral("b"), QStringLiteral("Beta") }, { QStringLiteral("c"), QStringLiteral("Gamma") } };
    int seq = 0;
    for (const auto& [stepId, ms] : steps) {
        StepRecord s;
        s.seq = ++seq;
        s.phase = QStringLiteral("P");
        s.stepId = stepId;
        s.title = titles.value(stepId);
        s.kind = QStringLiteral("sql");
        s.durationMs = ms;
        s.result.outcome = StepOutcome::Succeeded;
        d.steps << s;
    }
    return d;
}

QList<RunDetail> comparedRuns()
{
    const QString a = QStringLiteral("a"), b = QStringLiteral("b"), c = QStringLiteral("c");
    QList<RunDetail> runs {
        comparedRun(QStringLiteral("20261120-100000-0001"), QDate(2026, 11, 20), 70000,
            { { a, 1000 }, { b, 5000 }, { c, 60000 } }),
        comparedRun(QStringLiteral("20261121-100000-0002"), QDate(2026, 11, 21), 80000, { { a, 1200 }, { c, 65000 } }),
        comparedRun(QStringLiteral("20261122-100000-0003"), QDate(2026, 11, 22), 90000,
            { { a, 900 }, { b, 7000 }, { c, 30000 }, { c, 40000 } }),
    };
    // The last one is the production night: a probe measured it, a gate was passed with evidence.
    RunDetail& night = runs.last();
    night.run.label = QStringLiteral("production");
    night.run.measuredWritesDownMs = 850;
    night.run.measuredReadsDownMs = 0;
    night.steps[1].kind = QStringLiteral("manual");
    night.steps[1].rowId = 42;
    DowntimeWindow w;
    w.kind = QStringLiteral("writes");
    w.source = QStringLiteral("probe");
    w.startedAt = night.run.startedAt.addMSecs(2000);
    w.endedAt = w.startedAt.addMSecs(850);
    w.durationMs = 850;
    night.windows << w;
    for (const auto& [ms, text] : { std::pair(1500, QStringLiteral("decision: replica lag 0 B, 3 of 3 replicas streaming: go")),
             std::pair(9000, QStringLiteral("manual gate 'b' confirmed by ana")),
             std::pair(9100, QStringLiteral("rollback requested")) }) {
        JournalEvent e;
        e.at = night.run.startedAt.addMSecs(ms);
        e.text = text;
        e.stepRowId = ms == 1500 ? 42 : -1;
        night.events << e;
    }
    return runs;
}

} // namespace

class TstRunExport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_journalPath;
    QStringList m_ids;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // A real journal for the commands: two runs.
        m_journalPath = m_dir.filePath(QStringLiteral("journal.sqlite"));
        RunJournal journal;
        QString error;
        QVERIFY2(journal.open(m_journalPath, &error), qPrintable(error));
        for (int i = 0; i < 2; ++i) {
            RunStart start;
            start.runbookName = QStringLiteral("Expand/contract: add a column");
            start.cluster = QStringLiteral("sandbox");
            start.startedAt = QDateTime(QDate(2026, 11, 20 + i), QTime(9, 0), Qt::UTC);
            const QString id = journal.beginRun(start);
            QVERIFY(!id.isEmpty());
            for (const QString& stepId : { QStringLiteral("add-column"), QStringLiteral("backfill") }) {
                StepRecord s;
                s.phase = QStringLiteral("Expand");
                s.stepId = stepId;
                s.title = stepId;
                s.kind = QStringLiteral("sql");
                const qint64 row = journal.beginStep(id, s);
                StepResult r;
                r.outcome = StepOutcome::Succeeded;
                QVERIFY(journal.endStep(row, r, 1000 + 500 * i));
            }
            QVERIFY(journal.endRun(id, RunOutcome::Completed));
            m_ids << id;
        }
    }

    void durations_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("duration");
        QTest::addColumn<QString>("difference");
        QTest::addRow("zero") << qint64(0) << QStringLiteral("0.000 s") << QStringLiteral("±0.0 s");
        QTest::addRow("ms") << qint64(7) << QStringLiteral("0.007 s") << QStringLiteral("+0.0 s");
        QTest::addRow("seconds") << qint64(1234) << QStringLiteral("1.234 s") << QStringLiteral("+1.2 s");
        QTest::addRow("round up") << qint64(1250) << QStringLiteral("1.250 s") << QStringLiteral("+1.3 s");
        QTest::addRow("under a minute") << qint64(59999) << QStringLiteral("59.999 s") << QStringLiteral("+60.0 s");
        QTest::addRow("a minute") << qint64(60000) << QStringLiteral("1m 00s") << QStringLiteral("+1m 00s");
        QTest::addRow("minutes") << qint64(123000) << QStringLiteral("2m 03s") << QStringLiteral("+2m 03s");
        QTest::addRow("hours") << qint64(3723000) << QStringLiteral("1h 02m 03s") << QStringLiteral("+1h 02m 03s");
        QTest::addRow("negative") << qint64(-1200) << QStringLiteral("-1.200 s") << QStringLiteral("-1.2 s");
    }

    void durations()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, duration);
        QFETCH(QString, difference);
        QCOMPARE(RunExport::formatDuration(ms), duration);
        QCOMPARE(RunExport::formatDifference(ms), difference);
    }

    void median()
    {
        QCOMPARE(RunComparison::median({}), std::nullopt);
        QCOMPARE(RunComparison::median({ 5 }), std::optional<qint64>(5));
        QCOMPARE(RunComparison::median({ 9, 1, 5 }), std::optional<qint64>(5));
        QCOMPARE(RunComparison::median({ 4, 1, 2, 3 }), std::optional<qint64>(3)); // 2.5 rounds half away from zero
    }

    void exports_data()
    {
        // Expected files live in tests/data/journal with LF line ends; CSV is compared with CRLF (RFC 4180).
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("compare");
        QTest::addColumn<QString>("expectedFile");
        QTest::addRow("markdown") << QStringLiteral("markdown") << false << QStringLiteral("run.md");
        QTest::addRow("csv") << QStringLiteral("csv") << false << QStringLiteral("run.csv");
        QTest::addRow("json") << QStringLiteral("json") << false << QStringLiteral("run.json");
        QTest::addRow("compare markdown") << QStringLiteral("markdown") << true << QStringLiteral("compare.md");
        QTest::addRow("compare csv") << QStringLiteral("csv") << true << QStringLiteral("compare.csv");
        QTest::addRow("compare json") << QStringLiteral("json") << true << QStringLiteral("compare.json");
    }

    void exports()
    {
        QFETCH(QString, format);
        QFETCH(bool, compare);
        QFETCH(QString, expectedFile);
        QFile file(QStringLiteral(RBC_TEST_DATA_DIR "/journal/") + expectedFile);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        QString expected = QString::fromUtf8(file.readAll());
        if (format == QLatin1String("csv"))
            expected.replace(QLatin1Char('\n'), QLatin1String("\r\n"));
        const auto f = exportFormatFromName(format);
        QVERIFY(f);
        QString error;
        ReportOptions options;
        if (compare)
            options.forecast = comparedForecast();
        const auto bytes = RunReport::render(compare ? comparedRuns() : QList<RunDetail> { fixedRun() }, *f, options, &error);
        QVERIFY2(bytes, qPrintable(error));
        const std::optional<QString> text = QString::fromUtf8(*bytes);
        if (*f != ExportFormat::Json) {
            if (*text != expected)
                qWarning().noquote() << "actual:\n" << *text;
            QCOMPARE(*text, expected);
            return;
        }
        QJsonParseError parseError;
        const QJsonDocument actual = QJsonDocument::fromJson(text->toUtf8(), &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const QJsonDocument wanted = QJsonDocument::fromJson(expected.toUtf8(), &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        if (actual != wanted)
            qWarning().noquote() << "actual:\n" << *text;
        QCOMPARE(actual, wanted);
        // Stable text: keys sorted, indented the same way every time.
        QCOMPARE(*text, QString::fromUtf8(wanted.toJson(QJsonDocument::Indented)));
    }

    void exportsMaskSecrets()
    {
        RunDetail d = fixedRun();
        d.steps[0].title = QStringLiteral("psql 'host=h password=s3cr3t-XYZ'");
        d.events[0].text = QStringLiteral("with postgres://u:s3cr3t-XYZ@h/db and s3cr3t-XYZ");
        d.run.note = QStringLiteral("s3cr3t-XYZ");
        d.steps[0].result.output = QStringLiteral("connected with password=s3cr3t-XYZ\n"); // the Result column
        d.steps[2].result.error = QStringLiteral("authentication failed for s3cr3t-XYZ");
        ReportOptions options;
        options.knownSecrets = { QStringLiteral("s3cr3t-XYZ") };
        for (ExportFormat f : { ExportFormat::Markdown, ExportFormat::Csv, ExportFormat::Json }) {
            for (const QList<RunDetail>& runs : { QList<RunDetail> { d }, QList<RunDetail> { d, fixedRun() } }) {
                const auto bytes = RunReport::render(runs, f, options);
                QVERIFY(bytes);
                QVERIFY2(!bytes->contains("s3cr3t"), qPrintable(exportFormatName(f)));
            }
        }
    }

    void runsCommand()
    {
        const auto r = runCommand(runRunsCommand, { QStringLiteral("--journal"), m_journalPath });
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith(QLatin1String("RUN")));
        QVERIFY(lines[1].startsWith(m_ids[1])); // newest first
        QVERIFY(lines[2].startsWith(m_ids[0]));
        QVERIFY(lines[1].contains(QLatin1String("completed")));
        QVERIFY(lines[1].contains(QLatin1String("Expand/contract: add a column")));

        const auto none = runCommand(
            runRunsCommand, { QStringLiteral("--journal"), m_dir.filePath(QStringLiteral("none.sqlite")) });
        QCOMPARE(none.code, 0);
        QVERIFY(none.out.contains(QLatin1String("no runs yet")));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("none.sqlite"))));
        QCOMPARE(runCommand(runRunsCommand, { QStringLiteral("--bogus") }).code, 2);
    }

    void exportCommand()
    {
        auto r = runCommand(runExportCommand,
            { QStringLiteral("last"), QStringLiteral("--format"), QStringLiteral("markdown"),
                QStringLiteral("--journal"), m_journalPath });
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("# Run %1\n").arg(m_ids[1])), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("| 2 | Expand | `backfill` | backfill |  | succeeded | 1.500 s |  |")));

        // --compare with several runs after it, to a file whose extension picks the format.
        const QString file = m_dir.filePath(QStringLiteral("compare.csv"));
        r = runCommand(runExportCommand,
            { m_ids[0], QStringLiteral("--compare"), m_ids[1], QStringLiteral("last"), QStringLiteral("-o"), file,
                QStringLiteral("--journal"), m_journalPath });
        QCOMPARE(r.code, 2); // last is m_ids[1]: given twice
        QVERIFY(r.err.contains(QLatin1String("twice")));
        r = runCommand(runExportCommand,
            { m_ids[0], QStringLiteral("--compare"), m_ids[1], QStringLiteral("-o"), file, QStringLiteral("--journal"),
                m_journalPath });
        QCOMPARE(r.code, 0);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString csv = QString::fromUtf8(f.readAll());
        QVERIFY(csv.startsWith(
            QStringLiteral("section,phase,step_id,title,node,rollback,%1_ms,%2_ms,median_ms").arg(m_ids[0], m_ids[1])));
        // Planned: the first run's 1 s (the forecast the newer one ran against); neither run was slowest here.
        QVERIFY2(csv.contains(QLatin1String("step,Expand,backfill,backfill,,no,1000,1500,1250,-250,250,1000,\r\n")),
            qPrintable(csv));

        r = runCommand(runExportCommand,
            { m_ids[0], QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--journal"),
                m_journalPath });
        QCOMPARE(r.code, 0);
        QCOMPARE(
            QJsonDocument::fromJson(r.out.toUtf8())[QStringLiteral("run")][QStringLiteral("id")].toString(), m_ids[0]);
    }

    void exportCommandBadInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown run") << QStringList { QStringLiteral("20991231-235959-beef") }
                                     << QStringLiteral("no run '20991231-235959-beef'");
        QTest::addRow("unknown compared run") << QStringList { QStringLiteral("last"), QStringLiteral("--compare"),
            QStringLiteral("nope") } << QStringLiteral("no run 'nope'");
        QTest::addRow("no run") << QStringList {} << QStringLiteral("which run");
        QTest::addRow("two runs without --compare")
            << QStringList { QStringLiteral("last"), QStringLiteral("last") } << QStringLiteral("--compare");
        QTest::addRow("unknown format") << QStringList { QStringLiteral("last"), QStringLiteral("--format"),
            QStringLiteral("xlsx") } << QStringLiteral("unknown format 'xlsx'");
        QTest::addRow("ambiguous prefix")
            << QStringList { QStringLiteral("2026112") } << QStringLiteral("matches several runs");
        QTest::addRow("png to the terminal") << QStringList { m_ids[0], QStringLiteral("--compare"), m_ids[1],
            QStringLiteral("--format"), QStringLiteral("png") }
                                             << QStringLiteral("give -o FILE");
    }

    void exportCommandBadInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = runCommand(runExportCommand, args + QStringList { QStringLiteral("--journal"), m_journalPath });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void exportCommandBadJournal()
    {
        const QString missing = m_dir.filePath(QStringLiteral("missing.sqlite"));
        auto r = runCommand(runExportCommand, { QStringLiteral("last"), QStringLiteral("--journal"), missing });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("no journal at")), qPrintable(r.err));
        QVERIFY(!QFile::exists(missing));

        const QString garbage = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        static const char garbageBytes[] = "\x01\x02 this is not a database \xff\xfe";
        const QByteArray bytes(garbageBytes, sizeof garbageBytes - 1);
        {
            QFile f(garbage);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(bytes);
        }
        r = runCommand(runExportCommand, { QStringLiteral("last"), QStringLiteral("--journal"), garbage });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("not a run journal")), qPrintable(r.err));
        r = runCommand(runRunsCommand, { QStringLiteral("--journal"), garbage });
        QCOMPARE(r.code, 2);
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), bytes);
    }
};

QTEST_GUILESS_MAIN(TstRunExport)
#include "tst_runexport.moc"
