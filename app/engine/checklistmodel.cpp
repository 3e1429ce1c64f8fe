#include "engine/checklistmodel.h"

#include "core/durationtext.h"
#include "engine/runsession.h"

namespace {
// Internal ids: 0 for a phase row (the rollback phase included), step index + 1 for a step row,
// kRollbackBase + entry for a rollback step row.
constexpr quintptr kPhase = 0;
constexpr quintptr kRollbackBase = quintptr(1) << 30;

bool isRollbackId(quintptr id)
{
    return id >= kRollbackBase;
}
} // namespace

ChecklistModel::ChecklistModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void ChecklistModel::attach(RunSession* session)
{
    if (!session) {
        detach();
        return;
    }
    attach(session->controller(), session->steps());
}

void ChecklistModel::attach(RunController* controller, const QList<PlannedStep>& steps)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    rebuild(steps);
    if (!controller)
        return;
    connect(controller, &RunController::statusChanged, this, &ChecklistModel::onStatus);
    connect(controller, &RunController::expectationsChanged, this, &ChecklistModel::onExpectations);
    connect(controller, &RunController::stepStarted, this, &ChecklistModel::onStepStarted);
    connect(controller, &RunController::stepProgress, this, &ChecklistModel::onStepProgress);
    connect(controller, &RunController::stepFinished, this, &ChecklistModel::onStepFinished);
    connect(controller, &RunController::stepRestored, this, &ChecklistModel::onStepRestored);
    connect(controller, &RunController::rollbackPlanStarted, this, &ChecklistModel::onRollbackPlanStarted);
    connect(controller, &RunController::rollbackStepStarted, this, [this](int entry, const QString&) { onRollbackStepStarted(entry); });
    connect(controller, &RunController::rollbackStepFinished, this, &ChecklistModel::onRollbackStepFinished);
}

void ChecklistModel::setSteps(const QList<PlannedStep>& steps)
{
    attach(static_cast<RunController*>(nullptr), steps);
}

void ChecklistModel::rebuild(const QList<PlannedStep>& steps)
{
    beginResetModel();
    m_steps.clear();
    m_phases.clear();
    m_phaseOfStep.clear();
    m_rowInPhase.clear();
    m_rollback.clear();
    m_hasRollbackPhase = false;
    m_running = -1;
    m_rollbackRunning = -1;
    m_current = -1;
    QStringList open; // the runbook's downtime windows open at this point of the plan
    for (const PlannedStep& p : steps) {
        StepState s;
        s.planned = p;
        const DowntimeMarker marker = p.step ? p.step->downtime : DowntimeMarker::None;
        if (marker == DowntimeMarker::WritesBegin && !open.contains(QStringLiteral("writes")))
            open << QStringLiteral("writes");
        if (marker == DowntimeMarker::ReadsBegin && !open.contains(QStringLiteral("reads")))
            open << QStringLiteral("reads");
        s.downtime = open; // a window covers the step that opens it and the one that ends it
        if (marker == DowntimeMarker::WritesEnd)
            open.removeAll(QStringLiteral("writes"));
        if (marker == DowntimeMarker::ReadsEnd)
            open.removeAll(QStringLiteral("reads"));
        m_steps << s;
        if (m_steps.size() == 1 || m_steps[m_steps.size() - 2].planned.phaseIndex != p.phaseIndex)
            m_phases << PhaseState { p.phaseName, {} };
        m_phaseOfStep << int(m_phases.size() - 1);
        m_rowInPhase << int(m_phases.last().steps.size());
        m_phases.last().steps << int(m_steps.size() - 1);
    }
    endResetModel();
}

QModelIndex ChecklistModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < rowCount() ? createIndex(row, column, kPhase) : QModelIndex();
    if (parent.internalId() != kPhase)
        return {};
    if (parent.row() == m_phases.size() && m_hasRollbackPhase)
        return row < m_rollback.size() ? createIndex(row, column, kRollbackBase + quintptr(row)) : QModelIndex();
    if (parent.row() >= m_phases.size())
        return {};
    const PhaseState& phase = m_phases[parent.row()];
    return row < phase.steps.size() ? createIndex(row, column, quintptr(phase.steps[row] + 1)) : QModelIndex();
}

