#include "engine/runhistory.h"

#include <QMap>

RunHistory RunHistory::of(const RunDetail& detail)
{
    RunHistory h;
    QMap<int, CompletedStep> byLatest; // seq of the latest attempt -> that attempt
    QHash<QString, int> latestSeq;
    for (const StepRecord& s : detail.steps) {
        if (s.isRollback) {
            h.rollingBack = true;
            if (s.result.outcome == StepOutcome::Succeeded)
                h.undone.insert(s.stepId);
            continue;
        }
        if (const auto earlier = latestSeq.constFind(s.stepId); earlier != latestSeq.constEnd())
            byLatest.remove(*earlier);
        latestSeq.insert(s.stepId, s.seq);
        if (s.result.outcome == StepOutcome::Skipped && s.result.error.startsWith(conditionFalsePrefix())) {
            h.done.insert(s.stepId); // never ran: nothing to undo
            h.interrupted.clear();
            continue;
        }
        const bool ok = s.result.outcome == StepOutcome::Succeeded || s.result.outcome == StepOutcome::Skipped;
        // A switch that did not complete keeps what it recorded: its intent (interrupted), or the
        // way back it could not verify (failed). One that verified its way back recorded nothing.
        byLatest.insert(s.seq, CompletedStep { s.stepId, ok, s.result.inverse });
        if (ok)
            h.done.insert(s.stepId);
        else
            h.done.remove(s.stepId);
        h.interrupted = s.result.outcome == StepOutcome::Interrupted ? s.stepId : QString();
    }
    for (const JournalEvent& e : detail.events)
        if (e.text.startsWith(QLatin1String("rollback plan:")) || e.text == QLatin1String("rollback requested"))
            h.rollingBack = true;
    h.steps = byLatest.values();
    return h;
}

QList<CompletedStep> RunHistory::completed() const
{
    QList<CompletedStep> out;
    for (const CompletedStep& s : steps)
        if (s.succeeded)
            out << s;
    return out;
}

RollbackPlan RunHistory::rollbackPlan(const Runbook& runbook) const
{
    RollbackPlan plan = RollbackPlan::compute(runbook, steps);
    // A retried plan goes on where the last attempt stopped: the undos that succeeded are done.
    while (plan.alreadyDone < plan.entries.size() && undone.contains(plan.entries[plan.alreadyDone].forStepId))
        ++plan.alreadyDone;
    return plan;
}
