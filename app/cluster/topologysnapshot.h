#pragma once
// One picture of the live cluster, taken by TopologyProbe in one poll cycle: every node, what
// replicates to what, slots, publications, subscriptions and where each endpoint routes.
// A value: cheap to copy, safe to hand across threads, the same for the console, `status` and tests.

#include "cluster/topologyendpoint.h"
#include "cluster/topologynode.h"
#include "cluster/topologyreplication.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>

struct TopologySnapshot {
    QString cluster;
    QDateTime takenAt; // UTC
    quint64 cycle = 0; // poll cycle number since the probe started
    qint64 cycleMs = 0; // from the cycle's start until the last node answered
    bool complete = true; // every node answered (or failed) within the cycle
    QList<TopologyNode> nodes; // inventory order, then discovered nodes by name
    QList<TopologyEdge> edges;
    QList<TopologySlot> replicationSlots;
    QList<TopologyPublication> publications;
    QList<TopologySubscription> subscriptions;
    QList<TopologyEndpoint> endpoints;

    const TopologyNode* node(const QString& name) const;
    const TopologyEndpoint* endpoint(const QString& name) const;
    QList<const TopologyEdge*> edgesFrom(const QString& node) const;
    QList<const TopologyEdge*> edgesTo(const QString& node) const;
    QStringList unreachableNodes() const; // spares that are not running are not in it
    QStringList unreachableEndpoints() const;
    // Every node and endpoint answered (spares that are not running aside): `status` exits 0.
    bool healthy() const;

    // The stable JSON of `runbook-console status --json` (docs/status-json.md).
    QJsonObject toJson() const;
    // What a go/no-go decision rests on, small enough to freeze into the journal at a gate: per
    // node state, role, version and read-only; lag per replication edge; unreachable nodes;
    // subscriptions' N/M; endpoint routes and pauses.
    QJsonObject evidence() const;

    static constexpr int jsonFormat = 1;
};

Q_DECLARE_METATYPE(TopologySnapshot)
