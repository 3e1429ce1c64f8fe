#pragma once
// What a Gantt picture shows, ready to paint: one lane per run on a shared time axis (offsets
// from each run's start), bars for steps, bands for downtime windows, points of no return.
// Built by GanttBuilder, drawn by GanttPainter.

#include <QList>
#include <QString>
#include <QStringList>

enum class GanttOutcome { Succeeded, Failed, Interrupted, Cancelled, Running, Planned };

struct GanttBar {
    QString stepId;
    QString tooltip;
    qint64 startMs = 0;
    qint64 durationMs = 0;
    int phaseIndex = 0;
    GanttOutcome outcome = GanttOutcome::Succeeded;
    bool rollback = false;
    bool pointOfNoReturn = false; // marked where the bar ends
};

struct GanttBand {
    QString kind; // writes | reads
    QString source; // probe (measured) | runbook-marker (planned)
    qint64 startMs = 0;
    qint64 durationMs = 0;
    bool open = false; // still open: drawn to the end of the run
};

struct GanttLane {
    QString title; // a run id, or "Rehearsal medians"
    QString subtitle;
    QList<GanttBar> planned; // the rehearsal medians, drawn under the bars
    QList<GanttBar> bars;
    QList<GanttBand> bands;
    qint64 endMs = 0; // where the run (or the forecast total) ends, when known
};

struct GanttData {
    QString title;
    QStringList phases; // phase index -> name, for colours and the legend
    QList<GanttLane> lanes;

    // The shared time axis: the latest end of a lane, bar or band, at least one second.
    qint64 spanMs() const;
    bool isEmpty() const { return lanes.isEmpty(); }
};
