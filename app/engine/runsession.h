#pragma once
// A RunController on an engine thread of its own, for the console. The GUI talks to it only
// through these methods, each of which posts to the engine thread and returns at once; results
// come back as the controller's signals, queued to the receiver's thread. Journal writes, probe
// start/stop, PQcancel and worker-thread joins all happen on the engine thread.

#include "engine/runcontroller.h"

#include <QObject>
#include <QThread>

class RunSession : public QObject {
    Q_OBJECT
public:
    RunSession(Runbook runbook, Inventory inventory, RunOptions options, QObject* parent = nullptr);
    // Never waits on the GUI thread: a session still running is shut down and left to end on its own.
    ~RunSession() override;

    // Connect to its signals (they arrive queued); never call its methods from another thread.
    RunController* controller() const { return m_controller; }
    // The planned steps, copied before the controller left for its thread.
    const QList<PlannedStep>& steps() const { return m_steps; }
    const Runbook& runbook() const { return m_runbook; }
    const Inventory& inventory() const { return m_inventory; }
    const RunOptions& options() const { return m_options; }
    // The latest status and rollback preview the controller reported.
    const RunStatus& status() const { return m_status; }
    const RollbackPreview& rollbackPreview() const { return m_preview; }

    void loadExpectations();
    void start(bool oneStepOnly = false);
    void resume(const QString& runId, InterruptedStepChoice choice);
    void rollbackFinishedRun(const QString& runId);
    void pauseAfterStep(bool pause);
    void runOneStep();
    void continueRun();
    void cancelStep();
    void skipStep(const QString& who);
    void confirmGate(int index, const QString& who, const QString& evidence);
    void requestRollback(const QString& note = QString());
    void cancelRun();
    void closeRun(const QString& reason);

    // Deletes the controller on its thread and stops the thread; shutDown() follows. A step still
    // running is cancelled by the controller's destructor first.
    void shutdown();
    bool isShutDown() const { return m_shutDown; }

signals:
    void shutDown();

private:
    template <typename F> void post(F&& f);

    Runbook m_runbook;
    Inventory m_inventory;
    RunOptions m_options;
    QList<PlannedStep> m_steps;
    QThread* m_thread = nullptr;
    RunController* m_controller = nullptr;
    RunStatus m_status;
    RollbackPreview m_preview;
    bool m_shuttingDown = false;
    bool m_shutDown = false;
};
