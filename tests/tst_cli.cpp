// The headless command line end to end: the real `runbook-console` binary, driven with QProcess
// (stdin closed, no display), against one real sandbox cluster. Exit codes, progress on stderr,
// kill -9 mid-step and resume, rollback by command, secrets kept out of every output, run listing
// and comparison.
#include "consoledriver.h"
#include "core/pgconnection.h"
#include "journal/rundetail.h"
#include "journal/runjournal.h"
#include "runbook/documentloader.h"
#include "sandbox/sandbox.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>


class TestCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void exitCodes_data();
    void exitCodes();
    void progressGoesToStderr();
    void killNineMidStepThenResume_data();
    void killNineMidStepThenResume();
    void rollbackByCommand();
    void rollbackPastPointOfNoReturnIsRefused();
    void secretsNeverLeak();
    void runsListAndCompare();

private:
    CliResult cli(const QStringList& args, int timeoutMs = 90000);
    QString writeRunbook(const QString& name, const QByteArray& yaml);
    QString journalPath(const QString& name);
    std::optional<QJsonObject> exportJson(const QString& journal, const QString& run = QStringLiteral("last"));
    // Runs SQL on db1 as postgres (directly) or through the app endpoint; the first value, or "error: ...".
    QString db1Scalar(const QString& sql);
    QString appScalar(const QString& sql);
    QString scalarOn(const QString& conninfo, const QString& sql);
    void terminateSleepers();

    QTemporaryDir m_tmp { QStringLiteral("/tmp/rbc-tst-cli-XXXXXX") };
    std::unique_ptr<Sandbox> m_sandbox;
    QString m_inventory;
    QString m_db1Conninfo;
    QString m_appConninfo;
    ConsoleDriver m_console;
};

void TestCli::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    // Servers run as postgres when we are root: they must be able to reach the sandbox below.
    QVERIFY(QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
            | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    QElapsedTimer t;
    t.start();
    m_sandbox = std::make_unique<Sandbox>(m_tmp.filePath(QStringLiteral("sb")));
    SandboxOptions o;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(m_sandbox->up(o, {}, &error), qPrintable(error));
    qInfo("sandbox up in %lld ms", t.elapsed());
    m_inventory = m_sandbox->inventoryPath();
    const LoadedDocument inv = DocumentLoader::loadInventory(m_inventory);
    QVERIFY(inv.ok());
    const InventoryNode* db1 = inv.inventory->resolveNode(QStringLiteral("db1"));
    QVERIFY(db1);
    m_db1Conninfo = db1->conninfo;
    QVERIFY(inv.inventory->endpoint(QStringLiteral("app")));
    m_appConninfo = inv.inventory->endpoint(QStringLiteral("app"))->conninfo;

    // The binary keeps everything of its own (default journal, settings) inside the temp dir.
    QVERIFY(m_console.setUp(m_tmp.path()));
}

void TestCli::cleanupTestCase()
{
    if (m_sandbox) {
        QString error;
        if (!m_sandbox->down({}, &error))
            qWarning("sandbox down: %s", qPrintable(error));
    }
}

CliResult TestCli::cli(const QStringList& args, int timeoutMs)
{
    return m_console.run(args, timeoutMs);
}

QString TestCli::writeRunbook(const QString& name, const QByteArray& yaml)
{
    return m_console.writeRunbook(name, yaml);
}

QString TestCli::journalPath(const QString& name)
{
    return m_console.journalPath(name);
}

std::optional<QJsonObject> TestCli::exportJson(const QString& journal, const QString& run)
{
    return m_console.exportJson(journal, run);
}

QString TestCli::scalarOn(const QString& conninfo, const QString& sql)
{
    PgConnection c;
    if (!c.open(conninfo))
        return QStringLiteral("error: connect: ") + c.lastError().message;
    const auto v = c.scalar(sql);
    return v ? *v : QStringLiteral("error %1: %2").arg(c.lastError().sqlstate, c.lastError().message);
}

QString TestCli::db1Scalar(const QString& sql)
{
    return scalarOn(m_db1Conninfo, sql);
}

// Through PgBouncer. A switch whose PAUSE closes a server connection still logging in makes
// PgBouncer 1.18 wait server_login_retry (15 s by default) before it connects again: clients stall
// until then (a known product issue, see the report). Connection timeouts are retried up to 20 s, and
// said out loud; anything else is the answer.
QString TestCli::appScalar(const QString& sql)
{
    QElapsedTimer t;
    t.start();
    QString v;
    do {
        PgConnection c;
        if (c.open(m_appConninfo, 3)) {
            const auto r = c.scalar(sql);
            v = r ? *r : QStringLiteral("error %1: %2").arg(c.lastError().sqlstate, c.lastError().message);
            break;
        }
        v = QStringLiteral("error: connect: ") + c.lastError().message;
    } while (v.contains(QStringLiteral("timeout expired")) && t.elapsed() < 20000);
    if (t.elapsed() > 2000)
        qWarning("the app endpoint (PgBouncer) took %lld ms to answer: %s", t.elapsed(), qPrintable(v));
    return v;
}

// Test hygiene after a kill -9: the server backend of the killed client keeps sleeping until it
// notices; end it so it holds nothing.
void TestCli::terminateSleepers()
{
    db1Scalar(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                             "WHERE query LIKE '%pg_sleep(%' AND pid <> pg_backend_pid()"));
}

// ---------------------------------------------------------------------------------------------
// 1. Exit codes: 0 completed, 1 failed, 2 invalid input (nothing run, nothing journaled), 3 rolled back.

