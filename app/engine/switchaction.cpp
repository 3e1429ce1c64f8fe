#include "engine/switchaction.h"

#include "core/conninfo.h"
#include "engine/hostfile.h"
#include "core/sqlsession.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <algorithm>

namespace {
StepResult failed(const QString& error)
{
    StepResult r;
    r.outcome = StepOutcome::Failed;
    r.error = error;
    return r;
}

// Splits a pgbouncer connection line "host=a port=5 dbname='x y'" into ordered key/value pairs.
QList<std::pair<QString, QString>> splitEntry(const QString& value)
{
    QList<std::pair<QString, QString>> out;
    static const QRegularExpression kv(QStringLiteral(R"((\w+)\s*=\s*('(?:[^']|'')*'|\S+))"));
    auto it = kv.globalMatch(value);
    while (it.hasNext()) {
        const auto m = it.next();
        out.append({ m.captured(1), m.captured(2) });
    }
    return out;
}
} // namespace

SwitchAction::SwitchAction(EndpointTarget endpoint, NodeTarget to, QString fromNode)
    : m_endpoint(std::move(endpoint))
    , m_to(std::move(to))
    , m_from(std::move(fromNode))
{
}

void SwitchAction::cancel()
{
    m_cancelled = true;
    // SqlSession::cancel() returns at once (its cancel request goes out on a thread of its own).
    std::lock_guard lock(m_sessionMutex);
    if (m_session)
        m_session->cancel();
}

QJsonObject SwitchAction::inverseOf(const QString& endpoint, const QString& to)
{
    return { { QStringLiteral("kind"), QStringLiteral("switch") }, { QStringLiteral("endpoint"), endpoint },
        { QStringLiteral("to"), to } };
}

StepResult SwitchAction::run(const ActionContext& context)
{
    StepResult r = m_endpoint.kind == QLatin1String("hosts") ? runHosts(context) : runPgbouncer(context);
    if (r.outcome == StepOutcome::Succeeded) {
        r.inverse = inverseOf(m_endpoint.name, m_from);
        if (!m_previousAddresses.isEmpty())
            r.inverse.insert(QStringLiteral("addresses"), m_previousAddresses);
    }
    return r;
}

bool SwitchAction::connectAdmin(SqlSession& admin, const QString& adminConninfo, int timeoutMs, QString* error)
{
    admin.setMaxRows(1000);
    // The admin console ignores cancel requests: a command it does not answer is given up on fast.
    admin.setCancelGraceMs(150);
    if (admin.connect(adminConninfo, kAdminConnectSeconds, QDeadlineTimer(timeoutMs)))
        return true;
    *error = admin.lastError().describe();
    return false;
}

QList<EndpointTarget::Instance> SwitchAction::instancesOf(const EndpointTarget& endpoint)
{
    return endpoint.instances.isEmpty()
        ? QList<EndpointTarget::Instance> { { endpoint.adminConninfo, endpoint.configPath, endpoint.host } }
        : endpoint.instances;
}

std::optional<SwitchAction::PgbouncerRoute> SwitchAction::pgbouncerRoute(SqlSession& admin, const QString& database, QString* error)
{
    const auto sets = admin.exec(QStringLiteral("SHOW DATABASES"), QDeadlineTimer(kAdminTimeoutMs));
    if (!sets || sets->isEmpty()) {
        *error = QStringLiteral("SHOW DATABASES: %1").arg(sets ? QStringLiteral("no result") : admin.lastError().describe());
        return std::nullopt;
    }
    const SqlResultSet& rows = sets->last();
    const qsizetype name = rows.columns.indexOf(QStringLiteral("name"));
    const qsizetype host = rows.columns.indexOf(QStringLiteral("host"));
    const qsizetype port = rows.columns.indexOf(QStringLiteral("port"));
    const qsizetype paused = rows.columns.indexOf(QStringLiteral("paused"));
    for (const QStringList& row : rows.rows)
        if (row.value(name) == database)
            return PgbouncerRoute { row.value(host), row.value(port).toInt(), row.value(paused) == QLatin1String("1") };
    *error = QStringLiteral("PgBouncer lists no database %1 (SHOW DATABASES)").arg(database);
    return std::nullopt;
}

