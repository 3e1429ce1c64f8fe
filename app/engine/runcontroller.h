#pragma once
// Executes a runbook against an inventory: one step at a time, each on its own worker thread,
// journaling before and after every step, opening and closing downtime windows, stopping at
// manual gates, and rolling back on request (or on failure when asked to). Never blocks on
// step I/O; the only synchronous work is the journal's small durable writes, so the GUI moves
// this object to an engine thread of its own.

#include "engine/actionfactory.h"
#include "engine/downtimeevent.h"
#include "engine/logline.h"
#include "engine/rollbackplan.h"
#include "engine/rollbackpreview.h"
#include "engine/runhistory.h"
#include "engine/runstate.h"
#include "engine/stepresult.h"
#include "forecast/forecast.h"
#include "journal/rundetail.h"
#include "journal/runjournal.h"
#include "journal/runoutcome.h"
#include "probe/probesettings.h"
#include "runbook/inventory.h"
#include "runbook/runbook.h"
#include "runbook/runinfo.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <functional>
#include <memory>

class StepWorker;
class TrafficProbe;
struct ProbeStats;
struct ProbeWindow;
struct RunDetail;

struct RunOptions {
    QString label = QStringLiteral("rehearsal"); // rehearsal | production
    bool confirmManualSteps = false; // --yes: manual gates pass on their own, recorded as such
    bool rollbackOnFailure = false;
    QString runbookPath;
    QString inventoryPath;
    QString journalPath; // empty: RunJournal::defaultPath()
    // The console: a failed or cancelled step pauses the run (the operator decides: retry, skip,
    // roll back) instead of ending it; the command line ends it (exit 1, `resume` later).
    bool pauseOnFailure = false;
    // `run --cutover`: overrides the runbook's `cutover:` for this run (nullopt: the runbook's).
    std::optional<CutoverMode> cutover;
};

// A forward step in run order, with what the checklist shows about it.
struct PlannedStep {
    int phaseIndex = 0;
    QString phaseName;
    const Step* step = nullptr;
    QString node; // inventory node(s), or "endpoint -> node" for a switch
    qint64 expectedMs = 0; // median of earlier rehearsals, else the runbook's expected:, else 0
};

// What to do with a step that was running when a run's process died.
enum class InterruptedStepChoice { Refuse, Rerun, Skip };

class RunController : public QObject {
    Q_OBJECT
public:
    RunController(Runbook runbook, Inventory inventory, RunOptions options, QObject* parent = nullptr);
    ~RunController() override;

    const QList<PlannedStep>& steps() const { return m_steps; }
    const Runbook& runbook() const { return m_runbook; }
    const Inventory& inventory() const { return m_inventory; }
    // What earlier runs predict for this one (computed when the run starts or resumes): each step's
    // expected time above is its expectedMs(); the ETA and totals come from here.
    const Forecast& forecast() const { return m_forecast; }
    QString runId() const { return m_run.id; }
    bool isActive() const { return m_state != RunState::Idle && m_state != RunState::Finished; }
    RunState state() const { return m_state; }
    RunStatus status() const;
    // The plan a rollback requested now would run (shown before it runs).
    RollbackPlan currentRollbackPlan() const;
    // Steps with a manual gate: a headless run without --yes refuses to start when there are any.
    QStringList manualStepIds() const;
    // How this run's write window treats clients (the run's --cutover, else the runbook's).
    CutoverMode cutoverMode() const { return m_cutover; }
    // Clients are held in PgBouncer right now (hold mode: inside the write window, or through a
    // rollback that started past its switch).
    bool isHolding() const { return m_hold.active; }

public slots:
    // Opens the journal and computes each step's expectation from earlier rehearsals
    // (expectationsChanged), so the checklist shows budgets and an ETA before anything runs.
    void loadExpectations();
    void start();
    // Continues a journaled run after its last completed step.
    void resume(const QString& runIdOrLast, InterruptedStepChoice choice);
    // Runs the rollback plan of a journaled run that has ended (or continues a failed rollback).
    void rollbackFinishedRun(const QString& runIdOrLast);
    // Passes the manual gate at `index`. A decision gate journals the evidence given (what the
    // console showed when the operator decided) with the decision.
    void confirmManualStep(int index, const QString& who = QString(), const QString& evidence = QString());
    // Stops the running step (within 100 ms) and ends the run as cancelled, without rollback.
    void cancelRun();
    // Cancels the running step, then runs the rollback plan; refused past a point of no return
    // unless the runbook declares a lossless path (rollbackRefused tells why). `note` is journaled
    // first (e.g. a no-go decision with its evidence).
    void requestRollback(const QString& note = QString());

