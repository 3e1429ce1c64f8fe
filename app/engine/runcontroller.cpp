#include "engine/runcontroller.h"

#include "core/sqlsession.h"
#include "core/durationtext.h"
#include "engine/holdaction.h"
#include "engine/leftovers.h"
#include "engine/runhistory.h"
#include "engine/shellaction.h"
#include "engine/stepworker.h"
#include "engine/switchaction.h"
#include "forecast/forecastbuilder.h"
#include "journal/journalevent.h"
#include "journal/rundetail.h"
#include "journal/runstart.h"
#include "journal/steprecord.h"
#include "probe/trafficprobe.h"
#include "runbook/runbookvalidator.h"
#include "runbook/templaterenderer.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>
#include <QTimer>
#include <algorithm>

namespace {
StepResult failure(const QString& message)
{
    StepResult r;
    r.outcome = StepOutcome::Failed;
    r.error = message;
    return r;
}
} // namespace

RunController::RunController(Runbook runbook, Inventory inventory, RunOptions options, QObject* parent)
    : QObject(parent)
    , m_runbook(std::move(runbook))
    , m_inventory(std::move(inventory))
    , m_options(std::move(options))
    , m_factory(m_runbook, m_inventory, m_run, &m_captures)
    , m_flushTimer(this)
    , m_probeStatsTimer(this)
    , m_holdCap(this)
{
    qRegisterMetaType<RunStatus>("RunStatus");
    qRegisterMetaType<RunOutcome>("RunOutcome");
    qRegisterMetaType<StepOutcome>("StepOutcome");
    qRegisterMetaType<StepResult>("StepResult");
    qRegisterMetaType<RollbackPreview>("RollbackPreview");
    qRegisterMetaType<QList<LogLine>>("QList<LogLine>");
    qRegisterMetaType<DowntimeEvent>("DowntimeEvent");
    qRegisterMetaType<ProbeStats>("ProbeStats");
    qRegisterMetaType<QList<qint64>>("QList<qint64>");
    m_run.label = m_options.label;
    // Output reaches the console in batches: a step printing thousands of lines never floods it.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(50);
    connect(&m_flushTimer, &QTimer::timeout, this, &RunController::flushLines);
    m_probeStatsTimer.setInterval(500);
    m_cutover = m_options.cutover.value_or(m_runbook.cutover.mode);
    m_holdCap.setSingleShot(true);
    m_holdCap.setTimerType(Qt::PreciseTimer);
    connect(&m_holdCap, &QTimer::timeout, this, &RunController::onHoldMaxReached);
    connect(&m_probeStatsTimer, &QTimer::timeout, this, [this] {
        if (m_probe)
            emit probeStatsChanged(m_probe->stats());
    });
    for (int p = 0; p < m_runbook.phases.size(); ++p) {
        for (const Step& s : m_runbook.phases[p].steps) {
            PlannedStep ps;
            ps.phaseIndex = p;
            ps.phaseName = m_runbook.phases[p].name;
            ps.step = &s;
            ps.node = m_factory.nodeLabel(s);
            ps.expectedMs = s.expected ? s.expected->milliseconds() : 0;
            m_steps << ps;
        }
    }
    for (const Endpoint& e : m_inventory.endpoints) {
        const InventoryNode* n = m_inventory.resolveNode(e.routesTo);
        m_routes.insert(e.name, n ? n->name : e.routesTo);
    }
}

RunController::~RunController()
{
    m_worker.reset(); // cancels, quits and waits
    m_holdWorker.reset(); // a PAUSE cut short resumes what it paused
}

QStringList RunController::manualStepIds() const
{
    QStringList ids;
    for (const PlannedStep& s : m_steps)
        if (s.step->kind == StepKind::Manual)
            ids << s.step->id;
    return ids;
}

RollbackPlan RunController::currentRollbackPlan() const
{
    if (m_state == RunState::RollingBack || m_rollbackFailed)
        return m_plan;
    QList<CompletedStep> history = m_history;
    if (m_runningIndex >= 0 && (m_state == RunState::Running || m_state == RunState::Cancelling)) {
        const Step& running = *m_steps[m_runningIndex].step;
        if (!running.isLoop())
            history << CompletedStep { running.id, false, {} };
        else if (m_loop.active && m_loop.current > 0)
            history << CompletedStep { running.id, false, {}, m_captures.iteration };
    }
    return RollbackPlan::compute(m_runbook, history);
}

bool RunController::openJournal(QString* error)
{
    if (m_journal.isOpen())
        return true;
    const QString path = m_options.journalPath.isEmpty() ? RunJournal::defaultPath() : m_options.journalPath;
    if (!m_journal.open(path, error))
        return false;
    m_journal.setKnownSecrets(ActionFactory::secretsOf(m_inventory));
    return true;
}

void RunController::computeExpectations()
{
    // The forecast from earlier runs of this runbook on this cluster gives each step its budget (its
    // median, else the runbook's expected:): the same figures `forecast` prints and the ETA sums.
    ForecastQuery query;
    query.runbookDigest = RunJournal::fileDigest(m_options.runbookPath);
    query.cluster = m_inventory.cluster;
    query.excludeRunId = m_run.id;
    m_forecast = ForecastBuilder::build(m_journal, ForecastPlan::fromRunbook(m_runbook), query);
    for (PlannedStep& ps : m_steps)
        ps.expectedMs = m_forecast.expectedMs(ps.step->id);
}

bool RunController::beginJournalRun(QString* error)
{
    RunStart start;
    start.runbookName = m_runbook.name;
    start.runbookPath = m_options.runbookPath;
    start.runbookDigest = RunJournal::fileDigest(m_options.runbookPath);
    start.inventoryPath = m_options.inventoryPath;
    start.inventoryDigest = RunJournal::fileDigest(m_options.inventoryPath);
    start.cluster = m_inventory.cluster;
    start.label = m_options.label;
    start.startedAt = QDateTime::currentDateTimeUtc();
    m_run.id = m_journal.beginRun(start);
    m_run.startedAt = start.startedAt;
    if (m_run.id.isEmpty()) {
        *error = QStringLiteral("cannot record the run: %1").arg(m_journal.lastError());
        return false;
    }
    return true;
}

void RunController::failEarly(const QString& message)
{
    m_outcome = RunOutcome::Failed;
    m_reason = message;
    setState(RunState::Finished);
    emit refused(message);
    emit runFinished(RunOutcome::Failed, message);
}

void RunController::loadExpectations()
{
    QString error;
    if (m_state != RunState::Idle || !openJournal(&error))
        return;
    computeExpectations();
    computeRollbackExpectations();
    emitStatus();
}

void RunController::start()
{
    if (m_state != RunState::Idle)
        return;
    QString error;
    if (!openJournal(&error))
        return failEarly(QStringLiteral("cannot open the journal: %1").arg(error));
    computeExpectations();
    computeRollbackExpectations();
    if (const Diagnostics problems = RunbookValidator::cutoverProblems(m_runbook, &m_inventory, m_cutover); !problems.isEmpty())
        return failEarly(problems.first().message);
    if (!beginJournalRun(&error))
        return failEarly(error);
    m_journal.addEvent(m_run.id, QStringLiteral("%1 %2 (%3)%4")
                                     .arg(QLatin1String(kCutoverEventPrefix), cutoverModeName(m_cutover),
                                         m_options.cutover ? QStringLiteral("run --cutover") : QStringLiteral("the runbook's"),
                                         m_cutover == CutoverMode::Hold ? QStringLiteral(", hold_max %1").arg(m_runbook.cutover.holdMax.toString()) : QString()));
    setState(RunState::Running);
    emit runStarted(m_run.id);
    startProbe();
    QTimer::singleShot(0, this, &RunController::runNext);
}

bool RunController::loadHistory(const RunDetail& detail)
{
    // The journal's truth: each step at its latest attempt (one that failed, then succeeded on a
    // resume, counts once, as succeeded).
    const RunHistory history = RunHistory::of(detail);
    m_history = history.completed();
    m_journaledLoops = history.loops;
    m_next = 0;
    // What the steps captured, at their latest attempt; secret values were never journaled.
    m_captures = {};
    for (const StepRecord& s : detail.steps) {
        if (s.isRollback)
            continue;
        m_captures.values.remove(s.stepId);
        m_captures.lost.remove(s.stepId);
        if (s.result.outcome != StepOutcome::Succeeded || (s.result.captured.isEmpty() && s.result.secretCaptures.isEmpty()))
            continue;
        m_captures.values.insert(s.stepId, s.result.captured);
        if (!s.result.secretCaptures.isEmpty())
            m_captures.lost.insert(s.stepId, s.result.secretCaptures);
    }
    for (const CompletedStep& done : std::as_const(m_history)) {
        const Step* step = m_runbook.step(done.stepId);
        if (step && step->kind == StepKind::Switch) {
            const InventoryNode* n = m_inventory.resolveNode(step->switchTo.to);
            m_routes[step->switchTo.endpoint] = n ? n->name : step->switchTo.to;
        }
    }
    while (m_next < m_steps.size() && history.done.contains(m_steps[m_next].step->id))
        ++m_next;
    // The checklist shows what the journal says happened before.
    QHash<QString, int> indexOf;
    for (int i = 0; i < m_steps.size(); ++i)
        indexOf.insert(m_steps[i].step->id, i);
    for (const StepRecord& s : detail.steps)
        if (!s.isRollback && indexOf.contains(s.stepId))
            emit stepRestored(indexOf.value(s.stepId), s.result.outcome, s.durationMs.value_or(-1));
    return true;
}

