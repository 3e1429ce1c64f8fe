// Turning samples into a topology, without servers: which walsender feeds which standby, logical
// edges from subscriptions, discovered nodes, spares that are not running, endpoint routes, the
// `status --json` shape and the go/no-go evidence, secrets masked in every error.
#include "cluster/topologyassembler.h"
#include "runbook/documentloader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {
const char* const kInventory = R"(cluster: unit
nodes:
  db1: {conninfo: "host=10.0.0.1 port=5432 dbname=app user=postgres password=s3cret-pw", host: local, role: primary}
  db2: {conninfo: "host=10.0.0.2 port=5432 dbname=app user=postgres", host: local, role: replica, upstream: db1}
  db3: {conninfo: "host=10.0.0.3 port=5432 dbname=app user=postgres", host: local, role: replica, upstream: db1}
  db_a: {conninfo: "host=10.0.0.4 port=5432 dbname=app user=postgres", host: local, role: spare}
endpoints:
  app:
    kind: pgbouncer
    conninfo: "host=10.0.0.9 port=6432 dbname=app user=app"
    admin_conninfo: "host=10.0.0.9 port=6432 dbname=pgbouncer user=postgres"
    config: /etc/pgbouncer/pgbouncer.ini
    database: app
    host: local
    routes_to: db1
  web:
    kind: hosts
    hostname: db.internal
    hosts: [web1, web2]
    addresses: {db1: 10.0.0.1, db_a: 10.0.0.4}
    routes_to: db1
)";

Inventory inventory(const QByteArray& yaml = kInventory)
{
    const LoadedDocument d = DocumentLoader::loadData(yaml, QStringLiteral("unit.yaml"));
    if (!d.ok())
        qFatal("test inventory invalid: %s", qPrintable(d.diagnostics.value(0).toString()));
    return *d.inventory;
}

NodeSample up(const QString& node, bool recovery, const QString& database = QStringLiteral("app"))
{
    NodeSample s;
    s.node = node;
    s.ok = true;
    s.at = QDateTime(QDate(2026, 11, 30), QTime(12, 0, 0), Qt::UTC);
    s.pollMs = 3;
    s.versionNum = 150008;
    s.version = QStringLiteral("15.8");
    s.inRecovery = recovery;
    s.transactionReadOnly = recovery;
    s.timeline = 1;
    s.currentLsn = QStringLiteral("0/3000100");
    s.replayLsn = recovery ? QStringLiteral("0/3000000") : QString();
    s.clusterName = node;
    s.database = database;
    s.connections = { { QStringLiteral("active"), 1 }, { QStringLiteral("idle"), 2 } };
    s.probeConnections = 1;
    return s;
}

NodeSample down(const QString& node, const QString& error)
{
    NodeSample s;
    s.node = node;
    s.at = QDateTime(QDate(2026, 11, 30), QTime(12, 0, 0), Qt::UTC);
    s.failingSince = s.at.addSecs(-12);
    s.error = error;
    return s;
}

WalSenderRow walsender(const QString& app, const QString& address, const QString& slot, qint64 lag)
{
    WalSenderRow w;
    w.applicationName = app;
    w.clientAddress = address;
    w.state = QStringLiteral("streaming");
    w.syncState = QStringLiteral("async");
    w.slot = slot;
    w.lagBytes = lag;
    w.replayLagMs = 1.5;
    return w;
}

WalReceiverRow receiver(const QString& host, const QString& slot)
{
    WalReceiverRow r;
    r.status = QStringLiteral("streaming");
    r.senderHost = host;
    r.senderPort = 5432;
    r.slot = slot;
    r.timeline = 1;
    return r;
}

NodeObservation observed(const NodeSample& s)
{
    NodeObservation o;
    o.latest = s;
    if (s.ok)
        o.lastGood = s;
    return o;
}

