#include "engine/runhistory.h"

#include <QMap>
#include <algorithm>

RunHistory RunHistory::of(const RunDetail& detail)
{
    RunHistory h;
    QMap<int, QList<CompletedStep>> byLatest; // seq of the latest attempt -> what it did (a loop: each iteration)
    QHash<QString, int> latestSeq;
    for (const StepRecord& s : detail.steps) {
        if (s.isRollback) {
            h.rollingBack = true;
            if (s.result.outcome == StepOutcome::Succeeded)
                h.undone.insert(undoKey(s.stepId, s.iteration));
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
        if (s.loopRows) {
            // Each iteration is undone on its own: those that completed (in this attempt or an
            // earlier one over the same rows), then the one that stopped part-way, if any.
            JournaledLoop& loop = h.loops[s.stepId];
            if (loop.rows != *s.loopRows)
                loop = JournaledLoop { *s.loopRows, {} };
            int partial = 0;
            for (const StepIteration& it : s.iterations) {
                if (it.outcome == StepOutcome::Succeeded)
                    loop.done.insert(it.index);
                else
                    partial = it.index;
            }
            QList<int> done(loop.done.cbegin(), loop.done.cend());
            std::sort(done.begin(), done.end());
            QList<CompletedStep> iterations;
            for (int index : std::as_const(done))
                iterations << CompletedStep { s.stepId, true, {}, loop.iteration(index) };
            if (partial > 0 && !loop.done.contains(partial))
                iterations << CompletedStep { s.stepId, false, {}, loop.iteration(partial) };
            byLatest.insert(s.seq, iterations);
        } else {
            byLatest.insert(s.seq, { CompletedStep { s.stepId, ok, s.result.inverse } });
        }
        if (ok)
            h.done.insert(s.stepId);
        else
            h.done.remove(s.stepId);
        h.interrupted = s.result.outcome == StepOutcome::Interrupted ? s.stepId : QString();
    }
    for (const JournalEvent& e : detail.events)
        if (e.text.startsWith(QLatin1String("rollback plan:")) || e.text == QLatin1String("rollback requested"))
            h.rollingBack = true;
    for (const QList<CompletedStep>& attempt : std::as_const(byLatest))
        h.steps += attempt;
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
    const auto key = [](const RollbackEntry& e) { return undoKey(e.forStepId, e.iteration ? e.iteration->index : 0); };
    while (plan.alreadyDone < plan.entries.size() && undone.contains(key(plan.entries[plan.alreadyDone])))
        ++plan.alreadyDone;
    return plan;
}
