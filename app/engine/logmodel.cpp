#include "engine/logmodel.h"

#include "core/durationtext.h"
#include "engine/runsession.h"


LogModel::LogModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void LogModel::attach(RunSession* session)
{
    if (session)
        attach(session->controller(), session->steps());
    else
        attach(nullptr, {});
}

void LogModel::attach(RunController* controller, const QList<PlannedStep>& steps)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    m_steps = steps;
    if (!controller)
        return;
    auto stepId = [this](int i) { return i >= 0 && i < m_steps.size() ? m_steps[i].step->id : QString(); };
    connect(controller, &RunController::outputLines, this, &LogModel::append);
    connect(controller, &RunController::runStarted, this, [this](const QString& id) { appendEvent(tr("run %1 started").arg(id)); });
    connect(controller, &RunController::stepStarted, this, [this, stepId](int i, qint64 expectedMs) {
        appendEvent(expectedMs > 0 ? tr("%1 started (expected %2)").arg(stepId(i), durationText(expectedMs)) : tr("%1 started").arg(stepId(i)), i);
    });
    connect(controller, &RunController::stepFinished, this, [this, stepId](int i, const StepResult& r, qint64 ms) {
        QString text = tr("%1 %2 after %3").arg(stepId(i), stepOutcomeText(r.outcome), durationText(ms));
        if (!r.error.isEmpty())
            text += QStringLiteral(": ") + r.error;
        appendEvent(text, i, !r.ok());
    });
    connect(controller, &RunController::manualGateReached, this, [this, stepId](int i, const QString& text) {
        appendEvent(tr("%1 waits for the operator: %2").arg(stepId(i), text), i);
    });
    connect(controller, &RunController::probeReport, this, [this](const QString& line) { appendEvent(line); });
    connect(controller, &RunController::downtimeEvent, this, [this](const DowntimeEvent& e) {
        if (e.source != QLatin1String("probe"))
            return;
        appendEvent(e.open ? tr("clients cannot %1: %2").arg(e.kind == QLatin1String("writes") ? tr("write") : tr("read"), e.error)
                           : tr("clients can %1 again after %2").arg(e.kind == QLatin1String("writes") ? tr("write") : tr("read"),
                               durationText(e.durationMs)),
            -1, e.open);
    });
    connect(controller, &RunController::rollbackRefused, this, [this](const QString& why) { appendEvent(tr("rollback refused: %1").arg(why), -1, true); });
    connect(controller, &RunController::rollbackStarted, this, [this](const QStringList& lines) {
        appendEvent(tr("rolling back:\n%1").arg(lines.join(QLatin1Char('\n'))));
    });
    connect(controller, &RunController::rollbackStepFinished, this, [this](int entry, const StepResult& r, qint64 ms) {
        QString text = tr("undo %1 %2 after %3").arg(entry + 1).arg(stepOutcomeText(r.outcome), durationText(ms));
        if (!r.error.isEmpty())
            text += QStringLiteral(": ") + r.error;
        appendEvent(text, -1, !r.ok());
    });
    connect(controller, &RunController::refused, this, [this](const QString& why) { appendEvent(tr("refused: %1").arg(why), -1, true); });
    connect(controller, &RunController::runFinished, this, [this](RunOutcome outcome, const QString& message) {
        appendEvent(tr("run %1: %2").arg(runOutcomeText(outcome), message), -1, outcome != RunOutcome::Completed);
    });
}

void LogModel::setCapacity(int lines)
{
    m_capacity = qMax(100, lines);
    add({});
}

void LogModel::clear()
{
    beginResetModel();
    m_lines.clear();
    m_dropped = 0;
    endResetModel();
    emit droppedLinesChanged(0);
}

void LogModel::append(const QList<LogLine>& lines)
{
    QList<Line> add;
    add.reserve(lines.size());
    for (const LogLine& l : lines)
        add << Line { l, false };
    this->add(std::move(add));
}

void LogModel::appendEvent(const QString& text, int stepIndex, bool isError)
{
    Line l;
    l.isEvent = true;
    l.line.at = QDateTime::currentDateTimeUtc();
    l.line.stepIndex = stepIndex;
    if (stepIndex >= 0 && stepIndex < m_steps.size()) {
        l.line.stepId = m_steps[stepIndex].step->id;
        l.line.node = m_steps[stepIndex].node;
    }
    l.line.text = text;
    l.line.isStderr = isError;
    add({ l });
}

void LogModel::add(QList<Line> lines)
{
    // More than the capacity in one batch: only its tail can be kept.
    if (lines.size() > m_capacity) {
        m_dropped += lines.size() - m_capacity;
        lines = lines.mid(lines.size() - m_capacity);
    }
    const qsizetype overflow = m_lines.size() + lines.size() - m_capacity;
    if (overflow > 0) {
        // Drop a little more than needed, so a busy log removes rows in chunks, not one at a time.
        const qsizetype drop = qMin<qsizetype>(m_lines.size(), overflow + m_capacity / 10);
        beginRemoveRows({}, 0, int(drop - 1));
        m_lines.remove(0, drop);
        endRemoveRows();
        m_dropped += drop;
        emit droppedLinesChanged(m_dropped);
    }
    if (lines.isEmpty())
        return;
    beginInsertRows({}, int(m_lines.size()), int(m_lines.size() + lines.size() - 1));
    m_lines.append(std::move(lines));
    endInsertRows();
}

QString LogModel::text(const QList<int>& rows) const
{
    QStringList out;
    for (int row : rows) {
        if (row < 0 || row >= m_lines.size())
            continue;
        QStringList cells;
        for (int c = 0; c < ColumnCount; ++c)
            cells << data(index(row, c)).toString();
        out << cells.join(QLatin1Char('\t'));
    }
    return out.join(QLatin1Char('\n'));
}

int LogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

int LogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_lines.size())
        return {};
    const Line& l = m_lines[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return l.line.at.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case StepColumn:
            return l.line.rollbackEntry >= 0 ? tr("undo %1").arg(l.line.stepId) : l.line.stepId;
        case NodeColumn:
            return l.line.node;
        case TextColumn:
            return l.line.isStderr && !l.isEvent ? QStringLiteral("stderr: ") + l.line.text : l.line.text;
        }
        return {};
    case Qt::ToolTipRole:
        return l.line.at.toString(Qt::ISODateWithMs);
    case IsStderrRole:
        return l.line.isStderr;
    case IsEventRole:
        return l.isEvent;
    case StepIndexRole:
        return l.line.stepIndex;
    case RollbackEntryRole:
        return l.line.rollbackEntry;
    case StepIdRole:
        return l.line.stepId;
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case StepColumn:
        return tr("Step");
    case NodeColumn:
        return tr("Node");
    case TextColumn:
        return tr("Output");
    }
    return {};
}