// The sandbox's shape: db1 streaming to db2 and db3 through slots named after them.
QHash<QString, NodeObservation> healthyCluster()
{
    NodeSample db1 = up(QStringLiteral("db1"), false);
    db1.senders << walsender(QStringLiteral("db2"), QStringLiteral("10.0.0.2"), QStringLiteral("db2"), 0)
                << walsender(QStringLiteral("db3"), QStringLiteral("10.0.0.3"), QStringLiteral("db3"), 4096);
    TopologySlot slot;
    slot.name = QStringLiteral("db2");
    slot.type = QStringLiteral("physical");
    slot.active = true;
    slot.retainedBytes = 0;
    slot.walStatus = QStringLiteral("reserved");
    db1.replicationSlots << slot;
    NodeSample db2 = up(QStringLiteral("db2"), true);
    db2.receiver = receiver(QStringLiteral("10.0.0.1"), QStringLiteral("db2"));
    NodeSample db3 = up(QStringLiteral("db3"), true);
    db3.receiver = receiver(QStringLiteral("10.0.0.1"), QStringLiteral("db3"));
    return { { QStringLiteral("db1"), observed(db1) }, { QStringLiteral("db2"), observed(db2) },
        { QStringLiteral("db3"), observed(db3) },
        { QStringLiteral("db_a"), observed(down(QStringLiteral("db_a"), QStringLiteral("connection refused"))) } };
}

EndpointSample bouncer(const QString& host, bool paused = false)
{
    EndpointSample e;
    e.endpoint = QStringLiteral("app");
    e.ok = true;
    e.at = QDateTime(QDate(2026, 11, 30), QTime(12, 0, 0), Qt::UTC);
    e.entryFound = true;
    e.targetHost = host;
    e.targetPort = 5432;
    e.targetDatabase = QStringLiteral("app");
    e.paused = paused;
    e.disabled = false;
    e.clientsActive = 3;
    e.clientsWaiting = paused ? 2 : 0;
    return e;
}

EndpointSample hostsFiles(const QString& web1, const QString& web2)
{
    EndpointSample e;
    e.endpoint = QStringLiteral("web");
    e.ok = true;
    e.at = QDateTime(QDate(2026, 11, 30), QTime(12, 0, 0), Qt::UTC);
    e.hosts << TopologyHostRoute { QStringLiteral("web1"), web1, {}, {} }
            << TopologyHostRoute { QStringLiteral("web2"), web2, {}, {} };
    return e;
}

QStringList secrets()
{
    return { QStringLiteral("s3cret-pw") };
}

const TopologyEdge* findEdge(const TopologySnapshot& s, const QString& from, const QString& to, TopologyEdge::Kind kind)
{
    for (const TopologyEdge& e : s.edges)
        if (e.from == from && e.to == to && e.kind == kind)
            return &e;
    return nullptr;
}
} // namespace

