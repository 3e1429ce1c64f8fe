#pragma once
// The checklist the console shows: phases with their steps, each step's node, budget, live
// elapsed time, progress and outcome. Fed by a RunController's signals when one is attached.

#include "engine/runcontroller.h"

#include <QAbstractItemModel>
#include <QElapsedTimer>
#include <QPointer>

class ChecklistModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { StepColumn, KindColumn, NodeColumn, ExpectedColumn, ElapsedColumn, OutcomeColumn, ColumnCount };
    enum Role {
        OutcomeRole = Qt::UserRole + 1, // StepOutcome as int
        OverrunRole, // bool: running or finished past its expected duration
        ProgressRole, // double 0..1, or -1 when unknown
        StepIdRole,
    };

    explicit ChecklistModel(QObject* parent = nullptr);

    // Shows the controller's steps and follows its run. The controller must outlive the model
    // or be detached first (attach(nullptr)).
    void attach(RunController* controller);
    // The steps of a runbook that is not running (no controller yet).
    void setSteps(const QList<PlannedStep>& steps);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Milliseconds of expected time left for the steps not finished yet.
    qint64 remainingExpectedMs() const;

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
    };
    struct PhaseState {
        QString name;
        QList<int> steps; // indexes into m_steps
    };
    void rebuild(const QList<PlannedStep>& steps);
    QModelIndex stepIndex(int step, int column) const;
    void onStepStarted(int index, qint64 expectedMs);
    void onStepProgress(int index, qint64 done, qint64 total, const QString& text);
    void onStepFinished(int index, const StepResult& result, qint64 durationMs);

    QPointer<RunController> m_controller;
    QList<StepState> m_steps;
    QList<PhaseState> m_phases;
    QList<int> m_phaseOfStep;
    QList<int> m_rowInPhase;
    int m_running = -1;
};
