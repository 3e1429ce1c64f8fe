#pragma once
// Reads a PgBouncer endpoint's real route over one persistent admin-console connection:
// SHOW DATABASES (target host, port, database; paused, disabled) and SHOW POOLS (clients
// active and waiting). Runs on the thread that calls poll(); reconnects with backoff.

#include "cluster/endpointsample.h"
#include "cluster/pollhealth.h"
#include "core/sqlsession.h"

#include <QDeadlineTimer>

class PgBouncerSampler {
public:
    PgBouncerSampler(QString endpoint, const QString& adminConninfo, QString database, int connectTimeoutSeconds);
    PgBouncerSampler(const PgBouncerSampler&) = delete;
    PgBouncerSampler& operator=(const PgBouncerSampler&) = delete;

    EndpointSample poll(QDeadlineTimer deadline);
    void requestCancel() { m_session.requestCancel(); }
    void close() { m_session.close(); }

    // Fills the route and pool figures of `database` from SHOW DATABASES and SHOW POOLS results.
    static void parse(
        const SqlResultSet& databases, const SqlResultSet& pools, const QString& database, EndpointSample* sample);

private:
    EndpointSample failure(const QString& error, qint64 nowMs);

    QString m_endpoint;
    QString m_conninfo;
    QString m_conninfoError;
    QString m_database;
    int m_connectTimeoutSeconds;
    SqlSession m_session;
    PollHealth m_health;
};