std::optional<RunDetail> RunController::journaledRun(const QString& runIdOrLast)
{
    if (m_state != RunState::Idle)
        return std::nullopt;
    QString error;
    if (!openJournal(&error)) {
        failEarly(QStringLiteral("cannot open the journal: %1").arg(error));
        return std::nullopt;
    }
    auto detail = m_journal.run(runIdOrLast, &error);
    if (!detail) {
        failEarly(error);
        return std::nullopt;
    }
    // Another process still owns it: it alone may go on with it or roll it back.
    if (detail->run.outcome == RunOutcome::Running) {
        failEarly(QStringLiteral("run %1 is still running in process %2 on %3").arg(detail->run.id).arg(detail->run.pid).arg(detail->run.host));
        return std::nullopt;
    }
    return detail;
}

void RunController::resume(const QString& runIdOrLast, InterruptedStepChoice choice)
{
    const auto detail = journaledRun(runIdOrLast);
    if (!detail)
        return;
    if (detail->run.outcome == RunOutcome::Completed || detail->run.outcome == RunOutcome::RolledBack)
        return failEarly(QStringLiteral("run %1 %2: nothing to resume").arg(detail->run.id, runOutcomeWords(detail->run.outcome)));
    if (detail->run.runbookName != m_runbook.name)
        return failEarly(QStringLiteral("run %1 ran runbook '%2', not '%3'").arg(detail->run.id, detail->run.runbookName, m_runbook.name));
    // A run on its way back goes on back: forward would run over what was undone.
    if (RunHistory::of(*detail).rollingBack) {
        emit notice(QStringLiteral("run %1 was rolling back when it stopped: resuming its rollback").arg(detail->run.id));
        return rollbackFinishedRun(detail->run.id);
    }
    loadHistory(*detail);
    m_run.id = detail->run.id;
    m_run.startedAt = detail->run.startedAt;
    computeExpectations();
    computeRollbackExpectations();
    // The step that was running when the process died: never re-run without the operator's word.
    const StepRecord* interrupted = nullptr;
    for (const StepRecord& s : detail->steps)
        if (!s.isRollback && s.result.outcome == StepOutcome::Interrupted)
            interrupted = &s;
    const bool decide = interrupted && m_next < m_steps.size() && m_steps[m_next].step->id == interrupted->stepId;
    if (decide && choice == InterruptedStepChoice::Refuse) {
        // Nothing re-runs without the operator's word; but clients are never left paused, and what
        // the step left running is said.
        QStringList left = Leftovers::settle(*detail, m_runbook, m_inventory, Leftovers::Processes::Report);
        for (const QString& line : std::as_const(left))
            m_journal.addEvent(detail->run.id, line);
        return failEarly(QStringLiteral("step '%1' was interrupted while running: it may or may not have taken effect. "
                                        "Check, then resume with --rerun-interrupted or --skip-interrupted%2")
                             .arg(interrupted->stepId, left.isEmpty() ? QString() : QStringLiteral("\n  ") + left.join(QStringLiteral("\n  "))));
    }
    // Taken atomically, as read: of two resumes at once, one goes on and the other is refused.
    if (!m_journal.claimRun(m_run.id, int(detail->steps.size())))
        return failEarly(m_journal.lastError());
    for (const QString& line : Leftovers::settle(*detail, m_runbook, m_inventory, Leftovers::Processes::End)) {
        m_journal.addEvent(m_run.id, line);
        emit notice(line);
    }
    if (decide) {
        if (choice == InterruptedStepChoice::Skip) {
            StepRecord rec;
            rec.phase = m_steps[m_next].phaseName;
            rec.stepId = interrupted->stepId;
            rec.title = m_steps[m_next].step->title;
            rec.kind = stepKindName(m_steps[m_next].step->kind);
            rec.node = m_steps[m_next].node;
            const qint64 row = m_journal.beginStep(m_run.id, rec);
            StepResult skipped;
            skipped.outcome = StepOutcome::Skipped;
            skipped.error = QStringLiteral("interrupted earlier; the operator chose to skip it");
            if (row < 0 || !m_journal.endStep(row, skipped, 0)) {
                m_state = RunState::Running;
                return finish(RunOutcome::Failed, QStringLiteral("could not record that step '%1' is skipped: %2").arg(interrupted->stepId, m_journal.lastError()));
            }
            m_history << CompletedStep { interrupted->stepId, true, {} };
            ++m_next;
        }
    }
    m_journal.addEvent(m_run.id, QStringLiteral("resumed at step %1").arg(m_next < m_steps.size() ? m_steps[m_next].step->id : QStringLiteral("(end)")));
    setState(RunState::Running);
    emit runStarted(m_run.id);
    startProbe();
    QTimer::singleShot(0, this, &RunController::runNext);
}

void RunController::rollbackFinishedRun(const QString& runIdOrLast)
{
    const auto detail = journaledRun(runIdOrLast);
    if (!detail)
        return;
    loadHistory(*detail);
    m_run.id = detail->run.id;
    m_run.startedAt = detail->run.startedAt;
    computeExpectations();
    computeRollbackExpectations();
    // From the journal's truth: each step at its latest attempt (a step that failed or was cut
    // short may have taken partial effect), each undo at most once, the ones done already skipped.
    const RunHistory history = RunHistory::of(*detail);
    m_history = history.steps;
    m_plan = history.rollbackPlan(m_runbook);
    // Refused, or already rolled back entirely: the run stays exactly as it was (not reopened).
    const bool nothingLeft = detail->run.outcome == RunOutcome::RolledBack && m_plan.alreadyDone >= m_plan.entries.size();
    if (m_plan.refused || nothingLeft) {
        emit runStarted(m_run.id);
        if (m_plan.refused) {
            m_journal.addEvent(m_run.id, QStringLiteral("rollback refused: %1").arg(m_plan.refusal));
            emit rollbackRefused(m_plan.refusal);
        }
        m_outcome = detail->run.outcome;
        m_reason = m_plan.refused ? m_plan.refusal : QStringLiteral("already rolled back: nothing left to undo");
        setState(RunState::Finished);
        emit runFinished(detail->run.outcome, m_plan.refused ? m_plan.refusal : QStringLiteral("already rolled back: nothing left to undo"));
        return;
    }
    // Taken atomically, as read: of two processes at once, one rolls back and the other is refused.
    if (!m_journal.claimRun(m_run.id, int(detail->steps.size())))
        return failEarly(m_journal.lastError());
    for (const QString& line : Leftovers::settle(*detail, m_runbook, m_inventory, Leftovers::Processes::End)) {
        m_journal.addEvent(m_run.id, line);
        emit notice(line);
    }
    emit runStarted(m_run.id);
    startProbe();
    startRollback();
}

void RunController::runNext()
{
    if (m_state != RunState::Running)
        return;
    // Clients are never left held: a run stopping inside the hold goes back, releasing them first.
    if (m_hold.active && (m_cancelRequested || m_rollbackRequested))
        return startRollback();
    if (m_cancelRequested)
        return finish(RunOutcome::Cancelled, QStringLiteral("cancelled by the operator"));
    if (m_rollbackRequested)
        return startRollback();
    if (m_next >= m_steps.size())
        return finish(RunOutcome::Completed, QStringLiteral("all %1 steps completed").arg(m_steps.size()));
    launchForward(m_next);
}

void RunController::launchForward(int index)
{
    const PlannedStep& ps = m_steps[index];
    const Step& step = *ps.step;
    StepRecord rec;
    rec.phase = ps.phaseName;
    rec.stepId = step.id;
    rec.title = m_factory.renderText(step.title);
    rec.kind = stepKindName(step.kind);
    rec.node = ps.node;
    if (ps.expectedMs > 0)
        rec.expectedMs = ps.expectedMs;
    // A run must not go on unjournaled.
    if (!m_journal.stopReason().isEmpty())
        return finish(RunOutcome::Failed, QStringLiteral("stopped before step %1: %2").arg(step.id, m_journal.stopReason()));
    // A switch's intent goes in first: killed mid-switch, the journal still knows the way back.
    rec.result.inverse = m_factory.switchIntent(step, m_routes);
    m_stepRowId = m_journal.beginStep(m_run.id, rec);
    if (m_stepRowId < 0)
        return finish(RunOutcome::Failed, QStringLiteral("cannot journal step %1: %2").arg(step.id, m_journal.lastError()));
    m_runningIndex = index;
    m_stepClock.start();
    if (!step.when.isEmpty()) {
        QString error;
        const std::optional<bool> holds = m_factory.condition(step, &error);
        if (!holds)
            return failOnLoop(error);
        if (!*holds)
            return skipForCondition(index, m_factory.renderText(step.when));
    }
    if (!step.whenSql.isEmpty()) {
        // The database answers on a worker thread; onForwardFinished() goes on from its answer.
        QString error;
        auto query = m_factory.conditionQuery(step, &error);
        return askOnWorker(std::move(query), error, index, &m_askingCondition);
    }
    startStep(index);
}

void RunController::skipForCondition(int index, const QString& condition)
{
    // Not run: journaled as skipped with the reason; nothing to undo, so not in m_history.
    StepResult skipped;
    skipped.outcome = StepOutcome::Skipped;
    skipped.error = RunHistory::conditionFalsePrefix() + condition;
    m_journal.endStep(m_stepRowId, skipped, 0);
    m_runningIndex = -1;
    emit stepOutput(index, skipped.error);
    emit stepFinished(index, skipped, 0);
    ++m_next;
    emitStatus();
    QTimer::singleShot(0, this, &RunController::runNext);
}

