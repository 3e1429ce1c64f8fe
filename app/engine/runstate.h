#pragma once
// Where a run stands, as the console shows it, and which controls may act on it. One function
// (RunControls::forStatus) decides what is enabled, so no control is offered in a state that
// cannot honour it.

#include "journal/runoutcome.h"

#include <QMetaType>
#include <QString>

enum class RunState {
    Idle, // nothing started yet
    Running, // a step is running
    Paused, // between steps: paused by the operator, or a step failed or was cancelled
    AtGate, // waiting at a manual step for the operator
    Cancelling, // the running step was asked to stop
    RollingBack, // the rollback plan is running
    Finished, // ended; the journal has its outcome
};

// idle | running | paused | at-gate | cancelling | rolling-back | finished
QString runStateName(RunState state);

struct RunStatus {
    RunState state = RunState::Idle;
    QString runId;
    QString label; // rehearsal | production
    bool pauseAfterStep = false; // the run pauses once the running step ends
    int currentIndex = -1; // the running step, the gate, or (paused) the step that runs next
    int stepCount = 0;
    int stepsDone = 0; // forward steps that succeeded or were skipped
    QString reason; // why paused ("step x failed: ..."), or how it finished
    RunOutcome outcome = RunOutcome::Running; // meaningful when finished
    bool rollbackFailed = false; // finished because a rollback step failed: `Roll back` retries it
};

struct RunControls {
    bool run = false; // start a new run
    bool pauseAfterStep = false; // toggle while a step runs
    bool runOneStep = false;
    bool runToNextGate = false;
    bool resume = false;
    bool skipStep = false; // paused after a failed or cancelled step: mark it skipped and go on
    bool cancelStep = false;
    bool rollBack = false; // shows the plan for this moment (which may be a refusal)
    bool continueGate = false;

    // `inputsValid`: the runbook and inventory loaded without problems. `canRollBackFinished`: a
    // finished run that did not complete or roll back fully can still be rolled back.
    static RunControls forStatus(const RunStatus& status, bool inputsValid, bool canRollBackFinished = false);
};

Q_DECLARE_METATYPE(RunStatus)
