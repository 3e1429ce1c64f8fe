#include "cluster/topologypoller.h"

#include "cluster/hostsfilesampler.h"
#include "cluster/nodesampler.h"
#include "cluster/pgbouncersampler.h"
#include "engine/actionfactory.h"

#include <QDeadlineTimer>
#include <QSet>
#include <optional>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {
// How long one read of a hosts file over SSH may take (a fresh connection, a slow host).
constexpr int kHostsReadMs = 8000;
constexpr int kThreadNice = 10;

// The probe's threads are background work: on a busy machine they give way to the console's GUI
// thread (Linux keeps a nice value per thread). What keeps them from queueing it up in the first
// place is that they do not all wake at once (spreadMs).
void yieldToTheGuiThread()
{
    ::setpriority(PRIO_PROCESS, pid_t(::syscall(SYS_gettid)), kThreadNice);
}

std::chrono::steady_clock::time_point at(qint64 ms)
{
    return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms));
}
} // namespace

struct TopologyPoller::Source {
    enum class Kind { Node, PgBouncer, Hosts };
    Kind kind = Kind::Node;
    QString name;
    std::unique_ptr<NodeSampler> node;
    std::unique_ptr<PgBouncerSampler> bouncer;
    std::unique_ptr<HostsFileSampler> hosts;
    int index = 0; // among the node sources: where in the cycle's spread it polls
    // Guarded by the poller's mutex.
    std::optional<quint64> reportedCycle;
    qint64 reportedAtMs = 0;

    void requestCancel()
    {
        if (node)
            node->requestCancel();
        if (bouncer)
            bouncer->requestCancel();
        if (hosts)
            hosts->requestCancel();
    }
};

TopologyPoller::TopologyPoller(Inventory inventory, TopologyPollerSettings settings, Delivery deliver)
    : m_inventory(std::move(inventory))
    , m_settings(settings)
    , m_deliver(std::move(deliver))
    , m_secrets(ActionFactory::secretsOf(m_inventory))
    , m_intervalMs(std::max(100, settings.intervalMs))
{
    QSet<QString> servers;
    for (const InventoryNode& n : m_inventory.nodes) {
        auto s = std::make_unique<Source>();
        s->kind = Source::Kind::Node;
        s->name = n.name;
        // The first node of each server reads what all its databases share: a server with 80 nodes
        // on it answers one pg_stat_activity scan per cycle, not 80.
        const bool firstOnServer = !servers.contains(TopologyAssembler::serverKey(n));
        servers.insert(TopologyAssembler::serverKey(n));
        s->node = std::make_unique<NodeSampler>(n.name, n.conninfo, settings.connectTimeoutSeconds, firstOnServer);
        s->index = m_nodeCount++;
        m_sources.push_back(std::move(s));
    }
    for (const Endpoint& e : m_inventory.endpoints) {
        auto s = std::make_unique<Source>();
        s->name = e.name;
        if (e.kind == Endpoint::Kind::PgBouncer) {
            s->kind = Source::Kind::PgBouncer;
            s->bouncer = std::make_unique<PgBouncerSampler>(
                e.name, e.adminConninfo, e.database, settings.connectTimeoutSeconds);
        } else {
            s->kind = Source::Kind::Hosts;
            const QStringList hosts
                = e.hosts.isEmpty() ? QStringList { e.host.isEmpty() ? QStringLiteral("local") : e.host } : e.hosts;
            s->hosts
                = std::make_unique<HostsFileSampler>(e.name, hosts, e.hostsFile, e.hostname, m_inventory.sshConfig);
        }
        m_sources.push_back(std::move(s));
    }
}

TopologyPoller::~TopologyPoller()
{
    stop();
    join();
}