void RunController::onConditionAnswered(const StepResult& answer)
{
    const int index = m_runningIndex;
    const Step& step = *m_steps[index].step;
    if (m_worker)
        m_worker.release()->deleteLater();
    if (!answer.ok()) {
        StepResult failed = answer;
        failed.error = QStringLiteral("when: ") + answer.error;
        return onForwardFinished(++m_generation, failed);
    }
    const QString value = answer.captured.value(ActionFactory::conditionValueKey());
    if (m_cancelRequested || m_rollbackRequested) {
        StepResult stopped;
        stopped.outcome = StepOutcome::Cancelled;
        stopped.error = QStringLiteral("cancelled");
        return onForwardFinished(++m_generation, stopped);
    }
    if (value != QLatin1String("t") && value != QLatin1String("true"))
        return skipForCondition(index, QStringLiteral("%1 on %2 returned %3")
                                           .arg(m_factory.renderText(step.whenSql).simplified(), step.whenOn,
                                               answer.captured.contains(ActionFactory::conditionValueKey())
                                                   ? (value.isEmpty() ? QStringLiteral("NULL") : value)
                                                   : QStringLiteral("no row")));
    startStep(index);
}

void RunController::startStep(int index)
{
    const PlannedStep& ps = m_steps[index];
    const Step& step = *ps.step;
    applyDowntimeMarker(step.downtime, true);
    emit stepStarted(index, ps.expectedMs);
    emitStatus(); // the plan now includes the running step's undo

    if (step.kind == StepKind::Manual) {
        setState(RunState::AtGate);
        emit manualGateReached(index, m_factory.renderText(step.manual));
        if (m_options.confirmManualSteps)
            QTimer::singleShot(0, this, [this, index] { confirmManualStep(index, QStringLiteral("--yes")); });
        return;
    }
    if (step.isLoop())
        return startLoop(index);
    QString error;
    auto action = m_factory.create(step, m_routes, &error);
    if (action && m_cutover == CutoverMode::Hold && step.downtime == DowntimeMarker::WritesBegin)
        action = beginHold(index, std::move(action), &error);
    askOnWorker(std::move(action), error, index);
}

void RunController::failOnLoop(const QString& error)
{
    // From the event loop, as a worker's answer comes: the caller's state is settled first.
    QTimer::singleShot(0, this, [this, error, gen = ++m_generation] { onForwardFinished(gen, failure(error)); });
}

void RunController::askOnWorker(std::unique_ptr<Action> action, const QString& error, int index, bool* asking)
{
    if (!action)
        return failOnLoop(error);
    if (asking)
        *asking = true;
    const Step& step = *m_steps[index].step;
    startWorker(std::move(action), step.timeout ? int(step.timeout->milliseconds()) : 0, false, index);
}

void RunController::startWorker(std::unique_ptr<Action> action, int timeoutMs, bool rollback, int index)
{
    m_worker = std::make_unique<StepWorker>(std::move(action), ++m_generation);
    m_worker->setTimeout(timeoutMs);
    const quint64 gen = m_generation;
    if (!rollback)
        m_runningLastLine.clear();
    connect(m_worker.get(), &StepWorker::output, this, [this, rollback, index, gen](quint64 g, const QString& line) {
        if (g != gen)
            return;
        const QString masked = m_journal.mask(line);
        if (!rollback)
            m_runningLastLine = masked;
        if (rollback)
            emit rollbackStepOutput(index, masked);
        else
            emit stepOutput(index, masked);
        queueLine(rollback ? -1 : index, rollback ? index : -1, masked);
    });
    connect(m_worker.get(), &StepWorker::progress, this, [this, rollback, index, gen](quint64 g, qint64 done, qint64 total, const QString& text) {
        if (g == gen && !rollback)
            emit stepProgress(index, done, total, m_journal.mask(text));
    });
    // Journaled as soon as known: a console killed mid-step leaves a way to find what still runs.
    connect(m_worker.get(), &StepWorker::processStarted, this, [this, row = m_stepRowId, worker = QPointer<StepWorker>(m_worker.get())](quint64, const QString& host, qint64 group, const QString& startTime) {
        m_journal.recordProcess(row, StepProcess { host, group, startTime });
        if (worker)
            worker->processRecorded(group);
    });
    if (rollback)
        connect(m_worker.get(), &StepWorker::finished, this, &RunController::onRollbackFinished);
    else
        connect(m_worker.get(), &StepWorker::finished, this, &RunController::onForwardFinished);
    m_worker->start();
}

void RunController::confirmManualStep(int index, const QString& who, const QString& evidence)
{
    if (m_state != RunState::AtGate || index != m_runningIndex)
        return;
    setState(RunState::Running);
    StepResult r;
    r.outcome = StepOutcome::Succeeded;
    r.output = who.isEmpty() ? QStringLiteral("confirmed by the operator") : QStringLiteral("confirmed by %1").arg(who);
    const Step& step = *m_steps[index].step;
    if (step.decision) {
        // Journal events that begin with "decision:" are exported as the go/no-go record.
        QString text = QStringLiteral("%1 GO at '%2', %3").arg(QLatin1String(kDecisionEventPrefix), step.id, r.output);
        if (!evidence.isEmpty())
            text += QStringLiteral("\n") + evidence;
        m_journal.addEvent(m_run.id, text, m_stepRowId);
    } else {
        m_journal.addEvent(m_run.id, QStringLiteral("manual gate '%1' %2").arg(step.id, r.output), m_stepRowId);
    }
    onForwardFinished(++m_generation, r);
}

void RunController::onForwardFinished(quint64 generation, const StepResult& resultIn)
{
    if (generation != m_generation || m_runningIndex < 0)
        return; // a late result from a worker we have moved on from
    if (std::exchange(m_askingCondition, false))
        return onConditionAnswered(resultIn);
    if (std::exchange(m_askingLoopRows, false))
        return onLoopRows(resultIn);
    if (m_loop.active)
        return onIterationFinished(resultIn);
    finishForward(resultIn);
}

void RunController::startLoop(int index)
{
    const Step& step = *m_steps[index].step;
    m_loop = Loop {};
    // Resumed: the rows journaled when the loop first started, never asked again (the tables, say,
    // may have changed since; the iterations done must keep their meaning).
    if (const auto journaled = m_journaledLoops.constFind(step.id); journaled != m_journaledLoops.constEnd()) {
        const QString line = QStringLiteral("%1: resuming the loop with the %2 row(s) journaled when it started (not asked again); "
                                            "%3 iteration(s) already done")
                                 .arg(step.id)
                                 .arg(journaled->rows.size())
                                 .arg(journaled->done.size());
        m_journal.addEvent(m_run.id, line, m_stepRowId);
        emit stepOutput(index, line);
        queueLine(index, -1, line);
        return beginLoop(index, journaled->rows, journaled->done);
    }
    QString error;
    auto query = m_factory.loopQuery(step, &error);
    askOnWorker(std::move(query), error, index, &m_askingLoopRows);
}

void RunController::onLoopRows(const StepResult& answer)
{
    const int index = m_runningIndex;
    if (m_worker)
        m_worker.release()->deleteLater();
    if (!answer.ok()) {
        StepResult failed = answer;
        failed.error = QStringLiteral("for_each: ") + answer.error;
        return finishForward(failed);
    }
    if (m_cancelRequested || m_rollbackRequested || m_stoppingStep) {
        StepResult stopped;
        stopped.outcome = StepOutcome::Cancelled;
        stopped.error = QStringLiteral("cancelled");
        return finishForward(stopped);
    }
    // The rows are journaled and shown: a column that looks secret is refused, not masked (its value
    // would be lost to a resumed run).
    if (!answer.rows.isEmpty()) {
        for (const QString& column : answer.rows.first().keys())
            if (TemplateRenderer::isSecretVar(column))
                return finishForward(failure(QStringLiteral("for_each: column '%1' looks secret; a loop's rows are journaled and shown, "
                                                            "so leave it out of the query")
                                                 .arg(column)));
    }
    beginLoop(index, answer.rows, {});
}

void RunController::beginLoop(int index, const QList<LoopRow>& rows, const QSet<int>& done)
{
    if (!m_journal.recordLoopRows(m_stepRowId, rows))
        return finishForward(failure(QStringLiteral("cannot journal the rows of the loop: %1").arg(m_journal.lastError())));
    if (rows.isEmpty()) {
        StepResult nothing;
        nothing.outcome = StepOutcome::Succeeded;
        nothing.output = QStringLiteral("0 rows: nothing to do");
        emit stepOutput(index, QStringLiteral("%1: %2").arg(m_steps[index].step->id, nothing.output));
        return finishForward(nothing);
    }
    m_loop.active = true;
    m_loop.rows = rows;
    m_loop.done = done;
    emit stepProgress(index, done.size(), rows.size(), QStringLiteral("%1/%2 done").arg(done.size()).arg(rows.size()));
    runNextIteration();
}

