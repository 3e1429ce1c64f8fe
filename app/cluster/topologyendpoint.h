#pragma once
// Where clients go now: an endpoint's real route as the topology probe read it, from PgBouncer's
// admin console or from the hosts file of each application host.

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

struct TopologyHostRoute {
    QString host; // application host (SSH destination or "local")
    QString address; // what the hosts file says the name resolves to; empty when no line for it
    QString routesTo; // the node of that address (the endpoint's `addresses`), empty if none
    QString error; // could not read the file; secrets masked
};

struct TopologyEndpoint {
    QString name;
    QString kind; // pgbouncer | hosts
    QString declaredRoutesTo; // the inventory's routes_to, resolved to a node name
    // The node clients reach now; for a route to something not in the inventory, its address.
    // Empty when unknown (unreachable, or hosts disagree: see `hosts`).
    QString routesTo;
    QString route; // what the route says: "127.0.0.1:5432/app", or "db.internal -> 10.0.0.5"
    bool reachable = false; // the admin console answered / every hosts file was read
    QString error; // secrets masked
    QDateTime checkedAt; // UTC
    QDateTime unreachableSince;
    // PgBouncer
    std::optional<bool> paused; // PAUSE <db> in force (SHOW DATABASES)
    std::optional<bool> disabled; // DISABLE <db> in force
    int clientsActive = 0; // SHOW POOLS, every pool of the database
    int clientsWaiting = 0;
    double maxWaitSeconds = 0;
    // hosts
    QList<TopologyHostRoute> hosts;
    bool split = false; // application hosts disagree on the address

    bool isFailure() const { return !reachable && checkedAt.isValid(); }
};
