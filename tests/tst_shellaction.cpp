// ShellAction locally and over the sandbox's real sshd: streamed stdout/stderr, exit codes,
// run_as, cancel of a sleeping command and everything it started (locally and remotely), and an
// unreachable host reported as such.
#include "engine/shellaction.h"
#include "engine/shellprocess.h"
#include "engine/stepworker.h"
#include "actionharness.h"
#include "sandbox/sandbox.h"
#include "sandboxfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <thread>
#include <unistd.h>

namespace {
// Processes whose command line contains marker (the sandbox sshd runs on this machine, so remote
// processes are visible here too).
QStringList processesMatching(const QString& marker)
{
    QProcess ps;
    ps.start(QStringLiteral("pgrep"), { QStringLiteral("-a"), QStringLiteral("-f"), marker });
    ps.waitForFinished(5000);
    QStringList found;
    for (const QString& l :
        QString::fromLocal8Bit(ps.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        if (!l.contains(QLatin1String("pgrep")))
            found << l;
    return found;
}

int closedPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost);
    const int port = s.serverPort();
    s.close();
    return port;
}
} // namespace

class TestShellAction : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void localStreamsBothChannels();
    void exitCodes_data();
    void exitCodes();
    void linesArriveWhileRunning();
    void runsAsServerUser();
    void localCancelKillsTheWholeGroup();
    void sshRunsOverRealSshd();
    void sshCancelKillsTheRemoteCommand();
    void sshFreshConnectionWorks();
    void unreachableHostIsSaidSo();
    void controlDirectoryIsPrivate();
    void processGroupIsReportedFoundAndEnded_data();
    void processGroupIsReportedFoundAndEnded();
    void environmentReachesTheCommand_data();
    void environmentReachesTheCommand();

private:
    NodeTarget m_local;
    NodeTarget m_remote;
    SandboxFixture m_fixture { QStringLiteral("shellaction") };
};

void TestShellAction::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    SandboxOptions o;
    o.seedScale = 0.01;
    o.ssh = true;
    QString error;
    QVERIFY2(m_fixture.up(o, &error), qPrintable(error));
    m_remote = m_fixture.node(QStringLiteral("db1")); // the sandbox was built with --ssh
    QVERIFY(!m_remote.isLocal());
    m_local = m_remote;
    m_local.host = QStringLiteral("local");
    m_local.sshConfig.clear();
    m_local.runAs = Sandbox::serverUser();
}

void TestShellAction::cleanupTestCase()
{
    ShellProcess::closeMaster(m_remote);
    QString error;
    QVERIFY2(m_fixture.down(&error), qPrintable(error));
}

void TestShellAction::localStreamsBothChannels()
{
    ShellAction a(m_local, { QStringLiteral("echo one; sleep 0.05; echo two >&2; sleep 0.05; printf 'three'") });
    const ActionRun r = runAction(a);
    QVERIFY2(r.result.outcome == StepOutcome::Succeeded, qPrintable(describe(r)));
    QCOMPARE(r.result.exitCode, 0);
    QCOMPARE(r.lines, (QStringList { QStringLiteral("one"), QStringLiteral("! two"), QStringLiteral("three") }));
    QCOMPARE(r.result.output, QStringLiteral("one\n! two\nthree"));
}

void TestShellAction::exitCodes_data()
{
    QTest::addColumn<bool>("remote");
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("exitCode");
    QTest::addRow("local 0") << false << QStringLiteral("true") << 0;
    QTest::addRow("local 3") << false << QStringLiteral("exit 3") << 3;
    QTest::addRow("local not found") << false << QStringLiteral("no-such-command-rbc") << 127;
    QTest::addRow("ssh 0") << true << QStringLiteral("true") << 0;
    QTest::addRow("ssh 7") << true << QStringLiteral("echo out; echo err >&2; exit 7") << 7;
}

void TestShellAction::exitCodes()
{
    QFETCH(bool, remote);
    QFETCH(QString, command);
    QFETCH(int, exitCode);
    ShellAction a(remote ? m_remote : m_local, { command });
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.exitCode, exitCode);
    QCOMPARE(r.result.outcome, exitCode == 0 ? StepOutcome::Succeeded : StepOutcome::Failed);
    if (exitCode != 0)
        QCOMPARE(r.result.error, QStringLiteral("exit code %1").arg(exitCode));
    if (command.contains(QLatin1String("err >&2")))
        QCOMPARE(r.lines, (QStringList { QStringLiteral("out"), QStringLiteral("! err") }));
}

