// The sandbox on real servers: PostgreSQL primary + two streaming replicas, two PgBouncers, sshd.
#include "core/pgconnection.h"
#include "core/systemcommand.h"
#include "sandbox/sandbox.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <yaml-cpp/yaml.h>

namespace {
QString conninfoOf(const YAML::Node& inv, const char* node)
{
    return QString::fromStdString(inv["nodes"][node]["conninfo"].as<std::string>());
}

QList<qint64> serverPids(const QString& dir)
{
    QList<qint64> pids;
    const QDir data(dir + QStringLiteral("/data"));
    for (const QString& d : data.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(data.filePath(d) + QStringLiteral("/postmaster.pid"));
        if (f.open(QIODevice::ReadOnly))
            pids << f.readLine().trimmed().toLongLong();
    }
    for (const QString& pidFile : { dir + QStringLiteral("/run/pgbouncer.pid"), dir + QStringLiteral("/run/pgbouncer2.pid"), dir + QStringLiteral("/ssh/sshd.pid") }) {
        QFile f(pidFile);
        if (f.open(QIODevice::ReadOnly))
            pids << f.readLine().trimmed().toLongLong();
    }
    return pids;
}

bool processExists(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    return stat.open(QIODevice::ReadOnly) && !stat.readAll().contains(") Z ");
}

const auto quiet = [](const QString&) {};
} // namespace

class TestSandbox : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void upReplicatesAndRoutesThroughPgbouncer();
    void sshRunsCommandsOverRealSsh();
    void oldBindirRunsAnotherMajor();
    void badInputLeavesNothingBehind_data();
    void badInputLeavesNothingBehind();
    void refusesADirectoryThatIsNotASandbox();

private:
    QTemporaryDir m_tmp { QDir::tempPath() + QStringLiteral("/rbc-tst-sandbox-XXXXXX") };
};

void TestSandbox::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    // The servers run as postgres when we are root: they must be able to enter the directory.
    QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
}

