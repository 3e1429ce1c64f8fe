#pragma once
// Repoints an endpoint at another node, and records how to point it back.
// PgBouncer: PAUSE the database, rewrite its [databases] entry, RELOAD, RESUME; RESUME is sent
// whatever fails in between, and a failed RELOAD puts the old file back. With several PgBouncers,
// each in turn; if one fails, those already switched are put back.
// Hosts file: rewrite the lines of the endpoint's host names (all in one write) in the hosts file
// of every listed host; the inverse remembers where each name pointed.

#include "engine/action.h"
#include "engine/target.h"

#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <atomic>
#include <functional>

struct pg_conn;

class SwitchAction : public Action {
public:
    // from: the node the endpoint routes to now (for the recorded inverse); to: where it goes.
    SwitchAction(EndpointTarget endpoint, NodeTarget to, QString fromNode = QString());
    // A recorded inverse of a hosts switch: each name goes back to its own address.
    void restoreAddresses(QMap<QString, QString> addresses) { m_restore = std::move(addresses); }
    StepResult run(const ActionContext& context) override;
    void cancel() override;

    // The [databases] line for `database` in a pgbouncer.ini, retargeted at host/port/dbname.
    // Other settings on the line are kept. nullopt when the entry is missing.
    static std::optional<QByteArray> retargetPgbouncerIni(const QByteArray& ini, const QString& database,
        const QString& host, int port, const QString& dbname, QString* previousTarget);
    // The hosts file with `hostname` mapped to `address` (line added when absent).
    static QByteArray retargetHostsFile(const QByteArray& hosts, const QString& hostname, const QString& address);
    // The address a hosts file gives `hostname` (its first line naming it), empty if none.
    static QString addressInHostsFile(const QByteArray& hosts, const QString& hostname);

private:
    using IniChange = std::function<std::optional<QByteArray>(const QByteArray& current, QString* error)>;
    StepResult runPgbouncer(const ActionContext& context);
    StepResult switchInstance(const ActionContext& context, const EndpointTarget::Instance& instance, const IniChange& change,
        QByteArray* original);
    StepResult runHosts(const ActionContext& context);
    bool admin(const QString& command, QString* error, int timeoutMs = 10000);
    QList<QStringList> adminRows(const QString& command, QString* error);

    EndpointTarget m_endpoint;
    NodeTarget m_to;
    QString m_from;
    QMap<QString, QString> m_restore;
    QJsonObject m_previousAddresses; // hosts: where each name pointed before, for the inverse
    std::atomic<bool> m_cancelled { false };
    QMutex m_connMutex;
    pg_conn* m_conn = nullptr;
};
