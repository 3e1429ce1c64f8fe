// Trust under faults, end to end: the real `runbook-console` binary against a real sandbox (with
// its sshd) while the console, a server, PgBouncer, sshd or the journal's disk fails. After each
// fault the journal tells exactly what happened, nothing re-runs without the operator's word,
// PgBouncer is never left paused, no step process is left behind, and nothing is lost.
#include "consoledriver.h"
#include "core/pgconnection.h"
#include "core/systemcommand.h"
#include "engine/actionfactory.h"
#include "engine/switchaction.h"
#include "faultinjection.h"
#include "journal/runjournal.h"
#include "runbook/documentloader.h"
#include "sandbox/sandbox.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/types.h>

namespace {
const QString kPgUpgradeRunbook = QStringLiteral(RBC_SOURCE_DIR "/runbooks/pg-upgrade-link.yaml");

QString readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

bool writeFile(const QString& path, const QString& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(text.toUtf8()) >= 0;
}

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Pids of every process whose command line (arguments joined by spaces) contains `needle`, or is
// exactly `needle` (ours and the servers' alike).
QList<pid_t> processesWith(const QByteArray& needle, bool exact = false)
{
    QList<pid_t> found;
    QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        it.next();
        bool numeric = false;
        const pid_t pid = pid_t(it.fileName().toLongLong(&numeric));
        if (!numeric || pid == ::getpid())
            continue;
        QFile f(it.filePath() + QStringLiteral("/cmdline"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        QByteArray cmd = f.readAll();
        cmd.replace('\0', ' ');
        if (exact ? cmd.trimmed() == needle : cmd.contains(needle))
            found << pid;
    }
    return found;
}

pid_t parentOf(pid_t pid)
{
    const QString stat = readFile(QStringLiteral("/proc/%1/stat").arg(pid));
    const qsizetype close = stat.lastIndexOf(QLatin1Char(')'));
    return close < 0 ? 0 : pid_t(stat.mid(close + 2).split(QLatin1Char(' ')).value(1).toLongLong());
}

// The journal as another process reads it while a run writes it; nullopt until it exists.
std::optional<RunDetail> peek(const QString& journal)
{
    if (!QFileInfo::exists(journal))
        return std::nullopt;
    RunJournal j;
    if (!j.open(journal, nullptr, RunJournal::OpenMode::MustExist))
        return std::nullopt;
    return j.run(QStringLiteral("last"));
}

// The last journaled step with this id is running.
bool stepRunning(const QString& journal, const QString& stepId)
{
    const auto d = peek(journal);
    return d && !d->steps.isEmpty() && d->steps.last().stepId == stepId && d->steps.last().result.outcome == StepOutcome::Running;
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QTest::qWait(20);
    }
    return true;
}
// A cluster of its own for the shipped pg_upgrade runbook (the upgrade changes it for good).
struct UpgradeCluster {
    std::unique_ptr<Sandbox> sandbox;
    std::optional<Inventory> inventory;
    std::optional<Runbook> runbook;

    ~UpgradeCluster()
    {
        QString ignored;
        if (sandbox)
            sandbox->down({}, &ignored);
    }
    bool up(const QString& dir, QString* error)
    {
        sandbox = std::make_unique<Sandbox>(dir);
        SandboxOptions o;
        o.seedScale = 0.01;
        if (!sandbox->up(o, {}, error))
            return false;
        inventory = DocumentLoader::loadInventory(sandbox->inventoryPath()).inventory;
        runbook = DocumentLoader::loadRunbook(kPgUpgradeRunbook).runbook;
        return inventory && runbook;
    }
    QString admin() const { return inventory->endpoint(QStringLiteral("app"))->adminConninfo; }
};
} // namespace

class TestFaults : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();

    // Defects of issue 14, through the real binary.
    void twoResumesOfOneRunOnlyOneProceeds();
    void resumeOfARunInRollbackContinuesTheRollback();
    void failedThenResumedStepIsUndoneOnce();
    void lostTerminalDoesNotAbortTheRun_data();
    void lostTerminalDoesNotAbortTheRun();
    void killedConsoleLeavesNoOrphans_data();
    void killedConsoleLeavesNoOrphans();
    void secondSignalEscalates();
    void passwordsNeverInProcessArguments();
    void readOnlyJournalIsListedAndExported();
    void killedMidSwitchNeverLeavesPgbouncerPaused_data();
    void killedMidSwitchNeverLeavesPgbouncerPaused();
    void killedWhileARollbackHoldsClients();

    // Faults to survive on the sandbox.
    void backendKilledMidStatement();
    void nodeStoppedMidStep_data();
    void nodeStoppedMidStep();
    void pgbouncerKilledMidSwitch();
    void pgbouncerFrozenMidSwitch();
    void sshdStoppedMidStep();
    void hostThatNeverAnswers_data();
    void hostThatNeverAnswers();
    void journalDiskFull();
    void killedAtEveryStepBoundary();
    void killedMidEveryStep_data();
    void killedMidEveryStep();
    void killsMostlyLandMidStep();
    void productBinaryHasNoKillPoints();

private:
    // killedMidEveryStep's cluster, shared by its rows (one row per step, each with QtTest's own
    // time limit), and what the rows found.
    std::unique_ptr<UpgradeCluster> m_midStep;
    QStringList m_midStepIds; // the runbook's steps up to its point of no return, one row each
    int m_killedMidStep = 0;
    bool m_midStepPastNoReturn = false;

    CliResult cli(const QStringList& args, int timeoutMs = 90000) { return m_console.run(args, timeoutMs); }
    static QStringList runArgs(const QString& runbook, const QString& inventory, const QString& journal)
    {
        return { QStringLiteral("run"), runbook, QStringLiteral("--inventory"), inventory, QStringLiteral("--journal"), journal };
    }
    // Starts the binary with `args`, and kills it (SIGKILL) once `ready` holds (then waits `settleMs`).
    // False, with what the binary said, when `ready` never comes.
    bool killWhen(const QStringList& args, const std::function<bool()>& ready, QString* said, int settleMs = 0)
    {
        QProcess p;
        m_console.start(p, args);
        if (!waitFor(ready, 30000)) {
            p.kill();
            p.waitForFinished(5000);
            *said = QString::fromUtf8(p.readAllStandardError());
            return false;
        }
        QTest::qWait(settleMs);
        ::kill(pid_t(p.processId()), SIGKILL);
        return p.waitForFinished(10000);
    }
    QString runbook(const QString& name, const QString& yaml) { return m_console.writeRunbook(name, yaml.toUtf8()); }
    // A runbook of one phase: `requirements` as its `requires:` is written in YAML, `steps` its list of steps, indented as in a phase.
    QString runbookOf(const QString& name, const QString& requirements, const QString& steps)
    {
        return runbook(name, QStringLiteral("runbook: %1\nrequires: %2\nphases:\n  - name: One\n    steps:\n").arg(name, requirements) + steps);
    }
    // The sandbox's inventory with PgBouncer's admin console reached through `relay`.
    QString inventoryThrough(const fault::HoldingRelay& relay, const QString& name) const
    {
        return inventoryWith(name, { { QStringLiteral("port=%1 dbname=pgbouncer").arg(pgbouncerPort()),
                                       QStringLiteral("port=%1 dbname=pgbouncer").arg(relay.port()) } });
    }
    // The journaled steps of the last run, "step=outcome" ("undo:step=outcome" for rollback steps).
    QStringList journaled(const QString& journal)
    {
        const auto json = m_console.exportJson(journal);
        return json ? stepOrder(*json) : QStringList { QStringLiteral("(no export)") };
    }
    QString scalarOn(const QString& conninfo, const QString& sql) const;
    QString conninfo(const QString& node) const { return m_inventory->node(node)->conninfo; }
    QString db1(const QString& sql) const { return scalarOn(conninfo(QStringLiteral("db1")), sql); }
    // The sandbox's inventory with `from` replaced by `to` (each pair), written beside it.
    QString inventoryWith(const QString& name, const QList<std::pair<QString, QString>>& replacements) const;
    QString localInventory() const; // every node's shell steps run here, as the servers' user
    pid_t pgbouncerPid() const { return fault::pidFromFile(m_sandbox->dir() + QStringLiteral("/run/pgbouncer.pid")); }
    pid_t postmasterPid(const QString& node) const
    {
        return fault::pidFromFile(m_sandbox->dir() + QStringLiteral("/data/%1/postmaster.pid").arg(node));
    }
    int port(const QString& node) const { return *m_inventory->node(node)->port; }
    QString adminConninfo() const { return m_inventory->endpoint(QStringLiteral("app"))->adminConninfo; }
    int pgbouncerPort() const;
    // PgBouncer's `app` as `port` or `port PAUSED`, and what its ini file routes to.
    QString liveRoute() const;
    QString fileRoute() const;
    void terminateSleepers() const;
    bool restartSandbox(QString* error);

    QTemporaryDir m_tmp { QStringLiteral("/tmp/rbc-tst-faults-XXXXXX") };
    std::unique_ptr<Sandbox> m_sandbox;
    std::optional<Inventory> m_inventory;
    ConsoleDriver m_console;
};

void TestFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    QVERIFY(QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
            | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
    QVERIFY(m_console.setUp(m_tmp.path()));
    m_sandbox = std::make_unique<Sandbox>(m_tmp.filePath(QStringLiteral("sb")));
    SandboxOptions o;
    o.seedScale = 0.01;
    o.ssh = true;
    QString error;
    QVERIFY2(m_sandbox->up(o, {}, &error), qPrintable(error));
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    QVERIFY(inv.ok());
    m_inventory = inv.inventory;
    // Steps write their marker files here, as the servers' user.
    QVERIFY(QDir().mkpath(m_tmp.filePath(QStringLiteral("out"))));
    QVERIFY(QFile::setPermissions(m_tmp.filePath(QStringLiteral("out")), QFileDevice::Permissions(0x7777)));
}

void TestFaults::cleanupTestCase()
{
    if (m_sandbox) {
        QString error;
        if (!m_sandbox->down({}, &error))
            qWarning("sandbox down: %s", qPrintable(error));
    }
}

bool TestFaults::restartSandbox(QString* error)
{
    SandboxOptions o;
    o.seedScale = 0.01;
    o.ssh = true;
    return m_sandbox->up(o, {}, error); // restarts whatever is stopped
}

// Every test starts from a healthy sandbox: all servers up, `app` on db1 and not paused.
void TestFaults::init()
{
    QString error;
    QVERIFY2(restartSandbox(&error), qPrintable(error));
    PgConnection admin;
    QVERIFY2(admin.open(adminConninfo(), 3), qPrintable(admin.lastError().message));
    admin.exec(QStringLiteral("RESUME app")); // an error when it is not paused: fine
    QTRY_COMPARE_WITH_TIMEOUT(db1(QStringLiteral("SELECT 1")), QStringLiteral("1"), 30000);
    if (liveRoute() != QString::number(port(QStringLiteral("db1")))) {
        SwitchAction back(ActionFactory::endpointTarget(*m_inventory, *m_inventory->endpoint(QStringLiteral("app"))),
            ActionFactory::nodeTarget(*m_inventory, *m_inventory->node(QStringLiteral("db1"))), QStringLiteral("db2"));
        const StepResult r = back.run({});
        QVERIFY2(r.ok(), qPrintable(r.error));
    }
    QCOMPARE(liveRoute(), QString::number(port(QStringLiteral("db1"))));
}

QString TestFaults::scalarOn(const QString& conninfo, const QString& sql) const
{
    PgConnection c;
    if (!c.open(conninfo, 3))
        return QStringLiteral("error: connect: ") + c.lastError().message;
    const auto v = c.scalar(sql);
    return v ? *v : QStringLiteral("error %1: %2").arg(c.lastError().sqlstate, c.lastError().message);
}

QString TestFaults::inventoryWith(const QString& name, const QList<std::pair<QString, QString>>& replacements) const
{
    QString text = readFile(m_sandbox->inventoryPath());
    for (const auto& [from, to] : replacements) {
        if (!text.contains(from))
            return {};
        text.replace(from, to);
    }
    const QString path = m_tmp.filePath(QStringLiteral("inventory-%1.yaml").arg(name));
    return writeFile(path, text) ? path : QString();
}

QString TestFaults::localInventory() const
{
    const QString run = SystemCommand::runningAsRoot() ? QStringLiteral("host: local\n    run_as: postgres\n") : QStringLiteral("host: local\n");
    return inventoryWith(QStringLiteral("local"), { { QStringLiteral("host: rbc-sandbox\n"), run } });
}

int TestFaults::pgbouncerPort() const
{
    return adminConninfo().section(QStringLiteral("port="), 1).section(QLatin1Char(' '), 0, 0).toInt();
}

QString TestFaults::liveRoute() const
{
    QString error;
    const auto e = fault::pgbouncerEntry(adminConninfo(), QStringLiteral("app"), &error);
    if (!e)
        return QStringLiteral("error: ") + error;
    return QStringLiteral("%1%2").arg(e->port).arg(e->paused ? QStringLiteral(" PAUSED") : QString());
}

QString TestFaults::fileRoute() const
{
    for (const QString& line : readFile(m_inventory->endpoint(QStringLiteral("app"))->config).split(QLatin1Char('\n')))
        if (line.startsWith(QStringLiteral("app =")))
            return line.section(QStringLiteral("port="), 1).section(QLatin1Char(' '), 0, 0);
    return QStringLiteral("error: no app line");
}