void RunController::runNextIteration()
{
    const int index = m_runningIndex;
    const Step& step = *m_steps[index].step;
    const int count = int(m_loop.rows.size());
    int next = 1;
    while (next <= count && m_loop.done.contains(next))
        ++next;
    if (next > count) {
        StepResult done;
        done.outcome = StepOutcome::Succeeded;
        done.output = QStringLiteral("%1/%1 iterations done (%2 in this attempt)").arg(count).arg(m_loop.ranNow);
        m_loop = Loop {};
        m_captures.iteration.reset();
        return finishForward(done);
    }
    if (m_cancelRequested || m_rollbackRequested || m_stoppingStep || !m_journal.stopReason().isEmpty()) {
        StepResult stopped;
        stopped.outcome = StepOutcome::Cancelled;
        stopped.error = m_journal.stopReason().isEmpty() ? QStringLiteral("cancelled before iteration %1/%2").arg(next).arg(count)
                                                         : m_journal.stopReason();
        m_loop = Loop {};
        m_captures.iteration.reset();
        return finishForward(stopped);
    }
    const LoopIteration iteration { next, count, m_loop.rows[next - 1] };
    m_captures.iteration = iteration;
    m_loop.current = next;
    m_loop.rowId = m_journal.beginIteration(m_stepRowId, next, iteration.item);
    if (m_loop.rowId < 0) {
        m_loop = Loop {};
        m_captures.iteration.reset();
        return finishForward(failure(QStringLiteral("cannot journal iteration %1: %2").arg(iteration.label(), m_journal.lastError())));
    }
    m_loop.clock.start();
    const QString line = m_journal.mask(QStringLiteral("%1 %2").arg(step.id, iteration.label()));
    emit stepOutput(index, line);
    queueLine(index, -1, line);
    emit stepProgress(index, next - 1, count, m_journal.mask(iteration.label()));
    QString error;
    auto action = m_factory.create(step, m_routes, &error);
    askOnWorker(std::move(action), error, index);
}

void RunController::onIterationFinished(const StepResult& resultIn)
{
    const int index = m_runningIndex;
    const Step& step = *m_steps[index].step;
    if (m_worker)
        m_worker.release()->deleteLater();
    StepResult result = resultIn;
    result.error = m_journal.mask(result.error);
    result.output = m_journal.mask(result.output);
    const LoopIteration iteration = *m_captures.iteration;
    const bool journaled = m_journal.endIteration(m_loop.rowId, result, m_loop.clock.elapsed());
    ++m_loop.ranNow;
    m_loop.current = 0;
    if (result.outcome == StepOutcome::Succeeded && journaled) {
        m_loop.done.insert(iteration.index);
        m_history << CompletedStep { step.id, true, {}, iteration };
        emit stepProgress(index, m_loop.done.size(), iteration.count, QStringLiteral("%1/%2 done").arg(m_loop.done.size()).arg(iteration.count));
        return runNextIteration();
    }
    // The loop stops at its first failing iteration; `resume` goes on from it with the same rows.
    StepResult failed = result;
    if (!journaled) {
        failed.outcome = StepOutcome::Failed;
        failed.error = QStringLiteral("could not record the end of the iteration: %1").arg(m_journal.lastError());
    }
    failed.error = QStringLiteral("iteration %1: %2").arg(iteration.label(), failed.error);
    m_loop = Loop {};
    m_loop.failed = iteration;
    m_captures.iteration.reset();
    finishForward(failed);
}

void RunController::finishForward(const StepResult& resultIn)
{
    const int index = m_runningIndex;
    const PlannedStep& ps = m_steps[index];
    const std::optional<LoopIteration> failedIteration = std::exchange(m_loop.failed, std::nullopt);
    StepResult result = resultIn;
    // A failed step captures nothing; a secret captured is masked wherever it would appear later.
    m_captures.values.remove(ps.step->id);
    m_captures.lost.remove(ps.step->id);
    if (result.ok() && !result.captured.isEmpty()) {
        m_captures.values.insert(ps.step->id, result.captured);
        QStringList secrets;
        for (const QString& name : std::as_const(result.secretCaptures))
            if (const QString value = result.captured.value(name); !value.isEmpty())
                secrets << value;
        m_journal.addKnownSecrets(secrets);
    }
    result.error = m_journal.mask(result.error);
    result.output = m_journal.mask(result.output);
    const qint64 duration = m_stepClock.elapsed();
    const bool journaled = m_journal.endStep(m_stepRowId, result, duration);
    m_runningIndex = -1;
    flushLines();
    emit stepFinished(index, result, duration);
    if (m_worker)
        m_worker.release()->deleteLater(); // its thread has finished; delete outside its own signal
    // A run must not go on unjournaled: stop before the next step (no rollback either), and say why.
    if (!journaled || !m_journal.stopReason().isEmpty()) {
        if (result.ok())
            ++m_next;
        const QString why = journaled ? m_journal.stopReason() : QStringLiteral("could not record the end of step %1 (it %2): %3").arg(ps.step->id, stepOutcomeWords(result.outcome), m_journal.lastError());
        return finish(RunOutcome::Failed, QStringLiteral("stopped after step %1: %2").arg(ps.step->id, why));
    }
    const bool stopping = std::exchange(m_stoppingStep, false);

    if (result.ok()) {
        applyDowntimeMarker(ps.step->downtime, false);
        if (!ps.step->isLoop()) // a loop's iterations are in the history, each as it completed
            m_history << CompletedStep { ps.step->id, true, result.inverse };
        const bool heldInstead = m_hold.active && m_hold.replacesSwitch && ps.step->id == m_hold.openedBy;
        if (ps.step->kind == StepKind::Switch && !heldInstead) {
            const InventoryNode* n = m_inventory.resolveNode(ps.step->switchTo.to);
            m_routes[ps.step->switchTo.endpoint] = n ? n->name : ps.step->switchTo.to;
            if (m_hold.active && ps.step->downtime == DowntimeMarker::WritesEnd && ps.step->switchTo.endpoint == m_hold.endpoint)
                endHold(QStringLiteral("RESUMEd on %1 by step %2").arg(m_routes.value(m_hold.endpoint), ps.step->id));
        }
        ++m_next;
        if (m_rollbackRequested || (m_hold.active && m_cancelRequested)) {
            setState(RunState::Running);
            return startRollback();
        }
        // Never paused while clients are held: the run goes on to the switch (or hold_max ends it).
        if (stopping && !m_hold.active)
            return pause(QStringLiteral("step %1 completed before it could be stopped").arg(ps.step->id));
        if (m_pauseAfterStep && !m_hold.active && !m_cancelRequested && m_next < m_steps.size())
            return pause(QStringLiteral("paused by the operator after step %1").arg(ps.step->id));
        setState(RunState::Running);
        QTimer::singleShot(0, this, &RunController::runNext);
        return;
    }
    // A switch that could not verify its way back recorded it: the rollback plan uses it.
    if (!ps.step->isLoop())
        m_history << CompletedStep { ps.step->id, false, result.inverse };
    else if (failedIteration) // it may have taken effect: its undo runs in a rollback
        m_history << CompletedStep { ps.step->id, false, {}, failedIteration };
    if (m_hold.active) {
        // Clients are held: nobody can decide in time, so the cutover is aborted at once.
        if (!m_rollbackRequested)
            m_journal.addEvent(m_run.id, QStringLiteral("step %1 %2 while clients were held (cutover: hold): rolling back, the held "
                                                        "clients resume on %3 first")
                                             .arg(ps.step->id, stepOutcomeWords(result.outcome), m_hold.fromNode));
        m_rollbackRequested = true;
        setState(RunState::Running);
        return startRollback();
    }
    if (m_rollbackRequested || ((m_options.rollbackOnFailure || ps.step->rollbackOnFailure) && !m_cancelRequested && !stopping)) {
        if (!m_rollbackRequested)
            m_journal.addEvent(m_run.id, QStringLiteral("step %1 %2: rolling back (%3)")
                                             .arg(ps.step->id, stepOutcomeWords(result.outcome),
                                                 ps.step->rollbackOnFailure ? QStringLiteral("on_failure: rollback") : QStringLiteral("--rollback-on-failure")));
        setState(RunState::Running);
        return startRollback();
    }
    if (m_cancelRequested)
        return finish(RunOutcome::Cancelled, QStringLiteral("cancelled during step %1").arg(ps.step->id));
    if (stopping)
        return pause(QStringLiteral("step %1 was cancelled by the operator").arg(ps.step->id));
    if (m_options.pauseOnFailure) {
        return pause(QStringLiteral("step %1 %2%3").arg(ps.step->id, stepOutcomeWords(result.outcome),
            result.error.isEmpty() ? QString() : QStringLiteral(": ") + result.error));
    }
    if (result.outcome == StepOutcome::Cancelled)
        return finish(RunOutcome::Cancelled, QStringLiteral("cancelled during step %1").arg(ps.step->id));
    finish(RunOutcome::Failed, QStringLiteral("step %1 %2: %3").arg(ps.step->id, stepOutcomeWords(result.outcome), result.error));
}

void RunController::cancelRun()
{
    if (!isActive())
        return;
    m_cancelRequested = true;
    m_journal.addEvent(m_run.id, QStringLiteral("cancel requested"));
    if (m_state == RunState::Paused)
        return finish(RunOutcome::Cancelled, QStringLiteral("cancelled by the operator while paused"));
    if (m_state == RunState::AtGate) {
        StepResult r;
        r.outcome = StepOutcome::Cancelled;
        r.error = QStringLiteral("cancelled at the manual gate");
        onForwardFinished(++m_generation, r);
        return;
    }
    if (m_worker)
        m_worker->cancel();
    if (m_holdWorker && m_hold.pausing)
        m_holdWorker->cancel(); // a PAUSE cut short resumes what it paused; a RESUME is never cut short
}

void RunController::requestRollback(const QString& note)
{
    if (m_state == RunState::RollingBack || m_state == RunState::Finished || m_state == RunState::Idle || m_rollbackRequested)
        return;
    if (!note.isEmpty())
        m_journal.addEvent(m_run.id, note, m_state == RunState::AtGate ? m_stepRowId : -1);
    const RollbackPlan plan = currentRollbackPlan();
    if (plan.refused) {
        m_journal.addEvent(m_run.id, QStringLiteral("rollback refused: %1").arg(plan.refusal));
        emit rollbackRefused(plan.refusal);
        return;
    }
    m_journal.addEvent(m_run.id, QStringLiteral("rollback requested"));
    rollBackNow(QStringLiteral("rollback requested at the manual gate"));
}

