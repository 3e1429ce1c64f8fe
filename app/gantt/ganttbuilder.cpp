#include "gantt/ganttbuilder.h"

#include "forecast/forecast.h"
#include "journal/rundetail.h"
#include "journal/runexport.h"

namespace {

GanttOutcome outcomeOf(StepOutcome outcome)
{
    switch (outcome) {
    case StepOutcome::Succeeded:
        return GanttOutcome::Succeeded;
    case StepOutcome::Failed:
    case StepOutcome::TimedOut:
        return GanttOutcome::Failed;
    case StepOutcome::Interrupted:
        return GanttOutcome::Interrupted;
    case StepOutcome::Running:
    case StepOutcome::Pending:
        return GanttOutcome::Running;
    case StepOutcome::Cancelled:
    case StepOutcome::Skipped:
        return GanttOutcome::Cancelled;
    }
    return GanttOutcome::Cancelled;
}

// Where something without an end of its own stops: the run's end, else now for a run going on.
QDateTime openEnd(const RunDetail& run, const QDateTime& now)
{
    return run.run.endedAt.isValid() ? run.run.endedAt : now;
}

int phaseIndex(QStringList& phases, const QString& phase)
{
    qsizetype i = phases.indexOf(phase);
    if (i < 0) {
        phases << phase;
        i = phases.size() - 1;
    }
    return static_cast<int>(i);
}

void addRun(GanttLane& lane, const RunDetail& run, QStringList& phases, const Forecast* forecast, const QDateTime& now)
{
    const QDateTime start = run.run.startedAt;
    lane.endMs = std::max(lane.endMs, start.msecsTo(openEnd(run, now)));
    for (const StepRecord& s : run.steps) {
        GanttBar bar;
        bar.stepId = s.stepId;
        bar.startMs = start.msecsTo(s.startedAt);
        bar.durationMs = s.durationMs ? *s.durationMs : std::max<qint64>(0, s.startedAt.msecsTo(openEnd(run, now)));
        bar.phaseIndex = phaseIndex(phases, s.phase);
        bar.outcome = outcomeOf(s.result.outcome);
        bar.rollback = s.isRollback;
        const ForecastPlanStep* planned = forecast ? forecast->plan().step(s.stepId) : nullptr;
        bar.pointOfNoReturn = !s.isRollback && bar.outcome == GanttOutcome::Succeeded && planned && planned->pointOfNoReturn;
        bar.tooltip = QStringLiteral("%1%2 — %3, %4")
                          .arg(s.isRollback ? QStringLiteral("↩ ") : QString(), s.title.isEmpty() ? s.stepId : s.title,
                              stepOutcomeName(s.result.outcome), RunExport::formatDuration(bar.durationMs));
        lane.bars << bar;
    }
    for (const DowntimeWindow& w : run.windows) {
        GanttBand band;
        band.kind = w.kind;
        band.source = w.source;
        band.startMs = start.msecsTo(w.startedAt);
        band.open = !w.durationMs;
        band.durationMs = w.durationMs ? *w.durationMs : std::max<qint64>(0, w.startedAt.msecsTo(openEnd(run, now)));
        lane.bands << band;
    }
}

QString runSubtitle(const RunDetail& run)
{
    const auto ms = run.run.durationMs();
    return QStringLiteral("%1 · %2%3")
        .arg(run.run.label, runOutcomeName(run.run.outcome),
            ms ? QStringLiteral(" · ") + RunExport::formatDuration(*ms) : QString());
}

// The forecast laid end to end: each step at its expected time, the runbook's downtime markers
// between the steps that carry them.
GanttLane mediansLane(const Forecast& forecast)
{
    GanttLane lane;
    lane.title = QStringLiteral("Rehearsal medians");
    lane.subtitle = QStringLiteral("%1 run%2 · %3 (p90 %4)")
                        .arg(forecast.runsUsed())
                        .arg(forecast.runsUsed() == 1 ? QString() : QStringLiteral("s"))
                        .arg(RunExport::formatDuration(forecast.totalMs()), RunExport::formatDuration(forecast.totalP90Ms()));
    qint64 at = 0;
    QMap<QString, qint64> opened;
    for (const StepForecast& s : forecast.steps()) {
        GanttBar bar;
        bar.stepId = s.plan.id;
        bar.startMs = at;
        bar.durationMs = s.expectedMs();
        bar.phaseIndex = s.plan.phaseIndex;
        bar.outcome = GanttOutcome::Planned;
        bar.pointOfNoReturn = s.plan.pointOfNoReturn;
        bar.tooltip = QStringLiteral("%1 — median %2, p90 %3, %4 run%5")
                          .arg(s.plan.id, RunExport::formatDuration(s.expectedMs()),
                              RunExport::formatDuration(s.expectedP90Ms()))
                          .arg(s.runs)
                          .arg(s.runs == 1 ? QString() : QStringLiteral("s"));
        if (s.plan.downtime.endsWith(QLatin1String("-begin")))
            opened.insert(s.plan.downtime.section(QLatin1Char('-'), 0, 0), at);
        at += bar.durationMs;
        if (s.plan.downtime.endsWith(QLatin1String("-end"))) {
            const QString kind = s.plan.downtime.section(QLatin1Char('-'), 0, 0);
            if (opened.contains(kind)) {
                const qint64 from = opened.take(kind);
                lane.bands << GanttBand { kind, QStringLiteral("runbook-marker"), from, at - from, false };
            }
        }
        lane.planned << bar;
    }
    lane.endMs = forecast.totalMs();
    for (auto it = opened.cbegin(); it != opened.cend(); ++it)
        lane.bands << GanttBand { it.key(), QStringLiteral("runbook-marker"), it.value(), at - it.value(), true };
    return lane;
}

} // namespace

GanttData GanttBuilder::build(
    const QList<RunDetail>& runs, const Forecast* forecast, const QString& liveRunId, const QDateTime& now)
{
    GanttData data;
    if (forecast)
        data.phases = forecast->plan().phases;
    const RunDetail* live = nullptr;
    for (const RunDetail& run : runs)
        if (!liveRunId.isEmpty() && run.run.id == liveRunId)
            live = &run;

    if (forecast && (forecast->runsUsed() > 0 || live)) {
        GanttLane lane = mediansLane(*forecast);
        if (live) {
            lane.title = QStringLiteral("Live run %1").arg(live->run.id);
            lane.subtitle = QStringLiteral("over the rehearsal medians: ") + lane.subtitle;
            addRun(lane, *live, data.phases, forecast, now);
        }
        data.lanes << lane;
    }
    for (const RunDetail& run : runs) {
        if (&run == live)
            continue;
        GanttLane lane;
        lane.title = run.run.id;
        lane.subtitle = runSubtitle(run);
        addRun(lane, run, data.phases, forecast, now);
        data.lanes << lane;
    }
    QString name = forecast ? forecast->plan().runbookName : QString();
    if (name.isEmpty() && !runs.isEmpty())
        name = runs.first().run.runbookName;
    data.title = runs.size() == 1 ? QStringLiteral("%1 — run %2").arg(name, runs.first().run.id)
                                  : QStringLiteral("%1 — %2 runs").arg(name).arg(runs.size());
    return data;
}