bool SwitchAction::admin(SqlSession& session, const QString& command, int timeoutMs, QString* error)
{
    {
        std::lock_guard lock(m_sessionMutex);
        m_session = &session;
        if (m_cancelled)
            session.cancel();
    }
    const bool ok = session.exec(command, QDeadlineTimer(timeoutMs)).has_value();
    {
        std::lock_guard lock(m_sessionMutex);
        m_session = nullptr;
    }
    if (!ok)
        *error = m_cancelled ? QStringLiteral("cancelled during %1").arg(command)
                             : QStringLiteral("%1: %2").arg(command, session.lastError().describe());
    return ok;
}

std::optional<QByteArray> SwitchAction::retargetPgbouncerIni(const QByteArray& ini, const QString& database,
    const QString& host, int port, const QString& dbname, QString* previousTarget)
{
    QList<QByteArray> lines = ini.split('\n');
    bool inDatabases = false;
    for (QByteArray& raw : lines) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(QLatin1Char('['))) {
            inDatabases = line.compare(QLatin1String("[databases]"), Qt::CaseInsensitive) == 0;
            continue;
        }
        if (!inDatabases || line.startsWith(QLatin1Char(';')) || line.startsWith(QLatin1Char('#')))
            continue;
        const int eq = line.indexOf(QLatin1Char('='));
        if (eq < 0 || line.left(eq).trimmed() != database)
            continue;
        auto pairs = splitEntry(line.mid(eq + 1));
        QString oldHost, oldPort;
        auto set = [&pairs](const QString& key, const QString& value) {
            for (auto& p : pairs)
                if (p.first == key) {
                    p.second = value;
                    return;
                }
            pairs.append({ key, value });
        };
        for (const auto& p : pairs) {
            if (p.first == QLatin1String("host"))
                oldHost = p.second;
            if (p.first == QLatin1String("port"))
                oldPort = p.second;
        }
        if (previousTarget)
            *previousTarget = oldHost + QLatin1Char(':') + oldPort;
        set(QStringLiteral("host"), host);
        set(QStringLiteral("port"), QString::number(port));
        if (!dbname.isEmpty())
            set(QStringLiteral("dbname"), dbname);
        QStringList parts;
        for (const auto& p : pairs)
            parts << p.first + QLatin1Char('=') + p.second;
        raw = (database + QStringLiteral(" = ") + parts.join(QLatin1Char(' '))).toUtf8();
        return lines.join('\n');
    }
    return std::nullopt;
}

StepResult SwitchAction::runPgbouncer(const ActionContext& context)
{
    QString error;
    const auto target = Conninfo::parse(m_to.conninfo, &error);
    if (!target)
        return failed(QStringLiteral("the conninfo of %1 is not valid: %2").arg(m_to.name, error));
    const QString host = target->value(QStringLiteral("host"), target->value(QStringLiteral("hostaddr"), QStringLiteral("127.0.0.1")));
    const int port = target->value(QStringLiteral("port"), QString::number(m_to.port ? m_to.port : 5432)).toInt();
    const QString dbname = target->value(QStringLiteral("dbname"), m_endpoint.database);

    const QList<EndpointTarget::Instance> instances = instancesOf(m_endpoint);
    QList<std::pair<EndpointTarget::Instance, Previous>> switched;
    for (const EndpointTarget::Instance& instance : instances) {
        if (instances.size() > 1)
            context.output(QStringLiteral("PgBouncer %1 of %2 (%3 on %4)")
                               .arg(switched.size() + 1)
                               .arg(instances.size())
                               .arg(instance.configPath, instance.host));
        Previous previous;
        StepResult r = switchInstance(context, instance, host, port, dbname, &previous);
        if (r.ok()) {
            switched.append({ instance, previous });
            continue;
        }
        if (switched.isEmpty())
            return r;
        // Every PgBouncer routes alike, or the switch did not happen: put back those switched already.
        const QDeadlineTimer budget(m_cancelled ? kRestoreBudgetMs : kAdminTimeoutMs + 5000);
        for (qsizetype i = switched.size() - 1; i >= 0; --i) {
            const auto& [done, before] = switched[i];
            const QString back = QStringLiteral("%1:%2").arg(before.route.host).arg(before.route.port);
            QString why;
            if (putBack(context, done, before, budget, !m_cancelled, &why)) {
                r.error += QStringLiteral("; PgBouncer %1 on %2 put back on %3 (verified)").arg(done.configPath, done.host, back);
                continue;
            }
            r.error += QStringLiteral("; PgBouncer %1 on %2 could not be verified back on %3 (%4): it may be left PAUSED or routing to "
                                      "%5:%6. Rolling back (or running the switch again) checks and restores it")
                           .arg(done.configPath, done.host, back, why, host)
                           .arg(port);
            r.inverse = inverseOf(m_endpoint.name, m_from);
            r.inverse.insert(QStringLiteral("unverified"), true);
        }
        return r;
    }
    StepResult ok;
    ok.outcome = StepOutcome::Succeeded;
    return ok;
}

