#include "engine/holdaction.h"

#include "core/sqlsession.h"
#include "engine/switchaction.h"

#include <QElapsedTimer>
#include <future>
#include <thread>

namespace {
// The rows of one SHOW command whose `database` column is `database`, as column -> value maps.
QList<QMap<QString, QString>> adminRows(SqlSession& admin, const QString& command, const QString& database)
{
    QList<QMap<QString, QString>> out;
    const auto sets = admin.exec(command, QDeadlineTimer(SwitchAction::kAdminTimeoutMs));
    if (!sets || sets->isEmpty())
        return out;
    const SqlResultSet& rows = sets->last();
    for (const QStringList& row : rows.rows) {
        QMap<QString, QString> named;
        for (qsizetype c = 0; c < rows.columns.size(); ++c)
            named.insert(rows.columns[c], row.value(c));
        if (named.value(QStringLiteral("database")) == database)
            out << named;
    }
    return out;
}

// What PAUSE is waiting on: the clients of `database` still linked to a server (inside a transaction).
QString waitingOn(SqlSession& look, const QString& database)
{
    QStringList clients;
    for (const auto& c : adminRows(look, QStringLiteral("SHOW CLIENTS"), database))
        if (c.value(QStringLiteral("state")) == QLatin1String("active"))
            clients << QStringLiteral("%1:%2 (user %3, request since %4)")
                           .arg(c.value(QStringLiteral("addr")), c.value(QStringLiteral("port")), c.value(QStringLiteral("user")),
                               c.value(QStringLiteral("request_time")));
    int servers = 0;
    for (const auto& s : adminRows(look, QStringLiteral("SHOW SERVERS"), database))
        servers += s.value(QStringLiteral("state")) == QLatin1String("active") ? 1 : 0;
    if (servers == 0 && clients.isEmpty())
        return QString();
    return QStringLiteral("%1 server connection(s) still inside a transaction; clients: %2")
        .arg(servers)
        .arg(clients.isEmpty() ? QStringLiteral("(none listed)") : clients.join(QStringLiteral(", ")));
}
} // namespace

HoldAction::HoldAction(EndpointTarget endpoint, std::unique_ptr<Action> inner)
    : m_endpoint(std::move(endpoint))
    , m_inner(std::move(inner))
{
}

HoldAction::~HoldAction() = default;

std::unique_ptr<HoldAction> HoldAction::release(EndpointTarget endpoint)
{
    auto action = std::make_unique<HoldAction>(std::move(endpoint), nullptr);
    action->m_release = true;
    return action;
}

StepResult HoldAction::runRelease(const ActionContext& context)
{
    // Every PgBouncer is resumed, even when one fails: clients are never left held where it can be helped.
    QStringList failures;
    for (const EndpointTarget::Instance& instance : SwitchAction::instancesOf(m_endpoint)) {
        QString why;
        if (resume(instance, &why, SwitchAction::kAdminTimeoutMs))
            context.output(QStringLiteral("RESUME %1 on %2: not paused (verified)").arg(m_endpoint.database, instance.host));
        else
            failures << QStringLiteral("PgBouncer %1 on %2: %3").arg(instance.configPath, instance.host, why);
    }
    StepResult r;
    r.outcome = failures.isEmpty() ? StepOutcome::Succeeded : StepOutcome::Failed;
    if (!failures.isEmpty())
        r.error = QStringLiteral("RESUME %1 could not be verified: %2").arg(m_endpoint.database, failures.join(QStringLiteral("; ")));
    return r;
}

void HoldAction::cancel()
{
    m_cancelled = true;
    {
        std::lock_guard lock(m_mutex);
        for (SqlSession* s : std::as_const(m_sessions))
            s->cancel();
    }
    if (m_inner && m_innerRunning)
        m_inner->cancel();
}

void HoldAction::registerSession(SqlSession* session)
{
    std::lock_guard lock(m_mutex);
    if (session) {
        m_sessions << session;
        if (m_cancelled)
            session->cancel();
    } else {
        m_sessions.clear();
    }
}

