#include "cluster/topologysnapshot.h"

#include <QJsonArray>
#include <cmath>

namespace {
QJsonValue text(const QString& s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonValue time(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

template <typename T> QJsonValue opt(const std::optional<T>& v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonValue bytes(const std::optional<qint64>& v)
{
    return v ? QJsonValue(double(*v)) : QJsonValue(QJsonValue::Null);
}

QJsonValue ms(const std::optional<double>& v)
{
    return v ? QJsonValue(std::round(*v * 1000.0) / 1000.0) : QJsonValue(QJsonValue::Null);
}

QJsonObject nodeJson(const TopologyNode& n, const QDateTime& now)
{
    const bool facts = n.isUp();
    QJsonObject connections;
    for (auto it = n.connections.begin(); it != n.connections.end(); ++it)
        connections.insert(it.key(), it.value());
    return {
        { QStringLiteral("name"), n.name },
        { QStringLiteral("discovered"), n.discovered },
        { QStringLiteral("inventory_role"), text(n.inventoryRole) },
        { QStringLiteral("host"), text(n.host) },
        { QStringLiteral("port"), n.port ? QJsonValue(n.port) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("database"), text(n.database) },
        { QStringLiteral("state"), TopologyNode::stateName(n.state) },
        { QStringLiteral("reachable"), n.isUp() },
        { QStringLiteral("role"), text(n.roleLabel()) },
        { QStringLiteral("error"), text(n.error) },
        { QStringLiteral("unreachable_since"), time(n.unreachableSince) },
        { QStringLiteral("unreachable_for_s"),
            n.unreachableSince.isValid() ? QJsonValue(double(n.unreachableSince.secsTo(now)))
                                         : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("sampled_at"), time(n.sampledAt) },
        { QStringLiteral("poll_ms"),
            facts && n.pollMs >= 0 ? QJsonValue(double(n.pollMs)) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("version"), facts && n.versionNum ? QJsonValue(n.versionNum) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("version_text"), facts ? text(n.version) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("in_recovery"), facts ? opt(n.inRecovery) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("read_only"), facts ? QJsonValue(n.readOnly()) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("default_transaction_read_only"),
            facts ? QJsonValue(n.defaultReadOnly) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("transaction_read_only"),
            facts ? QJsonValue(n.transactionReadOnly) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("timeline"), facts && n.timeline ? QJsonValue(n.timeline) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("current_lsn"), facts ? text(n.currentLsn) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("receive_lsn"), facts ? text(n.receiveLsn) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("replay_lsn"), facts ? text(n.replayLsn) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("upstream"), text(n.upstream) },
        { QStringLiteral("declared_upstream"), text(n.declaredUpstream) },
        { QStringLiteral("connections"), facts ? QJsonValue(connections) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("connections_total"), facts ? QJsonValue(n.connectionCount()) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("probe_connections"), facts ? QJsonValue(n.probeConnections) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("longest_transaction_s"),
            facts ? ms(n.longestTransactionSeconds) : QJsonValue(QJsonValue::Null) },
    };
}

QJsonObject edgeJson(const TopologyEdge& e)
{
    return {
        { QStringLiteral("from"), e.from },
        { QStringLiteral("to"), e.to },
        { QStringLiteral("kind"), e.kindName() },
        { QStringLiteral("state"), text(e.state) },
        { QStringLiteral("sync_state"), text(e.syncState) },
        { QStringLiteral("lag_bytes"), bytes(e.lagBytes) },
        { QStringLiteral("write_lag_ms"), ms(e.writeLagMs) },
        { QStringLiteral("flush_lag_ms"), ms(e.flushLagMs) },
        { QStringLiteral("replay_lag_ms"), ms(e.replayLagMs) },
        { QStringLiteral("slot"), text(e.slot) },
        { QStringLiteral("subscription"), text(e.subscription) },
        { QStringLiteral("observed"), e.observed },
    };
}

QJsonObject slotJson(const TopologySlot& s)
{
    return {
        { QStringLiteral("node"), s.node },
        { QStringLiteral("name"), s.name },
        { QStringLiteral("type"), s.type },
        { QStringLiteral("database"), text(s.database) },
        { QStringLiteral("plugin"), text(s.plugin) },
        { QStringLiteral("active"), s.active },
        { QStringLiteral("wal_retained_bytes"), bytes(s.retainedBytes) },
        { QStringLiteral("confirmed_lag_bytes"), bytes(s.confirmedLagBytes) },
        { QStringLiteral("wal_status"), text(s.walStatus) },
    };
}

QJsonObject publicationJson(const TopologyPublication& p)
{
    return {
        { QStringLiteral("node"), p.node },
        { QStringLiteral("name"), p.name },
        { QStringLiteral("all_tables"), p.allTables },
        { QStringLiteral("tables"), p.tables },
    };
}

QJsonObject subscriptionJson(const TopologySubscription& s)
{
    return {
        { QStringLiteral("node"), s.node },
        { QStringLiteral("name"), s.name },
        { QStringLiteral("enabled"), s.enabled },
        { QStringLiteral("worker_running"), s.workerRunning },
        { QStringLiteral("source"), text(s.source) },
        { QStringLiteral("publications"), QJsonArray::fromStringList(s.publications) },
        { QStringLiteral("slot"), text(s.slot) },
        { QStringLiteral("tables_ready"), s.tablesReady },
        { QStringLiteral("tables_total"), s.tablesTotal },
        { QStringLiteral("lag_bytes"), bytes(s.lagBytes) },
        { QStringLiteral("lag_ms"), ms(s.lagMs) },
    };
}

QJsonObject endpointJson(const TopologyEndpoint& e)
{
    QJsonArray hosts;
    for (const TopologyHostRoute& h : e.hosts)
        hosts.append(QJsonObject { { QStringLiteral("host"), h.host }, { QStringLiteral("address"), text(h.address) },
            { QStringLiteral("routes_to"), text(h.routesTo) }, { QStringLiteral("error"), text(h.error) } });
    return {
        { QStringLiteral("name"), e.name },
        { QStringLiteral("kind"), e.kind },
        { QStringLiteral("routes_to"), text(e.routesTo) },
        { QStringLiteral("declared_routes_to"), text(e.declaredRoutesTo) },
        { QStringLiteral("route"), text(e.route) },
        { QStringLiteral("reachable"), e.reachable },
        { QStringLiteral("error"), text(e.error) },
        { QStringLiteral("checked_at"), time(e.checkedAt) },
        { QStringLiteral("unreachable_since"), time(e.unreachableSince) },
        { QStringLiteral("paused"), opt(e.paused) },
        { QStringLiteral("disabled"), opt(e.disabled) },
        { QStringLiteral("clients_active"),
            e.kind == QLatin1String("pgbouncer") ? QJsonValue(e.clientsActive) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("clients_waiting"),
            e.kind == QLatin1String("pgbouncer") ? QJsonValue(e.clientsWaiting) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("max_wait_s"),
            e.kind == QLatin1String("pgbouncer") ? QJsonValue(e.maxWaitSeconds) : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("hosts"), hosts },
        { QStringLiteral("split"), e.split },
    };
}
} // namespace

const TopologyNode* TopologySnapshot::node(const QString& name) const
{
    for (const TopologyNode& n : nodes)
        if (n.name == name)
            return &n;
    return nullptr;
}

const TopologyEndpoint* TopologySnapshot::endpoint(const QString& name) const
{
    for (const TopologyEndpoint& e : endpoints)
        if (e.name == name)
            return &e;
    return nullptr;
}

QList<const TopologyEdge*> TopologySnapshot::edgesFrom(const QString& node) const
{
    QList<const TopologyEdge*> out;
    for (const TopologyEdge& e : edges)
        if (e.from == node)
            out << &e;
    return out;
}

QList<const TopologyEdge*> TopologySnapshot::edgesTo(const QString& node) const
{
    QList<const TopologyEdge*> out;
    for (const TopologyEdge& e : edges)
        if (e.to == node)
            out << &e;
    return out;
}

QStringList TopologySnapshot::unreachableNodes() const
{
    QStringList out;
    for (const TopologyNode& n : nodes)
        if (n.isFailure())
            out << n.name;
    return out;
}

QStringList TopologySnapshot::unreachableEndpoints() const
{
    QStringList out;
    for (const TopologyEndpoint& e : endpoints)
        if (e.isFailure())
            out << e.name;
    return out;
}

bool TopologySnapshot::healthy() const
{
    return unreachableNodes().isEmpty() && unreachableEndpoints().isEmpty();
}

QJsonObject TopologySnapshot::toJson() const
{
    QJsonArray n, r, s, p, sub, e;
    for (const TopologyNode& x : nodes)
        n.append(nodeJson(x, takenAt));
    for (const TopologyEdge& x : edges)
        r.append(edgeJson(x));
    for (const TopologySlot& x : replicationSlots)
        s.append(slotJson(x));
    for (const TopologyPublication& x : publications)
        p.append(publicationJson(x));
    for (const TopologySubscription& x : subscriptions)
        sub.append(subscriptionJson(x));
    for (const TopologyEndpoint& x : endpoints)
        e.append(endpointJson(x));
    return {
        { QStringLiteral("format"), jsonFormat },
        { QStringLiteral("cluster"), cluster },
        { QStringLiteral("taken_at"), time(takenAt) },
        { QStringLiteral("cycle"), double(cycle) },
        { QStringLiteral("cycle_ms"), double(cycleMs) },
        { QStringLiteral("complete"), complete },
        { QStringLiteral("healthy"), healthy() },
        { QStringLiteral("unreachable"), QJsonArray::fromStringList(unreachableNodes() + unreachableEndpoints()) },
        { QStringLiteral("nodes"), n },
        { QStringLiteral("replication"), r },
        { QStringLiteral("slots"), s },
        { QStringLiteral("publications"), p },
        { QStringLiteral("subscriptions"), sub },
        { QStringLiteral("endpoints"), e },
    };
}

QJsonObject TopologySnapshot::evidence() const
{
    QJsonArray n, r, sub, e;
    for (const TopologyNode& x : nodes) {
        QJsonObject o { { QStringLiteral("name"), x.name },
            { QStringLiteral("state"), TopologyNode::stateName(x.state) },
            { QStringLiteral("role"), text(x.roleLabel()) } };
        if (x.isUp()) {
            o.insert(QStringLiteral("version"), x.versionNum);
            o.insert(QStringLiteral("read_only"), x.readOnly());
            if (x.timeline)
                o.insert(QStringLiteral("timeline"), x.timeline);
        } else if (x.unreachableSince.isValid()) {
            o.insert(QStringLiteral("unreachable_for_s"), double(x.unreachableSince.secsTo(takenAt)));
        }
        n.append(o);
    }
    for (const TopologyEdge& x : edges)
        r.append(QJsonObject { { QStringLiteral("from"), x.from }, { QStringLiteral("to"), x.to },
            { QStringLiteral("kind"), x.kindName() }, { QStringLiteral("state"), text(x.state) },
            { QStringLiteral("lag_bytes"), bytes(x.lagBytes) },
            { QStringLiteral("replay_lag_ms"), ms(x.replayLagMs) } });
    for (const TopologySubscription& x : subscriptions)
        sub.append(QJsonObject { { QStringLiteral("node"), x.node }, { QStringLiteral("name"), x.name },
            { QStringLiteral("enabled"), x.enabled }, { QStringLiteral("tables_ready"), x.tablesReady },
            { QStringLiteral("tables_total"), x.tablesTotal }, { QStringLiteral("lag_bytes"), bytes(x.lagBytes) } });
    for (const TopologyEndpoint& x : endpoints)
        e.append(QJsonObject { { QStringLiteral("name"), x.name }, { QStringLiteral("routes_to"), text(x.routesTo) },
            { QStringLiteral("reachable"), x.reachable }, { QStringLiteral("paused"), opt(x.paused) },
            { QStringLiteral("clients_waiting"), x.clientsWaiting } });
    return {
        { QStringLiteral("taken_at"), time(takenAt) },
        { QStringLiteral("cluster"), cluster },
        { QStringLiteral("healthy"), healthy() },
        { QStringLiteral("unreachable"), QJsonArray::fromStringList(unreachableNodes() + unreachableEndpoints()) },
        { QStringLiteral("nodes"), n },
        { QStringLiteral("replication"), r },
        { QStringLiteral("subscriptions"), sub },
        { QStringLiteral("endpoints"), e },
    };
}