void TopologyPoller::start()
{
    {
        std::lock_guard lock(m_mutex);
        m_startMs = m_baseMs = PollHealth::steadyNowMs();
        m_baseCycle = 0;
    }
    auto launch = [this](const QString& name, std::function<void()> body) {
        m_running.fetch_add(1);
        m_threads.emplace_back([this, title = QStringLiteral("topo %1").arg(name).left(15).toUtf8(), body = std::move(body)] {
            ::pthread_setname_np(::pthread_self(), title.constData());
            yieldToTheGuiThread();
            body();
            m_running.fetch_sub(1);
        });
    };
    for (const auto& s : m_sources) {
        Source* source = s.get();
        if (source->kind == Source::Kind::Hosts)
            launch(source->name, [this, source] { hostsLoop(*source); });
        else
            launch(source->name, [this, source] { pollLoop(*source); });
    }
    launch(QStringLiteral("snapshots"), [this] { assembleLoop(); });
}

void TopologyPoller::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_stopping = true;
    }
    m_wake.notify_all();
    m_reported.notify_all();
    for (const auto& s : m_sources)
        s->requestCancel();
}

bool TopologyPoller::hasFinished() const
{
    return m_running.load() == 0;
}

void TopologyPoller::join()
{
    for (std::thread& t : m_threads)
        t.join();
    m_threads.clear();
}

void TopologyPoller::setInterval(int ms)
{
    {
        std::lock_guard lock(m_mutex);
        const qint64 now = PollHealth::steadyNowMs();
        // A new beat from the next cycle on, starting now: a shorter interval shows at once.
        m_baseCycle = cycleAt(now) + 1;
        m_baseMs = now;
        m_intervalMs = std::max(100, ms);
    }
    m_wake.notify_all();
}

qint64 TopologyPoller::dueMs(quint64 cycle) const
{
    return m_baseMs + (qint64(cycle) - qint64(m_baseCycle)) * m_intervalMs;
}

qint64 TopologyPoller::spreadMs(const Source& source) const
{
    // Hundreds of threads that wake at the same instant queue up every other thread on a small
    // machine (the console's GUI thread included) for a scheduler period: each node polls at its
    // own point of the first tenths of the cycle instead, one millisecond apart at most.
    if (source.kind != Source::Kind::Node || m_nodeCount < 2)
        return 0;
    const qint64 window = std::min<qint64>(m_intervalMs * 3 / 10, m_nodeCount);
    return window * source.index / m_nodeCount;
}

quint64 TopologyPoller::cycleAt(qint64 nowMs) const
{
    if (nowMs < m_baseMs)
        return m_baseCycle > 0 ? m_baseCycle - 1 : 0;
    return m_baseCycle + quint64((nowMs - m_baseMs) / m_intervalMs);
}

bool TopologyPoller::waitUntil(std::unique_lock<std::mutex>& lock, const std::function<qint64()>& due)
{
    // The due time is read again after every wake: setInterval() moves it.
    while (!m_stopping) {
        const qint64 when = due();
        if (PollHealth::steadyNowMs() >= when)
            return true;
        m_wake.wait_until(lock, at(when));
    }
    return false;
}

void TopologyPoller::report(Source& source, quint64 cycle, qint64 atMs)
{
    source.reportedCycle = cycle;
    source.reportedAtMs = atMs;
    m_reported.notify_one(); // only the assembling thread waits for reports
}

void TopologyPoller::pollLoop(Source& source)
{
    std::optional<quint64> last;
    for (;;) {
        quint64 cycle = 0;
        int intervalMs = 0;
        {
            std::unique_lock lock(m_mutex);
            cycle = last ? std::max(*last + 1, cycleAt(PollHealth::steadyNowMs())) : 0;
            if (!waitUntil(lock, [&] { return dueMs(cycle) + spreadMs(source); }))
                break;
            intervalMs = m_intervalMs;
        }
        // A poll that takes longer than this is a server that does not answer.
        const QDeadlineTimer deadline(std::max(2 * intervalMs, 2000));
        if (source.node) {
            NodeSample sample = source.node->poll(deadline);
            std::lock_guard lock(m_mutex);
            NodeObservation& o = m_nodes[source.name];
            if (sample.ok)
                o.lastGood = sample;
            o.latest = std::move(sample);
            report(source, cycle, PollHealth::steadyNowMs());
        } else {
            EndpointSample sample = source.bouncer->poll(deadline);
            std::lock_guard lock(m_mutex);
            m_endpoints[source.name] = std::move(sample);
            report(source, cycle, PollHealth::steadyNowMs());
        }
        last = cycle;
    }
    if (source.node)
        source.node->close();
    if (source.bouncer)
        source.bouncer->close();
}

