#pragma once
// A journaled run read back for resume and rollback: what each forward step came to (its latest
// attempt, so a step that failed and then succeeded on resume counts once, as succeeded), where
// the run's rollback got to, and which step was cut short. The rollback plan is built from this,
// the journal's truth: each step undone at most once, newest first.

#include "engine/rollbackplan.h"
#include "journal/rundetail.h"

#include <QHash>
#include <QSet>

// A loop step's rows as journaled when its loop started, and the iterations that completed (in
// any attempt over those rows): a resumed loop goes on from the first unfinished one.
struct JournaledLoop {
    QList<LoopRow> rows;
    QSet<int> done; // 1-based iteration numbers
    LoopIteration iteration(int index) const
    {
        return LoopIteration { index, int(rows.size()), rows.value(index - 1) };
    }
};

struct RunHistory {
    // Each forward step once, at its latest attempt, ordered by that attempt (run order).
    QList<CompletedStep> steps;
    QSet<QString> done; // forward steps whose latest attempt succeeded or was skipped
    QSet<QString> undone; // undoKey()s of the forward steps (or loop iterations) whose undo succeeded
    QHash<QString, JournaledLoop> loops; // loop step id -> its journaled rows and completed iterations
    // A rollback of the run began (an undo was journaled, or its plan): the run goes back, never forward.
    bool rollingBack = false;
    // The forward step that was running when the run's process died, if that is its latest attempt.
    QString interrupted;

    static RunHistory of(const RunDetail& detail);
    static QString undoKey(const QString& stepId, int iteration)
    {
        return iteration > 0 ? QStringLiteral("%1#%2").arg(stepId).arg(iteration) : stepId;
    }
    // How the journal says a step was skipped because its `when:` was false (it never ran, so
    // it has nothing to undo); the condition as shown follows.
    static QString conditionFalsePrefix() { return QStringLiteral("skipped: when is false: "); }
    // Only the steps that completed, in run order (what a resumed run goes on from).
    QList<CompletedStep> completed() const;
    // The plan that takes the run back from here: the undos already done are marked done.
    RollbackPlan rollbackPlan(const Runbook& runbook) const;
};
