#pragma once
// The threads of one started TopologyProbe: one per node and per endpoint, each polling on a
// shared 1 s (configurable) beat, and one that assembles every cycle's samples into a snapshot.
// stop() only raises flags and returns; the threads leave within a slice, and join() waits for them.

#include "cluster/topologyassembler.h"
#include "runbook/inventory.h"

#include <QHash>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

struct TopologyPollerSettings {
    int intervalMs = 1000;
    int hostsIntervalMs = 10000;
    int connectTimeoutSeconds = 3;
};

class TopologyPoller {
public:
    using Delivery = std::function<void(const TopologySnapshot&)>;

    // deliver runs on the assembling thread, never after stop() has returned.
    TopologyPoller(Inventory inventory, TopologyPollerSettings settings, Delivery deliver);
    ~TopologyPoller();
    TopologyPoller(const TopologyPoller&) = delete;
    TopologyPoller& operator=(const TopologyPoller&) = delete;

    void start();
    void stop();
    bool hasFinished() const;
    void join();
    void setInterval(int ms);

private:
    struct Source;

    void pollLoop(Source& source);
    void hostsLoop(Source& source);
    void assembleLoop();
    void report(Source& source, quint64 cycle, qint64 atMs);

    // The beat: cycle k is due at m_baseMs + (k - m_baseCycle) * interval. Callers hold m_mutex.
    qint64 dueMs(quint64 cycle) const;
    quint64 cycleAt(qint64 nowMs) const;
    qint64 spreadMs(const Source& source) const;
    // Waits until the time comes or the poller stops; false when it stopped.
    bool waitUntil(std::unique_lock<std::mutex>& lock, const std::function<qint64()>& due);

    Inventory m_inventory;
    TopologyPollerSettings m_settings;
    Delivery m_deliver;
    QStringList m_secrets;

    std::vector<std::unique_ptr<Source>> m_sources;
    int m_nodeCount = 0;
    // std::thread, not QThread: join() is pthread_join, so a joined thread has also run its
    // thread-local destructors (libpq's TLS state among them) before the process may exit.
    std::vector<std::thread> m_threads;
    std::atomic<int> m_running { 0 };

    mutable std::mutex m_mutex;
    std::condition_variable m_wake; // the polling threads wait here: stop() and setInterval() wake them
    std::condition_variable m_reported; // the assembling thread waits here for reports (and stop())
    bool m_stopping = false;
    qint64 m_startMs = 0;
    qint64 m_baseMs = 0;
    quint64 m_baseCycle = 0;
    int m_intervalMs = 1000;
    QHash<QString, NodeObservation> m_nodes;
    QHash<QString, EndpointSample> m_endpoints;
};