void RunController::rollBackNow(const QString& atGate)
{
    m_rollbackRequested = true;
    if (m_state == RunState::Paused) {
        setState(RunState::Running);
        return startRollback();
    }
    if (m_state == RunState::AtGate) {
        StepResult r;
        r.outcome = StepOutcome::Cancelled;
        r.error = atGate;
        return onForwardFinished(++m_generation, r);
    }
    if (m_worker && m_runningIndex >= 0)
        m_worker->cancel(); // onForwardFinished starts the rollback
    else
        QTimer::singleShot(0, this, &RunController::runNext);
}

void RunController::startRollback()
{
    if (m_plan.entries.isEmpty() && m_plan.alreadyDone == 0) {
        m_plan = RollbackPlan::compute(m_runbook, m_history);
        if (m_hold.active) {
            // The held clients go back to the old target first; even a refused plan releases them.
            if (m_plan.refused) {
                m_journal.addEvent(m_run.id, QStringLiteral("rollback refused (%1): only the hold is released").arg(m_plan.refusal));
                m_plan = RollbackPlan {};
            }
            m_plan.entries.prepend(releaseHoldEntry());
        }
    }
    setState(RunState::RollingBack);
    if (m_plan.refused) {
        emit rollbackRefused(m_plan.refusal);
        return finish(RunOutcome::Failed, m_plan.refusal);
    }
    const QStringList lines = m_plan.describe();
    m_journal.addEvent(m_run.id, QStringLiteral("rollback plan:\n%1").arg(lines.join(QLatin1Char('\n'))));
    emit rollbackStarted(lines);
    emit rollbackPlanStarted(preview(m_plan));
    m_rollbackNext = m_plan.alreadyDone;
    beginRollback();
}

void RunController::runNextRollback()
{
    // Clients held through the rollback go on once the window's opening step is undone.
    if (m_hold.active && m_hold.duringRollback && m_rollbackNext >= m_hold.releaseAt) {
        bool undone = false;
        for (int k = 0; k < m_hold.releaseAt && k < m_plan.entries.size(); ++k)
            undone = undone || m_plan.entries[k].forStepId == m_hold.openedBy;
        const QString why = undone ? QStringLiteral("once the undo of step %1 had run (the old target takes writes again)").arg(m_hold.openedBy)
                                   : QStringLiteral("once the rollback had undone the write window (step %1 has no undo)").arg(m_hold.openedBy);
        return releaseRollbackHold(why, [this] { runNextRollback(); });
    }
    if (m_rollbackNext >= m_plan.entries.size()) {
        closeAllWindows();
        return finish(RunOutcome::RolledBack, QStringLiteral("rolled back: %1 step(s) undone").arg(m_plan.entries.size()));
    }
    const RollbackEntry& entry = m_plan.entries[m_rollbackNext];
    m_captures.iteration = entry.iteration; // a loop's undo runs with its iteration's row
    StepRecord rec;
    rec.iteration = entry.iteration ? entry.iteration->index : 0;
    rec.phase = QStringLiteral("Rollback");
    rec.stepId = entry.forStepId;
    rec.title = m_factory.renderText(entry.title);
    rec.kind = stepKindName(entry.step->kind);
    rec.node = m_factory.nodeLabel(*entry.step);
    rec.isRollback = true;
    if (!m_journal.stopReason().isEmpty())
        return finish(RunOutcome::Failed, QStringLiteral("rollback stopped before '%1': %2").arg(rec.title, m_journal.stopReason()));
    m_stepRowId = m_journal.beginStep(m_run.id, rec);
    if (m_stepRowId < 0)
        return finish(RunOutcome::Failed, QStringLiteral("rollback stopped: could not record the start of '%1': %2 — fix it, then retry with `rollback %3`")
                                              .arg(rec.title, m_journal.lastError(), m_run.id));
    m_stepClock.start();
    emit rollbackStepStarted(m_rollbackNext, entry.title);
    QString error;
    auto action = entry.step->kind == StepKind::Manual ? nullptr : m_factory.create(*entry.step, m_routes, &error);
    if (entry.step->kind == StepKind::Manual) {
        // A manual rollback instruction: headless runs print it; the console shows it.
        StepResult r;
        r.outcome = StepOutcome::Succeeded;
        r.output = m_factory.renderText(entry.step->manual);
        emit rollbackStepOutput(m_rollbackNext, QStringLiteral("MANUAL: %1").arg(r.output));
        QTimer::singleShot(0, this, [this, r, gen = ++m_generation] { onRollbackFinished(gen, r); });
        return;
    }
    if (!action) {
        QTimer::singleShot(0, this, [this, error, gen = ++m_generation] { onRollbackFinished(gen, failure(error)); });
        return;
    }
    // The switch back keeps the clients held: they go on once the source is writable again.
    if (entry.step->kind == StepKind::Switch && m_hold.active && m_hold.duringRollback && !m_hold.releasing
        && entry.step->switchTo.endpoint == m_hold.endpoint)
        if (auto* sw = dynamic_cast<SwitchAction*>(action.get()))
            sw->keepHeld();
    startWorker(std::move(action), entry.step->timeout ? int(entry.step->timeout->milliseconds()) : 0, true, m_rollbackNext);
}

void RunController::onRollbackFinished(quint64 generation, const StepResult& resultIn)
{
    if (generation != m_generation || m_state != RunState::RollingBack)
        return;
    StepResult result = resultIn;
    result.error = m_journal.mask(result.error);
    result.output = m_journal.mask(result.output);
    const qint64 duration = m_stepClock.elapsed();
    const bool journaled = m_journal.endStep(m_stepRowId, result, duration);
    if (m_worker)
        m_worker.release()->deleteLater();
    m_stoppingStep = false;
    const RollbackEntry& entry = m_plan.entries[m_rollbackNext];
    flushLines();
    emit rollbackStepFinished(m_rollbackNext, result, duration);
    if (!journaled || !m_journal.stopReason().isEmpty())
        return finish(RunOutcome::Failed, QStringLiteral("rollback stopped after '%1' (it %2): %3 — then retry with `rollback %4`")
                                              .arg(entry.title, stepOutcomeWords(result.outcome),
                                                  journaled ? m_journal.stopReason() : QStringLiteral("could not record its end: ") + m_journal.lastError(), m_run.id));
    if (!result.ok()) {
        m_rollbackFailed = true;
        return finish(RunOutcome::Failed, QStringLiteral("rollback step '%1' failed: %2 — fix the cause, then retry with `rollback %3`")
                                              .arg(entry.title, result.error, m_run.id));
    }
    if (entry.step->kind == StepKind::Switch) {
        const InventoryNode* n = m_inventory.resolveNode(entry.step->switchTo.to);
        m_routes[entry.step->switchTo.endpoint] = n ? n->name : entry.step->switchTo.to;
        if (m_hold.active && entry.source == QLatin1String(kHoldReleaseSource))
            endHold(QStringLiteral("RESUMEd on %1 (the old target): the cutover is rolled back").arg(m_routes.value(m_hold.endpoint)));
    }
    ++m_rollbackNext;
    m_plan.alreadyDone = m_rollbackNext;
    emitStatus();
    QTimer::singleShot(0, this, &RunController::runNextRollback);
}

void RunController::applyDowntimeMarker(DowntimeMarker marker, bool atStart)
{
    // A window opens when the step that begins it starts, and closes when the step that ends it
    // has finished: the window covers the whole of both steps, never less than clients saw.
    QString kind;
    bool open = false;
    switch (marker) {
    case DowntimeMarker::WritesBegin:
        kind = QStringLiteral("writes"), open = true;
        break;
    case DowntimeMarker::WritesEnd:
        kind = QStringLiteral("writes");
        break;
    case DowntimeMarker::ReadsBegin:
        kind = QStringLiteral("reads"), open = true;
        break;
    case DowntimeMarker::ReadsEnd:
        kind = QStringLiteral("reads");
        break;
    case DowntimeMarker::None:
        return;
    }
    const QString source = QStringLiteral("runbook-marker");
    if (open && atStart && !m_windows.contains(kind)) {
        OpenWindow w;
        w.rowId = m_journal.openWindow(m_run.id, kind, source);
        w.clock.start();
        m_windows.insert(kind, w);
        if (m_runningIndex >= 0)
            m_windowOpenedBy.insert(kind, m_steps[m_runningIndex].step->id);
        emit downtimeChanged(kind, true);
        emit downtimeEvent(DowntimeEvent { kind, source, true, QDateTime::currentDateTimeUtc(), -1, {} });
    } else if (!open && !atStart && m_windows.contains(kind)) {
        const OpenWindow w = m_windows.take(kind);
        m_windowOpenedBy.remove(kind);
        m_journal.closeWindow(w.rowId, w.clock.elapsed());
        emit downtimeChanged(kind, false);
        emit downtimeEvent(DowntimeEvent { kind, source, false, QDateTime::currentDateTimeUtc(), w.clock.elapsed(), {} });
    }
}

void RunController::closeAllWindows()
{
    for (auto it = m_windows.begin(); it != m_windows.end(); ++it) {
        m_journal.closeWindow(it->rowId, it->clock.elapsed());
        emit downtimeChanged(it.key(), false);
        emit downtimeEvent(DowntimeEvent { it.key(), QStringLiteral("runbook-marker"), false, QDateTime::currentDateTimeUtc(),
            it->clock.elapsed(), {} });
    }
    m_windows.clear();
    m_windowOpenedBy.clear();
}

