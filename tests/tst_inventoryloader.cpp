#include "probe/probesettings.h"
#include "runbook/documentloader.h"
#include "runbook/inventoryloader.h"

#include <QtTest>

class TestInventoryLoader : public QObject {
    Q_OBJECT
private slots:
    void readsTheSandboxInventory();
    void resolvesRunbookNames_data();
    void resolvesRunbookNames();
    void readsHostsEndpoints();
    void readsSeveralNamesAndPgbouncers();
    void reportsMistakesInSeveralNamesAndPgbouncers();
    void readsTrafficProbeSettings_data();
    void readsTrafficProbeSettings();
    void reportsEveryProblem();
    void checksSshDestinations_data();
    void checksSshDestinations();
};

namespace {
const QString dataDir = QStringLiteral(RBC_TEST_DATA_DIR "/runbook/");

QStringList messages(const Diagnostics& diagnostics)
{
    QStringList out;
    for (const Diagnostic& d : diagnostics)
        out.append(d.toString().remove(dataDir));
    return out;
}

Inventory sandbox()
{
    const LoadedDocument loaded = DocumentLoader::loadInventory(dataDir + QStringLiteral("sandbox-inventory.yaml"));
    if (!loaded.ok())
        qFatal("%s", qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    return *loaded.inventory;
}
} // namespace

void TestInventoryLoader::readsTheSandboxInventory()
{
    const Inventory inventory = sandbox();
    QCOMPARE(inventory.cluster, QStringLiteral("sandbox"));
    QCOMPARE(inventory.nodes.size(), 5);
    const InventoryNode* db2 = inventory.node(QStringLiteral("db2"));
    QVERIFY(db2);
    QCOMPARE(db2->conninfo, QStringLiteral("host=127.0.0.1 port=40002 dbname=app user=postgres"));
    QVERIFY(db2->isLocal());
    QCOMPARE(db2->runAs, QStringLiteral("postgres"));
    QCOMPARE(db2->port, 40002);
    QCOMPARE(db2->role, QStringLiteral("replica"));
    QCOMPARE(db2->upstream, QStringLiteral("db1"));
    QCOMPARE(db2->version, QStringLiteral("15"));
    QCOMPARE(db2->bindir, QStringLiteral("/usr/lib/postgresql/15/bin"));
    QCOMPARE(db2->location.line, 13);
    QCOMPARE(db2->locations.value(QStringLiteral("port")).line, 19);
    QCOMPARE(inventory.aliases.size(), 6);
    const Endpoint* app = inventory.endpoint(QStringLiteral("app"));
    QVERIFY(app);
    QCOMPARE(app->kind, Endpoint::Kind::PgBouncer);
    QCOMPARE(app->database, QStringLiteral("app"));
    QCOMPARE(app->routesTo, QStringLiteral("db1"));
    QCOMPARE(app->adminConninfo, QStringLiteral("host=127.0.0.1 port=40010 dbname=pgbouncer user=postgres"));
    QCOMPARE(inventory.var(QStringLiteral("new_bindir"))->value, QStringLiteral("/usr/lib/postgresql/15/bin"));
    QCOMPARE(inventory.sshConfig, QStringLiteral("/var/lib/runbook-console/sandbox/ssh/config"));
}

void TestInventoryLoader::resolvesRunbookNames_data()
{
    QTest::addColumn<QString>("runbookName");
    QTest::addColumn<QString>("node");
    QTest::addRow("node itself") << "db1"
                                 << "db1";
    QTest::addRow("alias") << "old_primary"
                           << "db1";
    QTest::addRow("other alias") << "new_primary"
                                 << "db_a";
    QTest::addRow("alias with underscore") << "new_replica"
                                           << "db_a_replica";
    QTest::addRow("unknown") << "witness"
                             << "";
    QTest::addRow("case matters") << "DB1"
                                  << "";
}

void TestInventoryLoader::resolvesRunbookNames()
{
    QFETCH(QString, runbookName);
    QFETCH(QString, node);
    const Inventory inventory = sandbox();
    const InventoryNode* resolved = inventory.resolveNode(runbookName);
    QCOMPARE(resolved ? resolved->name : QString(), node);
}

void TestInventoryLoader::readsHostsEndpoints()
{
    const QByteArray text = "cluster: prod\n"
                            "nodes:\n"
                            "  pg1: {conninfo: \"host=pg1\", host: admin@pg1.example.com}\n"
                            "  pg2: {conninfo: \"host=pg2\", host: admin@pg2.example.com}\n"
                            "aliases: {old_primary: pg1}\n"
                            "endpoints:\n"
                            "  app:\n"
                            "    kind: hosts\n"
                            "    hostname: db.internal\n"
                            "    hosts: [deploy@web1.example.com, deploy@web2.example.com]\n"
                            "    addresses: {pg1: 10.0.0.1, pg2: \"fd00::2\"}\n"
                            "    routes_to: old_primary\n"
                            "traffic_probe: {interval: 100ms, table: probe}\n";
    const LoadedDocument loaded = DocumentLoader::loadData(text, QStringLiteral("prod.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    const Endpoint* app = loaded.inventory->endpoint(QStringLiteral("app"));
    QCOMPARE(app->kind, Endpoint::Kind::Hosts);
    QCOMPARE(app->hostsFile, QStringLiteral("/etc/hosts"));
    QCOMPARE(app->hosts, QStringList({ "deploy@web1.example.com", "deploy@web2.example.com" }));
    QCOMPARE(app->address(QStringLiteral("pg2")), QStringLiteral("fd00::2"));
    QCOMPARE(loaded.inventory->trafficProbe.size(), 2);
    QCOMPARE(loaded.inventory->trafficProbe.first().value, QStringLiteral("100ms"));
    QVERIFY(!loaded.inventory->node(QStringLiteral("pg1"))->isLocal());
}

void TestInventoryLoader::readsSeveralNamesAndPgbouncers()
{
    const QByteArray text = "cluster: prod\n"
                            "nodes:\n"
                            "  pg1: {conninfo: \"host=pg1\", host: admin@pg1.example.com}\n"
                            "  pg2: {conninfo: \"host=pg2\", host: admin@pg2.example.com}\n"
                            "endpoints:\n"
                            "  app:\n"
                            "    kind: hosts\n"
                            "    hostnames: [db.internal, db-ro.internal]\n"
                            "    hosts: [root@web1]\n"
                            "    addresses: {pg1: 10.0.0.1, pg2: 10.0.0.2}\n"
                            "  pool:\n"
                            "    kind: pgbouncer\n"
                            "    conninfo: \"host=web1 port=6432 dbname=shop\"\n"
                            "    database: shop\n"
                            "    instances:\n"
                            "      - {admin_conninfo: \"host=web1 port=6432 dbname=pgbouncer\", config: /etc/pgbouncer/pgbouncer.ini, host: root@web1}\n"
                            "      - {admin_conninfo: \"host=web2 port=6432 dbname=pgbouncer\", config: /etc/pgbouncer/pgbouncer.ini, host: root@web2}\n";
    const LoadedDocument loaded = DocumentLoader::loadData(text, QStringLiteral("prod.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    const Endpoint* app = loaded.inventory->endpoint(QStringLiteral("app"));
    QCOMPARE(app->hostnames, QStringList({ "db.internal", "db-ro.internal" }));
    QCOMPARE(app->hostname, QStringLiteral("db.internal")); // what {{ endpoints.app.hostname }} gives
    const Endpoint* pool = loaded.inventory->endpoint(QStringLiteral("pool"));
    QCOMPARE(pool->instances.size(), 2);
    QCOMPARE(pool->instances[1].host, QStringLiteral("root@web2"));
    QCOMPARE(pool->adminConninfo, QStringLiteral("host=web1 port=6432 dbname=pgbouncer")); // the first one's
    QCOMPARE(pool->host, QStringLiteral("root@web1"));
}

void TestInventoryLoader::reportsMistakesInSeveralNamesAndPgbouncers()
{
    const QByteArray text = "cluster: prod\n"
                            "nodes:\n"
                            "  pg1: {conninfo: \"host=pg1\", host: admin@pg1.example.com}\n"
                            "endpoints:\n"
                            "  app:\n"
                            "    kind: hosts\n"
                            "    hostname: db.internal\n"
                            "    hostnames: [db.internal]\n"
                            "    hosts: [root@web1]\n"
                            "    addresses: {pg1: 10.0.0.1}\n"
                            "  ro:\n"
                            "    kind: hosts\n"
                            "    hostnames: [db-ro.internal, \"bad name\", db-ro.internal]\n"
                            "    hosts: [root@web1]\n"
                            "    addresses: {pg1: 10.0.0.1}\n"
                            "  pool:\n"
                            "    kind: pgbouncer\n"
                            "    conninfo: \"host=web1\"\n"
                            "    database: shop\n"
                            "    config: /etc/pgbouncer/pgbouncer.ini\n"
                            "    instances:\n"
                            "      - {admin_conninfo: \"host=web1\", host: -oProxyCommand=evil}\n";
    const LoadedDocument loaded = DocumentLoader::loadData(text, QStringLiteral("prod.yaml"));
    QCOMPARE(messages(loaded.diagnostics),
        QStringList({
            "prod.yaml:8:5: endpoint 'app' has both 'hostname' and 'hostnames': give one",
            "prod.yaml:13:33: 'bad name' is not a host name",
            "prod.yaml:13:45: host name 'db-ro.internal' is listed twice in 'hostnames'",
            "prod.yaml:20:5: give 'config' in each of 'instances', not beside them",
            "prod.yaml:22:9: instance 1 of endpoint 'pool' has no 'config'",
            "prod.yaml:22:45: 'host' must be 'local' or an SSH destination like user@host, not '-oProxyCommand=evil'",
        }));
}

void TestInventoryLoader::readsTrafficProbeSettings_data()
{
    QTest::addColumn<QByteArray>("probe");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("error");
    QTest::addRow("here") << QByteArray("{enabled: true}") << QString() << QString();
    QTest::addRow("on an application host") << QByteArray("{enabled: true, host: root@web1, psql: /usr/lib/postgresql/15/bin/psql}")
                                            << QStringLiteral("root@web1") << QString();
    QTest::addRow("local") << QByteArray("{enabled: true, host: local}") << QString() << QString();
    QTest::addRow("option injection") << QByteArray("{enabled: true, host: -oProxyCommand=evil}") << QString()
                                      << QStringLiteral("prod.yaml:6:38: traffic_probe.host must be 'local' or an SSH destination like user@host, not '-oProxyCommand=evil'");
    QTest::addRow("unknown key") << QByteArray("{enabled: true, hots: web1}") << QString()
                                 << QStringLiteral("prod.yaml:6:38: traffic_probe.hots: unknown setting (enabled, interval, request_timeout, endpoint, keep_table, host, psql)");
}

void TestInventoryLoader::readsTrafficProbeSettings()
{
    QFETCH(QByteArray, probe);
    QFETCH(QString, host);
    QFETCH(QString, error);
    const QByteArray text = "cluster: prod\n"
                            "nodes:\n"
                            "  pg1: {conninfo: \"host=pg1\", host: admin@pg1}\n"
                            "endpoints:\n"
                            "  app: {kind: hosts, hostname: db.internal, hosts: [root@web1], addresses: {pg1: 10.0.0.1}, conninfo: \"host=db.internal\"}\n"
                            "traffic_probe: "
        + probe + "\n";
    const LoadedDocument loaded = DocumentLoader::loadData(text, QStringLiteral("prod.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    QString why;
    const auto settings = ProbeSettings::fromInventory(*loaded.inventory, &why);
    if (!error.isEmpty()) {
        QVERIFY(!settings);
        QCOMPARE(why, error);
        return;
    }
    QVERIFY2(settings, qPrintable(why));
    QCOMPARE(settings->host, host);
}

void TestInventoryLoader::reportsEveryProblem()
{
    const LoadedDocument loaded = DocumentLoader::loadFile(dataDir + QStringLiteral("bad-inventory.yaml"));
    QCOMPARE(loaded.kind, DocumentKind::Inventory);
    const QStringList expected = {
        "bad-inventory.yaml:5:11: 'host' must be 'local' or an SSH destination like user@host, not "
        "'-oProxyCommand=evil'",
        "bad-inventory.yaml:6:11: 'port' must be between 1 and 65535, not 70000",
        "bad-inventory.yaml:7:11: unknown role 'primray'; did you mean 'primary'? (roles: primary, replica, standby, "
        "spare)",
        "bad-inventory.yaml:8:13: 'bindir' must be text, not a list",
        "bad-inventory.yaml:10:5: node 'db2' has no 'conninfo'",
        "bad-inventory.yaml:11:15: upstream 'db9' of node 'db2' is not a node; did you mean 'db1'?",
        "bad-inventory.yaml:12:5: unknown key 'datdir' in node 'db2'; did you mean 'datadir'?",
        "bad-inventory.yaml:15:12: alias 'replica' names node 'db7', which is not under 'nodes'; did you mean 'db1'?",
        "bad-inventory.yaml:16:3: alias 'db2' has the name of a node; a runbook name resolves to the node first",
        "bad-inventory.yaml:19:5: endpoint 'app' has no 'admin_conninfo'",
        "bad-inventory.yaml:19:5: endpoint 'app' has no 'config'",
        "bad-inventory.yaml:19:5: endpoint 'app' has no 'database'",
        "bad-inventory.yaml:19:5: endpoint 'app' has no 'host'",
        "bad-inventory.yaml:21:5: 'hostname' applies to hosts endpoints only",
        "bad-inventory.yaml:26:37: '10.0.0.300' is not an IP address",
        "bad-inventory.yaml:27:16: endpoint 'web' routes to 'db5', which is not a node; did you mean 'db1'?",
        "bad-inventory.yaml:29:11: unknown endpoint kind 'haproxy' (kinds: pgbouncer, hosts)",
        "bad-inventory.yaml:30:33: unknown key 'user' in 'ssh' (known keys: config)",
    };
    QCOMPARE(messages(loaded.diagnostics), expected);
}

void TestInventoryLoader::checksSshDestinations_data()
{
    QTest::addColumn<QString>("destination");
    QTest::addColumn<bool>("valid");
    QTest::addRow("host") << "db1.example.com" << true;
    QTest::addRow("user at host") << "postgres@db1" << true;
    QTest::addRow("uri with port") << "ssh://postgres@db1:2222" << true;
    QTest::addRow("ipv6") << "admin@[fd00::1]" << true;
    QTest::addRow("option injection") << "-oProxyCommand=sh" << false;
    QTest::addRow("user option injection") << "-x@host" << false;
    QTest::addRow("space") << "db1 rm" << false;
    QTest::addRow("command substitution") << "$(reboot)" << false;
    QTest::addRow("empty") << "" << false;
}

void TestInventoryLoader::checksSshDestinations()
{
    QFETCH(QString, destination);
    QFETCH(bool, valid);
    QCOMPARE(InventoryLoader::isValidSshDestination(destination), valid);
}

QTEST_GUILESS_MAIN(TestInventoryLoader)
#include "tst_inventoryloader.moc"
