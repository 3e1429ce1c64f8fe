#pragma once
// One execution of one step (or rollback step) in a run, as the journal stores it.
// Handed to RunJournal::beginStep() before the step starts; read back in RunDetail.

#include "engine/stepresult.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <optional>

// A process group a step started (journaled as soon as it is known): what a console killed
// mid-step may have left running.
struct StepProcess {
    QString host; // "local" or the SSH destination
    qint64 processGroup = 0;
    QString startTime; // its leader's start time, when known
};

struct StepRecord {
    qint64 rowId = -1; // assigned by the journal
    QString runId;
    int seq = 0; // position in the run; 0 when beginning a step: the next one
    QString phase;
    QString stepId;
    QString title;
    QString kind; // sql | shell | wait | manual | switch | batch
    QString node;
    int attempt = 1;
    bool isRollback = false;
    QDateTime startedAt; // UTC; empty when beginning a step: now
    QDateTime endedAt; // UTC; empty while running or when interrupted
    std::optional<qint64> durationMs; // from the caller's monotonic clock
    std::optional<qint64> expectedMs; // the budget the step ran against
    StepResult result; // outcome Running until the step ends; result.inverse may hold a switch's intent
    QList<StepProcess> processes; // read back from the journal, never written through beginStep()
};