QModelIndex ChecklistModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kPhase)
        return {};
    if (isRollbackId(child.internalId()))
        return createIndex(int(m_phases.size()), 0, kPhase);
    const int step = int(child.internalId() - 1);
    return createIndex(m_phaseOfStep.value(step), 0, kPhase);
}

int ChecklistModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_phases.size()) + (m_hasRollbackPhase ? 1 : 0);
    if (parent.column() != 0 || parent.internalId() != kPhase)
        return 0;
    if (parent.row() == m_phases.size())
        return m_hasRollbackPhase ? int(m_rollback.size()) : 0;
    return int(m_phases.value(parent.row()).steps.size());
}

int ChecklistModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant ChecklistModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StepColumn:
        return tr("Step");
    case KindColumn:
        return tr("Kind");
    case NodeColumn:
        return tr("Node");
    case ExpectedColumn:
        return tr("Expected");
    case ElapsedColumn:
        return tr("Elapsed");
    case OutcomeColumn:
        return tr("Status");
    }
    return {};
}

qint64 ChecklistModel::elapsedMs(int step) const
{
    if (step < 0 || step >= m_steps.size())
        return -1;
    const StepState& s = m_steps[step];
    return s.outcome == StepOutcome::Running && s.clock.isValid() ? s.clock.elapsed() : s.elapsedMs;
}

QVariant ChecklistModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kPhase)
        return phaseData(index.row(), index.column(), role);
    if (isRollbackId(index.internalId()))
        return rollbackData(int(index.internalId() - kRollbackBase), index.column(), role);
    return stepData(int(index.internalId() - 1), index.column(), role);
}