void RunController::startProbe()
{
    QString error;
    const auto settings = ProbeSettings::fromInventory(m_inventory, &error);
    if (!settings) {
        m_journal.addEvent(m_run.id, QStringLiteral("traffic probe not started: %1").arg(error));
        emit probeReport(QStringLiteral("traffic probe not started: %1").arg(error));
        return;
    }
    m_probeSettings = *settings;
    if (!m_probeSettings.enabled || m_probe)
        return;
    const Endpoint* endpoint = m_inventory.endpoint(m_probeSettings.endpoint);
    m_probe = std::make_unique<TrafficProbe>(endpoint->conninfo, m_probeSettings.intervalMs);
    // Held requests wait up to hold_max: the probe measures that wait rather than giving up first.
    m_probe->setRequestTimeoutMs(m_cutover == CutoverMode::Hold
            ? std::max<int>(m_probeSettings.requestTimeoutMs, int(m_runbook.cutover.holdMax.milliseconds()) + 3000)
            : m_probeSettings.requestTimeoutMs);
    if (!m_probeSettings.host.isEmpty())
        m_probe->runOnHost(m_probeSettings.host, m_inventory.sshConfig, m_probeSettings.psql);
    // The probe's threads emit these; `this` as context queues them onto the controller's thread.
    // Always queued (even when stop() closes a window from this thread), so windows are handled in
    // the order the probe saw them, never a closing before its opening.
    connect(m_probe.get(), &TrafficProbe::windowOpened, this, [this](const QString& kind, const QDateTime& at, const QString& why) {
        m_probeWindowRows.insert(kind, m_journal.openWindow(m_run.id, kind, QStringLiteral("probe"), at));
        m_journal.addEvent(m_run.id, QStringLiteral("probe: %1 failing from %2: %3").arg(kind, at.toString(Qt::ISODateWithMs), why));
        emit measuredDowntimeChanged(kind, true, m_journal.mask(why));
        emit downtimeEvent(DowntimeEvent { kind, QStringLiteral("probe"), true, at, -1, m_journal.mask(why) });
    }, Qt::QueuedConnection);
    connect(m_probe.get(), &TrafficProbe::windowClosed, this, [this](const ProbeWindow& w) {
        const qint64 row = m_probeWindowRows.contains(w.kind) ? m_probeWindowRows.take(w.kind) : -1;
        if (row >= 0)
            m_journal.closeWindow(row, w.durationMs, w.endedAt);
        emit measuredDowntimeChanged(w.kind, false, QString());
        emit downtimeEvent(DowntimeEvent { w.kind, QStringLiteral("probe"), false,
            w.endedAt.isValid() ? w.endedAt : QDateTime::currentDateTimeUtc(), w.durationMs, m_journal.mask(w.firstError) });
    }, Qt::QueuedConnection);
    if (!m_probe->start(&error)) {
        m_probe.reset();
        m_journal.addEvent(m_run.id, QStringLiteral("traffic probe not started: %1").arg(error));
        emit probeReport(QStringLiteral("traffic probe not started: %1").arg(m_journal.mask(error)));
        return;
    }
    const QString line = QStringLiteral("%1 and reading through %2 every %3 ms%4")
                             .arg(QLatin1String(kProbeStartedEventPrefix))
                             .arg(m_probeSettings.endpoint)
                             .arg(m_probeSettings.intervalMs)
                             .arg(m_probeSettings.host.isEmpty() ? QString() : QStringLiteral(" from %1").arg(m_probeSettings.host));
    m_journal.addEvent(m_run.id, line);
    emit probeReport(line);
    emit probeStatsChanged(m_probe->stats());
    m_probeStatsTimer.start();
}

void RunController::stopProbe()
{
    if (!m_probe)
        return;
    m_probeStatsTimer.stop();
    m_probe->stop();
    // Everything the probe saw, opened and closed while stopping included, is queued to us in the
    // order it happened: record it all before reporting.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    const ProbeStats stats = m_probe->stats();
    emit probeStatsChanged(stats);
    QString line = QStringLiteral("traffic probe: %1 writes (%2 failed), %3 reads (%4 failed)")
                       .arg(stats.writes)
                       .arg(stats.writeFailures)
                       .arg(stats.reads)
                       .arg(stats.readFailures);
    // Every write the server acknowledged must still be there, wherever clients are now routed; if
    // the endpoint does not answer, the node it routes to is asked directly, and the probe's table
    // dropped there.
    const InventoryNode* routed = m_inventory.resolveNode(m_routes.value(m_probeSettings.endpoint));
    line += m_probe->verifyAcknowledged(routed ? routed->conninfo : QString(), m_probeSettings.keepTable);
    // Hold mode: what the held requests went through (each overlapping the hold, with its latency).
    for (const HeldInterval& held : std::as_const(m_heldIntervals)) {
        const ProbeHoldStats h = m_probe->holdStats(held.fromMs, held.toMs);
        QString measured = QStringLiteral("%1 %2 ms (%3): %4 requests (%5 writes, %6 reads), %7 failed, longest wait %8 ms (a %9), "
                                          "median %10 ms")
                               .arg(QLatin1String(kProbeHoldEventPrefix))
                               .arg(held.heldMs)
                               .arg(held.how)
                               .arg(h.requests)
                               .arg(h.writes)
                               .arg(h.requests - h.writes)
                               .arg(h.failures)
                               .arg(h.longestWaitMs)
                               .arg(h.longestIsWrite ? QStringLiteral("write") : QStringLiteral("read"))
                               .arg(h.medianWaitMs);
        if (h.failures > 0)
            measured += QStringLiteral("; first failure: %1").arg(h.firstError);
        m_journal.addEvent(m_run.id, measured);
        emit probeReport(m_journal.mask(measured));
    }
    m_heldIntervals.clear();
    m_probe.reset();
    m_journal.addEvent(m_run.id, line);
    emit probeReport(m_journal.mask(line));
}

void RunController::finish(RunOutcome outcome, const QString& message)
{
    m_runningIndex = -1;
    // Clients held through a rollback are never left held: RESUME first, then the end.
    if (m_hold.active && m_hold.duringRollback) {
        auto then = [this, outcome, message] { finish(outcome, message); };
        if (!m_hold.pausing)
            return releaseRollbackHold(QStringLiteral("as the rollback stopped (%1)").arg(runOutcomeName(outcome)), then);
        m_afterRelease = then; // the PAUSE on its way is cut short (it resumes what it paused), then the end
        m_holdWorker->cancel();
        return;
    }
    if (m_hold.active && !m_hold.duringRollback) {
        m_holdCap.stop();
        const QString held = QStringLiteral("clients of %1 may still be held (PAUSED) in PgBouncer: `resume` or `rollback` this run "
                                            "resumes them")
                                 .arg(m_hold.endpoint);
        m_journal.addEvent(m_run.id, held);
        emit notice(held);
    }
    flushLines();
    stopProbe();
    QString note = message;
    if (!m_journal.endRun(m_run.id, outcome, message))
        note = QStringLiteral("%1 (and the journal could not record the end of the run: %2)").arg(message, m_journal.lastError());
    m_outcome = outcome;
    m_reason = note;
    setState(RunState::Finished);
    emit runFinished(outcome, note);
}

// ---- Hold mode ----

std::unique_ptr<Action> RunController::beginHold(int index, std::unique_ptr<Action> action, QString* error)
{
    // The endpoint is the one the switch closing this window moves (validated: a PgBouncer one).
    const Step* closing = nullptr;
    for (int i = index + 1; i < m_steps.size() && !closing; ++i)
        if (m_steps[i].step->downtime == DowntimeMarker::WritesEnd)
            closing = m_steps[i].step;
    const Endpoint* endpoint = closing && closing->kind == StepKind::Switch ? m_inventory.endpoint(closing->switchTo.endpoint) : nullptr;
    if (!endpoint || endpoint->kind != Endpoint::Kind::PgBouncer) {
        *error = QStringLiteral("cutover: hold needs the write window to end with a switch of a PgBouncer endpoint");
        return nullptr;
    }
    // A window that begins by routing clients elsewhere (to a read-only replica) holds them instead.
    const Step& opening = *m_steps[index].step;
    m_hold.replacesSwitch = opening.kind == StepKind::Switch && opening.switchTo.endpoint == endpoint->name;
    if (m_hold.replacesSwitch)
        action.reset();
    m_hold.active = true;
    m_hold.endpoint = endpoint->name;
    m_hold.fromNode = m_routes.value(endpoint->name, endpoint->routesTo);
    m_hold.openedBy = m_steps[index].step->id;
    m_hold.clock.start();
    m_hold.probeFromMs = m_probe ? m_probe->clockMs() : -1;
    m_holdCap.start(int(m_runbook.cutover.holdMax.milliseconds()));
    const QString line = QStringLiteral("%1 clients of %2 are held from step %3 on (PAUSE; hold_max %4)")
                             .arg(QLatin1String(kHoldEventPrefix), endpoint->name, m_hold.openedBy, m_runbook.cutover.holdMax.toString());
    m_journal.addEvent(m_run.id, line, m_stepRowId);
    emit notice(line);
    if (m_hold.replacesSwitch) {
        const QString instead = QStringLiteral("%1 clients stay held in PgBouncer instead of being routed to %2 (step %3)")
                                    .arg(QLatin1String(kHoldEventPrefix), opening.switchTo.to, opening.id);
        m_journal.addEvent(m_run.id, instead, m_stepRowId);
        emit notice(instead);
    }
    return std::make_unique<HoldAction>(ActionFactory::endpointTarget(m_inventory, *endpoint), std::move(action));
}