StepResult SwitchAction::switchInstance(const ActionContext& context, const EndpointTarget::Instance& instance,
    const QString& host, int port, const QString& dbname, Previous* previousOut)
{
    QString error;
    const QString db = m_endpoint.database;
    const HostFile file(instance.host, instance.configPath, m_endpoint.sshConfig);
    const auto original = file.read(&error);
    if (!original)
        return failed(error);
    QString previous;
    const auto updated = retargetPgbouncerIni(*original, db, host, port, dbname, &previous);
    if (!updated)
        return failed(QStringLiteral("%1 has no [databases] entry named %2").arg(instance.configPath, db));
    const auto cancelled = [](const QString& why) {
        StepResult r;
        r.outcome = StepOutcome::Cancelled;
        r.error = why;
        return r;
    };

    // Before PAUSE: anything that fails or is cancelled here has changed nothing.
    SqlSession session;
    {
        std::lock_guard lock(m_sessionMutex);
        m_session = &session;
        if (m_cancelled)
            session.cancel();
    }
    const bool connected = connectAdmin(session, instance.adminConninfo, kAdminConnectSeconds * 1000 + 1000, &error);
    {
        std::lock_guard lock(m_sessionMutex);
        m_session = nullptr;
    }
    if (m_cancelled)
        return cancelled(QStringLiteral("cancelled before PAUSE: nothing changed"));
    if (!connected)
        return failed(QStringLiteral("cannot reach the PgBouncer admin console of %1: %2").arg(m_endpoint.name, error));
    // A server login that PAUSE cuts short counts as failed, and PgBouncer then waits
    // server_login_retry before connecting again: clients arriving mid-switch stall that long.
    if (const auto config = session.exec(QStringLiteral("SHOW CONFIG"), QDeadlineTimer(kAdminTimeoutMs)); config && !config->isEmpty()) {
        for (const QStringList& row : config->last().rows)
            if (row.value(0) == QLatin1String("server_login_retry") && row.value(1).toInt() > 2)
                context.output(QStringLiteral("warning: PgBouncer's server_login_retry is %1 s: a client that connects during the "
                                              "switch may wait that long; 1 s is safer for switches")
                                   .arg(row.value(1)));
    }
    const auto before = pgbouncerRoute(session, db, &error);
    if (!before)
        return failed(error);
    if (m_cancelled)
        return cancelled(QStringLiteral("cancelled before PAUSE: nothing changed"));
    *previousOut = Previous { *original, *before };

    // From PAUSE on, every way out ends in a state PgBouncer itself has shown.
    QElapsedTimer paused;
    paused.start();
    QString stepError;
    const bool stayHeld = before->paused && m_keepHeld;
    if (stayHeld) {
        context.output(QStringLiteral("%1 is PAUSED (clients held through the rollback): retargeted without RESUME").arg(db));
    } else if (before->paused) {
        context.output(QStringLiteral("%1 is PAUSED already (clients held for the write window, or a switch interrupted earlier): "
                                      "this switch resumes it")
                           .arg(db));
    } else if (before->host == host && before->port == port && *updated == *original) {
        // Nothing to change: no PAUSE either (it would wait for clients' transactions for nothing).
        context.output(QStringLiteral("%1 routes to %2:%3 (%4) already, not paused: nothing to change").arg(db, host).arg(port).arg(m_to.name));
        StepResult ok;
        ok.outcome = StepOutcome::Succeeded;
        return ok;
    } else {
        context.output(QStringLiteral("PAUSE %1 (routes to %2)").arg(db, previous));
        if (!admin(session, QStringLiteral("PAUSE %1").arg(db), kAdminTimeoutMs, &stepError))
            stepError = QStringLiteral("PAUSE did not complete (%1)").arg(stepError);
    }
    if (stepError.isEmpty() && !file.replace(*updated, &stepError))
        stepError = QStringLiteral("could not rewrite %1: %2").arg(instance.configPath, stepError);
    if (stepError.isEmpty() && !admin(session, QStringLiteral("RELOAD"), kAdminTimeoutMs, &stepError))
        stepError = QStringLiteral("RELOAD did not complete (%1)").arg(stepError);
    if (stepError.isEmpty() && !stayHeld && !admin(session, QStringLiteral("RESUME %1").arg(db), kAdminTimeoutMs, &stepError))
        stepError = QStringLiteral("RESUME did not complete (%1)").arg(stepError);
    if (stepError.isEmpty()) {
        const auto now = pgbouncerRoute(session, db, &error);
        if (stayHeld && now && now->host == host && now->port == port) {
            context.output(QStringLiteral("%1 now routes to %2:%3 (%4), %5 (verified)")
                               .arg(db, host)
                               .arg(port)
                               .arg(m_to.name, now->paused ? QStringLiteral("still PAUSED: its clients stay held") : QStringLiteral("resumed meanwhile")));
            StepResult ok;
            ok.outcome = StepOutcome::Succeeded;
            return ok;
        }
        if (now && now->host == host && now->port == port && !now->paused) {
            context.output(QStringLiteral("%1 now routes to %2:%3 (%4), not paused (verified)").arg(db, host).arg(port).arg(m_to.name));
            context.output(QStringLiteral("RESUME %1 after %2 ms paused").arg(db).arg(paused.elapsed()));
            StepResult ok;
            ok.outcome = StepOutcome::Succeeded;
            return ok;
        }
        stepError = now ? QStringLiteral("after RELOAD and RESUME PgBouncer shows %1 routing to %2:%3%4, not %5:%6")
                              .arg(db, now->host)
                              .arg(now->port)
                              .arg(now->paused ? QStringLiteral(" (PAUSED)") : QString(), host)
                              .arg(port)
                        : error;
    }
    session.close();

    // The way back, on a fresh connection (the old one may be mid-command). Cancelled, it has a
    // budget well under a second.
    const bool wasCancelled = m_cancelled;
    const QDeadlineTimer budget(wasCancelled ? kRestoreBudgetMs : kAdminTimeoutMs + 5000);
    const QString back = QStringLiteral("%1:%2").arg(before->host).arg(before->port);
    QString restoreError;
    const bool verified = putBack(context, instance, *previousOut, budget, !wasCancelled, &restoreError);
    StepResult r;
    r.outcome = wasCancelled ? StepOutcome::Cancelled : StepOutcome::Failed;
    if (verified) {
        r.error = QStringLiteral("%1; PgBouncer is back on %2 (%3), not paused (verified)").arg(stepError, back, m_from);
        return r;
    }
    // Unknown: say what may be left, and record the way back so a rollback (or a rerun) checks it.
    r.error = QStringLiteral("%1; PgBouncer could not be verified back on %2 (%3): %4 may be left PAUSED or routing to %5:%6; its "
                             "config file routes to %2. Rolling back (or running the switch again) checks and restores it")
                  .arg(stepError, back, restoreError, db, host)
                  .arg(port);
    r.inverse = inverseOf(m_endpoint.name, m_from);
    r.inverse.insert(QStringLiteral("unverified"), true);
    return r;
}