void TestCli::exitCodes_data()
{
    QTest::addColumn<QByteArray>("runbook"); // %T: a table name of this row's own
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("outcome"); // empty: no run may be journaled
    QTest::addColumn<QStringList>("steps"); // the journal's steps in order
    QTest::addColumn<QString>("stderrPattern"); // %F: the runbook's path, regex-escaped
    QTest::addColumn<bool>("tableExists"); // the first step creates %T
    QTest::addColumn<QString>("label");

    const QByteArray twoSteps = R"yaml(runbook: cli exit codes
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: make
        sql: CREATE TABLE %T (id int)
        on: old_primary
      - id: ping
        sql: SELECT 1
        on: old_primary
)yaml";
    const QStringList twoDone { QStringLiteral("make=succeeded"), QStringLiteral("ping=succeeded") };
    const QString prod = QStringLiteral("production");
    const QString rehearsal = QStringLiteral("rehearsal");

    QTest::newRow("completed") << twoSteps << QStringList {} << 0 << QStringLiteral("completed") << twoDone
                               << QStringLiteral("^run \\S+ completed: all 2 steps completed$") << true << rehearsal;
    QTest::newRow("failing step") << QByteArray(R"yaml(runbook: cli exit codes
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: make
        sql: CREATE TABLE %T (id int)
        on: old_primary
      - id: boom
        sql: SELECT 1/0
        on: old_primary
      - id: never
        sql: SELECT 1
        on: old_primary
)yaml") << QStringList {} << 1
                                  << QStringLiteral("failed") << QStringList { QStringLiteral("make=succeeded"), QStringLiteral("boom=failed") }
                                  << QStringLiteral("^\\[2/3\\] boom failed after .*division by zero") << true << rehearsal;
    QTest::newRow("rollback on failure") << QByteArray(R"yaml(runbook: cli exit codes
requires: {nodes: [old_primary, read_replica], endpoints: [app]}
phases:
  - name: One
    steps:
      - id: make
        sql: CREATE TABLE %T (id int)
        on: old_primary
        rollback: {sql: DROP TABLE %T, on: old_primary}
      - id: to-replica
        switch: {endpoint: app, to: read_replica}
      - id: boom
        sql: SELECT 1/0
        on: old_primary
      - id: never
        switch: {endpoint: app, to: old_primary}
)yaml") << QStringList { QStringLiteral("--rollback-on-failure") }
                                         << 3 << QStringLiteral("rolled-back")
                                         << QStringList { QStringLiteral("make=succeeded"), QStringLiteral("to-replica=succeeded"),
                                                QStringLiteral("boom=failed"), QStringLiteral("undo:to-replica=succeeded"),
                                                QStringLiteral("undo:make=succeeded") }
                                         << QStringLiteral("^run \\S+ rolled-back: ") << false << rehearsal;
    QTest::newRow("invalid: unknown key") << QByteArray(R"yaml(runbook: cli exit codes
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: make
        sql: CREATE TABLE %T (id int)
        on: old_primary
        tiemout: 5s
)yaml") << QStringList {} << 2 << QString()
                                          << QStringList {} << QStringLiteral("^%F:9:9: unknown key 'tiemout' in step 'make'; did you mean 'timeout'\\?$")
                                          << false << QString();
    QTest::newRow("invalid: YAML syntax") << QByteArray("runbook: cli exit codes\nrequires: {nodes: [old_primary\nphases: []\n")
                                          << QStringList {} << 2 << QString() << QStringList {}
                                          << QStringLiteral("^%F:\\d+:\\d+: YAML syntax error") << false << QString();
    QTest::newRow("invalid: unknown node") << QByteArray(R"yaml(runbook: cli exit codes
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: make
        sql: CREATE TABLE %T (id int)
        on: old_primry
)yaml") << QStringList {} << 2 << QString()
                                           << QStringList {} << QStringLiteral("^%F:8:13: 'on' names node 'old_primry'") << false << QString();
    const QByteArray gated = R"yaml(runbook: cli exit codes
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: make
        sql: CREATE TABLE %T (id int)
        on: old_primary
      - id: drain-the-lb
        manual: Take the web servers out of the load balancer.
)yaml";
    QTest::newRow("manual gate without --yes") << gated << QStringList {} << 2 << QString() << QStringList {}
                                               << QStringLiteral("manual gates \\(drain-the-lb\\).*--yes") << false << QString();
    QTest::newRow("manual gate with --yes") << gated << QStringList { QStringLiteral("--yes") } << 0 << QStringLiteral("completed")
                                            << QStringList { QStringLiteral("make=succeeded"), QStringLiteral("drain-the-lb=succeeded") }
                                            << QStringLiteral("^    MANUAL drain-the-lb: Take the web servers") << true << rehearsal;
    QTest::newRow("production, no TTY, no confirmation")
        << twoSteps << QStringList { QStringLiteral("--label"), prod } << 2 << QString() << QStringList {}
        << QStringLiteral("^production run refused: .*--confirm-cluster sandbox$") << false << QString();
    QTest::newRow("production confirmed") << twoSteps << QStringList { QStringLiteral("--label"), prod, QStringLiteral("--confirm-cluster"), QStringLiteral("sandbox") }
                                          << 0 << QStringLiteral("completed") << twoDone << QStringLiteral("^run \\S+ completed") << true << prod;
    QTest::newRow("production, wrong cluster name")
        << twoSteps << QStringList { QStringLiteral("--label"), prod, QStringLiteral("--confirm-cluster"), QStringLiteral("prod-eu") } << 2 << QString()
        << QStringList {} << QStringLiteral("^production run refused: .*'prod-eu'.*'sandbox'") << false << QString();
    QTest::newRow("unknown label") << twoSteps << QStringList { QStringLiteral("--label"), QStringLiteral("staging") } << 2 << QString()
                                   << QStringList {} << QStringLiteral("--label is rehearsal or production") << false << QString();
}

