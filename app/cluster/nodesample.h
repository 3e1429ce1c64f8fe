#pragma once
// What one poll of one node returned, as its server reported it, before nodes are matched to
// each other (TopologyAssembler does that across all of a cycle's samples).

#include "cluster/topologyreplication.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

// A pg_stat_replication row: a walsender on this server streaming to someone.
struct WalSenderRow {
    QString applicationName;
    QString clientAddress; // empty for a Unix socket
    QString state;
    QString syncState;
    QString slot; // the replication slot it streams from, if any
    bool logical = false; // a logical walsender (connected to a database)
    std::optional<qint64> lagBytes; // this server's WAL position - replay_lsn (logical: flush_lsn)
    std::optional<double> writeLagMs;
    std::optional<double> flushLagMs;
    std::optional<double> replayLagMs;
};

// pg_stat_wal_receiver: the standby side of physical streaming.
struct WalReceiverRow {
    QString status;
    QString senderHost;
    int senderPort = 0;
    QString slot;
    int timeline = 0;
};

// A subscription of this node's database, with where it connects (never its password).
struct SubscriptionRow {
    TopologySubscription subscription; // node, source and lagBytes are filled by the assembler
    QString sourceHost; // from the subscription's conninfo; empty when not readable
    int sourcePort = 0;
    QString sourceDatabase;
};

struct NodeSample {
    QString node;
    bool ok = false;
    QString error; // secrets masked
    QDateTime at; // UTC, when the poll ended
    QDateTime failingSince; // UTC, first failure of the current outage; invalid when ok
    qint64 pollMs = -1;

    int versionNum = 0;
    QString version;
    bool inRecovery = false;
    bool defaultReadOnly = false;
    bool transactionReadOnly = false;
    int timeline = 0;
    QString currentLsn;
    QString receiveLsn;
    QString replayLsn;
    QString clusterName;
    QString database;
    // Sessions, walsenders, receiver and slots were read (false: another node of the same server
    // reads them, and the assembler shares them).
    bool serverFacts = true;
    QMap<QString, int> connections;
    int probeConnections = 0;
    std::optional<double> longestTransactionSeconds;

    QList<WalSenderRow> senders;
    std::optional<WalReceiverRow> receiver;
    QList<TopologySlot> replicationSlots; // node filled by the assembler
    QList<TopologyPublication> publications;
    QList<SubscriptionRow> subscriptions;
};
