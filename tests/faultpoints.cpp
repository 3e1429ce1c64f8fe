// Linked only into runbook-console-faults, the console tst_faults drives: a journal step hook that
// kills the process (SIGKILL, as kill -9 would) where the environment says.
//   RBC_FAULT_KILL_BEFORE_STEP=<step id>   before the step's row is journaled
//   RBC_FAULT_KILL_IN_STEP=<step id>:<ms>  that many ms after the step's row is journaled
// The product binary links none of this: its journal has no hook and reads no such variable.
#include "journal/runjournal.h"

#include <QString>

#include <chrono>
#include <csignal>
#include <thread>

namespace {
void killAt(const StepRecord& step, bool begun)
{
    if (!begun) {
        if (qEnvironmentVariable("RBC_FAULT_KILL_BEFORE_STEP") == step.stepId)
            ::raise(SIGKILL);
        return;
    }
    const QString in = qEnvironmentVariable("RBC_FAULT_KILL_IN_STEP");
    if (in.section(QLatin1Char(':'), 0, 0) != step.stepId)
        return;
    const int ms = in.section(QLatin1Char(':'), 1).toInt();
    std::thread([ms] {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        ::raise(SIGKILL);
    }).detach();
}

// Set before main() runs: nothing is journaled before then.
const bool s_installed = (RunJournal::setStepHook(&killAt), true);
} // namespace