    // Step by step (the console). The run pauses once the running step ends (or right away when it
    // is between steps); false withdraws a request not yet honoured.
    void pauseAfterStep(bool pause = true);
    // From Paused: runs the next step, then pauses again.
    void runOneStep();
    // From Paused: runs on; manual gates still wait for the operator.
    void continueRun();
    // Stops the running step (or leaves the gate); the run pauses and stays resumable.
    void cancelStep();
    // From Paused: journals the next step as skipped by `who` without running it; stays paused.
    void skipStep(const QString& who = QString());
    // Ends a paused run (or one waiting at a gate) as cancelled, resumable later: the console is closing.
    void closeRun(const QString& reason);

signals:
    void runStarted(const QString& runId);
    void stepStarted(int index, qint64 expectedMs);
    void stepOutput(int index, const QString& line);
    void stepProgress(int index, qint64 done, qint64 total, const QString& text);
    void stepFinished(int index, const StepResult& result, qint64 durationMs);
    void manualGateReached(int index, const QString& instructions);
    void rollbackRefused(const QString& reason);
    void rollbackStarted(const QStringList& planLines);
    void rollbackStepStarted(int entry, const QString& title);
    void rollbackStepOutput(int entry, const QString& line);
    void rollbackStepFinished(int entry, const StepResult& result, qint64 durationMs);
    void downtimeChanged(const QString& kind, bool open);
    // What the traffic probe measured: clients failing to write or read right now (or again able to).
    void measuredDowntimeChanged(const QString& kind, bool open, const QString& error);
    // One line about the probe: started, could not start, what it found at the end.
    void probeReport(const QString& line);
    void runFinished(RunOutcome outcome, const QString& message);
    // The run could not begin (or resume, or roll back) and nothing was changed: why. runFinished follows.
    void refused(const QString& reason);
    // Something the operator must know that is no step's output: what an unfinished run had left
    // behind (PgBouncer paused, processes still running) and what was done about it.
    void notice(const QString& line);

    // For the console (queued across threads; the command line uses the per-line signals above).
    void statusChanged(const RunStatus& status);
    void expectationsChanged(const QList<qint64>& expectedMs); // per step, in run order
    // A forward step's outcome as the journal had it when a run was resumed or rolled back later.
    void stepRestored(int index, StepOutcome outcome, qint64 durationMs);
    void rollbackPreviewChanged(const RollbackPreview& preview);
    void rollbackPlanStarted(const RollbackPreview& preview); // the plan that runs now, entries in order
    void outputLines(const QList<LogLine>& lines); // batched, at most every 50 ms
    void downtimeEvent(const DowntimeEvent& event);
    void probeStatsChanged(const ProbeStats& stats);

private:
    bool openJournal(QString* error);
    bool beginJournalRun(QString* error);
    void computeExpectations();
    void runNext();
    void launchForward(int index);
    void onForwardFinished(quint64 generation, const StepResult& result);
    // The step at `index` (journaled as begun) runs now, past its condition.
    void startStep(int index);
    void skipForCondition(int index, const QString& condition);
    void onConditionAnswered(const StepResult& answer);
    // A loop step (`for_each:`): its rows (asked of the database on a worker, or journaled by an
    // earlier attempt), then one iteration after another, each an attempt of its own.
    void startLoop(int index);
    void onLoopRows(const StepResult& answer);
    void beginLoop(int index, const QList<LoopRow>& rows, const QSet<int>& done);
    void runNextIteration();
    void onIterationFinished(const StepResult& result);
    // The running forward step has come to `result`: journal it, and go on, pause or stop.
    void finishForward(const StepResult& result);
    void startRollback();
    // Rolls back from wherever the run is: the running step is cancelled first, a gate left.
    void rollBackNow(const QString& atGate);
    void runNextRollback();
    void onRollbackFinished(quint64 generation, const StepResult& result);
    // Step `index` goes on with `action` (the step, an iteration, or a query the step needs first,
    // which sets *asking) on a worker, under the step's timeout; without an action, fails with `error`.
    void askOnWorker(std::unique_ptr<Action> action, const QString& error, int index, bool* asking = nullptr);
    // The running forward step fails with `error`, delivered like a worker's answer.
    void failOnLoop(const QString& error);
    void startWorker(std::unique_ptr<Action> action, int timeoutMs, bool rollback, int index);
    void applyDowntimeMarker(DowntimeMarker marker, bool atStart);
    void closeAllWindows();
    void finish(RunOutcome outcome, const QString& message);
    void failEarly(const QString& message);
    bool loadHistory(const RunDetail& detail);
    // A journaled run this controller may resume or roll back; nullopt after refusing (failEarly).
    std::optional<RunDetail> journaledRun(const QString& runIdOrLast);
    void startProbe();
    void stopProbe();
    // Hold mode: the write window begins (PAUSE wraps the step that opens it), ends (the switch
    // closing it RESUMEd on the new target, or the rollback's first entry on the old one), or has
    // lasted hold_max: the cutover is aborted.
    std::unique_ptr<Action> beginHold(int index, std::unique_ptr<Action> action, QString* error);
    void endHold(const QString& how);
    void onHoldMaxReached();
    // The rollback entry that ends a hold: a switch back to where the endpoint routed before.
    RollbackEntry releaseHoldEntry() const;
    // Hold mode, a rollback that starts past the window's switch: clients are held (PAUSE) before
    // its first entry, the switch back retargets without RESUME, and the RESUME comes once the
    // undo of the step that opened the window has run (or at hold_max, or when the rollback stops).
    // Neither blocks the way back: a PAUSE that cannot be had is journaled and the rollback goes on.
    void beginRollback();
    // Where the rollback holds clients: the window's endpoint and the first entry not holding them;
    // false when this rollback does not hold them.
    bool rollbackHoldPlan(QString* endpoint, int* releaseAt, QString* openedBy) const;
    void onRollbackHoldPaused(const StepResult& result);
    // RESUME where the endpoint routes now (on a worker of its own, so a long rollback entry may
    // run meanwhile), then `then` (when given).
    void releaseRollbackHold(const QString& why, std::function<void()> then);
    void startHoldWorker(std::unique_ptr<Action> action, int timeoutMs, std::function<void(const StepResult&)> done);
    void setState(RunState state);
    void pause(const QString& reason);
    void emitStatus();
    RollbackPreview preview(const RollbackPlan& plan) const;
    void computeRollbackExpectations();
    void queueLine(int stepIndex, int rollbackEntry, const QString& line);
    void flushLines();

