#include "forecast/forecastbuilder.h"

#include "journal/runjournal.h"

bool ForecastBuilder::matches(const RunDetail& run, const ForecastQuery& query)
{
    const RunSummary& r = run.run;
    if (r.outcome == RunOutcome::Running || r.id == query.excludeRunId)
        return false;
    if (!query.allClusters && r.cluster != query.cluster)
        return false;
    if (query.before.isValid() && r.startedAt.isValid() && r.startedAt >= query.before)
        return false;
    if (!query.runbookDigest.isEmpty() && r.runbookDigest == query.runbookDigest)
        return true;
    // The same steps: what the run went through is the start of the plan, all of it when it completed.
    QStringList ran;
    for (const StepRecord& s : run.steps)
        if (!s.isRollback && !ran.contains(s.stepId))
            ran << s.stepId;
    if (ran.isEmpty() || ran.size() > query.stepIds.size() || query.stepIds.mid(0, ran.size()) != ran)
        return false;
    return r.outcome != RunOutcome::Completed || ran.size() == query.stepIds.size();
}

QList<RunDetail> ForecastBuilder::matchingRuns(const RunJournal& journal, const ForecastQuery& query, QString* error)
{
    QList<RunDetail> out;
    bool ok = false;
    const QList<RunSummary> runs = journal.runs(query.limit, &ok);
    if (!ok) {
        if (error)
            *error = journal.lastError();
        return out;
    }
    for (const RunSummary& r : runs) {
        // Cheap refusals first: most runs of other runbooks or clusters never need their steps read.
        if (r.outcome == RunOutcome::Running || r.id == query.excludeRunId
            || (!query.allClusters && r.cluster != query.cluster)
            || (query.before.isValid() && r.startedAt >= query.before))
            continue;
        QString readError;
        auto detail = journal.run(r.id, &readError);
        if (!detail) {
            if (error)
                *error = readError;
            continue;
        }
        if (matches(*detail, query))
            out << std::move(*detail);
    }
    return out;
}

Forecast ForecastBuilder::build(const RunJournal& journal, const ForecastPlan& plan, ForecastQuery query, QString* error)
{
    if (query.stepIds.isEmpty())
        query.stepIds = plan.stepIds();
    return Forecast::compute(plan, matchingRuns(journal, query, error), query);
}
