#pragma once
// The newest journaled run of a runbook on a cluster, and what the console must ask about it when
// it did not end cleanly: which step was running when its process died, and since when. Reads the
// journal in the calling thread (the console calls it from a worker thread).

#include "journal/rundetail.h"

#include <optional>

struct LastRun {
    RunDetail detail;
    // The forward step that was running when the run's process died, if any.
    std::optional<StepRecord> interruptedStep;
    // The newest forward step that failed or was cancelled and has not succeeded since.
    std::optional<StepRecord> failedStep;
    bool rollingBack = false; // its rollback had started

    // Interrupted, failed or cancelled: there is something to decide.
    bool needsDecision() const;
};

// Nothing when the journal does not exist yet or holds no run of that runbook on that cluster.
std::optional<LastRun> findLastRun(const QString& journalPath, const QString& runbookName, const QString& cluster,
    QString* error = nullptr);
