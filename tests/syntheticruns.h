#pragma once
// Runs made up for tests that need known step times: built as RunDetail values (exact to the
// millisecond), or written into a real journal file through RunJournal.

#include "forecast/forecastplan.h"
#include "journal/rundetail.h"
#include "journal/runjournal.h"

#include <QList>
#include <QString>

struct SyntheticStep {
    QString phase;
    QString id;
    qint64 durationMs = 0;
    StepOutcome outcome = StepOutcome::Succeeded;
    QString kind = QStringLiteral("sql");
    QString output; // e.g. "confirmed by --yes" for a manual gate
    bool rollback = false;
};

struct SyntheticWindow {
    QString kind; // writes | reads
    QString source; // probe | runbook-marker
    qint64 startMs = 0;
    qint64 durationMs = 0;
};

struct SyntheticRun {
    QString id;
    QDateTime startedAt;
    RunOutcome outcome = RunOutcome::Completed;
    QList<SyntheticStep> steps;
    qint64 gapMs = 0; // between consecutive steps
    QList<SyntheticWindow> windows;
    bool probe = false; // the traffic probe ran
    QString cluster = QStringLiteral("sandbox");
    QString label = QStringLiteral("rehearsal");
    QString runbookName = QStringLiteral("Synthetic");
    QString runbookDigest;
    QStringList events;
};

struct SyntheticPlanStep {
    int phase = 0; // index in the plan's phases
    QString id;
    std::optional<qint64> budgetMs;
    QString downtime; // writes-begin ...
    bool pointOfNoReturn = false;
    QString kind = QStringLiteral("sql");
};

// A runbook's steps as the forecast sees them, without a runbook file.
inline ForecastPlan syntheticPlan(
    const QString& runbook, const QStringList& phases, const QList<SyntheticPlanStep>& steps)
{
    ForecastPlan p;
    p.runbookName = runbook;
    p.phases = phases;
    for (const SyntheticPlanStep& s : steps) {
        ForecastPlanStep step;
        step.phaseIndex = s.phase;
        step.phase = phases.value(s.phase);
        step.id = s.id;
        step.title = s.id;
        step.kind = s.kind;
        step.budgetMs = s.budgetMs;
        step.downtime = s.downtime;
        step.pointOfNoReturn = s.pointOfNoReturn;
        p.steps << step;
    }
    return p;
}

// The run as the journal would give it back: steps one after the other, gapMs apart; the run ends
// gapMs after its last step (a running run has no end).
inline RunDetail syntheticDetail(const SyntheticRun& s)
{
    RunDetail d;
    d.run.id = s.id;
    d.run.runbookName = s.runbookName;
    d.run.runbookDigest = s.runbookDigest;
    d.run.cluster = s.cluster;
    d.run.label = s.label;
    d.run.user = QStringLiteral("ana");
    d.run.startedAt = s.startedAt;
    d.run.outcome = s.outcome;
    qint64 at = s.gapMs;
    int seq = 0;
    QMap<QString, int> attempts;
    for (const SyntheticStep& step : s.steps) {
        StepRecord r;
        r.rowId = ++seq;
        r.runId = s.id;
        r.seq = seq;
        r.phase = step.phase;
        r.stepId = step.id;
        r.title = step.id;
        r.kind = step.kind;
        r.isRollback = step.rollback;
        r.attempt = ++attempts[(step.rollback ? QStringLiteral("r:") : QString()) + step.id];
        r.startedAt = s.startedAt.addMSecs(at);
        r.durationMs = step.durationMs;
        r.endedAt = r.startedAt.addMSecs(step.durationMs);
        r.result.outcome = step.outcome;
        r.result.output = step.output;
        d.steps << r;
        at += step.durationMs + s.gapMs;
    }
    if (s.outcome != RunOutcome::Running)
        d.run.endedAt = s.startedAt.addMSecs(at);
    for (const SyntheticWindow& w : s.windows) {
        DowntimeWindow win;
        win.runId = s.id;
        win.kind = w.kind;
        win.source = w.source;
        win.startedAt = s.startedAt.addMSecs(w.startMs);
        win.endedAt = win.startedAt.addMSecs(w.durationMs);
        win.durationMs = w.durationMs;
        d.windows << win;
    }
    if (s.probe) {
        qint64 writes = 0, reads = 0;
        for (const SyntheticWindow& w : s.windows)
            if (w.source == QLatin1String("probe"))
                (w.kind == QLatin1String("writes") ? writes : reads) += w.durationMs;
        d.run.measuredWritesDownMs = writes;
        d.run.measuredReadsDownMs = reads;
    }
    for (const QString& text : s.events) {
        JournalEvent e;
        e.runId = s.id;
        e.at = s.startedAt;
        e.text = text;
        d.events << e;
    }
    return d;
}

// Writes the run into a real journal (its id is the journal's); step durations are exact, the
// run's end is when it is written. Returns the run id, empty on failure.
inline QString writeSynthetic(RunJournal& journal, const SyntheticRun& s, const QString& runbookPath = {})
{
    RunStart start;
    start.runbookName = s.runbookName;
    start.runbookPath = runbookPath;
    start.runbookDigest = s.runbookDigest;
    start.cluster = s.cluster;
    start.label = s.label;
    start.startedAt = s.startedAt;
    const QString id = journal.beginRun(start);
    if (id.isEmpty())
        return id;
    if (s.probe)
        journal.addEvent(id, QString::fromLatin1(kProbeStartedEventPrefix) + QStringLiteral(" and reading through app"));
    const RunDetail d = syntheticDetail(s);
    for (const StepRecord& r : d.steps) {
        StepRecord rec = r;
        rec.seq = 0;
        const qint64 row = journal.beginStep(id, rec);
        if (row < 0)
            return {};
        if (r.result.outcome != StepOutcome::Running && !journal.endStep(row, r.result, *r.durationMs))
            return {};
    }
    for (const DowntimeWindow& w : d.windows) {
        const qint64 row = journal.openWindow(id, w.kind, w.source, w.startedAt);
        if (row < 0 || !journal.closeWindow(row, w.durationMs, w.endedAt))
            return {};
    }
    for (const QString& text : s.events)
        journal.addEvent(id, text);
    if (s.outcome != RunOutcome::Running && !journal.endRun(id, s.outcome))
        return {};
    return id;
}