void TestSandbox::upReplicatesAndRoutesThroughPgbouncer()
{
    Sandbox sandbox(m_tmp.filePath(QStringLiteral("main")));
    QString error;
    QVERIFY2(sandbox.up({}, quiet, &error), qPrintable(error));
    const YAML::Node inv = YAML::LoadFile(sandbox.inventoryPath().toStdString());
    QCOMPARE(inv["cluster"].as<std::string>(), std::string("sandbox"));
    QCOMPARE(inv["aliases"]["old_primary"].as<std::string>(), std::string("db1"));
    QCOMPARE(inv["endpoints"]["app"]["routes_to"].as<std::string>(), std::string("db1"));
    QCOMPARE(inv["endpoints"]["app"]["instances"].size(), std::size_t(2)); // two PgBouncers
    QVERIFY(inv["nodes"]["db_a"]["port"].as<int>() > 0);

    PgConnection primary;
    QVERIFY2(primary.open(conninfoOf(inv, "db1")), qPrintable(primary.lastError().message));
    QCOMPARE(primary.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")).value_or(QString()), QStringLiteral("2"));
    QCOMPARE(primary.scalar(QStringLiteral("SHOW wal_level")).value_or(QString()), QStringLiteral("logical"));
    // Configured like a Debian cluster: configuration outside the data directory, SSL, archiving.
    const QString datadir = QString::fromStdString(inv["nodes"]["db1"]["datadir"].as<std::string>());
    QVERIFY(!primary.scalar(QStringLiteral("SHOW config_file")).value_or(QString()).startsWith(datadir));
    QVERIFY(!QFileInfo::exists(datadir + QStringLiteral("/postgresql.conf")));
    QCOMPARE(primary.scalar(QStringLiteral("SHOW ssl")).value_or(QString()), QStringLiteral("on"));
    QCOMPARE(primary.scalar(QStringLiteral("SHOW archive_mode")).value_or(QString()), QStringLiteral("on"));
    QCOMPARE(primary.scalar(QStringLiteral("SELECT datcollate FROM pg_database WHERE datname = 'app'")).value_or(QString()), QStringLiteral("C.UTF-8"));
    // Seeded like a real app: hundreds of thousands of rows, a table without a primary key, an unowned sequence.
    QVERIFY(primary.scalar(QStringLiteral("SELECT sum(n_live_tup) FROM pg_stat_user_tables")).value_or(QStringLiteral("0")).toLongLong() > 300000);
    QCOMPARE(primary.scalar(QStringLiteral("SELECT count(*) FROM pg_class c WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace "
                                           "AND NOT EXISTS (SELECT FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary)"))
                 .value_or(QString()),
        QStringLiteral("1"));
    QCOMPARE(primary.scalar(QStringLiteral("SELECT count(*) FROM pg_class s WHERE relkind = 'S' AND NOT EXISTS "
                                           "(SELECT FROM pg_depend d WHERE d.objid = s.oid AND d.deptype IN ('a', 'i'))"))
                 .value_or(QString()),
        QStringLiteral("1"));

    // A write through PgBouncer, as the application role, becomes readable on db2.
    PgConnection app;
    QVERIFY2(app.open(QString::fromStdString(inv["endpoints"]["app"]["conninfo"].as<std::string>())), qPrintable(app.lastError().message));
    const auto id = app.scalar(QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('probe@example.test', 'Probe', now()) RETURNING id"));
    QVERIFY2(id.has_value(), qPrintable(app.lastError().message));
    PgConnection replica;
    QVERIFY(replica.open(conninfoOf(inv, "db2")));
    QCOMPARE(replica.scalar(QStringLiteral("SELECT pg_is_in_recovery()")).value_or(QString()), QStringLiteral("t"));
    QTRY_COMPARE_WITH_TIMEOUT(replica.scalar(QStringLiteral("SELECT email FROM users WHERE id = %1").arg(*id)).value_or(QString()),
        QStringLiteral("probe@example.test"), 10000);
    // Same data on both once replayed: the checksum query tests use across servers.
    const auto sumPrimary = primary.exec(Sandbox::checksumQuery());
    QVERIFY(sumPrimary.has_value());
    QCOMPARE(sumPrimary->rows.size(), Sandbox::seededTables().size());
    QTRY_COMPARE_WITH_TIMEOUT(replica.exec(Sandbox::checksumQuery())->rows, sumPrimary->rows, 10000);

    const SandboxStatus st = sandbox.status();
    QVERIFY(st.exists);
    QVERIFY(st.pgbouncerUp);
    QCOMPARE(st.pgbouncerRoute, QStringLiteral("db1"));
    QCOMPARE(st.nodes.size(), 3);
    for (const SandboxNodeStatus& n : st.nodes)
        QVERIFY2(n.up, qPrintable(n.name + QLatin1Char(' ') + n.detail));
    QVERIFY(st.nodes[1].lagBytes.has_value());

    // `up` again reuses the running sandbox; after a server stops it brings it back.
    QVERIFY2(sandbox.up({}, quiet, &error), qPrintable(error));
    replica.close();
    primary.close();
    app.close();
    const QString db3 = QString::fromStdString(inv["nodes"]["db3"]["datadir"].as<std::string>());
    const QString bindir = QString::fromStdString(inv["nodes"]["db3"]["bindir"].as<std::string>());
    const auto stop = SystemCommand(bindir + QStringLiteral("/pg_ctl"), { QStringLiteral("-D"), db3, QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop") })
                          .asUser(Sandbox::serverUser())
                          .run();
    QVERIFY2(stop.ok(), qPrintable(stop.describe(QStringLiteral("pg_ctl stop"))));
    {
        // Another program took db3's port meanwhile: a clear message, nothing else changes.
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, quint16(inv["nodes"]["db3"]["port"].as<int>())));
        QVERIFY(!sandbox.up({}, quiet, &error));
        QVERIFY2(error.contains(QStringLiteral("is taken by another program")), qPrintable(error));
        QVERIFY(sandbox.status().nodes[0].up);
        QVERIFY(!sandbox.status().nodes[2].up);
    }
    QVERIFY2(sandbox.up({}, quiet, &error), qPrintable(error));
    QVERIFY(sandbox.status().nodes[2].up);

    const QList<qint64> pids = serverPids(sandbox.dir());
    QCOMPARE(pids.size(), 5); // three postmasters and two PgBouncers
    QVERIFY2(sandbox.down(quiet, &error), qPrintable(error));
    for (qint64 pid : pids)
        QVERIFY2(!processExists(pid), qPrintable(QStringLiteral("process %1 still runs").arg(pid)));
    QVERIFY(!QFileInfo::exists(sandbox.dir()));
    QVERIFY(!sandbox.status().exists);
}

void TestSandbox::sshRunsCommandsOverRealSsh()
{
    Sandbox sandbox(m_tmp.filePath(QStringLiteral("ssh")));
    SandboxOptions o;
    o.ssh = true;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(sandbox.up(o, quiet, &error), qPrintable(error));
    const YAML::Node inv = YAML::LoadFile(sandbox.inventoryPath().toStdString());
    const QString host = QString::fromStdString(inv["nodes"]["db1"]["host"].as<std::string>());
    const QString config = QString::fromStdString(inv["ssh"]["config"].as<std::string>());
    QVERIFY(host != QLatin1String("local"));
    // BatchMode and a pinned host key: no prompt, no disabled checking.
    QFile cfg(config);
    QVERIFY(cfg.open(QIODevice::ReadOnly));
    const QByteArray cfgText = cfg.readAll();
    QVERIFY(cfgText.contains("StrictHostKeyChecking yes"));
    QVERIFY(cfgText.contains("BatchMode yes"));

    const auto out = SystemCommand(QStringLiteral("ssh"), { QStringLiteral("-F"), config, host, QStringLiteral("echo \"$SSH_CONNECTION\"; whoami; test -r %1/PG_VERSION && echo readable").arg(QString::fromStdString(inv["nodes"]["db1"]["datadir"].as<std::string>())) })
                         .withTimeout(20000)
                         .run();
    QVERIFY2(out.ok(), qPrintable(out.describe(QStringLiteral("ssh"))));
    const QStringList lines = out.output.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    QVERIFY2(lines[0].startsWith(QStringLiteral("127.0.0.1 ")), qPrintable(lines[0])); // really came in over SSH
    QCOMPARE(lines[1], SystemCommand::runningAsRoot() ? QStringLiteral("postgres") : qEnvironmentVariable("USER", lines[1]));
    QCOMPARE(lines[2], QStringLiteral("readable"));

    const QList<qint64> pids = serverPids(sandbox.dir());
    QCOMPARE(pids.size(), 6); // three postmasters, two PgBouncers, sshd
    // `up` again on a running sandbox leaves everything as it is (it once killed PgBouncer and sshd)...
    QVERIFY2(sandbox.up(o, quiet, &error), qPrintable(error));
    QCOMPARE(serverPids(sandbox.dir()), pids);
    // ...and after the PgBouncers and sshd were killed (stale pid files left behind), brings them back.
    const auto pidIn = [&](const QString& file) {
        QFile f(sandbox.dir() + file);
        return f.open(QIODevice::ReadOnly) ? pid_t(f.readLine().trimmed().toLongLong()) : pid_t(0);
    };
    for (const QString& file : { QStringLiteral("/run/pgbouncer.pid"), QStringLiteral("/run/pgbouncer2.pid"), QStringLiteral("/ssh/sshd.pid") }) {
        const pid_t pid = pidIn(file);
        QVERIFY(pid > 0 && ::kill(pid, SIGKILL) == 0);
        QTRY_VERIFY(!processExists(pid));
    }
    QVERIFY2(sandbox.up(o, quiet, &error), qPrintable(error));
    QVERIFY2(SystemCommand(QStringLiteral("ssh"), { QStringLiteral("-F"), config, host, QStringLiteral("true") }).withTimeout(20000).run().ok(),
        "sshd is back");
    const QList<qint64> after = serverPids(sandbox.dir());
    QCOMPARE(after.size(), 6);
    QVERIFY2(sandbox.down(quiet, &error), qPrintable(error));
    for (qint64 pid : after)
        QVERIFY(!processExists(pid));
}

void TestSandbox::oldBindirRunsAnotherMajor()
{
    const QString oldBindir = QStringLiteral(RBC_PG14_BINDIR);
    // scripts/setup installs it; without it this test fails rather than skip.
    QVERIFY2(QFileInfo(oldBindir + QStringLiteral("/postgres")).isExecutable(), qPrintable(oldBindir + QStringLiteral(" missing: run scripts/setup")));
    Sandbox sandbox(m_tmp.filePath(QStringLiteral("old")));
    SandboxOptions o;
    o.oldBindir = oldBindir;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(sandbox.up(o, quiet, &error), qPrintable(error));
    const YAML::Node inv = YAML::LoadFile(sandbox.inventoryPath().toStdString());
    for (const char* node : { "db1", "db2", "db3" }) {
        PgConnection c;
        QVERIFY2(c.open(conninfoOf(inv, node)), qPrintable(c.lastError().message));
        QCOMPARE(c.serverVersion() / 10000, 14);
        QCOMPARE(QString::fromStdString(inv["nodes"][node]["version"].as<std::string>()).section(QLatin1Char('.'), 0, 0), QStringLiteral("14"));
        QCOMPARE(QString::fromStdString(inv["nodes"][node]["bindir"].as<std::string>()), QDir(oldBindir).absolutePath());
    }
    QCOMPARE(QString::fromStdString(inv["vars"]["old_version"].as<std::string>()), QStringLiteral("14"));
    QVERIFY(QString::fromStdString(inv["vars"]["new_bindir"].as<std::string>()) != QDir(oldBindir).absolutePath());
    PgConnection primary;
    QVERIFY(primary.open(conninfoOf(inv, "db1")));
    QCOMPARE(primary.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")).value_or(QString()), QStringLiteral("2"));
    primary.close();
    QVERIFY2(sandbox.down(quiet, &error), qPrintable(error));
}

void TestSandbox::badInputLeavesNothingBehind_data()
{
    QTest::addColumn<QString>("oldBindir");
    QTest::addColumn<QString>("expected");
    QTest::addRow("missing bindir") << QStringLiteral("/nonexistent/bin") << QStringLiteral("has no executable initdb");
    QTest::addRow("not a bindir") << QStringLiteral("/usr/bin") << QStringLiteral("has no executable initdb");
}

void TestSandbox::badInputLeavesNothingBehind()
{
    QFETCH(QString, oldBindir);
    QFETCH(QString, expected);
    Sandbox sandbox(m_tmp.filePath(QStringLiteral("bad")));
    SandboxOptions o;
    o.oldBindir = oldBindir;
    QString error;
    QVERIFY(!sandbox.up(o, quiet, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(!QFileInfo::exists(sandbox.dir()));
}

void TestSandbox::refusesADirectoryThatIsNotASandbox()
{
    const QString dir = m_tmp.filePath(QStringLiteral("precious"));
    QVERIFY(QDir().mkpath(dir));
    QFile keep(dir + QStringLiteral("/keep.txt"));
    QVERIFY(keep.open(QIODevice::WriteOnly));
    keep.write("mine");
    keep.close();
    Sandbox sandbox(dir);
    QString error;
    QVERIFY(!sandbox.up({}, quiet, &error));
    QVERIFY2(error.contains(QStringLiteral("is not a sandbox")), qPrintable(error));
    QVERIFY(!sandbox.down(quiet, &error));
    QVERIFY2(error.contains(QStringLiteral("is not a sandbox")), qPrintable(error));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/keep.txt")));
}

QTEST_GUILESS_MAIN(TestSandbox)
#include "tst_sandbox.moc"