bool SwitchAction::putBack(const ActionContext& context, const EndpointTarget::Instance& instance, const Previous& previous,
    const QDeadlineTimer& budget, bool registerForCancel, QString* error)
{
    const QString db = m_endpoint.database;
    const HostFile file(instance.host, instance.configPath, m_endpoint.sshConfig);
    if (!file.replace(previous.file, error)) {
        *error = QStringLiteral("could not put the old %1 back: %2").arg(instance.configPath, *error);
        return false;
    }
    SqlSession restore;
    // A cancel arriving now (not before: the budget took care of that) cuts the way back short.
    const auto registered = [this, &restore](bool on) {
        std::lock_guard lock(m_sessionMutex);
        m_session = on ? &restore : nullptr;
    };
    if (registerForCancel)
        registered(true);
    bool verified = false;
    if (!connectAdmin(restore, instance.adminConninfo, int(std::max<qint64>(1, budget.remainingTime())), error)) {
        *error = QStringLiteral("PgBouncer did not answer (%1)").arg(*error);
    } else if (!restore.exec(QStringLiteral("RELOAD"), budget)) {
        *error = QStringLiteral("RELOAD: %1").arg(restore.lastError().describe());
    } else {
        restore.exec(QStringLiteral("RESUME %1").arg(db), budget); // "is not paused" is fine: the look decides
        const auto now = budget.hasExpired() ? std::nullopt : pgbouncerRoute(restore, db, error);
        verified = now && now->host == previous.route.host && now->port == previous.route.port && !now->paused;
        if (now && !verified)
            *error = QStringLiteral("PgBouncer shows %1 routing to %2:%3%4").arg(db, now->host).arg(now->port).arg(now->paused ? QStringLiteral(" (PAUSED)") : QString());
        else if (!now && error->isEmpty())
            *error = QStringLiteral("no time left to look");
    }
    registered(false);
    if (verified)
        context.output(QStringLiteral("%1 routes to %2:%3 again, not paused (verified)").arg(db, previous.route.host).arg(previous.route.port));
    return verified;
}

