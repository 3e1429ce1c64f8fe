// The live topology on a real sandbox: `status --json` against what psql reports, a standby that
// stops and comes back, a publication/subscription between two nodes with its sync state,
// PgBouncer paused, the probe's own connections, and a server that accepts but never answers.
#include "cluster/topologyprobe.h"
#include "core/pgconnection.h"
#include "core/systemcommand.h"
#include "sandboxfixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTest>
#include <cstdio>
#include <functional>
#include <yaml-cpp/yaml.h>

namespace {
struct Cli {
    int exitCode = -1;
    QString out;
    QString err;
};

Cli status(const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(QStringLiteral(RBC_CONSOLE_BINARY), QStringList { QStringLiteral("status") } + args);
    Cli r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("status did not finish");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// What a failed call printed. QTest cuts a message short, so the whole stderr (where a
// sanitizer's report lands) goes to our stderr first; the message keeps its tail.
QString describe(const Cli& r)
{
    std::fprintf(stderr, "--- status stderr ---\n%s\n--- end ---\n", qPrintable(r.err));
    return QStringLiteral("exit %1, stderr ends: %2").arg(r.exitCode).arg(r.err.right(700));
}

// Rows of a query through the real psql client, fields split on '|'.
QList<QStringList> psql(const QString& conninfo, const QString& sql)
{
    QProcess p;
    p.start(QStringLiteral("psql"),
        { QStringLiteral("-X"), QStringLiteral("-A"), QStringLiteral("-t"), QStringLiteral("-q"), QStringLiteral("-F"),
            QStringLiteral("|"), QStringLiteral("-c"), sql, conninfo });
    p.waitForFinished(30000);
    QList<QStringList> rows;
    for (const QString& line :
        QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        rows << line.split(QLatin1Char('|'));
    return rows;
}

QJsonObject byName(const QJsonArray& array, const QString& name, const QString& key = QStringLiteral("name"))
{
    for (const QJsonValue& v : array)
        if (v.toObject().value(key).toString() == name)
            return v.toObject();
    return {};
}

const TopologyEdge* edgeOf(const TopologySnapshot& s, const QString& from, const QString& to, TopologyEdge::Kind kind)
{
    for (const TopologyEdge& e : s.edges)
        if (e.from == from && e.to == to && e.kind == kind)
            return &e;
    return nullptr;
}
} // namespace

class TestTopologyProbe : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void statusJsonMatchesPsql();
    void statusExitCodesAndMaskedSecrets();
    void probeHoldsOneNamedConnectionPerNode();
    void stoppedStandbyIsUnreachableThenComesBack();
    void subscriptionSeenWithItsSyncState();
    void pausedPgBouncerSeenAsPaused();
    void hostsEndpointReadOverSsh();
    void serverThatNeverAnswersIsUnreachableAndStopDoesNotWaitForIt();
    void upgradeRunSeenAsItHappens();

private:
    // Waits for snapshots until pred holds; the snapshot that satisfied it, or nullopt.
    std::optional<TopologySnapshot> waitFor(TopologyProbe& probe,
        const std::function<bool(const TopologySnapshot&)>& pred, int timeoutMs, int* snapshots = nullptr);
    // pg_ctl -D dir (the node's data directory unless given) as the servers' user.
    CommandOutcome pgCtl(const QString& node, const QStringList& args, const QString& dir = QString());
    QString conninfo(const QString& node) const { return m_sb.inventory().node(node)->conninfo; }
    QString writeInventory(const QString& name, const std::function<void(YAML::Node&)>& edit);

    SandboxFixture m_sb { QStringLiteral("topology") };
};

void TestTopologyProbe::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    SandboxOptions o;
    o.seedScale = 0.01;
    o.ssh = true; // hosts files are read over SSH
    QString error;
    QVERIFY2(m_sb.up(o, &error), qPrintable(error));
}

void TestTopologyProbe::cleanupTestCase()
{
    m_sb.down();
}

std::optional<TopologySnapshot> TestTopologyProbe::waitFor(
    TopologyProbe& probe, const std::function<bool(const TopologySnapshot&)>& pred, int timeoutMs, int* snapshots)
{
    QSignalSpy spy(&probe, &TopologyProbe::snapshotReady);
    QElapsedTimer t;
    t.start();
    int seen = 0;
    while (t.elapsed() < timeoutMs) {
        if (spy.isEmpty() && !spy.wait(std::max<int>(100, timeoutMs - int(t.elapsed()))))
            continue;
        while (!spy.isEmpty()) {
            const TopologySnapshot s = spy.takeFirst().at(0).value<TopologySnapshot>();
            ++seen;
            if (pred(s)) {
                if (snapshots)
                    *snapshots = seen;
                return s;
            }
        }
    }
    if (snapshots)
        *snapshots = seen;
    return std::nullopt;
}

