#pragma once
// Everything the journal holds about one run: what exports and the runs view read.

#include "journal/downtimewindow.h"
#include "journal/journalevent.h"
#include "journal/runsummary.h"
#include "journal/runtotals.h"
#include "journal/steprecord.h"

#include <QList>

struct RunDetail {
    RunSummary run;
    QList<StepRecord> steps; // in seq order
    QList<DowntimeWindow> windows; // by start
    QList<JournalEvent> events; // by time

    RunTotals totals() const { return RunTotals::of(*this); }
};
