#include "engine/stepresult.h"

#include "core/tableformat.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace {
constexpr std::array<std::pair<StepOutcome, const char*>, 8> kNames { {
    { StepOutcome::Pending, "pending" },
    { StepOutcome::Running, "running" },
    { StepOutcome::Succeeded, "succeeded" },
    { StepOutcome::Failed, "failed" },
    { StepOutcome::Cancelled, "cancelled" },
    { StepOutcome::TimedOut, "timed-out" },
    { StepOutcome::Interrupted, "interrupted" },
    { StepOutcome::Skipped, "skipped" },
} };
// Marked for translation: the console shows these in the reader's language (stepOutcomeText).
constexpr std::array<std::pair<StepOutcome, const char*>, 8> kWords { {
    { StepOutcome::Pending, QT_TRANSLATE_NOOP("StepOutcome", "has not run") },
    { StepOutcome::Running, QT_TRANSLATE_NOOP("StepOutcome", "is running") },
    { StepOutcome::Succeeded, QT_TRANSLATE_NOOP("StepOutcome", "succeeded") },
    { StepOutcome::Failed, QT_TRANSLATE_NOOP("StepOutcome", "failed") },
    { StepOutcome::Cancelled, QT_TRANSLATE_NOOP("StepOutcome", "was cancelled") },
    { StepOutcome::TimedOut, QT_TRANSLATE_NOOP("StepOutcome", "timed out") },
    { StepOutcome::Interrupted, QT_TRANSLATE_NOOP("StepOutcome", "was interrupted") },
    { StepOutcome::Skipped, QT_TRANSLATE_NOOP("StepOutcome", "was skipped") },
} };
} // namespace

QString stepOutcomeName(StepOutcome outcome)
{
    for (const auto& [o, name] : kNames)
        if (o == outcome)
            return QString::fromLatin1(name);
    return QStringLiteral("pending");
}

QString stepOutcomeWords(StepOutcome outcome)
{
    for (const auto& [o, words] : kWords)
        if (o == outcome)
            return QString::fromLatin1(words);
    return QString::fromLatin1(kWords.front().second);
}

QString stepOutcomeText(StepOutcome outcome)
{
    return QCoreApplication::translate("StepOutcome", stepOutcomeWords(outcome).toLatin1().constData());
}

StepOutcome stepOutcomeFromName(const QString& name)
{
    for (const auto& [o, n] : kNames)
        if (name == QLatin1String(n))
            return o;
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
