#include "journal/runtotals.h"

#include "journal/rundetail.h"

#include <algorithm>

RunTotals RunTotals::of(const RunDetail& detail)
{
    RunTotals t;
    t.wallMs = detail.run.durationMs();
    for (const StepRecord& s : detail.steps) {
        const qint64 ms = s.durationMs.value_or(0);
        ++t.stepCount;
        t.stepsMs += ms;
        if (s.kind == QLatin1String("manual"))
            t.manualMs += ms;
        if (s.isRollback) {
            ++t.rollbackSteps;
            t.rollbackMs += ms;
        }
        if (s.result.outcome == StepOutcome::Failed || s.result.outcome == StepOutcome::TimedOut)
            ++t.failedSteps;
    }
    for (const DowntimeWindow& w : detail.windows) {
        auto it = std::find_if(t.downtime.begin(), t.downtime.end(),
            [&w](const Downtime& d) { return d.kind == w.kind && d.source == w.source; });
        if (it == t.downtime.end()) {
            t.downtime.append(Downtime { w.kind, w.source, 0, 0, 0 });
            it = t.downtime.end() - 1;
        }
        ++it->windows;
        if (w.durationMs)
            it->ms += *w.durationMs;
        else
            ++it->openWindows;
    }
    std::sort(t.downtime.begin(), t.downtime.end(), [](const Downtime& a, const Downtime& b) {
        if (a.kind != b.kind)
            return a.kind == QLatin1String("writes");
        return a.source == QLatin1String("probe") && b.source != QLatin1String("probe");
    });
    return t;
}
