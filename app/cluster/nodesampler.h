#pragma once
// Polls one node over one persistent connection: the node's facts, its walsenders and WAL
// receiver, slots, publications and subscriptions, in one round trip of catalog reads. Runs on
// the thread that calls poll(); reconnects with backoff (PollHealth) when the connection is gone.

#include "cluster/nodesample.h"
#include "cluster/pollhealth.h"
#include "core/sqlsession.h"

#include <QDeadlineTimer>
#include <QString>

class NodeSampler {
public:
    static constexpr const char* applicationName = "runbook-console-topology";

    // serverFacts: also read what is the same for every database of the server (sessions, walsenders,
    // WAL receiver, slots). Nodes that share a server leave that to one of them.
    NodeSampler(QString node, const QString& conninfo, int connectTimeoutSeconds, bool serverFacts = true);
    NodeSampler(const NodeSampler&) = delete;
    NodeSampler& operator=(const NodeSampler&) = delete;

    // One poll. Connects first when needed (unless the backoff says not yet: then the sample
    // repeats the last error without touching the network). A connection that broke is retried
    // once at once: a server restart or a session-killing step must not look like an outage.
    NodeSample poll(QDeadlineTimer deadline);
    // Thread-safe, returns at once, never touches the network; poll() returns within a slice.
    void requestCancel() { m_session.requestCancel(); }
    void close() { m_session.close(); }

    // The node's conninfo with application_name=runbook-console-topology and connect_timeout set,
    // or empty with error when libpq cannot parse it.
    static QString probeConninfo(const QString& conninfo, int connectTimeoutSeconds, QString* error);
    // The statements of one poll for a server of that version (server_version_num), 10 and later.
    static QString pollQuery(
        int serverVersion, bool canReadSubscriptionConninfo, bool canReadControlData, bool serverFacts = true);
    // Fills sample from the result sets of pollQuery(); false when they do not have its shape.
    static bool parse(const QList<SqlResultSet>& results, NodeSample* sample);

private:
    bool connect(QString* error);
    NodeSample failure(const QString& error, qint64 nowMs);

    QString m_node;
    QString m_conninfo; // with our settings; may hold a password: never shown
    QString m_conninfoError;
    int m_connectTimeoutSeconds;
    SqlSession m_session;
    PollHealth m_health;
    bool m_serverFacts;
    QString m_query; // for the connected server's version
};
