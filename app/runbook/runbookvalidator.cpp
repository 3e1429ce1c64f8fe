#include "runbook/runbookvalidator.h"

#include "runbook/quotingcheck.h"
#include "runbook/spellingsuggestion.h"
#include "runbook/templatedfield.h"
#include "runbook/templaterenderer.h"

#include <QCoreApplication>
#include <QSet>

namespace {

QStringList namesOf(const QList<NamedEntry>& entries)
{
    QStringList names;
    for (const NamedEntry& e : entries)
        names.append(e.name);
    return names;
}

class Checker {
public:
    Checker(const Runbook& runbook, const Inventory* inventory)
        : m_runbook(runbook)
        , m_inventory(inventory)
        , m_renderer(runbook, inventory)
    {
    }

    Diagnostics run()
    {
        if (m_inventory)
            checkRequirements();
        QSet<QString> earlier; // steps before the one checked: those whose captures it may use
        for (const Phase& phase : m_runbook.phases) {
            for (const Step& step : phase.steps) {
                checkStep(step);
                checkCaptureOrder(step, step.id, earlier);
                checkLoopPaths(step, step.isLoop(), false);
                if (step.rollback) {
                    checkStep(*step.rollback);
                    checkCaptureOrder(*step.rollback, step.id, earlier);
                    checkLoopPaths(*step.rollback, step.isLoop(), true);
                }
                checkDowntime(step);
                earlier.insert(step.id);
            }
        }
        m_diagnostics.append(RunbookValidator::cutoverProblems(m_runbook, m_inventory, m_runbook.cutover.mode));
        const QString& until = m_runbook.losslessRollback.until;
        if (!until.isEmpty() && !m_runbook.step(until))
            error(m_runbook.losslessRollback.untilLocation, QCoreApplication::translate("Validation", "lossless_rollback.until names no step: '%1'").arg(until));
        for (const Window& window : m_windows) {
            if (window.open)
                error(window.opened, QCoreApplication::translate("Validation", "'%1-begin' is never ended by a '%1-end'").arg(window.what));
        }
        return m_diagnostics;
    }

private:
    struct Window {
        QString what;
        bool open = false;
        SourceLocation opened;
    };

    void error(const SourceLocation& location, const QString& message)
    {
        m_diagnostics.append(Diagnostic { m_runbook.fileName, location, message });
    }

    void checkRequirements()
    {
        for (const NamedEntry& required : m_runbook.requiredNodes) {
            if (!m_inventory->resolveNode(required.name)) {
                QStringList known;
                for (const InventoryNode& node : m_inventory->nodes)
                    known.append(node.name);
                for (const InventoryAlias& alias : m_inventory->aliases)
                    known.append(alias.name);
                error(required.location,
                    QCoreApplication::translate("Validation", "required node '%1' is not in inventory %2: no node or alias of that name%3")
                        .arg(required.name, m_inventory->fileName,
                            SpellingSuggestion::didYouMean(required.name, known)));
            }
        }
        for (const NamedEntry& required : m_runbook.requiredEndpoints) {
            if (!m_inventory->endpoint(required.name)) {
                QStringList known;
                for (const Endpoint& endpoint : m_inventory->endpoints)
                    known.append(endpoint.name);
                error(required.location,
                    QCoreApplication::translate("Validation", "required endpoint '%1' is not in inventory %2%3")
                        .arg(required.name, m_inventory->fileName,
                            SpellingSuggestion::didYouMean(required.name, known)));
            }
        }
    }

    QString stepName(const Step& step) const
    {
        return step.isRollback() ? QStringLiteral("rollback") : QCoreApplication::translate("Validation", "step '%1'").arg(step.id);
    }

