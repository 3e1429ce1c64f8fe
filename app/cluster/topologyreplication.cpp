#include "cluster/topologyreplication.h"

#include "cluster/topologyformat.h"

QString TopologyEdge::lagLabel() const
{
    // Idle and caught up, PostgreSQL reports no lag times at all: say so rather than nothing.
    if (lagBytes && *lagBytes == 0 && !replayLagMs)
        return QStringLiteral("0 B");
    return TopologyFormat::lag(lagBytes, replayLagMs);
}
