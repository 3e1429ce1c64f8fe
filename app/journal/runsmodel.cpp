#include "journal/runsmodel.h"

#include "journal/runexport.h"
#include "journal/runjournal.h"

RunsModel::RunsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void RunsModel::setRuns(const QList<RunSummary>& runs)
{
    // The common refresh: zero or more new runs on top, the known ones below in the same order.
    const qsizetype added = runs.size() - m_runs.size();
    bool sameTail = added >= 0;
    for (qsizetype i = 0; sameTail && i < m_runs.size(); ++i)
        sameTail = runs[added + i].id == m_runs[i].id;
    if (!sameTail) {
        beginResetModel();
        m_runs = runs;
        endResetModel();
        return;
    }
    if (added > 0) {
        beginInsertRows({}, 0, static_cast<int>(added - 1));
        m_runs = runs.mid(0, added) + m_runs;
        endInsertRows();
    }
    if (m_runs.size() > added) {
        for (qsizetype i = added; i < runs.size(); ++i)
            m_runs[i] = runs[i];
        emit dataChanged(
            index(static_cast<int>(added), 0), index(static_cast<int>(m_runs.size() - 1), ColumnCount - 1));
    }
}

bool RunsModel::reload(const RunJournal& journal, int limit)
{
    bool ok = false;
    const QList<RunSummary> runs = journal.runs(limit, &ok);
    if (!ok)
        return false;
    setRuns(runs);
    return true;
}

const RunSummary* RunsModel::runAt(int row) const
{
    return row >= 0 && row < m_runs.size() ? &m_runs[row] : nullptr;
}

int RunsModel::rowOf(const QString& runId) const
{
    for (qsizetype i = 0; i < m_runs.size(); ++i)
        if (m_runs[i].id == runId)
            return static_cast<int>(i);
    return -1;
}

QStringList RunsModel::labels() const
{
    QStringList out;
    for (const RunSummary& r : m_runs)
        if (!r.label.isEmpty() && !out.contains(r.label))
            out << r.label;
    out.sort();
    return out;
}

int RunsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunSummary& r = m_runs[index.row()];
    switch (role) {
    case RunIdRole:
        return r.id;
    case OutcomeRole:
        return runOutcomeName(r.outcome);
    case Qt::ToolTipRole:
        if (index.column() == DowntimeColumn && !r.measuredWritesDownMs)
            return QStringLiteral("The traffic probe did not run: no client-visible downtime was measured.");
        return QStringLiteral("%1\n%2 on %3, by %4 on %5")
            .arg(r.runbookPath.isEmpty() ? r.runbookName : r.runbookPath, r.label, r.cluster, r.user, r.host);
    case SortRole:
        switch (index.column()) {
        case StartedColumn:
            return r.startedAt;
        case DurationColumn:
            return r.durationMs() ? QVariant(*r.durationMs()) : QVariant(qint64(-1));
        case DowntimeColumn:
            return r.measuredWritesDownMs ? QVariant(*r.measuredWritesDownMs + r.measuredReadsDownMs.value_or(0))
                                          : QVariant(qint64(-1));
        default:
            break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return r.id;
        case LabelColumn:
            return r.label;
        case RunbookColumn:
            return r.runbookName;
        case ClusterColumn:
            return r.cluster;
        case OperatorColumn:
            return r.user;
        case StartedColumn:
            return r.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case DurationColumn:
            if (const auto ms = r.durationMs())
                return RunExport::formatDuration(*ms);
            return r.outcome == RunOutcome::Running ? QStringLiteral("running") : QString();
        case DowntimeColumn:
            return RunExport::measuredDowntime(r);
        case OutcomeColumn:
            return runOutcomeName(r.outcome);
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn || index.column() == DowntimeColumn)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    default:
        return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return QStringLiteral("Run");
    case LabelColumn:
        return QStringLiteral("Label");
    case RunbookColumn:
        return QStringLiteral("Runbook");
    case ClusterColumn:
        return QStringLiteral("Cluster");
    case OperatorColumn:
        return QStringLiteral("Operator");
    case StartedColumn:
        return QStringLiteral("Started");
    case DurationColumn:
        return QStringLiteral("Duration");
    case DowntimeColumn:
        return QStringLiteral("Measured downtime");
    case OutcomeColumn:
        return QStringLiteral("Outcome");
    default:
        return {};
    }
}
