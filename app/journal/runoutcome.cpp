#include "journal/runoutcome.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace {
constexpr std::array<std::pair<RunOutcome, const char*>, 6> kNames { {
    { RunOutcome::Running, "running" },
    { RunOutcome::Completed, "completed" },
    { RunOutcome::Failed, "failed" },
    { RunOutcome::RolledBack, "rolled-back" },
    { RunOutcome::Cancelled, "cancelled" },
    { RunOutcome::Interrupted, "interrupted" },
} };
// Marked for translation: the console shows these in the reader's language (runOutcomeText).
constexpr std::array<std::pair<RunOutcome, const char*>, 6> kWords { {
    { RunOutcome::Running, QT_TRANSLATE_NOOP("RunOutcome", "is running") },
    { RunOutcome::Completed, QT_TRANSLATE_NOOP("RunOutcome", "completed") },
    { RunOutcome::Failed, QT_TRANSLATE_NOOP("RunOutcome", "failed") },
    { RunOutcome::RolledBack, QT_TRANSLATE_NOOP("RunOutcome", "was rolled back") },
    { RunOutcome::Cancelled, QT_TRANSLATE_NOOP("RunOutcome", "was cancelled") },
    { RunOutcome::Interrupted, QT_TRANSLATE_NOOP("RunOutcome", "was interrupted") },
} };
} // namespace

QString runOutcomeName(RunOutcome outcome)
{
    for (const auto& [o, name] : kNames)
        if (o == outcome)
            return QString::fromLatin1(name);
    return QStringLiteral("running");
}

QString runOutcomeWords(RunOutcome outcome)
{
    for (const auto& [o, words] : kWords)
        if (o == outcome)
            return QString::fromLatin1(words);
    return QString::fromLatin1(kWords.front().second);
}

QString runOutcomeText(RunOutcome outcome)
{
    return QCoreApplication::translate("RunOutcome", runOutcomeWords(outcome).toLatin1().constData());
}

std::optional<RunOutcome> runOutcomeFromName(const QString& name)
{
    for (const auto& [o, n] : kNames)
        if (name == QLatin1String(n))
            return o;
    return std::nullopt;
}
