#include "engine/runcontroller.h"

#include "engine/stepworker.h"
#include "journal/rundetail.h"
#include "journal/runstart.h"
#include "journal/steprecord.h"
#include "probe/trafficprobe.h"
#include "engine/sqlsession.h"

#include <QCoreApplication>

#include <QDateTime>
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

qint64 median(QList<qint64> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}
} // namespace

RunController::RunController(Runbook runbook, Inventory inventory, RunOptions options, QObject* parent)
    : QObject(parent)
    , m_runbook(std::move(runbook))
    , m_inventory(std::move(inventory))
    , m_options(std::move(options))
    , m_factory(m_runbook, m_inventory, m_run)
{
    m_run.label = m_options.label;
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
    QList<CompletedStep> history = m_history;
    if (m_runningIndex >= 0 && m_state == State::Running)
        history << CompletedStep { m_steps[m_runningIndex].step->id, false, {} };
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
    // Earlier rehearsals of the same runbook refine each step's budget: the median of their durations.
    QMap<QString, QList<qint64>> durations;
    const QList<RunSummary> runs = m_journal.runs(50);
    for (const RunSummary& r : runs) {
        if (r.runbookName != m_runbook.name || r.id == m_run.id)
            continue;
        const auto detail = m_journal.run(r.id);
        if (!detail)
            continue;
        for (const StepRecord& s : detail->steps)
            if (!s.isRollback && s.result.outcome == StepOutcome::Succeeded && s.durationMs && s.kind != QLatin1String("manual"))
                durations[s.stepId] << *s.durationMs;
    }
    for (PlannedStep& ps : m_steps)
        if (durations.contains(ps.step->id))
            ps.expectedMs = median(durations.value(ps.step->id));
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
    m_state = State::Finished;
    emit refused(message);
    emit runFinished(RunOutcome::Failed, message);
}

void RunController::start()
{
    if (m_state != State::Idle)
        return;
    QString error;
    if (!openJournal(&error))
        return failEarly(QStringLiteral("cannot open the journal: %1").arg(error));
    computeExpectations();
    if (!beginJournalRun(&error))
        return failEarly(error);
    m_state = State::Running;
    emit runStarted(m_run.id);
    startProbe();
    QTimer::singleShot(0, this, &RunController::runNext);
}

bool RunController::loadHistory(const RunDetail& detail)
{
    m_history.clear();
    m_next = 0;
    QSet<QString> succeeded;
    for (const StepRecord& s : detail.steps) {
        if (s.isRollback)
            continue;
        if (s.result.outcome == StepOutcome::Succeeded || s.result.outcome == StepOutcome::Skipped) {
            succeeded.insert(s.stepId);
            m_history << CompletedStep { s.stepId, true, s.result.inverse };
            const Step* step = m_runbook.step(s.stepId);
            if (step && step->kind == StepKind::Switch && s.result.outcome == StepOutcome::Succeeded) {
                const InventoryNode* n = m_inventory.resolveNode(step->switchTo.to);
                m_routes[step->switchTo.endpoint] = n ? n->name : step->switchTo.to;
            }
        }
    }
    while (m_next < m_steps.size() && succeeded.contains(m_steps[m_next].step->id))
        ++m_next;
    return true;
}