QVariant ChecklistModel::phaseData(int phase, int column, int role) const
{
    if (role == IsPhaseRole)
        return true;
    if (phase == m_phases.size()) { // the rollback
        if (role == IsRollbackRole)
            return true;
        if (role != Qt::DisplayRole)
            return {};
        if (column == StepColumn)
            return tr("Rollback");
        if (column == OutcomeColumn) {
            int done = 0;
            for (const RollbackRow& r : m_rollback)
                done += r.outcome == StepOutcome::Succeeded ? 1 : 0;
            return tr("%1/%2 undone").arg(done).arg(m_rollback.size());
        }
        if (column == ExpectedColumn) {
            qint64 total = 0;
            for (const RollbackRow& r : m_rollback)
                total += qMax<qint64>(0, r.entry.expectedMs);
            return total > 0 ? durationText(total) : QString();
        }
        return {};
    }
    const PhaseState& p = m_phases.value(phase);
    if (role == IsCurrentRole)
        return m_current >= 0 && m_phaseOfStep.value(m_current) == phase;
    if (role == PointOfNoReturnRole) {
        for (int s : p.steps)
            if (m_steps[s].planned.step && m_steps[s].planned.step->pointOfNoReturn)
                return true;
        return false;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (column) {
    case StepColumn:
        return p.name;
    case ExpectedColumn: {
        qint64 total = 0;
        for (int s : p.steps)
            total += m_steps[s].planned.expectedMs;
        return total > 0 ? durationText(total) : QString();
    }
    case ElapsedColumn: {
        qint64 total = 0;
        bool any = false;
        for (int s : p.steps) {
            const qint64 e = elapsedMs(s);
            if (e >= 0)
                total += e, any = true;
        }
        return any ? durationText(total) : QString();
    }
    case OutcomeColumn: {
        int done = 0;
        for (int s : p.steps)
            done += (m_steps[s].outcome == StepOutcome::Succeeded || m_steps[s].outcome == StepOutcome::Skipped) ? 1 : 0;
        return done ? tr("%1/%2 done").arg(done).arg(p.steps.size()) : QString();
    }
    }
    return {};
}

QVariant ChecklistModel::stepData(int i, int column, int role) const
{
    if (i < 0 || i >= m_steps.size())
        return {};
    const StepState& s = m_steps[i];
    const Step& step = *s.planned.step;
    const qint64 elapsed = elapsedMs(i);
    const qint64 overrunMs = s.planned.expectedMs > 0 && elapsed > s.planned.expectedMs ? elapsed - s.planned.expectedMs : 0;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case StepColumn:
            return step.title.isEmpty() ? step.id : step.title;
        case KindColumn:
            return step.decision ? tr("decision") : stepKindName(step.kind);
        case NodeColumn:
            return s.planned.node;
        case ExpectedColumn:
            return s.planned.expectedMs > 0 ? durationText(s.planned.expectedMs) : QString();
        case ElapsedColumn:
            if (elapsed < 0)
                return QString();
            return overrunMs > 0 ? tr("%1 (+%2)").arg(durationText(elapsed), durationText(overrunMs)) : durationText(elapsed);
        case OutcomeColumn:
            if (s.rolledBack)
                return tr("rolled back");
            if (s.outcome == StepOutcome::Running)
                return s.progressText.isEmpty() ? (step.kind == StepKind::Manual ? tr("waiting for the operator") : tr("running"))
                                                : s.progressText;
            if (s.outcome == StepOutcome::Pending)
                return i == m_current ? tr("next") : QString();
            if (!s.loopSummary.isEmpty())
                return tr("%1 (%2)").arg(stepOutcomeName(s.outcome), s.loopSummary);
            return stepOutcomeName(s.outcome);
        }
        return {};
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole: { // a screen reader hears what the mouse would see
        QString tip = QStringLiteral("%1 (%2)").arg(step.id, step.decision ? QStringLiteral("decision") : stepKindName(step.kind));
        if (!s.error.isEmpty())
            tip += QStringLiteral("\n") + s.error;
        else if (!s.result.isEmpty())
            tip += QStringLiteral("\n") + tr("Result: %1").arg(s.result);
        if (step.pointOfNoReturn)
            tip += QStringLiteral("\n") + tr("Point of no return: rolling back past it needs a lossless way back");
        if (!s.downtime.isEmpty())
            tip += QStringLiteral("\n") + tr("Clients cannot %1 during this step").arg(s.downtime.contains(QStringLiteral("reads")) ? tr("read or write") : tr("write"));
        return tip;
    }
    case OutcomeRole:
        return int(s.outcome);
    case OverrunRole:
        return overrunMs > 0;
    case OverrunMsRole:
        return overrunMs;
    case ProgressRole:
        return s.outcome == StepOutcome::Running ? s.progress : -1.0;
    case ProgressTextRole:
        return s.progressText;
    case StepIdRole:
        return step.id;
    case IsPhaseRole:
    case IsRollbackRole:
        return false;
    case RolledBackRole:
        return s.rolledBack;
    case PointOfNoReturnRole:
        return step.pointOfNoReturn;
    case DecisionRole:
        return step.decision;
    case DowntimeRole:
        return s.downtime;
    case IsCurrentRole:
        return i == m_current;
    case ErrorRole:
        return s.error;
    case ResultRole:
        return s.result;
    }
    return {};
}

QVariant ChecklistModel::rollbackData(int i, int column, int role) const
{
    if (i < 0 || i >= m_rollback.size())
        return {};
    const RollbackRow& r = m_rollback[i];
    const qint64 elapsed = r.outcome == StepOutcome::Running && r.clock.isValid() ? r.clock.elapsed() : r.elapsedMs;
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case StepColumn:
            return r.entry.title;
        case KindColumn:
            return r.entry.kind;
        case NodeColumn:
            return r.entry.node;
        case ExpectedColumn:
            return r.entry.expectedMs > 0 ? durationText(r.entry.expectedMs) : QString();
        case ElapsedColumn:
            return durationText(elapsed);
        case OutcomeColumn:
            if (r.outcome == StepOutcome::Running)
                return tr("running");
            return r.outcome == StepOutcome::Pending ? QString() : stepOutcomeName(r.outcome);
        }
        return {};
    case Qt::ToolTipRole:
        return r.error.isEmpty() ? r.entry.forStepId : r.entry.forStepId + QStringLiteral("\n") + r.error;
    case OutcomeRole:
        return int(r.outcome);
    case StepIdRole:
        return r.entry.forStepId;
    case IsRollbackRole:
        return true;
    case IsCurrentRole:
        return i == m_rollbackRunning;
    case ErrorRole:
        return r.error;
    case OverrunRole:
        return r.entry.expectedMs > 0 && elapsed > r.entry.expectedMs;
    case ProgressRole:
        return -1.0;
    case IsPhaseRole:
    case RolledBackRole:
    case PointOfNoReturnRole:
    case DecisionRole:
        return false;
    }
    return {};
}

