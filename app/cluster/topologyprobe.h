#pragma once
// The live cluster topology, polled in the background: every node of an inventory over one
// persistent connection each (application_name=runbook-console-topology, connect_timeout always
// set, reconnecting with backoff), PgBouncer endpoints' admin consoles every cycle, hosts
// endpoints' files over SSH at a slower pace. Each cycle becomes a TopologySnapshot, delivered
// by snapshotReady on the thread that owns the probe.
//
// The probe owns its threads (one per node and endpoint, and one that assembles snapshots);
// start() and stop() return at once and never wait on a server. A snapshot from before a
// stop() is never delivered after it.

#include "cluster/topologysnapshot.h"
#include "runbook/inventory.h"

#include <QObject>
#include <memory>
#include <vector>

class TopologyPoller;

class TopologyProbe : public QObject {
    Q_OBJECT
public:
    static constexpr int defaultIntervalMs = 1000;
    static constexpr int defaultHostsIntervalMs = 10000;
    static constexpr int defaultConnectTimeoutSeconds = 3;

    explicit TopologyProbe(Inventory inventory, QObject* parent = nullptr);
    // Stops and waits for its threads, which leave within a 20 ms slice (a server that ignores a
    // cancel request can hold one up to 3 s).
    ~TopologyProbe() override;

    // How often every node is polled (default 1 s, at least 100 ms); applies from the next cycle.
    void setInterval(int ms);
    int interval() const { return m_intervalMs; }
    // How often hosts files are read over SSH (default 10 s); applies from the next start().
    void setHostsInterval(int ms);
    // connect_timeout of the probe's connections (default 3 s); applies from the next start().
    void setConnectTimeout(int seconds);

    void start();
    void stop();
    bool isRunning() const { return m_run != nullptr; }
    // The last snapshot delivered; an empty one before the first.
    const TopologySnapshot& lastSnapshot() const { return m_last; }

signals:
    // One per poll cycle. The first comes once every node and endpoint has answered or failed
    // (within the connect timeout, or the SSH read's deadline for hosts endpoints).
    void snapshotReady(const TopologySnapshot& snapshot);

private:
    void deliver(quint64 generation, const TopologySnapshot& snapshot);
    void reapStopped();

    Inventory m_inventory;
    int m_intervalMs = defaultIntervalMs;
    int m_hostsIntervalMs = defaultHostsIntervalMs;
    int m_connectTimeoutSeconds = defaultConnectTimeoutSeconds;
    quint64 m_generation = 0;
    std::shared_ptr<TopologyPoller> m_run;
    std::vector<std::shared_ptr<TopologyPoller>> m_stopping; // stopped runs whose threads are still leaving
    TopologySnapshot m_last;
};
