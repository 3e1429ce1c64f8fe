#include "cluster/topologynode.h"

#include "cluster/topologyformat.h"

QString TopologyNode::stateName(NodeState state)
{
    switch (state) {
    case NodeState::Up:
        return QStringLiteral("up");
    case NodeState::Unreachable:
        return QStringLiteral("unreachable");
    case NodeState::SpareNotRunning:
        return QStringLiteral("spare_not_running");
    case NodeState::Discovered:
        return QStringLiteral("discovered");
    case NodeState::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString TopologyNode::roleLabel() const
{
    if (discovered)
        return QStringLiteral("discovered");
    if (state == NodeState::SpareNotRunning)
        return QStringLiteral("spare");
    if (inRecovery)
        return *inRecovery ? QStringLiteral("standby") : QStringLiteral("primary");
    if (inventoryRole == QLatin1String("replica"))
        return QStringLiteral("standby");
    return inventoryRole;
}

QString TopologyNode::stateLabel(const QDateTime& now) const
{
    switch (state) {
    case NodeState::Up:
        return QStringLiteral("up");
    case NodeState::Unreachable:
        return unreachableSince.isValid()
            ? QStringLiteral("unreachable for %1").arg(TopologyFormat::elapsed(unreachableSince, now))
            : QStringLiteral("unreachable");
    case NodeState::SpareNotRunning:
        return QStringLiteral("spare, not running");
    case NodeState::Discovered:
        return QStringLiteral("not in the inventory");
    case NodeState::Unknown:
        break;
    }
    return QStringLiteral("checking");
}

int TopologyNode::connectionCount() const
{
    int n = 0;
    for (int c : connections)
        n += c;
    return n;
}

QString TopologyNode::address() const
{
    if (host.isEmpty() && port == 0)
        return {};
    return port ? QStringLiteral("%1:%2").arg(host).arg(port) : host;
}