void RunController::endHold(const QString& how)
{
    m_holdCap.stop();
    m_hold.active = false;
    if (m_probe && m_hold.probeFromMs >= 0)
        m_heldIntervals << HeldInterval { m_hold.probeFromMs, m_probe->clockMs(), m_hold.clock.elapsed(), how };
    const QString line = QStringLiteral("%1 clients of %2 held %3 ms, then %4")
                             .arg(QLatin1String(kHoldEventPrefix), m_hold.endpoint)
                             .arg(m_hold.clock.elapsed())
                             .arg(how);
    m_journal.addEvent(m_run.id, line);
    emit notice(line);
}

void RunController::onHoldMaxReached()
{
    if (m_hold.active && m_hold.duringRollback) {
        if (m_hold.releasing || m_hold.pausing)
            return;
        const QString running = m_rollbackNext < m_plan.entries.size() ? QStringLiteral("during '%1'").arg(m_plan.entries[m_rollbackNext].title)
                                                                       : QStringLiteral("between entries");
        const QString line = QStringLiteral("%1 hold_max (%2) reached through the rollback %3: the held clients resume where %4 routes "
                                            "now (%5) and meet its fences until the rollback lifts them")
                                 .arg(QLatin1String(kHoldEventPrefix), m_runbook.cutover.holdMax.toString(), running, m_hold.endpoint,
                                     m_routes.value(m_hold.endpoint));
        m_journal.addEvent(m_run.id, line);
        emit notice(line);
        return releaseRollbackHold(QStringLiteral("at hold_max, %1 (the rollback goes on)").arg(running), {});
    }
    if (!m_hold.active || m_state == RunState::RollingBack || m_state == RunState::Finished || m_state == RunState::Idle)
        return;
    QString where = m_runningIndex >= 0 ? QStringLiteral("during step %1").arg(m_steps[m_runningIndex].step->id)
                                        : QStringLiteral("between steps");
    // What the step was waiting on, if it said (a lock, PAUSE, a drain): the journal keeps it.
    if (m_runningIndex >= 0 && !m_runningLastLine.isEmpty())
        where += QStringLiteral(" (it last said: %1)").arg(m_runningLastLine.left(500));
    const QString line = QStringLiteral("%1 hold_max (%2) reached %3: the cutover is aborted, the held clients resume on %4 (the old "
                                        "target) and the run rolls back")
                             .arg(QLatin1String(kHoldEventPrefix), m_runbook.cutover.holdMax.toString(), where, m_hold.fromNode);
    m_journal.addEvent(m_run.id, line);
    emit notice(line);
    rollBackNow(QStringLiteral("hold_max reached at the manual gate"));
}

RollbackEntry RunController::releaseHoldEntry() const
{
    auto step = std::make_shared<Step>();
    step->kind = StepKind::Switch;
    step->switchTo.endpoint = m_hold.endpoint;
    step->switchTo.to = m_hold.fromNode;
    step->title = QStringLiteral("Resume the held clients of %1 on %2 (the old target)").arg(m_hold.endpoint, m_hold.fromNode);
    step->timeout = Duration(SwitchAction::kAdminTimeoutMs + 5000);
    RollbackEntry e;
    e.forStepId = m_hold.openedBy;
    e.title = step->title;
    e.step = step;
    e.source = QLatin1String(kHoldReleaseSource);
    e.forPartialStep = true;
    return e;
}

bool RunController::rollbackHoldPlan(QString* endpoint, int* releaseAt, QString* openedBy) const
{
    // Inside the window a forward hold is active, and its own release comes first (nothing to add).
    if (m_cutover != CutoverMode::Hold || m_hold.active)
        return false;
    // The last write window this run went through to its end: opened by `begin`, closed by a switch.
    QSet<QString> completed;
    for (const CompletedStep& c : m_history)
        if (c.succeeded)
            completed.insert(c.stepId);
    int opening = -1;
    int windowBegin = -1;
    const Step* closing = nullptr;
    for (int i = 0; i < m_steps.size(); ++i) {
        const Step& s = *m_steps[i].step;
        if (s.downtime == DowntimeMarker::WritesBegin) {
            opening = i;
        } else if (s.downtime == DowntimeMarker::WritesEnd && opening >= 0 && s.kind == StepKind::Switch && completed.contains(s.id)) {
            windowBegin = opening;
            closing = &s;
        }
    }
    if (!closing)
        return false;
    const Endpoint* e = m_inventory.endpoint(closing->switchTo.endpoint);
    if (!e || e->kind != Endpoint::Kind::PgBouncer)
        return false;
    QHash<QString, int> indexOf;
    for (int i = 0; i < m_steps.size(); ++i)
        indexOf.insert(m_steps[i].step->id, i);
    // Clients are held while the rollback undoes the window or anything after it; the first entry
    // for a step before the window releases them (the entries run newest first).
    bool undoesWindow = false;
    int release = int(m_plan.entries.size());
    for (int k = m_plan.alreadyDone; k < m_plan.entries.size(); ++k) {
        const int at = indexOf.value(m_plan.entries[k].forStepId, -1);
        if (at >= windowBegin) {
            undoesWindow = true;
        } else if (at >= 0) {
            release = k;
            break;
        }
    }
    if (!undoesWindow)
        return false;
    *endpoint = e->name;
    *releaseAt = release;
    *openedBy = m_steps[windowBegin].step->id;
    return true;
}

void RunController::beginRollback()
{
    QString endpoint;
    QString openedBy;
    int releaseAt = -1;
    if (!rollbackHoldPlan(&endpoint, &releaseAt, &openedBy)) {
        QTimer::singleShot(0, this, &RunController::runNextRollback);
        return;
    }
    const Endpoint* e = m_inventory.endpoint(endpoint);
    m_hold = Hold {};
    m_hold.active = true;
    m_hold.duringRollback = true;
    m_hold.pausing = true;
    m_hold.endpoint = endpoint;
    m_hold.fromNode = m_routes.value(endpoint, e->routesTo);
    m_hold.openedBy = openedBy;
    m_hold.releaseAt = releaseAt;
    m_hold.clock.start();
    m_hold.probeFromMs = m_probe ? m_probe->clockMs() : -1;
    const QString first = m_rollbackNext < m_plan.entries.size() ? m_plan.entries[m_rollbackNext].title : QString();
    const QString line = QStringLiteral("%1 clients of %2 are held through the rollback from '%3' on (PAUSE; hold_max %4), until the "
                                        "undo of step %5 has run, so that they do not meet its fences")
                             .arg(QLatin1String(kHoldEventPrefix), endpoint, first, m_runbook.cutover.holdMax.toString(), openedBy);
    m_journal.addEvent(m_run.id, line);
    emit notice(line);
    // PAUSE waits for clients' transactions: hold_max bounds that wait too (clients are held meanwhile).
    startHoldWorker(std::make_unique<HoldAction>(ActionFactory::endpointTarget(m_inventory, *e), nullptr),
        int(m_runbook.cutover.holdMax.milliseconds()), [this](const StepResult& r) { onRollbackHoldPaused(r); });
}

void RunController::onRollbackHoldPaused(const StepResult& result)
{
    m_hold.pausing = false;
    if (!result.ok()) {
        // The way back never waits on the hold: it goes on, clients meeting the fences as in refuse mode.
        const QString what = result.outcome == StepOutcome::TimedOut
            ? QStringLiteral("PAUSE did not complete within %1").arg(durationText(m_runbook.cutover.holdMax.milliseconds()))
            : QStringLiteral("PAUSE %1 (%2)").arg(stepOutcomeWords(result.outcome), result.error);
        const QString how = QStringLiteral("%1%2: the rollback goes on without holding them")
                                .arg(what,
                                    m_holdWorkerLastLine.isEmpty() ? QString() : QStringLiteral("; it last said: %1").arg(m_holdWorkerLastLine.left(500)));
        endHold(m_journal.mask(how));
        m_hold = Hold {};
        if (auto next = std::exchange(m_afterRelease, {}))
            return next();
        if (m_cancelRequested)
            return finish(RunOutcome::Failed, QStringLiteral("rollback cancelled by the operator before its first entry — retry with `rollback %1`").arg(m_run.id));
        QTimer::singleShot(0, this, &RunController::runNextRollback);
        return;
    }
    if (m_afterRelease) // the run is ending: the RESUME, then the end
        return releaseRollbackHold(QStringLiteral("as the rollback stopped"), {});
    if (m_cancelRequested)
        return finish(RunOutcome::Failed, QStringLiteral("rollback cancelled by the operator before its first entry — retry with `rollback %1`").arg(m_run.id));
    const qint64 left = m_runbook.cutover.holdMax.milliseconds() - m_hold.clock.elapsed();
    m_holdCap.start(int(std::max<qint64>(0, left)));
    QTimer::singleShot(0, this, &RunController::runNextRollback);
}

void RunController::releaseRollbackHold(const QString& why, std::function<void()> then)
{
    if (then)
        m_afterRelease = std::move(then);
    if (m_hold.releasing)
        return;
    m_hold.releasing = true;
    m_holdCap.stop();
    const Endpoint* e = m_inventory.endpoint(m_hold.endpoint);
    startHoldWorker(HoldAction::release(ActionFactory::endpointTarget(m_inventory, *e)), SwitchAction::kAdminTimeoutMs * 2,
        [this, why, database = ActionFactory::endpointTarget(m_inventory, *e).database](const StepResult& r) {
            const QString route = m_routes.value(m_hold.endpoint);
            endHold(r.ok() ? QStringLiteral("RESUMEd on %1 %2").arg(route, why)
                           : QStringLiteral("RESUME on %1 %2 could not be verified (%3): run RESUME %4 on its admin console")
                                 .arg(route, why, m_journal.mask(r.error), database));
            m_hold = Hold {};
            if (auto next = std::exchange(m_afterRelease, {}))
                next();
        });
}

