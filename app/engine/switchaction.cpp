#include "engine/switchaction.h"

#include "core/conninfo.h"
#include "core/pgconnection.h"
#include "engine/hostfile.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <libpq-fe.h>
#include <sys/select.h>

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
    QMutexLocker lock(&m_connMutex);
    if (m_conn) {
        if (PGcancel* c = PQgetCancel(m_conn)) {
            char buf[256];
            PQcancel(c, buf, sizeof buf);
            PQfreeCancel(c);
        }
    }
}

StepResult SwitchAction::run(const ActionContext& context)
{
    StepResult r = m_endpoint.kind == QLatin1String("hosts") ? runHosts(context) : runPgbouncer(context);
    if (r.outcome == StepOutcome::Succeeded) {
        r.inverse = { { QStringLiteral("kind"), QStringLiteral("switch") }, { QStringLiteral("endpoint"), m_endpoint.name },
            { QStringLiteral("to"), m_from } };
        if (!m_previousAddresses.isEmpty())
            r.inverse.insert(QStringLiteral("addresses"), m_previousAddresses);
    }
    return r;
}

bool SwitchAction::admin(const QString& command, QString* error, int timeoutMs)
{
    // The admin console speaks the simple query protocol only; poll so cancel() and the deadline work.
    if (!PQsendQuery(m_conn, command.toUtf8().constData())) {
        *error = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
        return false;
    }
    QElapsedTimer t;
    t.start();
    bool ok = true;
    while (true) {
        if (!PQconsumeInput(m_conn)) {
            *error = QString::fromUtf8(PQerrorMessage(m_conn)).trimmed();
            return false;
        }
        if (!PQisBusy(m_conn))
            break;
        if (m_cancelled || t.elapsed() > timeoutMs) {
            *error = m_cancelled ? QStringLiteral("cancelled during %1").arg(command) : QStringLiteral("%1 did not finish within %2 ms").arg(command).arg(timeoutMs);
            return false;
        }
        fd_set fds;
        FD_ZERO(&fds);
        FD_SET(PQsocket(m_conn), &fds);
        timeval tv { 0, 20000 };
        ::select(PQsocket(m_conn) + 1, &fds, nullptr, nullptr, &tv);
    }
    while (PGresult* res = PQgetResult(m_conn)) {
        const auto st = PQresultStatus(res);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            *error = QStringLiteral("%1: %2").arg(command, QString::fromUtf8(PQresultErrorMessage(res)).trimmed());
            ok = false;
        }
        PQclear(res);
    }
    return ok;
}

QList<QStringList> SwitchAction::adminRows(const QString& command, QString* error)
{
    QList<QStringList> rows;
    PGresult* res = PQexec(m_conn, command.toUtf8().constData());
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        *error = QString::fromUtf8(PQresultErrorMessage(res)).trimmed();
        PQclear(res);
        return rows;
    }
    QStringList header;
    for (int c = 0; c < PQnfields(res); ++c)
        header << QString::fromUtf8(PQfname(res, c));
    rows << header;
    for (int r = 0; r < PQntuples(res); ++r) {
        QStringList row;
        for (int c = 0; c < PQnfields(res); ++c)
            row << QString::fromUtf8(PQgetvalue(res, r, c));
        rows << row;
    }
    PQclear(res);
    return rows;
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
    const IniChange retarget = [&](const QByteArray& current, QString* why) -> std::optional<QByteArray> {
        QString previous;
        auto updated = retargetPgbouncerIni(current, m_endpoint.database, host, port, dbname, &previous);
        if (!updated)
            *why = QStringLiteral("has no [databases] entry named %1").arg(m_endpoint.database);
        return updated;
    };
    const QList<EndpointTarget::Instance> instances = m_endpoint.instances.isEmpty()
        ? QList<EndpointTarget::Instance> { { m_endpoint.adminConninfo, m_endpoint.configPath, m_endpoint.host } }
        : m_endpoint.instances;
    QList<QByteArray> originals;
    for (const EndpointTarget::Instance& instance : instances) {
        if (instances.size() > 1)
            context.output(QStringLiteral("PgBouncer %1 of %2 (%3 @ %4)").arg(originals.size() + 1).arg(instances.size()).arg(instance.configPath, instance.host));
        QByteArray original;
        StepResult r = switchInstance(context, instance, retarget, &original);
        if (r.ok()) {
            originals << original;
            continue;
        }
        // Every PgBouncer routes alike, or the switch did not happen: put back those switched already.
        for (qsizetype i = originals.size() - 1; i >= 0; --i) {
            const QByteArray before = originals[i];
            QByteArray ignored;
            m_cancelled = false;
            const StepResult back = switchInstance(context, instances[i], [&before](const QByteArray&, QString*) { return std::optional<QByteArray>(before); }, &ignored);
            r.error += back.ok() ? QStringLiteral("; %1 @ %2 put back as it was").arg(instances[i].configPath, instances[i].host)
                                 : QStringLiteral("; %1 @ %2 COULD NOT BE PUT BACK: %3").arg(instances[i].configPath, instances[i].host, back.error);
        }
        return r;
    }
    StepResult result;
    result.outcome = StepOutcome::Succeeded;
    return result;
}

