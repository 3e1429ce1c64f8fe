#pragma once
// The checklist the console shows: phases with their steps (node, budget, live elapsed time against
// it, progress, outcome), then — once a rollback starts — its own steps as a last "Rollback" phase.
// Fed by a RunController's signals (queued when the controller lives on an engine thread).

#include "engine/runcontroller.h"

#include <QAbstractItemModel>
#include <QElapsedTimer>
#include <QPointer>

class RunSession;

class ChecklistModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { StepColumn, KindColumn, NodeColumn, ExpectedColumn, ElapsedColumn, OutcomeColumn, ColumnCount };
    enum Role {
        OutcomeRole = Qt::UserRole + 1, // StepOutcome as int
        OverrunRole, // bool: running or finished past its expected duration
        ProgressRole, // double 0..1, or -1 when unknown
        StepIdRole,
        OverrunMsRole, // qint64: how far past the budget (0 when within)
        ProgressTextRole, // QString: "3/7 tables ready", "attempt 3/30 ..."
        IsPhaseRole, // bool
        IsRollbackRole, // bool: a row of the rollback phase
        RolledBackRole, // bool: a forward step whose undo has run
        PointOfNoReturnRole, // bool
        DecisionRole, // bool: a go/no-go gate
        DowntimeRole, // QStringList: the runbook's downtime windows ("writes", "reads") this step is inside
        IsCurrentRole, // bool: running, waiting at its gate, or next to run while paused
        ErrorRole, // QString: why it failed
        ResultRole, // QString: what a finished step found (StepResult::summaryLine)
    };

    explicit ChecklistModel(QObject* parent = nullptr);

    // Shows the steps and follows the controller's run. The controller may live on another thread
    // (its signals are queued); `steps` is its plan, copied before it moved there.
    void attach(RunController* controller, const QList<PlannedStep>& steps);
    // Same thread: the controller's own plan.
    void attach(RunController* controller) { attach(controller, controller ? controller->steps() : QList<PlannedStep>()); }
    void attach(RunSession* session);
    void detach() { attach(static_cast<RunController*>(nullptr), {}); }
    // The steps of a runbook that is not running (no controller yet).
    void setSteps(const QList<PlannedStep>& steps);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Milliseconds of expected time left for the steps not finished yet (the run's ETA).
    qint64 remainingExpectedMs() const;
    // The same for the phase of the current step; -1 when no step is current.
    qint64 currentPhaseRemainingMs() const;
    int currentPhase() const;
    // The step that runs now, waits at its gate, or runs next; -1 when none.
    int currentStep() const { return m_current; }
    QModelIndex indexOfStep(int step, int column = 0) const { return stepIndex(step, column); }
    QModelIndex indexOfRollbackEntry(int entry, int column = 0) const;
    int stepCount() const { return int(m_steps.size()); }
    const PlannedStep& plannedStep(int step) const { return m_steps[step].planned; }
    qint64 expectedMs(int step) const { return m_steps.value(step).planned.expectedMs; }
    qint64 elapsedMs(int step) const;
    StepOutcome outcome(int step) const { return m_steps.value(step).outcome; }

    // Refreshes the elapsed column of the running step (the view calls it on a timer).
    void tick();

private:
    struct StepState {
        PlannedStep planned;
        StepOutcome outcome = StepOutcome::Pending;
        qint64 elapsedMs = -1;
        QElapsedTimer clock;
        double progress = -1;
        QString progressText;
        QString error;
        QString result; // what it found, once finished
        bool rolledBack = false;
        QStringList downtime;
        // A loop step: iterations done of how many (from its progress), shown with its outcome.
        qint64 loopDone = 0;
        qint64 loopCount = -1;
        QString loopSummary; // "3/17", "0 rows: nothing to do"; empty until the loop ends
    };
    struct RollbackRow {
        RollbackPreviewEntry entry;
        StepOutcome outcome = StepOutcome::Pending;
        qint64 elapsedMs = -1;
        QElapsedTimer clock;
        QString error;
    };
    struct PhaseState {
        QString name;
        QList<int> steps; // indexes into m_steps
    };
    void rebuild(const QList<PlannedStep>& steps);
    QModelIndex stepIndex(int step, int column) const;
    QVariant stepData(int i, int column, int role) const;
    QVariant rollbackData(int i, int column, int role) const;
    QVariant phaseData(int phase, int column, int role) const;
    void stepChanged(int step);
    void setCurrent(int step);
    void onStatus(const RunStatus& status);
    void onExpectations(const QList<qint64>& expectedMs);
    void onStepStarted(int index, qint64 expectedMs);
    void onStepProgress(int index, qint64 done, qint64 total, const QString& text);
    void onStepFinished(int index, const StepResult& result, qint64 durationMs);
    void onStepRestored(int index, StepOutcome outcome, qint64 durationMs);
    void onRollbackPlanStarted(const RollbackPreview& plan);
    void onRollbackStepStarted(int entry);
    void onRollbackStepFinished(int entry, const StepResult& result, qint64 durationMs);

    QPointer<RunController> m_controller;
    QList<StepState> m_steps;
    QList<PhaseState> m_phases;
    QList<int> m_phaseOfStep;
    QList<int> m_rowInPhase;
    QList<RollbackRow> m_rollback;
    bool m_hasRollbackPhase = false;
    int m_running = -1; // forward step running
    int m_rollbackRunning = -1;
    int m_current = -1;
};
