#pragma once
// Where an action runs: a node or endpoint of the inventory, already resolved through aliases.

#include <QMap>
#include <QString>

struct NodeTarget {
    QString name; // inventory node name (e.g. db1)
    QString conninfo; // libpq keyword/value or URI; may hold a password: mask before logging
    QString host; // "local" or an SSH destination
    QString runAs; // local shell steps run as this user (runuser) when we are root; may be empty
    QString sshConfig; // ssh_config passed with -F; empty: the user's own ~/.ssh/config
    QString datadir;
    QString bindir;
    int port = 0;
    bool isLocal() const { return host.isEmpty() || host == QLatin1String("local"); }
};

struct EndpointTarget {
    // One PgBouncer of the endpoint.
    struct Instance {
        QString adminConninfo;
        QString configPath; // pgbouncer.ini, on `host`
        QString host; // "local" or an SSH destination where the config lives
    };

    QString name; // e.g. app
    QString kind; // pgbouncer | hosts
    QString conninfo; // what applications use
    // pgbouncer: the first instance's values, and every instance a switch retargets
    QString adminConninfo;
    QString configPath; // pgbouncer.ini, on `host`
    QString database; // the [databases] entry to retarget
    QString host; // "local" or an SSH destination where the config lives
    QList<Instance> instances;
    QString runAs;
    QString sshConfig;
    // hosts
    QString hostsFile; // e.g. /etc/hosts
    QString hostname; // the (first) name applications resolve
    QStringList hostnames; // every name a switch moves
    QStringList hosts; // SSH destinations (or "local") whose hosts file is rewritten
    QMap<QString, QString> addresses; // node name -> address for the hosts kind
};
