#pragma once
// What "back" means right now: the rollback of every step that ran, newest first. A step's own
// `rollback:` is used, else the inverse an action recorded (a switch knows how to point back).
// Past a point of no return the plan refuses, unless the runbook declares a lossless way back.

#include "runbook/capturedvalues.h"
#include "runbook/runbook.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <memory>

// One forward step as it ended, which is what the plan is computed from.
struct CompletedStep {
    QString stepId;
    bool succeeded = false; // false: failed, cancelled or interrupted part-way
    QJsonObject inverse; // recorded by the action, may be empty
    // One iteration of a loop step (`for_each:`): each is undone on its own, with its row.
    std::optional<LoopIteration> iteration;
};

// The source of the entry that ends a hold (cutover: hold): clients resume on the old target.
inline constexpr char kHoldReleaseSource[] = "hold";

struct RollbackEntry {
    QString forStepId; // the forward step this undoes
    QString title; // "Undo: <forward step title>"
    std::shared_ptr<const Step> step; // what runs
    QString source; // "rollback" (the runbook's), "inverse" (recorded by the action) or kHoldReleaseSource
    bool forPartialStep = false; // the forward step did not complete; its rollback runs in case it took effect
    std::optional<LoopIteration> iteration; // the loop iteration this undoes, with its row
};

struct RollbackPlan {
    QList<RollbackEntry> entries;
    bool refused = false;
    QString refusal; // why, when refused
    QString dataLoss; // what data would be lost, in one or two sentences
    QStringList withoutRollback; // completed steps that have nothing to undo (listed for the operator)
    int alreadyDone = 0; // entries at the head of a retried plan that completed before

    static RollbackPlan compute(const Runbook& runbook, const QList<CompletedStep>& history);
    // The plan as lines a human reads before confirming it.
    QStringList describe() const;
};
