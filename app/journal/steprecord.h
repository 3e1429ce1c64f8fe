#pragma once
// One execution of one step (or rollback step) in a run, as the journal stores it.
// Handed to RunJournal::beginStep() before the step starts; read back in RunDetail.

#include "engine/stepresult.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <optional>

// A loop step's row of its `for_each:` query: column -> value.
using LoopRow = QMap<QString, QString>;

// One iteration of a loop step (`for_each:`), an attempt of its own inside the step's row.
struct StepIteration {
    qint64 rowId = -1;
    int index = 0; // 1-based
    LoopRow item;
    QDateTime startedAt;
    QDateTime endedAt;
    std::optional<qint64> durationMs;
    StepOutcome outcome = StepOutcome::Running;
    QString error;
    QString output;
};

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
    // A loop step: the rows of its query, journaled when the loop starts (nullopt: not a loop, or
    // it stopped before its query answered); and its iterations, read back from the journal.
    std::optional<QList<LoopRow>> loopRows;
    QList<StepIteration> iterations;
    // A rollback row undoing one iteration of a loop step: that iteration (0: not a loop).
    int iteration = 0;
};
