#pragma once
// Repoints an endpoint at another node, and records how to point it back.
// PgBouncer: PAUSE the database, rewrite its [databases] entry, RELOAD, RESUME; RESUME is sent
// whatever fails in between, and a failed RELOAD puts the old file back.
// Hosts file: rewrite the line of one host name in the hosts file of every listed host.

#include "engine/action.h"
#include "engine/target.h"

#include <QMutex>
#include <atomic>

struct pg_conn;

class SwitchAction : public Action {
public:
    // from: the node the endpoint routes to now (for the recorded inverse); to: where it goes.
    SwitchAction(EndpointTarget endpoint, NodeTarget to, QString fromNode = QString());
    StepResult run(const ActionContext& context) override;
    void cancel() override;

    // The [databases] line for `database` in a pgbouncer.ini, retargeted at host/port/dbname.
    // Other settings on the line are kept. nullopt when the entry is missing.
    static std::optional<QByteArray> retargetPgbouncerIni(const QByteArray& ini, const QString& database,
        const QString& host, int port, const QString& dbname, QString* previousTarget);
    // The hosts file with `hostname` mapped to `address` (line added when absent).
    static QByteArray retargetHostsFile(const QByteArray& hosts, const QString& hostname, const QString& address);

private:
    StepResult runPgbouncer(const ActionContext& context);
    StepResult runHosts(const ActionContext& context);
    bool admin(const QString& command, QString* error, int timeoutMs = 10000);
    QList<QStringList> adminRows(const QString& command, QString* error);

    EndpointTarget m_endpoint;
    NodeTarget m_to;
    QString m_from;
    std::atomic<bool> m_cancelled { false };
    QMutex m_connMutex;
    pg_conn* m_conn = nullptr;
};
