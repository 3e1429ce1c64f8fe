#pragma once
// Checks what a loaded runbook means: that steps run on nodes it requires, that downtime markers
// pair up, that every template resolves and is quoted for where it goes; given an inventory, also
// that the inventory has every node, endpoint, field and var the runbook uses.

#include "runbook/diagnostic.h"
#include "runbook/inventory.h"
#include "runbook/runbook.h"

class RunbookValidator {
public:
    // Problems in runbook.fileName (and, for a missing requirement, in inventory->fileName).
    static Diagnostics validate(const Runbook& runbook, const Inventory* inventory = nullptr);
    // Only the problems this inventory adds to those of the runbook alone (for a runbook whose own
    // problems were already reported by DocumentLoader).
    static Diagnostics inventoryProblems(const Runbook& runbook, const Inventory& inventory);
    // Why the runbook cannot run its write window in `mode` (on this inventory, when given): in hold
    // mode each window must end with a switch of a PgBouncer endpoint (a hosts file cannot hold
    // clients) and hold no manual gate (clients would wait on the operator).
    static Diagnostics cutoverProblems(const Runbook& runbook, const Inventory* inventory, CutoverMode mode);
};
