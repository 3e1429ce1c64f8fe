#include "cluster/topologyassembler.h"

#include "core/conninfo.h"
#include "core/secretmask.h"

#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <map>

namespace {

struct Address {
    QString host; // normalized
    int port = 0;
    QString database;
    QString user;
};

QString first(const QString& list)
{
    return list.section(QLatin1Char(','), 0, 0).trimmed();
}

Address addressOf(const InventoryNode& n)
{
    Address a;
    const auto params = Conninfo::parse(n.conninfo);
    if (params) {
        a.host = TopologyAssembler::normalizeHost(
            first(params->value(QStringLiteral("host"), params->value(QStringLiteral("hostaddr")))));
        a.port = first(params->value(QStringLiteral("port"))).toInt();
        a.database = params->value(QStringLiteral("dbname"), params->value(QStringLiteral("user")));
        a.user = params->value(QStringLiteral("user"));
    }
    if (a.port == 0)
        a.port = n.port.value_or(5432);
    return a;
}

// A tablesync worker's walsender and temporary slot: part of a subscription's initial copy.
bool isTablesync(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^pg_\\d+_sync_\\d+_\\d+$"));
    return re.match(name).hasMatch();
}

class Builder {
public:
    Builder(const Inventory& inventory, const QHash<QString, NodeObservation>& observations,
        const QHash<QString, EndpointSample>& endpoints, const QStringList& secrets)
        : m_inv(inventory)
        , m_obs(observations)
        , m_endpointSamples(endpoints)
        , m_secrets(secrets)
    {
        for (const InventoryNode& n : inventory.nodes) {
            m_address.insert(n.name, addressOf(n));
            m_servers.insert(QStringLiteral("%1:%2").arg(m_address[n.name].host).arg(m_address[n.name].port));
            const auto it = observations.find(n.name);
            if (it != observations.end() && it->latest && it->latest->ok)
                m_live.insert(n.name, &*it->latest);
        }
        shareServerFacts();
    }

    TopologySnapshot build()
    {
        TopologySnapshot s;
        s.cluster = m_inv.cluster;
        buildEndpoints(s);
        buildNodes(s);
        buildPhysicalFromSenders();
        buildPhysicalFromReceivers();
        buildLogical(s);
        buildDeclaredEdges();
        finish(s);
        return s;
    }

private:
    // Nodes on one server: one of them read the sessions, walsenders, receiver and slots for all.
    void shareServerFacts()
    {
        QHash<QString, const NodeSample*> readers; // server key -> the sample that has them
        for (const InventoryNode& n : m_inv.nodes)
            if (const NodeSample* s = m_live.value(n.name); s && s->serverFacts)
                readers.insert(TopologyAssembler::serverKey(n), s);
        for (const InventoryNode& n : m_inv.nodes) {
            const NodeSample* s = m_live.value(n.name);
            if (!s || s->serverFacts)
                continue;
            NodeSample& filled = m_filled[n.name];
            filled = *s;
            if (const NodeSample* reader = readers.value(TopologyAssembler::serverKey(n))) {
                filled.connections = reader->connections;
                filled.probeConnections = reader->probeConnections;
                filled.longestTransactionSeconds = reader->longestTransactionSeconds;
                filled.senders = reader->senders;
                filled.receiver = reader->receiver;
                filled.replicationSlots = reader->replicationSlots;
                filled.serverFacts = true;
            }
            m_live.insert(n.name, &filled);
        }
    }

    QString mask(const QString& text) const { return text.isEmpty() ? text : maskSecrets(text, m_secrets); }

    // The inventory node at host:port. When several share the server (nodes that are databases or
    // users of one server), the one on `database` as `user`, else on `database`, else the first.
    QString resolve(
        const QString& host, int port, const QString& database = QString(), const QString& user = QString()) const
    {
        const QString h = TopologyAssembler::normalizeHost(host);
        QString found;
        int best = -1;
        for (const InventoryNode& n : m_inv.nodes) {
            const Address& a = m_address[n.name];
            if (a.host != h || a.port != port)
                continue;
            const int score
                = (!database.isEmpty() && a.database == database ? 2 : 0) + (!user.isEmpty() && a.user == user ? 1 : 0);
            if (score > best) {
                best = score;
                found = n.name;
            }
        }
        return found;
    }

