#pragma once
// Turns journaled runs (and the forecast they are measured against) into a Gantt picture's data:
// one lane per run, steps coloured by phase and outcome, downtime windows as bands, points of no
// return marked. With a live run, its lane is the rehearsal medians with the live run drawn over
// them.

#include "gantt/ganttdata.h"

#include <QDateTime>
#include <QList>

class Forecast;
struct RunDetail;

class GanttBuilder {
public:
    // runs: in the order their lanes appear. forecast: phases, points of no return and the medians
    // lane (when it rests on at least one run or a live run is drawn over it). now: where open
    // steps and windows of a run still going on end.
    static GanttData build(const QList<RunDetail>& runs, const Forecast* forecast = nullptr,
        const QString& liveRunId = {}, const QDateTime& now = QDateTime::currentDateTimeUtc());
};
