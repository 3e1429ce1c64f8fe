#pragma once
// What replicates to what: physical and logical replication edges between nodes, replication
// slots, publications and subscriptions, as the topology probe saw them on their servers.

#include <QString>
#include <QStringList>
#include <optional>

struct TopologyEdge {
    enum class Kind { Physical, Logical };

    QString from; // node name (inventory or discovered)
    QString to;
    Kind kind = Kind::Physical;
    // pg_stat_replication.state (streaming, catchup, startup, backup, stopping) or, seen only by the
    // receiver, pg_stat_wal_receiver.status; a logical edge: streaming, disabled or "not running";
    // "down" when the inventory says `to` replicates from `from` and nothing streams now.
    QString state;
    QString syncState; // async, sync, potential, quorum; empty for logical
    std::optional<qint64> lagBytes; // physical: sender's WAL position - replayed; logical: - confirmed
    std::optional<double> writeLagMs; // pg_stat_replication's, null once caught up and idle
    std::optional<double> flushLagMs;
    std::optional<double> replayLagMs;
    QString slot;
    QString subscription; // logical: the subscription on `to`
    bool observed = true; // false for an expected edge that does not exist ("down")

    QString kindName() const { return kind == Kind::Physical ? QStringLiteral("physical") : QStringLiteral("logical"); }
    QString key() const
    {
        return from + QLatin1String("->") + to + QLatin1Char('/') + kindName() + QLatin1Char('/') + subscription;
    }
    // "0 B", "12 MB, 3.2 s" or "" when nothing is known.
    QString lagLabel() const;
    bool isStreaming() const { return state == QLatin1String("streaming"); }
};

struct TopologySlot {
    QString node; // the server holding it
    QString name;
    QString type; // physical | logical
    QString database; // logical slots
    QString plugin;
    bool active = false;
    std::optional<qint64> retainedBytes; // WAL kept for it: position - restart_lsn
    std::optional<qint64> confirmedLagBytes; // logical: position - confirmed_flush_lsn
    QString walStatus; // reserved, extended, unreserved, lost (PostgreSQL 13+)
};

struct TopologyPublication {
    QString node;
    QString name;
    bool allTables = false;
    int tables = 0;
};

struct TopologySubscription {
    QString node; // the subscriber
    QString name;
    bool enabled = false;
    bool workerRunning = false; // an apply worker runs (pg_stat_subscription.pid)
    QString source; // publisher node name, or host:port/db when it is not in the inventory
    QStringList publications;
    QString slot;
    int tablesReady = 0; // pg_subscription_rel in state r
    int tablesTotal = 0;
    std::optional<qint64> lagBytes; // from the publisher's slot: position - confirmed_flush_lsn
    std::optional<double> lagMs; // since the apply worker last heard of the publisher's end position

    bool initialSyncDone() const { return tablesTotal > 0 && tablesReady == tablesTotal; }
};
