// The run journal on a real SQLite file: round trips, durability across kill -9, secrets, bad files.
#include "core/secretmask.h"
#include "journal/runexport.h"
#include "journal/runjournal.h"
#include "report/runreport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <thread>
#include <cstdio>
#include <cstdlib>

namespace {
// When these are set, the binary is the child of a durability test: it writes to the journal
// until its parent kills it with SIGKILL.
constexpr char kChildPathVar[] = "RBC_JOURNAL_CHILD_PATH";
constexpr char kChildModeVar[] = "RBC_JOURNAL_CHILD_MODE";

const QString kConninfo = QStringLiteral("host=db1 port=5432 user=app password=s3cr3t-XYZ dbname=shop");
const QString kUri = QStringLiteral("postgres://u:s3cr3t-XYZ@h/db");
const QByteArray kSecret = "s3cr3t-XYZ";

StepRecord step(const QString& phase, const QString& id, const QString& kind = QStringLiteral("sql"))
{
    StepRecord s;
    s.phase = phase;
    s.stepId = id;
    s.title = QStringLiteral("Title of %1").arg(id);
    s.kind = kind;
    s.node = QStringLiteral("db1");
    return s;
}

StepResult succeeded(const QString& output = {})
{
    StepResult r;
    r.outcome = StepOutcome::Succeeded;
    r.output = output;
    return r;
}

[[noreturn]] void runChild()
{
    const QString path = qEnvironmentVariable(kChildPathVar);
    const QString mode = qEnvironmentVariable(kChildModeVar);
    RunJournal journal;
    QString error;
    if (!journal.open(path, &error)) {
        std::fprintf(stderr, "child: %s\n", qPrintable(error));
        std::_Exit(2);
    }
    RunStart start;
    start.runbookName = QStringLiteral("durability");
    const QString runId = journal.beginRun(start);
    const qint64 first = journal.beginStep(runId, step(QStringLiteral("One"), QStringLiteral("first")));
    journal.endStep(first, succeeded(QStringLiteral("done")), 12);
    if (mode == QLatin1String("hold")) {
        journal.beginStep(runId, step(QStringLiteral("One"), QStringLiteral("second")));
        std::printf("ready %s\n", qPrintable(runId));
        std::fflush(stdout);
        QThread::sleep(60); // the parent kills us long before this
        std::_Exit(3);
    }
    // "loop": step after step, until killed at a moment the parent picks at random. "paced": the
    // same, a millisecond apart, as a console writes (a tight loop holds the write lock nearly all
    // the time, and SQLite's waiting writers are not queued: one could wait out its busy timeout).
    const bool paced = mode == QLatin1String("paced");
    std::printf("ready %s\n", qPrintable(runId));
    std::fflush(stdout);
    QElapsedTimer alive;
    alive.start();
    for (int i = 0; alive.elapsed() < 60000; ++i) {
        QElapsedTimer clock;
        clock.start();
        const qint64 row = journal.beginStep(runId, step(QStringLiteral("Loop"), QStringLiteral("step-%1").arg(i)));
        const bool written = row > 0 && journal.addEvent(runId, QStringLiteral("working on %1").arg(i), row) > 0
            && journal.endStep(row, succeeded(QStringLiteral("output %1").arg(i)), clock.elapsed());
        if (!written) { // said, for a parent that checks every write landed
            std::fprintf(stderr, "child: step-%d: %s\n", i, qPrintable(journal.lastError()));
            std::fflush(stderr);
        }
        if (paced)
            QThread::usleep(1000);
    }
    std::_Exit(3);
}

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TstRunJournal : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString journalPath(const QString& name) const { return m_dir.filePath(name); }