    bool isInventoryServer(const QString& host, int port) const
    {
        return m_servers.contains(QStringLiteral("%1:%2").arg(TopologyAssembler::normalizeHost(host)).arg(port));
    }

    bool sameServer(const QString& node, const QString& host, int port) const
    {
        const auto it = m_address.find(node);
        return it != m_address.end() && it->host == TopologyAssembler::normalizeHost(host) && it->port == port;
    }

    QString databaseOf(const QString& node) const
    {
        if (const NodeSample* s = m_live.value(node))
            return s->database;
        return m_address.value(node).database;
    }

    void buildEndpoints(TopologySnapshot& s)
    {
        for (const Endpoint& e : m_inv.endpoints) {
            TopologyEndpoint t;
            t.name = e.name;
            t.kind = Endpoint::kindName(e.kind);
            const InventoryNode* declared = m_inv.resolveNode(e.routesTo);
            t.declaredRoutesTo = declared ? declared->name : e.routesTo;
            const auto it = m_endpointSamples.find(e.name);
            if (it != m_endpointSamples.end()) {
                const EndpointSample& x = *it;
                t.checkedAt = x.at;
                t.reachable = x.ok;
                t.error = mask(x.error);
                t.unreachableSince = x.failingSince;
                if (e.kind == Endpoint::Kind::PgBouncer) {
                    if (x.ok && x.entryFound) {
                        t.route = QStringLiteral("%1:%2/%3").arg(x.targetHost).arg(x.targetPort).arg(x.targetDatabase);
                        t.routesTo = resolve(x.targetHost, x.targetPort, x.targetDatabase);
                        if (t.routesTo.isEmpty())
                            t.routesTo = t.route;
                    }
                    t.paused = x.paused;
                    t.disabled = x.disabled;
                    t.clientsActive = x.clientsActive;
                    t.clientsWaiting = x.clientsWaiting;
                    t.maxWaitSeconds = x.maxWaitSeconds;
                } else {
                    QSet<QString> routes;
                    for (TopologyHostRoute h : x.hosts) {
                        h.error = mask(h.error);
                        for (const auto& [node, address] : e.addresses) {
                            if (address == h.address && !h.address.isEmpty()) {
                                const InventoryNode* n = m_inv.resolveNode(node);
                                h.routesTo = n ? n->name : node;
                            }
                        }
                        if (h.routesTo.isEmpty() && !h.address.isEmpty())
                            h.routesTo = h.address;
                        if (h.error.isEmpty())
                            routes.insert(h.routesTo);
                        t.hosts << h;
                    }
                    t.split = routes.size() > 1;
                    if (routes.size() == 1 && x.ok)
                        t.routesTo = *routes.begin();
                    QStringList addresses;
                    for (const TopologyHostRoute& h : std::as_const(t.hosts))
                        if (!h.address.isEmpty() && !addresses.contains(h.address))
                            addresses << h.address;
                    if (!addresses.isEmpty())
                        t.route = QStringLiteral("%1 -> %2").arg(e.hostname, addresses.join(QStringLiteral(" | ")));
                }
            }
            s.endpoints << t;
        }
    }

    bool endpointRoutesTo(const TopologySnapshot& s, const QString& node) const
    {
        for (const TopologyEndpoint& e : s.endpoints) {
            const QString route = e.checkedAt.isValid() && e.reachable ? e.routesTo : e.declaredRoutesTo;
            if (route == node)
                return true;
        }
        return false;
    }

