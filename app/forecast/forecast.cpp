#include "forecast/forecast.h"

#include "core/statistics.h"
#include "journal/rundetail.h"

#include <algorithm>

namespace {

// What the run controller writes as the output of a manual gate that --yes passed.
bool confirmedByYes(const StepRecord& s)
{
    return s.kind == QLatin1String("manual") && s.result.output == QLatin1String("confirmed by --yes");
}

// The time a run spent on a step: all its forward attempts, when the last one succeeded.
std::optional<qint64> stepSample(const RunDetail& run, const QString& stepId)
{
    qint64 total = 0;
    const StepRecord* last = nullptr;
    for (const StepRecord& s : run.steps) {
        if (s.isRollback || s.stepId != stepId)
            continue;
        total += s.durationMs.value_or(0);
        last = &s;
    }
    if (!last || last->result.outcome != StepOutcome::Succeeded || !last->durationMs || confirmedByYes(*last))
        return std::nullopt;
    return total;
}

qint64 windowsMs(const RunDetail& run, const QString& kind, const QString& source)
{
    qint64 total = 0;
    for (const DowntimeWindow& w : run.windows)
        if (w.kind == kind && w.source == source)
            total += w.durationMs.value_or(0);
    return total;
}

qint64 p90Of(const QList<qint64>& values)
{
    return Statistics::percentile(values, 0.9).value_or(0);
}

} // namespace

QString totalP90MethodName(TotalP90Method method)
{
    return method == TotalP90Method::RunTotals ? QStringLiteral("run-totals") : QStringLiteral("sum-of-step-p90s");
}

const StepForecast* Forecast::step(const QString& id) const
{
    for (const StepForecast& s : m_steps)
        if (s.plan.id == id)
            return &s;
    return nullptr;
}

qint64 Forecast::expectedMs(const QString& stepId) const
{
    const StepForecast* s = step(stepId);
    return s ? s->expectedMs() : 0;
}

const WindowForecast* Forecast::window(const QString& kind, const QString& source) const
{
    for (const WindowForecast& w : m_downtime)
        if (w.kind == kind && w.source == source)
            return &w;
    return nullptr;
}

QList<const StepForecast*> Forecast::flaggedSteps() const
{
    QList<const StepForecast*> out;
    for (const StepForecast& s : m_steps)
        if (s.flags.contains(QLatin1String("variable")) || s.flags.contains(QLatin1String("unrehearsed")))
            out << &s;
    return out;
}

