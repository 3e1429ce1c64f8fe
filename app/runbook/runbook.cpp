#include "runbook/runbook.h"

#include <algorithm>

QString cutoverModeName(CutoverMode mode)
{
    return mode == CutoverMode::Hold ? QStringLiteral("hold") : QStringLiteral("refuse");
}

std::optional<CutoverMode> cutoverModeFromName(QStringView name)
{
    if (name == u"hold")
        return CutoverMode::Hold;
    if (name == u"refuse")
        return CutoverMode::Refuse;
    return std::nullopt;
}

bool Runbook::requiresNode(const QString& name) const
{
    return std::any_of(requiredNodes.begin(), requiredNodes.end(), [&](const NamedEntry& e) { return e.name == name; });
}

bool Runbook::requiresEndpoint(const QString& name) const
{
    return std::any_of(
        requiredEndpoints.begin(), requiredEndpoints.end(), [&](const NamedEntry& e) { return e.name == name; });
}

const RunbookVar* Runbook::var(const QString& name) const
{
    for (const RunbookVar& v : vars) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

const Step* Runbook::step(const QString& id) const
{
    for (const Phase& phase : phases) {
        for (const Step& s : phase.steps) {
            if (s.id == id)
                return &s;
        }
    }
    return nullptr;
}

QList<const Step*> Runbook::steps() const
{
    QList<const Step*> out;
    for (const Phase& phase : phases) {
        for (const Step& s : phase.steps)
            out.append(&s);
    }
    return out;
}
