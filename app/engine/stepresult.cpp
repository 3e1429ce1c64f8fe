#include "engine/stepresult.h"

#include "core/tableformat.h"

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
    switch (outcome) {
    case StepOutcome::Pending:
        return QStringLiteral("has not run");
    case StepOutcome::Running:
        return QStringLiteral("is running");
    case StepOutcome::Succeeded:
        return QStringLiteral("succeeded");
    case StepOutcome::Failed:
        return QStringLiteral("failed");
    case StepOutcome::Cancelled:
        return QStringLiteral("was cancelled");
    case StepOutcome::TimedOut:
        return QStringLiteral("timed out");
    case StepOutcome::Interrupted:
        return QStringLiteral("was interrupted");
    case StepOutcome::Skipped:
        return QStringLiteral("was skipped");
    }
    return QStringLiteral("has not run");
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