void RunController::startHoldWorker(std::unique_ptr<Action> action, int timeoutMs, std::function<void(const StepResult&)> done)
{
    if (m_holdWorker)
        m_holdWorker.release()->deleteLater(); // it has finished: its result came
    m_holdWorkerLastLine.clear();
    m_holdWorker = std::make_unique<StepWorker>(std::move(action), ++m_holdGeneration);
    m_holdWorker->setTimeout(timeoutMs);
    const quint64 gen = m_holdGeneration;
    connect(m_holdWorker.get(), &StepWorker::output, this, [this, gen](quint64 g, const QString& line) {
        if (g == gen)
            m_holdWorkerLastLine = m_journal.mask(line);
    });
    connect(m_holdWorker.get(), &StepWorker::finished, this, [this, gen, done](quint64 g, const StepResult& result) {
        if (g == gen)
            done(result);
    });
    m_holdWorker->start();
}

// ---- Step by step, status and previews (the console) ----

void RunController::setState(RunState state)
{
    m_state = state;
    emitStatus();
}

RunStatus RunController::status() const
{
    RunStatus st;
    st.state = m_state;
    st.runId = m_run.id;
    st.label = m_options.label;
    st.pauseAfterStep = m_pauseAfterStep;
    st.currentIndex = m_runningIndex >= 0 ? m_runningIndex : m_next;
    st.stepCount = int(m_steps.size());
    QSet<QString> done;
    for (const CompletedStep& c : m_history)
        if (c.succeeded)
            done.insert(c.stepId);
    st.stepsDone = int(done.size());
    st.reason = m_reason;
    st.outcome = m_outcome;
    st.rollbackFailed = m_rollbackFailed;
    return st;
}

void RunController::emitStatus()
{
    emit statusChanged(status());
    if (m_state == RunState::Idle && m_run.id.isEmpty()) {
        emit rollbackPreviewChanged(RollbackPreview {});
        return;
    }
    emit rollbackPreviewChanged(preview(currentRollbackPlan()));
}

void RunController::pause(const QString& reason)
{
    m_pauseAfterStep = false;
    m_reason = reason;
    m_journal.addEvent(m_run.id, QStringLiteral("paused: %1").arg(reason));
    setState(RunState::Paused);
}

RollbackPreview RunController::preview(const RollbackPlan& plan) const
{
    RollbackPreview p;
    p.available = !m_run.id.isEmpty();
    p.refused = plan.refused;
    p.refusal = plan.refusal;
    p.dataLoss = plan.dataLoss;
    p.withoutRollback = plan.withoutRollback;
    p.lines = plan.describe();
    qint64 elapsed = 0;
    for (int i = 0; i < plan.entries.size(); ++i) {
        const RollbackEntry& e = plan.entries[i];
        RollbackPreviewEntry pe;
        pe.forStepId = e.forStepId;
        pe.title = m_factory.renderText(e.title);
        pe.kind = stepKindName(e.step->kind);
        pe.node = m_factory.nodeLabel(*e.step);
        pe.source = e.source;
        pe.forPartialStep = e.forPartialStep;
        pe.done = i < plan.alreadyDone;
        if (m_rollbackExpectedMs.contains(e.forStepId))
            pe.expectedMs = m_rollbackExpectedMs.value(e.forStepId);
        else if (e.step->expected)
            pe.expectedMs = e.step->expected->milliseconds();
        if (!pe.done) {
            if (pe.expectedMs >= 0)
                elapsed += pe.expectedMs;
            else
                ++p.unestimated;
        }
        // Undoing the step that opened a window ends it: clients are pointed back.
        for (const QString& kind : { QStringLiteral("writes"), QStringLiteral("reads") }) {
            if (m_windowOpenedBy.value(kind) != e.forStepId || pe.done)
                continue;
            if (kind == QLatin1String("writes")) {
                p.writesRestoredAfterMs = elapsed;
                p.writesRestoredUnestimated = p.unestimated;
            } else {
                p.readsRestoredAfterMs = elapsed;
            }
        }
        p.entries << pe;
    }
    p.estimatedMs = elapsed;
    return p;
}

void RunController::computeRollbackExpectations()
{
    // The rollback plan's estimate: how long each undo took in the runs the forecast used.
    m_rollbackExpectedMs.clear();
    for (const PlannedStep& ps : m_steps)
        if (const auto undo = m_forecast.undoMedianMs(ps.step->id))
            m_rollbackExpectedMs.insert(ps.step->id, *undo);
    QList<qint64> expected;
    for (const PlannedStep& ps : m_steps)
        expected << ps.expectedMs;
    emit expectationsChanged(expected);
}

void RunController::queueLine(int stepIndex, int rollbackEntry, const QString& line)
{
    LogLine l;
    l.at = QDateTime::currentDateTimeUtc();
    l.stepIndex = stepIndex;
    l.rollbackEntry = rollbackEntry;
    if (stepIndex >= 0 && stepIndex < m_steps.size()) {
        l.stepId = m_steps[stepIndex].step->id;
        l.node = m_steps[stepIndex].node;
    } else if (rollbackEntry >= 0 && rollbackEntry < m_plan.entries.size()) {
        l.stepId = m_plan.entries[rollbackEntry].forStepId;
        l.node = m_factory.nodeLabel(*m_plan.entries[rollbackEntry].step);
    }
    const QLatin1String prefix(ShellAction::kStderrPrefix);
    l.isStderr = line.startsWith(prefix);
    l.text = l.isStderr ? line.mid(prefix.size()) : line;
    m_pendingLines << l;
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void RunController::flushLines()
{
    m_flushTimer.stop();
    if (m_pendingLines.isEmpty())
        return;
    emit outputLines(std::exchange(m_pendingLines, {}));
}

void RunController::pauseAfterStep(bool pause)
{
    if (m_state == RunState::Finished || m_state == RunState::RollingBack)
        return;
    m_pauseAfterStep = pause;
    emitStatus();
}

void RunController::runOneStep()
{
    if (m_state != RunState::Paused)
        return;
    m_pauseAfterStep = true;
    continueRun();
}

void RunController::continueRun()
{
    if (m_state != RunState::Paused || m_next >= m_steps.size())
        return;
    // The step about to run again failed or was cancelled before: that attempt stays in the
    // journal, while the plan counts the step once, by its newest attempt.
    const QString nextId = m_steps[m_next].step->id;
    if (!m_history.isEmpty() && !m_history.last().succeeded && m_history.last().stepId == nextId)
        m_history.removeLast();
    m_reason.clear();
    m_journal.addEvent(m_run.id, QStringLiteral("continued at step %1").arg(nextId));
    setState(RunState::Running);
    QTimer::singleShot(0, this, &RunController::runNext);
}

void RunController::cancelStep()
{
    if (m_state == RunState::AtGate) {
        m_journal.addEvent(m_run.id, QStringLiteral("the operator left the gate without passing it"), m_stepRowId);
        StepResult r;
        r.outcome = StepOutcome::Cancelled;
        r.error = QStringLiteral("left at the manual gate");
        m_stoppingStep = true;
        onForwardFinished(++m_generation, r);
        return;
    }
    if (m_state == RunState::Running && m_runningIndex < 0) {
        // Between steps (the next one is about to start): stop before it.
        const QString next = m_next < m_steps.size() ? m_steps[m_next].step->id : QString();
        return pause(QStringLiteral("paused by the operator before step %1").arg(next));
    }
    if ((m_state != RunState::Running && m_state != RunState::RollingBack) || !m_worker)
        return;
    m_stoppingStep = true;
    m_journal.addEvent(m_run.id, QStringLiteral("the operator cancelled the running step"), m_stepRowId);
    if (m_state == RunState::Running)
        setState(RunState::Cancelling);
    m_worker->cancel();
}

void RunController::skipStep(const QString& who)
{
    if (m_state != RunState::Paused || m_next >= m_steps.size())
        return;
    const PlannedStep& ps = m_steps[m_next];
    StepRecord rec;
    rec.phase = ps.phaseName;
    rec.stepId = ps.step->id;
    rec.title = m_factory.renderText(ps.step->title);
    rec.kind = stepKindName(ps.step->kind);
    rec.node = ps.node;
    const qint64 row = m_journal.beginStep(m_run.id, rec);
    StepResult skipped;
    skipped.outcome = StepOutcome::Skipped;
    skipped.error = who.isEmpty() ? QStringLiteral("skipped by the operator") : QStringLiteral("skipped by %1").arg(who);
    m_journal.endStep(row, skipped, 0);
    emit stepFinished(m_next, skipped, 0);
    // A failed attempt of this step stays in the plan: its undo runs in case it took effect.
    const bool failedBefore = !m_history.isEmpty() && !m_history.last().succeeded && m_history.last().stepId == ps.step->id;
    if (!failedBefore)
        m_history << CompletedStep { ps.step->id, true, {} };
    ++m_next;
    m_reason = QStringLiteral("step %1 skipped").arg(ps.step->id);
    if (m_next >= m_steps.size()) {
        setState(RunState::Running);
        return runNext(); // nothing left: the run completes
    }
    emitStatus();
}

void RunController::closeRun(const QString& reason)
{
    if (m_state == RunState::AtGate) {
        StepResult r;
        r.outcome = StepOutcome::Cancelled;
        r.error = reason;
        m_journal.endStep(m_stepRowId, r, m_stepClock.elapsed());
        emit stepFinished(m_runningIndex, r, m_stepClock.elapsed());
    } else if (m_state != RunState::Paused) {
        return;
    }
    finish(RunOutcome::Cancelled, reason);
}