    void checkStep(const Step& step)
    {
        for (qsizetype i = 0; i < step.on.size(); ++i) {
            const QString& node = step.on[i];
            if (!m_runbook.requiresNode(node))
                error(step.locationOf(QStringLiteral("on[%1]").arg(i)),
                    QCoreApplication::translate("Validation", "'on' names node '%1' that the runbook does not require%2 (requires.nodes: %3)")
                        .arg(node, SpellingSuggestion::didYouMean(node, namesOf(m_runbook.requiredNodes)),
                            requiredList(m_runbook.requiredNodes)));
        }
        if (!step.whenOn.isEmpty() && !m_runbook.requiresNode(step.whenOn))
            error(step.locationOf(QStringLiteral("when.on")),
                QCoreApplication::translate("Validation", "'when' asks node '%1' that the runbook does not require%2 (requires.nodes: %3)")
                    .arg(step.whenOn, SpellingSuggestion::didYouMean(step.whenOn, namesOf(m_runbook.requiredNodes)),
                        requiredList(m_runbook.requiredNodes)));
        if (!step.forEachOn.isEmpty() && !m_runbook.requiresNode(step.forEachOn))
            error(step.locationOf(QStringLiteral("for_each.on")),
                QCoreApplication::translate("Validation", "'for_each' asks node '%1' that the runbook does not require%2 (requires.nodes: %3)")
                    .arg(step.forEachOn, SpellingSuggestion::didYouMean(step.forEachOn, namesOf(m_runbook.requiredNodes)),
                        requiredList(m_runbook.requiredNodes)));
        if (step.kind == StepKind::Switch) {
            const QString& endpoint = step.switchTo.endpoint;
            const QString& to = step.switchTo.to;
            if (!endpoint.isEmpty() && !m_runbook.requiresEndpoint(endpoint))
                error(step.locationOf(QStringLiteral("switch.endpoint")),
                    QCoreApplication::translate("Validation", "switch names endpoint '%1' that the runbook does not require%2 "
                                   "(requires.endpoints: %3)")
                        .arg(endpoint, SpellingSuggestion::didYouMean(endpoint, namesOf(m_runbook.requiredEndpoints)),
                            requiredList(m_runbook.requiredEndpoints)));
            if (!to.isEmpty() && !m_runbook.requiresNode(to))
                error(step.locationOf(QStringLiteral("switch.to")),
                    QCoreApplication::translate("Validation", "switch 'to' names node '%1' that the runbook does not require%2 "
                                   "(requires.nodes: %3)")
                        .arg(to, SpellingSuggestion::didYouMean(to, namesOf(m_runbook.requiredNodes)),
                            requiredList(m_runbook.requiredNodes)));
            if (m_inventory && m_runbook.requiresNode(to) && m_runbook.requiresEndpoint(endpoint)) {
                const Endpoint* target = m_inventory->endpoint(endpoint);
                const InventoryNode* node = m_inventory->resolveNode(to);
                if (target && node && target->kind == Endpoint::Kind::Hosts && !target->address(node->name)
                    && !target->address(to))
                    error(step.locationOf(QStringLiteral("switch.to")),
                        QCoreApplication::translate("Validation", "endpoint '%1' in inventory %2 has no address for node '%3'")
                            .arg(endpoint, m_inventory->fileName, node->name));
            }
        }
        for (const TemplatedField& field : templatedFields(step)) {
            const SourceLocation at = step.locationOf(field.key);
            for (const TemplateError& problem : m_renderer.check(field.text, field.target) + QuotingCheck::check(field.text, field.target))
                error(at.advancedBy(field.text, problem.offset), problem.message);
        }
    }

    // {{ steps.ID.NAME }} names a step that has run before: not this step (nor its own rollback, which
    // also runs when it failed and so captured nothing), not a later one.
    void checkCaptureOrder(const Step& step, const QString& ownerId, const QSet<QString>& earlier)
    {
        for (const TemplatedField& field : templatedFields(step)) {
            const SourceLocation at = step.locationOf(field.key);
            const TemplateText parsed = TemplateText::parse(field.text);
            for (const TemplateText::Segment& segment : parsed.segments()) {
                const QStringList& path = segment.placeholder.path;
                if (!segment.isPlaceholder || path.size() != 3 || path[0] != QLatin1String("steps") || earlier.contains(path[1])
                    || !m_runbook.step(path[1]))
                    continue;
                error(at.advancedBy(field.text, segment.placeholder.offset),
                    path[1] == ownerId
                        ? QCoreApplication::translate("Validation", "'%1': neither a step nor its rollback can use what the step captures (a rollback also runs after a failure, and a failed step captures nothing)")
                              .arg(segment.placeholder.pathText)
                        : QCoreApplication::translate("Validation", "'%1': step '%2' runs after step '%3'; only values captured by earlier steps can be used")
                              .arg(segment.placeholder.pathText, path[1], ownerId));
            }
        }
    }

    // {{ item.COLUMN }} and {{ loop.* }} exist only in what a loop step runs for each row (and in its
    // rollback, run once per iteration): not in its title, its `when:` or its `for_each:` query, which
    // are read before there is a row.
    void checkLoopPaths(const Step& step, bool inLoop, bool isRollback)
    {
        static const QStringList beforeTheRows = { QStringLiteral("title"), QStringLiteral("when"), QStringLiteral("when.sql"),
            QStringLiteral("for_each.sql") };
        for (const TemplatedField& field : templatedFields(step)) {
            const bool allowed = inLoop && (isRollback || !beforeTheRows.contains(field.key));
            if (allowed)
                continue;
            const SourceLocation at = step.locationOf(field.key);
            const TemplateText parsed = TemplateText::parse(field.text);
            for (const TemplateText::Segment& segment : parsed.segments()) {
                if (!segment.isPlaceholder || segment.placeholder.path.isEmpty())
                    continue;
                const QString& root = segment.placeholder.path.first();
                if (root != QLatin1String("item") && root != QLatin1String("loop"))
                    continue;
                error(at.advancedBy(field.text, segment.placeholder.offset),
                    inLoop ? QCoreApplication::translate("Validation", "'%1' in '%2': a loop's row is known only in what runs for each row (not in the title, 'when' or the 'for_each' query)")
                                 .arg(segment.placeholder.pathText, field.key)
                           : QCoreApplication::translate("Validation", "'%1' outside a loop: only a step with 'for_each' (and its rollback) has a row").arg(segment.placeholder.pathText));
            }
        }
    }