void TestCli::exitCodes()
{
    QFETCH(QByteArray, runbook);
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QString, outcome);
    QFETCH(QStringList, steps);
    QFETCH(QString, stderrPattern);
    QFETCH(bool, tableExists);
    QFETCH(QString, label);

    static int row = 0;
    ++row;
    const QString table = QStringLiteral("cli_ec_%1").arg(row);
    QVERIFY(db1Scalar(QStringLiteral("SELECT to_regclass('%1') IS NULL").arg(table)) == QLatin1String("t"));
    const QString path = writeRunbook(QStringLiteral("exit-%1").arg(row), runbook.replace("%T", table.toUtf8()));
    QVERIFY(!path.isEmpty());
    const QString journal = journalPath(QStringLiteral("exit-%1").arg(row));

    const CliResult r = cli(QStringList { QStringLiteral("run"), path, QStringLiteral("--inventory"), m_inventory, QStringLiteral("--journal"), journal } + args);
    QVERIFY2(r.finished && !r.crashed, qPrintable(r.describe()));
    QVERIFY2(r.exitCode == code, qPrintable(r.describe()));
    const QRegularExpression pattern(QString(stderrPattern).replace(QStringLiteral("%F"), QRegularExpression::escape(path)),
        QRegularExpression::MultilineOption);
    QVERIFY(pattern.isValid());
    QVERIFY2(pattern.match(r.err).hasMatch(), qPrintable(QStringLiteral("stderr does not match %1\n").arg(pattern.pattern()) + r.describe()));

    // What ran on the cluster, and where clients are routed afterwards.
    QCOMPARE(db1Scalar(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(table)), tableExists ? QStringLiteral("t") : QStringLiteral("f"));
    QCOMPARE(appScalar(QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));

    if (outcome.isEmpty()) {
        // Refused before anything happened: no run, not even a journal file.
        QVERIFY2(r.out.isEmpty(), qPrintable(r.describe()));
        QVERIFY2(!QFileInfo::exists(journal), qPrintable(journal));
        const CliResult runs = cli({ QStringLiteral("runs"), QStringLiteral("--journal"), journal });
        QCOMPARE(runs.exitCode, 0);
        QVERIFY2(runs.out.startsWith(QStringLiteral("no runs yet")), qPrintable(runs.describe()));
        return;
    }
    // stdout is the run id and nothing else; progress went to stderr.
    const QString id = r.out.trimmed();
    QVERIFY2(runIdPattern().match(id).hasMatch(), qPrintable(r.describe()));
    QCOMPARE(r.out, id + QLatin1Char('\n'));
    const auto json = exportJson(journal);
    QVERIFY(json);
    const QJsonObject run = json->value(QStringLiteral("run")).toObject();
    QCOMPARE(run.value(QStringLiteral("id")).toString(), id);
    QCOMPARE(run.value(QStringLiteral("outcome")).toString(), outcome);
    QCOMPARE(run.value(QStringLiteral("label")).toString(), label);
    QCOMPARE(run.value(QStringLiteral("cluster")).toString(), QStringLiteral("sandbox"));
    QCOMPARE(stepOrder(*json), steps);
}

// ---------------------------------------------------------------------------------------------
// 2. Progress: plain lines on stderr with step id, elapsed time and outcome; nothing waits for a key.

void TestCli::progressGoesToStderr()
{
    const QString path = writeRunbook(QStringLiteral("progress"), R"yaml(runbook: cli progress
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: first
        sql: SELECT pg_sleep(0.3)
        on: old_primary
        expected: 2s
      - id: gate
        manual: Check the dashboard.
      - id: say
        shell: echo hello-progress
        on: old_primary
  - name: Two
    steps:
      - id: boom
        sql: SELECT 1/0
        on: old_primary
)yaml");
    QVERIFY(!path.isEmpty());
    const QString journal = journalPath(QStringLiteral("progress"));
    const CliResult r = cli({ QStringLiteral("run"), path, QStringLiteral("--inventory"), m_inventory, QStringLiteral("--journal"), journal, QStringLiteral("--yes") }, 60000);
    QVERIFY2(r.finished, qPrintable(r.describe())); // stdin is closed: nothing may wait for a keypress
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    const QString id = r.out.trimmed();
    QVERIFY2(runIdPattern().match(id).hasMatch(), qPrintable(r.describe()));
    const QStringList lines = r.err.split(QLatin1Char('\n'));
    const auto expectLine = [&](const QString& re) {
        const QRegularExpression rx(QStringLiteral("^") + re + QStringLiteral("$"));
        for (const QString& l : lines)
            if (rx.match(l).hasMatch())
                return true;
        qWarning("no stderr line matches %s", qPrintable(rx.pattern()));
        return false;
    };
    const QString elapsed = QStringLiteral("\\d+\\.\\d\\d s");
    QVERIFY2(expectLine(QStringLiteral("run %1: cli progress on sandbox").arg(id)), qPrintable(r.err));
    QVERIFY2(expectLine(QStringLiteral("\\[1/4\\] first \\(sql on db1\\), expected 2\\.00 s")), qPrintable(r.err));
    QVERIFY2(expectLine(QStringLiteral("\\[1/4\\] first succeeded after %1").arg(elapsed)), qPrintable(r.err));
    QVERIFY2(expectLine(QStringLiteral("    MANUAL gate: Check the dashboard\\.")), qPrintable(r.err));
    QVERIFY2(expectLine(QStringLiteral("\\[2/4\\] gate succeeded after %1").arg(elapsed)), qPrintable(r.err));
    QVERIFY2(expectLine(QStringLiteral("    hello-progress")), qPrintable(r.err));
    QVERIFY2(expectLine(QStringLiteral("\\[3/4\\] say succeeded after %1").arg(elapsed)), qPrintable(r.err));
    QVERIFY2(expectLine(QStringLiteral("\\[4/4\\] boom failed after %1: .*division by zero.*").arg(elapsed)), qPrintable(r.err));
    QVERIFY2(expectLine(QStringLiteral("run %1 failed: step boom failed: .*").arg(id)), qPrintable(r.err));
    // The first step really took its 0.3 s, and says so.
    const QRegularExpression firstDone(QStringLiteral("^\\[1/4\\] first succeeded after (\\d+\\.\\d\\d) s$"), QRegularExpression::MultilineOption);
    const double firstSeconds = firstDone.match(r.err).captured(1).toDouble();
    QVERIFY2(firstSeconds >= 0.29 && firstSeconds < 5, qPrintable(r.err));
    // Started lines come before finished lines, step by step.
    QVERIFY(r.err.indexOf(QStringLiteral("[1/4] first (")) < r.err.indexOf(QStringLiteral("[1/4] first succeeded")));
    QVERIFY(r.err.indexOf(QStringLiteral("[1/4] first succeeded")) < r.err.indexOf(QStringLiteral("[2/4] gate")));
    QVERIFY(r.err.indexOf(QStringLiteral("[3/4] say succeeded")) < r.err.indexOf(QStringLiteral("[4/4] boom (")));
    // stdout carries only the run id.
    QCOMPARE(r.out, id + QLatin1Char('\n'));
    // The manual gate is journaled as passed by --yes.
    const auto json = exportJson(journal);
    QVERIFY(json);
    bool yesEvent = false;
    for (const QJsonValue& e : json->value(QStringLiteral("events")).toArray())
        yesEvent = yesEvent || e.toObject().value(QStringLiteral("text")).toString().contains(QStringLiteral("'gate' confirmed by --yes"));
    QVERIFY(yesEvent);
}

