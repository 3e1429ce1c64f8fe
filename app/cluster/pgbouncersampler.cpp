#include "cluster/pgbouncersampler.h"

#include "cluster/nodesampler.h"

PgBouncerSampler::PgBouncerSampler(
    QString endpoint, const QString& adminConninfo, QString database, int connectTimeoutSeconds)
    : m_endpoint(std::move(endpoint))
    , m_database(std::move(database))
    , m_connectTimeoutSeconds(std::max(1, connectTimeoutSeconds))
{
    m_conninfo = NodeSampler::probeConninfo(adminConninfo, m_connectTimeoutSeconds, &m_conninfoError);
    m_session.setMaxRows(100000);
}

void PgBouncerSampler::parse(
    const SqlResultSet& databases, const SqlResultSet& pools, const QString& database, EndpointSample* s)
{
    // Columns by name: PgBouncer adds columns between releases.
    const auto column = [](const SqlResultSet& r, const char* name) { return r.columns.indexOf(QLatin1String(name)); };
    const int name = column(databases, "name");
    const int host = column(databases, "host");
    const int port = column(databases, "port");
    const int db = column(databases, "database");
    const int paused = column(databases, "paused");
    const int disabled = column(databases, "disabled");
    for (const QStringList& row : databases.rows) {
        if (row.value(name) != database)
            continue;
        s->entryFound = true;
        s->targetHost = row.value(host);
        s->targetPort = row.value(port).toInt();
        s->targetDatabase = row.value(db);
        if (paused >= 0)
            s->paused = row.value(paused).toInt() != 0;
        if (disabled >= 0)
            s->disabled = row.value(disabled).toInt() != 0;
    }
    const int poolDb = column(pools, "database");
    const int active = column(pools, "cl_active");
    const int waiting = column(pools, "cl_waiting");
    const int maxwait = column(pools, "maxwait");
    const int maxwaitUs = column(pools, "maxwait_us");
    for (const QStringList& row : pools.rows) {
        if (row.value(poolDb) != database)
            continue;
        s->clientsActive += row.value(active).toInt();
        s->clientsWaiting += row.value(waiting).toInt();
        const double wait
            = row.value(maxwait).toDouble() + (maxwaitUs >= 0 ? row.value(maxwaitUs).toDouble() / 1e6 : 0.0);
        s->maxWaitSeconds = std::max(s->maxWaitSeconds, wait);
    }
}

EndpointSample PgBouncerSampler::failure(const QString& error, qint64 nowMs)
{
    m_health.failed(error, nowMs);
    EndpointSample s;
    s.endpoint = m_endpoint;
    return m_health.describeFailure(s);
}

EndpointSample PgBouncerSampler::poll(QDeadlineTimer deadline)
{
    const qint64 now = PollHealth::steadyNowMs();
    if (!m_session.isConnected()) {
        if (m_conninfo.isEmpty())
            return failure(QStringLiteral("the admin_conninfo is not valid: %1").arg(m_conninfoError), now);
        if (!m_health.mayConnect(now)) {
            EndpointSample s;
            s.endpoint = m_endpoint;
            return m_health.describeFailure(s);
        }
        const QDeadlineTimer connectDeadline(qint64(m_connectTimeoutSeconds) * 1000 + 500);
        if (!m_session.connect(m_conninfo, m_connectTimeoutSeconds, connectDeadline))
            return failure(
                QStringLiteral("cannot reach the admin console: %1").arg(m_session.lastError().describe()), now);
    }
    // The admin console takes one command per query.
    const auto databases = m_session.exec(QStringLiteral("SHOW DATABASES"), deadline);
    const auto pools = databases ? m_session.exec(QStringLiteral("SHOW POOLS"), deadline) : std::nullopt;
    if (!databases || !pools || databases->isEmpty() || pools->isEmpty()) {
        const SqlError e = m_session.lastError();
        m_session.close();
        return failure(e.timedOut ? QStringLiteral("the admin console did not answer within the poll's deadline")
                                  : QStringLiteral("admin console: %1").arg(e.describe()),
            now);
    }
    EndpointSample s;
    s.endpoint = m_endpoint;
    parse(databases->first(), pools->first(), m_database, &s);
    s.ok = true;
    s.at = QDateTime::currentDateTimeUtc();
    if (!s.entryFound)
        s.error = QStringLiteral("PgBouncer has no database entry named %1").arg(m_database);
    m_health.succeeded();
    return s;
}