    // Starts this binary as a child writing to the journal; returns once it says "ready".
    QString startChild(QProcess& child, const QString& path, const QString& mode)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kChildPathVar), path);
        env.insert(QString::fromLatin1(kChildModeVar), mode);
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::SeparateChannels);
        child.start(QCoreApplication::applicationFilePath(), {});
        if (!child.waitForStarted(10000))
            return {};
        QByteArray seen;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20000) {
            child.waitForReadyRead(200);
            seen += child.readAllStandardOutput();
            static const QRegularExpression ready(QStringLiteral(R"(ready (\S+)\n)"));
            const auto m = ready.match(QString::fromUtf8(seen));
            if (m.hasMatch())
                return m.captured(1);
            if (child.state() == QProcess::NotRunning)
                break;
        }
        qWarning() << "child said" << seen << child.readAllStandardError();
        return {};
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariableIsSet(kChildPathVar))
            runChild();
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void defaultPathIsInAppData()
    {
        QVERIFY(RunJournal::defaultPath().endsWith(QLatin1String("/journal.sqlite")));
        QVERIFY(RunJournal::defaultPath().startsWith(
            QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)));
    }

    void roundTrip()
    {
        RunJournal journal;
        QString error;
        QVERIFY2(journal.open(journalPath(QStringLiteral("roundtrip.sqlite")), &error), qPrintable(error));
        QVERIFY(journal.runs().isEmpty());

        RunStart start;
        start.runbookName = QStringLiteral("Upgrade with pg_upgrade --link");
        start.runbookPath = QStringLiteral("/rb/001.yaml");
        start.runbookDigest = QStringLiteral("ab").repeated(32);
        start.inventoryPath = QStringLiteral("/inv/sandbox.yaml");
        start.inventoryDigest = QStringLiteral("cd").repeated(32);
        start.cluster = QStringLiteral("sandbox");
        start.label = QStringLiteral("production");
        start.user = QStringLiteral("ana");
        start.note = QStringLiteral("first try");
        const QString id = journal.beginRun(start);
        QVERIFY2(!id.isEmpty(), qPrintable(journal.lastError()));
        QVERIFY(QRegularExpression(QStringLiteral(R"(^\d{8}-\d{6}-[0-9a-f]{4}$)")).match(id).hasMatch());

        StepRecord a = step(QStringLiteral("Prepare"), QStringLiteral("check"));
        a.expectedMs = 1500;
        const qint64 rowA = journal.beginStep(id, a);
        QVERIFY(rowA > 0);
        {
            // Written before the step starts: visible as running right away.
            const auto d = journal.run(id);
            QVERIFY(d);
            QCOMPARE(d->steps.size(), 1);
            QCOMPARE(d->steps[0].result.outcome, StepOutcome::Running);
            QVERIFY(!d->steps[0].endedAt.isValid());
            QVERIFY(!d->steps[0].durationMs);
        }
        StepResult ra = succeeded(QStringLiteral("1 row"));
        ra.affectedRows = 1;
        QVERIFY2(journal.endStep(rowA, ra, 1234), qPrintable(journal.lastError()));

        StepRecord b = step(QStringLiteral("Cut over"), QStringLiteral("switch-app"), QStringLiteral("switch"));
        b.attempt = 2;
        b.node = QString();
        const qint64 rowB = journal.beginStep(id, b);
        StepResult rb;
        rb.outcome = StepOutcome::Failed;
        rb.exitCode = 3;
        rb.sqlstate = QStringLiteral("57014");
        rb.error = QStringLiteral("canceling statement due to user request");
        rb.inverse = QJsonObject { { QStringLiteral("endpoint"), QStringLiteral("app") },
            { QStringLiteral("to"), QStringLiteral("db1") } };
        QVERIFY(journal.endStep(rowB, rb, 250));

        StepRecord c = step(QStringLiteral("Cut over"), QStringLiteral("switch-app"), QStringLiteral("switch"));
        c.isRollback = true;
        const qint64 rowC = journal.beginStep(id, c);
        QVERIFY(journal.endStep(rowC, succeeded(), 80));

        const qint64 w1 = journal.openWindow(id, QStringLiteral("writes"), QStringLiteral("probe"));
        QVERIFY(w1 > 0);
        QVERIFY(journal.closeWindow(w1, 4100));
        QVERIFY(!journal.closeWindow(w1, 10)); // already closed
        const qint64 w2 = journal.openWindow(id, QStringLiteral("reads"), QStringLiteral("runbook-marker"),
            QDateTime::currentDateTimeUtc().addMSecs(-500));
        QVERIFY(journal.closeWindow(w2)); // duration from the timestamps
        const qint64 w3 = journal.openWindow(id, QStringLiteral("writes"), QStringLiteral("runbook-marker"));
        QVERIFY(w3 > 0);
        QCOMPARE(journal.openWindow(id, QStringLiteral("everything"), QStringLiteral("probe")), -1);
        QVERIFY(journal.addEvent(id, QStringLiteral("rollback requested")) > 0);
        QVERIFY(journal.addEvent(id, QStringLiteral("manual gate confirmed by ana"), rowA) > 0);
        QVERIFY(journal.endRun(id, RunOutcome::RolledBack, QStringLiteral("rolled back after switch failed")));
        QVERIFY(!journal.endRun(QStringLiteral("20990101-000000-0000"), RunOutcome::Completed));

        journal.close();
        QVERIFY(journal.open(journalPath(QStringLiteral("roundtrip.sqlite")), &error));
        const auto d = journal.run(QStringLiteral("last"), &error);
        QVERIFY2(d, qPrintable(error));
        const RunSummary& r = d->run;
        QCOMPARE(r.id, id);
        QCOMPARE(r.runbookName, start.runbookName);
        QCOMPARE(r.runbookPath, start.runbookPath);
        QCOMPARE(r.runbookDigest, start.runbookDigest);
        QCOMPARE(r.inventoryPath, start.inventoryPath);
        QCOMPARE(r.inventoryDigest, start.inventoryDigest);
        QCOMPARE(r.cluster, start.cluster);
        QCOMPARE(r.label, QStringLiteral("production"));
        QCOMPARE(r.user, QStringLiteral("ana"));
        QCOMPARE(r.pid, QCoreApplication::applicationPid());
        QCOMPARE(r.outcome, RunOutcome::RolledBack);
        QCOMPARE(r.note, QStringLiteral("rolled back after switch failed"));
        QCOMPARE(r.stepCount, 3);
        QCOMPARE(r.failedStepCount, 1);
        QVERIFY(r.startedAt.isValid() && r.endedAt.isValid() && r.startedAt <= r.endedAt);
        QCOMPARE(r.startedAt.timeSpec(), Qt::UTC);

        QCOMPARE(d->steps.size(), 3);
        const StepRecord& sa = d->steps[0];
        QCOMPARE(sa.seq, 1);
        QCOMPARE(sa.rowId, rowA);
        QCOMPARE(sa.phase, QStringLiteral("Prepare"));
        QCOMPARE(sa.stepId, QStringLiteral("check"));
        QCOMPARE(sa.title, QStringLiteral("Title of check"));
        QCOMPARE(sa.kind, QStringLiteral("sql"));
        QCOMPARE(sa.node, QStringLiteral("db1"));
        QCOMPARE(sa.attempt, 1);
        QCOMPARE(sa.isRollback, false);
        QCOMPARE(sa.durationMs, std::optional<qint64>(1234));
        QCOMPARE(sa.expectedMs, std::optional<qint64>(1500));
        QCOMPARE(sa.result.outcome, StepOutcome::Succeeded);
        QCOMPARE(sa.result.output, QStringLiteral("1 row"));
        QCOMPARE(sa.result.affectedRows, 1);
        QCOMPARE(sa.result.exitCode, -1);
        QVERIFY(sa.endedAt.isValid() && sa.startedAt <= sa.endedAt);

        const StepRecord& sb = d->steps[1];
        QCOMPARE(sb.seq, 2);
        QCOMPARE(sb.attempt, 2);
        QCOMPARE(sb.node, QString());
        QCOMPARE(sb.result.outcome, StepOutcome::Failed);
        QCOMPARE(sb.result.exitCode, 3);
        QCOMPARE(sb.result.sqlstate, QStringLiteral("57014"));
        QCOMPARE(sb.result.error, rb.error);
        QCOMPARE(sb.result.inverse, rb.inverse);
        QVERIFY(!sb.expectedMs);

        QCOMPARE(d->steps[2].seq, 3);
        QCOMPARE(d->steps[2].isRollback, true);

        QCOMPARE(d->windows.size(), 3);
        QCOMPARE(d->windows[0].kind, QStringLiteral("reads")); // by start time: opened 500 ms in the past
        QVERIFY(d->windows[0].durationMs);
        QVERIFY2(*d->windows[0].durationMs >= 500 && *d->windows[0].durationMs < 5000,
            qPrintable(QString::number(*d->windows[0].durationMs)));
        QCOMPARE(d->windows[1].kind, QStringLiteral("writes"));
        QCOMPARE(d->windows[1].source, QStringLiteral("probe"));
        QCOMPARE(d->windows[1].durationMs, std::optional<qint64>(4100));
        QVERIFY(d->windows[1].endedAt.isValid());
        QVERIFY(!d->windows[2].endedAt.isValid()); // still open
        QVERIFY(!d->windows[2].durationMs);

        QCOMPARE(d->events.size(), 2);
        QCOMPARE(d->events[0].text, QStringLiteral("rollback requested"));
        QCOMPARE(d->events[1].stepRowId, rowA);

        const RunTotals t = d->totals();
        QCOMPARE(t.stepsMs, 1234 + 250 + 80);
        QCOMPARE(t.rollbackSteps, 1);
        QCOMPARE(t.failedSteps, 1);
    }

    void lastAndPrefix()
    {
        RunJournal journal;
        QVERIFY(journal.open(journalPath(QStringLiteral("last.sqlite"))));
        QString error;
        QVERIFY(!journal.run(QStringLiteral("last"), &error));
        QVERIFY2(error.contains(QLatin1String("no runs")), qPrintable(error));
        RunStart older;
        older.runbookName = QStringLiteral("older");
        older.startedAt = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
        const QString olderId = journal.beginRun(older);
        QVERIFY2(!olderId.isEmpty(), qPrintable(journal.lastError()));
        QCOMPARE(olderId.left(16), QStringLiteral("20260102-030405-"));
        RunStart newer;
        newer.runbookName = QStringLiteral("newer");
        const QString newerId = journal.beginRun(newer);
        QCOMPARE(journal.run(QStringLiteral("last"))->run.id, newerId);
        QCOMPARE(journal.resolveRunId(QStringLiteral("20260102")), olderId);
        QCOMPARE(journal.resolveRunId(olderId), olderId);
        QCOMPARE(journal.runs().first().id, newerId);
        QCOMPARE(journal.runs(1).size(), 1);
    }

    void idsUniqueAndSortable()
    {
        RunJournal journal;
        QVERIFY(journal.open(journalPath(QStringLiteral("ids.sqlite"))));
        QStringList ids;
        for (int i = 0; i < 40; ++i) {
            RunStart s;
            s.runbookName = QStringLiteral("run %1").arg(i);
            ids << journal.beginRun(s);
            QVERIFY(!ids.last().isEmpty());
        }
        QStringList sorted = ids;
        sorted.sort();
        QCOMPARE(sorted, ids); // begun in this order, sorted in this order, even within one second
        sorted.removeDuplicates();
        QCOMPARE(sorted.size(), ids.size());
        // Newest first in the listing.
        QStringList listed;
        for (const RunSummary& r : journal.runs())
            listed << r.id;
        std::reverse(listed.begin(), listed.end());
        QCOMPARE(listed, ids);
    }

    void killedRunIsInterrupted()
    {
        const QString path = journalPath(QStringLiteral("killed.sqlite"));
        QProcess child;
        const QString runId = startChild(child, path, QStringLiteral("hold"));
        QVERIFY(!runId.isEmpty());
        {
            // While its owner lives, a running run stays running.
            RunJournal journal;
            QVERIFY(journal.open(path));
            const auto d = journal.run(runId);
            QVERIFY(d);
            QCOMPARE(d->run.outcome, RunOutcome::Running);
            QCOMPARE(d->steps.size(), 2);
            QCOMPARE(d->steps[1].result.outcome, StepOutcome::Running);
        }
        child.kill(); // SIGKILL
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);

        RunJournal journal;
        QString error;
        QVERIFY2(journal.open(path, &error), qPrintable(error));
        const auto d = journal.run(runId);
        QVERIFY(d);
        QCOMPARE(d->run.outcome, RunOutcome::Interrupted);
        QVERIFY(d->run.endedAt.isValid()); // its last sign of life
        QCOMPARE(d->steps.size(), 2);
        QCOMPARE(d->steps[0].result.outcome, StepOutcome::Succeeded);
        QCOMPARE(d->steps[0].durationMs, std::optional<qint64>(12));
        QCOMPARE(d->steps[0].result.output, QStringLiteral("done"));
        QCOMPARE(d->steps[1].result.outcome, StepOutcome::Interrupted);
        QVERIFY(!d->steps[1].endedAt.isValid());
        QVERIFY(!d->steps[1].durationMs);
        QCOMPARE(d->run.endedAt, d->steps[1].startedAt);
        QVERIFY(!d->events.isEmpty());
        QVERIFY(d->events.last().text.startsWith(QLatin1String("interrupted: process")));
        // Marking happens once.
        QVERIFY(journal.markInterrupted().isEmpty());

        // Resuming takes the run back, owned by this process.
        QVERIFY2(journal.claimRun(runId), qPrintable(journal.lastError()));
        QCOMPARE(journal.run(runId)->run.outcome, RunOutcome::Running);
        QCOMPARE(journal.run(runId)->run.pid, QCoreApplication::applicationPid());
        QVERIFY(journal.markInterrupted().isEmpty()); // we are alive
        QVERIFY(journal.endRun(runId, RunOutcome::Cancelled));
    }

    void killedAtRandomMomentsLeavesATruthfulJournal()
    {
        for (int round = 0; round < 4; ++round) {
            const QString path = journalPath(QStringLiteral("random-%1.sqlite").arg(round));
            QProcess child;
            const QString runId = startChild(child, path, QStringLiteral("loop"));
            QVERIFY(!runId.isEmpty());
            QThread::msleep(20 + QRandomGenerator::global()->bounded(300));
            child.kill();
            QVERIFY(child.waitForFinished(10000));

            RunJournal journal;
            QString error;
            QVERIFY2(journal.open(path, &error), qPrintable(error));
            const auto d = journal.run(runId);
            QVERIFY(d);
            QCOMPARE(d->run.outcome, RunOutcome::Interrupted);
            QVERIFY(d->steps.size() >= 1);
            for (qsizetype i = 0; i < d->steps.size(); ++i) {
                const StepRecord& s = d->steps[i];
                QCOMPARE(s.seq, int(i + 1));
                const bool lastOne = i == d->steps.size() - 1;
                if (s.result.outcome == StepOutcome::Succeeded) {
                    QVERIFY(s.endedAt.isValid());
                    QVERIFY(s.durationMs);
                    QVERIFY(s.result.output == QLatin1String("done")
                        || s.result.output.startsWith(QLatin1String("output ")));
                } else {
                    // Only the step in flight at the kill can be anything but completed.
                    QVERIFY2(lastOne,
                        qPrintable(QStringLiteral("step %1 is %2").arg(s.seq).arg(stepOutcomeName(s.result.outcome))));
                    QCOMPARE(s.result.outcome, StepOutcome::Interrupted);
                    QVERIFY(!s.endedAt.isValid());
                }
            }
            qInfo("round %d: killed after %lld steps, the last one %s", round, static_cast<long long>(d->steps.size()),
                qPrintable(stepOutcomeName(d->steps.last().result.outcome)));
        }
    }

    void secretsNeverReachTheFile()
    {
        const QString path = journalPath(QStringLiteral("secrets.sqlite"));
        RunJournal journal;
        QVERIFY(journal.open(path));
        journal.setKnownSecrets(passwordsInConninfo(kConninfo) + passwordsInConninfo(kUri));
        QVERIFY(journal.mask(QStringLiteral("the password is s3cr3t-XYZ")).contains(QLatin1String("********")));

        RunStart start;
        start.runbookName = QStringLiteral("connect to ") + kUri;
        start.inventoryPath = QStringLiteral("/tmp/") + kConninfo;
        start.cluster = QStringLiteral("cluster s3cr3t-XYZ");
        start.note = kConninfo;
        const QString id = journal.beginRun(start);
        QVERIFY(!id.isEmpty());
        StepRecord s = step(QStringLiteral("Phase"), QStringLiteral("connect"));
        s.title = QStringLiteral("psql '%1'").arg(kConninfo);
        s.node = QStringLiteral("db1");
        const qint64 row = journal.beginStep(id, s);
        StepResult r;
        r.outcome = StepOutcome::Failed;
        r.error = QStringLiteral("could not connect with %1 (password s3cr3t-XYZ)").arg(kUri);
        r.output = QStringLiteral("PGPASSWORD=s3cr3t-XYZ psql \"%1\"\nusing %2\n").arg(kConninfo, kUri).repeated(200);
        r.inverse = QJsonObject { { QStringLiteral("conninfo"), kConninfo },
            { QStringLiteral("note"), QStringLiteral("quote\"s3cr3t-XYZ") } };
        QVERIFY(journal.endStep(row, r, 10));
        journal.addEvent(id, QStringLiteral("reconnecting with ") + kUri);
        journal.addEvent(id, QStringLiteral("secret was s3cr3t-XYZ"));
        QVERIFY(journal.endRun(id, RunOutcome::Failed, QStringLiteral("failed: ") + kConninfo));

        // The database file and its write-ahead log, raw, while the journal is open...
        QVERIFY(QFile::exists(path + QStringLiteral("-wal")));
        QVERIFY(!fileBytes(path + QStringLiteral("-wal")).isEmpty());
        QVERIFY(!fileBytes(path + QStringLiteral("-wal")).contains(kSecret));
        QVERIFY(!fileBytes(path).contains(kSecret));
        QVERIFY(!fileBytes(path + QStringLiteral("-wal")).contains(QStringLiteral("s3cr3t").toUtf8()));

        const auto d = journal.run(id);
        QVERIFY(d);
        QVERIFY(d->steps[0].result.output.contains(QLatin1String("********")));
        // Exports of the run and of a comparison (pictures: tst_gantt).
        for (ExportFormat f : { ExportFormat::Markdown, ExportFormat::Csv, ExportFormat::Json }) {
            for (const QList<RunDetail>& runs : { QList<RunDetail> { *d }, QList<RunDetail> { *d, *d } }) {
                const auto bytes = RunReport::render(runs, f);
                QVERIFY(bytes);
                QVERIFY2(!bytes->contains("s3cr3t"), qPrintable(exportFormatName(f)));
            }
        }
        // ...and after a checkpoint folded the log into the database.
        journal.close();
        QVERIFY(!fileBytes(path).isEmpty());
        QVERIFY(!fileBytes(path).contains(QStringLiteral("s3cr3t").toUtf8()));
        QVERIFY(!fileBytes(path + QStringLiteral("-wal")).contains(QStringLiteral("s3cr3t").toUtf8()));
    }

    void conninfoPasswordsMaskedWithoutBeingKnown()
    {
        QCOMPARE(maskSecrets(kConninfo), QStringLiteral("host=db1 port=5432 user=app password=******** dbname=shop"));
        QCOMPARE(maskSecrets(kUri), QStringLiteral("postgres://u:********@h/db"));
        QCOMPARE(maskSecrets(QStringLiteral("PGPASSWORD=abc psql")), QStringLiteral("PGPASSWORD=******** psql"));
        QCOMPARE(maskSecrets(QStringLiteral("x p%40ss y p@ss"), { QStringLiteral("p@ss") }),
            QStringLiteral("x ******** y ********"));
        QCOMPARE(passwordsInConninfo(QStringLiteral("host=h password='a\\'b' user=u")).value(0), QStringLiteral("a'b"));
        QCOMPARE(passwordsInConninfo(kUri), QStringList { QStringLiteral("s3cr3t-XYZ") });
    }

    void outputKeepsItsTail()
    {
        RunJournal journal;
        QVERIFY(journal.open(journalPath(QStringLiteral("tail.sqlite"))));
        const QString id = journal.beginRun({});
        const qint64 row = journal.beginStep(id, step(QStringLiteral("P"), QStringLiteral("big")));
        StepResult r = succeeded(QString(200 * 1024, QLatin1Char('x')) + QStringLiteral("THE END"));
        QVERIFY(journal.endStep(row, r, 1));
        const QString stored = journal.run(id)->steps[0].result.output;
        QVERIFY(stored.size() <= RunJournal::maxOutputChars + 64);
        QVERIFY(stored.endsWith(QLatin1String("THE END")));
        QVERIFY(stored.startsWith(QLatin1String("[")));
    }

    void unknownRun()
    {
        RunJournal journal;
        QVERIFY(journal.open(journalPath(QStringLiteral("unknown.sqlite"))));
        journal.beginRun({});
        QString error;
        QVERIFY(!journal.run(QStringLiteral("19990101-000000-dead"), &error));
        QVERIFY2(error.contains(QLatin1String("no run '19990101-000000-dead'")), qPrintable(error));
        QVERIFY(!journal.run(QString(), &error));
        QVERIFY(!journal.run(QStringLiteral("x'; DROP TABLE runs; --"), &error));
        QCOMPARE(journal.runs().size(), 1);
    }

    void badFilesAreLeftUntouched_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QByteArray garbage(8192, '\0');
        for (char& c : garbage)
            c = static_cast<char>(QRandomGenerator::global()->bounded(256));
        QTest::addRow("garbage") << garbage << QStringLiteral("not a run journal");
        QTest::addRow("text") << QByteArray("runs:\n  - not a database\n") << QStringLiteral("not a run journal");
        QByteArray truncated("SQLite format 3\0", 16);
        truncated += QByteArray(100, '\x07');
        QTest::addRow("damaged sqlite") << truncated << QStringLiteral("cannot");
    }

    void badFilesAreLeftUntouched()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path
            = journalPath(QStringLiteral("bad-%1.sqlite").arg(QString::fromLatin1(QTest::currentDataTag())));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        RunJournal journal;
        QString error;
        QVERIFY(!journal.open(path, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(error.contains(path));
        QVERIFY(!journal.isOpen());
        QVERIFY(journal.beginRun({}).isEmpty());
        QCOMPARE(fileBytes(path), content);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void otherSqliteDatabaseIsRefused()
    {
        const QString path = journalPath(QStringLiteral("other.sqlite"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE notes (t TEXT)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        const QByteArray before = fileBytes(path);
        RunJournal journal;
        QString error;
        QVERIFY(!journal.open(path, &error));
        QVERIFY2(error.contains(QLatin1String("not a run journal")), qPrintable(error));
        QCOMPARE(fileBytes(path), before);
    }

    void missingFileIsNotCreatedForReading()
    {
        const QString path = journalPath(QStringLiteral("nowhere/journal.sqlite"));
        RunJournal journal;
        QString error;
        QVERIFY(!journal.open(path, &error, RunJournal::OpenMode::MustExist));
        QVERIFY2(error.contains(QLatin1String("no journal at")), qPrintable(error));
        QVERIFY(!QFile::exists(path));
        QVERIFY(journal.open(path, &error)); // recording creates it, directory included
        QVERIFY(QFile::exists(path));
    }

    void newerSchemaIsRefused()
    {
        const QString path = journalPath(QStringLiteral("newer.sqlite"));
        {
            RunJournal journal;
            QVERIFY(journal.open(path));
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=%1").arg(RunJournal::schemaVersion + 1)));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bump"));
        RunJournal journal;
        QString error;
        QVERIFY(!journal.open(path, &error));
        QVERIFY2(error.contains(QLatin1String("newer")), qPrintable(error));
    }

    // A journal written before loops existed (schema 3) is read as it is, and migrated when opened
    // for writing: its runs intact, loops journaled from then on.
    void schema3JournalIsReadAndMigrated()
    {
        const QString path = journalPath(QStringLiteral("schema3.sqlite"));
        QString id;
        {
            RunJournal journal;
            QVERIFY(journal.open(path));
            id = journal.beginRun({});
            const qint64 row = journal.beginStep(id, step(QStringLiteral("P"), QStringLiteral("before-loops")));
            QVERIFY(journal.endStep(row, succeeded(QStringLiteral("done")), 12));
            QVERIFY(journal.endRun(id, RunOutcome::Completed));
        }
        const auto userVersion = [&path]() {
            int version = -1;
            {
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
                db.setDatabaseName(path);
                if (db.open()) {
                    QSqlQuery q(db);
                    if (q.exec(QStringLiteral("PRAGMA user_version")) && q.next())
                        version = q.value(0).toInt();
                }
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("peek"));
            return version;
        };
        {
            // Take the file back to what schema 3 wrote: no loop columns, no iterations table.
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("downgrade"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            for (const char* sql : { "DROP TABLE step_iterations", "ALTER TABLE steps DROP COLUMN loop_rows",
                     "ALTER TABLE steps DROP COLUMN iteration", "PRAGMA user_version=3" })
                QVERIFY2(q.exec(QString::fromLatin1(sql)), qPrintable(q.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("downgrade"));
        QCOMPARE(userVersion(), 3);

        {
            RunJournal reader;
            QVERIFY2(reader.open(path, nullptr, RunJournal::OpenMode::ReadOnly), qPrintable(reader.lastError()));
            const auto d = reader.run(id);
            QVERIFY2(d, qPrintable(reader.lastError()));
            QCOMPARE(d->steps.size(), 1);
            QCOMPARE(d->steps[0].stepId, QStringLiteral("before-loops"));
            QCOMPARE(d->steps[0].result.output, QStringLiteral("done"));
            QVERIFY(!d->steps[0].loopRows);
        }
        QCOMPARE(userVersion(), 3); // reading never migrates

        RunJournal journal;
        QString error;
        QVERIFY2(journal.open(path, &error), qPrintable(error));
        QCOMPARE(userVersion(), RunJournal::schemaVersion);
        QCOMPARE(journal.run(id)->run.outcome, RunOutcome::Completed);
        QCOMPARE(journal.run(id)->steps.value(0).result.output, QStringLiteral("done"));

        const QString next = journal.beginRun({});
        const qint64 loopRow = journal.beginStep(next, step(QStringLiteral("P"), QStringLiteral("each-table")));
        const QList<LoopRow> rows { { { QStringLiteral("tbl"), QStringLiteral("public.a") } },
            { { QStringLiteral("tbl"), QStringLiteral("public.b") } } };
        QVERIFY2(journal.recordLoopRows(loopRow, rows), qPrintable(journal.lastError()));
        const qint64 first = journal.beginIteration(loopRow, 1, rows[0]);
        QVERIFY2(first > 0, qPrintable(journal.lastError()));
        QVERIFY(journal.endIteration(first, succeeded(QStringLiteral("analyzed")), 3));
        const qint64 second = journal.beginIteration(loopRow, 2, rows[1]);
        QVERIFY(second > 0);
        const auto d = journal.run(next);
        QVERIFY(d);
        QCOMPARE(d->steps.size(), 1);
        QCOMPARE(d->steps[0].loopRows, std::optional<QList<LoopRow>>(rows));
        QCOMPARE(d->steps[0].iterations.size(), 2);
        QCOMPARE(d->steps[0].iterations[0].index, 1);
        QCOMPARE(d->steps[0].iterations[0].outcome, StepOutcome::Succeeded);
        QCOMPARE(d->steps[0].iterations[0].item, rows[0]);
        QCOMPARE(d->steps[0].iterations[1].outcome, StepOutcome::Running);
    }

    void twoInstancesShareOneFile()
    {
        const QString path = journalPath(QStringLiteral("shared.sqlite"));
        RunJournal writer, reader;
        QVERIFY(writer.open(path));
        QVERIFY(reader.open(path));
        const QString id = writer.beginRun({});
        const qint64 row = writer.beginStep(id, step(QStringLiteral("P"), QStringLiteral("s")));
        QCOMPARE(reader.run(id)->steps.value(0).result.outcome, StepOutcome::Running);
        writer.endStep(row, succeeded(), 5);
        QCOMPARE(reader.run(id)->steps.value(0).result.outcome, StepOutcome::Succeeded);
    }

    void writeTimings()
    {
        RunJournal journal;
        QVERIFY(journal.open(journalPath(QStringLiteral("timing.sqlite"))));
        const QString id = journal.beginRun({});
        QList<qint64> pairs;
        QElapsedTimer total;
        total.start();
        for (int i = 0; i < 200; ++i) {
            QElapsedTimer t;
            t.start();
            const qint64 row = journal.beginStep(id, step(QStringLiteral("P"), QStringLiteral("s%1").arg(i)));
            QVERIFY(journal.endStep(row, succeeded(QStringLiteral("ok")), 1));
            pairs << t.nsecsElapsed();
        }
        std::sort(pairs.begin(), pairs.end());
        qInfo("beginStep+endStep (synchronous=FULL, WAL): median %.2f ms, p90 %.2f ms, max %.2f ms over 200 pairs",
            pairs[100] / 1e6, pairs[180] / 1e6, pairs.last() / 1e6);
        // Generous: the journal is on the step path, but a slow CI disk must not fail the build.
        QVERIFY2(pairs[100] < 250'000'000, "journal writes are far slower than expected");
    }

    // Defect 9: the journal was created 0644; it holds what every run did: only its owner reads it.
    void journalIsPrivate()
    {
        const QString path = journalPath(QStringLiteral("private.sqlite"));
        RunJournal journal;
        QVERIFY2(journal.open(path), qPrintable(journal.lastError()));
        RunStart start;
        start.runbookName = QStringLiteral("private");
        QVERIFY(!journal.beginRun(start).isEmpty());
        const auto others = QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther;
        for (const QString& file : { path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm") }) {
            QVERIFY2(QFileInfo::exists(file), qPrintable(file));
            QVERIFY2((QFileInfo(file).permissions() & others) == QFileDevice::Permissions(), qPrintable(file));
        }
    }

    // Defect 4: claiming a run is one transaction: of two claims, exactly one wins, and a claim
    // made on what was read before someone else went on is refused.
    void claimIsAtomic()
    {
        const QString path = journalPath(QStringLiteral("claim.sqlite"));
        RunJournal a;
        RunJournal b;
        QVERIFY2(a.open(path), qPrintable(a.lastError()));
        QVERIFY2(b.open(path), qPrintable(b.lastError()));
        RunStart start;
        start.runbookName = QStringLiteral("claims");
        const QString id = a.beginRun(start);
        const qint64 row = a.beginStep(id, step(QStringLiteral("One"), QStringLiteral("first")));
        QVERIFY(a.endStep(row, succeeded(), 5));
        QVERIFY(a.endRun(id, RunOutcome::Failed, QStringLiteral("stopped")));
        QVERIFY2(a.claimRun(id, 1), qPrintable(a.lastError()));
        QVERIFY(!b.claimRun(id, 1)); // this very process holds it: nobody else may go on with it
        QVERIFY2(b.lastError().contains(QStringLiteral("already running in process")), qPrintable(b.lastError()));
        QVERIFY(a.endRun(id, RunOutcome::Failed, QStringLiteral("stopped again")));
        QVERIFY(!b.claimRun(id, 0)); // read before a step was added
        QVERIFY2(b.lastError().contains(QStringLiteral("changed since")), qPrintable(b.lastError()));
        QVERIFY2(b.claimRun(id, 1), qPrintable(b.lastError()));
        const auto d = a.run(id);
        QVERIFY(d);
        QCOMPARE(d->run.outcome, RunOutcome::Running);
        int claims = 0;
        for (const JournalEvent& e : d->events)
            claims += e.text.startsWith(QStringLiteral("claimed by process"));
        QCOMPARE(claims, 2);
    }

    // Defect 12: reading a journal never writes it; a run whose owner is gone reads as interrupted.
    void readOnlyNeverWrites()
    {
        const QString path = journalPath(QStringLiteral("readonly.sqlite"));
        QProcess child;
        const QString id = startChild(child, path, QStringLiteral("hold"));
        QVERIFY(!id.isEmpty());
        child.kill(); // SIGKILL: the run stays "running", its owner gone
        QVERIFY(child.waitForFinished(5000));
        const QByteArray before = fileBytes(path);
        const QByteArray walBefore = fileBytes(path + QStringLiteral("-wal"));
        RunJournal journal;
        QVERIFY2(journal.open(path, nullptr, RunJournal::OpenMode::ReadOnly), qPrintable(journal.lastError()));
        const QList<RunSummary> runs = journal.runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().outcome, RunOutcome::Interrupted);
        const auto d = journal.run(id);
        QVERIFY(d);
        QCOMPARE(d->steps.size(), 2);
        QCOMPARE(d->steps[1].result.outcome, StepOutcome::Interrupted);
        QVERIFY(journal.beginRun(RunStart {}).isEmpty()); // and it refuses to write
        journal.close();
        QCOMPARE(fileBytes(path), before);
        QCOMPARE(fileBytes(path + QStringLiteral("-wal")), walBefore);
        // Opened for writing, it is marked for good.
        RunJournal writer;
        QVERIFY(writer.open(path));
        QCOMPARE(writer.run(id)->run.outcome, RunOutcome::Interrupted);
    }

    // Defects 2 and 10: a switch's intent and a step's process groups are in the journal while the
    // step runs, for whoever finds it interrupted.
    void intentAndProcessesAreJournaledWhileRunning()
    {
        RunJournal journal;
        QVERIFY(journal.open(journalPath(QStringLiteral("intent.sqlite"))));
        RunStart start;
        start.runbookName = QStringLiteral("intent");
        const QString id = journal.beginRun(start);
        StepRecord sw = step(QStringLiteral("One"), QStringLiteral("away"), QStringLiteral("switch"));
        sw.result.inverse = { { QStringLiteral("kind"), QStringLiteral("switch") }, { QStringLiteral("endpoint"), QStringLiteral("app") },
            { QStringLiteral("to"), QStringLiteral("db1") } };
        const qint64 row = journal.beginStep(id, sw);
        QVERIFY(row > 0);
        QVERIFY2(journal.recordProcess(row, { QStringLiteral("local"), 4242, QStringLiteral("777") }), qPrintable(journal.lastError()));
        QVERIFY(journal.recordProcess(row, { QStringLiteral("db-host"), 99, QString() }));
        const auto d = journal.run(id);
        QVERIFY(d);
        QCOMPARE(d->steps.first().result.inverse.value(QStringLiteral("to")).toString(), QStringLiteral("db1"));
        QCOMPARE(d->steps.first().processes.size(), 2);
        QCOMPARE(d->steps.first().processes[0].processGroup, 4242);
        QCOMPARE(d->steps.first().processes[0].startTime, QStringLiteral("777"));
        QCOMPARE(d->steps.first().processes[1].host, QStringLiteral("db-host"));
    }

    // Marking a dead process's runs interrupted reads, then writes. Begun deferred, that transaction
    // turned writer while another process (a running console) was writing, and SQLite answered
    // "database is locked" at once, without waiting: the run stayed "running" for good. Here a child
    // process writes step after step while this one opens the journal and marks its orphans; every
    // orphan must be marked and every one of the child's writes must land.
    void orphansAreMarkedWhileAnotherProcessWrites()
    {
        for (int round = 0; round < 3; ++round) {
            const QString path = journalPath(QStringLiteral("busy-%1.sqlite").arg(round));
            QProcess child;
            const QString childRun = startChild(child, path, QStringLiteral("paced"));
            QVERIFY(!childRun.isEmpty());
            QStringList orphans;
            {
                RunJournal setup;
                QVERIFY2(setup.open(path), qPrintable(setup.lastError()));
                for (int i = 0; i < 30; ++i) {
                    const QString id = setup.beginRun({});
                    QVERIFY2(!id.isEmpty(), qPrintable(setup.lastError()));
                    QVERIFY2(setup.beginStep(id, step(QStringLiteral("One"), QStringLiteral("first"))) > 0, qPrintable(setup.lastError()));
                    orphans << id;
                }
            }
            {
                // Their owner "gone": pid 0 is no process's.
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("orphans"));
                db.setDatabaseName(path);
                db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
                QVERIFY(db.open());
                QSqlQuery q(db);
                QVERIFY2(q.exec(QStringLiteral("UPDATE runs SET pid = 0 WHERE id <> '%1'").arg(childRun)), qPrintable(q.lastError().text()));
                QCOMPARE(q.numRowsAffected(), orphans.size());
                q.finish();
                db.close();
            }
            QSqlDatabase::removeDatabase(QStringLiteral("orphans"));
            RunJournal opener;
            QVERIFY2(opener.open(path), qPrintable(opener.lastError()));
            // SQLite does not queue waiting writers: the child may have waited all along. Let it write some.
            QTRY_VERIFY_WITH_TIMEOUT(opener.run(childRun)->steps.size() > 3, 10000);
            child.kill();
            QVERIFY(child.waitForFinished(5000));
            const QByteArray childSaid = child.readAllStandardError();
            QVERIFY2(childSaid.isEmpty(), childSaid.left(2000).constData());
            QStringList stillRunning;
            for (const RunSummary& r : opener.runs())
                if (r.id != childRun && r.outcome != RunOutcome::Interrupted)
                    stillRunning << r.id;
            QVERIFY2(stillRunning.isEmpty(), qPrintable(QStringLiteral("round %1: %2 of %3 orphans left unmarked: %4")
                                                            .arg(round).arg(stillRunning.size()).arg(orphans.size()).arg(opener.lastError())));
            // The child's side: its steps are numbered without a gap, and each but its last ended.
            const auto d = opener.run(childRun);
            QVERIFY(d);
            for (qsizetype i = 1; i < d->steps.size(); ++i) {
                QCOMPARE(d->steps[i].stepId, QStringLiteral("step-%1").arg(i - 1));
                if (i + 1 < d->steps.size())
                    QCOMPARE(d->steps[i].result.outcome, StepOutcome::Succeeded);
            }
        }
    }

    // Two processes (here: threads, each its own connection) opening a journal that does not exist
    // yet, at the same moment: both get it (a console starting while another looks at its journal).
    void createdByTwoAtOnce()
    {
        for (int round = 0; round < 20; ++round) {
            const QString path = journalPath(QStringLiteral("race-%1.sqlite").arg(round));
            std::atomic<int> opened { 0 };
            QString errors[2];
            std::atomic<bool> go { false };
            std::vector<std::thread> threads;
            for (int i = 0; i < 2; ++i)
                threads.emplace_back([&, i] {
                    while (!go) { }
                    RunJournal j;
                    if (j.open(path, &errors[i], i == 0 ? RunJournal::OpenMode::CreateIfMissing : RunJournal::OpenMode::MustExist)
                        || errors[i].startsWith(QStringLiteral("no journal")))
                        ++opened;
                });
            go = true;
            for (std::thread& t : threads)
                t.join();
            QVERIFY2(opened == 2, qPrintable(errors[0] + QLatin1Char('|') + errors[1]));
        }
    }
};

QTEST_GUILESS_MAIN(TstRunJournal)
#include "tst_runjournal.moc"