std::optional<RunDetail> RunController::journaledRun(const QString& runIdOrLast)
{
    if (m_state != State::Idle)
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
        return failEarly(QStringLiteral("run %1 has %2: nothing to resume").arg(detail->run.id, runOutcomeName(detail->run.outcome)));
    if (detail->run.runbookName != m_runbook.name)
        return failEarly(QStringLiteral("run %1 ran runbook '%2', not '%3'").arg(detail->run.id, detail->run.runbookName, m_runbook.name));
    loadHistory(*detail);
    m_run.id = detail->run.id;
    m_run.startedAt = detail->run.startedAt;
    computeExpectations();
    // The step that was running when the process died: never re-run without the operator's word.
    const StepRecord* interrupted = nullptr;
    for (const StepRecord& s : detail->steps)
        if (!s.isRollback && s.result.outcome == StepOutcome::Interrupted)
            interrupted = &s;
    if (interrupted && m_next < m_steps.size() && m_steps[m_next].step->id == interrupted->stepId) {
        if (choice == InterruptedStepChoice::Refuse)
            return failEarly(QStringLiteral("step '%1' was interrupted while running: it may or may not have taken effect. "
                                            "Check, then resume with --rerun-interrupted or --skip-interrupted")
                                 .arg(interrupted->stepId));
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
            m_journal.endStep(row, skipped, 0);
            m_history << CompletedStep { interrupted->stepId, true, {} };
            ++m_next;
        }
    }
    if (!m_journal.reopenRun(m_run.id))
        return failEarly(QStringLiteral("cannot reopen run %1: %2").arg(m_run.id, m_journal.lastError()));
    m_journal.addEvent(m_run.id, QStringLiteral("resumed at step %1").arg(m_next < m_steps.size() ? m_steps[m_next].step->id : QStringLiteral("(end)")));
    m_state = State::Running;
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
    // A forward step that failed or was interrupted may have taken partial effect.
    for (const StepRecord& s : detail->steps)
        if (!s.isRollback && (s.result.outcome == StepOutcome::Interrupted || s.result.outcome == StepOutcome::Failed
                                 || s.result.outcome == StepOutcome::Cancelled || s.result.outcome == StepOutcome::TimedOut)
            && (m_history.isEmpty() || m_history.last().stepId != s.stepId))
            m_history << CompletedStep { s.stepId, false, {} };
    m_plan = RollbackPlan::compute(m_runbook, m_history);
    // A retried plan continues where the last attempt stopped: undo steps that succeeded are done.
    QSet<QString> undone;
    for (const StepRecord& s : detail->steps)
        if (s.isRollback && s.result.outcome == StepOutcome::Succeeded)
            undone.insert(s.stepId);
    while (m_plan.alreadyDone < m_plan.entries.size() && undone.contains(m_plan.entries[m_plan.alreadyDone].forStepId))
        ++m_plan.alreadyDone;
    // Refused, or already rolled back entirely: the run stays exactly as it was (not reopened).
    const bool nothingLeft = detail->run.outcome == RunOutcome::RolledBack && m_plan.alreadyDone >= m_plan.entries.size();
    if (m_plan.refused || nothingLeft) {
        emit runStarted(m_run.id);
        if (m_plan.refused) {
            m_journal.addEvent(m_run.id, QStringLiteral("rollback refused: %1").arg(m_plan.refusal));
            emit rollbackRefused(m_plan.refusal);
        }
        m_state = State::Finished;
        emit runFinished(detail->run.outcome, m_plan.refused ? m_plan.refusal : QStringLiteral("already rolled back: nothing left to undo"));
        return;
    }
    if (!m_journal.reopenRun(m_run.id))
        return failEarly(QStringLiteral("cannot reopen run %1: %2").arg(m_run.id, m_journal.lastError()));
    emit runStarted(m_run.id);
    startProbe();
    startRollback();
}

void RunController::runNext()
{
    if (m_state != State::Running)
        return;
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
    m_stepRowId = m_journal.beginStep(m_run.id, rec);
    if (m_stepRowId < 0)
        return finish(RunOutcome::Failed, QStringLiteral("cannot journal step %1: %2").arg(step.id, m_journal.lastError()));
    m_runningIndex = index;
    m_stepClock.start();
    applyDowntimeMarker(step.downtime, true);
    emit stepStarted(index, ps.expectedMs);

    if (step.kind == StepKind::Manual) {
        m_state = State::AtManualGate;
        emit manualGateReached(index, m_factory.renderText(step.manual));
        if (m_options.confirmManualSteps)
            QTimer::singleShot(0, this, [this, index] { confirmManualStep(index, QStringLiteral("--yes")); });
        return;
    }
    QString error;
    auto action = m_factory.create(step, m_routes, &error);
    if (!action) {
        QTimer::singleShot(0, this, [this, error, gen = ++m_generation] { onForwardFinished(gen, failure(error)); });
        return;
    }
    startWorker(std::move(action), step.timeout ? int(step.timeout->milliseconds()) : 0, false, index);
}

