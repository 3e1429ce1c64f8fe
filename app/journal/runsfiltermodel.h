#pragma once
// The runs table as the runs view filters and sorts it: by outcome, label, operator or any text,
// by a shortest duration and a least measured downtime. Sorts by RunsModel::SortRole.

#include <QSortFilterProxyModel>

class RunsModel;

class RunsFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit RunsFilterModel(QObject* parent = nullptr);

    void setRunsModel(RunsModel* model);
    // Empty: any. Otherwise runOutcomeName() / the exact label.
    void setOutcome(const QString& outcome);
    void setLabel(const QString& label);
    // Case-insensitive, in the run id, runbook, cluster, operator, host or note.
    void setText(const QString& text);
    // 0: no bound. A run without a duration (still running) passes no duration bound; a run the
    // probe did not measure passes no downtime bound.
    void setMinDurationMs(qint64 ms);
    void setMinDowntimeMs(qint64 ms);

    QString outcome() const { return m_outcome; }
    QString label() const { return m_label; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    void changed();

    RunsModel* m_runs = nullptr;
    QString m_outcome;
    QString m_label;
    QString m_text;
    qint64 m_minDurationMs = 0;
    qint64 m_minDowntimeMs = 0;
};
