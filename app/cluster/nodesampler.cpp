#include "cluster/nodesampler.h"

#include "core/conninfo.h"

#include <QElapsedTimer>

namespace {
std::optional<qint64> toBytes(const QString& v)
{
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    return ok ? std::optional<qint64>(n) : std::nullopt;
}

std::optional<double> toDouble(const QString& v)
{
    bool ok = false;
    const double d = v.toDouble(&ok);
    return ok ? std::optional<double>(d) : std::nullopt;
}

bool toBool(const QString& v)
{
    return v == QLatin1String("t") || v == QLatin1String("on") || v == QLatin1String("true");
}

// The first of a multi-host list ("a,b"), as libpq would try it first.
QString firstOf(const QString& list)
{
    return list.section(QLatin1Char(','), 0, 0).trimmed();
}
} // namespace

NodeSampler::NodeSampler(QString node, const QString& conninfo, int connectTimeoutSeconds, bool serverFacts)
    : m_node(std::move(node))
    , m_connectTimeoutSeconds(std::max(1, connectTimeoutSeconds))
    , m_serverFacts(serverFacts)
{
    m_conninfo = probeConninfo(conninfo, m_connectTimeoutSeconds, &m_conninfoError);
    m_session.setMaxRows(100000);
}

QString NodeSampler::probeConninfo(const QString& conninfo, int connectTimeoutSeconds, QString* error)
{
    auto params = Conninfo::parse(conninfo, error);
    if (!params)
        return {};
    params->insert(QStringLiteral("application_name"), QString::fromLatin1(applicationName));
    params->insert(QStringLiteral("connect_timeout"), QString::number(std::max(1, connectTimeoutSeconds)));
    return Conninfo::build(*params);
}

QString NodeSampler::pollQuery(int v, bool canReadSubscriptionConninfo, bool canReadControlData, bool serverFacts)
{
    const QString position
        = QStringLiteral("CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END");
    const QString notProbe
        = QStringLiteral("application_name IS DISTINCT FROM '%1'").arg(QLatin1String(applicationName));
    // A primary's timeline is in its current WAL file name; a standby's is what its receiver streams
    // (or, without one, the last checkpoint's, when we may read the control file).
    const QString standbyTimeline = canReadControlData
        ? QStringLiteral("coalesce((SELECT received_tli FROM pg_stat_wal_receiver), (SELECT timeline_id FROM "
                         "pg_control_checkpoint()))")
        : QStringLiteral("(SELECT received_tli FROM pg_stat_wal_receiver)");
    QStringList sql;
    sql << QStringLiteral(
        "SELECT current_setting('server_version_num'), current_setting('server_version'), pg_is_in_recovery(), "
        "current_setting('default_transaction_read_only'), current_setting('transaction_read_only'), "
        "%1, pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn(), "
        "CASE WHEN pg_is_in_recovery() THEN %2 "
        "ELSE ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int END, "
        "current_setting('cluster_name'), current_database()")
               .arg(position, standbyTimeline);
    if (serverFacts) {
        // Client backends by state, the oldest open transaction of each state; the probe's own apart.
        sql << QStringLiteral(
            "SELECT coalesce(state, 'unknown'), count(*) FILTER (WHERE %1), count(*) FILTER (WHERE NOT (%1)), "
            "extract(epoch FROM max(now() - xact_start) FILTER (WHERE %1)) "
            "FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1")
                   .arg(notProbe);
        // A logical walsender is connected to a database; a physical one is not.
        sql << QStringLiteral(
            "SELECT r.application_name, coalesce(host(r.client_addr), ''), r.state, r.sync_state, "
            "coalesce(s.slot_name, ''), a.datname IS NOT NULL, "
            "pg_wal_lsn_diff(%1, CASE WHEN a.datname IS NOT NULL THEN r.flush_lsn ELSE r.replay_lsn END)::bigint, "
            "extract(epoch FROM r.write_lag) * 1000, extract(epoch FROM r.flush_lag) * 1000, "
            "extract(epoch FROM r.replay_lag) * 1000 "
            "FROM pg_stat_replication r LEFT JOIN pg_replication_slots s ON s.active_pid = r.pid "
            "LEFT JOIN pg_stat_activity a ON a.pid = r.pid ORDER BY r.application_name, r.pid")
                   .arg(position);
        sql << (v >= 110000
                ? QStringLiteral("SELECT status, coalesce(sender_host, ''), sender_port, coalesce(slot_name, ''), "
                                 "received_tli FROM pg_stat_wal_receiver")
                : QStringLiteral(
                    "SELECT status, '', NULL, coalesce(slot_name, ''), received_tli FROM pg_stat_wal_receiver"));
        sql << QStringLiteral(
            "SELECT slot_name, slot_type, coalesce(database, ''), coalesce(plugin, ''), active, "
            "pg_wal_lsn_diff(%1, restart_lsn)::bigint, %2, pg_wal_lsn_diff(%1, confirmed_flush_lsn)::bigint "
            "FROM pg_replication_slots ORDER BY slot_name")
                   .arg(position, v >= 130000 ? QStringLiteral("coalesce(wal_status, '')") : QStringLiteral("''"));
    }
    sql << QStringLiteral(
        "SELECT p.pubname, p.puballtables, (SELECT count(*) FROM pg_publication_tables t WHERE t.pubname = p.pubname) "
        "FROM pg_publication p ORDER BY 1");
    // Parallel apply workers (16+) also show with relid NULL: only the leader is the subscription's.
    sql << QStringLiteral(
        "SELECT s.subname, s.subenabled, coalesce(s.subslotname, ''), %1, array_to_string(s.subpublications, ','), "
        "(SELECT count(*) FROM pg_subscription_rel r WHERE r.srsubid = s.oid), "
        "(SELECT count(*) FROM pg_subscription_rel r WHERE r.srsubid = s.oid AND r.srsubstate = 'r'), "
        "w.pid IS NOT NULL "
        "FROM pg_subscription s LEFT JOIN pg_stat_subscription w ON w.subid = s.oid AND w.relid IS NULL%2 "
        "WHERE s.subdbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1")
               .arg(canReadSubscriptionConninfo ? QStringLiteral("s.subconninfo") : QStringLiteral("''"),
                   v >= 160000 ? QStringLiteral(" AND w.leader_pid IS NULL") : QString());
    return sql.join(QStringLiteral(";\n"));
}

