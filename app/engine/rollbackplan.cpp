#include "engine/rollbackplan.h"

namespace {
std::shared_ptr<const Step> switchFromInverse(const QJsonObject& inverse, const Step& forward)
{
    if (inverse.value(QStringLiteral("kind")).toString() != QLatin1String("switch"))
        return nullptr;
    const QString to = inverse.value(QStringLiteral("to")).toString();
    if (to.isEmpty())
        return nullptr;
    auto s = std::make_shared<Step>();
    s->kind = StepKind::Switch;
    s->switchTo.endpoint = inverse.value(QStringLiteral("endpoint")).toString();
    s->switchTo.to = to;
    const QJsonObject addresses = inverse.value(QStringLiteral("addresses")).toObject();
    for (auto it = addresses.begin(); it != addresses.end(); ++it)
        s->switchTo.restoreAddresses.insert(it.key(), it.value().toString());
    s->title = QStringLiteral("Point %1 back at %2").arg(s->switchTo.endpoint, to);
    s->timeout = forward.timeout;
    return s;
}
} // namespace

RollbackPlan RollbackPlan::compute(const Runbook& runbook, const QList<CompletedStep>& history)
{
    RollbackPlan plan;
    const Step* pastPoint = nullptr;
    // The runbook's lossless way back ends once its `until` step has run (e.g. the reverse
    // replication it relies on was dropped).
    const QString& until = runbook.losslessRollback.until;
    for (const CompletedStep& done : history) {
        if (!until.isEmpty() && done.succeeded && done.stepId == until) {
            plan.refused = true;
            plan.refusal = QStringLiteral("step '%1' has run: the runbook's lossless way back ends there, and rolling back now "
                                          "would lose the writes made since")
                               .arg(until);
            plan.dataLoss = QStringLiteral("Writes acknowledged since the point of no return would be lost.");
            return plan;
        }
    }
    for (auto it = history.crbegin(); it != history.crend(); ++it) {
        const Step* forward = runbook.step(it->stepId);
        if (!forward)
            continue;
        if (it->succeeded && forward->pointOfNoReturn && !pastPoint)
            pastPoint = forward;
        RollbackEntry entry;
        entry.forStepId = forward->id;
        entry.forPartialStep = !it->succeeded;
        entry.iteration = it->iteration;
        QString what = forward->title.isEmpty() ? forward->id : forward->title;
        if (it->iteration)
            what += QStringLiteral(" (%1)").arg(it->iteration->label());
        if (forward->rollback) {
            entry.step = forward->rollback;
            entry.source = QStringLiteral("rollback");
        } else if (auto inverse = switchFromInverse(it->inverse, *forward)) {
            entry.step = inverse;
            entry.source = QStringLiteral("inverse");
        } else if (forward->kind == StepKind::Switch && !it->succeeded) {
            continue; // a failed switch restored the old route itself
        } else {
            if (it->succeeded && forward->kind != StepKind::Manual && forward->kind != StepKind::Wait && !plan.withoutRollback.contains(forward->id))
                plan.withoutRollback << forward->id;
            continue;
        }
        entry.title = QStringLiteral("Undo: %1").arg(what);
        plan.entries << entry;
    }
    if (pastPoint) {
        if (!runbook.losslessRollback.declared) {
            plan.refused = true;
            plan.refusal = QStringLiteral("step '%1' is a point of no return and this runbook declares no lossless way back: "
                                          "rolling back now would lose the writes made since")
                               .arg(pastPoint->id);
            plan.dataLoss = QStringLiteral("Writes acknowledged after '%1' would be lost.").arg(pastPoint->id);
        } else {
            plan.dataLoss = runbook.losslessRollback.description.isEmpty()
                ? QStringLiteral("The runbook declares a lossless way back past '%1'.").arg(pastPoint->id)
                : runbook.losslessRollback.description;
        }
    } else {
        plan.dataLoss = QStringLiteral("No point of no return was passed: no acknowledged write is lost.");
    }
    return plan;
}

QStringList RollbackPlan::describe() const
{
    QStringList lines;
    if (refused) {
        lines << QStringLiteral("Rollback refused: %1").arg(refusal);
        return lines;
    }
    if (entries.isEmpty())
        lines << QStringLiteral("Nothing to undo.");
    int n = 0;
    for (const RollbackEntry& e : entries) {
        ++n;
        const QString what = e.step->title.isEmpty() ? e.title : QStringLiteral("%1: %2").arg(e.title, e.step->title);
        QString line = QStringLiteral("%1. %2 (%3 %4)").arg(n).arg(what, stepKindName(e.step->kind),
            e.source == QLatin1String("inverse") ? QStringLiteral("recorded inverse") : QStringLiteral("runbook rollback"));
        if (n <= alreadyDone)
            line += QStringLiteral(" [done]");
        if (e.forPartialStep)
            line += QStringLiteral(" [step did not complete]");
        lines << line;
    }
    if (!withoutRollback.isEmpty())
        lines << QStringLiteral("Left as they are (no rollback defined): %1").arg(withoutRollback.join(QStringLiteral(", ")));
    lines << QStringLiteral("Data: %1").arg(dataLoss);
    return lines;
}
