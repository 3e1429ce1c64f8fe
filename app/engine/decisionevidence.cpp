#include "engine/decisionevidence.h"

#include "core/durationtext.h"
#include "engine/checklistmodel.h"
#include "engine/downtimeclock.h"
#include "engine/rollbackpreview.h"

#include <QJsonArray>

qint64 scheduleDeltaMs(const ChecklistModel& checklist)
{
    qint64 delta = 0;
    for (int i = 0; i < checklist.stepCount(); ++i) {
        const qint64 expected = checklist.expectedMs(i);
        const qint64 elapsed = checklist.elapsedMs(i);
        if (expected <= 0 || elapsed < 0)
            continue;
        const StepOutcome o = checklist.outcome(i);
        if (o == StepOutcome::Running)
            delta += qMax<qint64>(0, elapsed - expected); // a running step is late only once past its budget
        else if (o == StepOutcome::Succeeded)
            delta += elapsed - expected;
    }
    return delta;
}

QString decisionEvidence(const ChecklistModel& checklist, const DowntimeClock& clock, const RollbackPreview& rollback,
    const QStringList& extraLines)
{
    QStringList lines;
    qint64 elapsed = 0;
    int done = 0;
    for (int i = 0; i < checklist.stepCount(); ++i) {
        const StepOutcome o = checklist.outcome(i);
        if (o == StepOutcome::Succeeded || o == StepOutcome::Skipped)
            ++done;
        elapsed += qMax<qint64>(0, checklist.elapsedMs(i));
    }
    const qint64 delta = scheduleDeltaMs(checklist);
    lines << QStringLiteral("progress: %1 of %2 steps done, %3 spent in steps, %4 against rehearsals, %5 expected to go")
                 .arg(done)
                 .arg(checklist.stepCount())
                 .arg(durationText(elapsed),
                     delta == 0 ? QStringLiteral("on time")
                                : delta > 0 ? QStringLiteral("%1 behind").arg(durationText(delta))
                                            : QStringLiteral("%1 ahead").arg(durationText(-delta)),
                     durationText(checklist.remainingExpectedMs()));
    lines += clock.summary();
    if (rollback.refused) {
        lines << QStringLiteral("rollback now: refused (%1)").arg(rollback.refusal);
    } else if (rollback.available) {
        QString line = QStringLiteral("rollback now: %1 step(s), about %2").arg(rollback.entries.size()).arg(durationText(rollback.estimatedMs));
        if (rollback.unestimated)
            line += QStringLiteral(" (%1 never rehearsed)").arg(rollback.unestimated);
        if (rollback.writesRestoredAfterMs)
            line += QStringLiteral("; writes restored after about %1").arg(durationText(*rollback.writesRestoredAfterMs));
        lines << line;
    }
    lines += extraLines;
    return lines.join(QLatin1Char('\n'));
}

QStringList topologyEvidenceLines(const QJsonObject& evidence)
{
    QStringList lines;
    if (evidence.isEmpty())
        return lines;
    const QJsonArray unreachable = evidence.value(QStringLiteral("unreachable")).toArray();
    if (!unreachable.isEmpty()) {
        QStringList names;
        for (const QJsonValue& v : unreachable)
            names << v.toString();
        lines << QStringLiteral("unreachable: %1").arg(names.join(QStringLiteral(", ")));
    }
    for (const QJsonValue& v : evidence.value(QStringLiteral("replication")).toArray()) {
        const QJsonObject e = v.toObject();
        QString line = QStringLiteral("replication %1 -> %2 (%3, %4)")
                           .arg(e.value(QStringLiteral("from")).toString(), e.value(QStringLiteral("to")).toString(),
                               e.value(QStringLiteral("kind")).toString(), e.value(QStringLiteral("state")).toString());
        if (!e.value(QStringLiteral("lag_bytes")).isNull())
            line += QStringLiteral(": %1 bytes behind").arg(qint64(e.value(QStringLiteral("lag_bytes")).toDouble()));
        if (!e.value(QStringLiteral("replay_lag_ms")).isNull())
            line += QStringLiteral(", replay lag %1").arg(durationText(qint64(e.value(QStringLiteral("replay_lag_ms")).toDouble())));
        lines << line;
    }
    for (const QJsonValue& v : evidence.value(QStringLiteral("subscriptions")).toArray()) {
        const QJsonObject s = v.toObject();
        lines << QStringLiteral("subscription %1 on %2: %3, %4/%5 tables ready")
                     .arg(s.value(QStringLiteral("name")).toString(), s.value(QStringLiteral("node")).toString(),
                         s.value(QStringLiteral("enabled")).toBool() ? QStringLiteral("enabled") : QStringLiteral("disabled"))
                     .arg(s.value(QStringLiteral("tables_ready")).toInt())
                     .arg(s.value(QStringLiteral("tables_total")).toInt());
    }
    for (const QJsonValue& v : evidence.value(QStringLiteral("endpoints")).toArray()) {
        const QJsonObject e = v.toObject();
        QString line = QStringLiteral("endpoint %1 -> %2").arg(e.value(QStringLiteral("name")).toString(),
            e.value(QStringLiteral("routes_to")).toString(QStringLiteral("?")));
        if (e.value(QStringLiteral("paused")).toBool())
            line += QStringLiteral(" (PAUSED, %1 clients waiting)").arg(e.value(QStringLiteral("clients_waiting")).toInt());
        if (!e.value(QStringLiteral("reachable")).toBool(true))
            line += QStringLiteral(" (unreachable)");
        lines << line;
    }
    return lines;
}
