#include "cluster/topologyprobe.h"

#include "cluster/topologypoller.h"

TopologyProbe::TopologyProbe(Inventory inventory, QObject* parent)
    : QObject(parent)
    , m_inventory(std::move(inventory))
{
    qRegisterMetaType<TopologySnapshot>("TopologySnapshot");
}

TopologyProbe::~TopologyProbe()
{
    stop();
    for (const auto& poller : m_stopping)
        poller->join();
}

void TopologyProbe::setInterval(int ms)
{
    m_intervalMs = std::max(100, ms);
    if (m_run)
        m_run->setInterval(m_intervalMs);
}

void TopologyProbe::setHostsInterval(int ms)
{
    m_hostsIntervalMs = std::max(1000, ms);
}

void TopologyProbe::setConnectTimeout(int seconds)
{
    m_connectTimeoutSeconds = std::max(1, seconds);
}

void TopologyProbe::start()
{
    if (m_run)
        return;
    reapStopped();
    const quint64 generation = ++m_generation;
    TopologyPollerSettings settings;
    settings.intervalMs = m_intervalMs;
    settings.hostsIntervalMs = m_hostsIntervalMs;
    settings.connectTimeoutSeconds = m_connectTimeoutSeconds;
    // Runs on the poller's thread: hand the snapshot over to ours. The poller never calls this
    // once stopped, and a stopped poller belongs to a probe that still exists (the destructor
    // stops it first), so `this` is valid here; the posted call dies with the probe.
    m_run = std::make_shared<TopologyPoller>(m_inventory, settings, [this, generation](const TopologySnapshot& s) {
        QMetaObject::invokeMethod(
            this, [this, generation, s] { deliver(generation, s); }, Qt::QueuedConnection);
    });
    m_run->start();
}

void TopologyProbe::stop()
{
    if (!m_run)
        return;
    m_run->stop();
    m_stopping.push_back(std::move(m_run));
    m_run.reset();
    ++m_generation; // whatever is already queued from that run is dropped
    reapStopped();
}

void TopologyProbe::reapStopped()
{
    for (auto it = m_stopping.begin(); it != m_stopping.end();) {
        if ((*it)->hasFinished()) {
            (*it)->join(); // returns at once: every thread has left
            it = m_stopping.erase(it);
        } else {
            ++it;
        }
    }
}

void TopologyProbe::deliver(quint64 generation, const TopologySnapshot& snapshot)
{
    if (generation != m_generation || !m_run)
        return;
    reapStopped();
    m_last = snapshot;
    emit snapshotReady(snapshot);
}