QByteArray SwitchAction::retargetHostsFile(const QByteArray& hosts, const QString& hostname, const QString& address)
{
    QList<QByteArray> lines = hosts.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    bool replaced = false;
    QList<QByteArray> out;
    for (const QByteArray& raw : lines) {
        const QString line = QString::fromUtf8(raw);
        const QString body = line.section(QLatin1Char('#'), 0, 0);
        QStringList words = body.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (words.size() >= 2 && words.mid(1).contains(hostname)) {
            if (!replaced)
                out << (address + QLatin1Char('\t') + hostname).toUtf8();
            replaced = true;
            // Other names on the same line keep their old address.
            words.removeAll(hostname);
            if (words.size() >= 2)
                out << words.join(QLatin1Char(' ')).toUtf8();
            continue;
        }
        out << raw;
    }
    if (!replaced)
        out << (address + QLatin1Char('\t') + hostname).toUtf8();
    return out.join('\n') + '\n';
}

QString SwitchAction::addressInHostsFile(const QByteArray& hosts, const QString& hostname)
{
    for (const QByteArray& raw : hosts.split('\n')) {
        const QString body = QString::fromUtf8(raw).section(QLatin1Char('#'), 0, 0);
        const QStringList words = body.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
        if (words.size() >= 2 && words.mid(1).contains(hostname))
            return words.first();
    }
    return QString();
}

StepResult SwitchAction::runHosts(const ActionContext& context)
{
    const QString address = m_endpoint.addresses.value(m_to.name);
    if (address.isEmpty() && m_restore.isEmpty())
        return failed(QStringLiteral("endpoint %1 has no address for node %2").arg(m_endpoint.name, m_to.name));
    const QStringList names = m_endpoint.hostnames.isEmpty() ? QStringList { m_endpoint.hostname } : m_endpoint.hostnames;
    const QStringList hosts = m_endpoint.hosts.isEmpty() ? QStringList { m_endpoint.host } : m_endpoint.hosts;
    m_previousAddresses = {};
    for (const QString& host : hosts) {
        if (m_cancelled) {
            StepResult r;
            r.outcome = StepOutcome::Cancelled;
            r.error = QStringLiteral("cancelled before %1").arg(host);
            return r;
        }
        QString error;
        const HostFile file(host, m_endpoint.hostsFile, m_endpoint.sshConfig);
        const auto content = file.read(&error);
        if (!content)
            return failed(error);
        // Every name in one write: clients never see the primary's name moved and the replicas' not.
        QByteArray updated = *content;
        QStringList moves;
        for (const QString& name : names) {
            const QString before = addressInHostsFile(*content, name);
            if (!m_previousAddresses.contains(name) && !before.isEmpty())
                m_previousAddresses.insert(name, before);
            const QString to = m_restore.value(name, address);
            if (to.isEmpty())
                continue;
            updated = retargetHostsFile(updated, name, to);
            moves << QStringLiteral("%1 %2 -> %3").arg(name, before.isEmpty() ? QStringLiteral("(none)") : before, to);
        }
        if (!file.replace(updated, &error))
            return failed(error);
        context.output(QStringLiteral("%1: %2").arg(host, moves.join(QStringLiteral(", "))));
    }
    StepResult r;
    r.outcome = StepOutcome::Succeeded;
    return r;
}
