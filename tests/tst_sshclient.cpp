// SSH through the system OpenSSH client, as a DBA's own setup has it: a host alias from
// ~/.ssh/config, a bastion reached with ProxyJump, the key held by ssh-agent only. The real
// binary runs a runbook whose shell steps go to that alias, against the sandbox's real sshd (the
// bastion is that same sshd: ProxyJump hops through it to itself).
//
// ssh reads ~/.ssh/config from the passwd entry's home, not $HOME: the binary runs in a private
// mount namespace (unshare -m) where a scratch directory is mounted over that home, so the user's
// real files are never touched. The same namespace mounts a hosts file without "localhost" over
// /etc/hosts: the final hop is HostName localhost, which only the bastion (outside the namespace)
// can resolve, so the step can only have got there through the jump.

#include "consoledriver.h"
#include "sandboxfixture.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <pwd.h>
#include <unistd.h>

class TestSshClient : public QObject {
    Q_OBJECT

private:
    SandboxFixture m_fixture { QStringLiteral("sshclient") };
    ConsoleDriver m_driver;
    QTemporaryDir m_tmp;
    QProcess m_agent;
    QString m_agentSocket;
    QString m_home; // mounted over the passwd home inside the namespace
    QString m_hosts;
    QString m_passwdHome;
    int m_runs = 0;

    QString sshSetting(const QString& key) const
    {
        QFile f(m_fixture.sandbox().dir() + QStringLiteral("/ssh/config"));
        if (!f.open(QIODevice::ReadOnly))
            return {};
        for (const QByteArray& line : f.readAll().split('\n')) {
            const QList<QByteArray> parts = line.trimmed().split(' ');
            if (parts.size() == 2 && QString::fromLatin1(parts[0]) == key)
                return QString::fromLocal8Bit(parts[1]);
        }
        return {};
    }

    QString writeInventory(const QString& name, const QString& host) const
    {
        const Inventory& inv = m_fixture.inventory();
        const QString path = m_driver.path(QStringLiteral("runbooks/%1-inventory.yaml").arg(name));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        // No ssh.config: the user's own ~/.ssh/config is what ssh reads.
        f.write(QStringLiteral("cluster: ssh-%1\nnodes:\n  db1:\n    conninfo: \"%2\"\n    host: %3\n")
                    .arg(name, inv.node(QStringLiteral("db1"))->conninfo, host)
                    .toUtf8());
        return path;
    }

