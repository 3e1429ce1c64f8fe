#pragma once
// Turns one cycle's samples into a TopologySnapshot: which node streams to which (matching each
// walsender to its standby by address, slot and name), logical edges from subscriptions, nodes
// that replicate with the inventory's but are not in it (discovered), where endpoints route,
// spares that are not running, and every error text masked. A pure function: no I/O, no clock
// but the times the samples carry.

#include "cluster/endpointsample.h"
#include "cluster/nodesample.h"
#include "cluster/topologysnapshot.h"
#include "runbook/inventory.h"

#include <QHash>
#include <optional>

struct NodeObservation {
    std::optional<NodeSample> latest; // the last poll, which may have failed
    std::optional<NodeSample> lastGood; // the last poll that answered (facts shown while unreachable)
};

class TopologyAssembler {
public:
    // secrets: every password the inventory carries (ActionFactory::secretsOf), masked in errors.
    static TopologySnapshot assemble(const Inventory& inventory, const QHash<QString, NodeObservation>& nodes,
        const QHash<QString, EndpointSample>& endpoints, const QStringList& secrets);

    // "0/3000148" -> its byte position; nullopt when not an LSN.
    static std::optional<qint64> parseLsn(const QString& lsn);
    // 127.0.0.1, ::1, localhost and Unix sockets all mean "this machine" to a local sandbox.
    static QString normalizeHost(const QString& host);
    // The server a node lives on, "host:port" as its conninfo says: nodes that are databases or
    // users of one server share it, and their server-wide facts are read once for all of them.
    static QString serverKey(const InventoryNode& node);
};