StepResult HoldAction::run(const ActionContext& context)
{
    StepResult r;
    if (m_endpoint.kind == QLatin1String("hosts")) {
        r.outcome = StepOutcome::Failed;
        r.error = QStringLiteral("endpoint %1 is a hosts file: it cannot hold clients (cutover: hold needs PgBouncer)").arg(m_endpoint.name);
        return r;
    }
    if (m_release)
        return runRelease(context);
    const QList<EndpointTarget::Instance> instances = SwitchAction::instancesOf(m_endpoint);
    QElapsedTimer held;
    held.start();
    QList<EndpointTarget::Instance> paused;
    QString error;
    for (const EndpointTarget::Instance& instance : instances) {
        paused << instance; // a PAUSE cut short may still take effect: resume it too
        error = pause(context, instance);
        if (!error.isEmpty())
            break;
    }
    if (!error.isEmpty()) {
        QStringList notes;
        for (const EndpointTarget::Instance& instance : std::as_const(paused)) {
            QString why;
            if (resume(instance, &why, SwitchAction::kRestoreBudgetMs * 2))
                notes << QStringLiteral("PgBouncer %1 on %2 resumed (verified)").arg(instance.configPath, instance.host);
            else
                notes << QStringLiteral("PgBouncer %1 on %2 could not be verified resumed (%3): rolling back resumes it")
                             .arg(instance.configPath, instance.host, why);
        }
        r.outcome = m_cancelled ? StepOutcome::Cancelled : StepOutcome::Failed;
        r.error = QStringLiteral("%1; %2").arg(error, notes.join(QStringLiteral("; ")));
        return r;
    }
    context.output(QStringLiteral("clients of %1 are held (PAUSE took %2 ms): their queries wait in PgBouncer until the switch")
                       .arg(m_endpoint.name)
                       .arg(held.elapsed()));
    if (!m_inner) {
        r.outcome = StepOutcome::Succeeded;
        return r;
    }
    m_innerRunning = true;
    if (m_cancelled)
        m_inner->cancel();
    return m_inner->run(context);
}

QString HoldAction::pause(const ActionContext& context, const EndpointTarget::Instance& instance)
{
    const QString db = m_endpoint.database;
    SqlSession session;
    SqlSession look;
    registerSession(&session);
    registerSession(&look);
    const auto done = [this](const QString& why) {
        registerSession(nullptr);
        return why;
    };
    QString error;
    const int connectMs = SwitchAction::kAdminConnectSeconds * 1000 + 1000;
    if (!SwitchAction::connectAdmin(session, instance.adminConninfo, connectMs, &error)
        || !SwitchAction::connectAdmin(look, instance.adminConninfo, connectMs, &error))
        return done(m_cancelled ? QStringLiteral("cancelled before PAUSE")
                                : QStringLiteral("cannot reach the PgBouncer admin console of %1: %2").arg(m_endpoint.name, error));
    const auto before = SwitchAction::pgbouncerRoute(look, db, &error);
    if (!before)
        return done(error);
    if (before->paused) {
        context.output(QStringLiteral("%1 is PAUSED already on %2 (a switch interrupted earlier?): the hold goes on").arg(db, instance.host));
        return done(QString());
    }
    context.output(QStringLiteral("PAUSE %1 (routes to %2:%3): clients' queries wait from now on").arg(db, before->host).arg(before->port));
    // PAUSE answers once every server connection of the database is released: on its own thread,
    // while this one says what it waits on.
    std::promise<QString> answered;
    std::future<QString> answer = answered.get_future();
    std::thread pauser([&session, &answered, db] {
        const bool ok = session.exec(QStringLiteral("PAUSE %1").arg(db)).has_value();
        answered.set_value(ok ? QString() : session.lastError().describe());
    });
    QElapsedTimer waited;
    waited.start();
    QString lastReport;
    while (answer.wait_for(std::chrono::milliseconds(kWaitReportMs)) != std::future_status::ready) {
        if (m_cancelled)
            continue; // the cancelled PAUSE returns within its grace time
        const QString on = waitingOn(look, db);
        if (!on.isEmpty() && on != lastReport)
            context.output(QStringLiteral("PAUSE %1 waits (%2 ms so far) for %3").arg(db).arg(waited.elapsed()).arg(on));
        lastReport = on;
    }
    pauser.join();
    const QString failure = answer.get();
    if (!failure.isEmpty())
        return done(m_cancelled ? QStringLiteral("cancelled while PAUSE %1 waited (%2 ms)").arg(db).arg(waited.elapsed())
                                : QStringLiteral("PAUSE %1 did not complete: %2").arg(db, failure));
    context.output(QStringLiteral("PAUSE %1 done on %2 after %3 ms").arg(db, instance.host).arg(waited.elapsed()));
    return done(QString());
}

bool HoldAction::resume(const EndpointTarget::Instance& instance, QString* error, int budgetMs)
{
    const QDeadlineTimer budget(budgetMs);
    SqlSession restore;
    if (!SwitchAction::connectAdmin(restore, instance.adminConninfo, int(std::max<qint64>(1, budget.remainingTime())), error))
        return false;
    restore.exec(QStringLiteral("RESUME %1").arg(m_endpoint.database), budget); // "not paused" is fine: the look decides
    const auto now = SwitchAction::pgbouncerRoute(restore, m_endpoint.database, error);
    if (now && now->paused)
        *error = QStringLiteral("%1 is still PAUSED").arg(m_endpoint.database);
    return now && !now->paused;
}
