#pragma once
// The sums an export shows under a run's steps.

#include <QList>
#include <QString>
#include <optional>

struct RunDetail;

struct RunTotals {
    struct Downtime {
        QString kind; // writes | reads
        QString source; // runbook-marker | probe
        qint64 ms = 0; // closed windows only
        int windows = 0;
        int openWindows = 0;
    };

    std::optional<qint64> wallMs; // run start to end; empty while running
    qint64 stepsMs = 0; // sum of every step's duration, rollback steps included
    qint64 manualMs = 0; // time spent waiting at manual gates
    qint64 rollbackMs = 0;
    int stepCount = 0;
    int failedSteps = 0;
    int rollbackSteps = 0;
    QList<Downtime> downtime; // writes before reads, then probe before runbook-marker

    static RunTotals of(const RunDetail& detail);
};