void RunController::startWorker(std::unique_ptr<Action> action, int timeoutMs, bool rollback, int index)
{
    m_worker = std::make_unique<StepWorker>(std::move(action), ++m_generation);
    m_worker->setTimeout(timeoutMs);
    const quint64 gen = m_generation;
    connect(m_worker.get(), &StepWorker::output, this, [this, rollback, index, gen](quint64 g, const QString& line) {
        if (g != gen)
            return;
        const QString masked = m_journal.mask(line);
        if (rollback)
            emit rollbackStepOutput(index, masked);
        else
            emit stepOutput(index, masked);
    });
    connect(m_worker.get(), &StepWorker::progress, this, [this, rollback, index, gen](quint64 g, qint64 done, qint64 total, const QString& text) {
        if (g == gen && !rollback)
            emit stepProgress(index, done, total, text);
    });
    if (rollback)
        connect(m_worker.get(), &StepWorker::finished, this, &RunController::onRollbackFinished);
    else
        connect(m_worker.get(), &StepWorker::finished, this, &RunController::onForwardFinished);
    m_worker->start();
}

void RunController::confirmManualStep(int index, const QString& who)
{
    if (m_state != State::AtManualGate || index != m_runningIndex)
        return;
    m_state = State::Running;
    StepResult r;
    r.outcome = StepOutcome::Succeeded;
    r.output = who.isEmpty() ? QStringLiteral("confirmed by the operator") : QStringLiteral("confirmed by %1").arg(who);
    m_journal.addEvent(m_run.id, QStringLiteral("manual gate '%1' %2").arg(m_steps[index].step->id, r.output), m_stepRowId);
    onForwardFinished(++m_generation, r);
}

void RunController::onForwardFinished(quint64 generation, const StepResult& resultIn)
{
    if (generation != m_generation || m_runningIndex < 0)
        return; // a late result from a worker we have moved on from
    const int index = m_runningIndex;
    const PlannedStep& ps = m_steps[index];
    StepResult result = resultIn;
    result.error = m_journal.mask(result.error);
    result.output = m_journal.mask(result.output);
    const qint64 duration = m_stepClock.elapsed();
    m_journal.endStep(m_stepRowId, result, duration);
    m_runningIndex = -1;
    emit stepFinished(index, result, duration);
    if (m_worker)
        m_worker.release()->deleteLater(); // its thread has finished; delete outside its own signal

    if (result.ok()) {
        applyDowntimeMarker(ps.step->downtime, false);
        m_history << CompletedStep { ps.step->id, true, result.inverse };
        if (ps.step->kind == StepKind::Switch) {
            const InventoryNode* n = m_inventory.resolveNode(ps.step->switchTo.to);
            m_routes[ps.step->switchTo.endpoint] = n ? n->name : ps.step->switchTo.to;
        }
        ++m_next;
        m_state = State::Running;
        QTimer::singleShot(0, this, &RunController::runNext);
        return;
    }
    m_history << CompletedStep { ps.step->id, false, {} };
    if (m_rollbackRequested || ((m_options.rollbackOnFailure || ps.step->rollbackOnFailure) && !m_cancelRequested)) {
        if (!m_rollbackRequested)
            m_journal.addEvent(m_run.id, QStringLiteral("step %1 %2: rolling back (%3)")
                                             .arg(ps.step->id, stepOutcomeName(result.outcome),
                                                 ps.step->rollbackOnFailure ? QStringLiteral("on_failure: rollback") : QStringLiteral("--rollback-on-failure")));
        return startRollback();
    }
    if (m_cancelRequested || result.outcome == StepOutcome::Cancelled)
        return finish(RunOutcome::Cancelled, QStringLiteral("cancelled during step %1").arg(ps.step->id));
    finish(RunOutcome::Failed, QStringLiteral("step %1 %2: %3").arg(ps.step->id, stepOutcomeName(result.outcome), result.error));
}