StepResult SwitchAction::switchInstance(const ActionContext& context, const EndpointTarget::Instance& instance, const IniChange& change,
    QByteArray* originalOut)
{
    QString error;
    const HostFile file(instance.host, instance.configPath, m_endpoint.sshConfig);
    const auto original = file.read(&error);
    if (!original)
        return failed(error);
    *originalOut = *original;
    const auto updated = change(*original, &error);
    if (!updated)
        return failed(QStringLiteral("%1 %2").arg(instance.configPath, error));
    QString previous;
    retargetPgbouncerIni(*original, m_endpoint.database, QString(), 0, QString(), &previous);

    {
        QMutexLocker lock(&m_connMutex);
        m_conn = PQconnectdb(instance.adminConninfo.toUtf8().constData());
    }
    auto closeConn = [this] {
        QMutexLocker lock(&m_connMutex);
        PQfinish(m_conn);
        m_conn = nullptr;
    };
    if (PQstatus(m_conn) != CONNECTION_OK) {
        const QString msg = maskConninfo(QString::fromUtf8(PQerrorMessage(m_conn)).trimmed());
        closeConn();
        return failed(QStringLiteral("cannot reach the PgBouncer admin console of %1: %2").arg(m_endpoint.name, msg));
    }
    if (m_cancelled) {
        closeConn();
        StepResult r;
        r.outcome = StepOutcome::Cancelled;
        return r;
    }
    const QString db = m_endpoint.database;
    // A server login that PAUSE cuts short counts as failed, and PgBouncer then waits
    // server_login_retry before connecting again: clients arriving mid-switch stall that long.
    QString configError;
    for (const QStringList& row : adminRows(QStringLiteral("SHOW CONFIG"), &configError)) {
        if (row.value(0) == QLatin1String("server_login_retry") && row.value(1).toInt() > 2)
            context.output(QStringLiteral("warning: PgBouncer's server_login_retry is %1 s: a client that connects during the "
                                          "switch may wait that long; 1 s is safer for switches")
                               .arg(row.value(1)));
    }
    context.output(QStringLiteral("PAUSE %1 (routes to %2)").arg(db, previous));
    QElapsedTimer paused;
    paused.start();
    if (!admin(QStringLiteral("PAUSE %1").arg(db), &error)) {
        // PAUSE may have taken effect before we gave up on it: undo it on a fresh connection.
        closeConn();
        PgConnection resume;
        if (resume.open(instance.adminConninfo, 5))
            resume.exec(QStringLiteral("RESUME %1").arg(db));
        StepResult r = failed(error);
        if (m_cancelled)
            r.outcome = StepOutcome::Cancelled;
        return r;
    }
    StepResult result;
    QString stepError;
    if (!file.replace(*updated, &stepError)) {
        stepError = QStringLiteral("could not rewrite %1: %2").arg(instance.configPath, stepError);
    } else if (!admin(QStringLiteral("RELOAD"), &stepError)) {
        QString restoreError;
        if (file.replace(*original, &restoreError)) {
            QString ignored;
            admin(QStringLiteral("RELOAD"), &ignored);
        }
        stepError = QStringLiteral("RELOAD failed, old configuration restored: %1").arg(stepError);
    } else {
        QString now;
        retargetPgbouncerIni(*updated, db, QString(), 0, QString(), &now);
        context.output(QStringLiteral("%1 now routes to %2 (%3)").arg(db, now, m_to.name));
    }
    QString resumeError;
    if (!admin(QStringLiteral("RESUME %1").arg(db), &resumeError, 10000)) {
        // The guarantee: clients never stay paused because of us. Try once more, fresh.
        closeConn();
        PgConnection resume;
        if (!resume.open(instance.adminConninfo, 5) || !resume.exec(QStringLiteral("RESUME %1").arg(db)))
            stepError += QStringLiteral(" RESUME %1 FAILED: clients stay paused until someone runs RESUME on the admin console (%2)")
                             .arg(db, resumeError);
    }
    context.output(QStringLiteral("RESUME %1 after %2 ms paused").arg(db).arg(paused.elapsed()));
    closeConn();
    if (!stepError.isEmpty())
        return failed(stepError);
    result.outcome = StepOutcome::Succeeded;
    return result;
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