class TestTopologyAssembler : public QObject {
    Q_OBJECT
private slots:
    void streamingReplicasBecomeEdges()
    {
        const TopologySnapshot s = TopologyAssembler::assemble(inventory(), healthyCluster(),
            { { QStringLiteral("app"), bouncer(QStringLiteral("10.0.0.1")) },
                { QStringLiteral("web"), hostsFiles(QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.1")) } },
            secrets());
        QCOMPARE(s.nodes.size(), 4); // no discovered node
        QCOMPARE(s.edges.size(), 2);
        const TopologyEdge* toDb3
            = findEdge(s, QStringLiteral("db1"), QStringLiteral("db3"), TopologyEdge::Kind::Physical);
        QVERIFY(toDb3);
        QCOMPARE(toDb3->lagBytes, std::optional<qint64>(4096));
        QCOMPARE(toDb3->syncState, QStringLiteral("async"));
        QCOMPARE(toDb3->slot, QStringLiteral("db3"));
        QCOMPARE(s.node(QStringLiteral("db2"))->upstream, QStringLiteral("db1"));
        QCOMPARE(s.node(QStringLiteral("db1"))->roleLabel(), QStringLiteral("primary"));
        QCOMPARE(s.node(QStringLiteral("db2"))->roleLabel(), QStringLiteral("standby"));
        QVERIFY(s.node(QStringLiteral("db2"))->readOnly());
        QCOMPARE(s.replicationSlots.size(), 1);
        QCOMPARE(s.replicationSlots.first().node, QStringLiteral("db1"));
        QVERIFY(s.healthy());
    }

    void walsenderMatchedBySlotWhenItsNameSaysNothing()
    {
        auto nodes = healthyCluster();
        // Default application_name and an address the inventory knows by another name.
        nodes[QStringLiteral("db1")].latest->senders[0].applicationName = QStringLiteral("walreceiver");
        nodes[QStringLiteral("db2")].latest->receiver->senderHost = QStringLiteral("db1.internal");
        const TopologySnapshot s = TopologyAssembler::assemble(inventory(), nodes, {}, secrets());
        QCOMPARE(s.nodes.size(), 4);
        QVERIFY(findEdge(s, QStringLiteral("db1"), QStringLiteral("db2"), TopologyEdge::Kind::Physical));
    }

    void unknownStandbyIsDiscoveredNotAFailure()
    {
        auto nodes = healthyCluster();
        nodes[QStringLiteral("db1")].latest->senders
            << walsender(QStringLiteral("analytics"), QStringLiteral("10.0.0.77"), QString(), 123);
        const TopologySnapshot s = TopologyAssembler::assemble(inventory(), nodes, {}, secrets());
        const TopologyNode* d = s.node(QStringLiteral("analytics"));
        QVERIFY(d);
        QVERIFY(d->discovered);
        QCOMPARE(d->state, NodeState::Discovered);
        QCOMPARE(d->host, QStringLiteral("10.0.0.77"));
        QCOMPARE(s.nodes.last().name, QStringLiteral("analytics")); // after the inventory's nodes
        const TopologyEdge* e
            = findEdge(s, QStringLiteral("db1"), QStringLiteral("analytics"), TopologyEdge::Kind::Physical);
        QVERIFY(e);
        QCOMPARE(e->lagBytes, std::optional<qint64>(123));
        QVERIFY(s.healthy());
    }

    void standbyWhoseUpstreamIsDownStillShowsItsEdge()
    {
        auto nodes = healthyCluster();
        nodes[QStringLiteral("db1")] = observed(down(QStringLiteral("db1"), QStringLiteral("timeout")));
        const TopologySnapshot s = TopologyAssembler::assemble(inventory(), nodes, {}, secrets());
        const TopologyEdge* e = findEdge(s, QStringLiteral("db1"), QStringLiteral("db2"), TopologyEdge::Kind::Physical);
        QVERIFY(e);
        QCOMPARE(e->state, QStringLiteral("streaming"));
        QVERIFY(!e->lagBytes);
        QCOMPARE(s.unreachableNodes(), QStringList { QStringLiteral("db1") });
        QVERIFY(!s.healthy());
    }

    void standbyStreamingFromAnUnknownServerDiscoversIt()
    {
        auto nodes = healthyCluster();
        nodes[QStringLiteral("db1")].latest->senders.removeAt(1);
        nodes[QStringLiteral("db3")].latest->receiver = receiver(QStringLiteral("10.9.9.9"), QStringLiteral("x"));
        const TopologySnapshot s = TopologyAssembler::assemble(inventory(), nodes, {}, secrets());
        QVERIFY(findEdge(s, QStringLiteral("10.9.9.9:5432"), QStringLiteral("db3"), TopologyEdge::Kind::Physical));
        QVERIFY(s.node(QStringLiteral("10.9.9.9:5432"))->discovered);
    }

    void spareNotRunningIsNotAFailureUnlessClientsGoThere()
    {
        TopologySnapshot s = TopologyAssembler::assemble(inventory(), healthyCluster(),
            { { QStringLiteral("app"), bouncer(QStringLiteral("10.0.0.1")) } }, secrets());
        QCOMPARE(s.node(QStringLiteral("db_a"))->state, NodeState::SpareNotRunning);
        QCOMPARE(s.node(QStringLiteral("db_a"))->stateLabel(s.takenAt), QStringLiteral("spare, not running"));
        QVERIFY(s.healthy());
        QVERIFY(!findEdge(s, QStringLiteral("db1"), QStringLiteral("db_a"), TopologyEdge::Kind::Physical));

        s = TopologyAssembler::assemble(inventory(), healthyCluster(),
            { { QStringLiteral("app"), bouncer(QStringLiteral("10.0.0.4")) } }, secrets());
        QCOMPARE(s.endpoint(QStringLiteral("app"))->routesTo, QStringLiteral("db_a"));
        QCOMPARE(s.node(QStringLiteral("db_a"))->state, NodeState::Unreachable);
        QCOMPARE(s.unreachableNodes(), QStringList { QStringLiteral("db_a") });
        QVERIFY(!s.healthy());
    }

    void unreachableNodeKeepsItsLastFactsAndMasksItsError()
    {
        auto nodes = healthyCluster();
        NodeObservation o = nodes[QStringLiteral("db3")];
        o.latest = down(
            QStringLiteral("db3"), QStringLiteral("could not connect to host=10.0.0.3 password=s3cret-pw: refused"));
        nodes[QStringLiteral("db3")] = o;
        nodes[QStringLiteral("db1")].latest->senders.removeAt(1);
        TopologySnapshot s = TopologyAssembler::assemble(inventory(), nodes, {}, secrets());
        s.takenAt = QDateTime(QDate(2026, 11, 30), QTime(12, 0, 0), Qt::UTC);
        const TopologyNode* n = s.node(QStringLiteral("db3"));
        QCOMPARE(n->state, NodeState::Unreachable);
        QCOMPARE(n->version, QStringLiteral("15.8")); // last known, shown greyed
        QVERIFY(n->unreachableSince.isValid());
        QVERIFY(!n->error.contains(QStringLiteral("s3cret-pw")));
        QVERIFY(n->error.contains(QStringLiteral("refused")));
        // The inventory says db3 streams from db1: nothing does now.
        const TopologyEdge* e = findEdge(s, QStringLiteral("db1"), QStringLiteral("db3"), TopologyEdge::Kind::Physical);
        QVERIFY(e);
        QVERIFY(!e->observed);
        QCOMPARE(e->state, QStringLiteral("down"));
        // JSON carries facts only for nodes that answered, and never the password.
        const QJsonObject json = s.toJson();
        const QByteArray text = QJsonDocument(json).toJson();
        QVERIFY(!text.contains("s3cret-pw"));
        QJsonObject db3;
        for (const QJsonValue& v : json.value(QStringLiteral("nodes")).toArray())
            if (v.toObject().value(QStringLiteral("name")).toString() == QLatin1String("db3"))
                db3 = v.toObject();
        QCOMPARE(db3.value(QStringLiteral("state")).toString(), QStringLiteral("unreachable"));
        QCOMPARE(db3.value(QStringLiteral("reachable")).toBool(), false);
        QVERIFY(db3.value(QStringLiteral("version")).isNull());
        QCOMPARE(db3.value(QStringLiteral("unreachable_for_s")).toDouble(), 12.0);
        QCOMPARE(json.value(QStringLiteral("unreachable")).toArray(), QJsonArray { QStringLiteral("db3") });
        QCOMPARE(json.value(QStringLiteral("healthy")).toBool(), false);
    }

    void logicalSubscriptionBecomesAnEdgeWithItsSyncState()
    {
        auto nodes = healthyCluster();
        NodeSample target = up(QStringLiteral("db_a"), false);
        SubscriptionRow sub;
        sub.subscription.name = QStringLiteral("move");
        sub.subscription.enabled = true;
        sub.subscription.workerRunning = true;
        sub.subscription.slot = QStringLiteral("move_slot");
        sub.subscription.publications = { QStringLiteral("move_pub") };
        sub.subscription.tablesReady = 3;
        sub.subscription.tablesTotal = 5;
        sub.sourceHost = QStringLiteral("10.0.0.1");
        sub.sourcePort = 5432;
        sub.sourceDatabase = QStringLiteral("app");
        target.subscriptions << sub;
        nodes[QStringLiteral("db_a")] = observed(target);
        WalSenderRow apply
            = walsender(QStringLiteral("move"), QStringLiteral("10.0.0.4"), QStringLiteral("move_slot"), 2048);
        apply.logical = true;
        WalSenderRow copy = walsender(QStringLiteral("pg_16400_sync_16390_7311"), QStringLiteral("10.0.0.4"),
            QStringLiteral("pg_16400_sync_16390_7311"), 0);
        copy.logical = true;
        nodes[QStringLiteral("db1")].latest->senders << apply << copy;
        const TopologySnapshot s = TopologyAssembler::assemble(inventory(), nodes, {}, secrets());
        QCOMPARE(s.nodes.size(), 4); // the table-copy walsender is part of the subscription, not a node
        const TopologyEdge* e = findEdge(s, QStringLiteral("db1"), QStringLiteral("db_a"), TopologyEdge::Kind::Logical);
        QVERIFY(e);
        QCOMPARE(e->state, QStringLiteral("syncing"));
        QCOMPARE(e->subscription, QStringLiteral("move"));
        QCOMPARE(e->lagBytes, std::optional<qint64>(2048));
        QCOMPARE(s.subscriptions.size(), 1);
        const TopologySubscription& x = s.subscriptions.first();
        QCOMPARE(x.node, QStringLiteral("db_a"));
        QCOMPARE(x.source, QStringLiteral("db1"));
        QCOMPARE(x.tablesReady, 3);
        QCOMPARE(x.tablesTotal, 5);
        QCOMPARE(x.lagBytes, std::optional<qint64>(2048));
        QCOMPARE(s.node(QStringLiteral("db_a"))->state, NodeState::Up); // a spare that answers is a node like any other
    }

    void disabledSubscriptionShowsItsSlotLag()
    {
        auto nodes = healthyCluster();
        NodeSample target = up(QStringLiteral("db_a"), false);
        SubscriptionRow sub;
        sub.subscription.name = QStringLiteral("move");
        sub.subscription.slot = QStringLiteral("move_slot");
        sub.subscription.tablesReady = 5;
        sub.subscription.tablesTotal = 5;
        sub.sourceHost = QStringLiteral("10.0.0.1");
        sub.sourcePort = 5432;
        target.subscriptions << sub;
        nodes[QStringLiteral("db_a")] = observed(target);
        TopologySlot slot;
        slot.name = QStringLiteral("move_slot");
        slot.type = QStringLiteral("logical");
        slot.confirmedLagBytes = 777;
        nodes[QStringLiteral("db1")].latest->replicationSlots << slot;
        const TopologySnapshot s = TopologyAssembler::assemble(inventory(), nodes, {}, secrets());
        const TopologyEdge* e = findEdge(s, QStringLiteral("db1"), QStringLiteral("db_a"), TopologyEdge::Kind::Logical);
        QVERIFY(e);
        QCOMPARE(e->state, QStringLiteral("disabled"));
        QCOMPARE(e->lagBytes, std::optional<qint64>(777));
        QCOMPARE(s.subscriptions.first().lagBytes, std::optional<qint64>(777));
    }

    void endpointsRouteToNodes()
    {
        const TopologySnapshot s = TopologyAssembler::assemble(inventory(), healthyCluster(),
            { { QStringLiteral("app"), bouncer(QStringLiteral("10.0.0.2"), true) },
                { QStringLiteral("web"), hostsFiles(QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.4")) } },
            secrets());
        const TopologyEndpoint* app = s.endpoint(QStringLiteral("app"));
        QCOMPARE(app->routesTo, QStringLiteral("db2"));
        QCOMPARE(app->declaredRoutesTo, QStringLiteral("db1"));
        QCOMPARE(app->route, QStringLiteral("10.0.0.2:5432/app"));
        QCOMPARE(app->paused, std::optional<bool>(true));
        QCOMPARE(app->clientsWaiting, 2);
        const TopologyEndpoint* web = s.endpoint(QStringLiteral("web"));
        QVERIFY(web->split);
        QVERIFY(web->routesTo.isEmpty());
        QCOMPARE(web->hosts.value(0).routesTo, QStringLiteral("db1"));
        QCOMPARE(web->hosts.value(1).routesTo, QStringLiteral("db_a"));

        const TopologySnapshot agreed = TopologyAssembler::assemble(inventory(), healthyCluster(),
            { { QStringLiteral("web"), hostsFiles(QStringLiteral("10.0.0.4"), QStringLiteral("10.0.0.4")) } },
            secrets());
        QCOMPARE(agreed.endpoint(QStringLiteral("web"))->routesTo, QStringLiteral("db_a"));
        QVERIFY(!agreed.endpoint(QStringLiteral("web"))->split);
        // db_a answers nothing, but clients are sent there: that is an outage, not a spare.
        QCOMPARE(agreed.node(QStringLiteral("db_a"))->state, NodeState::Unreachable);
    }

    void unreachableEndpointIsAFailure()
    {
        EndpointSample e;
        e.endpoint = QStringLiteral("app");
        e.at = QDateTime::currentDateTimeUtc();
        e.failingSince = e.at;
        e.error = QStringLiteral("cannot reach the admin console: password=s3cret-pw refused");
        const TopologySnapshot s
            = TopologyAssembler::assemble(inventory(), healthyCluster(), { { QStringLiteral("app"), e } }, secrets());
        QVERIFY(s.endpoint(QStringLiteral("app"))->isFailure());
        QVERIFY(!s.endpoint(QStringLiteral("app"))->error.contains(QStringLiteral("s3cret-pw")));
        QCOMPARE(s.unreachableEndpoints(), QStringList { QStringLiteral("app") });
        QVERIFY(!s.healthy());
    }

    void serverSharedByNodesPrefersTheSameDatabase()
    {
        const Inventory inv = inventory(R"(cluster: shared
nodes:
  p_a: {conninfo: "host=127.0.0.1 port=5001 dbname=a", host: local}
  p_b: {conninfo: "host=127.0.0.1 port=5001 dbname=b", host: local}
  s_a: {conninfo: "host=127.0.0.1 port=5002 dbname=a", host: local}
  s_b: {conninfo: "host=127.0.0.1 port=5002 dbname=b", host: local}
)");
        QHash<QString, NodeObservation> nodes;
        for (const QString& db : { QStringLiteral("a"), QStringLiteral("b") }) {
            NodeSample p = up(QStringLiteral("p_") + db, false, db);
            p.senders << walsender(
                QStringLiteral("standby"), QStringLiteral("127.0.0.1"), QStringLiteral("standby"), 0);
            NodeSample st = up(QStringLiteral("s_") + db, true, db);
            st.clusterName = QStringLiteral("standby");
            st.receiver = receiver(QStringLiteral("127.0.0.1"), QStringLiteral("standby"));
            st.receiver->senderPort = 5001;
            nodes.insert(p.node, observed(p));
            nodes.insert(st.node, observed(st));
        }
        const TopologySnapshot s = TopologyAssembler::assemble(inv, nodes, {}, {});
        QCOMPARE(s.edges.size(), 2);
        QVERIFY(findEdge(s, QStringLiteral("p_a"), QStringLiteral("s_a"), TopologyEdge::Kind::Physical));
        QVERIFY(findEdge(s, QStringLiteral("p_b"), QStringLiteral("s_b"), TopologyEdge::Kind::Physical));
    }

    void nodesOfOneServerShareItsFacts()
    {
        const Inventory inv = inventory(R"(cluster: shared
nodes:
  a: {conninfo: "host=127.0.0.1 port=5001 dbname=a", host: local}
  b: {conninfo: "host=localhost port=5001 dbname=b", host: local}
  s: {conninfo: "host=127.0.0.1 port=5002 dbname=a", host: local}
)");
        QCOMPARE(TopologyAssembler::serverKey(*inv.node(QStringLiteral("a"))),
            TopologyAssembler::serverKey(*inv.node(QStringLiteral("b"))));
        QVERIFY(TopologyAssembler::serverKey(*inv.node(QStringLiteral("a")))
            != TopologyAssembler::serverKey(*inv.node(QStringLiteral("s"))));
        NodeSample a = up(QStringLiteral("a"), false, QStringLiteral("a"));
        a.senders << walsender(QStringLiteral("s"), QStringLiteral("127.0.0.1"), QString(), 42);
        NodeSample b = up(QStringLiteral("b"), false, QStringLiteral("b"));
        b.serverFacts = false;
        b.connections.clear();
        NodeSample st = up(QStringLiteral("s"), true, QStringLiteral("a"));
        st.receiver = receiver(QStringLiteral("127.0.0.1"), QString());
        st.receiver->senderPort = 5001;
        const TopologySnapshot s = TopologyAssembler::assemble(inv,
            { { QStringLiteral("a"), observed(a) }, { QStringLiteral("b"), observed(b) },
                { QStringLiteral("s"), observed(st) } },
            {}, {});
        QCOMPARE(s.node(QStringLiteral("b"))->connectionCount(), 3);
        const TopologyEdge* e = findEdge(s, QStringLiteral("a"), QStringLiteral("s"), TopologyEdge::Kind::Physical);
        QVERIFY(e);
        QCOMPARE(e->lagBytes, std::optional<qint64>(42));
    }

    void jsonHasTheDocumentedShape()
    {
        TopologySnapshot s = TopologyAssembler::assemble(inventory(), healthyCluster(),
            { { QStringLiteral("app"), bouncer(QStringLiteral("10.0.0.1")) },
                { QStringLiteral("web"), hostsFiles(QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.1")) } },
            secrets());
        s.takenAt = QDateTime(QDate(2026, 11, 30), QTime(12, 0, 1), Qt::UTC);
        const QJsonObject json = s.toJson();
        QCOMPARE(json.value(QStringLiteral("format")).toInt(), 1);
        const QJsonObject db2 = json.value(QStringLiteral("nodes")).toArray().at(1).toObject();
        for (const char* key : { "name", "reachable", "error", "version", "in_recovery", "read_only", "state", "role",
                 "timeline", "current_lsn", "receive_lsn", "replay_lsn", "connections", "longest_transaction_s",
                 "unreachable_since", "upstream" })
            QVERIFY2(db2.contains(QLatin1String(key)), key);
        QCOMPARE(db2.value(QStringLiteral("version")).toInt(), 150008);
        QCOMPARE(db2.value(QStringLiteral("in_recovery")).toBool(), true);
        QCOMPARE(db2.value(QStringLiteral("upstream")).toString(), QStringLiteral("db1"));
        const QJsonObject edge = json.value(QStringLiteral("replication")).toArray().at(0).toObject();
        for (const char* key : { "from", "to", "kind", "state", "sync_state", "lag_bytes", "write_lag_ms",
                 "flush_lag_ms", "replay_lag_ms", "slot" })
            QVERIFY2(edge.contains(QLatin1String(key)), key);
        QCOMPARE(edge.value(QStringLiteral("kind")).toString(), QStringLiteral("physical"));
        const QJsonObject slot = json.value(QStringLiteral("slots")).toArray().at(0).toObject();
        for (const char* key : { "node", "name", "type", "active", "wal_retained_bytes", "wal_status" })
            QVERIFY2(slot.contains(QLatin1String(key)), key);
        const QJsonObject app = json.value(QStringLiteral("endpoints")).toArray().at(0).toObject();
        for (const char* key : { "name", "routes_to", "paused", "clients_waiting", "reachable" })
            QVERIFY2(app.contains(QLatin1String(key)), key);
        QCOMPARE(app.value(QStringLiteral("routes_to")).toString(), QStringLiteral("db1"));
        QVERIFY(json.value(QStringLiteral("subscriptions")).isArray());
        QCOMPARE(json.value(QStringLiteral("healthy")).toBool(), true);
    }

    void evidenceSummarisesWhatADecisionRestsOn()
    {
        auto nodes = healthyCluster();
        nodes[QStringLiteral("db3")] = observed(down(QStringLiteral("db3"), QStringLiteral("refused")));
        TopologySnapshot s = TopologyAssembler::assemble(
            inventory(), nodes, { { QStringLiteral("app"), bouncer(QStringLiteral("10.0.0.1"), true) } }, secrets());
        s.takenAt = QDateTime(QDate(2026, 11, 30), QTime(12, 0, 0), Qt::UTC);
        const QJsonObject e = s.evidence();
        QCOMPARE(e.value(QStringLiteral("unreachable")).toArray(), QJsonArray { QStringLiteral("db3") });
        QCOMPARE(e.value(QStringLiteral("healthy")).toBool(), false);
        const QJsonArray replication = e.value(QStringLiteral("replication")).toArray();
        QVERIFY(!replication.isEmpty());
        QCOMPARE(replication.at(0).toObject().value(QStringLiteral("lag_bytes")).toDouble(), 0.0);
        const QJsonObject app = e.value(QStringLiteral("endpoints")).toArray().at(0).toObject();
        QCOMPARE(app.value(QStringLiteral("routes_to")).toString(), QStringLiteral("db1"));
        QCOMPARE(app.value(QStringLiteral("paused")).toBool(), true);
        QCOMPARE(e.value(QStringLiteral("nodes"))
                     .toArray()
                     .at(2)
                     .toObject()
                     .value(QStringLiteral("unreachable_for_s"))
                     .toDouble(),
            12.0);
    }

    void parsesLsns_data()
    {
        QTest::addColumn<QString>("lsn");
        QTest::addColumn<qint64>("bytes");
        QTest::addRow("zero") << QStringLiteral("0/0") << qint64(0);
        QTest::addRow("low") << QStringLiteral("0/3000148") << qint64(0x3000148);
        QTest::addRow("high") << QStringLiteral("1A/FF") << ((qint64(0x1A) << 32) | 0xFF);
        QTest::addRow("empty") << QString() << qint64(-1);
        QTest::addRow("garbage") << QStringLiteral("x/y") << qint64(-1);
    }
    void parsesLsns()
    {
        QFETCH(QString, lsn);
        QFETCH(qint64, bytes);
        QCOMPARE(TopologyAssembler::parseLsn(lsn).value_or(-1), bytes);
    }

    void normalizesLoopback_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("normalized");
        QTest::addRow("ipv4") << QStringLiteral("127.0.0.1") << QStringLiteral("loopback");
        QTest::addRow("ipv6") << QStringLiteral("::1") << QStringLiteral("loopback");
        QTest::addRow("name") << QStringLiteral("LocalHost") << QStringLiteral("loopback");
        QTest::addRow("socket") << QStringLiteral("/var/run/postgresql") << QStringLiteral("loopback");
        QTest::addRow("remote") << QStringLiteral("DB1.example.com") << QStringLiteral("db1.example.com");
    }
    void normalizesLoopback()
    {
        QFETCH(QString, host);
        QFETCH(QString, normalized);
        QCOMPARE(TopologyAssembler::normalizeHost(host), normalized);
    }
};

QTEST_GUILESS_MAIN(TestTopologyAssembler)
#include "tst_topologyassembler.moc"
