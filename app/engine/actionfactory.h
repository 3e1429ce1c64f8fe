#pragma once
// Turns a runbook step into the Action that runs it: resolves its node names through the
// inventory, renders its templates for execution (quoted for SQL or shell) and maps its budgets.

#include "engine/action.h"
#include "engine/sqlaction.h"
#include "engine/target.h"
#include "runbook/capturedvalues.h"
#include "runbook/inventory.h"
#include "runbook/runbook.h"
#include "runbook/runinfo.h"

#include <QJsonObject>
#include <memory>

class ActionFactory {
public:
    // `captures` (may be null): what the run's steps have captured so far, for {{ steps.ID.NAME }}.
    ActionFactory(const Runbook& runbook, const Inventory& inventory, const RunInfo& run, const CapturedValues* captures = nullptr);

    // nullptr with `error` set when the step cannot run here (unknown node, template error).
    // `currentRoutes` maps endpoint names to the node each routes to now (for a switch's inverse).
    std::unique_ptr<Action> create(const Step& step, const QMap<QString, QString>& currentRoutes, QString* error) const;
    // A title or manual instruction with its placeholders filled, secrets masked, for people to read.
    QString renderText(const QString& text) const;
    // A step's `when:` rendered with the real values: true or false, or nullopt (with `error`)
    // when it is neither.
    std::optional<bool> condition(const Step& step, QString* error) const;
    // The query of a `when: {sql:, on:}`, run before the step: its first value comes back as
    // result.captured[conditionValueKey()] (absent when it returned no row).
    std::unique_ptr<Action> conditionQuery(const Step& step, QString* error) const;
    static QString conditionValueKey() { return QStringLiteral("when"); }
    // The query of a `for_each: {sql:, on:}`, run once when the loop step starts: its rows come back
    // as result.rows (more than maxLoopRows() fail it).
    std::unique_ptr<Action> loopQuery(const Step& step, QString* error) const;
    static int maxLoopRows() { return 10000; }
    // Inventory node names the step runs on, for the journal and the checklist.
    QString nodeLabel(const Step& step) const;
    // Passwords the inventory's conninfos carry: they must never be written anywhere.
    static QStringList secretsOf(const Inventory& inventory);
    // What a switch step is about to do, journaled before it starts: the inverse it will record if
    // it succeeds (endpoint, and the node it routes to now). A console killed mid-switch leaves
    // this behind, so a rollback knows where to point the endpoint back. Empty for other kinds.
    QJsonObject switchIntent(const Step& step, const QMap<QString, QString>& currentRoutes) const;

    static NodeTarget nodeTarget(const Inventory& inventory, const InventoryNode& node);
    static EndpointTarget endpointTarget(const Inventory& inventory, const Endpoint& endpoint);

private:
    // A query asked of `node` before the step itself (its `when:`, its `for_each:`).
    std::unique_ptr<Action> askingQuery(
        const Step& step, const QString& sql, const QString& node, const QString& key, SqlActionOptions o, QString* error) const;
    std::optional<QString> render(
        const QString& text, bool sql, QString* error, QMap<QString, QString>* environment = nullptr) const;
    const Runbook& m_runbook;
    const Inventory& m_inventory;
    const RunInfo& m_run;
    const CapturedValues* m_captures;
};