QModelIndex ChecklistModel::stepIndex(int step, int column) const
{
    if (step < 0 || step >= m_steps.size())
        return {};
    return createIndex(m_rowInPhase.value(step), column, quintptr(step + 1));
}

QModelIndex ChecklistModel::indexOfRollbackEntry(int entry, int column) const
{
    if (entry < 0 || entry >= m_rollback.size())
        return {};
    return createIndex(entry, column, kRollbackBase + quintptr(entry));
}

void ChecklistModel::stepChanged(int step)
{
    if (step < 0 || step >= m_steps.size())
        return;
    emit dataChanged(stepIndex(step, 0), stepIndex(step, ColumnCount - 1));
    const QModelIndex phase = createIndex(m_phaseOfStep.value(step), 0, kPhase);
    emit dataChanged(phase, phase.siblingAtColumn(ColumnCount - 1));
}

void ChecklistModel::setCurrent(int step)
{
    if (step == m_current)
        return;
    const int old = std::exchange(m_current, step);
    stepChanged(old);
    stepChanged(step);
}

void ChecklistModel::onStatus(const RunStatus& status)
{
    switch (status.state) {
    case RunState::Running:
    case RunState::Paused:
    case RunState::AtGate:
    case RunState::Cancelling:
        setCurrent(status.currentIndex < m_steps.size() ? status.currentIndex : -1);
        break;
    default:
        setCurrent(-1);
    }
}

void ChecklistModel::onExpectations(const QList<qint64>& expectedMs)
{
    for (int i = 0; i < m_steps.size() && i < expectedMs.size(); ++i) {
        if (m_steps[i].planned.expectedMs == expectedMs[i])
            continue;
        m_steps[i].planned.expectedMs = expectedMs[i];
        stepChanged(i);
    }
}

void ChecklistModel::onStepStarted(int index, qint64 expectedMs)
{
    if (index < 0 || index >= m_steps.size())
        return;
    StepState& s = m_steps[index];
    s.outcome = StepOutcome::Running;
    s.planned.expectedMs = expectedMs;
    s.clock.start();
    s.elapsedMs = -1;
    s.progress = -1;
    s.progressText.clear();
    s.error.clear();
    s.result.clear();
    s.loopDone = 0;
    s.loopCount = -1;
    s.loopSummary.clear();
    m_running = index;
    m_current = index;
    stepChanged(index);
}

void ChecklistModel::onStepProgress(int index, qint64 done, qint64 total, const QString& text)
{
    if (index < 0 || index >= m_steps.size())
        return;
    StepState& s = m_steps[index];
    s.progress = total > 0 ? qBound(0.0, double(done) / double(total), 1.0) : -1;
    s.progressText = text.isEmpty() && total > 0 ? QStringLiteral("%1/%2").arg(done).arg(total) : text;
    if (s.planned.step->isLoop()) {
        s.loopDone = done;
        s.loopCount = total;
    }
    emit dataChanged(stepIndex(index, OutcomeColumn), stepIndex(index, OutcomeColumn));
}

void ChecklistModel::onStepFinished(int index, const StepResult& result, qint64 durationMs)
{
    if (index < 0 || index >= m_steps.size())
        return;
    StepState& s = m_steps[index];
    s.outcome = result.outcome;
    s.elapsedMs = durationMs;
    s.progressText.clear();
    s.error = result.error;
    s.result = result.summaryLine();
    if (s.planned.step->isLoop()) {
        if (result.outcome == StepOutcome::Succeeded && s.loopCount < 0)
            s.loopSummary = tr("0 rows: nothing to do");
        else if (s.loopCount >= 0)
            s.loopSummary = tr("%1/%2").arg(s.loopDone).arg(s.loopCount);
    }
    if (m_running == index)
        m_running = -1;
    stepChanged(index);
}

