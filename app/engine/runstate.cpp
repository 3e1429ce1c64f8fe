#include "engine/runstate.h"

QString runStateName(RunState state)
{
    switch (state) {
    case RunState::Idle:
        return QStringLiteral("idle");
    case RunState::Running:
        return QStringLiteral("running");
    case RunState::Paused:
        return QStringLiteral("paused");
    case RunState::AtGate:
        return QStringLiteral("at-gate");
    case RunState::Cancelling:
        return QStringLiteral("cancelling");
    case RunState::RollingBack:
        return QStringLiteral("rolling-back");
    case RunState::Finished:
        return QStringLiteral("finished");
    }
    return {};
}

RunControls RunControls::forStatus(const RunStatus& status, bool inputsValid, bool canRollBackFinished)
{
    RunControls c;
    switch (status.state) {
    case RunState::Idle:
        c.run = inputsValid;
        c.runOneStep = inputsValid;
        break;
    case RunState::Running:
        c.pauseAfterStep = true;
        c.cancelStep = true;
        c.rollBack = true;
        break;
    case RunState::Paused: {
        const bool more = status.currentIndex >= 0 && status.currentIndex < status.stepCount;
        c.runOneStep = more;
        c.runToNextGate = more;
        c.resume = more;
        c.skipStep = more;
        c.rollBack = true;
        break;
    }
    case RunState::AtGate:
        c.continueGate = true;
        c.cancelStep = true;
        c.rollBack = true;
        break;
    case RunState::Cancelling:
        c.rollBack = true; // the rollback starts as soon as the step has stopped
        break;
    case RunState::RollingBack:
        c.cancelStep = true; // a hung undo can be stopped; the rollback then stops there, retryable
        break;
    case RunState::Finished:
        c.run = inputsValid;
        c.rollBack = canRollBackFinished;
        break;
    }
    return c;
}
