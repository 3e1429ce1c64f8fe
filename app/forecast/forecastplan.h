#pragma once
// The steps a forecast is about, in run order: taken from a runbook (phases, budgets, downtime
// markers, points of no return), or, when the runbook file is gone, from a journaled run.

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

struct Runbook;
struct RunDetail;

struct ForecastPlanStep {
    int phaseIndex = 0;
    QString phase;
    QString id;
    QString title;
    QString kind; // sql | shell | wait | manual | switch | batch
    std::optional<qint64> budgetMs; // the runbook's expected:
    QString downtime; // writes-begin | writes-end | reads-begin | reads-end, or empty
    bool pointOfNoReturn = false;
};

struct ForecastPlan {
    QString runbookName;
    QStringList phases;
    QList<ForecastPlanStep> steps;

    static ForecastPlan fromRunbook(const Runbook& runbook);
    // The forward steps the run went through, in the order they first ran (no budgets or markers:
    // the journal does not keep them).
    static ForecastPlan fromRun(const RunDetail& run);

    QStringList stepIds() const;
    const ForecastPlanStep* step(const QString& id) const;
    bool isEmpty() const { return steps.isEmpty(); }
};