void ChecklistModel::onStepRestored(int index, StepOutcome outcome, qint64 durationMs)
{
    if (index < 0 || index >= m_steps.size())
        return;
    StepState& s = m_steps[index];
    // Several attempts of one step: the newest decides, except that a success is never undone by a
    // record of an earlier failure read later.
    if (s.outcome == StepOutcome::Succeeded && outcome != StepOutcome::Succeeded)
        return;
    s.outcome = outcome;
    s.elapsedMs = durationMs;
    stepChanged(index);
}

void ChecklistModel::onRollbackPlanStarted(const RollbackPreview& plan)
{
    beginResetModel();
    m_rollback.clear();
    for (const RollbackPreviewEntry& e : plan.entries) {
        RollbackRow r;
        r.entry = e;
        r.outcome = e.done ? StepOutcome::Succeeded : StepOutcome::Pending;
        m_rollback << r;
    }
    m_hasRollbackPhase = true;
    m_rollbackRunning = -1;
    endResetModel();
}

void ChecklistModel::onRollbackStepStarted(int entry)
{
    if (entry < 0 || entry >= m_rollback.size())
        return;
    RollbackRow& r = m_rollback[entry];
    r.outcome = StepOutcome::Running;
    r.clock.start();
    m_rollbackRunning = entry;
    emit dataChanged(indexOfRollbackEntry(entry, 0), indexOfRollbackEntry(entry, ColumnCount - 1));
}

void ChecklistModel::onRollbackStepFinished(int entry, const StepResult& result, qint64 durationMs)
{
    if (entry < 0 || entry >= m_rollback.size())
        return;
    RollbackRow& r = m_rollback[entry];
    r.outcome = result.outcome;
    r.elapsedMs = durationMs;
    r.error = result.error;
    if (m_rollbackRunning == entry)
        m_rollbackRunning = -1;
    emit dataChanged(indexOfRollbackEntry(entry, 0), indexOfRollbackEntry(entry, ColumnCount - 1));
    const QModelIndex phase = createIndex(int(m_phases.size()), 0, kPhase);
    emit dataChanged(phase, phase.siblingAtColumn(ColumnCount - 1));
    if (result.outcome != StepOutcome::Succeeded)
        return;
    for (int i = 0; i < m_steps.size(); ++i) {
        if (m_steps[i].planned.step->id == r.entry.forStepId) {
            m_steps[i].rolledBack = true;
            stepChanged(i);
        }
    }
}

void ChecklistModel::tick()
{
    if (m_running >= 0) {
        emit dataChanged(stepIndex(m_running, ElapsedColumn), stepIndex(m_running, ElapsedColumn));
        const QModelIndex phase = createIndex(m_phaseOfStep.value(m_running), ElapsedColumn, kPhase);
        emit dataChanged(phase, phase);
    }
    if (m_rollbackRunning >= 0)
        emit dataChanged(indexOfRollbackEntry(m_rollbackRunning, ElapsedColumn), indexOfRollbackEntry(m_rollbackRunning, ElapsedColumn));
}

qint64 ChecklistModel::remainingExpectedMs() const
{
    qint64 total = 0;
    for (const StepState& s : m_steps) {
        if (s.outcome == StepOutcome::Pending || s.outcome == StepOutcome::Failed || s.outcome == StepOutcome::Cancelled
            || s.outcome == StepOutcome::TimedOut || s.outcome == StepOutcome::Interrupted)
            total += s.planned.expectedMs;
        else if (s.outcome == StepOutcome::Running)
            total += qMax<qint64>(0, s.planned.expectedMs - s.clock.elapsed());
    }
    return total;
}

int ChecklistModel::currentPhase() const
{
    return m_current >= 0 ? m_phaseOfStep.value(m_current, -1) : -1;
}

qint64 ChecklistModel::currentPhaseRemainingMs() const
{
    const int phase = currentPhase();
    if (phase < 0)
        return -1;
    qint64 total = 0;
    for (int i : m_phases[phase].steps) {
        const StepState& s = m_steps[i];
        if (s.outcome == StepOutcome::Running)
            total += qMax<qint64>(0, s.planned.expectedMs - s.clock.elapsed());
        else if (s.outcome != StepOutcome::Succeeded && s.outcome != StepOutcome::Skipped)
            total += s.planned.expectedMs;
    }
    return total;
}
