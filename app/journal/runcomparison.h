#pragma once
// Several runs of the same runbook side by side: each step's duration in every run and its
// difference to the median across them. Steps are matched by (rollback, phase, step id, node);
// retried steps count the time of all their attempts.

#include "journal/rundetail.h"

#include <QList>
#include <QString>
#include <optional>

struct ComparedRow {
    QString phase;
    QString stepId; // empty for a total
    QString title; // the step's title, or the total's name ("Wall time")
    QString node;
    bool isRollback = false;
    QList<std::optional<qint64>> valuesMs; // one per run; empty where the run has no such step
    QList<int> attempts; // one per run
    std::optional<qint64> medianMs;
    QList<std::optional<qint64>> differencesMs; // value minus median, one per run
};

class RunComparison {
public:
    explicit RunComparison(QList<RunDetail> runs);

    const QList<RunDetail>& runs() const { return m_runs; }
    const QList<ComparedRow>& steps() const { return m_steps; }
    const QList<ComparedRow>& totals() const { return m_totals; }

    // The median of the values (the mean of the middle two for an even count), rounded to a ms.
    static std::optional<qint64> median(QList<qint64> values);

private:
    QList<RunDetail> m_runs;
    QList<ComparedRow> m_steps;
    QList<ComparedRow> m_totals;
};
