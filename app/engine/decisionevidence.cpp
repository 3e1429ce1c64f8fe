#include "engine/decisionevidence.h"

#include "core/durationtext.h"
#include "engine/checklistmodel.h"
#include "engine/downtimeclock.h"
#include "engine/rollbackpreview.h"

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