CommandOutcome TestTopologyProbe::pgCtl(const QString& node, const QStringList& args, const QString& dir)
{
    const InventoryNode* n = m_sb.inventory().node(node);
    return SystemCommand(n->bindir + QStringLiteral("/pg_ctl"),
        QStringList { QStringLiteral("-D"), dir.isEmpty() ? n->datadir : dir } + args)
        .asUser(Sandbox::serverUser())
        .withTimeout(120000)
        .run();
}

QString TestTopologyProbe::writeInventory(const QString& name, const std::function<void(YAML::Node&)>& edit)
{
    YAML::Node inv = YAML::LoadFile(m_sb.sandbox().inventoryPath().toStdString());
    edit(inv);
    YAML::Emitter e;
    e << inv;
    const QString path = m_sb.path(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(e.c_str());
    return path;
}

void TestTopologyProbe::statusJsonMatchesPsql()
{
    const Cli r = status({ QStringLiteral("--inventory"), m_sb.sandbox().inventoryPath(), QStringLiteral("--json") });
    if (r.exitCode != 0)
        QFAIL(qPrintable(describe(r)));
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(json.value(QStringLiteral("format")).toInt(), 1);
    QCOMPARE(json.value(QStringLiteral("cluster")).toString(), QStringLiteral("sandbox"));
    const QJsonArray nodes = json.value(QStringLiteral("nodes")).toArray();

    // Versions and roles, node by node, as psql sees them.
    for (const QString& name : { QStringLiteral("db1"), QStringLiteral("db2"), QStringLiteral("db3") }) {
        const QList<QStringList> facts = psql(conninfo(name),
            QStringLiteral("SELECT current_setting('server_version_num'), pg_is_in_recovery(), "
                           "current_setting('transaction_read_only')"));
        QCOMPARE(facts.size(), 1);
        const QJsonObject n = byName(nodes, name);
        QCOMPARE(n.value(QStringLiteral("state")).toString(), QStringLiteral("up"));
        QCOMPARE(n.value(QStringLiteral("reachable")).toBool(), true);
        QCOMPARE(n.value(QStringLiteral("version")).toInt(), facts[0][0].toInt());
        QCOMPARE(n.value(QStringLiteral("in_recovery")).toBool(), facts[0][1] == QLatin1String("t"));
        QCOMPARE(n.value(QStringLiteral("read_only")).toBool(), facts[0][2] == QLatin1String("on"));
        QCOMPARE(n.value(QStringLiteral("role")).toString(),
            facts[0][1] == QLatin1String("t") ? QStringLiteral("standby") : QStringLiteral("primary"));
        QVERIFY(n.value(QStringLiteral("error")).isNull());
    }
    // The spares are reserved addresses, not failures.
    for (const QString& name : { QStringLiteral("db_a"), QStringLiteral("db_a_replica") }) {
        const QJsonObject n = byName(nodes, name);
        QCOMPARE(n.value(QStringLiteral("state")).toString(), QStringLiteral("spare_not_running"));
        QCOMPARE(n.value(QStringLiteral("reachable")).toBool(), false);
    }

    // Two streaming replicas with their lag fields, as db1's pg_stat_replication says.
    const QList<QStringList> walsenders = psql(conninfo(QStringLiteral("db1")),
        QStringLiteral("SELECT application_name, state, sync_state FROM pg_stat_replication ORDER BY 1"));
    QCOMPARE(walsenders.size(), 2);
    const QJsonArray replication = json.value(QStringLiteral("replication")).toArray();
    QCOMPARE(replication.size(), 2);
    for (const QStringList& w : walsenders) {
        QJsonObject edge;
        for (const QJsonValue& v : replication)
            if (v.toObject().value(QStringLiteral("to")).toString() == w[0])
                edge = v.toObject();
        QVERIFY2(!edge.isEmpty(), qPrintable(w[0]));
        QCOMPARE(edge.value(QStringLiteral("from")).toString(), QStringLiteral("db1"));
        QCOMPARE(edge.value(QStringLiteral("kind")).toString(), QStringLiteral("physical"));
        QCOMPARE(edge.value(QStringLiteral("state")).toString(), w[1]);
        QCOMPARE(edge.value(QStringLiteral("sync_state")).toString(), w[2]);
        QVERIFY(edge.value(QStringLiteral("lag_bytes")).isDouble());
        QVERIFY(edge.value(QStringLiteral("lag_bytes")).toDouble() >= 0);
        for (const char* key : { "write_lag_ms", "flush_lag_ms", "replay_lag_ms" })
            QVERIFY2(edge.contains(QLatin1String(key)), key);
    }

    // Slots.
    const QList<QStringList> slotRows = psql(conninfo(QStringLiteral("db1")),
        QStringLiteral("SELECT slot_name, slot_type, active, wal_status FROM pg_replication_slots ORDER BY 1"));
    const QJsonArray jsonSlots = json.value(QStringLiteral("slots")).toArray();
    QCOMPARE(jsonSlots.size(), slotRows.size());
    for (const QStringList& row : slotRows) {
        const QJsonObject s = byName(jsonSlots, row[0]);
        QCOMPARE(s.value(QStringLiteral("node")).toString(), QStringLiteral("db1"));
        QCOMPARE(s.value(QStringLiteral("type")).toString(), row[1]);
        QCOMPARE(s.value(QStringLiteral("active")).toBool(), row[2] == QLatin1String("t"));
        QCOMPARE(s.value(QStringLiteral("wal_status")).toString(), row[3]);
    }

    // The endpoint routes where PgBouncer's admin console says: db1.
    const Endpoint* app = m_sb.inventory().endpoint(QStringLiteral("app"));
    const QList<QStringList> databases = psql(app->adminConninfo, QStringLiteral("SHOW DATABASES"));
    QString port;
    for (const QStringList& row : databases)
        if (row.value(0) == QLatin1String("app"))
            port = row.value(2);
    QCOMPARE(port.toInt(), *m_sb.inventory().node(QStringLiteral("db1"))->port);
    const QJsonObject endpoint = byName(json.value(QStringLiteral("endpoints")).toArray(), QStringLiteral("app"));
    QCOMPARE(endpoint.value(QStringLiteral("routes_to")).toString(), QStringLiteral("db1"));
    QCOMPARE(endpoint.value(QStringLiteral("paused")).toBool(), false);
    QCOMPARE(endpoint.value(QStringLiteral("reachable")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("healthy")).toBool(), true);

    // The plain text says the same to a person.
    const Cli text = status({ QStringLiteral("--inventory"), m_sb.sandbox().inventoryPath() });
    if (text.exitCode != 0)
        QFAIL(qPrintable(describe(text)));
    QVERIFY(text.out.contains(QRegularExpression(QStringLiteral("db1 +up +primary"))));
    QVERIFY(text.out.contains(QRegularExpression(QStringLiteral("db_a +spare, not running"))));
    QVERIFY(text.out.contains(QStringLiteral("db1 -> db2")));
    QVERIFY(text.out.contains(QRegularExpression(QStringLiteral("app +pgbouncer +-> db1"))));
}

void TestTopologyProbe::statusExitCodesAndMaskedSecrets()
{
    // A node nobody listens for, with a password in its conninfo: unreachable, exit 1, never the password.
    const QString secret = QStringLiteral("Tr0ub4dor-x9-secret");
    int freePort = 0;
    {
        QTcpServer s;
        QVERIFY(s.listen(QHostAddress::LocalHost));
        freePort = s.serverPort();
    }
    const QString withGhost = writeInventory(QStringLiteral("ghost.yaml"), [&](YAML::Node& inv) {
        YAML::Node ghost;
        ghost["conninfo"] = QStringLiteral("host=127.0.0.1 port=%1 dbname=app user=postgres password=%2")
                                .arg(freePort)
                                .arg(secret)
                                .toStdString();
        ghost["host"] = "local";
        ghost["role"] = "replica";
        ghost["upstream"] = "db1";
        inv["nodes"]["ghost"] = ghost;
    });
    for (const bool json : { true, false }) {
        QStringList args { QStringLiteral("--inventory"), withGhost };
        if (json)
            args << QStringLiteral("--json");
        const Cli r = status(args);
        QVERIFY2(r.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.exitCode).arg(QString(r.err).replace(secret, QStringLiteral("***")))));
        QVERIFY(!r.out.contains(secret) && !r.err.contains(secret));
        QVERIFY(r.out.contains(QStringLiteral("ghost")));
        if (json) {
            const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
            QCOMPARE(o.value(QStringLiteral("unreachable")).toArray(), QJsonArray { QStringLiteral("ghost") });
            const QJsonObject ghost = byName(o.value(QStringLiteral("nodes")).toArray(), QStringLiteral("ghost"));
            QCOMPARE(ghost.value(QStringLiteral("state")).toString(), QStringLiteral("unreachable"));
            QVERIFY(!ghost.value(QStringLiteral("error")).toString().isEmpty());
            QVERIFY(!ghost.value(QStringLiteral("unreachable_since")).isNull());
        } else {
            QVERIFY(r.out.contains(QStringLiteral("PROBLEMS")));
        }
    }

    // Invalid input: exit 2, nothing polled.
    QCOMPARE(status({}).exitCode, 2);
    QCOMPARE(status({ QStringLiteral("--inventory"), m_sb.path(QStringLiteral("missing.yaml")) }).exitCode, 2);
    QCOMPARE(status({ QStringLiteral("--inventory"), m_sb.sandbox().inventoryPath(), QStringLiteral("--watch"),
                        QStringLiteral("0") })
                 .exitCode,
        2);
    QCOMPARE(status({ QStringLiteral("--inventory"), m_sb.sandbox().inventoryPath(), QStringLiteral("--frobnicate") })
                 .exitCode,
        2);
    const QString broken = writeInventory(
        QStringLiteral("broken.yaml"), [](YAML::Node& inv) { inv["nodes"]["db2"]["upstream"] = "nowhere"; });
    const Cli b = status({ QStringLiteral("--inventory"), broken });
    QCOMPARE(b.exitCode, 2);
    QVERIFY2(b.err.contains(QStringLiteral("broken.yaml:")), qPrintable(b.err));

    // --watch refreshes: one JSON document per line until stopped.
    QProcess watch;
    watch.start(QStringLiteral(RBC_CONSOLE_BINARY),
        { QStringLiteral("status"), QStringLiteral("--inventory"), m_sb.sandbox().inventoryPath(),
            QStringLiteral("--json"), QStringLiteral("--watch"), QStringLiteral("0.2") });
    QByteArray lines;
    QElapsedTimer t;
    t.start();
    while (lines.count('\n') < 3 && t.elapsed() < 30000 && watch.waitForReadyRead(30000))
        lines += watch.readAllStandardOutput();
    watch.terminate();
    QVERIFY(watch.waitForFinished(10000));
    QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watch.exitCode(), 0);
    const QList<QByteArray> docs = lines.split('\n');
    QVERIFY(docs.size() >= 3);
    QVERIFY(QJsonDocument::fromJson(docs[0]).object().value(QStringLiteral("cycle")).toDouble()
        < QJsonDocument::fromJson(docs[1]).object().value(QStringLiteral("cycle")).toDouble());
}