void RunController::cancelRun()
{
    if (!isActive())
        return;
    m_cancelRequested = true;
    m_journal.addEvent(m_run.id, QStringLiteral("cancel requested"));
    if (m_state == State::AtManualGate) {
        StepResult r;
        r.outcome = StepOutcome::Cancelled;
        r.error = QStringLiteral("cancelled at the manual gate");
        onForwardFinished(++m_generation, r);
        return;
    }
    if (m_worker)
        m_worker->cancel();
}

void RunController::requestRollback()
{
    if (m_state == State::RollingBack || m_state == State::Finished || m_state == State::Idle)
        return;
    const RollbackPlan plan = currentRollbackPlan();
    if (plan.refused) {
        m_journal.addEvent(m_run.id, QStringLiteral("rollback refused: %1").arg(plan.refusal));
        emit rollbackRefused(plan.refusal);
        return;
    }
    m_rollbackRequested = true;
    m_journal.addEvent(m_run.id, QStringLiteral("rollback requested"));
    if (m_state == State::AtManualGate) {
        StepResult r;
        r.outcome = StepOutcome::Cancelled;
        r.error = QStringLiteral("rollback requested at the manual gate");
        onForwardFinished(++m_generation, r);
        return;
    }
    if (m_worker && m_runningIndex >= 0)
        m_worker->cancel(); // onForwardFinished starts the rollback
    else
        QTimer::singleShot(0, this, &RunController::runNext);
}

void RunController::startRollback()
{
    m_state = State::RollingBack;
    if (m_plan.entries.isEmpty() && m_plan.alreadyDone == 0)
        m_plan = RollbackPlan::compute(m_runbook, m_history);
    if (m_plan.refused) {
        emit rollbackRefused(m_plan.refusal);
        return finish(RunOutcome::Failed, m_plan.refusal);
    }
    const QStringList lines = m_plan.describe();
    m_journal.addEvent(m_run.id, QStringLiteral("rollback plan:\n%1").arg(lines.join(QLatin1Char('\n'))));
    emit rollbackStarted(lines);
    m_rollbackNext = m_plan.alreadyDone;
    QTimer::singleShot(0, this, &RunController::runNextRollback);
}

void RunController::runNextRollback()
{
    if (m_rollbackNext >= m_plan.entries.size()) {
        closeAllWindows();
        return finish(RunOutcome::RolledBack, QStringLiteral("rolled back: %1 step(s) undone").arg(m_plan.entries.size()));
    }
    const RollbackEntry& entry = m_plan.entries[m_rollbackNext];
    StepRecord rec;
    rec.phase = QStringLiteral("Rollback");
    rec.stepId = entry.forStepId;
    rec.title = m_factory.renderText(entry.title);
    rec.kind = stepKindName(entry.step->kind);
    rec.node = m_factory.nodeLabel(*entry.step);
    rec.isRollback = true;
    m_stepRowId = m_journal.beginStep(m_run.id, rec);
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
    startWorker(std::move(action), entry.step->timeout ? int(entry.step->timeout->milliseconds()) : 0, true, m_rollbackNext);
}

void RunController::onRollbackFinished(quint64 generation, const StepResult& resultIn)
{
    if (generation != m_generation || m_state != State::RollingBack)
        return;
    StepResult result = resultIn;
    result.error = m_journal.mask(result.error);
    result.output = m_journal.mask(result.output);
    const qint64 duration = m_stepClock.elapsed();
    m_journal.endStep(m_stepRowId, result, duration);
    if (m_worker)
        m_worker.release()->deleteLater();
    const RollbackEntry& entry = m_plan.entries[m_rollbackNext];
    emit rollbackStepFinished(m_rollbackNext, result, duration);
    if (!result.ok()) {
        return finish(RunOutcome::Failed, QStringLiteral("rollback step '%1' failed: %2 — fix the cause, then retry with `rollback %3`")
                                              .arg(entry.title, result.error, m_run.id));
    }
    if (entry.step->kind == StepKind::Switch) {
        const InventoryNode* n = m_inventory.resolveNode(entry.step->switchTo.to);
        m_routes[entry.step->switchTo.endpoint] = n ? n->name : entry.step->switchTo.to;
    }
    ++m_rollbackNext;
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
    if (open && atStart && !m_windows.contains(kind)) {
        OpenWindow w;
        w.rowId = m_journal.openWindow(m_run.id, kind, QStringLiteral("runbook-marker"));
        w.clock.start();
        m_windows.insert(kind, w);
        emit downtimeChanged(kind, true);
    } else if (!open && !atStart && m_windows.contains(kind)) {
        const OpenWindow w = m_windows.take(kind);
        m_journal.closeWindow(w.rowId, w.clock.elapsed());
        emit downtimeChanged(kind, false);
    }
}