bool NodeSampler::parse(const QList<SqlResultSet>& results, NodeSample* s)
{
    const bool serverFacts = results.size() == 7;
    if ((results.size() != 7 && results.size() != 3) || results[0].rows.size() != 1 || results[0].columns.size() != 11)
        return false;
    s->serverFacts = serverFacts;
    const QStringList& f = results[0].rows.first();
    s->versionNum = f[0].toInt();
    s->version = f[1].section(QLatin1Char(' '), 0, 0);
    s->inRecovery = toBool(f[2]);
    s->defaultReadOnly = toBool(f[3]);
    s->transactionReadOnly = toBool(f[4]);
    s->currentLsn = f[5];
    s->receiveLsn = f[6];
    s->replayLsn = f[7];
    s->timeline = f[8].toInt();
    s->clusterName = f[9];
    s->database = f[10];
    // The statements after the first: server-wide facts (when asked for), then this database's.
    const int perDatabase = serverFacts ? 5 : 1;
    for (const QStringList& r : serverFacts ? results[1].rows : QVector<QStringList>()) {
        if (r.value(1).toInt() > 0)
            s->connections[r.value(0)] += r.value(1).toInt();
        s->probeConnections += r.value(2).toInt();
        if (const auto oldest = toDouble(r.value(3)))
            s->longestTransactionSeconds = std::max(s->longestTransactionSeconds.value_or(0.0), *oldest);
    }
    for (const QStringList& r : serverFacts ? results[2].rows : QVector<QStringList>()) {
        WalSenderRow w;
        w.applicationName = r.value(0);
        w.clientAddress = r.value(1);
        w.state = r.value(2);
        w.syncState = r.value(3);
        w.slot = r.value(4);
        w.logical = toBool(r.value(5));
        w.lagBytes = toBytes(r.value(6));
        w.writeLagMs = toDouble(r.value(7));
        w.flushLagMs = toDouble(r.value(8));
        w.replayLagMs = toDouble(r.value(9));
        s->senders << w;
    }
    if (serverFacts && !results[3].rows.isEmpty()) {
        const QStringList& r = results[3].rows.first();
        WalReceiverRow w;
        w.status = r.value(0);
        w.senderHost = r.value(1);
        w.senderPort = r.value(2).toInt();
        w.slot = r.value(3);
        w.timeline = r.value(4).toInt();
        s->receiver = w;
    }
    for (const QStringList& r : serverFacts ? results[4].rows : QVector<QStringList>()) {
        TopologySlot slot;
        slot.node = s->node;
        slot.name = r.value(0);
        slot.type = r.value(1);
        slot.database = r.value(2);
        slot.plugin = r.value(3);
        slot.active = toBool(r.value(4));
        slot.retainedBytes = toBytes(r.value(5));
        slot.walStatus = r.value(6);
        slot.confirmedLagBytes = toBytes(r.value(7));
        s->replicationSlots << slot;
    }
    for (const QStringList& r : results[perDatabase].rows) {
        TopologyPublication p;
        p.node = s->node;
        p.name = r.value(0);
        p.allTables = toBool(r.value(1));
        p.tables = r.value(2).toInt();
        s->publications << p;
    }
    for (const QStringList& r : results[perDatabase + 1].rows) {
        SubscriptionRow row;
        TopologySubscription& sub = row.subscription;
        sub.node = s->node;
        sub.name = r.value(0);
        sub.enabled = toBool(r.value(1));
        sub.slot = r.value(2);
        // Only where it connects is kept: the conninfo itself may carry a password.
        if (!r.value(3).isEmpty()) {
            if (const auto params = Conninfo::parse(r.value(3))) {
                row.sourceHost
                    = firstOf(params->value(QStringLiteral("host"), params->value(QStringLiteral("hostaddr"))));
                row.sourcePort = firstOf(params->value(QStringLiteral("port"), QStringLiteral("5432"))).toInt();
                row.sourceDatabase = params->value(QStringLiteral("dbname"));
            }
        }
        sub.publications = r.value(4).split(QLatin1Char(','), Qt::SkipEmptyParts);
        sub.tablesTotal = r.value(5).toInt();
        sub.tablesReady = r.value(6).toInt();
        sub.workerRunning = toBool(r.value(7));
        s->subscriptions << row;
    }
    return true;
}

