#include "journal/runsfiltermodel.h"

#include "journal/runsmodel.h"

RunsFilterModel::RunsFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(RunsModel::SortRole);
    setDynamicSortFilter(true);
}

void RunsFilterModel::setRunsModel(RunsModel* model)
{
    m_runs = model;
    setSourceModel(model);
}

void RunsFilterModel::changed()
{
    // Qt 6.4 has no begin/endFilterChange: invalidating the filter is the way to re-run it.
    invalidateFilter();
}

void RunsFilterModel::setOutcome(const QString& outcome)
{
    if (outcome != m_outcome) {
        m_outcome = outcome;
        changed();
    }
}

void RunsFilterModel::setLabel(const QString& label)
{
    if (label != m_label) {
        m_label = label;
        changed();
    }
}

void RunsFilterModel::setText(const QString& text)
{
    if (text.trimmed() != m_text) {
        m_text = text.trimmed();
        changed();
    }
}

void RunsFilterModel::setMinDurationMs(qint64 ms)
{
    if (ms != m_minDurationMs) {
        m_minDurationMs = ms;
        changed();
    }
}

void RunsFilterModel::setMinDowntimeMs(qint64 ms)
{
    if (ms != m_minDowntimeMs) {
        m_minDowntimeMs = ms;
        changed();
    }
}

bool RunsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid() || !m_runs)
        return false;
    const RunSummary* r = m_runs->runAt(sourceRow);
    if (!r)
        return false;
    if (!m_outcome.isEmpty() && runOutcomeName(r->outcome) != m_outcome)
        return false;
    if (!m_label.isEmpty() && r->label != m_label)
        return false;
    if (m_minDurationMs > 0 && r->durationMs().value_or(0) < m_minDurationMs)
        return false;
    if (m_minDowntimeMs > 0
        && r->measuredWritesDownMs.value_or(0) + r->measuredReadsDownMs.value_or(0) < m_minDowntimeMs)
        return false;
    if (m_text.isEmpty())
        return true;
    for (const QString* field : { &r->id, &r->runbookName, &r->runbookPath, &r->cluster, &r->user, &r->host, &r->note })
        if (field->contains(m_text, Qt::CaseInsensitive))
            return true;
    return false;
}
