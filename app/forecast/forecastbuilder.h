#pragma once
// Finds the journaled runs a forecast learns from and computes it: runs of the same runbook file
// (sha256) or that went through the same steps in the same order, on the same cluster unless
// asked otherwise. The one place step expectations come from: the forecast command, the run
// controller's budgets and ETA, and the runs view all call it.

#include "forecast/forecast.h"
#include "forecast/forecastquery.h"

#include <QList>

class RunJournal;
struct RunDetail;

class ForecastBuilder {
public:
    // Whether a run counts for the query (its steps loaded).
    static bool matches(const RunDetail& run, const ForecastQuery& query);
    // The matching runs, newest first. Empty with an error when the journal cannot be read.
    static QList<RunDetail> matchingRuns(const RunJournal& journal, const ForecastQuery& query, QString* error = nullptr);
    // The forecast of `plan` from the journal; an empty query.stepIds means the plan's.
    static Forecast build(
        const RunJournal& journal, const ForecastPlan& plan, ForecastQuery query, QString* error = nullptr);
};