void TestTopologyProbe::probeHoldsOneNamedConnectionPerNode()
{
    TopologyProbe probe(m_sb.inventory());
    probe.setInterval(300);
    probe.start();
    QVERIFY(waitFor(
        probe, [](const TopologySnapshot& s) { return s.node(QStringLiteral("db1"))->isUp(); }, 15000));
    const QString sql = QStringLiteral("SELECT string_agg(pid::text, ',' ORDER BY pid) FROM pg_stat_activity WHERE "
                                       "application_name = 'runbook-console-topology'");
    PgConnection db1;
    QVERIFY(db1.open(conninfo(QStringLiteral("db1"))));
    const QString before = db1.scalar(sql).value_or(QString());
    QCOMPARE(before.split(QLatin1Char(',')).size(), 1); // db1 is one node on its server
    QVERIFY(waitFor(
        probe, [](const TopologySnapshot& s) { return s.cycle >= 4; }, 15000));
    QCOMPARE(db1.scalar(sql).value_or(QString()), before); // the same session, cycle after cycle
    const TopologySnapshot s = probe.lastSnapshot();
    QCOMPARE(s.node(QStringLiteral("db1"))->probeConnections, 1);
    // A session-killing step that takes the probe's session down is not an outage.
    QVERIFY(db1.exec(QStringLiteral("SELECT pg_terminate_backend(%1)").arg(before)));
    QStringList outages;
    QVERIFY(waitFor(
        probe,
        [&](const TopologySnapshot& x) {
            if (!x.node(QStringLiteral("db1"))->isUp())
                outages << x.node(QStringLiteral("db1"))->error;
            const QString now = db1.scalar(sql).value_or(QString());
            return !now.isEmpty() && now != before;
        },
        15000));
    QVERIFY2(outages.isEmpty(), qPrintable(outages.join(QStringLiteral("; "))));
    probe.stop();
}