void TestShellAction::linesArriveWhileRunning()
{
    StepWorker worker(std::make_unique<ShellAction>(
                          m_local, ShellActionOptions { QStringLiteral("echo first; sleep 1; echo second") }),
        5);
    QSignalSpy output(&worker, &StepWorker::output);
    QSignalSpy finished(&worker, &StepWorker::finished);
    worker.start();
    QTRY_COMPARE_WITH_TIMEOUT(output.count(), 1, 900);
    QVERIFY(worker.isRunning());
    QCOMPARE(output.at(0).at(0).toULongLong(), quint64(5));
    QCOMPARE(output.at(0).at(1).toString(), QStringLiteral("first"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);
    QCOMPARE(output.count(), 2);
}

void TestShellAction::runsAsServerUser()
{
    ShellAction a(m_local, { QStringLiteral("whoami; test -r %1/PG_VERSION && echo readable").arg(m_local.datadir) });
    const ActionRun r = runAction(a);
    QVERIFY2(r.result.ok(), qPrintable(describe(r)));
    const QString expected = ::geteuid() == 0 ? QStringLiteral("postgres") : qEnvironmentVariable("USER");
    QCOMPARE(r.lines.value(0), expected);
    QCOMPARE(r.lines.value(1), QStringLiteral("readable"));
}

void TestShellAction::localCancelKillsTheWholeGroup()
{
    // A background child and a child that ignores SIGTERM: both must be gone after the cancel.
    ShellAction a(
        m_local, { QStringLiteral("sleep 60.101 & sh -c 'trap \"\" TERM; sleep 60.102' & echo started; wait") });
    const ActionRun r = runAction(a, 400);
    QVERIFY2(r.result.outcome == StepOutcome::Cancelled, qPrintable(describe(r)));
    QCOMPARE(r.lines.value(0), QStringLiteral("started"));
    QVERIFY2(r.cancelToReturnMs < 500, qPrintable(QString::number(r.cancelToReturnMs)));
    qInfo("local cancel returned after %lld ms", r.cancelToReturnMs);
    QTRY_VERIFY_WITH_TIMEOUT(processesMatching(QStringLiteral("sleep 60.10[12]")).isEmpty(), 1000);
}

void TestShellAction::sshRunsOverRealSshd()
{
    ShellAction a(m_remote,
        { QStringLiteral("echo \"$SSH_CONNECTION\"; whoami; test -r %1/PG_VERSION && echo readable")
                .arg(m_remote.datadir) });
    const ActionRun r = runAction(a);
    QVERIFY2(r.result.ok(), qPrintable(describe(r)));
    QCOMPARE(r.lines.size(), 3); // the process-group marker line is not output
    QVERIFY2(r.lines[0].startsWith(QStringLiteral("127.0.0.1 ")), qPrintable(r.lines[0]));
    QCOMPARE(r.lines[1], ::geteuid() == 0 ? QStringLiteral("postgres") : qEnvironmentVariable("USER"));
    QCOMPARE(r.lines[2], QStringLiteral("readable"));
    // Multiplexed: a master socket exists in the private directory.
    QVERIFY(!QDir(ShellProcess::controlDirectory()).entryList(QDir::System).isEmpty());
}

void TestShellAction::sshCancelKillsTheRemoteCommand()
{
    ShellAction warm(m_remote, { QStringLiteral("true") });
    QVERIFY(runAction(warm).result.ok());
    // One child ignores SIGTERM: the remote KILL that follows 300 ms later takes it.
    ShellAction a(m_remote, { QStringLiteral("sleep 60.123 & sh -c 'trap \"\" TERM; sleep 60.124' & wait") });
    const ActionRun r = runAction(a, 600);
    QVERIFY2(r.result.outcome == StepOutcome::Cancelled, qPrintable(describe(r)));
    QVERIFY2(r.cancelToReturnMs < 1000, qPrintable(QString::number(r.cancelToReturnMs)));
    qInfo("ssh cancel returned after %lld ms", r.cancelToReturnMs);
    // The remote command is gone by the time the step returns; its stubborn child soon after.
    QVERIFY2(processesMatching(QStringLiteral("sleep 60.123")).isEmpty(),
        qPrintable(processesMatching(QStringLiteral("sleep 60.123")).join(QLatin1Char('\n'))));
    QTRY_VERIFY_WITH_TIMEOUT(processesMatching(QStringLiteral("sleep 60.124")).isEmpty(), 1500);
}

void TestShellAction::sshFreshConnectionWorks()
{
    ShellAction a(m_remote, { QStringLiteral("echo fresh"), false });
    const ActionRun r = runAction(a);
    QVERIFY2(r.result.ok(), qPrintable(describe(r)));
    QCOMPARE(r.lines, QStringList { QStringLiteral("fresh") });
}

void TestShellAction::unreachableHostIsSaidSo()
{
    const QString config = m_fixture.path(QStringLiteral("ssh_config_unreachable"));
    QFile f(config);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QStringLiteral("Host rbc-unreachable\n    HostName 127.0.0.1\n    Port %1\n    ConnectTimeout 3\n")
                .arg(closedPort())
                .toUtf8());
    f.close();
    NodeTarget t = m_remote;
    t.host = QStringLiteral("rbc-unreachable");
    t.sshConfig = config;
    ShellAction a(t, { QStringLiteral("echo never") });
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QCOMPARE(r.result.exitCode, 255);
    QVERIFY2(
        r.result.error.startsWith(QStringLiteral("could not reach rbc-unreachable: ")), qPrintable(r.result.error));
    QVERIFY2(r.result.error.contains(QStringLiteral("Connection refused")), qPrintable(r.result.error));
    QVERIFY(!r.lines.contains(QStringLiteral("never")));
}