// ---------------------------------------------------------------------------------------------
// 3. kill -9 in the middle of a step: the journal tells the truth, and the interrupted step is never
// re-run without the operator's word.

void TestCli::killNineMidStepThenResume_data()
{
    QTest::addColumn<QString>("choice");
    QTest::newRow("skip") << QStringLiteral("--skip-interrupted");
    QTest::newRow("rerun") << QStringLiteral("--rerun-interrupted");
}

void TestCli::killNineMidStepThenResume()
{
    QFETCH(QString, choice);
    const bool rerun = choice == QLatin1String("--rerun-interrupted");
    const QString tag = rerun ? QStringLiteral("rerun") : QStringLiteral("skip");
    const QString marker = QStringLiteral("cli_kill_%1_marker").arg(tag);
    const QString after = QStringLiteral("cli_kill_%1_after").arg(tag);
    // Step 2 sleeps 30 s while the marker table exists, and returns at once without it.
    const QString path = writeRunbook(QStringLiteral("kill-%1").arg(tag), QStringLiteral(R"yaml(runbook: cli kill nine
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: quick
        sql: CREATE TABLE %1 (id int)
        on: old_primary
      - id: sleepy
        sql: SELECT pg_sleep(CASE WHEN to_regclass('%1') IS NULL THEN 0 ELSE 30 END)
        on: old_primary
      - id: after
        sql: CREATE TABLE %2 (id int)
        on: old_primary
)yaml")
                                                                                     .arg(marker, after)
                                                                                     .toUtf8());
    QVERIFY(!path.isEmpty());
    const QString journal = journalPath(QStringLiteral("kill-%1").arg(tag));

    QProcess p;
    m_console.start(p, { QStringLiteral("run"), path, QStringLiteral("--inventory"), m_inventory, QStringLiteral("--journal"), journal });
    QVERIFY(p.state() == QProcess::Running);

    // Wait until the journal says step 2 is running, reading it as any other process would.
    QString runId;
    QElapsedTimer t;
    t.start();
    bool sleeping = false;
    while (!sleeping && t.elapsed() < 30000 && p.state() == QProcess::Running) {
        QTest::qWait(100);
        if (!QFileInfo::exists(journal))
            continue;
        RunJournal j;
        if (!j.open(journal, nullptr, RunJournal::OpenMode::MustExist))
            continue;
        const auto d = j.run(QStringLiteral("last"));
        if (d && d->steps.size() == 2 && d->steps[1].stepId == QLatin1String("sleepy") && d->steps[1].result.outcome == StepOutcome::Running) {
            QCOMPARE(d->steps[0].result.outcome, StepOutcome::Succeeded);
            QCOMPARE(d->run.outcome, RunOutcome::Running); // its process is alive: not marked interrupted
            runId = d->run.id;
            sleeping = true;
        }
    }
    QVERIFY2(sleeping, qPrintable(QString::fromUtf8(p.readAllStandardError())));
    // Let the server really be inside pg_sleep.
    QTRY_COMPARE_WITH_TIMEOUT(db1Scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(CASE%'")), QStringLiteral("1"), 10000);
    ::kill(static_cast<pid_t>(p.processId()), SIGKILL);
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    terminateSleepers();

    // `runs` shows it interrupted; the export shows exactly what happened.
    const CliResult runs = cli({ QStringLiteral("runs"), QStringLiteral("--journal"), journal });
    QVERIFY2(runs.exitCode == 0, qPrintable(runs.describe()));
    const QStringList runLines = runs.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(runLines.size(), 2); // header and our run
    QVERIFY2(runLines[1].startsWith(runId) && runLines[1].endsWith(QStringLiteral("interrupted")), qPrintable(runs.out));
    auto json = exportJson(journal);
    QVERIFY(json);
    QCOMPARE(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("interrupted"));
    QCOMPARE(stepOrder(*json), (QStringList { QStringLiteral("quick=succeeded"), QStringLiteral("sleepy=interrupted") }));

    // Without a choice, resume refuses, names the step and the options, and runs nothing.
    const CliResult refused = cli({ QStringLiteral("resume"), QStringLiteral("last"), QStringLiteral("--journal"), journal, QStringLiteral("--yes") });
    QVERIFY2(refused.finished && refused.exitCode != 0 && refused.exitCode != 3, qPrintable(refused.describe()));
    QVERIFY2(refused.err.contains(QStringLiteral("'sleepy'")) && refused.err.contains(QStringLiteral("--rerun-interrupted"))
            && refused.err.contains(QStringLiteral("--skip-interrupted")),
        qPrintable(refused.describe()));
    QVERIFY2(refused.ms < 15000, qPrintable(refused.describe()));
    QCOMPARE(db1Scalar(QStringLiteral("SELECT to_regclass('%1') IS NULL").arg(after)), QStringLiteral("t"));
    json = exportJson(journal);
    QVERIFY(json);
    QCOMPARE(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("interrupted"));
    QCOMPARE(stepOrder(*json), (QStringList { QStringLiteral("quick=succeeded"), QStringLiteral("sleepy=interrupted") }));

    // The operator decides. Rerun: the cause of the long sleep is gone, so a rerun is quick. Skip:
    // the marker stays, so a wrongful rerun would sleep 30 s and show in the time taken.
    if (rerun)
        QCOMPARE(db1Scalar(QStringLiteral("DROP TABLE %1; SELECT to_regclass('%1') IS NULL").arg(marker)), QStringLiteral("t"));
    const CliResult resumed = cli({ QStringLiteral("resume"), QStringLiteral("last"), choice, QStringLiteral("--yes"), QStringLiteral("--journal"), journal });
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
    QVERIFY2(resumed.ms < 20000, qPrintable(resumed.describe()));
    QCOMPARE(resumed.out.trimmed(), runId);
    QCOMPARE(db1Scalar(QStringLiteral("SELECT to_regclass('%1') IS NOT NULL").arg(after)), QStringLiteral("t"));
    json = exportJson(journal);
    QVERIFY(json);
    QCOMPARE(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("id")).toString(), runId);
    QCOMPARE(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("completed"));
    QCOMPARE(stepOrder(*json),
        (QStringList { QStringLiteral("quick=succeeded"), QStringLiteral("sleepy=interrupted"),
            rerun ? QStringLiteral("sleepy=succeeded") : QStringLiteral("sleepy=skipped"), QStringLiteral("after=succeeded") }));
    // A completed run has nothing to resume.
    const CliResult again = cli({ QStringLiteral("resume"), QStringLiteral("last"), choice, QStringLiteral("--yes"), QStringLiteral("--journal"), journal });
    QVERIFY2(again.exitCode != 0 && again.err.contains(QStringLiteral("nothing to resume")), qPrintable(again.describe()));
    if (!rerun)
        db1Scalar(QStringLiteral("DROP TABLE %1").arg(marker));
}

// ---------------------------------------------------------------------------------------------
// 4. `rollback RUN` of a run that completed: reverse order, the switch's recorded inverse, then nothing left.

void TestCli::rollbackByCommand()
{
    const QString path = writeRunbook(QStringLiteral("rollback"), R"yaml(runbook: cli rollback
requires: {nodes: [old_primary, read_replica], endpoints: [app]}
phases:
  - name: Prepare
    steps:
      - id: make-table
        sql: CREATE TABLE cli_rb_t (id int); GRANT ALL ON cli_rb_t TO app
        on: old_primary
        rollback: {sql: DROP TABLE cli_rb_t, on: old_primary}
  - name: Cut over
    steps:
      - id: to-replica
        switch: {endpoint: app, to: read_replica}
      - id: check
        wait: {sql: "SELECT count(*) >= 0 FROM cli_rb_t", on: read_replica, every: 100ms, timeout: 20s}
)yaml");
    QVERIFY(!path.isEmpty());
    const QString journal = journalPath(QStringLiteral("rollback"));
    const CliResult r = cli({ QStringLiteral("run"), path, QStringLiteral("--inventory"), m_inventory, QStringLiteral("--journal"), journal });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QString id = r.out.trimmed();
    // Clients now reach the read-only replica.
    QCOMPARE(appScalar(QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("t"));
    const QString sandboxDir = m_tmp.filePath(QStringLiteral("sb"));
    CliResult status = cli({ QStringLiteral("sandbox"), QStringLiteral("status"), QStringLiteral("--dir"), sandboxDir });
    QVERIFY2(status.out.contains(QStringLiteral("routes app to db2")), qPrintable(status.describe()));

    const CliResult back = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(back.exitCode == 3, qPrintable(back.describe()));
    QCOMPARE(back.out.trimmed(), id);
    // The plan first, in reverse order: the switch through its recorded inverse, then the table.
    const qsizetype planSwitch = back.err.indexOf(QStringLiteral("1. Undo: to-replica: Point app back at db1 (switch recorded inverse)"));
    const qsizetype planTable = back.err.indexOf(QStringLiteral("2. Undo: make-table (sql runbook rollback)"));
    const qsizetype ranSwitch = back.err.indexOf(QStringLiteral("[rollback 1] Undo: to-replica"));
    const qsizetype ranTable = back.err.indexOf(QStringLiteral("[rollback 2] Undo: make-table"));
    QVERIFY2(planSwitch >= 0 && planTable > planSwitch && ranSwitch > planTable && ranTable > ranSwitch, qPrintable(back.describe()));
    QVERIFY2(back.err.contains(QRegularExpression(QStringLiteral("app now routes to 127\\.0\\.0\\.1:\\d+ \\(db1\\)"))), qPrintable(back.describe()));
    auto json = exportJson(journal);
    QVERIFY(json);
    QCOMPARE(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("rolled-back"));
    const QStringList undone { QStringLiteral("make-table=succeeded"), QStringLiteral("to-replica=succeeded"), QStringLiteral("check=succeeded"),
        QStringLiteral("undo:to-replica=succeeded"), QStringLiteral("undo:make-table=succeeded") };
    QCOMPARE(stepOrder(*json), undone);
    // Clients write through the app endpoint again, on db1; the table is gone.
    QCOMPARE(appScalar(QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));
    QCOMPARE(appScalar(QStringLiteral("CREATE TEMP TABLE cli_rb_probe (id int); INSERT INTO cli_rb_probe VALUES (1); SELECT count(*) FROM cli_rb_probe")), QStringLiteral("1"));
    QCOMPARE(db1Scalar(QStringLiteral("SELECT to_regclass('cli_rb_t') IS NULL")), QStringLiteral("t"));
    status = cli({ QStringLiteral("sandbox"), QStringLiteral("status"), QStringLiteral("--dir"), sandboxDir });
    QVERIFY2(status.out.contains(QStringLiteral("routes app to db1")), qPrintable(status.describe()));

    // A second rollback has nothing left to undo: it says so, runs nothing, and the run stays rolled back.
    const CliResult twice = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(twice.finished && twice.exitCode == 3, qPrintable(twice.describe()));
    QVERIFY2(twice.err.contains(QStringLiteral("nothing left to undo")), qPrintable(twice.describe()));
    QVERIFY2(!twice.err.contains(QStringLiteral("[rollback ")), qPrintable(twice.describe()));
    json = exportJson(journal);
    QVERIFY(json);
    QCOMPARE(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("rolled-back"));
    QCOMPARE(stepOrder(*json), undone);
    QCOMPARE(appScalar(QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));
}

void TestCli::rollbackPastPointOfNoReturnIsRefused()
{
    const QString path = writeRunbook(QStringLiteral("ponr"), R"yaml(runbook: cli point of no return
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: make-table
        sql: CREATE TABLE cli_ponr_t (id int)
        on: old_primary
        rollback: {sql: DROP TABLE cli_ponr_t, on: old_primary}
      - id: go-live
        sql: INSERT INTO cli_ponr_t VALUES (1)
        on: old_primary
        rollback: {sql: DELETE FROM cli_ponr_t, on: old_primary}
        point_of_no_return: true
)yaml");
    QVERIFY(!path.isEmpty());
    const QString journal = journalPath(QStringLiteral("ponr"));
    const CliResult r = cli({ QStringLiteral("run"), path, QStringLiteral("--inventory"), m_inventory, QStringLiteral("--journal"), journal });
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const auto before = exportJson(journal);
    QVERIFY(before);

    const CliResult back = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(back.finished && back.exitCode != 0 && back.exitCode != 3, qPrintable(back.describe())); // refused is not success
    QVERIFY2(back.err.contains(QStringLiteral("rollback refused")) && back.err.contains(QStringLiteral("'go-live' is a point of no return")),
        qPrintable(back.describe()));
    QVERIFY2(!back.err.contains(QStringLiteral("[rollback ")), qPrintable(back.describe()));
    // Nothing changed: the table and its row are there, the run is as it was.
    QCOMPARE(db1Scalar(QStringLiteral("SELECT count(*) FROM cli_ponr_t")), QStringLiteral("1"));
    const auto after = exportJson(journal);
    QVERIFY(after);
    QCOMPARE(after->value(QStringLiteral("steps")), before->value(QStringLiteral("steps")));
    const QJsonObject runBefore = before->value(QStringLiteral("run")).toObject();
    const QJsonObject runAfter = after->value(QStringLiteral("run")).toObject();
    for (const char* key : { "outcome", "ended_at", "duration_ms", "note" })
        QVERIFY2(runAfter.value(QLatin1String(key)) == runBefore.value(QLatin1String(key)),
            qPrintable(QStringLiteral("run.%1 changed: %2 -> %3")
                           .arg(QLatin1String(key), runBefore.value(QLatin1String(key)).toVariant().toString(),
                               runAfter.value(QLatin1String(key)).toVariant().toString())));
    QCOMPARE(runAfter.value(QStringLiteral("outcome")).toString(), QStringLiteral("completed"));
}

// ---------------------------------------------------------------------------------------------
// 5. Secrets: a password in a conninfo (keyword/value and URI) reaches no output, no journal byte,
// no export.

void TestCli::secretsNeverLeak()
{
    const QByteArray kvSecret = "s3cr3t-XYZ-42";
    const QByteArray uriSecret = "s3cr3t-URI-99";
    // The sandbox's inventory, with passwords (trust auth accepts and ignores them) and a node
    // nobody listens for.
    QFile src(m_inventory);
    QVERIFY(src.open(QIODevice::ReadOnly));
    QString inv = QString::fromUtf8(src.readAll());
    const LoadedDocument loaded = DocumentLoader::loadInventory(m_inventory);
    QVERIFY(loaded.ok());
    const InventoryNode* db2 = loaded.inventory->resolveNode(QStringLiteral("db2"));
    QVERIFY(db2 && db2->port);
    QVERIFY(inv.contains(m_db1Conninfo));
    inv.replace(m_db1Conninfo, m_db1Conninfo + QStringLiteral(" password=") + QString::fromLatin1(kvSecret));
    QVERIFY(inv.contains(db2->conninfo));
    inv.replace(db2->conninfo, QStringLiteral("postgresql://postgres:%1@127.0.0.1:%2/app").arg(QString::fromLatin1(uriSecret)).arg(*db2->port));
    const QString gone = QStringLiteral("  db_gone:\n    conninfo: \"host=127.0.0.1 port=1 dbname=app user=postgres password=%1 connect_timeout=3\"\n    host: local\n")
                             .arg(QString::fromLatin1(kvSecret));
    const qsizetype nodesAt = inv.indexOf(QStringLiteral("\nnodes:\n"));
    QVERIFY(nodesAt >= 0);
    inv.insert(nodesAt + 8, gone);
    const QString invPath = m_tmp.filePath(QStringLiteral("secret-inventory.yaml"));
    {
        QFile f(invPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(inv.toUtf8());
    }
    QVERIFY(inv.contains(QString::fromLatin1(kvSecret)) && inv.contains(QString::fromLatin1(uriSecret)));
    const CliResult valid = cli({ QStringLiteral("validate"), invPath });
    QVERIFY2(valid.exitCode == 0, qPrintable(valid.describe()));

    const QString rbA = writeRunbook(QStringLiteral("secret-a"), R"yaml(runbook: cli secrets
requires: {nodes: [old_primary, read_replica, db_gone]}
phases:
  - name: One
    steps:
      - id: echo-conninfo
        title: "Echo {{ nodes.old_primary.conninfo }}"
        shell: "echo {{ nodes.old_primary.conninfo | raw }}"
        on: old_primary
        rollback: {shell: "echo {{ nodes.read_replica.conninfo | raw }}", on: old_primary}
      - id: select-conninfo
        sql: SELECT {{ nodes.read_replica.conninfo | literal }} || ' ' || {{ nodes.old_primary.conninfo | literal }}
        on: read_replica
      - id: connect-nowhere
        sql: SELECT {{ nodes.db_gone.conninfo | literal }}
        on: db_gone
)yaml");
    const QString rbB = writeRunbook(QStringLiteral("secret-b"), R"yaml(runbook: cli secrets in errors
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: cast-conninfo
        sql: SELECT {{ nodes.old_primary.conninfo | literal }}::int
        on: old_primary
)yaml");
    const QString rbC = writeRunbook(QStringLiteral("secret-c"), R"yaml(runbook: cli secrets in shell errors
requires: {nodes: [old_primary, read_replica]}
phases:
  - name: One
    steps:
      - id: shell-fails
        shell: "echo {{ nodes.read_replica.conninfo | raw }} >&2; echo {{ nodes.old_primary.conninfo | raw }}; exit 3"
        on: old_primary
)yaml");
    QVERIFY(!rbA.isEmpty() && !rbB.isEmpty() && !rbC.isEmpty());
    const QString journal = journalPath(QStringLiteral("secrets"));
    // Hold the journal open while the runs write it, so its -wal file stays on disk to be read too.
    RunJournal holder;
    QVERIFY2(holder.open(journal), qPrintable(holder.lastError()));

    QList<CliResult> results;
    const auto check = [&](const CliResult& r, const QString& what) {
        for (const QByteArray& secret : { kvSecret, uriSecret })
            if (r.out.contains(QString::fromLatin1(secret)) || r.err.contains(QString::fromLatin1(secret)))
                return QStringLiteral("%1 leaks %2:\n%3").arg(what, QString::fromLatin1(secret), r.describe());
        return QString();
    };
    for (const QString& rb : { rbA, rbB, rbC }) {
        const CliResult plan = cli({ QStringLiteral("plan"), rb, QStringLiteral("--inventory"), invPath });
        QVERIFY2(plan.exitCode == 0, qPrintable(plan.describe()));
        QVERIFY2(plan.out.contains(QStringLiteral("********")), qPrintable(plan.describe())); // masked, not dropped
        QVERIFY2(check(plan, QStringLiteral("plan")).isEmpty(), qPrintable(check(plan, QStringLiteral("plan"))));
    }
    const CliResult runA = cli({ QStringLiteral("run"), rbA, QStringLiteral("--inventory"), invPath, QStringLiteral("--journal"), journal, QStringLiteral("--rollback-on-failure") });
    QVERIFY2(runA.exitCode == 3, qPrintable(runA.describe()));
    QVERIFY2(check(runA, QStringLiteral("run A")).isEmpty(), qPrintable(check(runA, QStringLiteral("run A"))));
    // The steps did see the real values: their output is there, masked.
    QVERIFY2(runA.err.contains(QStringLiteral("password=********")), qPrintable(runA.describe()));
    QVERIFY2(runA.err.contains(QStringLiteral("postgres:********@127.0.0.1")), qPrintable(runA.describe()));
    const CliResult runB = cli({ QStringLiteral("run"), rbB, QStringLiteral("--inventory"), invPath, QStringLiteral("--journal"), journal });
    QVERIFY2(runB.exitCode == 1, qPrintable(runB.describe()));
    QVERIFY2(runB.err.contains(QStringLiteral("invalid input syntax")), qPrintable(runB.describe()));
    QVERIFY2(check(runB, QStringLiteral("run B")).isEmpty(), qPrintable(check(runB, QStringLiteral("run B"))));
    const CliResult runC = cli({ QStringLiteral("run"), rbC, QStringLiteral("--inventory"), invPath, QStringLiteral("--journal"), journal });
    QVERIFY2(runC.exitCode == 1, qPrintable(runC.describe()));
    QVERIFY2(check(runC, QStringLiteral("run C")).isEmpty(), qPrintable(check(runC, QStringLiteral("run C"))));
    const QStringList ids { runA.out.trimmed(), runB.out.trimmed(), runC.out.trimmed() };

    // The journal's bytes, and its write-ahead log while it is still there.
    const QString wal = journal + QStringLiteral("-wal");
    QVERIFY2(QFileInfo(wal).size() > 0, "the journal's -wal should still be on disk while it is held open");
    for (const QString& file : { journal, wal, journal + QStringLiteral("-journal") }) {
        QFile f(file);
        if (!f.exists())
            continue;
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(!bytes.contains(kvSecret) && !bytes.contains(uriSecret), qPrintable(file));
        // UTF-16 copies would hide from a plain search.
        QVERIFY2(!bytes.contains(QByteArray(reinterpret_cast<const char*>(QStringLiteral("s3cr3t").utf16()), 12)), qPrintable(file));
    }
    holder.close();

    // Every export format, of each run and of all three compared.
    bool sawMask = false;
    for (const QString& format : { QStringLiteral("markdown"), QStringLiteral("csv"), QStringLiteral("json"), QStringLiteral("svg") }) {
        for (const QString& id : ids) {
            const CliResult e = cli({ QStringLiteral("export"), id, QStringLiteral("--format"), format, QStringLiteral("--journal"), journal });
            QVERIFY2(e.exitCode == 0 && !e.out.isEmpty(), qPrintable(e.describe()));
            const QString leak = check(e, QStringLiteral("export %1 %2").arg(format, id));
            QVERIFY2(leak.isEmpty(), qPrintable(leak));
            sawMask = sawMask || e.out.contains(QStringLiteral("********"));
        }
        if (format == QLatin1String("svg"))
            continue; // one run at a time
        const CliResult c = cli({ QStringLiteral("export"), ids[0], QStringLiteral("--compare"), ids[1], ids[2], QStringLiteral("--format"), format,
            QStringLiteral("--journal"), journal });
        QVERIFY2(c.exitCode == 0, qPrintable(c.describe()));
        QVERIFY2(check(c, QStringLiteral("compare")).isEmpty(), qPrintable(check(c, QStringLiteral("compare"))));
    }
    QVERIFY(sawMask); // the exports carry the masked errors and titles, not nothing
    // -o writes the same thing to a file.
    const QString md = m_tmp.filePath(QStringLiteral("secrets.md"));
    QCOMPARE(cli({ QStringLiteral("export"), ids[1], QStringLiteral("-o"), md, QStringLiteral("--journal"), journal }).exitCode, 0);
    QFile mdFile(md);
    QVERIFY(mdFile.open(QIODevice::ReadOnly));
    const QByteArray mdBytes = mdFile.readAll();
    QVERIFY(!mdBytes.isEmpty() && !mdBytes.contains(kvSecret) && !mdBytes.contains(uriSecret));
    // Nothing else the binary wrote (its data, config, cache dirs) holds them either.
    for (const QString& dir : { QStringLiteral("xdg"), QStringLiteral("home") }) {
        QDirIterator it(m_tmp.filePath(dir), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly)) {
                const QByteArray bytes = f.readAll();
                QVERIFY2(!bytes.contains(kvSecret) && !bytes.contains(uriSecret), qPrintable(f.fileName()));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 6. Listing and comparing runs.

void TestCli::runsListAndCompare()
{
    const QString path = writeRunbook(QStringLiteral("compare"), R"yaml(runbook: cli compare
requires: {nodes: [old_primary]}
phases:
  - name: One
    steps:
      - id: nap
        sql: SELECT pg_sleep(0.1)
        on: old_primary
      - id: count
        sql: SELECT count(*) FROM pg_class
        on: old_primary
)yaml");
    QVERIFY(!path.isEmpty());
    const QString journal = journalPath(QStringLiteral("compare"));
    QStringList ids;
    for (int i = 0; i < 3; ++i) {
        const CliResult r = cli({ QStringLiteral("run"), path, QStringLiteral("--inventory"), m_inventory, QStringLiteral("--journal"), journal });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        ids << r.out.trimmed();
    }
    QCOMPARE(QSet<QString>(ids.begin(), ids.end()).size(), 3);

    const CliResult runs = cli({ QStringLiteral("runs"), QStringLiteral("--journal"), journal });
    QVERIFY2(runs.exitCode == 0, qPrintable(runs.describe()));
    const QStringList lines = runs.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QVERIFY(lines[0].startsWith(QStringLiteral("RUN")));
    // Newest first.
    for (int i = 0; i < 3; ++i) {
        QVERIFY2(lines[i + 1].startsWith(ids[2 - i]), qPrintable(runs.out));
        QVERIFY2(lines[i + 1].contains(QStringLiteral("cli compare")) && lines[i + 1].endsWith(QStringLiteral("completed")), qPrintable(runs.out));
    }
    const CliResult limited = cli({ QStringLiteral("runs"), QStringLiteral("--limit"), QStringLiteral("1"), QStringLiteral("--journal"), journal });
    QCOMPARE(limited.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 2);
    QVERIFY(limited.out.split(QLatin1Char('\n')).value(1).startsWith(ids[2]));

    // A column per run in the comparison; a row per step.
    const CliResult md = cli({ QStringLiteral("export"), ids[0], QStringLiteral("--compare"), ids[1], ids[2], QStringLiteral("--format"),
        QStringLiteral("markdown"), QStringLiteral("--journal"), journal });
    QVERIFY2(md.exitCode == 0, qPrintable(md.describe()));
    QString header;
    QString napRow;
    for (const QString& l : md.out.split(QLatin1Char('\n'))) {
        if (header.isEmpty() && l.startsWith(QStringLiteral("| Phase |")))
            header = l;
        if (napRow.isEmpty() && l.startsWith(QLatin1Char('|')) && l.contains(QStringLiteral("nap")))
            napRow = l;
    }
    QVERIFY2(!header.isEmpty(), qPrintable(md.out));
    const QStringList headerCells = header.split(QLatin1Char('|'));
    int runColumns = 0;
    for (const QString& id : ids) {
        int found = -1;
        for (int c = 0; c < headerCells.size(); ++c)
            if (headerCells[c].contains(id))
                found = c;
        QVERIFY2(found >= 0, qPrintable(header));
        ++runColumns;
    }
    QCOMPARE(runColumns, 3);
    QVERIFY2(header.indexOf(ids[0]) < header.indexOf(ids[1]) && header.indexOf(ids[1]) < header.indexOf(ids[2]), qPrintable(header));
    QVERIFY2(!napRow.isEmpty(), qPrintable(md.out));
    QCOMPARE(napRow.split(QLatin1Char('|')).size(), headerCells.size()); // the step row has a cell per column
    // The same as JSON: three runs, a duration per run for every step.
    const CliResult js = cli({ QStringLiteral("export"), ids[0], QStringLiteral("--compare"), ids[1], ids[2], QStringLiteral("--format"),
        QStringLiteral("json"), QStringLiteral("--journal"), journal });
    QVERIFY2(js.exitCode == 0, qPrintable(js.describe()));
    const QJsonObject cmp = QJsonDocument::fromJson(js.out.toUtf8()).object();
    QCOMPARE(cmp.value(QStringLiteral("runs")).toArray().size(), 3);
    const QJsonArray steps = cmp.value(QStringLiteral("steps")).toArray();
    QCOMPARE(steps.size(), 2);
    for (const QJsonValue& s : steps) {
        const QJsonArray durations = s.toObject().value(QStringLiteral("durations_ms")).toArray();
        QCOMPARE(durations.size(), 3);
        if (s.toObject().value(QStringLiteral("step_id")).toString() == QLatin1String("nap"))
            for (const QJsonValue& d : durations)
                QVERIFY2(d.toInteger() >= 100, qPrintable(js.out));
    }

    // Unknown runs are invalid input, for every command that takes one.
    const QString nope = QStringLiteral("19990101-000000-dead");
    for (const QStringList& args : { QStringList { QStringLiteral("export"), nope }, QStringList { QStringLiteral("export"), ids[0], QStringLiteral("--compare"), nope },
             QStringList { QStringLiteral("resume"), nope, QStringLiteral("--yes") }, QStringList { QStringLiteral("rollback"), nope } }) {
        const CliResult r = cli(args + QStringList { QStringLiteral("--journal"), journal });
        QVERIFY2(r.exitCode == 2, qPrintable(args.join(QLatin1Char(' ')) + QLatin1Char('\n') + r.describe()));
        QVERIFY2(r.err.contains(nope), qPrintable(r.describe()));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.describe()));
    }
    // A journal that does not exist is not created by reading it.
    const QString missing = journalPath(QStringLiteral("missing"));
    const CliResult none = cli({ QStringLiteral("export"), QStringLiteral("last"), QStringLiteral("--journal"), missing });
    QCOMPARE(none.exitCode, 2);
    QVERIFY(!QFileInfo::exists(missing));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
