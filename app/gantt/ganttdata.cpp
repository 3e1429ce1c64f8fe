#include "gantt/ganttdata.h"

#include <algorithm>

qint64 GanttData::spanMs() const
{
    qint64 span = 1000;
    for (const GanttLane& lane : lanes) {
        span = std::max(span, lane.endMs);
        for (const QList<GanttBar>* bars : { &lane.planned, &lane.bars })
            for (const GanttBar& b : *bars)
                span = std::max(span, b.startMs + b.durationMs);
        for (const GanttBand& b : lane.bands)
            span = std::max(span, b.startMs + b.durationMs);
    }
    return span;
}
