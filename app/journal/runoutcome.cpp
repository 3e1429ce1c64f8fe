#include "journal/runoutcome.h"

#include <QCoreApplication>

#include <array>

namespace {
// The name the journal and exports store, and the words a sentence uses, marked for translation:
// the console shows them in the reader's language (runOutcomeText).
struct Entry {
    RunOutcome outcome;
    const char* name;
    const char* words;
};
constexpr std::array<Entry, 6> kOutcomes { {
    { RunOutcome::Running, "running", QT_TRANSLATE_NOOP("RunOutcome", "is running") },
    { RunOutcome::Completed, "completed", QT_TRANSLATE_NOOP("RunOutcome", "completed") },
    { RunOutcome::Failed, "failed", QT_TRANSLATE_NOOP("RunOutcome", "failed") },
    { RunOutcome::RolledBack, "rolled-back", QT_TRANSLATE_NOOP("RunOutcome", "was rolled back") },
    { RunOutcome::Cancelled, "cancelled", QT_TRANSLATE_NOOP("RunOutcome", "was cancelled") },
    { RunOutcome::Interrupted, "interrupted", QT_TRANSLATE_NOOP("RunOutcome", "was interrupted") },
} };

const Entry& entryOf(RunOutcome outcome)
{
    for (const Entry& e : kOutcomes)
        if (e.outcome == outcome)
            return e;
    return kOutcomes.front();
}
} // namespace

QString runOutcomeName(RunOutcome outcome)
{
    return QString::fromLatin1(entryOf(outcome).name);
}

QString runOutcomeWords(RunOutcome outcome)
{
    return QString::fromLatin1(entryOf(outcome).words);
}

QString runOutcomeText(RunOutcome outcome)
{
    return QCoreApplication::translate("RunOutcome", entryOf(outcome).words);
}

std::optional<RunOutcome> runOutcomeFromName(const QString& name)
{
    for (const Entry& e : kOutcomes)
        if (name == QLatin1String(e.name))
            return e.outcome;
    return std::nullopt;
}
