#include "forecast/forecastplan.h"

#include "journal/rundetail.h"
#include "runbook/runbook.h"

ForecastPlan ForecastPlan::fromRunbook(const Runbook& runbook)
{
    ForecastPlan plan;
    plan.runbookName = runbook.name;
    for (int p = 0; p < runbook.phases.size(); ++p) {
        const Phase& phase = runbook.phases[p];
        plan.phases << phase.name;
        for (const Step& s : phase.steps) {
            ForecastPlanStep step;
            step.phaseIndex = p;
            step.phase = phase.name;
            step.id = s.id;
            step.title = s.title.isEmpty() ? s.id : s.title;
            step.kind = stepKindName(s.kind);
            if (s.expected)
                step.budgetMs = s.expected->milliseconds();
            step.downtime = downtimeMarkerName(s.downtime);
            step.pointOfNoReturn = s.pointOfNoReturn;
            plan.steps << step;
        }
    }
    return plan;
}

ForecastPlan ForecastPlan::fromRun(const RunDetail& run)
{
    ForecastPlan plan;
    plan.runbookName = run.run.runbookName;
    for (const StepRecord& s : run.steps) {
        if (s.isRollback || plan.step(s.stepId))
            continue;
        if (!plan.phases.contains(s.phase))
            plan.phases << s.phase;
        ForecastPlanStep step;
        step.phaseIndex = static_cast<int>(plan.phases.indexOf(s.phase));
        step.phase = s.phase;
        step.id = s.stepId;
        step.title = s.title.isEmpty() ? s.stepId : s.title;
        step.kind = s.kind;
        plan.steps << step;
    }
    return plan;
}

QStringList ForecastPlan::stepIds() const
{
    QStringList ids;
    for (const ForecastPlanStep& s : steps)
        ids << s.id;
    return ids;
}

const ForecastPlanStep* ForecastPlan::step(const QString& id) const
{
    for (const ForecastPlanStep& s : steps)
        if (s.id == id)
            return &s;
    return nullptr;
}
