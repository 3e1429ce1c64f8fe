#include "engine/checklistmodel.h"

namespace {
// Internal ids: 0 for a phase row, step index + 1 for a step row.
constexpr quintptr kPhase = 0;

QString seconds(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms >= 60000)
        return QStringLiteral("%1m %2s").arg(ms / 60000).arg((ms % 60000) / 1000, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1);
}
} // namespace

ChecklistModel::ChecklistModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void ChecklistModel::attach(RunController* controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    rebuild(controller ? controller->steps() : QList<PlannedStep>());
    if (!controller)
        return;
    connect(controller, &RunController::stepStarted, this, &ChecklistModel::onStepStarted);
    connect(controller, &RunController::stepProgress, this, &ChecklistModel::onStepProgress);
    connect(controller, &RunController::stepFinished, this, &ChecklistModel::onStepFinished);
}

void ChecklistModel::setSteps(const QList<PlannedStep>& steps)
{
    attach(nullptr);
    rebuild(steps);
}

void ChecklistModel::rebuild(const QList<PlannedStep>& steps)
{
    beginResetModel();
    m_steps.clear();
    m_phases.clear();
    m_phaseOfStep.clear();
    m_rowInPhase.clear();
    m_running = -1;
    for (const PlannedStep& p : steps) {
        StepState s;
        s.planned = p;
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
        return row < m_phases.size() ? createIndex(row, column, kPhase) : QModelIndex();
    if (parent.internalId() != kPhase || parent.row() >= m_phases.size())
        return {};
    const PhaseState& phase = m_phases[parent.row()];
    return row < phase.steps.size() ? createIndex(row, column, quintptr(phase.steps[row] + 1)) : QModelIndex();
}

QModelIndex ChecklistModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kPhase)
        return {};
    const int step = int(child.internalId() - 1);
    return createIndex(m_phaseOfStep.value(step), 0, kPhase);
}

int ChecklistModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return int(m_phases.size());
    if (parent.column() != 0 || parent.internalId() != kPhase)
        return 0;
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
        return tr("Outcome");
    }
    return {};
}

QVariant ChecklistModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kPhase) {
        const PhaseState& phase = m_phases.value(index.row());
        if (role == Qt::DisplayRole && index.column() == StepColumn)
            return phase.name;
        if (role == Qt::DisplayRole && index.column() == ExpectedColumn) {
            qint64 total = 0;
            for (int s : phase.steps)
                total += m_steps[s].planned.expectedMs;
            return total > 0 ? seconds(total) : QString();
        }
        return {};
    }
    const int i = int(index.internalId() - 1);
    if (i < 0 || i >= m_steps.size())
        return {};
    const StepState& s = m_steps[i];
    const Step& step = *s.planned.step;
    const qint64 elapsed = s.outcome == StepOutcome::Running ? s.clock.elapsed() : s.elapsedMs;
    const bool overrun = s.planned.expectedMs > 0 && elapsed > s.planned.expectedMs;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn:
            return step.title.isEmpty() ? step.id : step.title;
        case KindColumn:
            return stepKindName(step.kind);
        case NodeColumn:
            return s.planned.node;
        case ExpectedColumn:
            return s.planned.expectedMs > 0 ? seconds(s.planned.expectedMs) : QString();
        case ElapsedColumn:
            return seconds(elapsed);
        case OutcomeColumn:
            if (s.outcome == StepOutcome::Running && !s.progressText.isEmpty())
                return s.progressText;
            return s.outcome == StepOutcome::Pending ? QString() : stepOutcomeName(s.outcome);
        }
        return {};
    case Qt::ToolTipRole:
        return step.id;
    case OutcomeRole:
        return int(s.outcome);
    case OverrunRole:
        return overrun;
    case ProgressRole:
        return s.progress;
    case StepIdRole:
        return step.id;
    }
    return {};
}

QModelIndex ChecklistModel::stepIndex(int step, int column) const
{
    return createIndex(m_rowInPhase.value(step), column, quintptr(step + 1));
}

void ChecklistModel::onStepStarted(int index, qint64 expectedMs)
{
    if (index < 0 || index >= m_steps.size())
        return;
    StepState& s = m_steps[index];
    s.outcome = StepOutcome::Running;
    s.planned.expectedMs = expectedMs;
    s.clock.start();
    s.progress = -1;
    s.progressText.clear();
    m_running = index;
    emit dataChanged(stepIndex(index, 0), stepIndex(index, ColumnCount - 1));
}

void ChecklistModel::onStepProgress(int index, qint64 done, qint64 total, const QString& text)
{
    if (index < 0 || index >= m_steps.size())
        return;
    StepState& s = m_steps[index];
    s.progress = total > 0 ? double(done) / double(total) : -1;
    s.progressText = text;
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
    if (m_running == index)
        m_running = -1;
    emit dataChanged(stepIndex(index, 0), stepIndex(index, ColumnCount - 1));
}

void ChecklistModel::tick()
{
    if (m_running >= 0)
        emit dataChanged(stepIndex(m_running, ElapsedColumn), stepIndex(m_running, ElapsedColumn));
}

qint64 ChecklistModel::remainingExpectedMs() const
{
    qint64 total = 0;
    for (const StepState& s : m_steps) {
        if (s.outcome == StepOutcome::Pending)
            total += s.planned.expectedMs;
        else if (s.outcome == StepOutcome::Running)
            total += qMax<qint64>(0, s.planned.expectedMs - s.clock.elapsed());
    }
    return total;
}
