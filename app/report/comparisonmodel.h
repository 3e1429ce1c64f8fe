#pragma once
// Runs side by side for the runs view: one row per step (then the totals), one column per run,
// each cell the step's duration and its difference to the median; each run's slowest step
// highlighted; the planned time from the forecast used.

#include "forecast/forecast.h"
#include "journal/runcomparison.h"

#include <QAbstractTableModel>
#include <optional>

class ComparisonModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum FixedColumn { PhaseColumn, StepColumn, PlannedColumn, FirstRunColumn };
    enum Role {
        ValueMsRole = Qt::UserRole + 1, // qint64, invalid where the run has no value
        DifferenceMsRole, // qint64 against the median, invalid where none
        SlowestRole, // bool: the run's slowest step
        IsTotalRole, // bool: a total rather than a step
    };

    explicit ComparisonModel(QObject* parent = nullptr);

    void setComparison(const RunComparison& comparison, const std::optional<Forecast>& forecast = std::nullopt);
    void clear();
    int runCount() const { return static_cast<int>(m_runIds.size()); }
    // The column of the median (after the runs).
    int medianColumn() const { return FirstRunColumn + runCount(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const ComparedRow& rowAt(int row) const;

    QList<ComparedRow> m_rows; // steps, then totals
    int m_stepRows = 0;
    QStringList m_runIds;
    QStringList m_runTips;
    QList<std::optional<qint64>> m_planned;
};