    static void copyFacts(const NodeSample& x, TopologyNode& n)
    {
        n.sampledAt = x.at;
        n.pollMs = x.pollMs;
        n.versionNum = x.versionNum;
        n.version = x.version;
        n.inRecovery = x.inRecovery;
        n.defaultReadOnly = x.defaultReadOnly;
        n.transactionReadOnly = x.transactionReadOnly;
        n.timeline = x.timeline;
        n.currentLsn = x.currentLsn;
        n.receiveLsn = x.receiveLsn;
        n.replayLsn = x.replayLsn;
        n.connections = x.connections;
        n.probeConnections = x.probeConnections;
        n.longestTransactionSeconds = x.longestTransactionSeconds;
    }

    void buildNodes(TopologySnapshot& s)
    {
        for (const InventoryNode& in : m_inv.nodes) {
            TopologyNode n;
            n.name = in.name;
            n.inventoryRole = in.role;
            if (const InventoryNode* up = m_inv.resolveNode(in.upstream))
                n.declaredUpstream = up->name;
            const auto params = Conninfo::parse(in.conninfo);
            n.host = params ? first(params->value(QStringLiteral("host"), params->value(QStringLiteral("hostaddr"))))
                            : QString();
            n.port = m_address[in.name].port;
            n.database = m_address[in.name].database;
            const auto it = m_obs.find(in.name);
            if (it != m_obs.end() && it->latest) {
                const NodeSample& x = *it->latest;
                if (x.ok) {
                    n.state = NodeState::Up;
                    copyFacts(*m_live.value(in.name), n); // with its server's shared facts
                } else {
                    if (it->lastGood)
                        copyFacts(*it->lastGood, n);
                    n.error = mask(x.error);
                    n.unreachableSince = x.failingSince;
                    // A spare is an address kept for a runbook to provision: silence there is
                    // expected, unless clients are sent to it.
                    n.state = in.role == QLatin1String("spare") && !endpointRoutesTo(s, in.name)
                        ? NodeState::SpareNotRunning
                        : NodeState::Unreachable;
                }
            }
            m_nodeIndex.insert(n.name, s.nodes.size());
            s.nodes << n;
        }
        m_nodes = &s.nodes;
    }

    TopologyNode* node(const QString& name)
    {
        const auto it = m_nodeIndex.find(name);
        return it == m_nodeIndex.end() ? nullptr : &(*m_nodes)[*it];
    }

    QString discover(const QString& wanted, const QString& host, int port)
    {
        QString name = wanted.isEmpty() ? host : wanted;
        if (name.isEmpty())
            name = QStringLiteral("unknown");
        if (const TopologyNode* existing = node(name); existing && !existing->discovered)
            name = QStringLiteral("%1 (%2)").arg(name, host.isEmpty() ? QStringLiteral("?") : host);
        if (!node(name)) {
            TopologyNode n;
            n.name = name;
            n.discovered = true;
            n.state = NodeState::Discovered;
            n.host = host;
            n.port = port;
            m_nodeIndex.insert(name, m_nodes->size());
            m_nodes->append(n);
        }
        return name;
    }

    TopologyEdge* edge(
        const QString& from, const QString& to, TopologyEdge::Kind kind, const QString& subscription = QString())
    {
        for (TopologyEdge& e : m_edges)
            if (e.from == from && e.to == to && e.kind == kind && e.subscription == subscription)
                return &e;
        TopologyEdge e;
        e.from = from;
        e.to = to;
        e.kind = kind;
        e.subscription = subscription;
        m_edges << e;
        return &m_edges.last();
    }

    bool hasInboundPhysical(const QString& to) const
    {
        return std::any_of(m_edges.begin(), m_edges.end(),
            [&](const TopologyEdge& e) { return e.to == to && e.kind == TopologyEdge::Kind::Physical && e.observed; });
    }