Forecast Forecast::compute(const ForecastPlan& plan, const QList<RunDetail>& runs, const ForecastQuery& query)
{
    Forecast f;
    f.m_plan = plan;
    f.m_query = query;
    QList<const RunDetail*> used;
    QList<const RunDetail*> complete;
    for (const RunDetail& run : runs) {
        if (run.run.outcome == RunOutcome::Running)
            continue;
        used << &run;
        f.m_runIds << run.run.id;
        if (run.run.outcome == RunOutcome::Completed && run.run.durationMs())
            complete << &run;
    }
    f.m_completeRuns = static_cast<int>(complete.size());

    for (const ForecastPlanStep& planned : plan.steps) {
        StepForecast s;
        s.plan = planned;
        QList<qint64> samples;
        for (const RunDetail* run : used)
            if (const auto v = stepSample(*run, planned.id))
                samples << *v;
        s.runs = static_cast<int>(samples.size());
        s.medianMs = Statistics::median(samples);
        s.p90Ms = Statistics::percentile(samples, 0.9);
        s.cv = Statistics::coefficientOfVariation(samples);
        if (s.cv && *s.cv > variableCv)
            s.flags << QStringLiteral("variable");
        if (s.runs == 0)
            s.flags << QStringLiteral("unrehearsed");
        if (planned.kind == QLatin1String("manual"))
            s.flags << QStringLiteral("manual");
        f.m_steps << s;
    }

    QHash<QString, QList<qint64>> undos;
    for (const RunDetail* run : used)
        for (const StepRecord& s : run->steps)
            if (s.isRollback && s.result.outcome == StepOutcome::Succeeded && s.durationMs)
                undos[s.stepId] << *s.durationMs;
    for (auto it = undos.cbegin(); it != undos.cend(); ++it)
        f.m_undoMedians.insert(it.key(), *Statistics::median(it.value()));

    QList<qint64> walls;
    QList<qint64> between;
    for (const RunDetail* run : complete) {
        qint64 steps = 0;
        for (const StepRecord& s : run->steps)
            if (!s.isRollback)
                steps += s.durationMs.value_or(0);
        walls << *run->run.durationMs();
        between << std::max<qint64>(0, *run->run.durationMs() - steps);
    }
    f.m_betweenMs = Statistics::median(between).value_or(0);
    f.m_betweenP90Ms = Statistics::percentile(between, 0.9).value_or(0);
    f.m_method = walls.size() >= runsForTotalsP90 ? TotalP90Method::RunTotals : TotalP90Method::SumOfStepP90s;

    // Sums over a set of steps: expected, p90 by the method, and the budgets no run timed.
    const auto sums = [&](const auto& inSet) {
        qint64 expected = 0, p90 = 0, untimed = 0;
        for (const StepForecast& s : f.m_steps) {
            if (!inSet(s.plan))
                continue;
            expected += s.expectedMs();
            p90 += s.expectedP90Ms();
            if (s.runs == 0)
                untimed += s.expectedMs();
        }
        return std::tuple(expected, p90, untimed);
    };

    const auto [expected, sumP90, untimed] = sums([](const ForecastPlanStep&) { return true; });
    f.m_totalMs = expected + f.m_betweenMs;
    f.m_totalP90Ms = f.m_method == TotalP90Method::RunTotals ? p90Of(walls) + untimed : sumP90 + f.m_betweenP90Ms;
    f.m_totalP90Ms = std::max(f.m_totalP90Ms, f.m_totalMs);

    for (int p = 0; p < plan.phases.size(); ++p) {
        const auto inPhase = [p](const ForecastPlanStep& s) { return s.phaseIndex == p; };
        const auto [phaseExpected, phaseP90, phaseUntimed] = sums(inPhase);
        PhaseForecast phase;
        phase.name = plan.phases[p];
        phase.mostLikelyMs = phaseExpected;
        phase.steps = static_cast<int>(std::count_if(plan.steps.begin(), plan.steps.end(), inPhase));
        if (f.m_method == TotalP90Method::RunTotals) {
            QList<qint64> perRun;
            for (const RunDetail* run : complete) {
                qint64 sum = 0;
                for (const ForecastPlanStep& s : plan.steps)
                    if (inPhase(s))
                        sum += stepSample(*run, s.id).value_or(0);
                perRun << sum;
            }
            phase.p90Ms = p90Of(perRun) + phaseUntimed;
        } else {
            phase.p90Ms = phaseP90;
        }
        phase.p90Ms = std::max(phase.p90Ms, phase.mostLikelyMs);
        f.m_phases << phase;
    }

    const QString marker = QStringLiteral("runbook-marker");
    const QString probe = QStringLiteral("probe");
    QList<const RunDetail*> probed;
    for (const RunDetail* run : complete)
        if (run->run.measuredWritesDownMs)
            probed << run;
    for (const QString& kind : { QStringLiteral("writes"), QStringLiteral("reads") }) {
        const auto measured = [&](const QString& source, const QList<const RunDetail*>& from) {
            QList<qint64> samples;
            for (const RunDetail* run : from)
                samples << windowsMs(*run, kind, source);
            WindowForecast w;
            w.kind = kind;
            w.source = source;
            w.mostLikelyMs = Statistics::median(samples).value_or(0);
            w.p90Ms = p90Of(samples);
            w.runs = static_cast<int>(samples.size());
            f.m_downtime << w;
        };
        if (!probed.isEmpty())
            measured(probe, probed);
        const qsizetype begin = std::find_if(plan.steps.begin(), plan.steps.end(),
                                    [&](const ForecastPlanStep& s) { return s.downtime == kind + QLatin1String("-begin"); })
            - plan.steps.begin();
        const bool marked = begin < plan.steps.size();
        const bool markedInRuns = std::any_of(complete.begin(), complete.end(), [&](const RunDetail* run) {
            return windowsMs(*run, kind, marker) > 0;
        });
        if (!complete.isEmpty() && (marked || markedInRuns)) {
            measured(marker, complete);
        } else if (marked) {
            // No complete run yet: the window spans its begin step to its end step (or the run's end).
            WindowForecast w;
            w.kind = kind;
            w.source = marker;
            w.estimated = true;
            for (qsizetype i = begin; i < f.m_steps.size(); ++i) {
                w.mostLikelyMs += f.m_steps[i].expectedMs();
                w.p90Ms += f.m_steps[i].expectedP90Ms();
                if (f.m_steps[i].plan.downtime == kind + QLatin1String("-end"))
                    break;
            }
            f.m_downtime << w;
        }
    }
    return f;
}

std::optional<qint64> Forecast::undoMedianMs(const QString& stepId) const
{
    const auto it = m_undoMedians.constFind(stepId);
    return it == m_undoMedians.constEnd() ? std::nullopt : std::optional<qint64>(*it);
}