    Runbook m_runbook;
    Inventory m_inventory;
    RunOptions m_options;
    RunInfo m_run;
    CapturedValues m_captures; // what steps captured, for the templates of later ones
    ActionFactory m_factory;
    RunJournal m_journal;
    QList<PlannedStep> m_steps;
    RunState m_state = RunState::Idle;
    bool m_pauseAfterStep = false;
    bool m_stoppingStep = false; // cancelStep() asked the running step to stop
    bool m_askingCondition = false; // the worker runs the running step's `when:` query, not the step
    bool m_askingLoopRows = false; // the worker runs the running step's `for_each:` query
    struct Loop {
        bool active = false; // the running step is a loop past its query
        QList<LoopRow> rows;
        QSet<int> done; // iterations completed, in this attempt or an earlier one over these rows
        int current = 0; // the iteration running (1-based), 0 between iterations
        int ranNow = 0; // iterations this attempt ran
        std::optional<LoopIteration> failed; // the iteration that ended the loop, when one did
        qint64 rowId = -1; // the running iteration's journal row
        QElapsedTimer clock;
    };
    Loop m_loop;
    QHash<QString, JournaledLoop> m_journaledLoops; // from the journal on resume: loops to go on with
    QString m_reason; // why paused, or how it finished
    RunOutcome m_outcome = RunOutcome::Running;
    bool m_rollbackFailed = false;
    Forecast m_forecast;
    int m_next = 0;
    QList<CompletedStep> m_history;
    QMap<QString, QString> m_routes; // endpoint -> inventory node it routes to now

    std::unique_ptr<StepWorker> m_worker;
    quint64 m_generation = 0;
    qint64 m_stepRowId = -1;
    int m_runningIndex = -1;
    QString m_runningLastLine; // what the running forward step said last (hold_max says what it waited on)
    QElapsedTimer m_stepClock;
    bool m_rollbackRequested = false;
    bool m_cancelRequested = false;

    RollbackPlan m_plan;
    int m_rollbackNext = 0;

    struct OpenWindow {
        qint64 rowId = -1;
        QElapsedTimer clock;
    };
    QMap<QString, OpenWindow> m_windows; // "writes" / "reads"
    QMap<QString, QString> m_windowOpenedBy; // kind -> the forward step whose downtime marker opened it
    QHash<QString, qint64> m_rollbackExpectedMs; // forward step id -> median of its earlier undos

    QList<LogLine> m_pendingLines;
    // Children of the controller, so they move with it to the engine thread.
    QTimer m_flushTimer;
    QTimer m_probeStatsTimer;

    CutoverMode m_cutover = CutoverMode::Refuse;
    struct Hold {
        bool active = false;
        QString endpoint; // the PgBouncer endpoint whose database is PAUSEd
        QString fromNode; // where it routed when the hold began (the old target)
        QString openedBy; // the step that began it
        bool replacesSwitch = false; // it began with a switch of the endpoint, which the hold replaced
        bool duringRollback = false; // a rollback past the window's switch holds clients
        int releaseAt = -1; // during a rollback: clients are RESUMEd before this entry (or at the plan's end)
        bool pausing = false; // during a rollback: the PAUSE is on its way
        bool releasing = false; // during a rollback: the RESUME is on its way
        QElapsedTimer clock;
        qint64 probeFromMs = -1; // on the traffic probe's clock
    };
    Hold m_hold;
    struct HeldInterval {
        qint64 fromMs = 0; // on the traffic probe's clock
        qint64 toMs = 0;
        qint64 heldMs = 0;
        QString how; // how the hold ended
    };
    QList<HeldInterval> m_heldIntervals; // measured by the probe when it stops
    QTimer m_holdCap; // hold_max
    // A rollback's PAUSE and RESUME run beside the rollback's own worker (a RESUME at hold_max must
    // not wait for a 15-minute entry).
    std::unique_ptr<StepWorker> m_holdWorker;
    quint64 m_holdGeneration = 0;
    QString m_holdWorkerLastLine;
    std::function<void()> m_afterRelease;

    std::unique_ptr<TrafficProbe> m_probe;
    ProbeSettings m_probeSettings;
    QMap<QString, qint64> m_probeWindowRows; // open probe windows: kind -> journal row
};
