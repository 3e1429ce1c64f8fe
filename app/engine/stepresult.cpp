#include "engine/stepresult.h"

#include "core/tableformat.h"

#include <QCoreApplication>

#include <array>

namespace {
// The name the journal and exports store, and the words a sentence uses, marked for translation:
// the console shows them in the reader's language (stepOutcomeText).
struct Entry {
    StepOutcome outcome;
    const char* name;
    const char* words;
};
constexpr std::array<Entry, 8> kOutcomes { {
    { StepOutcome::Pending, "pending", QT_TRANSLATE_NOOP("StepOutcome", "has not run") },
    { StepOutcome::Running, "running", QT_TRANSLATE_NOOP("StepOutcome", "is running") },
    { StepOutcome::Succeeded, "succeeded", QT_TRANSLATE_NOOP("StepOutcome", "succeeded") },
    { StepOutcome::Failed, "failed", QT_TRANSLATE_NOOP("StepOutcome", "failed") },
    { StepOutcome::Cancelled, "cancelled", QT_TRANSLATE_NOOP("StepOutcome", "was cancelled") },
    { StepOutcome::TimedOut, "timed-out", QT_TRANSLATE_NOOP("StepOutcome", "timed out") },
    { StepOutcome::Interrupted, "interrupted", QT_TRANSLATE_NOOP("StepOutcome", "was interrupted") },
    { StepOutcome::Skipped, "skipped", QT_TRANSLATE_NOOP("StepOutcome", "was skipped") },
} };

const Entry& entryOf(StepOutcome outcome)
{
    for (const Entry& e : kOutcomes)
        if (e.outcome == outcome)
            return e;
    return kOutcomes.front();
}
} // namespace

QString stepOutcomeName(StepOutcome outcome)
{
    return QString::fromLatin1(entryOf(outcome).name);
}

QString stepOutcomeWords(StepOutcome outcome)
{
    return QString::fromLatin1(entryOf(outcome).words);
}

QString stepOutcomeText(StepOutcome outcome)
{
    return QCoreApplication::translate("StepOutcome", entryOf(outcome).words);
}

StepOutcome stepOutcomeFromName(const QString& name)
{
    for (const Entry& e : kOutcomes)
        if (name == QLatin1String(e.name))
            return e.outcome;
    return StepOutcome::Pending;
}

QString StepResult::summaryLine() const
{
    if (!ok() && !error.trimmed().isEmpty())
        return error.trimmed().section(QLatin1Char('\n'), 0, 0);
    const QStringList lines = output.split(QLatin1Char('\n'));
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QString line = it->trimmed();
        if (!line.isEmpty() && !TableFormat::isRowCountLine(line))
            return line;
    }
    return {};
}
