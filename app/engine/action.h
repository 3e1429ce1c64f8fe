#pragma once
// One step's work. run() blocks the worker thread it is called on; cancel() may be called from
// any thread at any time and makes run() return promptly (target: well under 100 ms) with
// StepOutcome::Cancelled. A timeout is the same cancel path, reported as TimedOut.

#include "engine/stepresult.h"

#include <QString>
#include <functional>

struct ActionContext {
    // Called on the worker thread; the StepWorker forwards them by queued signals.
    std::function<void(const QString& line)> output = [](const QString&) {};
    std::function<void(qint64 done, qint64 total, const QString& text)> progress = [](qint64, qint64, const QString&) {};
    // A process group the step started: host "local" or an SSH destination, its id, and its leader's
    // start time when known (to tell it from a later group with the same id). The run journals it,
    // so a console killed mid-step can find what it left running.
    std::function<void(const QString& host, qint64 processGroup, const QString& startTime)> processStarted
        = [](const QString&, qint64, const QString&) {};
};

class Action {
public:
    virtual ~Action() = default;
    virtual StepResult run(const ActionContext& context) = 0;
    virtual void cancel() = 0;
};
