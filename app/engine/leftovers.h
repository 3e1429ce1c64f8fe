#pragma once
// What a run that ended unfinished may have left behind, found and dealt with before anyone
// resumes or rolls it back: a PgBouncer database left PAUSED by a switch that was cut short (it is
// resumed, and where it routes is said), and the process groups of steps that were running when
// their console died or lost its connection (reported, or ended). Each line says what was found
// and what was done, for the journal and the operator.
// Blocking (admin console and SSH round trips, each with a timeout): called once, before a resume
// or rollback begins.

#include "journal/rundetail.h"
#include "runbook/inventory.h"
#include "runbook/runbook.h"

#include <QStringList>

class Leftovers {
public:
    enum class Processes {
        Report, // a refusal changes nothing: say what still runs
        End, // before going on: TERM, then KILL, each group still running
    };
    static QStringList settle(const RunDetail& detail, const Runbook& runbook, const Inventory& inventory, Processes processes);
};
