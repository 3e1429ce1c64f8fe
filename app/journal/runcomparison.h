#pragma once
// Several runs of the same runbook side by side: each step's duration in every run and its
// difference to the median across them, and each run's slowest step. Steps are matched by
// (rollback, phase, step id, node); retried steps count the time of all their attempts.

#include "journal/rundetail.h"

#include <QList>
#include <QString>
#include <optional>

struct ComparedRow {
    QString phase;
    QString stepId; // empty for a total
    QString title; // the step's title, or the total's name ("Wall time")
    QString totalKey; // totals: wall | steps | manual | downtime:<kind>:<source>
    QString node;
    bool isRollback = false;
    QList<std::optional<qint64>> valuesMs; // one per run; empty where the run has no such step
    QList<int> attempts; // one per run
    QList<std::optional<qint64>> expectedMs; // the budget each run held the step to (its last attempt's)
    std::optional<qint64> medianMs;
    QList<std::optional<qint64>> differencesMs; // value minus median, one per run
    QList<bool> slowest; // one per run: the run's longest forward step (steps only, never a total)
};

class RunComparison {
public:
    explicit RunComparison(QList<RunDetail> runs);

    const QList<RunDetail>& runs() const { return m_runs; }
    const QList<ComparedRow>& steps() const { return m_steps; }
    const QList<ComparedRow>& totals() const { return m_totals; }

    // The median of the values (the mean of the middle two for an even count), rounded to a ms.
    static std::optional<qint64> median(const QList<qint64>& values);
    // The row of run r's longest forward step, -1 when it timed none.
    int slowestStep(qsizetype run) const;

private:
    QList<RunDetail> m_runs;
    QList<ComparedRow> m_steps;
    QList<ComparedRow> m_totals;
};