void RunController::closeAllWindows()
{
    for (auto it = m_windows.begin(); it != m_windows.end(); ++it) {
        m_journal.closeWindow(it->rowId, it->clock.elapsed());
        emit downtimeChanged(it.key(), false);
    }
    m_windows.clear();
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
    m_probe->setRequestTimeoutMs(m_probeSettings.requestTimeoutMs);
    if (!m_probeSettings.host.isEmpty())
        m_probe->runOnHost(m_probeSettings.host, m_inventory.sshConfig, m_probeSettings.psql);
    // The probe's threads emit these; `this` as context queues them onto the controller's thread.
    connect(m_probe.get(), &TrafficProbe::windowOpened, this, [this](const QString& kind, const QDateTime& at, const QString& why) {
        m_probeWindowRows.insert(kind, m_journal.openWindow(m_run.id, kind, QStringLiteral("probe"), at));
        m_journal.addEvent(m_run.id, QStringLiteral("probe: %1 failing from %2: %3").arg(kind, at.toString(Qt::ISODateWithMs), why));
        emit measuredDowntimeChanged(kind, true, m_journal.mask(why));
    });
    connect(m_probe.get(), &TrafficProbe::windowClosed, this, [this](const ProbeWindow& w) {
        const qint64 row = m_probeWindowRows.take(w.kind);
        if (row >= 0)
            m_journal.closeWindow(row, w.durationMs, w.endedAt);
        emit measuredDowntimeChanged(w.kind, false, QString());
    });
    if (!m_probe->start(&error)) {
        m_probe.reset();
        m_journal.addEvent(m_run.id, QStringLiteral("traffic probe not started: %1").arg(error));
        emit probeReport(QStringLiteral("traffic probe not started: %1").arg(m_journal.mask(error)));
        return;
    }
    const QString line = QStringLiteral("traffic probe: writing and reading through %1 every %2 ms%3")
                             .arg(m_probeSettings.endpoint)
                             .arg(m_probeSettings.intervalMs)
                             .arg(m_probeSettings.host.isEmpty() ? QString() : QStringLiteral(" from %1").arg(m_probeSettings.host));
    m_journal.addEvent(m_run.id, line);
    emit probeReport(line);
}

void RunController::stopProbe()
{
    if (!m_probe)
        return;
    m_probe->stop();
    // Windows the probe closed while stopping are queued to us: record them before reporting.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    const ProbeStats stats = m_probe->stats();
    QString line = QStringLiteral("traffic probe: %1 writes (%2 failed), %3 reads (%4 failed)")
                       .arg(stats.writes)
                       .arg(stats.writeFailures)
                       .arg(stats.reads)
                       .arg(stats.readFailures);
    // Every write the server acknowledged must still be there, wherever clients are now routed.
    line += m_probe->verifyAcknowledged(!m_probeSettings.keepTable);
    m_probe.reset();
    m_journal.addEvent(m_run.id, line);
    emit probeReport(m_journal.mask(line));
}

void RunController::finish(RunOutcome outcome, const QString& message)
{
    m_state = State::Finished;
    m_runningIndex = -1;
    stopProbe();
    m_journal.endRun(m_run.id, outcome, message);
    emit runFinished(outcome, message);
}
