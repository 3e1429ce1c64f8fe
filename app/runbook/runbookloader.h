#pragma once
// Builds a Runbook from a YAML document, checking its structure: known keys, types, step kinds,
// ids, durations. What the steps mean (nodes, downtime markers, templates) RunbookValidator checks.

#include "runbook/runbook.h"
#include "runbook/yamldocument.h"

#include <optional>

class RunbookLoader {
public:
    // Appends every problem to `diagnostics`. Returns the runbook read so far even when there were
    // problems (so later checks can still run); nullopt only when the file is not a runbook at all.
    static std::optional<Runbook> fromDocument(const YamlDocument& document, Diagnostics& diagnostics);

    static bool isValidStepId(const QString& id);
    static bool isValidName(const QString& name); // node, endpoint and var names
};
