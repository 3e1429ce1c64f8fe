// Switching the `app` endpoint on the sandbox's two real PgBouncers, and hosts files locally and
// over real SSH (several names in one write, and back to where each pointed).
#include "core/pgconnection.h"
#include "engine/actionfactory.h"
#include "engine/switchaction.h"
#include "runbook/documentloader.h"
#include "sandbox/sandbox.h"

#include <QJsonObject>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <pwd.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

namespace {
QString str(const YAML::Node& n)
{
    return QString::fromStdString(n.as<std::string>());
}
} // namespace

class TestSwitchAction : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void retargetsIniLines_data();
    void retargetsIniLines();
    void rewritesHostsLines_data();
    void rewritesHostsLines();
    void findsAddressesInHostsFiles();
    void pgbouncerSwitchToReplicaAndBack();
    void failedPgbouncerPutsTheOthersBack();
    void missingEntryChangesNothing();
    void hostsFileOverSsh();
    void severalNamesMoveTogetherAndBack();

private:
    NodeTarget node(const char* name) const;
    EndpointTarget app() const;
    QString appHostsFile(const QString& name, const QByteArray& content) const;
    EndpointTarget hostsEndpoint(const QString& path) const;
    QTemporaryDir m_tmp { QDir::tempPath() + QStringLiteral("/rbc-tst-switch-XXXXXX") };
    Sandbox* m_sandbox = nullptr;
    YAML::Node m_inv;
};

void TestSwitchAction::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
    m_sandbox = new Sandbox(m_tmp.filePath(QStringLiteral("sb")));
    SandboxOptions o;
    o.seedScale = 0.01;
    o.ssh = true;
    QString error;
    QVERIFY2(m_sandbox->up(o, {}, &error), qPrintable(error));
    m_inv = YAML::LoadFile(m_sandbox->inventoryPath().toStdString());
}

void TestSwitchAction::cleanupTestCase()
{
    if (m_sandbox) {
        QString error;
        m_sandbox->down({}, &error);
        delete m_sandbox;
    }
}

NodeTarget TestSwitchAction::node(const char* name) const
{
    NodeTarget t;
    t.name = QString::fromLatin1(name);
    t.conninfo = str(m_inv["nodes"][name]["conninfo"]);
    t.host = str(m_inv["nodes"][name]["host"]);
    t.port = m_inv["nodes"][name]["port"].as<int>();
    t.sshConfig = str(m_inv["ssh"]["config"]);
    return t;
}

EndpointTarget TestSwitchAction::app() const
{
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    return ActionFactory::endpointTarget(*inv.inventory, *inv.inventory->endpoint(QStringLiteral("app")));
}

