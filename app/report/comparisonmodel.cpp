#include "report/comparisonmodel.h"

#include "journal/runexport.h"
#include "report/comparisonexport.h"

#include <QBrush>
#include <QFont>

ComparisonModel::ComparisonModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ComparisonModel::setComparison(const RunComparison& comparison, const std::optional<Forecast>& forecast)
{
    beginResetModel();
    m_rows = comparison.steps() + comparison.totals();
    m_stepRows = static_cast<int>(comparison.steps().size());
    m_runIds.clear();
    m_runTips.clear();
    for (const RunDetail& d : comparison.runs()) {
        m_runIds << d.run.id;
        m_runTips << QStringLiteral("%1 · %2 · %3").arg(d.run.label, runOutcomeName(d.run.outcome), d.run.user);
    }
    m_planned.clear();
    for (const ComparedRow& row : m_rows)
        m_planned << ComparisonExport::plannedMs(row, forecast ? &*forecast : nullptr);
    endResetModel();
}

void ComparisonModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_stepRows = 0;
    m_runIds.clear();
    m_runTips.clear();
    m_planned.clear();
    endResetModel();
}

const ComparedRow& ComparisonModel::rowAt(int row) const
{
    return m_rows[row];
}

int ComparisonModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ComparisonModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || m_rows.isEmpty() ? 0 : medianColumn() + 1;
}

QVariant ComparisonModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ComparedRow& row = rowAt(index.row());
    const bool total = index.row() >= m_stepRows;
    const int column = index.column();
    const int run = column - FirstRunColumn;
    const bool isRun = run >= 0 && run < runCount();
    switch (role) {
    case Qt::DisplayRole:
        if (column == PhaseColumn)
            return total ? QStringLiteral("Total") : row.phase;
        if (column == StepColumn)
            return total ? row.title : (row.isRollback ? QStringLiteral("↩ ") : QString()) + row.stepId;
        if (column == PlannedColumn)
            return RunExport::durationText(m_planned.value(index.row()));
        if (isRun)
            return ComparisonExport::cellText(row, run);
        return RunExport::durationText(row.medianMs);
    case Qt::ToolTipRole:
        if (column == StepColumn && !total)
            return row.title;
        if (isRun && row.slowest.value(run))
            return QStringLiteral("The slowest step of run %1").arg(m_runIds[run]);
        return {};
    case Qt::TextAlignmentRole:
        if (column >= PlannedColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case Qt::FontRole:
        if (total || (isRun && row.slowest.value(run))) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::BackgroundRole:
        if (isRun && row.slowest.value(run))
            return QBrush(QColor(0xff, 0xe0, 0x82));
        return {};
    case Qt::ForegroundRole:
        if (isRun && row.slowest.value(run))
            return QBrush(QColor(0x21, 0x21, 0x21));
        return {};
    case ValueMsRole:
        if (isRun && row.valuesMs.value(run))
            return *row.valuesMs[run];
        if (column == medianColumn() && row.medianMs)
            return *row.medianMs;
        return {};
    case DifferenceMsRole:
        if (isRun && row.differencesMs.value(run))
            return *row.differencesMs[run];
        return {};
    case SlowestRole:
        return isRun && row.slowest.value(run);
    case IsTotalRole:
        return total;
    default:
        return {};
    }
}

QVariant ComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    const int run = section - FirstRunColumn;
    if (role == Qt::ToolTipRole && run >= 0 && run < runCount())
        return m_runTips[run];
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case PhaseColumn:
        return QStringLiteral("Phase");
    case StepColumn:
        return QStringLiteral("Step");
    case PlannedColumn:
        return QStringLiteral("Planned");
    default:
        return run < runCount() ? m_runIds[run] : QStringLiteral("Median");
    }
}
