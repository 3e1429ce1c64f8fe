#pragma once
// The journaled runs, newest first, as a table for the runs view (one row per run).

#include "journal/runsummary.h"

#include <QAbstractTableModel>
#include <QList>

class RunJournal;

class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        LabelColumn,
        RunbookColumn,
        ClusterColumn,
        OperatorColumn,
        StartedColumn,
        DurationColumn,
        DowntimeColumn, // measured by the traffic probe: writes, and reads when they failed too
        OutcomeColumn,
        ColumnCount
    };
    enum Role {
        RunIdRole = Qt::UserRole + 1, // QString
        OutcomeRole, // QString: runOutcomeName()
        SortRole, // a value that sorts the column: QDateTime, qint64 ms, QString
    };

    explicit RunsModel(QObject* parent = nullptr);

    // Replaces the rows. Runs added at the top are inserted and known runs updated in place, so
    // a view keeps its selection across a refresh; anything else resets the model.
    void setRuns(const QList<RunSummary>& runs);
    // Reads the runs from the journal; false (rows unchanged) when it cannot.
    bool reload(const RunJournal& journal, int limit = -1);
    const RunSummary* runAt(int row) const;
    int rowOf(const QString& runId) const;
    // The labels the runs carry (rehearsal, production...), sorted, for a filter's choices.
    QStringList labels() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<RunSummary> m_runs;
};