namespace {
QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

// An "app host" directory with its own hosts file. The SSH login user replaces the file beside
// itself, so it owns the directory (as with /etc and root).
QString TestSwitchAction::appHostsFile(const QString& name, const QByteArray& content) const
{
    const QString dir = m_tmp.filePath(name);
    const QString path = dir + QStringLiteral("/hosts");
    QFile f(path);
    if (!QDir().mkpath(dir) || !f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        return QString();
    f.close();
    if (const passwd* pw = ::getpwnam("postgres"); pw && ::geteuid() == 0)
        if (::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0 || ::chown(QFile::encodeName(dir).constData(), pw->pw_uid, pw->pw_gid) != 0)
            return QString();
    return path;
}

// A hosts endpoint whose file is `path` on the sandbox's SSH host.
EndpointTarget TestSwitchAction::hostsEndpoint(const QString& path) const
{
    EndpointTarget endpoint;
    endpoint.name = QStringLiteral("app");
    endpoint.kind = QStringLiteral("hosts");
    endpoint.hostsFile = path;
    endpoint.hostname = QStringLiteral("db.internal");
    endpoint.hosts = { str(m_inv["nodes"]["db1"]["host"]) };
    endpoint.sshConfig = str(m_inv["ssh"]["config"]);
    return endpoint;
}

void TestSwitchAction::retargetsIniLines_data()
{
    QTest::addColumn<QByteArray>("ini");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<QString>("previous");
    QTest::addRow("plain") << QByteArray("[databases]\napp = host=127.0.0.1 port=5001 dbname=app\n[pgbouncer]\nlisten_port = 6432\n")
                           << QByteArray("[databases]\napp = host=10.0.0.2 port=5002 dbname=app\n[pgbouncer]\nlisten_port = 6432\n")
                           << QStringLiteral("127.0.0.1:5001");
    QTest::addRow("keeps other settings and entries")
        << QByteArray("[databases]\nother = host=h port=1\napp=host=a port=5001 dbname=app pool_size=40\n")
        << QByteArray("[databases]\nother = host=h port=1\napp = host=10.0.0.2 port=5002 dbname=app pool_size=40\n")
        << QStringLiteral("a:5001");
    QTest::addRow("same key outside [databases] untouched")
        << QByteArray("[pgbouncer]\napp = x\n[databases]\napp = host=a port=1\n")
        << QByteArray("[pgbouncer]\napp = x\n[databases]\napp = host=10.0.0.2 port=5002 dbname=app\n")
        << QStringLiteral("a:1");
}

void TestSwitchAction::retargetsIniLines()
{
    QFETCH(QByteArray, ini);
    QFETCH(QByteArray, expected);
    QFETCH(QString, previous);
    QString prev;
    const auto out = SwitchAction::retargetPgbouncerIni(ini, QStringLiteral("app"), QStringLiteral("10.0.0.2"), 5002, QStringLiteral("app"), &prev);
    QVERIFY(out.has_value());
    QCOMPARE(*out, expected);
    QCOMPARE(prev, previous);
}

void TestSwitchAction::rewritesHostsLines_data()
{
    QTest::addColumn<QByteArray>("hosts");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("replace") << QByteArray("127.0.0.1\tlocalhost\n10.0.0.1\tdb.internal\n")
                             << QByteArray("127.0.0.1\tlocalhost\n10.0.0.9\tdb.internal\n");
    QTest::addRow("add when absent") << QByteArray("127.0.0.1 localhost\n") << QByteArray("127.0.0.1 localhost\n10.0.0.9\tdb.internal\n");
    QTest::addRow("shared line split") << QByteArray("10.0.0.1 cache db.internal # old\n")
                                       << QByteArray("10.0.0.9\tdb.internal\n10.0.0.1 cache\n");
    QTest::addRow("prefix names untouched") << QByteArray("10.0.0.1 db.internal.old\n")
                                            << QByteArray("10.0.0.1 db.internal.old\n10.0.0.9\tdb.internal\n");
}

void TestSwitchAction::rewritesHostsLines()
{
    QFETCH(QByteArray, hosts);
    QFETCH(QByteArray, expected);
    QCOMPARE(SwitchAction::retargetHostsFile(hosts, QStringLiteral("db.internal"), QStringLiteral("10.0.0.9")), expected);
}

void TestSwitchAction::findsAddressesInHostsFiles()
{
    const QByteArray hosts = "127.0.0.1 localhost\n10.0.0.1 db.internal # primary\n10.0.0.2 cache db-ro.internal\n";
    QCOMPARE(SwitchAction::addressInHostsFile(hosts, QStringLiteral("db.internal")), QStringLiteral("10.0.0.1"));
    QCOMPARE(SwitchAction::addressInHostsFile(hosts, QStringLiteral("db-ro.internal")), QStringLiteral("10.0.0.2"));
    QCOMPARE(SwitchAction::addressInHostsFile(hosts, QStringLiteral("primary")), QString()); // a comment is no name
    QCOMPARE(SwitchAction::addressInHostsFile(hosts, QStringLiteral("db")), QString());
}

void TestSwitchAction::pgbouncerSwitchToReplicaAndBack()
{
    const EndpointTarget endpoint = app();
    QCOMPARE(endpoint.instances.size(), 2); // the sandbox runs two PgBouncers: both must move
    SwitchAction toReplica(endpoint, node("db2"), QStringLiteral("db1"));
    QStringList lines;
    ActionContext ctx;
    ctx.output = [&lines](const QString& l) { lines << l; };
    const StepResult r = toReplica.run(ctx);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.inverse.value(QStringLiteral("to")).toString(), QStringLiteral("db1"));
    QVERIFY(lines.join(QLatin1Char('\n')).contains(QStringLiteral("RESUME app")));
    const QByteArray db2Line = QStringLiteral("port=%1").arg(node("db2").port).toUtf8();
    for (const EndpointTarget::Instance& instance : endpoint.instances)
        QVERIFY2(readAll(instance.configPath).contains(db2Line), qPrintable(instance.configPath));

    // Through PgBouncer now: reads work, writes fail because db2 is a read-only replica.
    PgConnection c;
    QVERIFY2(c.open(endpoint.conninfo), qPrintable(c.lastError().message));
    QCOMPARE(c.scalar(QStringLiteral("SELECT pg_is_in_recovery()")).value_or(QString()), QStringLiteral("t"));
    QVERIFY(c.scalar(QStringLiteral("SELECT count(*) FROM users")).has_value());
    QVERIFY(!c.exec(QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('x@example.test', 'x', now())")));
    QCOMPARE(c.lastError().sqlstate, QStringLiteral("25006"));
    c.close();

    SwitchAction back(endpoint, node("db1"), QStringLiteral("db2"));
    const StepResult r2 = back.run({});
    QVERIFY2(r2.ok(), qPrintable(r2.error));
    QVERIFY(c.open(endpoint.conninfo));
    QCOMPARE(c.scalar(QStringLiteral("SELECT pg_is_in_recovery()")).value_or(QString()), QStringLiteral("f"));
    QVERIFY2(c.exec(QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('y@example.test', 'y', now())")),
        qPrintable(c.lastError().message));
    // Never left paused: the admin console lists no paused database.
    PgConnection adminConn;
    QVERIFY(adminConn.open(endpoint.adminConninfo));
    const auto dbs = adminConn.exec(QStringLiteral("SHOW DATABASES"));
    QVERIFY(dbs.has_value());
    const int pausedCol = dbs->columns.indexOf(QStringLiteral("paused"));
    QVERIFY(pausedCol >= 0);
    for (const QStringList& row : dbs->rows)
        QCOMPARE(row.value(pausedCol), QStringLiteral("0"));
}

void TestSwitchAction::failedPgbouncerPutsTheOthersBack()
{
    EndpointTarget endpoint = app();
    const QByteArray first = readAll(endpoint.instances[0].configPath);
    const QByteArray second = readAll(endpoint.instances[1].configPath);
    // The second PgBouncer cannot be reached: the first, switched already, must be put back.
    endpoint.instances[1].adminConninfo = QStringLiteral("host=127.0.0.1 port=1 dbname=pgbouncer user=postgres connect_timeout=2");
    SwitchAction s(endpoint, node("db2"), QStringLiteral("db1"));
    const StepResult r = s.run({});
    QCOMPARE(r.outcome, StepOutcome::Failed);
    QVERIFY2(r.error.contains(QStringLiteral("cannot reach the PgBouncer admin console")) && r.error.contains(QStringLiteral("put back as it was")), qPrintable(r.error));
    QCOMPARE(readAll(endpoint.instances[0].configPath), first);
    QCOMPARE(readAll(endpoint.instances[1].configPath), second);
    // And clients through the first one still reach the primary.
    PgConnection c;
    QVERIFY(c.open(endpoint.conninfo));
    QCOMPARE(c.scalar(QStringLiteral("SELECT pg_is_in_recovery()")).value_or(QString()), QStringLiteral("f"));
}

void TestSwitchAction::missingEntryChangesNothing()
{
    EndpointTarget endpoint = app();
    endpoint.database = QStringLiteral("nosuchdb");
    endpoint.instances = { endpoint.instances.first() };
    QFile ini(endpoint.configPath);
    QVERIFY(ini.open(QIODevice::ReadOnly));
    const QByteArray before = ini.readAll();
    ini.close();
    SwitchAction s(endpoint, node("db2"), QStringLiteral("db1"));
    const StepResult r = s.run({});
    QCOMPARE(r.outcome, StepOutcome::Failed);
    QVERIFY2(r.error.contains(QStringLiteral("no [databases] entry named nosuchdb")), qPrintable(r.error));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QCOMPARE(ini.readAll(), before);
    ini.close();

    endpoint = app();
    endpoint.instances = { endpoint.instances.first() };
    endpoint.instances[0].adminConninfo = QStringLiteral("host=127.0.0.1 port=1 dbname=pgbouncer user=postgres password=s3cret-admin connect_timeout=2");
    SwitchAction unreachable(endpoint, node("db2"), QStringLiteral("db1"));
    const StepResult r2 = unreachable.run({});
    QCOMPARE(r2.outcome, StepOutcome::Failed);
    QVERIFY2(r2.error.contains(QStringLiteral("cannot reach the PgBouncer admin console")), qPrintable(r2.error));
    QVERIFY(!r2.error.contains(QStringLiteral("s3cret-admin")));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QCOMPARE(ini.readAll(), before);
}

void TestSwitchAction::hostsFileOverSsh()
{
    // Two "app hosts": one local, one over the sandbox's real sshd, each with its own hosts file.
    const QString path = appHostsFile(QStringLiteral("apphost"), "127.0.0.1\tlocalhost\n10.1.0.1\tdb.internal\n");
    QVERIFY(!path.isEmpty());
    QFile f(path);
    EndpointTarget endpoint = hostsEndpoint(path);
    endpoint.addresses = { { QStringLiteral("db1"), QStringLiteral("10.1.0.1") }, { QStringLiteral("db2"), QStringLiteral("10.1.0.2") } };
    SwitchAction s(endpoint, node("db2"), QStringLiteral("db1"));
    const StepResult r = s.run({});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("127.0.0.1\tlocalhost\n10.1.0.2\tdb.internal\n"));
    f.close();
    QVERIFY(QFileInfo(path).ownerId() == (::geteuid() == 0 ? ::getpwnam("postgres")->pw_uid : ::geteuid()));

    endpoint.hosts = { QStringLiteral("local") };
    SwitchAction back(endpoint, node("db1"), QStringLiteral("db2"));
    QVERIFY(back.run({}).ok());
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), QByteArray("127.0.0.1\tlocalhost\n10.1.0.1\tdb.internal\n"));
}

void TestSwitchAction::severalNamesMoveTogetherAndBack()
{
    // The primary's name and the replicas' name move in one write; the inverse puts each back
    // where it pointed, over SSH as a rollback would.
    const QByteArray before = "127.0.0.1\tlocalhost\n10.1.0.1\tdb.internal\n10.1.0.2\tdb-ro.internal\n";
    const QString path = appHostsFile(QStringLiteral("apphost2"), before);
    QVERIFY(!path.isEmpty());
    EndpointTarget endpoint = hostsEndpoint(path);
    endpoint.hostnames = { QStringLiteral("db.internal"), QStringLiteral("db-ro.internal") };
    endpoint.addresses = { { QStringLiteral("db1"), QStringLiteral("10.1.0.1") }, { QStringLiteral("db2"), QStringLiteral("10.1.0.2") },
        { QStringLiteral("db3"), QStringLiteral("10.1.0.3") } };
    SwitchAction s(endpoint, node("db3"), QStringLiteral("db1"));
    const StepResult r = s.run({});
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(readAll(path), QByteArray("127.0.0.1\tlocalhost\n10.1.0.3\tdb.internal\n10.1.0.3\tdb-ro.internal\n"));
    const QJsonObject previous = r.inverse.value(QStringLiteral("addresses")).toObject();
    QCOMPARE(previous.value(QStringLiteral("db.internal")).toString(), QStringLiteral("10.1.0.1"));
    QCOMPARE(previous.value(QStringLiteral("db-ro.internal")).toString(), QStringLiteral("10.1.0.2"));

    SwitchAction back(endpoint, node("db1"), QStringLiteral("db3"));
    QMap<QString, QString> restore;
    for (auto it = previous.begin(); it != previous.end(); ++it)
        restore.insert(it.key(), it.value().toString());
    back.restoreAddresses(restore);
    QVERIFY(back.run({}).ok());
    QCOMPARE(readAll(path), before);
}

QTEST_GUILESS_MAIN(TestSwitchAction)
#include "tst_switchaction.moc"
