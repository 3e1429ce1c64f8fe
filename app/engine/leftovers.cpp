#include "engine/leftovers.h"

#include "core/conninfo.h"
#include "engine/actionfactory.h"
#include "engine/shellprocess.h"
#include "core/sqlsession.h"
#include "engine/switchaction.h"
#include "journal/journalevent.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

namespace {
constexpr int kAdminTimeoutMs = 3000;

// The latest row of each step (forward and rollback apart) that did not end well.
QList<const StepRecord*> unfinished(const RunDetail& detail)
{
    QHash<QString, const StepRecord*> latest;
    for (const StepRecord& s : detail.steps)
        latest.insert((s.isRollback ? QStringLiteral("undo:") : QString()) + s.stepId, &s);
    QList<const StepRecord*> out;
    for (const StepRecord& s : detail.steps) {
        const StepRecord* last = latest.value((s.isRollback ? QStringLiteral("undo:") : QString()) + s.stepId);
        if (last == &s && s.result.outcome != StepOutcome::Succeeded && s.result.outcome != StepOutcome::Skipped)
            out << &s;
    }
    return out;
}

QString nodeAt(const Inventory& inventory, const QString& host, int port)
{
    for (const InventoryNode& n : inventory.nodes) {
        const auto params = Conninfo::parse(n.conninfo);
        if (params && params->value(QStringLiteral("port")).toInt() == port
            && params->value(QStringLiteral("host"), params->value(QStringLiteral("hostaddr"))) == host)
            return n.name;
    }
    return QStringLiteral("an address no inventory node has");
}

QString what(const StepRecord& s)
{
    return QStringLiteral("%1 '%2' (it %3)")
        .arg(s.isRollback ? QStringLiteral("the undo of step") : QStringLiteral("step"), s.stepId, stepOutcomeWords(s.result.outcome));
}
// Looks at every PgBouncer of endpoint `name` and resumes its database if it is left PAUSED. Each
// line begins with `why` (what may have left it so) and says what was found and done.
void settlePaused(const Inventory& inventory, const QString& name, const QString& why, QStringList* lines)
{
    const Endpoint* e = inventory.endpoint(name);
    if (!e || e->kind != Endpoint::Kind::PgBouncer)
        return;
    const EndpointTarget target = ActionFactory::endpointTarget(inventory, *e);
    const QList<EndpointTarget::Instance> instances = SwitchAction::instancesOf(target);
    for (const EndpointTarget::Instance& instance : instances) {
        const QString pgbouncer = instances.size() > 1 ? QStringLiteral("PgBouncer %1 on %2 of %3").arg(instance.configPath, instance.host, name)
                                                       : QStringLiteral("PgBouncer of %1").arg(name);
        SqlSession admin;
        QString error;
        if (!SwitchAction::connectAdmin(admin, instance.adminConninfo, kAdminTimeoutMs, &error)) {
            *lines << QStringLiteral("%1, and %2 cannot be reached to check it (%3): check that %4 is not left PAUSED")
                          .arg(why, pgbouncer, error, target.database);
            continue;
        }
        auto route = SwitchAction::pgbouncerRoute(admin, target.database, &error);
        if (!route) {
            *lines << QStringLiteral("%1; %2: %3").arg(why, pgbouncer, error);
            continue;
        }
        const bool wasPaused = route->paused;
        if (wasPaused) {
            admin.exec(QStringLiteral("RESUME %1").arg(target.database), QDeadlineTimer(kAdminTimeoutMs));
            route = SwitchAction::pgbouncerRoute(admin, target.database, &error);
        }
        const QString at = route ? QStringLiteral("%1 (%2:%3)").arg(nodeAt(inventory, route->host, route->port), route->host).arg(route->port)
                                 : QString();
        if (wasPaused && route && !route->paused)
            *lines << QStringLiteral("%1: %2 had %3 left PAUSED: resumed it (verified); it routes to %4").arg(why, pgbouncer, target.database, at);
        else if (wasPaused)
            *lines << QStringLiteral("%1: %2 had %3 left PAUSED, and RESUME did not take (%4): run RESUME %3 on its admin console")
                          .arg(why, pgbouncer, target.database, route ? QStringLiteral("still paused") : error);
        else
            *lines << QStringLiteral("%1: %2 routes %3 to %4, not paused").arg(why, pgbouncer, target.database, at);
    }
}

// Endpoints whose clients the run held (cutover: hold) and never journaled as let go: the run
// stopped while they were PAUSED (forward, or through a rollback).
QStringList heldWhenStopped(const RunDetail& detail)
{
    static const QRegularExpression start(QStringLiteral("^%1 clients of (\\S+) are held ").arg(QRegularExpression::escape(QLatin1String(kHoldEventPrefix))));
    static const QRegularExpression end(QStringLiteral("^%1 clients of (\\S+) held \\d+ ms").arg(QRegularExpression::escape(QLatin1String(kHoldEventPrefix))));
    QStringList held;
    for (const JournalEvent& e : detail.events) {
        if (const auto m = start.match(e.text); m.hasMatch() && !held.contains(m.captured(1)))
            held << m.captured(1);
        else if (const auto m = end.match(e.text); m.hasMatch())
            held.removeAll(m.captured(1));
    }
    return held;
}
} // namespace

