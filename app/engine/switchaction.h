#pragma once
// Repoints an endpoint at another node, and records how to point it back.
// PgBouncer: look (SHOW DATABASES), PAUSE the database, rewrite its [databases] entry, RELOAD,
// RESUME, and look again: the step succeeds only once PgBouncer itself shows the new route, not
// paused. Whatever fails or is cancelled once PAUSE went out, the old file is put back, RELOAD and
// RESUME are sent on a fresh connection and PgBouncer is looked at again: the step then says
// whether the old route is verified. When it cannot be (PgBouncer gone or hung), the step says
// what may be left (paused, new route) and records the way back, so a rollback restores it.
// A database found already PAUSED (a console killed mid-switch) is resumed by the switch, unless
// keepHeld() says its clients are held on purpose (a rollback in hold mode): then it stays PAUSED.
// With several PgBouncers, each in turn; if one fails, those already switched are put back the
// same way (old file, RELOAD, RESUME, a look), so that they never stay split between two nodes
// unless the step says so.
// cancel() never blocks: every admin connection and command has a deadline, and a cancel shortens
// what is left to a restore budget well under a second.
// Hosts file: rewrite the lines of the endpoint's host names (all in one write) in the hosts file
// of every listed host; the inverse remembers where each name pointed.

#include "engine/action.h"
#include "engine/target.h"

#include <QDeadlineTimer>
#include <QJsonObject>
#include <QMap>
#include <atomic>
#include <mutex>
#include <optional>

class SqlSession;

class SwitchAction : public Action {
public:
    // from: the node the endpoint routes to now (for the recorded inverse); to: where it goes.
    SwitchAction(EndpointTarget endpoint, NodeTarget to, QString fromNode = QString());
    // A recorded inverse of a hosts switch: each name goes back to its own address.
    void restoreAddresses(QMap<QString, QString> addresses) { m_restore = std::move(addresses); }
    // Clients are held through a rollback: a database found PAUSED is retargeted and left PAUSED
    // (the run RESUMEs it later); the look then checks the route, paused or not (a RESUME of the
    // run's own may come meanwhile). A database not paused is switched as usual.
    void keepHeld() { m_keepHeld = true; }
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
    // The inverse a switch records: point `endpoint` back at node `to`.
    static QJsonObject inverseOf(const QString& endpoint, const QString& to);

    // What PgBouncer's admin console says about one database (SHOW DATABASES).
    struct PgbouncerRoute {
        QString host;
        int port = 0;
        bool paused = false;
    };
    static std::optional<PgbouncerRoute> pgbouncerRoute(SqlSession& admin, const QString& database, QString* error);
    // Connects to a PgBouncer admin console (deadline-bound). False with `error` set.
    static bool connectAdmin(SqlSession& admin, const QString& adminConninfo, int timeoutMs, QString* error);
    // Every PgBouncer of a pgbouncer endpoint (the top-level fields when it lists none).
    static QList<EndpointTarget::Instance> instancesOf(const EndpointTarget& endpoint);

    // Restore milestones while cancelled: the whole way back must fit in well under a second.
    static constexpr int kRestoreBudgetMs = 600;
    static constexpr int kAdminTimeoutMs = 10000; // a command PgBouncer does not answer in this long failed
    static constexpr int kAdminConnectSeconds = 5; // unless the admin conninfo says connect_timeout

private:
    // One PgBouncer as it was before its switch: what a put-back restores.
    struct Previous {
        QByteArray file;
        PgbouncerRoute route;
    };
    StepResult runPgbouncer(const ActionContext& context);
    // Switches one PgBouncer to host:port/dbname; on success `previous` says how it was.
    StepResult switchInstance(const ActionContext& context, const EndpointTarget::Instance& instance, const QString& host,
        int port, const QString& dbname, Previous* previous);
    // The way back for one PgBouncer: its old file, RELOAD, RESUME on a fresh connection, and a
    // look. True once PgBouncer shows the old route, not paused; otherwise `error` says why not.
    bool putBack(const ActionContext& context, const EndpointTarget::Instance& instance, const Previous& previous,
        const QDeadlineTimer& budget, bool registerForCancel, QString* error);
    StepResult runHosts(const ActionContext& context);
    // Sends one admin command on the current session, registered for cancel().
    bool admin(SqlSession& session, const QString& command, int timeoutMs, QString* error);

    EndpointTarget m_endpoint;
    NodeTarget m_to;
    QString m_from;
    QMap<QString, QString> m_restore;
    QJsonObject m_previousAddresses; // hosts: where each name pointed before, for the inverse
    bool m_keepHeld = false;
    std::atomic<bool> m_cancelled { false };
    std::mutex m_sessionMutex; // guards m_session; held only to call its non-blocking cancel()
    SqlSession* m_session = nullptr;
};