    // The binary in the namespace: the scratch home over the passwd home, the hosts file over /etc/hosts.
    CliResult runInNamespace(const QStringList& args)
    {
        QString command = QStringLiteral("mount --bind \"$1\" \"$2\" && mount --bind \"$3\" /etc/hosts && shift 3 && exec \"$@\"");
        QStringList shellArgs { QStringLiteral("-m"), QStringLiteral("--propagation"), QStringLiteral("private"), QStringLiteral("sh"),
            QStringLiteral("-c"), command, QStringLiteral("sh"), m_home, m_passwdHome, m_hosts, QStringLiteral(RBC_CONSOLE_BINARY) };
        shellArgs += args;
        // A runtime directory of its own: no multiplexed master of an earlier run is reused.
        const QString runtime = m_tmp.filePath(QStringLiteral("runtime-%1").arg(++m_runs));
        QDir().mkpath(runtime);
        QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        m_driver.environment().insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
        QElapsedTimer t;
        t.start();
        QProcess p;
        m_driver.start(p, shellArgs, QStringLiteral("unshare"));
        return m_driver.finish(p, 120000, t);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        if (::geteuid() != 0)
            QSKIP("needs root for a private mount namespace (unshare -m) over the passwd home; CI runs as root");
        QVERIFY(m_tmp.isValid());
        QVERIFY(m_driver.setUp(m_tmp.filePath(QStringLiteral("driver"))));
        SandboxOptions o;
        o.ssh = true;
        o.seedScale = 0.01;
        QString error;
        QVERIFY2(m_fixture.up(o, &error), qPrintable(error));

        // ssh-agent, ours, holding the sandbox's client key: the only way in.
        m_agentSocket = m_tmp.filePath(QStringLiteral("agent.sock"));
        m_agent.start(QStringLiteral("ssh-agent"), { QStringLiteral("-D"), QStringLiteral("-a"), m_agentSocket });
        QVERIFY(m_agent.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(m_agentSocket), 10000);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SSH_AUTH_SOCK"), m_agentSocket);
        QProcess add;
        add.setProcessEnvironment(env);
        add.start(QStringLiteral("ssh-add"), { m_fixture.sandbox().dir() + QStringLiteral("/ssh/id_ed25519") });
        QVERIFY(add.waitForFinished(10000));
        QVERIFY2(add.exitCode() == 0, add.readAllStandardError().constData());
        m_driver.environment().insert(QStringLiteral("SSH_AUTH_SOCK"), m_agentSocket);

        // ~/.ssh/config as a DBA writes it: a bastion, and a database host behind it, by alias.
        const passwd* pw = ::getpwuid(::geteuid());
        QVERIFY(pw);
        m_passwdHome = QString::fromLocal8Bit(pw->pw_dir);
        m_home = m_tmp.filePath(QStringLiteral("home"));
        QVERIFY(QDir().mkpath(m_home + QStringLiteral("/.ssh")));
        QFile::setPermissions(m_home + QStringLiteral("/.ssh"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const QString port = sshSetting(QStringLiteral("Port"));
        const QString user = sshSetting(QStringLiteral("User"));
        QVERIFY(!port.isEmpty() && !user.isEmpty());
        const QString knownHosts = m_fixture.sandbox().dir() + QStringLiteral("/ssh/known_hosts");
        const QString common = QStringLiteral("    Port %1\n    User %2\n    HostKeyAlias rbc-sandbox\n    UserKnownHostsFile %3\n"
                                              "    StrictHostKeyChecking yes\n")
                                   .arg(port, user, knownHosts);
        QFile config(m_home + QStringLiteral("/.ssh/config"));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write((QStringLiteral("Host bastion\n    HostName 127.0.0.1\n") + common
            + QStringLiteral("Host pg-behind-bastion\n    HostName localhost\n    ProxyJump bastion\n") + common
            + QStringLiteral("Host pg-direct\n    HostName localhost\n") + common)
                         .toUtf8());
        config.close();
        QFile::setPermissions(config.fileName(), QFile::ReadOwner | QFile::WriteOwner);
        // The namespace's hosts file: 127.0.0.1 under another name only.
        m_hosts = m_tmp.filePath(QStringLiteral("hosts"));
        QFile hosts(m_hosts);
        QVERIFY(hosts.open(QIODevice::WriteOnly));
        hosts.write("127.0.0.1\trbc-loopback\n");
    }

    void cleanupTestCase()
    {
        if (m_agent.state() != QProcess::NotRunning) {
            m_agent.terminate();
            m_agent.waitForFinished(5000);
        }
    }

    void aliasProxyJumpAndAgent()
    {
        const QString inventory = writeInventory(QStringLiteral("jump"), QStringLiteral("pg-behind-bastion"));
        const QString runbook = m_driver.writeRunbook(QStringLiteral("jump"), R"yaml(runbook: over the bastion
requires: {nodes: [db1]}
phases:
  - name: Remote
    steps:
      - id: who
        shell: echo "on $(hostname) as $(whoami) via ${SSH_CONNECTION%% *}"
        on: db1
      - id: psql-there
        shell: psql {{ nodes.db1.conninfo }} -Atc "select 'sql-from-' || current_user"
        on: db1
)yaml");
        const QString journal = m_driver.journalPath(QStringLiteral("jump"));
        const CliResult r = runInNamespace({ QStringLiteral("run"), runbook, QStringLiteral("--inventory"), inventory,
            QStringLiteral("--journal"), journal });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QStringLiteral("as %1 via 127.0.0.1").arg(sshSetting(QStringLiteral("User")))), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("sql-from-")), qPrintable(r.err));
    }

    void hostOutOfReachSaysWhy_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("agent");
        QTest::addColumn<QString>("expected");
        // The same host without ProxyJump: "localhost" does not resolve in the namespace, so the
        // run above went through the bastion. ssh's own failure reads as a host out of reach.
        QTest::newRow("direct") << QStringLiteral("pg-direct") << true
                                << QStringLiteral("could not reach pg-direct: ssh: Could not resolve hostname localhost");
        // The config names no key file: with the agent gone from the environment, nothing gets in
        // (straight to the bastion, so sshd's own refusal is what ssh reports).
        QTest::newRow("noagent") << QStringLiteral("bastion") << false << QStringLiteral("Permission denied (publickey)");
    }

    void hostOutOfReachSaysWhy()
    {
        QFETCH(QString, host);
        QFETCH(bool, agent);
        QFETCH(QString, expected);
        const QString name = QString::fromLatin1(QTest::currentDataTag());
        const QString inventory = writeInventory(name, host);
        const QString runbook = m_driver.writeRunbook(name, R"yaml(runbook: out of reach
requires: {nodes: [db1]}
phases:
  - name: Remote
    steps:
      - id: who
        shell: echo reached
        on: db1
)yaml");
        if (!agent)
            m_driver.environment().remove(QStringLiteral("SSH_AUTH_SOCK"));
        const CliResult r = runInNamespace({ QStringLiteral("run"), runbook, QStringLiteral("--inventory"), inventory,
            QStringLiteral("--journal"), m_driver.journalPath(name) });
        m_driver.environment().insert(QStringLiteral("SSH_AUTH_SOCK"), m_agentSocket);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(!r.err.contains(QLatin1String("    reached")), qPrintable(r.err));
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestSshClient)
#include "tst_sshclient.moc"
