#pragma once
// How a journaled run ended (or that it has not yet).

#include <QString>
#include <optional>

enum class RunOutcome {
    Running,
    Completed,
    Failed,
    RolledBack,
    Cancelled,
    Interrupted, // the owning process died while the run was going on
};

// running | completed | failed | rolled-back | cancelled | interrupted
QString runOutcomeName(RunOutcome outcome);
// What a sentence says of a run that ended so ("run x was rolled back"): in English for the
// journal, in the reader's language (translated) for the console.
QString runOutcomeWords(RunOutcome outcome);
QString runOutcomeText(RunOutcome outcome);
std::optional<RunOutcome> runOutcomeFromName(const QString& name);