    // Each walsender of each live node, matched to the standby it feeds.
    void buildPhysicalFromSenders()
    {
        for (const InventoryNode& p : m_inv.nodes) {
            const NodeSample* ps = m_live.value(p.name);
            if (!ps)
                continue;
            const Address& pa = m_address[p.name];
            struct Candidate {
                int row;
                QString node;
                int score;
            };
            QList<Candidate> candidates;
            for (int i = 0; i < ps->senders.size(); ++i) {
                const WalSenderRow& r = ps->senders[i];
                if (r.logical)
                    continue;
                for (const InventoryNode& d : m_inv.nodes) {
                    if (d.name == p.name)
                        continue;
                    const NodeSample* ds = m_live.value(d.name);
                    const bool addressMatch
                        = ds && ds->receiver && sameServer(p.name, ds->receiver->senderHost, ds->receiver->senderPort);
                    // Streaming from another inventory server: not this row's. An address we cannot place
                    // (an IP where the inventory has a name) leaves slot and name to decide.
                    if (ds && ds->receiver && !addressMatch
                        && isInventoryServer(ds->receiver->senderHost, ds->receiver->senderPort))
                        continue;
                    int score = addressMatch ? 4 : 0;
                    if (!r.slot.isEmpty() && ds && ds->receiver && ds->receiver->slot == r.slot)
                        score += 2;
                    if (!r.applicationName.isEmpty()
                        && (r.applicationName == d.name || (ds && r.applicationName == ds->clusterName)))
                        score += 2;
                    if (score < 2)
                        continue;
                    // Tie-breakers for nodes that share servers: the same database, the same user.
                    if (databaseOf(d.name) == pa.database || (ds && ds->database == ps->database))
                        score += 1;
                    if (!pa.user.isEmpty() && m_address.value(d.name).user == pa.user)
                        score += 1;
                    candidates << Candidate { i, d.name, score };
                }
            }
            std::stable_sort(candidates.begin(), candidates.end(),
                [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
            QSet<int> usedRows;
            QSet<QString> usedNodes;
            for (const Candidate& c : std::as_const(candidates)) {
                if (usedRows.contains(c.row) || usedNodes.contains(c.node))
                    continue;
                usedRows.insert(c.row);
                usedNodes.insert(c.node);
                applySender(*edge(p.name, c.node, TopologyEdge::Kind::Physical), ps->senders[c.row]);
            }
            for (int i = 0; i < ps->senders.size(); ++i) {
                const WalSenderRow& r = ps->senders[i];
                if (r.logical || usedRows.contains(i))
                    continue;
                const QString d = discover(r.applicationName, r.clientAddress, 0);
                applySender(*edge(p.name, d, TopologyEdge::Kind::Physical), r);
            }
        }
    }

    static void applySender(TopologyEdge& e, const WalSenderRow& r)
    {
        e.state = r.state;
        e.syncState = r.syncState;
        e.slot = r.slot;
        e.lagBytes = r.lagBytes;
        e.writeLagMs = r.writeLagMs;
        e.flushLagMs = r.flushLagMs;
        e.replayLagMs = r.replayLagMs;
        e.observed = true;
    }

    // Standbys whose upstream's walsender was not matched (or not seen): their receiver says where.
    void buildPhysicalFromReceivers()
    {
        for (const InventoryNode& d : m_inv.nodes) {
            const NodeSample* ds = m_live.value(d.name);
            if (!ds || !ds->receiver || hasInboundPhysical(d.name))
                continue;
            const WalReceiverRow& r = *ds->receiver;
            QString from = r.senderHost.isEmpty()
                ? QString()
                : resolve(r.senderHost, r.senderPort, ds->database, m_address.value(d.name).user);
            if (from == d.name)
                continue;
            if (from.isEmpty()) {
                if (r.senderHost.isEmpty())
                    continue;
                from
                    = discover(QStringLiteral("%1:%2").arg(r.senderHost).arg(r.senderPort), r.senderHost, r.senderPort);
            }
            TopologyEdge& e = *edge(from, d.name, TopologyEdge::Kind::Physical);
            e.state = r.status;
            e.slot = r.slot;
            e.observed = true;
            // Without the sender's view, the lag is what the upstream has written and this one has not replayed.
            if (const NodeSample* us = m_live.value(from)) {
                const auto upstream = TopologyAssembler::parseLsn(us->currentLsn);
                const auto replayed = TopologyAssembler::parseLsn(ds->replayLsn);
                if (upstream && replayed)
                    e.lagBytes = std::max<qint64>(0, *upstream - *replayed);
            }
        }
    }

    void buildLogical(TopologySnapshot& s)
    {
        QSet<QPair<QString, int>> usedRows; // (publisher, walsender row)
        for (const InventoryNode& t : m_inv.nodes) {
            const NodeSample* ts = m_live.value(t.name);
            if (!ts)
                continue;
            for (const SubscriptionRow& row : ts->subscriptions) {
                TopologySubscription sub = row.subscription;
                sub.node = t.name;
                QString source;
                const WalSenderRow* sender = nullptr;
                for (const InventoryNode& p : m_inv.nodes) {
                    const NodeSample* ps = m_live.value(p.name);
                    if (!ps || (!row.sourceHost.isEmpty() && !sameServer(p.name, row.sourceHost, row.sourcePort)))
                        continue;
                    if (!row.sourceDatabase.isEmpty() && ps->database != row.sourceDatabase)
                        continue;
                    for (int i = 0; i < ps->senders.size(); ++i) {
                        const WalSenderRow& w = ps->senders[i];
                        if (w.logical
                            && ((!sub.slot.isEmpty() && w.slot == sub.slot) || w.applicationName == sub.name)) {
                            source = p.name;
                            sender = &w;
                            usedRows.insert({ p.name, i });
                            break;
                        }
                    }
                    if (sender)
                        break;
                }
                if (source.isEmpty() && !row.sourceHost.isEmpty()) {
                    source = resolve(row.sourceHost, row.sourcePort, row.sourceDatabase);
                    if (source.isEmpty())
                        source = discover(QStringLiteral("%1:%2").arg(row.sourceHost).arg(row.sourcePort),
                            row.sourceHost, row.sourcePort);
                }
                // The publisher's slot says how much the subscriber has yet to confirm, even while it is stopped.
                std::optional<qint64> slotLag;
                if (const NodeSample* ps = m_live.value(source)) {
                    for (const TopologySlot& slot : ps->replicationSlots)
                        if (slot.name == sub.slot && slot.type == QLatin1String("logical"))
                            slotLag = slot.confirmedLagBytes;
                }
                sub.source = source;
                sub.lagBytes = sender && sender->lagBytes ? sender->lagBytes : slotLag;
                if (sender)
                    sub.lagMs = sender->replayLagMs ? sender->replayLagMs : sender->flushLagMs;
                if (!source.isEmpty()) {
                    TopologyEdge& e = *edge(source, t.name, TopologyEdge::Kind::Logical, sub.name);
                    if (sender) {
                        applySender(e, *sender);
                        e.syncState.clear();
                    } else {
                        e.state = !sub.enabled ? QStringLiteral("disabled") : QStringLiteral("not running");
                        e.lagBytes = slotLag;
                        e.slot = sub.slot;
                    }
                    e.lagBytes = sub.lagBytes;
                    if (sub.tablesTotal > 0 && sub.tablesReady < sub.tablesTotal
                        && e.state == QLatin1String("streaming"))
                        e.state = QStringLiteral("syncing");
                }
                s.subscriptions << sub;
            }
        }
        // Logical walsenders no inventory subscription accounts for: a subscriber outside the inventory.
        for (const InventoryNode& p : m_inv.nodes) {
            const NodeSample* ps = m_live.value(p.name);
            if (!ps)
                continue;
            for (int i = 0; i < ps->senders.size(); ++i) {
                const WalSenderRow& w = ps->senders[i];
                if (!w.logical || usedRows.contains({ p.name, i }) || isTablesync(w.applicationName)
                    || isTablesync(w.slot))
                    continue;
                const QString d = discover(w.applicationName, w.clientAddress, 0);
                TopologyEdge& e = *edge(p.name, d, TopologyEdge::Kind::Logical, w.applicationName);
                applySender(e, w);
                e.syncState.clear();
            }
        }
    }

    // A standby the inventory places under an upstream, with nothing streaming to it now.
    void buildDeclaredEdges()
    {
        for (const TopologyNode& n : std::as_const(*m_nodes)) {
            if (n.discovered || n.declaredUpstream.isEmpty() || hasInboundPhysical(n.name))
                continue;
            if (n.state == NodeState::SpareNotRunning || (n.isUp() && !n.isStandby()))
                continue;
            TopologyEdge& e = *edge(n.declaredUpstream, n.name, TopologyEdge::Kind::Physical);
            e.state = QStringLiteral("down");
            e.observed = false;
        }
    }

    void finish(TopologySnapshot& s)
    {
        for (const TopologyEdge& e : std::as_const(m_edges)) {
            if (e.kind == TopologyEdge::Kind::Physical && e.observed)
                if (TopologyNode* n = node(e.to))
                    n->upstream = e.from;
        }
        // Discovered nodes after the inventory's, by name; edges in node order.
        const int inventoryCount = m_inv.nodes.size();
        std::sort(s.nodes.begin() + inventoryCount, s.nodes.end(),
            [](const TopologyNode& a, const TopologyNode& b) { return a.name < b.name; });
        QHash<QString, int> order;
        for (int i = 0; i < s.nodes.size(); ++i)
            order.insert(s.nodes[i].name, i);
        std::stable_sort(m_edges.begin(), m_edges.end(), [&order](const TopologyEdge& a, const TopologyEdge& b) {
            const auto ka = std::make_tuple(order.value(a.from), order.value(a.to), int(a.kind), a.subscription);
            const auto kb = std::make_tuple(order.value(b.from), order.value(b.to), int(b.kind), b.subscription);
            return ka < kb;
        });
        s.edges = m_edges;
        for (const InventoryNode& n : m_inv.nodes) {
            if (const NodeSample* x = m_live.value(n.name)) {
                for (TopologySlot slot : x->replicationSlots) {
                    slot.node = n.name;
                    s.replicationSlots << slot;
                }
                for (TopologyPublication p : x->publications) {
                    p.node = n.name;
                    s.publications << p;
                }
            }
        }
    }

    const Inventory& m_inv;
    const QHash<QString, NodeObservation>& m_obs;
    const QHash<QString, EndpointSample>& m_endpointSamples;
    const QStringList& m_secrets;
    QHash<QString, Address> m_address;
    QSet<QString> m_servers; // host:port of every inventory node
    QHash<QString, const NodeSample*> m_live;
    std::map<QString, NodeSample> m_filled; // samples completed with their server's shared facts (stable addresses)
    QList<TopologyNode>* m_nodes = nullptr;
    QHash<QString, int> m_nodeIndex;
    QList<TopologyEdge> m_edges;
};

} // namespace

TopologySnapshot TopologyAssembler::assemble(const Inventory& inventory, const QHash<QString, NodeObservation>& nodes,
    const QHash<QString, EndpointSample>& endpoints, const QStringList& secrets)
{
    return Builder(inventory, nodes, endpoints, secrets).build();
}

std::optional<qint64> TopologyAssembler::parseLsn(const QString& lsn)
{
    const int slash = lsn.indexOf(QLatin1Char('/'));
    if (slash <= 0)
        return std::nullopt;
    bool okHigh = false, okLow = false;
    const quint64 high = lsn.left(slash).toULongLong(&okHigh, 16);
    const quint64 low = lsn.mid(slash + 1).toULongLong(&okLow, 16);
    if (!okHigh || !okLow || high > 0xFFFFFFFFull || low > 0xFFFFFFFFull)
        return std::nullopt;
    return qint64((high << 32) | low);
}

QString TopologyAssembler::serverKey(const InventoryNode& node)
{
    const Address a = addressOf(node);
    return QStringLiteral("%1:%2").arg(a.host).arg(a.port);
}

QString TopologyAssembler::normalizeHost(const QString& host)
{
    const QString h = host.trimmed().toLower();
    if (h.isEmpty() || h.startsWith(QLatin1Char('/')) || h == QLatin1String("localhost") || h == QLatin1String("::1")
        || h.startsWith(QLatin1String("127.")))
        return QStringLiteral("loopback");
    return h;
}