void TestTopologyProbe::stoppedStandbyIsUnreachableThenComesBack()
{
    TopologyProbe probe(m_sb.inventory()); // the default 1 s interval
    probe.start();
    QVERIFY(waitFor(
        probe, [](const TopologySnapshot& s) { return s.node(QStringLiteral("db3"))->isUp(); }, 15000));
    // The sandbox keeps a server's configuration outside its data directory (as Debian does):
    // pg_ctl starts it again from there.
    const QList<QStringList> configFile = psql(conninfo(QStringLiteral("db3")), QStringLiteral("SHOW config_file"));
    QCOMPARE(configFile.size(), 1);
    const QString configDir = QFileInfo(configFile[0][0]).absolutePath();

    QVERIFY(pgCtl(QStringLiteral("db3"),
        { QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop") })
                .ok());
    QElapsedTimer sinceStop;
    sinceStop.start();
    int snapshots = 0;
    const auto down = waitFor(
        probe, [](const TopologySnapshot& s) { return s.node(QStringLiteral("db3"))->isFailure(); }, 30000, &snapshots);
    QVERIFY(down);
    qInfo(
        "db3 reported unreachable %lld ms after pg_ctl stop returned, in snapshot %d", sinceStop.elapsed(), snapshots);
    // Seen by the next poll cycle: at most the one being assembled, then the next (1 s apart: 3 s).
    QVERIFY2(snapshots <= 3, qPrintable(QStringLiteral("%1 snapshots").arg(snapshots)));
    const TopologyNode* db3 = down->node(QStringLiteral("db3"));
    QVERIFY(db3->unreachableSince.isValid());
    QVERIFY(!db3->error.isEmpty());
    QCOMPARE(db3->version, down->node(QStringLiteral("db2"))->version); // last known facts stay
    const TopologyEdge* e = edgeOf(*down, QStringLiteral("db1"), QStringLiteral("db3"), TopologyEdge::Kind::Physical);
    QVERIFY(e);
    QVERIFY(!e->observed);
    QCOMPARE(down->unreachableNodes(), QStringList { QStringLiteral("db3") });

    // `status` exits 1 while it is down.
    const Cli r = status({ QStringLiteral("--inventory"), m_sb.sandbox().inventoryPath(), QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("unreachable")).toArray(),
        QJsonArray { QStringLiteral("db3") });

    const QString log = m_sb.inventory().var(QStringLiteral("log_dir"))->value + QStringLiteral("/db3.log");
    QVERIFY(pgCtl(QStringLiteral("db3"), { QStringLiteral("-l"), log, QStringLiteral("-w"), QStringLiteral("start") },
        configDir)
                .ok());
    QElapsedTimer sinceStart;
    sinceStart.start();
    const auto back = waitFor(
        probe,
        [](const TopologySnapshot& s) {
            const TopologyEdge* e = nullptr;
            for (const TopologyEdge& x : s.edges)
                if (x.from == QLatin1String("db1") && x.to == QLatin1String("db3"))
                    e = &x;
            return s.node(QStringLiteral("db3"))->isUp() && e && e->observed && e->isStreaming();
        },
        60000);
    QVERIFY(back);
    qInfo("db3 back and streaming %lld ms after pg_ctl start returned", sinceStart.elapsed());
    QVERIFY(back->healthy());
    probe.stop();
}

void TestTopologyProbe::subscriptionSeenWithItsSyncState()
{
    // Provision the spare db_a as a logical subscriber of db1, the way the logical move does.
    const InventoryNode* dbA = m_sb.inventory().node(QStringLiteral("db_a"));
    const QString socketDir = m_sb.inventory().var(QStringLiteral("socket_dir"))->value;
    TopologyProbe probe(m_sb.inventory());
    probe.setInterval(300);
    probe.start();
    QVERIFY(waitFor(
        probe,
        [](const TopologySnapshot& s) { return s.node(QStringLiteral("db_a"))->state == NodeState::SpareNotRunning; },
        15000));

    QVERIFY(SystemCommand(dbA->bindir + QStringLiteral("/initdb"),
        { QStringLiteral("-D"), dbA->datadir, QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-A"),
            QStringLiteral("trust"), QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C") })
                .asUser(Sandbox::serverUser())
                .withTimeout(120000)
                .run()
                .ok());
    QFile conf(dbA->datadir + QStringLiteral("/postgresql.conf"));
    QVERIFY(conf.open(QIODevice::Append));
    conf.write(QStringLiteral(
        "\nport = %1\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%2'\ncluster_name = 'db_a'\n")
                   .arg(*dbA->port)
                   .arg(socketDir)
                   .toUtf8());
    conf.close();
    const QString log = m_sb.inventory().var(QStringLiteral("log_dir"))->value + QStringLiteral("/db_a.log");
    QVERIFY(pgCtl(QStringLiteral("db_a"), { QStringLiteral("-l"), log, QStringLiteral("-w"), QStringLiteral("start") })
                .ok());
    const QString dbAPostgres = QStringLiteral("host=127.0.0.1 port=%1 dbname=postgres user=postgres").arg(*dbA->port);
    psql(dbAPostgres, QStringLiteral("CREATE DATABASE app"));
    const QString tables
        = QStringLiteral("CREATE TABLE topo_a (id int PRIMARY KEY, v text); CREATE TABLE topo_b (id int PRIMARY KEY)");
    PgConnection db1, target;
    QVERIFY(db1.open(conninfo(QStringLiteral("db1"))));
    QVERIFY(target.open(conninfo(QStringLiteral("db_a"))));
    QVERIFY(db1.exec(tables
        + QStringLiteral("; INSERT INTO topo_a SELECT g, 'x' FROM generate_series(1, 1000) g; "
                         "INSERT INTO topo_b SELECT generate_series(1, 10); "
                         "CREATE PUBLICATION topo_pub FOR TABLE topo_a, topo_b")));
    QVERIFY(target.exec(tables));
    // Created disabled: the tables wait in the init state, 0 of 2 ready.
    QVERIFY2(target.exec(QStringLiteral(
                 "CREATE SUBSCRIPTION topo_sub CONNECTION '%1' PUBLICATION topo_pub WITH (enabled = false)")
                             .arg(conninfo(QStringLiteral("db1")))),
        qPrintable(target.lastError().message));

    const auto waiting = waitFor(
        probe, [](const TopologySnapshot& s) { return !s.subscriptions.isEmpty(); }, 15000);
    QVERIFY(waiting);
    QCOMPARE(
        waiting->node(QStringLiteral("db_a"))->state, NodeState::Up); // a spare that answers is a node like any other
    QCOMPARE(waiting->node(QStringLiteral("db_a"))->roleLabel(), QStringLiteral("primary"));
    const TopologySubscription& sub = waiting->subscriptions.first();
    QCOMPARE(sub.node, QStringLiteral("db_a"));
    QCOMPARE(sub.name, QStringLiteral("topo_sub"));
    QCOMPARE(sub.source, QStringLiteral("db1"));
    QCOMPARE(sub.enabled, false);
    QCOMPARE(sub.tablesTotal, 2);
    QCOMPARE(sub.tablesReady, 0);
    const TopologyEdge* disabled
        = edgeOf(*waiting, QStringLiteral("db1"), QStringLiteral("db_a"), TopologyEdge::Kind::Logical);
    QVERIFY(disabled);
    QCOMPARE(disabled->state, QStringLiteral("disabled"));
    QCOMPARE(disabled->subscription, QStringLiteral("topo_sub"));
    bool published = false;
    for (const TopologyPublication& p : waiting->publications)
        published
            = published || (p.node == QLatin1String("db1") && p.name == QLatin1String("topo_pub") && p.tables == 2);
    QVERIFY(published);

    QVERIFY(target.exec(QStringLiteral("ALTER SUBSCRIPTION topo_sub ENABLE")));
    const auto synced = waitFor(
        probe,
        [](const TopologySnapshot& s) {
            const TopologyEdge* e
                = edgeOf(s, QStringLiteral("db1"), QStringLiteral("db_a"), TopologyEdge::Kind::Logical);
            return !s.subscriptions.isEmpty() && s.subscriptions.first().tablesReady == 2 && e && e->isStreaming();
        },
        60000);
    QVERIFY(synced);
    QCOMPARE(synced->subscriptions.first().tablesTotal, 2);
    QVERIFY(synced->subscriptions.first().lagBytes.has_value());
    bool slotActive = false;
    for (const TopologySlot& slot : synced->replicationSlots)
        slotActive = slotActive
            || (slot.node == QLatin1String("db1") && slot.name == QLatin1String("topo_sub")
                && slot.type == QLatin1String("logical") && slot.active);
    QVERIFY(slotActive);
    QCOMPARE(synced->nodes.size(), 5); // no discovered node for the subscriber or its table copies

    // `status --json` shows the same subscription, N/M included.
    const Cli r = status({ QStringLiteral("--inventory"), m_sb.sandbox().inventoryPath(), QStringLiteral("--json") });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonObject s = byName(json.value(QStringLiteral("subscriptions")).toArray(), QStringLiteral("topo_sub"));
    QCOMPARE(s.value(QStringLiteral("node")).toString(), QStringLiteral("db_a"));
    QCOMPARE(s.value(QStringLiteral("source")).toString(), QStringLiteral("db1"));
    QCOMPARE(s.value(QStringLiteral("enabled")).toBool(), true);
    QCOMPARE(s.value(QStringLiteral("tables_ready")).toInt(), 2);
    QCOMPARE(s.value(QStringLiteral("tables_total")).toInt(), 2);
    const QJsonObject edge = byName(json.value(QStringLiteral("replication")).toArray(), QStringLiteral("topo_sub"),
        QStringLiteral("subscription"));
    QCOMPARE(edge.value(QStringLiteral("kind")).toString(), QStringLiteral("logical"));
    QCOMPARE(edge.value(QStringLiteral("from")).toString(), QStringLiteral("db1"));
    QCOMPARE(edge.value(QStringLiteral("to")).toString(), QStringLiteral("db_a"));

    // Back to a spare: later tests see the sandbox as it was.
    probe.stop();
    QVERIFY(target.exec(QStringLiteral("DROP SUBSCRIPTION topo_sub")));
    target.close();
    QVERIFY(db1.exec(QStringLiteral("DROP PUBLICATION topo_pub; DROP TABLE topo_a, topo_b")));
    QVERIFY(pgCtl(QStringLiteral("db_a"),
        { QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop") })
                .ok());
    QVERIFY(QDir(dbA->datadir).removeRecursively());
}

void TestTopologyProbe::pausedPgBouncerSeenAsPaused()
{
    const Endpoint* app = m_sb.inventory().endpoint(QStringLiteral("app"));
    TopologyProbe probe(m_sb.inventory());
    probe.setInterval(300);
    probe.start();
    QVERIFY(waitFor(
        probe, [](const TopologySnapshot& s) { return s.endpoint(QStringLiteral("app"))->reachable; }, 15000));
    PgConnection admin;
    QVERIFY(admin.open(app->adminConninfo));
    QVERIFY(admin.exec(QStringLiteral("PAUSE app")));
    const auto paused = waitFor(
        probe, [](const TopologySnapshot& s) { return s.endpoint(QStringLiteral("app"))->paused.value_or(false); },
        15000);
    const Cli r = status({ QStringLiteral("--inventory"), m_sb.sandbox().inventoryPath(), QStringLiteral("--json") });
    QVERIFY(admin.exec(QStringLiteral("RESUME app"))); // before any check can fail: never leave clients paused
    QVERIFY(paused);
    QCOMPARE(paused->endpoint(QStringLiteral("app"))->routesTo, QStringLiteral("db1"));
    const QJsonObject endpoint
        = byName(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("endpoints")).toArray(),
            QStringLiteral("app"));
    QCOMPARE(endpoint.value(QStringLiteral("paused")).toBool(), true);
    QVERIFY(waitFor(
        probe,
        [](const TopologySnapshot& s) {
            return s.endpoint(QStringLiteral("app"))->paused == std::optional<bool>(false);
        },
        15000));
    probe.stop();
}

void TestTopologyProbe::hostsEndpointReadOverSsh()
{
    // An application host's hosts file, reached over the sandbox's sshd (as the user it logs in as).
    const QString hostsFile = m_sb.path(QStringLiteral("app-hosts"));
    const auto writeHosts = [&](const char* address) {
        QFile f(hostsFile);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(QByteArray("127.0.0.1 localhost\n") + address + " db.internal\n");
        f.close();
        QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
    };
    writeHosts("10.0.0.1");
    const QString path = writeInventory(QStringLiteral("hosts.yaml"), [&](YAML::Node& inv) {
        YAML::Node web;
        web["kind"] = "hosts";
        web["hostname"] = "db.internal";
        web["hosts"].push_back("rbc-sandbox");
        web["hosts_file"] = hostsFile.toStdString();
        web["addresses"]["db1"] = "10.0.0.1";
        web["addresses"]["db2"] = "10.0.0.2";
        web["routes_to"] = "db1";
        inv["endpoints"]["web"] = web;
    });
    const Cli r = status({ QStringLiteral("--inventory"), path, QStringLiteral("--json") });
    if (r.exitCode != 0)
        QFAIL(qPrintable(describe(r)));
    const QJsonObject web
        = byName(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("endpoints")).toArray(),
            QStringLiteral("web"));
    QCOMPARE(web.value(QStringLiteral("kind")).toString(), QStringLiteral("hosts"));
    QCOMPARE(web.value(QStringLiteral("routes_to")).toString(), QStringLiteral("db1"));
    QCOMPARE(web.value(QStringLiteral("route")).toString(), QStringLiteral("db.internal -> 10.0.0.1"));
    QCOMPARE(web.value(QStringLiteral("hosts")).toArray().at(0).toObject().value(QStringLiteral("host")).toString(),
        QStringLiteral("rbc-sandbox"));

    // A switch rewrites the file: the probe sees it at its next read.
    const LoadedDocument inv = DocumentLoader::loadInventory(path);
    QVERIFY(inv.ok());
    TopologyProbe probe(*inv.inventory);
    probe.setInterval(300);
    probe.setHostsInterval(1000);
    probe.start();
    QVERIFY(waitFor(
        probe,
        [](const TopologySnapshot& s) { return s.endpoint(QStringLiteral("web"))->routesTo == QLatin1String("db1"); },
        30000));
    writeHosts("10.0.0.2");
    QVERIFY(waitFor(
        probe,
        [](const TopologySnapshot& s) { return s.endpoint(QStringLiteral("web"))->routesTo == QLatin1String("db2"); },
        30000));
    probe.stop();
}

void TestTopologyProbe::serverThatNeverAnswersIsUnreachableAndStopDoesNotWaitForIt()
{
    // Accepts connections (the kernel completes the handshake) and never says a word.
    QTcpServer mute;
    QVERIFY(mute.listen(QHostAddress::LocalHost));
    const QString path = writeInventory(QStringLiteral("mute.yaml"), [&](YAML::Node& inv) {
        YAML::Node n;
        n["conninfo"] = QStringLiteral("host=127.0.0.1 port=%1 dbname=app user=postgres connect_timeout=0")
                            .arg(mute.serverPort())
                            .toStdString();
        n["host"] = "local";
        n["role"] = "replica";
        inv["nodes"]["mute"] = n;
    });
    const LoadedDocument inv = DocumentLoader::loadInventory(path);
    QVERIFY(inv.ok());
    {
        // connect_timeout=0 in the conninfo would wait forever: the probe's own bound applies.
        TopologyProbe probe(*inv.inventory);
        probe.start();
        const auto s = waitFor(
            probe, [](const TopologySnapshot& s) { return s.node(QStringLiteral("db1"))->isUp(); }, 30000);
        QVERIFY(s);
        QCOMPARE(s->node(QStringLiteral("mute"))->state, NodeState::Unreachable);
        QVERIFY2(s->node(QStringLiteral("mute"))->error.contains(QStringLiteral("connect_timeout")),
            qPrintable(s->node(QStringLiteral("mute"))->error));
        QCOMPARE(s->node(QStringLiteral("db2"))->state, NodeState::Up);
        QVERIFY(!s->healthy());
    }
    // Stopping in the middle of a long connect attempt: stop() returns at once, and the probe
    // goes away within a slice, not after its connect timeout.
    auto probe = std::make_unique<TopologyProbe>(*inv.inventory);
    probe->setConnectTimeout(60);
    probe->start();
    QTest::qWait(500);
    QElapsedTimer t;
    t.start();
    probe->stop();
    const qint64 stopMs = t.elapsed();
    QSignalSpy late(probe.get(), &TopologyProbe::snapshotReady);
    QTest::qWait(200);
    QCOMPARE(late.count(), 0); // nothing is delivered after stop()
    t.restart();
    probe.reset(); // joins the probe's threads
    const qint64 goneMs = t.elapsed();
    qInfo("stop() returned in %lld ms, the threads were gone %lld ms later, while a 60 s connect was in flight", stopMs,
        goneMs);
    QVERIFY(stopMs + goneMs < 30000);
}

// Last: it leaves the sandbox upgraded (DB_A the primary, clients on it).
void TestTopologyProbe::upgradeRunSeenAsItHappens()
{
    TopologyProbe probe(m_sb.inventory());
    probe.setInterval(250);
    QStringList roles; // db_a's role, each time it changes
    QStringList routes; // where `app` sends clients, each time it changes
    bool streamedFromDb1 = false;
    bool done = false;
    connect(&probe, &TopologyProbe::snapshotReady, this, [&](const TopologySnapshot& s) {
        const QString role = s.node(QStringLiteral("db_a"))->roleLabel();
        if (s.node(QStringLiteral("db_a"))->state != NodeState::Unreachable
            && (roles.isEmpty() || roles.last() != role))
            roles << role;
        const QString route = s.endpoint(QStringLiteral("app"))->routesTo;
        if (!route.isEmpty() && (routes.isEmpty() || routes.last() != route))
            routes << route;
        const TopologyEdge* e = edgeOf(s, QStringLiteral("db1"), QStringLiteral("db_a"), TopologyEdge::Kind::Physical);
        streamedFromDb1 = streamedFromDb1 || (e && e->observed && e->isStreaming());
        done = role == QLatin1String("primary") && route == QLatin1String("db_a");
    });
    probe.start();
    QTRY_VERIFY_WITH_TIMEOUT(!roles.isEmpty() && !routes.isEmpty(), 15000);

    QProcess run;
    run.setProcessChannelMode(QProcess::MergedChannels);
    run.start(QStringLiteral(RBC_CONSOLE_BINARY),
        { QStringLiteral("run"), QStringLiteral(RBC_SOURCE_DIR "/runbooks/pg-upgrade-link.yaml"),
            QStringLiteral("--inventory"), m_sb.sandbox().inventoryPath(), QStringLiteral("--yes"),
            QStringLiteral("--journal"), m_sb.path(QStringLiteral("journal.sqlite")) });
    QTRY_VERIFY_WITH_TIMEOUT(run.state() == QProcess::NotRunning, 300000);
    QVERIFY2(run.exitStatus() == QProcess::NormalExit && run.exitCode() == 0, run.readAll().right(3000).constData());
    QTRY_VERIFY_WITH_TIMEOUT(done, 15000);
    probe.stop();
    qInfo("db_a was %s; app routed to %s", qPrintable(roles.join(QStringLiteral(" -> "))),
        qPrintable(routes.join(QStringLiteral(" -> "))));

    // DB_A provisioned as a standby of db1, promoted; clients on the read-only replica meanwhile, then on DB_A.
    QVERIFY(streamedFromDb1);
    const int standby = roles.indexOf(QStringLiteral("standby"));
    QVERIFY(roles.first() == QLatin1String("spare"));
    QVERIFY(standby > 0);
    QVERIFY(roles.indexOf(QStringLiteral("primary"), standby) > standby);
    QCOMPARE(routes.first(), QStringLiteral("db1"));
    QVERIFY(routes.indexOf(QStringLiteral("db2")) > 0);
    QCOMPARE(routes.last(), QStringLiteral("db_a"));
}

QTEST_GUILESS_MAIN(TestTopologyProbe)
#include "tst_topologyprobe.moc"
