#pragma once
// One journaled run as listed by `runbook-console runs` and the runs view.

#include "journal/runoutcome.h"

#include <QDateTime>
#include <QString>
#include <optional>

struct RunSummary {
    QString id; // e.g. 20261122-114512-3f2a: UTC start time, then a suffix; sorts by start
    QString runbookName;
    QString runbookPath;
    QString runbookDigest;
    QString inventoryPath;
    QString inventoryDigest;
    QString cluster;
    QString label;
    QString user;
    QString host;
    qint64 pid = 0;
    QDateTime startedAt; // UTC
    QDateTime endedAt; // UTC; empty while running; for an interrupted run, its last sign of life
    RunOutcome outcome = RunOutcome::Running;
    QString note;
    int stepCount = 0;
    int failedStepCount = 0;
    // What the traffic probe measured (its closed windows, summed), when it ran during the run.
    std::optional<qint64> measuredWritesDownMs;
    std::optional<qint64> measuredReadsDownMs;

    std::optional<qint64> durationMs() const
    {
        if (!startedAt.isValid() || !endedAt.isValid())
            return std::nullopt;
        return startedAt.msecsTo(endedAt);
    }
};