    static QString requiredList(const QList<NamedEntry>& entries)
    {
        const QStringList names = namesOf(entries);
        return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
    }

    void checkDowntime(const Step& step)
    {
        if (step.downtime == DowntimeMarker::None)
            return;
        const bool writes = step.downtime == DowntimeMarker::WritesBegin || step.downtime == DowntimeMarker::WritesEnd;
        const bool begin = step.downtime == DowntimeMarker::WritesBegin || step.downtime == DowntimeMarker::ReadsBegin;
        Window& window = m_windows[writes ? 0 : 1];
        const SourceLocation at = step.locationOf(QStringLiteral("downtime"));
        if (begin) {
            if (window.open)
                error(at,
                    QCoreApplication::translate("Validation", "'%1-begin' again before '%1-end' (the window opened at line %2, column %3)")
                        .arg(window.what)
                        .arg(window.opened.line)
                        .arg(window.opened.column));
            else
                window = Window { window.what, true, at };
        } else {
            if (!window.open)
                error(at, QCoreApplication::translate("Validation", "'%1-end' without an earlier '%1-begin'").arg(window.what));
            window.open = false;
        }
    }

    const Runbook& m_runbook;
    const Inventory* m_inventory;
    TemplateRenderer m_renderer;
    Diagnostics m_diagnostics;
    Window m_windows[2] = { { QStringLiteral("writes"), false, {} }, { QStringLiteral("reads"), false, {} } };
};

} // namespace

Diagnostics RunbookValidator::validate(const Runbook& runbook, const Inventory* inventory)
{
    return Checker(runbook, inventory).run();
}

Diagnostics RunbookValidator::cutoverProblems(const Runbook& runbook, const Inventory* inventory, CutoverMode mode)
{
    Diagnostics out;
    if (mode != CutoverMode::Hold)
        return out;
    const auto problem = [&](const SourceLocation& at, const QString& message) {
        const SourceLocation cutover = runbook.cutover.location.isValid() ? runbook.cutover.location : runbook.location;
        out.append(Diagnostic { runbook.fileName, at.isValid() ? at : cutover, message });
    };
    bool inWindow = false;
    for (const Step* step : runbook.steps()) {
        if (step->downtime == DowntimeMarker::WritesBegin)
            inWindow = true;
        if (inWindow && step->kind == StepKind::Manual)
            problem(step->locationOf(QStringLiteral("manual")),
                QStringLiteral("cutover: hold: step '%1' is a manual gate inside the write window: clients would be held while "
                               "the operator reads it (move it before the window, or use cutover: refuse)")
                    .arg(step->id));
        if (step->downtime != DowntimeMarker::WritesEnd)
            continue;
        inWindow = false;
        if (step->kind != StepKind::Switch) {
            problem(step->locationOf(QStringLiteral("downtime")),
                QStringLiteral("cutover: hold: the write window must end with a switch (its RESUME sends the held clients on), "
                               "but step '%1' is not one")
                    .arg(step->id));
            continue;
        }
        const Endpoint* endpoint = inventory ? inventory->endpoint(step->switchTo.endpoint) : nullptr;
        if (endpoint && endpoint->kind == Endpoint::Kind::Hosts)
            problem(runbook.cutover.location,
                QStringLiteral("cutover: hold needs a PgBouncer endpoint, but endpoint '%1' in inventory %2 is a hosts file: "
                               "a hosts file cannot hold clients (use cutover: refuse)")
                    .arg(endpoint->name, inventory->fileName));
    }
    return out;
}

Diagnostics RunbookValidator::inventoryProblems(const Runbook& runbook, const Inventory& inventory)
{
    QStringList alone;
    for (const Diagnostic& d : validate(runbook))
        alone.append(d.toString());
    Diagnostics added;
    for (const Diagnostic& d : validate(runbook, &inventory)) {
        if (!alone.contains(d.toString()))
            added.append(d);
    }
    return added;
}