void TestShellAction::controlDirectoryIsPrivate()
{
    QString error;
    const QString dir = ShellProcess::controlDirectory(&error);
    QVERIFY2(!dir.isEmpty(), qPrintable(error));
    QCOMPARE(QFileInfo(dir).permissions()
            & (QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther | QFile::WriteOther
                | QFile::ExeOther),
        QFile::Permissions());
    QVERIFY(dir.size() + 1 + 40 + 17 < 100); // ControlPath %C plus ssh's temporary suffix
    const QStringList args = ShellProcess::sshArguments(m_remote, true);
    QVERIFY(args.contains(QStringLiteral("BatchMode=yes")));
    QVERIFY(args.contains(QStringLiteral("ControlPath=%1/%C").arg(dir)));
    QVERIFY(!args.join(QLatin1Char(' ')).contains(QStringLiteral("StrictHostKeyChecking")));
}

// Defect 10: the step's process group (local or remote) is reported as soon as it is known, so the
// run can journal it; later, from another process, it can be found by it and ended.
void TestShellAction::processGroupIsReportedFoundAndEnded_data()
{
    QTest::addColumn<bool>("remote");
    QTest::newRow("local") << false;
    QTest::newRow("over ssh") << true;
}

void TestShellAction::processGroupIsReportedFoundAndEnded()
{
    QFETCH(bool, remote);
    const NodeTarget target = remote ? m_remote : m_local;
    ShellAction a(target, { QStringLiteral("sleep 61.5 & sleep 61.5; wait") });
    QString host;
    qint64 group = 0;
    QString start;
    ActionContext context;
    context.processStarted = [&](const QString& h, qint64 g, const QString& s) {
        host = h;
        group = g;
        start = s;
    };
    StepResult result;
    std::thread worker([&] { result = a.run(context); });
    QTRY_VERIFY_WITH_TIMEOUT(group > 1 && processesMatching(QStringLiteral("^sleep 61.5$")).size() == 2, 10000);
    QCOMPARE(host, remote ? target.host : QStringLiteral("local"));
    QVERIFY2(!start.isEmpty(), "the group leader's start time tells it from a later group with the same id");
    QCOMPARE(ShellProcess::groupState(target, group, start), ShellProcess::GroupState::Running);
    QCOMPARE(ShellProcess::groupState(target, group, start + QStringLiteral("1")), ShellProcess::GroupState::Gone);
    QVERIFY(ShellProcess::endGroup(target, group));
    worker.join();
    QVERIFY(result.outcome != StepOutcome::Succeeded);
    QTRY_VERIFY_WITH_TIMEOUT(processesMatching(QStringLiteral("^sleep 61.5$")).isEmpty(), 3000);
    QCOMPARE(ShellProcess::groupState(target, group, start), ShellProcess::GroupState::Gone);
}

// Defect 9: secrets reach a shell step through its environment (over SSH, through its input),
// never its command line.
void TestShellAction::environmentReachesTheCommand_data()
{
    QTest::addColumn<bool>("remote");
    QTest::newRow("local") << false;
    QTest::newRow("over ssh") << true;
}

void TestShellAction::environmentReachesTheCommand()
{
    QFETCH(bool, remote);
    ShellActionOptions o;
    o.command = QStringLiteral("printf '%s|%s\\n' \"$PGPASSWORD\" \"$RBC_SECRET_1\"; sleep 0.5");
    o.environment = { { QStringLiteral("PGPASSWORD"), QStringLiteral("pw with 'quotes' and $dollars") },
        { QStringLiteral("RBC_SECRET_1"), QStringLiteral("s3cret-env-1") } };
    ShellAction a(remote ? m_remote : m_local, o);
    ActionRun r;
    std::thread worker([&] { r = runAction(a); });
    QStringList onCommandLines;
    for (int i = 0; i < 10; ++i) {
        onCommandLines += processesMatching(QStringLiteral("s3cret-env-1"));
        QTest::qWait(30);
    }
    worker.join();
    QVERIFY2(r.result.ok(), qPrintable(describe(r)));
    QCOMPARE(r.lines, QStringList { QStringLiteral("pw with 'quotes' and $dollars|s3cret-env-1") });
    QVERIFY2(onCommandLines.isEmpty(), qPrintable(onCommandLines.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestShellAction)
#include "tst_shellaction.moc"