QStringList Leftovers::settle(const RunDetail& detail, const Runbook& runbook, const Inventory& inventory, Processes processes)
{
    QStringList lines;
    QSet<QString> endpointsSeen;
    // Clients held when the run stopped: never left waiting in PgBouncer (a rollback in hold mode
    // PAUSEs again as it goes on).
    for (const QString& name : heldWhenStopped(detail)) {
        endpointsSeen.insert(name);
        settlePaused(inventory, name, QStringLiteral("the run held the clients of %1 (cutover: hold) when it stopped").arg(name), &lines);
    }
    for (const StepRecord* s : unfinished(detail)) {
        // A switch cut short (killed mid-way, or unable to verify its way back): look at PgBouncer.
        if (s->kind == QLatin1String("switch")
            && (s->result.outcome == StepOutcome::Interrupted || s->result.inverse.value(QStringLiteral("unverified")).toBool())) {
            QStringList names;
            if (const Step* forward = runbook.step(s->stepId)) {
                names << forward->switchTo.endpoint;
                if (forward->rollback && forward->rollback->kind == StepKind::Switch)
                    names << forward->rollback->switchTo.endpoint;
            }
            for (const QString& name : names)
                if (!endpointsSeen.contains(name)) {
                    endpointsSeen.insert(name);
                    settlePaused(inventory, name, QStringLiteral("%1 was cut short mid-switch").arg(what(*s)), &lines);
                }
        }
        // Process groups the step started that may outlive it.
        for (const StepProcess& p : s->processes) {
            NodeTarget where;
            where.host = p.host;
            where.sshConfig = inventory.sshConfig;
            QString error;
            const auto state = ShellProcess::groupState(where, p.processGroup, p.startTime, &error);
            const QString group = QStringLiteral("process group %1 on %2").arg(p.processGroup).arg(p.host);
            if (state == ShellProcess::GroupState::Gone)
                continue;
            if (state == ShellProcess::GroupState::Unknown) {
                lines << QStringLiteral("%1 left %2, which cannot be checked (%3): check it by hand").arg(what(*s), group, error);
                continue;
            }
            if (processes == Processes::Report) {
                lines << QStringLiteral("%1 left %2 still running").arg(what(*s), group);
                continue;
            }
            if (ShellProcess::endGroup(where, p.processGroup, &error))
                lines << QStringLiteral("%1 left %2 still running: ended it (TERM, then KILL)").arg(what(*s), group);
            else
                lines << QStringLiteral("%1 left %2 still running, and it could not be ended (%3): end it by hand").arg(what(*s), group, error);
        }
    }
    return lines;
}