void TopologyPoller::hostsLoop(Source& source)
{
    qint64 next = 0;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            if (!waitUntil(lock, [&] { return next; }))
                break;
        }
        next = PollHealth::steadyNowMs() + std::max(1000, m_settings.hostsIntervalMs);
        EndpointSample sample = source.hosts->poll(QDeadlineTimer(kHostsReadMs));
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            break; // a cancelled read says nothing about the hosts
        m_endpoints[source.name] = std::move(sample);
        report(source, 0, PollHealth::steadyNowMs());
    }
}

void TopologyPoller::assembleLoop()
{
    quint64 cycle = 0;
    bool first = true;
    const bool anyHosts
        = std::any_of(m_sources.begin(), m_sources.end(), [](const auto& s) { return s->kind == Source::Kind::Hosts; });
    const qint64 firstWaitMs
        = std::max<qint64>(qint64(m_settings.connectTimeoutSeconds) * 1000 + 2000, anyHosts ? kHostsReadMs + 1000 : 0);
    const auto isDown = [this](const Source& s) {
        if (s.kind == Source::Kind::Node) {
            const auto it = m_nodes.constFind(s.name);
            return it != m_nodes.cend() && it->latest && !it->latest->ok;
        }
        const auto it = m_endpoints.constFind(s.name);
        return it != m_endpoints.cend() && !it->ok;
    };
    std::unique_lock lock(m_mutex);
    for (;;) {
        const auto answered = [&](bool withHosts) {
            for (const auto& s : m_sources) {
                if (s->kind == Source::Kind::Hosts) {
                    if (withHosts && !s->reportedCycle)
                        return false;
                } else if (!s->reportedCycle) {
                    return false;
                } else if (*s->reportedCycle < cycle && !isDown(*s)) {
                    // One that is down may spend a whole connect timeout on each attempt: the
                    // others' picture does not wait for it.
                    return false;
                }
            }
            return true;
        };
        const qint64 deadline = first ? m_startMs + firstWaitMs : dueMs(cycle + 1);
        m_reported.wait_until(lock, at(deadline), [&] { return m_stopping || answered(first); });
        if (m_stopping)
            break;
        const qint64 now = PollHealth::steadyNowMs();
        const bool complete = answered(false);
        qint64 lastAt = dueMs(cycle);
        for (const auto& s : m_sources)
            if (s->kind != Source::Kind::Hosts && s->reportedCycle && *s->reportedCycle == cycle)
                lastAt = std::max(lastAt, s->reportedAtMs);
        const qint64 cycleMs = (complete ? lastAt : now) - dueMs(cycle);
        const QHash<QString, NodeObservation> nodes = m_nodes;
        const QHash<QString, EndpointSample> endpoints = m_endpoints;
        lock.unlock();

        TopologySnapshot snapshot = TopologyAssembler::assemble(m_inventory, nodes, endpoints, m_secrets);
        snapshot.takenAt = QDateTime::currentDateTimeUtc();
        snapshot.cycle = cycle;
        snapshot.cycleMs = std::max<qint64>(0, cycleMs);
        snapshot.complete = complete;

        lock.lock();
        if (m_stopping)
            break;
        m_deliver(snapshot); // under the lock: nothing is delivered once stop() has returned
        cycle = std::max(cycle + 1, cycleAt(PollHealth::steadyNowMs()));
        first = false;
    }
}
