// `sandbox up --hosts`: every node on a host of its own (network namespace, address, sshd,
// /etc/hosts, its own files at the same path as everywhere), two application hosts resolving the
// database's names, the console on a host of its own. The three shipped runbooks run there
// unchanged, one after the other on one sandbox, through the command line on the console's host,
// with the traffic probe on an application host and, during the upgrade, a client writing straight
// to the old primary from the other one. Then `sandbox down` must leave nothing behind.
#include "directwriter.h"
#include "runbookharness.h"
#include "sandbox/sandbox.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

using namespace RunbookHarness;

namespace {

// The calling thread joins a host's network namespace (as a process on that host would be).
bool joinNetworkNamespace(const QString& name)
{
    const int fd = ::open(QFile::encodeName(QStringLiteral("/run/netns/") + name).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool ok = ::setns(fd, CLONE_NEWNET) == 0;
    ::close(fd);
    return ok;
}

struct Cli {
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestSandboxHosts : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void hostsAreSeparate();
    void upgradesOverSsh();
    void movesTheDatabaseOverSsh();
    void changesTheSchemaOverSsh();
    void downLeavesNothingBehind();

private:
    Cli onConsole(const QStringList& args, int timeoutMs = 300000) const;
    Cli onHost(const QString& host, const QString& command) const;
    QString inventoryWith(const QString& name, const QList<QPair<QString, QString>>& replacements) const;
    Cli run(const QString& runbook, const QString& inventory);
    void checkRun(const Cli& cli, const QString& what);
    QString namesOn(const QString& host) const;
    // The node the application hosts reach as the database now: db1 on a fresh sandbox, then wherever
    // the runbooks before moved it (each test starts from there, so any of them can run alone).
    QString currentPrimary() const;
    QString socketConninfo(const QString& node) const
    {
        return QStringLiteral("host=%1/hosts/%2/run port=5432 dbname=app user=postgres").arg(m_sandbox->dir(), node);
    }
    QString conninfo(const QString& node) const { return m_inventory->node(node)->conninfo; }
    QString address(const QString& node) const { return *m_inventory->endpoint(QStringLiteral("app"))->address(node); }

    QTemporaryDir m_tmp { QStringLiteral("/tmp/rbc-tst-hosts-XXXXXX") };
    std::unique_ptr<Sandbox> m_sandbox;
    std::optional<Inventory> m_inventory;
    QString m_console;
    QString m_prefix;
    QStringList m_mountsBefore;
};

void TestSandboxHosts::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    QFile::setPermissions(m_tmp.path(),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    QVERIFY2(::geteuid() == 0, "--hosts creates network namespaces: this test runs as root, as CI does");
    QVERIFY2(QFileInfo(QStringLiteral(RBC_PG13_BINDIR "/pg_upgrade")).isExecutable(), "PostgreSQL 13 missing: run scripts/setup");
    QFile mounts(QStringLiteral("/proc/self/mountinfo"));
    QVERIFY(mounts.open(QIODevice::ReadOnly));
    m_mountsBefore = QString::fromUtf8(mounts.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);

    QElapsedTimer t;
    t.start();
    m_sandbox = std::make_unique<Sandbox>(m_tmp.filePath(QStringLiteral("sb")));
    SandboxOptions o;
    o.hosts = true;
    o.oldBindir = QStringLiteral(RBC_PG13_BINDIR);
    o.seedScale = 0.02;
    QString error;
    QVERIFY2(m_sandbox->up(o, {}, &error), qPrintable(error));
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    QVERIFY(inv.ok());
    m_inventory = inv.inventory;
    m_console = m_sandbox->consoleNamespace();
    QVERIFY(!m_console.isEmpty());
    m_prefix = m_console.section(QLatin1Char('-'), 0, 0);
    qInfo("sandbox up --hosts in %lld ms", t.elapsed());
}

void TestSandboxHosts::cleanupTestCase()
{
    if (m_sandbox) {
        QString error;
        m_sandbox->down({}, &error);
    }
}

Cli TestSandboxHosts::onConsole(const QStringList& args, int timeoutMs) const
{
    QProcess p;
    p.start(QStringLiteral("ip"), QStringList { QStringLiteral("netns"), QStringLiteral("exec"), m_console, QStringLiteral(RBC_CONSOLE_BINARY) } + args);
    Cli r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// A command on a host of the sandbox, over SSH from the console's host.
Cli TestSandboxHosts::onHost(const QString& host, const QString& command) const
{
    QProcess p;
    p.start(QStringLiteral("ip"), { QStringLiteral("netns"), QStringLiteral("exec"), m_console, QStringLiteral("ssh"), QStringLiteral("-F"),
                                      m_inventory->sshConfig, host, command });
    p.waitForFinished(30000);
    return { p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()).trimmed(), QString::fromUtf8(p.readAllStandardError()).trimmed() };
}

// The sandbox's inventory with other runbook names bound (a runbook moves on from where the
// previous one left the cluster).
QString TestSandboxHosts::inventoryWith(const QString& name, const QList<QPair<QString, QString>>& replacements) const
{
    QByteArray text = readFile(m_sandbox->inventoryPath());
    for (const auto& [from, to] : replacements) {
        if (!text.contains(from.toUtf8()))
            return QString();
        text.replace(from.toUtf8(), to.toUtf8());
    }
    const QString path = m_tmp.filePath(name);
    return writeFile(path, text) ? path : QString();
}

Cli TestSandboxHosts::run(const QString& runbook, const QString& inventory)
{
    return onConsole({ QStringLiteral("run"), QStringLiteral(RBC_SOURCE_DIR "/runbooks/") + runbook, QStringLiteral("--inventory"), inventory,
        QStringLiteral("--yes"), QStringLiteral("--journal"), m_tmp.filePath(QStringLiteral("journal.sqlite")) });
}

// Completed; the probe, on an application host, saw no read fail and found every acknowledged write.
void TestSandboxHosts::checkRun(const Cli& cli, const QString& what)
{
    QVERIFY2(cli.exitCode == 0, qPrintable(what + QStringLiteral(": exit %1\n%2").arg(cli.exitCode).arg(cli.err.right(4000))));
    QVERIFY2(cli.err.contains(QStringLiteral("traffic probe: writing and reading through app every 50 ms from rbc-app1")), qPrintable(cli.err.left(2000)));
    const auto run = lastRun(m_tmp.filePath(QStringLiteral("journal.sqlite")));
    QVERIFY(run.has_value());
    QStringList probeLines;
    for (const JournalEvent& e : run->events)
        if (e.text.startsWith(QStringLiteral("traffic probe")))
            probeLines << e.text;
    QVERIFY2(probeAcknowledged(*run) > 0, qPrintable(probeLines.join(QLatin1Char('\n'))));
    qint64 writeMs = 0;
    QStringList readFailures;
    for (const JournalEvent& e : run->events)
        if (e.text.startsWith(QStringLiteral("probe: reads failing")))
            readFailures << e.text;
    for (const DowntimeWindow& w : run->windows) {
        QVERIFY2(w.kind == QLatin1String("writes"), qPrintable(QStringLiteral("a read failed: ") + readFailures.join(QLatin1Char('\n'))));
        if (w.source == QLatin1String("probe"))
            writeMs += w.durationMs.value_or(0);
    }
    for (const StepRecord& s : run->steps)
        qInfo("  %-28s %6lld ms", qPrintable(s.stepId), s.durationMs.value_or(-1));
    qInfo("%s: writes failed for %lld ms in all, measured from app1; %lld acknowledged probe writes", qPrintable(what), writeMs, probeAcknowledged(*run));
}

// What both application hosts resolve the database's names to.
QString TestSandboxHosts::namesOn(const QString& host) const
{
    return onHost(host, QStringLiteral("getent hosts db.sandbox db-ro.sandbox | awk '{print $1}' | tr '\\n' ' '")).out;
}

QString TestSandboxHosts::currentPrimary() const
{
    const QString name = namesOn(QStringLiteral("rbc-app1")).section(QLatin1Char(' '), 0, 0);
    for (const QString& node : { QStringLiteral("db1"), QStringLiteral("db_a"), QStringLiteral("db_b") })
        if (address(node) == name)
            return node;
    return QString();
}

void TestSandboxHosts::hostsAreSeparate()
{
    // A network namespace per host, with its own address; every server on port 5432.
    const QStringList hosts { QStringLiteral("db1"), QStringLiteral("db2"), QStringLiteral("db3"), QStringLiteral("db_a"), QStringLiteral("db_a_replica"),
        QStringLiteral("db_b"), QStringLiteral("app1"), QStringLiteral("app2"), QStringLiteral("console") };
    for (const QString& host : hosts)
        QVERIFY2(QFileInfo::exists(QStringLiteral("/run/netns/") + m_sandbox->hostNamespace(host)), qPrintable(host));
    for (const QString& node : { QStringLiteral("db1"), QStringLiteral("db2"), QStringLiteral("db_a") }) {
        QCOMPARE(*m_inventory->node(node)->port, 5432);
        QVERIFY2(m_inventory->node(node)->host == QStringLiteral("rbc-") + node, qPrintable(m_inventory->node(node)->host));
    }
    // This machine's own network reaches none of them.
    PgConnection fromHere;
    QVERIFY(!fromHere.open(conninfo(QStringLiteral("db1")), 2));
    // Over SSH (keys and known_hosts of the project, checking on), each host is itself.
    const Cli db1 = onHost(QStringLiteral("rbc-db1"), QStringLiteral("whoami; hostname -I; echo db1-only > %1/host/mine; ls %1/host").arg(m_sandbox->dir()));
    QVERIFY2(db1.exitCode == 0, qPrintable(db1.err));
    QVERIFY2(db1.out.contains(address(QStringLiteral("db1"))), qPrintable(db1.out));
    QVERIFY(db1.out.contains(QStringLiteral("mine")));
    // The same path on another host is that host's own: no shared local paths.
    const Cli db2 = onHost(QStringLiteral("rbc-db2"), QStringLiteral("ls %1/host; test ! -e %1/host/mine && echo separate").arg(m_sandbox->dir()));
    QVERIFY2(db2.out.endsWith(QStringLiteral("separate")), qPrintable(db2.out + db2.err));
    QVERIFY(onHost(QStringLiteral("rbc-db1"), QStringLiteral("rm %1/host/mine").arg(m_sandbox->dir())).exitCode == 0);
    // Application hosts resolve the primary's name to db1, the replicas' to db2, through their own /etc/hosts.
    for (const QString& app : { QStringLiteral("rbc-app1"), QStringLiteral("rbc-app2") })
        QCOMPARE(namesOn(app), QStringLiteral("%1 %2").arg(address(QStringLiteral("db1")), address(QStringLiteral("db2"))));
    QCOMPARE(onHost(QStringLiteral("rbc-db1"), QStringLiteral("getent hosts db.sandbox || echo unknown")).out, QStringLiteral("unknown"));
    QCOMPARE(QProcess::execute(QStringLiteral(RBC_CONSOLE_BINARY), { QStringLiteral("sandbox"), QStringLiteral("status"), QStringLiteral("--dir"), m_sandbox->dir() }), 0);
}

void TestSandboxHosts::upgradesOverSsh()
{
    QElapsedTimer t;
    t.start();
    // A client on the second application host writes straight to the old primary's address.
    // (The test reaches the servers through their unix sockets, which this machine's filesystem reaches.)
    const QString db1 = QStringLiteral("host=%1/hosts/db1/run port=5432 dbname=app user=postgres").arg(m_sandbox->dir());
    QCOMPARE(scalar(db1, DirectWriter::tableSql(QStringLiteral("app")) + QStringLiteral("; SELECT 'ok'")), QStringLiteral("ok"));
    const QString app2 = m_sandbox->hostNamespace(QStringLiteral("app2"));
    DirectWriter writer(asUser(conninfo(QStringLiteral("db1")), QStringLiteral("app")), [app2] { return joinNetworkNamespace(app2); });
    writer.start();
    const Cli cli = run(QStringLiteral("pg-upgrade-link.yaml"), m_sandbox->inventoryPath());
    writer.stop();
    checkRun(cli, QStringLiteral("pg_upgrade 13 -> 15 over hosts"));
    if (QTest::currentTestFailed())
        return;
    // Both names moved together on both application hosts: to DB_A.
    for (const QString& app : { QStringLiteral("rbc-app1"), QStringLiteral("rbc-app2") })
        QCOMPARE(namesOn(app), QStringLiteral("%1 %1").arg(address(QStringLiteral("db_a"))));
    // Every row the old primary acknowledged to the direct client is on DB_A.
    const qint64 acked = writer.acknowledged().size();
    QVERIFY2(acked > 20, qPrintable(writer.firstError()));
    const QString dbA = QStringLiteral("host=%1/hosts/db_a/run port=5432 dbname=app user=postgres").arg(m_sandbox->dir());
    QCOMPARE(scalar(dbA, writer.countPresentSql()).toLongLong(), acked);
    QVERIFY(scalar(dbA, QStringLiteral("SHOW server_version_num")).startsWith(QStringLiteral("15")));
    qInfo("upgradesOverSsh took %lld ms (%lld direct writes acknowledged)", t.elapsed(), acked);
}

void TestSandboxHosts::movesTheDatabaseOverSsh()
{
    QElapsedTimer t;
    t.start();
    // From where the database is (db1 alone, DB_A after upgradesOverSsh) to db_b.
    const QString from = currentPrimary();
    QVERIFY2(from == QLatin1String("db1") || from == QLatin1String("db_a"), qPrintable(from));
    QList<QPair<QString, QString>> bind { { QStringLiteral("  target: db_a\n"), QStringLiteral("  target: db_b\n") } };
    if (from != QLatin1String("db1"))
        bind += { { QStringLiteral("  source: db1\n"), QStringLiteral("  source: %1\n").arg(from) },
            { QStringLiteral("    routes_to: db1\n"), QStringLiteral("    routes_to: %1\n").arg(from) } };
    const QString inventory = inventoryWith(QStringLiteral("move-from-%1.yaml").arg(from), bind);
    QVERIFY(!inventory.isEmpty());
    checkRun(run(QStringLiteral("logical-replication-move.yaml"), inventory), QStringLiteral("logical move over hosts"));
    if (QTest::currentTestFailed())
        return;
    for (const QString& app : { QStringLiteral("rbc-app1"), QStringLiteral("rbc-app2") })
        QCOMPARE(namesOn(app), QStringLiteral("%1 %1").arg(address(QStringLiteral("db_b"))));
    QCOMPARE(rows(socketConninfo(QStringLiteral("db_b")), Sandbox::checksumQuery()), rows(socketConninfo(from), Sandbox::checksumQuery()));
    qInfo("movesTheDatabaseOverSsh (from %s) took %lld ms", qPrintable(from), t.elapsed());
}

void TestSandboxHosts::changesTheSchemaOverSsh()
{
    QElapsedTimer t;
    t.start();
    // On wherever the database is (db1 alone, db_b after the runbooks before).
    const QString on = currentPrimary();
    QVERIFY(!on.isEmpty());
    QList<QPair<QString, QString>> bind;
    if (on != QLatin1String("db1"))
        bind = { { QStringLiteral("  old_primary: db1\n"), QStringLiteral("  old_primary: %1\n").arg(on) },
            { QStringLiteral("    routes_to: db1\n"), QStringLiteral("    routes_to: %1\n").arg(on) } };
    const QString inventory = inventoryWith(QStringLiteral("schema-on-%1.yaml").arg(on), bind);
    QVERIFY(!inventory.isEmpty());
    checkRun(run(QStringLiteral("expand-contract-column.yaml"), inventory), QStringLiteral("expand/contract over hosts"));
    QCOMPARE(scalar(socketConninfo(on), QStringLiteral("SELECT count(*) FROM users WHERE avatar_url IS NULL")), QStringLiteral("0"));
    qInfo("changesTheSchemaOverSsh took %lld ms", t.elapsed());
}

void TestSandboxHosts::downLeavesNothingBehind()
{
    const QString dir = m_sandbox->dir();
    QString error;
    QVERIFY2(m_sandbox->down({}, &error), qPrintable(error));
    m_sandbox.reset();
    // No namespace, no /etc/netns entry, no mount, no process of the sandbox.
    QProcess ip;
    ip.start(QStringLiteral("ip"), { QStringLiteral("netns"), QStringLiteral("list") });
    QVERIFY(ip.waitForFinished(10000));
    QVERIFY2(!ip.readAllStandardOutput().contains(m_prefix.toUtf8()), qPrintable(m_prefix));
    QVERIFY(QDir(QStringLiteral("/etc/netns")).entryList({ m_prefix + QStringLiteral("-*") }, QDir::Dirs).isEmpty());
    QFile mounts(QStringLiteral("/proc/self/mountinfo"));
    QVERIFY(mounts.open(QIODevice::ReadOnly));
    for (const QString& line : QString::fromUtf8(mounts.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QVERIFY2(!line.contains(m_prefix) && !line.contains(dir), qPrintable(line));
        QVERIFY2(m_mountsBefore.contains(line) || !line.contains(QStringLiteral("/run/netns")), qPrintable(line));
    }
    for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (pid.toLongLong() > 0 && cmdline.open(QIODevice::ReadOnly))
            QVERIFY2(!cmdline.readAll().contains(dir.toUtf8()), qPrintable(pid));
    }
    QVERIFY(!QFileInfo::exists(dir));
}

QTEST_GUILESS_MAIN(TestSandboxHosts)
#include "tst_sandbox_hosts.moc"
