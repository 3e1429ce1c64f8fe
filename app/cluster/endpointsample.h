#pragma once
// What one look at an endpoint returned: PgBouncer's route and pause state from its admin
// console, or the address each application host's hosts file gives the endpoint's name.

#include "cluster/topologyendpoint.h"

#include <QDateTime>
#include <QString>
#include <optional>

struct EndpointSample {
    QString endpoint;
    bool ok = false;
    QString error; // secrets masked
    QDateTime at; // UTC
    QDateTime failingSince;

    // PgBouncer: the [databases] entry's target, as SHOW DATABASES reports it.
    bool entryFound = false;
    QString targetHost;
    int targetPort = 0;
    QString targetDatabase;
    std::optional<bool> paused;
    std::optional<bool> disabled;
    int clientsActive = 0;
    int clientsWaiting = 0;
    double maxWaitSeconds = 0;

    // hosts: one entry per application host, routesTo left for the assembler
    QList<TopologyHostRoute> hosts;
};
