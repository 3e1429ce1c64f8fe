#pragma once
// The rollback plan as the operator sees it before confirming: what would run, newest first, on
// which nodes, how long it should take (rehearsal medians), what it leaves behind or loses, and —
// while clients cannot write — how soon writes would be restored. Computed on the engine thread
// whenever the plan changes; the console shows the latest one at once when Roll back is pressed.

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <optional>

struct RollbackPreviewEntry {
    QString forStepId;
    QString title; // rendered
    QString kind; // sql | shell | switch ...
    QString node;
    QString source; // rollback (the runbook's) | inverse (recorded by the action)
    bool forPartialStep = false; // the forward step did not complete
    bool done = false; // completed in an earlier attempt of this rollback
    qint64 expectedMs = -1; // rehearsal median, else the step's expected:, else -1 (unknown)
};

struct RollbackPreview {
    bool available = false; // a run is there to roll back
    bool refused = false;
    QString refusal;
    QString dataLoss;
    QList<RollbackPreviewEntry> entries;
    QStringList withoutRollback; // step ids left as they are
    qint64 estimatedMs = 0; // sum of the known expectations of the entries still to run
    int unestimated = 0; // entries with no figure
    // While a downtime window opened by a forward step is open: time until the undo of that step
    // has run (the window's end), counting the entries before it.
    std::optional<qint64> writesRestoredAfterMs;
    std::optional<qint64> readsRestoredAfterMs;
    // Undo steps up to that point with no figure: the time above is then a lower bound.
    int writesRestoredUnestimated = 0;
    QStringList lines; // the plan as text (RollbackPlan::describe)
};

Q_DECLARE_METATYPE(RollbackPreview)
