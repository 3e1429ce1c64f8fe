#pragma once
// The plan of a runbook on one inventory, as text: every phase and step as it would run, with
// nodes resolved, templates rendered for display (secrets masked), budgets, retries, rollbacks,
// downtime markers and points of no return. Expects a runbook and inventory that validated.

#include "runbook/inventory.h"
#include "runbook/runbook.h"

class PlanWriter {
public:
    static QString write(const Runbook& runbook, const Inventory& inventory);
};