void TestFaults::terminateSleepers() const
{
    db1(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE query LIKE '%pg_sleep(%' AND pid <> pg_backend_pid()"));
}

// ---------------------------------------------------------------------------------------------
// Defect 4: two `resume`s of one run both went on (5 of 6 trials), every remaining step ran twice.

void TestFaults::twoResumesOfOneRunOnlyOneProceeds()
{
    for (int trial = 1; trial <= 3; ++trial) {
        const QString t = QStringLiteral("f4_%1").arg(trial);
        QCOMPARE(db1(QStringLiteral("CREATE TABLE %1_hold (id int); CREATE TABLE %1_ran (step text); SELECT 1").arg(t)), QStringLiteral("1"));
        const QString rb = runbookOf(t, QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: hold
        sql: SELECT pg_sleep(CASE WHEN to_regclass('%1_hold') IS NULL THEN 0 ELSE 30 END)
        on: old_primary
      - id: count-a
        sql: INSERT INTO %1_ran VALUES ('a'); SELECT pg_sleep(0.2)
        on: old_primary
      - id: count-b
        sql: INSERT INTO %1_ran VALUES ('b')
        on: old_primary
)yaml").arg(t));
        const QString journal = m_console.journalPath(t);
        QString said;
        QVERIFY2(killWhen(runArgs(rb, m_sandbox->inventoryPath(), journal), [&] { return stepRunning(journal, QStringLiteral("hold")); }, &said),
            qPrintable(said));
        terminateSleepers();
        QCOMPARE(db1(QStringLiteral("DROP TABLE %1_hold; SELECT 1").arg(t)), QStringLiteral("1"));

        // Two operators (or two scripts) resume it at the same moment.
        const QStringList args { QStringLiteral("resume"), QStringLiteral("last"), QStringLiteral("--rerun-interrupted"),
            QStringLiteral("--journal"), journal };
        QElapsedTimer since;
        since.start();
        QProcess a;
        QProcess b;
        m_console.start(a, args);
        m_console.start(b, args);
        const CliResult ra = m_console.finish(a, 60000, since);
        const CliResult rb2 = m_console.finish(b, 60000, since);
        const int proceeded = (ra.exitCode == 0) + (rb2.exitCode == 0);
        QVERIFY2(proceeded == 1, qPrintable(QStringLiteral("trial %1:\n%2\n%3").arg(trial).arg(ra.describe(), rb2.describe())));
        const CliResult& loser = ra.exitCode == 0 ? rb2 : ra;
        QVERIFY2(loser.err.contains(QStringLiteral("running in process")), qPrintable(loser.describe()));
        QCOMPARE(db1(QStringLiteral("SELECT string_agg(step, ',' ORDER BY step) FROM %1_ran").arg(t)), QStringLiteral("a,b"));
        QCOMPARE(journaled(journal), (QStringList { QStringLiteral("hold=interrupted"), QStringLiteral("hold=succeeded"),
                                       QStringLiteral("count-a=succeeded"), QStringLiteral("count-b=succeeded") }));
    }
}

// ---------------------------------------------------------------------------------------------
// Defect 5: after an interrupted rollback, `resume` ran the procedure forward over undone state.

void TestFaults::resumeOfARunInRollbackContinuesTheRollback()
{
    QCOMPARE(db1(QStringLiteral("CREATE TABLE f5_hold (id int); SELECT 1")), QStringLiteral("1"));
    const QString rb = runbookOf(QStringLiteral("f5"), QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: make
        sql: CREATE TABLE f5_t (id int)
        on: old_primary
        rollback: {sql: DROP TABLE f5_t, on: old_primary}
      - id: mark
        sql: INSERT INTO f5_t VALUES (1)
        on: old_primary
        rollback:
          sql: SELECT pg_sleep(CASE WHEN to_regclass('f5_hold') IS NULL THEN 0 ELSE 30 END); DELETE FROM f5_t
          on: old_primary
      - id: boom
        sql: SELECT 1 / CASE WHEN to_regclass('f5_hold') IS NULL THEN 1 ELSE 0 END
        on: old_primary
      - id: after
        sql: CREATE TABLE f5_after (id int)
        on: old_primary
)yaml"));
    const QString journal = m_console.journalPath(QStringLiteral("f5"));
    QString said;
    QVERIFY2(killWhen(runArgs(rb, m_sandbox->inventoryPath(), journal) << QStringLiteral("--rollback-on-failure"),
                 [&] { return stepRunning(journal, QStringLiteral("mark")) && peek(journal)->steps.last().isRollback; }, &said),
        qPrintable(said));
    terminateSleepers();
    QCOMPARE(db1(QStringLiteral("DROP TABLE f5_hold; SELECT 1")), QStringLiteral("1"));

    // The run was on its way back: resume takes it the rest of the way back, never forward.
    const CliResult r = cli({ QStringLiteral("resume"), QStringLiteral("last"), QStringLiteral("--rerun-interrupted"), QStringLiteral("--journal"), journal });
    QVERIFY2(r.exitCode == 3, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(QStringLiteral("rolling back")), qPrintable(r.describe()));
    QCOMPARE(db1(QStringLiteral("SELECT to_regclass('f5_t') IS NULL AND to_regclass('f5_after') IS NULL")), QStringLiteral("t"));
    const auto json = m_console.exportJson(journal);
    QVERIFY(json);
    QCOMPARE(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("rolled-back"));
    QCOMPARE(stepOrder(*json), (QStringList { QStringLiteral("make=succeeded"), QStringLiteral("mark=succeeded"), QStringLiteral("boom=failed"),
                                   QStringLiteral("undo:mark=interrupted"), QStringLiteral("undo:mark=succeeded"), QStringLiteral("undo:make=succeeded") }));
}

// ---------------------------------------------------------------------------------------------
// Defect 6: a step that failed, then succeeded on resume, was undone twice and out of order.

void TestFaults::failedThenResumedStepIsUndoneOnce()
{
    QCOMPARE(db1(QStringLiteral("CREATE TABLE f6_block (id int); CREATE TABLE f6_undo (n serial, what text); SELECT 1")), QStringLiteral("1"));
    const QString rb = runbookOf(QStringLiteral("f6"), QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: one
        sql: CREATE TABLE f6_log (what text)
        on: old_primary
        rollback: {sql: "DROP TABLE f6_log; INSERT INTO f6_undo (what) VALUES ('one')", on: old_primary}
      - id: two
        sql: INSERT INTO f6_log VALUES ('two'); SELECT 1 / CASE WHEN to_regclass('f6_block') IS NULL THEN 1 ELSE 0 END
        on: old_primary
        rollback: {sql: "INSERT INTO f6_undo (what) VALUES ('two')", on: old_primary}
      - id: three
        sql: INSERT INTO f6_log VALUES ('three')
        on: old_primary
        rollback: {sql: "INSERT INTO f6_undo (what) VALUES ('three')", on: old_primary}
)yaml"));
    const QString journal = m_console.journalPath(QStringLiteral("f6"));
    const CliResult failed = cli({ QStringLiteral("run"), rb, QStringLiteral("--inventory"), m_sandbox->inventoryPath(), QStringLiteral("--journal"), journal });
    QVERIFY2(failed.exitCode == 1, qPrintable(failed.describe()));
    QCOMPARE(db1(QStringLiteral("DROP TABLE f6_block; SELECT 1")), QStringLiteral("1"));
    const CliResult resumed = cli({ QStringLiteral("resume"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
    const CliResult back = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(back.exitCode == 3, qPrintable(back.describe()));
    QCOMPARE(db1(QStringLiteral("SELECT string_agg(what, ',' ORDER BY n) FROM f6_undo")), QStringLiteral("three,two,one"));
    QCOMPARE(journaled(journal), (QStringList { QStringLiteral("one=succeeded"), QStringLiteral("two=failed"), QStringLiteral("two=succeeded"),
                                   QStringLiteral("three=succeeded"), QStringLiteral("undo:three=succeeded"), QStringLiteral("undo:two=succeeded"),
                                   QStringLiteral("undo:one=succeeded") }));
}

// ---------------------------------------------------------------------------------------------
// Defect 10: `run ... | head` died of SIGPIPE as soon as head exited, and a dropped SSH session
// (SIGHUP) did the same, mid-step. The run must go on, its output in the journal.

void TestFaults::lostTerminalDoesNotAbortTheRun_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("output piped into head") << QStringLiteral("head");
    QTest::newRow("terminal hung up (SIGHUP)") << QStringLiteral("hup");
}

void TestFaults::lostTerminalDoesNotAbortTheRun()
{
    QFETCH(QString, how);
    const QString t = QStringLiteral("f10_%1").arg(how);
    QCOMPARE(db1(QStringLiteral("CREATE TABLE %1_rows AS SELECT g AS id, false AS done FROM generate_series(1, 400) g; SELECT 1").arg(t)), QStringLiteral("1"));
    const QString rb = runbookOf(t, QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: talk
        shell: "for i in 1 2 3 4 5 6; do echo line $i; sleep 0.1; done"
        on: old_primary
      - id: backfill
        batch:
          sql: UPDATE %1_rows SET done = true WHERE id IN (SELECT id FROM %1_rows WHERE NOT done LIMIT 40)
          on: old_primary
          pause: 50ms
      - id: done
        sql: CREATE TABLE %1_done (id int)
        on: old_primary
)yaml").arg(t));
    const QString journal = m_console.journalPath(t);
    const QStringList runArgs { QStringLiteral("run"), rb, QStringLiteral("--inventory"), m_sandbox->inventoryPath(), QStringLiteral("--journal"), journal };
    QElapsedTimer since;
    since.start();
    QProcess p;
    CliResult r;
    if (how == QLatin1String("head")) {
        QStringList quoted;
        for (const QString& a : QStringList { QStringLiteral(RBC_CONSOLE_BINARY) } + runArgs)
            quoted << QLatin1Char('\'') + a + QLatin1Char('\'');
        m_console.start(p, { QStringLiteral("-c"), quoted.join(QLatin1Char(' ')) + QStringLiteral(" 2>&1 | head -n 2") }, QStringLiteral("/bin/sh"));
        r = m_console.finish(p, 60000, since);
        QCOMPARE(r.out.count(QLatin1Char('\n')), 2); // head printed its two lines and left
    } else {
        m_console.start(p, runArgs);
        QVERIFY(waitFor([&] { return stepRunning(journal, QStringLiteral("talk")); }, 30000));
        QTest::qWait(150);
        ::kill(pid_t(p.processId()), SIGHUP);
        r = m_console.finish(p, 60000, since);
        QVERIFY2(!r.crashed, qPrintable(r.describe()));
        QVERIFY2(r.err.count(QStringLiteral("SIGHUP")) == 1, qPrintable(r.describe())); // said once, then quiet
    }
    const auto json = m_console.exportJson(journal);
    QVERIFY(json);
    QVERIFY2(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString() == QLatin1String("completed"),
        qPrintable(r.describe()));
    QCOMPARE(stepOrder(*json), (QStringList { QStringLiteral("talk=succeeded"), QStringLiteral("backfill=succeeded"), QStringLiteral("done=succeeded") }));
    QCOMPARE(db1(QStringLiteral("SELECT count(*) FILTER (WHERE done) FROM %1_rows").arg(t)), QStringLiteral("400"));
    // The output nobody could read is in the journal.
    const auto detail = peek(journal);
    QVERIFY(detail && !detail->steps.isEmpty());
    QVERIFY2(detail->steps.first().result.output.contains(QStringLiteral("line 6")), qPrintable(detail->steps.first().result.output));
}

// ---------------------------------------------------------------------------------------------
// Defect 10: after kill -9 the step's processes lived on, unknown to anyone.

void TestFaults::killedConsoleLeavesNoOrphans_data()
{
    QTest::addColumn<bool>("overSsh");
    QTest::newRow("local") << false;
    QTest::newRow("over ssh") << true;
}

void TestFaults::killedConsoleLeavesNoOrphans()
{
    QFETCH(bool, overSsh);
    const QByteArray nap = overSsh ? "sleep 47.25" : "sleep 47.5";
    const QString inventory = overSsh ? m_sandbox->inventoryPath() : localInventory();
    QVERIFY(!inventory.isEmpty());
    const QString rb = runbookOf(QStringLiteral("orphans"), QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: nap
        shell: "%1 & %1; wait"
        on: old_primary
)yaml").arg(QString::fromLatin1(nap)));
    const QString journal = m_console.journalPath(overSsh ? QStringLiteral("orphans-ssh") : QStringLiteral("orphans-local"));
    QString said;
    // Killed once the step's process group is journaled (a moment after its processes show).
    QVERIFY2(killWhen(runArgs(rb, inventory, journal), [&] { return processesWith(nap, true).size() == 2; }, &said, 200), qPrintable(said));
    QTest::qWait(300);
    QCOMPARE(processesWith(nap, true).size(), 2); // the fault: the console is gone, its step is not

    // resume without a decision refuses, and says what is still running.
    const CliResult refused = cli({ QStringLiteral("resume"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(refused.exitCode == 2, qPrintable(refused.describe()));
    QVERIFY2(refused.err.contains(QStringLiteral("still running")), qPrintable(refused.describe()));
    QCOMPARE(processesWith(nap, true).size(), 2); // a refusal changes nothing
    // rollback ends them before it undoes anything, and says so.
    const CliResult back = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(back.exitCode == 3, qPrintable(back.describe()));
    QVERIFY2(back.err.contains(QStringLiteral("ended")), qPrintable(back.describe()));
    QVERIFY2(waitFor([&] { return processesWith(nap, true).isEmpty(); }, 3000), qPrintable(back.describe()));
}

// Defect 10: a second Ctrl-C escalates (kill now), and says so. Over SSH, where the first one takes
// the longest (the remote group gets TERM, its KILL comes 300 ms later).
void TestFaults::secondSignalEscalates()
{
    const QString inventory = m_sandbox->inventoryPath();
    const QString rb = runbookOf(QStringLiteral("stubborn"), QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: stubborn
        shell: "trap '' TERM INT; sleep 31.5"
        on: old_primary
)yaml"));
    const QString journal = m_console.journalPath(QStringLiteral("stubborn"));
    QElapsedTimer since;
    since.start();
    QProcess p;
    m_console.start(p, runArgs(rb, inventory, journal));
    QVERIFY(waitFor([&] { return processesWith("sleep 31.5", true).size() == 1; }, 30000));
    ::kill(pid_t(p.processId()), SIGINT);
    QTest::qWait(30);
    ::kill(pid_t(p.processId()), SIGINT);
    const CliResult r = m_console.finish(p, 30000, since);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(QStringLiteral("second signal")), qPrintable(r.describe()));
    QVERIFY(waitFor([] { return processesWith("sleep 31.5", true).isEmpty(); }, 2000));
    const auto json = m_console.exportJson(journal);
    QVERIFY(json);
    QCOMPARE(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("cancelled"));
    QCOMPARE(stepOrder(*json), QStringList { QStringLiteral("stubborn=cancelled") });
}

// ---------------------------------------------------------------------------------------------
// Defect 9: a conninfo's password reached /proc/*/cmdline of shell steps (world-readable).

void TestFaults::passwordsNeverInProcessArguments()
{
    const QString kv = QStringLiteral("s3cr3t-argv-77");
    const QString uri = QStringLiteral("s3cr3t-argv-uri-88");
    const QString db1Info = conninfo(QStringLiteral("db1"));
    const QString db2Info = conninfo(QStringLiteral("db2"));
    // db1 runs its shell steps here, db2 over the sandbox's sshd; trust auth ignores the passwords.
    const QString inventory = inventoryWith(QStringLiteral("passwords"),
        { { QStringLiteral("conninfo: %1\n").arg(db1Info), QStringLiteral("conninfo: \"%1 password=%2\"\n").arg(db1Info, kv) },
            { QStringLiteral("conninfo: %1\n").arg(db2Info),
                QStringLiteral("conninfo: \"postgresql://postgres:%1@127.0.0.1:%2/app\"\n").arg(uri).arg(port(QStringLiteral("db2"))) } });
    QVERIFY(!inventory.isEmpty());
    QString text = readFile(inventory);
    const qsizetype db1At = text.indexOf(QStringLiteral("  db1:\n"));
    const qsizetype hostAt = text.indexOf(QStringLiteral("host: rbc-sandbox\n"), db1At);
    QVERIFY(db1At >= 0 && hostAt > db1At);
    text.replace(hostAt, 18, SystemCommand::runningAsRoot() ? QStringLiteral("host: local\n    run_as: postgres\n") : QStringLiteral("host: local\n"));
    QVERIFY(writeFile(inventory, text));
    const QString out = m_tmp.filePath(QStringLiteral("out"));
    const QString rb = runbookOf(QStringLiteral("argv"), QStringLiteral("{nodes: [old_primary, read_replica]}"), QStringLiteral(R"yaml(      - id: local
        shell: "echo {{ nodes.old_primary.conninfo }} > %1/local-conninfo; printf '%s' \"$PGPASSWORD\" > %1/local-password; psql {{ nodes.old_primary.conninfo }} -Atc 'SELECT 7'; sleep 1.5"
        on: old_primary
      - id: remote
        shell: "echo {{ nodes.read_replica.conninfo }} > %1/remote-conninfo; printf '%s' \"$PGPASSWORD\" > %1/remote-password; psql {{ nodes.read_replica.conninfo }} -Atc 'SELECT 8'; sleep 1.5"
        on: read_replica
)yaml").arg(out));
    const QString journal = m_console.journalPath(QStringLiteral("argv"));
    QElapsedTimer since;
    since.start();
    QProcess p;
    m_console.start(p, runArgs(rb, inventory, journal));
    QStringList seen;
    int scans = 0;
    while (p.state() == QProcess::Running && since.elapsed() < 60000) {
        for (const QString& secret : { kv, uri })
            for (pid_t pid : processesWith(secret.toUtf8()))
                seen << QStringLiteral("%1 in /proc/%2/cmdline: %3").arg(secret).arg(pid).arg(readFile(QStringLiteral("/proc/%1/cmdline").arg(pid)).replace(QChar(0), QChar(' ')));
        ++scans;
        QTest::qWait(20);
    }
    const CliResult r = m_console.finish(p, 60000, since);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(scans > 20, qPrintable(QString::number(scans)));
    QVERIFY2(seen.isEmpty(), qPrintable(seen.join(QLatin1Char('\n'))));
    // The steps still had everything they need: the conninfo in arguments, the password beside it.
    QCOMPARE(readFile(out + QStringLiteral("/local-password")), kv);
    QCOMPARE(readFile(out + QStringLiteral("/remote-password")), uri);
    QVERIFY(!readFile(out + QStringLiteral("/local-conninfo")).contains(kv));
    QVERIFY(readFile(out + QStringLiteral("/local-conninfo")).contains(QStringLiteral("port=%1").arg(port(QStringLiteral("db1")))));
    QVERIFY(!readFile(out + QStringLiteral("/remote-conninfo")).contains(uri));
    QVERIFY2(r.err.contains(QStringLiteral("    7\n")) && r.err.contains(QStringLiteral("    8\n")), qPrintable(r.describe()));
    // Defect 9: the journal file is private.
    QCOMPARE(QFileInfo(journal).permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther), QFileDevice::Permissions());
}

// ---------------------------------------------------------------------------------------------
// Defect 12 and the read-only disk fault: `runs` and `export` wrote to the journal when opening
// it, so a journal on read-only media (a copy taken for a post-mortem) could not be read.

void TestFaults::readOnlyJournalIsListedAndExported()
{
    // A journal holding a run that died mid-step (its owner is gone: it reads as interrupted).
    const QString rb = runbookOf(QStringLiteral("ro"), QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: quick
        sql: SELECT 1
        on: old_primary
      - id: slow
        sql: SELECT pg_sleep(20)
        on: old_primary
)yaml"));
    const QString dir = m_tmp.filePath(QStringLiteral("ro"));
    QVERIFY(QDir().mkpath(dir));
    const QString journal = dir + QStringLiteral("/journal.sqlite");
    QString said;
    QVERIFY2(killWhen(runArgs(rb, m_sandbox->inventoryPath(), journal), [&] { return stepRunning(journal, QStringLiteral("slow")); }, &said),
        qPrintable(said));
    terminateSleepers();
    const QByteArray before = readBytes(journal);

    // The same directory, mounted read-only in a private mount namespace, for the console only.
    const auto readOnly = [&](const QStringList& args) {
        QStringList quoted;
        for (const QString& a : QStringList { QStringLiteral(RBC_CONSOLE_BINARY) } + args)
            quoted << QLatin1Char('\'') + a + QLatin1Char('\'');
        QElapsedTimer since;
        since.start();
        QProcess sh;
        m_console.start(sh, { QStringLiteral("-m"), QStringLiteral("sh"), QStringLiteral("-c"),
                                QStringLiteral("mount --bind '%1' '%1' && mount -o remount,bind,ro '%1' && exec %2").arg(dir, quoted.join(QLatin1Char(' '))) },
            QStringLiteral("unshare"));
        return m_console.finish(sh, 30000, since);
    };
    if (!SystemCommand::runningAsRoot()) {
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL("CI runs as root: a read-only mount needs it");
        QSKIP("mounting a read-only copy needs root (CI runs as root)");
    }
    const CliResult runs = readOnly({ QStringLiteral("runs"), QStringLiteral("--journal"), journal });
    QVERIFY2(runs.exitCode == 0, qPrintable(runs.describe()));
    QVERIFY2(runs.out.contains(QStringLiteral("interrupted")), qPrintable(runs.describe()));
    const CliResult exported = readOnly({ QStringLiteral("export"), QStringLiteral("last"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--journal"), journal });
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.describe()));
    const QJsonObject run = QJsonDocument::fromJson(exported.out.toUtf8()).object();
    QCOMPARE(run.value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("interrupted"));
    QCOMPARE(stepOrder(run), (QStringList { QStringLiteral("quick=succeeded"), QStringLiteral("slow=interrupted") }));
    // A run cannot be recorded there: refused before anything runs, saying why.
    const CliResult refused = readOnly({ QStringLiteral("run"), rb, QStringLiteral("--inventory"), m_sandbox->inventoryPath(), QStringLiteral("--journal"), dir + QStringLiteral("/new.sqlite") });
    QVERIFY2(refused.exitCode == 2 && refused.err.contains(QStringLiteral("journal")), qPrintable(refused.describe()));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/new.sqlite")));
    QCOMPARE(readBytes(journal), before); // and reading it changed nothing
}

// ---------------------------------------------------------------------------------------------
// Defect 2: killed mid-switch, the console left PgBouncer PAUSED, and `rollback` never resumed it.

void TestFaults::killedMidSwitchNeverLeavesPgbouncerPaused_data()
{
    QTest::addColumn<QString>("then");
    QTest::newRow("then rollback") << QStringLiteral("rollback");
    QTest::newRow("then resume") << QStringLiteral("resume");
}

void TestFaults::killedMidSwitchNeverLeavesPgbouncerPaused()
{
    QFETCH(QString, then);
    // The admin console goes through a relay that holds PgBouncer's answer to RELOAD: the kill
    // lands after PAUSE, the new file and its RELOAD, before RESUME.
    fault::HoldingRelay relay { quint16(pgbouncerPort()) };
    QVERIFY(relay.isValid());
    const QString inventory = inventoryThrough(relay, QStringLiteral("relay-%1").arg(then));
    QVERIFY(!inventory.isEmpty());
    const QString t = QStringLiteral("f2_%1").arg(then);
    const QString rb = runbookOf(t, QStringLiteral("{nodes: [old_primary, read_replica], endpoints: [app]}"), QStringLiteral(R"yaml(      - id: make
        sql: CREATE TABLE %1 (id int)
        on: old_primary
        rollback: {sql: DROP TABLE %1, on: old_primary}
      - id: to-replica
        switch: {endpoint: app, to: read_replica}
      - id: after
        sql: SELECT 1
        on: read_replica
)yaml").arg(t));
    const QString journal = m_console.journalPath(t);
    relay.holdAfter("RELOAD");
    QString said;
    QVERIFY2(killWhen(runArgs(rb, inventory, journal), [&] { return relay.waitHeld(10); }, &said, 100), qPrintable(said));
    relay.release();
    const QString db2 = QString::number(port(QStringLiteral("db2")));
    QCOMPARE(liveRoute(), db2 + QStringLiteral(" PAUSED")); // the fault: clients hang in PgBouncer

    if (then == QLatin1String("rollback")) {
        const CliResult r = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
        QVERIFY2(r.exitCode == 3, qPrintable(r.describe()));
        QCOMPARE(liveRoute(), QString::number(port(QStringLiteral("db1"))));
        QCOMPARE(fileRoute(), QString::number(port(QStringLiteral("db1"))));
        QCOMPARE(db1(QStringLiteral("SELECT to_regclass('%1') IS NULL").arg(t)), QStringLiteral("t"));
        QCOMPARE(journaled(journal), (QStringList { QStringLiteral("make=succeeded"), QStringLiteral("to-replica=interrupted"),
                                       QStringLiteral("undo:to-replica=succeeded"), QStringLiteral("undo:make=succeeded") }));
        return;
    }
    // resume without a decision refuses to run the switch again, but never leaves clients paused,
    // and tells where PgBouncer routes now.
    const CliResult refused = cli({ QStringLiteral("resume"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(refused.exitCode == 2, qPrintable(refused.describe()));
    QVERIFY2(refused.err.contains(QStringLiteral("'to-replica'")) && refused.err.contains(QStringLiteral("PAUSED")), qPrintable(refused.describe()));
    QCOMPARE(liveRoute(), db2);
    const CliResult resumed = cli({ QStringLiteral("resume"), QStringLiteral("last"), QStringLiteral("--rerun-interrupted"), QStringLiteral("--journal"), journal });
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.describe()));
    QCOMPARE(liveRoute(), db2);
    QCOMPARE(fileRoute(), db2);
    QCOMPARE(journaled(journal), (QStringList { QStringLiteral("make=succeeded"), QStringLiteral("to-replica=interrupted"),
                                   QStringLiteral("to-replica=succeeded"), QStringLiteral("after=succeeded") }));
}

// Hold mode: the console SIGKILLed while a rollback past the switch holds clients (PgBouncer
// PAUSEd, on the new target). `rollback` finds the hold the journal never saw end, RESUMEs first
// and says so; the rollback then goes on, holding clients again, and ends with them on the old
// node, not paused.
void TestFaults::killedWhileARollbackHoldsClients()
{
    QCOMPARE(db1(QStringLiteral("CREATE TABLE f15_hold (id int); SELECT 1")), QStringLiteral("1"));
    const QString rb = runbook(QStringLiteral("f15"), QStringLiteral(R"yaml(runbook: f15
cutover: hold
hold_max: 1m
requires: {nodes: [old_primary, read_replica], endpoints: [app]}
phases:
  - name: One
    steps:
      - id: freeze
        sql: SELECT 1
        on: old_primary
        downtime: writes-begin
        rollback: {sql: SELECT 1, on: old_primary}
      - id: route
        switch: {endpoint: app, to: read_replica}
        downtime: writes-end
      - id: check
        sql: SELECT 1/0
        on: old_primary
        on_failure: rollback
        rollback:
          sql: SELECT pg_sleep(CASE WHEN to_regclass('f15_hold') IS NULL THEN 0 ELSE 30 END)
          on: old_primary
)yaml"));
    const QString journal = m_console.journalPath(QStringLiteral("f15"));
    const QString db2 = QString::number(port(QStringLiteral("db2")));
    QString said;
    QVERIFY2(killWhen(runArgs(rb, m_sandbox->inventoryPath(), journal),
                 [&] { return stepRunning(journal, QStringLiteral("check")) && peek(journal)->steps.last().isRollback; }, &said),
        qPrintable(said));
    terminateSleepers();
    QCOMPARE(db1(QStringLiteral("DROP TABLE f15_hold; SELECT 1")), QStringLiteral("1"));
    QCOMPARE(liveRoute(), db2 + QStringLiteral(" PAUSED")); // the fault: clients wait in PgBouncer

    const CliResult r = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(r.exitCode == 3, qPrintable(r.describe()));
    QCOMPARE(liveRoute(), QString::number(port(QStringLiteral("db1"))));
    const auto detail = peek(journal);
    QVERIFY(detail);
    QStringList events;
    for (const JournalEvent& e : detail->events)
        events << e.text;
    const QString all = events.join(QLatin1Char('\n'));
    static const QRegularExpression resumed(QStringLiteral("the run held the clients of app \\(cutover: hold\\) when it stopped: PgBouncer .* had app "
                                                           "left PAUSED: resumed it \\(verified\\); it routes to db2"));
    QVERIFY2(resumed.match(all).hasMatch(), qPrintable(all));
    QCOMPARE(all.count(QStringLiteral("are held through the rollback from 'Undo: check' on")), 2);
    QVERIFY2(all.contains(QStringLiteral("then RESUMEd on db1 once the undo of step freeze had run")), qPrintable(all));
}

// ---------------------------------------------------------------------------------------------
// The target backend killed (SIGKILL) mid-statement: the server restarts every backend. The step
// fails at once and says its statement may have committed; nothing is retried behind the
// operator's back; the journal says exactly that.

void TestFaults::backendKilledMidStatement()
{
    QCOMPARE(db1(QStringLiteral("CREATE TABLE fk_rows (id int); SELECT 1")), QStringLiteral("1"));
    const QString rb = runbookOf(QStringLiteral("backend"), QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: write-then-wait
        sql: INSERT INTO fk_rows VALUES (1); SELECT pg_sleep(30)
        on: old_primary
        retries: 3
        retry_delay: 100ms
      - id: never
        sql: CREATE TABLE fk_never (id int)
        on: old_primary
)yaml"));
    const QString journal = m_console.journalPath(QStringLiteral("backend"));
    QElapsedTimer since;
    since.start();
    QProcess p;
    m_console.start(p, runArgs(rb, m_sandbox->inventoryPath(), journal));
    QString backend;
    QVERIFY(waitFor([&] {
        backend = db1(QStringLiteral("SELECT pid FROM pg_stat_activity WHERE query LIKE 'INSERT INTO fk_rows%' AND state = 'active'"));
        return backend.toInt() > 0;
    }, 30000));
    QVERIFY(::kill(pid_t(backend.toInt()), SIGKILL) == 0);
    const CliResult r = m_console.finish(p, 60000, since);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(QStringLiteral("may have committed: check")), qPrintable(r.describe()));
    QVERIFY2(!r.err.contains(QStringLiteral("retry 1/3")), qPrintable(r.describe()));
    QCOMPARE(journaled(journal), QStringList { QStringLiteral("write-then-wait=failed") });
    // The server recovered by itself; the step's transaction died with its backend.
    QTRY_COMPARE_WITH_TIMEOUT(db1(QStringLiteral("SELECT count(*) FROM fk_rows")), QStringLiteral("0"), 30000);
    QCOMPARE(db1(QStringLiteral("SELECT to_regclass('fk_never') IS NULL")), QStringLiteral("t"));
}

// ---------------------------------------------------------------------------------------------
// A node stopped (fast: sessions terminated; immediate: no shutdown at all) while a step runs on it.

// The kill points live in runbook-console-faults only (tests/faultpoints.cpp): the shipped binary
// neither holds nor reads RBC_FAULT_*.
void TestFaults::productBinaryHasNoKillPoints()
{
    const auto bytes = [](const char* path) {
        QFile f(QString::fromLocal8Bit(path));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const QByteArray product = bytes(RBC_CONSOLE_BINARY);
    const QByteArray faults = bytes(RBC_FAULTS_CONSOLE_BINARY);
    QVERIFY(!product.isEmpty() && !faults.isEmpty());
    QVERIFY(faults.contains("RBC_FAULT_KILL_IN_STEP"));
    QVERIFY(!product.contains("RBC_FAULT_"));
}

void TestFaults::nodeStoppedMidStep_data()
{
    QTest::addColumn<QString>("mode");
    QTest::newRow("fast") << QStringLiteral("fast");
    QTest::newRow("immediate") << QStringLiteral("immediate");
}

void TestFaults::nodeStoppedMidStep()
{
    QFETCH(QString, mode);
    const QString rb = runbook(QStringLiteral("stopped-%1").arg(mode), QStringLiteral(R"yaml(runbook: node stopped
requires: {nodes: [other_replica]}
phases:
  - name: One
    steps:
      - id: long-read
        sql: SELECT pg_sleep(30)
        on: other_replica
        retries: 2
      - id: never
        sql: SELECT 1
        on: other_replica
)yaml"));
    const QString journal = m_console.journalPath(QStringLiteral("stopped-%1").arg(mode));
    QElapsedTimer since;
    since.start();
    QProcess p;
    m_console.start(p, runArgs(rb, m_sandbox->inventoryPath(), journal));
    QVERIFY2(waitFor([&] { return stepRunning(journal, QStringLiteral("long-read")); }, 30000), p.readAllStandardError().constData());
    QTest::qWait(300);
    const QString bindir = m_inventory->node(QStringLiteral("db3"))->bindir;
    const CommandOutcome stop = SystemCommand(bindir + QStringLiteral("/pg_ctl"),
        { QStringLiteral("-D"), m_sandbox->dir() + QStringLiteral("/data/db3"), QStringLiteral("-m"), mode, QStringLiteral("-w"), QStringLiteral("stop") })
                                    .asUser(Sandbox::serverUser())
                                    .withTimeout(60000)
                                    .run();
    QVERIFY2(stop.ok(), qPrintable(stop.describe(QStringLiteral("pg_ctl stop"))));
    const CliResult r = m_console.finish(p, 60000, since);
    qInfo("node stopped (%s): the run ended %lld ms after it started", qPrintable(mode), r.ms);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.ms < 30000, qPrintable(r.describe())); // failed, not waited out
    QCOMPARE(journaled(journal), QStringList { QStringLiteral("long-read=failed") });
    QVERIFY(!peek(journal)->steps.first().result.error.isEmpty()); // and says why
    QString error;
    QVERIFY2(restartSandbox(&error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(scalarOn(conninfo(QStringLiteral("db3")), QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("t"), 30000);
}

// ---------------------------------------------------------------------------------------------
// PgBouncer killed (SIGKILL) mid-switch: the switch fails and says what it knows; its config file
// routes where clients were, so a restarted PgBouncer routes there; rollback then verifies it.

void TestFaults::pgbouncerKilledMidSwitch()
{
    fault::HoldingRelay relay { quint16(pgbouncerPort()) };
    QVERIFY(relay.isValid());
    const QString inventory = inventoryThrough(relay, QStringLiteral("relay-killed"));
    const QString rb = runbookOf(QStringLiteral("pgb-killed"), QStringLiteral("{nodes: [read_replica], endpoints: [app]}"), QStringLiteral(R"yaml(      - id: to-replica
        switch: {endpoint: app, to: read_replica}
      - id: after
        sql: SELECT 1
        on: read_replica
)yaml"));
    const QString journal = m_console.journalPath(QStringLiteral("pgb-killed"));
    relay.holdAfter("RELOAD");
    QElapsedTimer since;
    since.start();
    QProcess p;
    m_console.start(p, runArgs(rb, inventory, journal));
    QVERIFY(relay.waitHeld(30000));
    ::kill(pgbouncerPid(), SIGKILL);
    relay.release();
    const CliResult r = m_console.finish(p, 60000, since);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.ms < 30000, qPrintable(r.describe()));
    const QString db1Port = QString::number(port(QStringLiteral("db1")));
    QCOMPARE(fileRoute(), db1Port);
    QString error;
    QVERIFY2(restartSandbox(&error), qPrintable(error)); // PgBouncer comes back from its file
    QCOMPARE(liveRoute(), db1Port);
    const CliResult back = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(back.exitCode == 3, qPrintable(back.describe()));
    QCOMPARE(liveRoute(), db1Port);
}

// PgBouncer frozen (SIGSTOP) mid-switch: Ctrl-C still stops the step within a second; once
// PgBouncer wakes up, rollback finds out where it routes and puts it back, verified.
void TestFaults::pgbouncerFrozenMidSwitch()
{
    fault::HoldingRelay relay { quint16(pgbouncerPort()) };
    QVERIFY(relay.isValid());
    const QString inventory = inventoryThrough(relay, QStringLiteral("relay-frozen"));
    const QString rb = runbookOf(QStringLiteral("pgb-frozen"), QStringLiteral("{nodes: [read_replica], endpoints: [app]}"), QStringLiteral(R"yaml(      - id: to-replica
        switch: {endpoint: app, to: read_replica}
        timeout: 1m
)yaml"));
    const QString journal = m_console.journalPath(QStringLiteral("pgb-frozen"));
    relay.holdAfter("RELOAD");
    QElapsedTimer since;
    since.start();
    QProcess p;
    m_console.start(p, runArgs(rb, inventory, journal));
    QVERIFY(relay.waitHeld(30000));
    CliResult r;
    qint64 exitMs = -1;
    QDateTime ctrlCAt;
    {
        fault::Freeze frozen(pgbouncerPid(), 30000);
        QVERIFY(frozen.frozen());
        relay.release(); // the switch goes on into RESUME, which a frozen PgBouncer never answers
        QTest::qWait(300);
        QElapsedTimer ctrlC;
        ctrlC.start();
        ctrlCAt = QDateTime::currentDateTimeUtc();
        ::kill(pid_t(p.processId()), SIGINT);
        r = m_console.finish(p, 60000, since);
        exitMs = ctrlC.elapsed();
    }
    // The step ended (journaled) within a second of Ctrl-C; the process then checked the probe's
    // writes on the node itself (PgBouncer still frozen) and exited.
    const auto detail = peek(journal);
    QVERIFY(detail && detail->steps.size() == 1 && detail->steps.first().endedAt.isValid());
    const qint64 cancelMs = ctrlCAt.msecsTo(detail->steps.first().endedAt);
    qInfo("PgBouncer frozen: the step ended %lld ms after Ctrl-C, the process exited after %lld ms", cancelMs, exitMs);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(cancelMs < 2000, qPrintable(r.describe()));
    QVERIFY2(exitMs < 8000, qPrintable(r.describe()));
    QCOMPARE(journaled(journal), QStringList { QStringLiteral("to-replica=cancelled") });
    // Thawed: whatever PgBouncer did with what was waiting, rollback makes it route to db1, unpaused.
    const CliResult back = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(back.exitCode == 3, qPrintable(back.describe()));
    QCOMPARE(liveRoute(), QString::number(port(QStringLiteral("db1"))));
    QCOMPARE(fileRoute(), QString::number(port(QStringLiteral("db1"))));
}

// ---------------------------------------------------------------------------------------------
// sshd stopped (with its sessions) mid-step: the step fails saying its remote command may still
// run; the journal knows the remote process group; rollback ends it once the host is back.

void TestFaults::sshdStoppedMidStep()
{
    const QByteArray nap = "sleep 48.25";
    const QString rb = runbookOf(QStringLiteral("sshd"), QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: remote-nap
        shell: "%1"
        on: old_primary
)yaml").arg(QString::fromLatin1(nap)));
    const QString journal = m_console.journalPath(QStringLiteral("sshd"));
    QElapsedTimer since;
    since.start();
    QProcess p;
    m_console.start(p, runArgs(rb, m_sandbox->inventoryPath(), journal));
    QVERIFY(waitFor([&] { return processesWith(nap, true).size() == 1; }, 30000));
    QTest::qWait(200);
    // The sandbox's sshd and every session it forked (its descendants), by pid.
    const pid_t sshd = fault::pidFromFile(m_sandbox->dir() + QStringLiteral("/ssh/sshd.pid"));
    QVERIFY(sshd > 0);
    QList<pid_t> doomed { sshd };
    for (pid_t pid : processesWith("sshd")) {
        for (pid_t up = parentOf(pid); up > 1; up = parentOf(up))
            if (up == sshd) {
                doomed << pid;
                break;
            }
    }
    for (pid_t pid : doomed)
        ::kill(pid, SIGKILL);
    const CliResult r = m_console.finish(p, 60000, since);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(QStringLiteral("may still be running")), qPrintable(r.describe()));
    QCOMPARE(processesWith(nap, true).size(), 1); // the fault: the remote command lives on
    QString error;
    QVERIFY2(restartSandbox(&error), qPrintable(error));
    const CliResult back = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal });
    QVERIFY2(back.exitCode == 3, qPrintable(back.describe()));
    QVERIFY2(waitFor([&] { return processesWith(nap, true).isEmpty(); }, 5000), qPrintable(back.describe()));
}

// ---------------------------------------------------------------------------------------------
// A host that never answers (the TCP handshake completes, nothing else ever comes): every kind of
// connection gives up on its timeout with a clear message, never hangs.

void TestFaults::hostThatNeverAnswers_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("sql") << QStringLiteral("sql");
    QTest::newRow("pgbouncer admin") << QStringLiteral("switch");
    QTest::newRow("ssh") << QStringLiteral("ssh");
}

void TestFaults::hostThatNeverAnswers()
{
    QFETCH(QString, kind);
    fault::BlackHole hole;
    QVERIFY(hole.isValid());
    QString inventory;
    QString yaml;
    QString expected;
    if (kind == QLatin1String("sql")) {
        inventory = inventoryWith(QStringLiteral("hole-sql"), { { QStringLiteral("conninfo: %1\n").arg(conninfo(QStringLiteral("db3"))),
                                                                    QStringLiteral("conninfo: host=127.0.0.1 port=%1 dbname=app user=postgres connect_timeout=2\n").arg(hole.port()) } });
        yaml = QStringLiteral("      - id: ask\n        sql: SELECT 1\n        on: other_replica\n");
        expected = QStringLiteral("could not connect within 2 s");
    } else if (kind == QLatin1String("switch")) {
        inventory = inventoryWith(QStringLiteral("hole-switch"),
            { { QStringLiteral("port=%1 dbname=pgbouncer").arg(pgbouncerPort()), QStringLiteral("port=%1 dbname=pgbouncer").arg(hole.port()) } });
        yaml = QStringLiteral("      - id: ask\n        switch: {endpoint: app, to: other_replica}\n");
        expected = QStringLiteral("cannot reach the PgBouncer admin console");
    } else {
        // An ssh_config of our own for this host, without a ConnectTimeout: the console's default applies.
        QString config = readFile(m_sandbox->dir() + QStringLiteral("/ssh/config"));
        const int sshPort = config.section(QStringLiteral("Port "), 1).section(QLatin1Char('\n'), 0, 0).toInt();
        QVERIFY(sshPort > 0);
        config.replace(QStringLiteral("Port %1\n").arg(sshPort), QStringLiteral("Port %1\n").arg(hole.port()));
        config.replace(QStringLiteral("    ConnectTimeout 5\n"), QString());
        QVERIFY(!config.contains(QStringLiteral("ConnectTimeout")));
        const QString configPath = m_tmp.filePath(QStringLiteral("hole-ssh-config"));
        QVERIFY(writeFile(configPath, config));
        QFile::setPermissions(configPath, QFile::ReadOwner | QFile::WriteOwner);
        inventory = inventoryWith(QStringLiteral("hole-ssh"), { { m_sandbox->dir() + QStringLiteral("/ssh/config"), configPath } });
        yaml = QStringLiteral("      - id: ask\n        shell: \"true\"\n        on: other_replica\n");
        expected = QStringLiteral("could not reach rbc-sandbox");
    }
    QVERIFY(!inventory.isEmpty());
    const QString rb = runbook(QStringLiteral("hole-%1").arg(kind), QStringLiteral("runbook: never answers\n"
                                                                                  "requires: {nodes: [other_replica], endpoints: [app]}\n"
                                                                                  "phases:\n  - name: One\n    steps:\n")
            + yaml);
    const CliResult r = cli({ QStringLiteral("run"), rb, QStringLiteral("--inventory"), inventory, QStringLiteral("--journal"), m_console.journalPath(QStringLiteral("hole-%1").arg(kind)) }, 60000);
    QVERIFY2(r.finished, qPrintable(r.describe()));
    qInfo("%s: the run gave up on the silent host after %lld ms", qPrintable(kind), r.ms);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(expected), qPrintable(r.describe()));
    QVERIFY2(r.ms < 40000, qPrintable(r.describe()));
}

// ---------------------------------------------------------------------------------------------
// Defect 7 and the full-disk fault: on a full disk a succeeded step was journaled `interrupted`
// and the next step still ran. The run must stop before the next step, say why, and the journal
// must still tell the truth.

void TestFaults::journalDiskFull()
{
    if (!SystemCommand::runningAsRoot()) {
        if (qEnvironmentVariableIsSet("CI"))
            QFAIL("CI runs as root: a small disk of its own needs it");
        QSKIP("mounting a small disk for the journal needs root (CI runs as root)");
    }
    const QString inventory = localInventory();
    const QString dir = m_tmp.filePath(QStringLiteral("smalldisk"));
    QVERIFY(QDir().mkpath(dir));
    // The step fills the disk the journal is on (as the servers' user: the mount is open to all).
    const QString rb = runbookOf(QStringLiteral("diskfull"), QStringLiteral("{nodes: [old_primary]}"), QStringLiteral(R"yaml(      - id: fill
        shell: "dd if=/dev/zero of=%1/filler bs=64k 2>/dev/null; echo filled"
        on: old_primary
      - id: after
        sql: CREATE TABLE fdf_after (id int)
        on: old_primary
)yaml").arg(dir));
    const QString journal = dir + QStringLiteral("/journal.sqlite");
    const QStringList runArgs { QStringLiteral(RBC_CONSOLE_BINARY), QStringLiteral("run"), rb, QStringLiteral("--inventory"), inventory, QStringLiteral("--journal"), journal };
    const QStringList exportArgs { QStringLiteral(RBC_CONSOLE_BINARY), QStringLiteral("export"), QStringLiteral("last"), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("--journal"), journal };
    const auto quote = [](const QStringList& args) {
        QStringList q;
        for (const QString& a : args)
            q << QLatin1Char('\'') + a + QLatin1Char('\'');
        return q.join(QLatin1Char(' '));
    };
    // A 4 MiB disk of its own, in a private mount namespace; after the run the filler goes and the
    // journal is read back from the same disk.
    const QString script = QStringLiteral("mount -t tmpfs -o size=4m,mode=1777 rbc-small '%1' || exit 90; "
                                          "%2; echo \"rc=$?\" >&2; rm -f '%1/filler'; echo '---export---'; %3")
                               .arg(dir, quote(runArgs), quote(exportArgs));
    QElapsedTimer since;
    since.start();
    QProcess sh;
    m_console.start(sh, { QStringLiteral("-m"), QStringLiteral("sh"), QStringLiteral("-c"), script }, QStringLiteral("unshare"));
    const CliResult r = m_console.finish(sh, 90000, since);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(QStringLiteral("rc=1\n")), qPrintable(r.describe()));
    QVERIFY2(r.err.contains(QStringLiteral("disk is full")), qPrintable(r.describe()));
    QCOMPARE(db1(QStringLiteral("SELECT to_regclass('fdf_after') IS NULL")), QStringLiteral("t")); // the next step never ran
    const QJsonObject run = QJsonDocument::fromJson(r.out.section(QStringLiteral("---export---\n"), 1).toUtf8()).object();
    QVERIFY2(!run.isEmpty(), qPrintable(r.describe()));
    QCOMPARE(stepOrder(run), QStringList { QStringLiteral("fill=succeeded") });
    QCOMPARE(run.value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(), QStringLiteral("failed"));
    QVERIFY(run.value(QStringLiteral("run")).toObject().value(QStringLiteral("note")).toString().contains(QStringLiteral("disk is full")));
}

// ---------------------------------------------------------------------------------------------
// The console SIGKILLed at every step boundary, and in the middle of every step, of a shipped
// runbook (pg_upgrade --link): resume tells the truth, nothing re-runs without the operator's
// word, PgBouncer is never left paused.

void TestFaults::killedAtEveryStepBoundary()
{
    UpgradeCluster cluster;
    QString error;
    QVERIFY2(cluster.up(m_tmp.filePath(QStringLiteral("sb-boundaries")), &error), qPrintable(error));
    QStringList ids;
    for (const Step* s : cluster.runbook->steps())
        ids << s->id;
    const QString journal = m_console.journalPath(QStringLiteral("boundaries"));
    const QString inventory = cluster.sandbox->inventoryPath();
    for (int k = 1; k <= ids.size(); ++k) {
        ConsoleDriver driver = m_console;
        driver.setBinary(QStringLiteral(RBC_FAULTS_CONSOLE_BINARY));
        if (k < ids.size())
            driver.environment().insert(QStringLiteral("RBC_FAULT_KILL_BEFORE_STEP"), ids[k]);
        const QStringList args = k == 1 ? QStringList { QStringLiteral("run"), kPgUpgradeRunbook, QStringLiteral("--inventory"), inventory, QStringLiteral("--yes"), QStringLiteral("--journal"), journal }
                                        : QStringList { QStringLiteral("resume"), QStringLiteral("last"), QStringLiteral("--yes"), QStringLiteral("--journal"), journal };
        const CliResult r = driver.run(args, 300000);
        if (k < ids.size()) {
            QVERIFY2(r.crashed, qPrintable(QStringLiteral("expected the kill before %1\n%2").arg(ids[k], r.describe())));
        } else {
            QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        }
        // The journal tells the truth: the first k steps done once, nothing running, nothing else.
        const auto json = m_console.exportJson(journal);
        QVERIFY(json);
        QStringList expected;
        for (int i = 0; i < k; ++i)
            expected << ids[i] + QStringLiteral("=succeeded");
        QCOMPARE(stepOrder(*json), expected);
        QCOMPARE(json->value(QStringLiteral("run")).toObject().value(QStringLiteral("outcome")).toString(),
            k < ids.size() ? QStringLiteral("interrupted") : QStringLiteral("completed"));
        const auto entry = fault::pgbouncerEntry(cluster.admin(), QStringLiteral("app"));
        QVERIFY2(entry && !entry->paused, qPrintable(ids[k - 1]));
    }
}

void TestFaults::killedMidEveryStep_data()
{
    QTest::addColumn<int>("k");
    m_midStep = std::make_unique<UpgradeCluster>();
    QString error;
    QVERIFY2(m_midStep->up(m_tmp.filePath(QStringLiteral("sb-midstep")), &error), qPrintable(error));
    // Up to the point of no return: past it the way back is refused (the boundary test covers the rest).
    m_midStepIds.clear();
    for (const Step* s : m_midStep->runbook->steps()) {
        QTest::newRow(qPrintable(s->id)) << int(m_midStepIds.size());
        m_midStepIds << s->id;
        if (s->pointOfNoReturn)
            break;
    }
}

void TestFaults::killedMidEveryStep()
{
    QFETCH(int, k);
    QVERIFY(m_midStep);
    if (m_midStepPastNoReturn) {
        // An earlier row's kill landed past the point of no return: the cluster cannot be brought back.
        qInfo("not killed in step %d: an earlier kill landed past the point of no return", k);
        return;
    }
    const UpgradeCluster& cluster = *m_midStep;
    const QString admin = cluster.admin();
    const Inventory& inv = *cluster.inventory;
    const QStringList& ids = m_midStepIds;
    const QString journal = m_console.journalPath(QStringLiteral("midstep-%1").arg(k));
    ConsoleDriver driver = m_console;
    driver.setBinary(QStringLiteral(RBC_FAULTS_CONSOLE_BINARY));
    driver.environment().insert(QStringLiteral("RBC_FAULT_KILL_IN_STEP"), ids[k] + QStringLiteral(":2"));
    const CliResult r = driver.run({ QStringLiteral("run"), kPgUpgradeRunbook, QStringLiteral("--inventory"), cluster.sandbox->inventoryPath(), QStringLiteral("--yes"),
                                       QStringLiteral("--journal"), journal },
        240000);
    QVERIFY2(r.crashed, qPrintable(QStringLiteral("expected a kill in %1\n%2").arg(ids[k], r.describe())));
    auto json = m_console.exportJson(journal);
    QVERIFY(json);
    // Every step before is done once; the one the kill hit is interrupted (or had just ended: a
    // quick step may end, and the next ones too, before the kill lands).
    const QStringList order = stepOrder(*json);
    QVERIFY2(order.size() >= k + 1, qPrintable(order.join(QLatin1Char(','))));
    for (int i = 0; i < order.size() - 1; ++i)
        QCOMPARE(order[i], ids[i] + QStringLiteral("=succeeded"));
    const bool interrupted = order.last().endsWith(QStringLiteral("=interrupted"));
    m_killedMidStep += interrupted && order.size() == k + 1;
    QVERIFY2(interrupted || order.last().endsWith(QStringLiteral("=succeeded")), qPrintable(order.join(QLatin1Char(','))));
    if (interrupted) {
        // resume without a decision: refuses, names the step, runs nothing.
        const QString step = order.last().section(QLatin1Char('='), 0, 0);
        const CliResult refused = cli({ QStringLiteral("resume"), QStringLiteral("last"), QStringLiteral("--yes"), QStringLiteral("--journal"), journal });
        QVERIFY2(refused.exitCode == 2 && refused.err.contains(QStringLiteral("'%1'").arg(step)), qPrintable(refused.describe()));
        json = m_console.exportJson(journal);
        QVERIFY(json);
        QCOMPARE(stepOrder(*json), order);
    }
    const auto entry = fault::pgbouncerEntry(admin, QStringLiteral("app"));
    QVERIFY2(entry && !entry->paused, qPrintable(ids[k]));
    qInfo("killed in %s: %s", qPrintable(ids[k]), qPrintable(order.last()));
    // The way back, before the next row starts from the beginning. Once the point of no return
    // has passed (the kill landed after it), the way back is refused, as it must be: that ends it.
    const CliResult back = cli({ QStringLiteral("rollback"), QStringLiteral("last"), QStringLiteral("--journal"), journal }, 240000);
    if (order.contains(ids.last() + QStringLiteral("=succeeded"))) {
        QVERIFY2(back.exitCode != 3 && back.err.contains(QStringLiteral("point of no return")), qPrintable(back.describe()));
        m_midStepPastNoReturn = true;
        return;
    }
    QVERIFY2(back.exitCode == 3, qPrintable(back.describe()));
    const auto after = fault::pgbouncerEntry(admin, QStringLiteral("app"));
    QVERIFY2(after && !after->paused && after->port == *inv.node(QStringLiteral("db1"))->port, qPrintable(ids[k]));
    QCOMPARE(scalarOn(inv.node(QStringLiteral("db1"))->conninfo, QStringLiteral("SELECT pg_is_in_recovery() OR current_setting('default_transaction_read_only')::bool")), QStringLiteral("f"));
    QVERIFY2(!QFileInfo::exists(inv.node(QStringLiteral("db_a"))->datadir), qPrintable(ids[k]));
    QVERIFY2(!QFileInfo::exists(inv.node(QStringLiteral("db_a"))->datadir + QStringLiteral(".old")), qPrintable(ids[k]));
}

void TestFaults::killsMostlyLandMidStep()
{
    // killedMidEveryStep's kills must mostly land inside their step, or it proves little.
    m_midStep.reset();
    qInfo("%d of %zd kills landed mid-step", m_killedMidStep, size_t(m_midStepIds.size()));
    QVERIFY(!m_midStepIds.isEmpty());
    QVERIFY(m_killedMidStep >= m_midStepIds.size() / 2);
}

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
