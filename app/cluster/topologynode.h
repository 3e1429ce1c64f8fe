#pragma once
// One PostgreSQL server of the cluster as the topology probe last saw it: whether it answers, what
// it is (primary or standby, version, read-only), where its WAL stands and who is connected.

#include <QDateTime>
#include <QMap>
#include <QString>
#include <optional>

enum class NodeState {
    Unknown, // not polled yet
    Up, // answered the last poll
    Unreachable, // does not answer: `error` says why, `unreachableSince` since when
    SpareNotRunning, // an inventory `spare` that does not answer: expected, not a failure
    Discovered, // not in the inventory, seen by the node it replicates with; not polled itself
};

struct TopologyNode {
    QString name; // inventory name; for a discovered node, what its upstream knows it by
    bool discovered = false; // replicates from (or to) an inventory node but is not in the inventory
    QString inventoryRole; // primary, replica, standby or spare; empty for a discovered node
    QString declaredUpstream; // the inventory's `upstream`
    QString host; // from the conninfo (a discovered node: its client address)
    int port = 0;
    QString database;

    NodeState state = NodeState::Unknown;
    QString error; // why the last poll failed, secrets masked; empty when up
    QDateTime unreachableSince; // UTC: first failed poll of the current outage
    QDateTime sampledAt; // UTC: last poll that answered. The facts below are from then (kept while unreachable)
    qint64 pollMs = -1; // round trip of the last successful poll

    int versionNum = 0; // server_version_num; 0 when never seen
    QString version; // server_version, e.g. "15.8"
    std::optional<bool> inRecovery; // pg_is_in_recovery()
    bool defaultReadOnly = false; // default_transaction_read_only
    bool transactionReadOnly = false; // transaction_read_only of the probe's session
    int timeline = 0; // 0 when not visible to the probe's user
    QString currentLsn; // primary: pg_current_wal_lsn(); standby: last replayed
    QString receiveLsn; // standby: pg_last_wal_receive_lsn()
    QString replayLsn; // standby: pg_last_wal_replay_lsn()
    QString upstream; // the node it streams from now (observed), empty for a primary
    QMap<QString, int> connections; // client backends by state, the topology probe's own left out
    int probeConnections = 0; // the topology probe's own sessions on this server
    std::optional<double> longestTransactionSeconds; // oldest open transaction of a client

    bool isUp() const { return state == NodeState::Up; }
    // A failure for `status` and the console: unreachable (a spare that is not running is not one).
    bool isFailure() const { return state == NodeState::Unreachable; }
    // Writes would fail in a new session here: a standby, or default_transaction_read_only.
    bool readOnly() const { return transactionReadOnly || defaultReadOnly || inRecovery.value_or(false); }
    bool isStandby() const { return inRecovery.value_or(false); }
    // What it is, in a word or two: primary, standby, spare, discovered standby...
    QString roleLabel() const;
    // What its state is, for people: "up", "unreachable for 12 s", "spare, not running".
    QString stateLabel(const QDateTime& now) const;
    int connectionCount() const;
    QString address() const; // host:port

    static QString stateName(NodeState state); // up | unreachable | spare_not_running | discovered | unknown
};