bool NodeSampler::connect(QString* error)
{
    if (m_conninfo.isEmpty()) {
        *error = QStringLiteral("the conninfo is not valid: %1").arg(m_conninfoError);
        return false;
    }
    // A connection gets its connect timeout, whatever the poll's deadline: a slow handshake is not
    // a server that does not answer.
    const QDeadlineTimer connectDeadline(qint64(m_connectTimeoutSeconds) * 1000 + 500);
    if (!m_session.connect(m_conninfo, m_connectTimeoutSeconds, connectDeadline)) {
        *error = m_session.lastError().describe();
        return false;
    }
    const int v = m_session.serverVersion();
    if (v < 100000) {
        m_session.close();
        *error = QStringLiteral("PostgreSQL %1 is older than 10, which the topology probe needs").arg(v / 10000);
        return false;
    }
    // What this user may read decides the query; the probe runs as whatever the inventory says.
    const auto caps = m_session.exec(
        QStringLiteral("SELECT has_column_privilege('pg_catalog.pg_subscription', 'subconninfo', 'SELECT'), "
                       "has_function_privilege('pg_catalog.pg_control_checkpoint()', 'EXECUTE'); "
                       "SET statement_timeout = '5s'; SET lock_timeout = '1s'"),
        connectDeadline);
    if (!caps || caps->isEmpty() || caps->first().rows.isEmpty()) {
        *error = m_session.lastError().describe();
        m_session.close();
        return false;
    }
    const QStringList& row = caps->first().rows.first();
    m_query = pollQuery(v, toBool(row.value(0)), toBool(row.value(1)), m_serverFacts);
    return true;
}

NodeSample NodeSampler::failure(const QString& error, qint64 nowMs)
{
    m_health.failed(error, nowMs);
    NodeSample s;
    s.node = m_node;
    return m_health.describeFailure(s);
}

NodeSample NodeSampler::poll(QDeadlineTimer deadline)
{
    const qint64 now = PollHealth::steadyNowMs();
    QElapsedTimer clock;
    clock.start();
    QString error;
    if (!m_session.isConnected()) {
        if (!m_health.mayConnect(now)) {
            NodeSample s;
            s.node = m_node;
            return m_health.describeFailure(s);
        }
        if (!connect(&error))
            return failure(error, now);
    }
    for (int attempt = 0; attempt < 2; ++attempt) {
        const auto results = m_session.exec(m_query, deadline);
        if (results) {
            NodeSample s;
            s.node = m_node;
            if (!parse(*results, &s)) {
                m_session.close();
                return failure(QStringLiteral("the server's answer did not have the expected shape"), now);
            }
            s.ok = true;
            s.at = QDateTime::currentDateTimeUtc();
            s.pollMs = clock.elapsed();
            m_health.succeeded();
            return s;
        }
        const SqlError e = m_session.lastError();
        if (e.timedOut || e.cancelled) {
            m_session.close();
            return failure(
                e.timedOut ? QStringLiteral("no answer within the poll's deadline") : QStringLiteral("cancelled"), now);
        }
        if (!e.connectionFailure || attempt == 1) {
            if (e.connectionFailure)
                m_session.close();
            return failure(e.describe(), now);
        }
        // The connection broke (restart, a terminated session): one fresh attempt before calling it down.
        m_session.close();
        if (!connect(&error))
            return failure(error, now);
    }
    return failure(QStringLiteral("no answer"), now);
}
