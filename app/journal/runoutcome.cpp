#include "journal/runoutcome.h"

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
    switch (outcome) {
    case RunOutcome::Running:
        return QStringLiteral("is running");
    case RunOutcome::Completed:
        return QStringLiteral("completed");
    case RunOutcome::Failed:
        return QStringLiteral("failed");
    case RunOutcome::RolledBack:
        return QStringLiteral("was rolled back");
    case RunOutcome::Cancelled:
        return QStringLiteral("was cancelled");
    case RunOutcome::Interrupted:
        return QStringLiteral("was interrupted");
    }
    return QStringLiteral("is running");
}

std::optional<RunOutcome> runOutcomeFromName(const QString& name)
{
    for (const auto& [o, n] : kNames)
        if (name == QLatin1String(n))
            return o;
    return std::nullopt;
}
