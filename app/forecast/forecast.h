#pragma once
// What earlier runs of a runbook say about the next one: each step's median and p90 and how many
// runs they rest on; the most likely figure and the p90 of every phase, of the whole run and of
// each downtime window; and where the forecast is weakest (steps that vary a lot between runs,
// steps no run has timed).
//
// How the figures are formed:
// - A step's sample in a run is the time of all its attempts, counted when its last attempt
//   succeeded. A manual gate passed by `--yes` measured no operator, so it gives no sample.
// - A step's expected time is its median; a step without samples falls back to the runbook's
//   `expected:` budget, else 0, and is flagged "unrehearsed".
// - Most likely total: the sum of every step's expected time, plus the median time the complete
//   runs spent between steps (journal writes, the traffic probe starting and checking its writes).
// - p90 total: with at least runsForTotalsP90 complete runs, the p90 of their wall times (it keeps
//   what per-step figures lose: a slow night makes every step slow together), plus the budgets of
//   steps they never timed. With fewer, the sum of the step p90s plus the p90 between steps: a few
//   runs cannot tell how step delays combine, so the forecast assumes they coincide rather than
//   cancel. Never below the most likely total. Phases follow the same rule.
// - Downtime: the windows of the complete runs (runbook markers, and the traffic probe where it
//   ran), per kind; without complete runs, the runbook's markers are estimated from the steps
//   they span.
// - Percentiles interpolate between the nearest samples (Statistics::percentile).

#include "forecast/forecastplan.h"
#include "forecast/forecastquery.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

struct RunDetail;

struct StepForecast {
    ForecastPlanStep plan;
    std::optional<qint64> medianMs; // nullopt: no run timed it
    std::optional<qint64> p90Ms;
    int runs = 0; // samples behind the figures
    std::optional<double> cv; // coefficient of variation, from two samples on
    QStringList flags; // variable | unrehearsed | manual

    qint64 expectedMs() const { return medianMs.value_or(plan.budgetMs.value_or(0)); }
    qint64 expectedP90Ms() const { return p90Ms.value_or(expectedMs()); }
};

struct PhaseForecast {
    QString name;
    qint64 mostLikelyMs = 0;
    qint64 p90Ms = 0;
    int steps = 0;
};

struct WindowForecast {
    QString kind; // writes | reads
    QString source; // runbook-marker | probe
    qint64 mostLikelyMs = 0;
    qint64 p90Ms = 0;
    int runs = 0; // complete runs measured; 0 when estimated from the steps
    bool estimated = false;
};

enum class TotalP90Method { RunTotals, SumOfStepP90s };

class Forecast {
public:
    static constexpr double variableCv = 0.5;
    static constexpr int runsForTotalsP90 = 5;

    // The forecast of `plan` from `runs` (runs still going on are ignored).
    static Forecast compute(const ForecastPlan& plan, const QList<RunDetail>& runs, const ForecastQuery& query = {});

    const ForecastPlan& plan() const { return m_plan; }
    const ForecastQuery& query() const { return m_query; }
    const QList<StepForecast>& steps() const { return m_steps; }
    const StepForecast* step(const QString& id) const;
    // A step's expected time (median, else budget, else 0); 0 for a step not in the plan.
    qint64 expectedMs(const QString& stepId) const;
    // How long undoing a step took in the runs used (median of the undos that succeeded): the
    // rollback plan's estimate. nullopt when no run undid it.
    std::optional<qint64> undoMedianMs(const QString& stepId) const;
    const QList<PhaseForecast>& phases() const { return m_phases; }
    const QList<WindowForecast>& downtime() const { return m_downtime; }
    const WindowForecast* window(const QString& kind, const QString& source) const;

    qint64 totalMs() const { return m_totalMs; }
    qint64 totalP90Ms() const { return m_totalP90Ms; }
    TotalP90Method totalP90Method() const { return m_method; }
    qint64 betweenStepsMs() const { return m_betweenMs; }
    qint64 betweenStepsP90Ms() const { return m_betweenP90Ms; }

    // Newest first.
    const QStringList& runIds() const { return m_runIds; }
    int runsUsed() const { return static_cast<int>(m_runIds.size()); }
    int completeRuns() const { return m_completeRuns; }
    QList<const StepForecast*> flaggedSteps() const;

private:
    ForecastPlan m_plan;
    ForecastQuery m_query;
    QList<StepForecast> m_steps;
    QList<PhaseForecast> m_phases;
    QList<WindowForecast> m_downtime;
    QHash<QString, qint64> m_undoMedians;
    qint64 m_totalMs = 0;
    qint64 m_totalP90Ms = 0;
    TotalP90Method m_method = TotalP90Method::SumOfStepP90s;
    qint64 m_betweenMs = 0;
    qint64 m_betweenP90Ms = 0;
    QStringList m_runIds;
    int m_completeRuns = 0;
};

// run-totals | sum-of-step-p90s
QString totalP90MethodName(TotalP90Method method);
