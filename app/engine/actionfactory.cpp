#include "engine/actionfactory.h"

#include "core/conninfo.h"
#include "core/secretmask.h"
#include "engine/batchaction.h"
#include "engine/shellaction.h"
#include "engine/sqlaction.h"
#include "engine/switchaction.h"
#include "engine/waitaction.h"
#include "runbook/templaterenderer.h"
#include "runbook/yamlfieldreader.h"

#include <QUrl>

namespace {
// Runs one action per node, in order (a sql step `on:` several nodes).
class SequenceAction : public Action {
public:
    explicit SequenceAction(std::vector<std::unique_ptr<Action>> actions, QStringList labels)
        : m_actions(std::move(actions))
        , m_labels(std::move(labels))
    {
    }
    StepResult run(const ActionContext& context) override
    {
        StepResult last;
        for (size_t i = 0; i < m_actions.size(); ++i) {
            if (m_cancelled)
                break;
            m_current = int(i);
            context.output(QStringLiteral("-- on %1").arg(m_labels.value(int(i))));
            last = m_actions[i]->run(context);
            if (!last.ok())
                return last;
        }
        if (m_cancelled && last.ok()) {
            last.outcome = StepOutcome::Cancelled;
            last.error = QStringLiteral("cancelled");
        }
        return last;
    }
    void cancel() override
    {
        m_cancelled = true;
        for (auto& a : m_actions)
            a->cancel();
    }

private:
    std::vector<std::unique_ptr<Action>> m_actions;
    QStringList m_labels;
    std::atomic<bool> m_cancelled { false };
    std::atomic<int> m_current { 0 };
};

// `session:` settings as SQL run on each new connection of the step, before its statements.
QStringList sessionStatements(const Step& step)
{
    QStringList settings;
    for (const auto& [name, value] : step.session)
        settings << QStringLiteral("set_config(%1, %2, false)")
                        .arg(TemplateRenderer::quoteLiteral(name).value_or(QString()),
                            TemplateRenderer::quoteLiteral(value).value_or(QStringLiteral("''")));
    if (settings.isEmpty())
        return {};
    return { QStringLiteral("SELECT ") + settings.join(QStringLiteral(", ")) };
}

int ms(const std::optional<Duration>& d)
{
    return d ? int(d->milliseconds()) : 0;
}
} // namespace

ActionFactory::ActionFactory(const Runbook& runbook, const Inventory& inventory, const RunInfo& run, const CapturedValues* captures)
    : m_runbook(runbook)
    , m_inventory(inventory)
    , m_run(run)
    , m_captures(captures)
{
}

NodeTarget ActionFactory::nodeTarget(const Inventory& inventory, const InventoryNode& node)
{
    NodeTarget t;
    t.name = node.name;
    t.conninfo = node.conninfo;
    t.host = node.host;
    t.runAs = node.runAs;
    t.sshConfig = inventory.sshConfig;
    t.datadir = node.datadir;
    t.bindir = node.bindir;
    t.port = node.port.value_or(0);
    return t;
}

EndpointTarget ActionFactory::endpointTarget(const Inventory& inventory, const Endpoint& endpoint)
{
    EndpointTarget t;
    t.name = endpoint.name;
    t.kind = Endpoint::kindName(endpoint.kind);
    t.conninfo = endpoint.conninfo;
    t.adminConninfo = endpoint.adminConninfo;
    t.configPath = endpoint.config;
    t.database = endpoint.database;
    t.host = endpoint.host.isEmpty() ? QStringLiteral("local") : endpoint.host;
    for (const PgbouncerInstance& i : endpoint.instances)
        t.instances.append({ i.adminConninfo, i.config, i.host.isEmpty() ? QStringLiteral("local") : i.host });
    if (t.instances.isEmpty() && endpoint.kind == Endpoint::Kind::PgBouncer)
        t.instances.append({ t.adminConninfo, t.configPath, t.host });
    t.sshConfig = inventory.sshConfig;
    t.hostsFile = endpoint.hostsFile.isEmpty() ? QStringLiteral("/etc/hosts") : endpoint.hostsFile;
    t.hostname = endpoint.hostname;
    t.hostnames = endpoint.hostnames.isEmpty() && !endpoint.hostname.isEmpty() ? QStringList { endpoint.hostname } : endpoint.hostnames;
    t.hosts = endpoint.hosts;
    for (const auto& [node, address] : endpoint.addresses) {
        const InventoryNode* n = inventory.resolveNode(node);
        t.addresses.insert(n ? n->name : node, address);
    }
    return t;
}

QStringList ActionFactory::secretsOf(const Inventory& inventory)
{
    QStringList secrets;
    auto collect = [&secrets](const QString& conninfo) {
        if (conninfo.isEmpty())
            return;
        secrets << passwordsInConninfo(conninfo);
        if (const auto params = Conninfo::parse(conninfo); params && !params->value(QStringLiteral("password")).isEmpty())
            secrets << params->value(QStringLiteral("password"));
    };
    for (const InventoryNode& n : inventory.nodes)
        collect(n.conninfo);
    for (const Endpoint& e : inventory.endpoints) {
        collect(e.conninfo);
        collect(e.adminConninfo);
        for (const PgbouncerInstance& i : e.instances)
            collect(i.adminConninfo);
    }
    for (const InventoryVar& v : inventory.vars)
        if (TemplateRenderer::isSecretVar(v.name) && !v.value.isEmpty())
            secrets << v.value;
    secrets.removeDuplicates();
    return secrets;
}

std::optional<QString> ActionFactory::render(
    const QString& text, bool sql, QString* error, QMap<QString, QString>* environment) const
{
    const TemplateRenderer renderer(m_runbook, &m_inventory, &m_run, m_captures);
    const RenderResult r = renderer.render(text, sql ? TemplateTarget::Sql : TemplateTarget::Shell, TemplateRenderer::Mode::Execution);
    if (!r.ok()) {
        QStringList messages;
        for (const TemplateError& e : r.errors)
            messages << e.message;
        *error = messages.join(QStringLiteral("; "));
        return std::nullopt;
    }
    if (environment)
        environment->insert(r.environment);
    return r.text;
}

std::optional<bool> ActionFactory::condition(const Step& step, QString* error) const
{
    const TemplateRenderer renderer(m_runbook, &m_inventory, &m_run, m_captures);
    const RenderResult r = renderer.render(step.when, TemplateTarget::Text, TemplateRenderer::Mode::Execution);
    if (!r.ok()) {
        QStringList messages;
        for (const TemplateError& e : r.errors)
            messages << e.message;
        *error = QStringLiteral("when: %1").arg(messages.join(QStringLiteral("; ")));
        return std::nullopt;
    }
    const QString value = r.text.trimmed().toLower();
    if (value.isEmpty() || value == QLatin1String("0"))
        return false;
    if (value == QLatin1String("1"))
        return true;
    bool flag = false;
    if (YamlFieldReader::isBooleanText(value, &flag))
        return flag;
    *error = QStringLiteral("when: '%1' is neither true nor false (true/false, yes/no, on/off, 1/0)").arg(renderText(step.when));
    return std::nullopt;
}

std::unique_ptr<Action> ActionFactory::conditionQuery(const Step& step, QString* error) const
{
    SqlActionOptions o;
    o.firstValueAs = conditionValueKey();
    o.maxRowsShown = 5;
    return askingQuery(step, step.whenSql, step.whenOn, QStringLiteral("when"), o, error);
}

std::unique_ptr<Action> ActionFactory::loopQuery(const Step& step, QString* error) const
{
    SqlActionOptions o;
    o.keepRows = maxLoopRows();
    o.maxRowsShown = 0; // each row is shown as its iteration starts, once its columns have been checked
    return askingQuery(step, step.forEachSql, step.forEachOn, QStringLiteral("for_each"), o, error);
}

std::unique_ptr<Action> ActionFactory::askingQuery(
    const Step& step, const QString& sql, const QString& node, const QString& key, SqlActionOptions o, QString* error) const
{
    const InventoryNode* n = m_inventory.resolveNode(node);
    if (!n) {
        *error = QStringLiteral("%1: node '%2' is not in the inventory").arg(key, node);
        return nullptr;
    }
    QString why;
    const auto rendered = render(sql, true, &why);
    if (!rendered) {
        *error = QStringLiteral("%1: %2").arg(key, why);
        return nullptr;
    }
    o.statements << *rendered;
    o.sessionSql = sessionStatements(step);
    return std::make_unique<SqlAction>(nodeTarget(m_inventory, *n), o);
}

QJsonObject ActionFactory::switchIntent(const Step& step, const QMap<QString, QString>& currentRoutes) const
{
    if (step.kind != StepKind::Switch)
        return {};
    const Endpoint* e = m_inventory.endpoint(step.switchTo.endpoint);
    if (!e)
        return {};
    QString from = currentRoutes.value(e->name, e->routesTo);
    if (const InventoryNode* f = m_inventory.resolveNode(from))
        from = f->name;
    if (from.isEmpty())
        return {};
    return SwitchAction::inverseOf(e->name, from);
}

QString ActionFactory::renderText(const QString& text) const
{
    const TemplateRenderer renderer(m_runbook, &m_inventory, &m_run, m_captures);
    const RenderResult r = renderer.render(text, TemplateTarget::Text, TemplateRenderer::Mode::Display);
    return r.ok() ? r.text : text;
}

QString ActionFactory::nodeLabel(const Step& step) const
{
    if (step.kind == StepKind::Switch) {
        const InventoryNode* n = m_inventory.resolveNode(step.switchTo.to);
        return QStringLiteral("%1 -> %2").arg(step.switchTo.endpoint, n ? n->name : step.switchTo.to);
    }
    QStringList names;
    for (const QString& on : step.on) {
        const InventoryNode* n = m_inventory.resolveNode(on);
        names << (n ? n->name : on);
    }
    return names.join(QStringLiteral(", "));
}

std::unique_ptr<Action> ActionFactory::create(const Step& step, const QMap<QString, QString>& currentRoutes, QString* error) const
{
    QList<NodeTarget> targets;
    for (const QString& on : step.on) {
        const InventoryNode* n = m_inventory.resolveNode(on);
        if (!n) {
            *error = QStringLiteral("node '%1' is not in the inventory").arg(on);
            return nullptr;
        }
        targets << nodeTarget(m_inventory, *n);
    }
    auto needOne = [&]() -> bool {
        if (targets.size() != 1) {
            *error = QStringLiteral("step needs exactly one node in 'on'");
            return false;
        }
        return true;
    };
    switch (step.kind) {
    case StepKind::Sql: {
        if (targets.isEmpty()) {
            *error = QStringLiteral("sql step names no node");
            return nullptr;
        }
        SqlActionOptions o;
        for (const QString& s : step.sql) {
            const auto r = render(s, true, error);
            if (!r)
                return nullptr;
            o.statements << *r;
        }
        o.statementTimeoutMs = ms(step.statementTimeout);
        o.lockTimeoutMs = ms(step.lockTimeout);
        o.sessionSql = sessionStatements(step);
        o.expect = step.check == CheckExpectation::NoRows ? SqlExpectation::NoRows
            : step.check == CheckExpectation::True        ? SqlExpectation::True
                                                          : SqlExpectation::Anything;
        o.retries = step.retries;
        o.retryDelayMs = int(step.retryDelay.milliseconds());
        o.retryFromStart = step.retryFromStart;
        o.idempotent = step.idempotent;
        o.capture = step.capture;
        if (targets.size() == 1)
            return std::make_unique<SqlAction>(targets.first(), o);
        std::vector<std::unique_ptr<Action>> actions;
        QStringList labels;
        for (const NodeTarget& t : targets) {
            actions.push_back(std::make_unique<SqlAction>(t, o));
            labels << t.name;
        }
        return std::make_unique<SequenceAction>(std::move(actions), labels);
    }
    case StepKind::Shell: {
        if (!needOne())
            return nullptr;
        ShellActionOptions o;
        const auto r = render(step.withShellPrelude(step.shell), false, error, &o.environment);
        if (!r)
            return nullptr;
        o.command = *r;
        o.capture = step.capture;
        return std::make_unique<ShellAction>(targets.first(), o);
    }
    case StepKind::Wait: {
        if (!needOne())
            return nullptr;
        WaitActionOptions o;
        const auto cond = render(step.wait.usesSql ? step.wait.command : step.withShellPrelude(step.wait.command),
            step.wait.usesSql, error, &o.shellEnvironment);
        o.sessionSql = sessionStatements(step);
        if (!cond)
            return nullptr;
        (step.wait.usesSql ? o.sql : o.shell) = *cond;
        if (!step.wait.progress.isEmpty()) {
            const auto p = render(step.wait.progress, true, error);
            if (!p)
                return nullptr;
            o.progressSql = *p;
        }
        o.intervalMs = int(step.wait.every.milliseconds());
        o.timeoutMs = ms(step.wait.timeout);
        return std::make_unique<WaitAction>(targets.first(), o);
    }
    case StepKind::Batch: {
        if (!needOne())
            return nullptr;
        BatchActionOptions o;
        const auto sql = render(step.batch.sql, true, error);
        if (!sql)
            return nullptr;
        o.sql = *sql;
        if (!step.batch.progress.isEmpty()) {
            const auto p = render(step.batch.progress, true, error);
            if (!p)
                return nullptr;
            o.progressSql = *p;
        }
        o.pauseMs = int(step.batch.pause.milliseconds());
        if (step.batch.maxIterations)
            o.maxIterations = *step.batch.maxIterations;
        o.statementTimeoutMs = ms(step.statementTimeout);
        o.lockTimeoutMs = ms(step.lockTimeout);
        o.sessionSql = sessionStatements(step);
        o.retries = step.retries;
        o.retryDelayMs = int(step.retryDelay.milliseconds());
        return std::make_unique<BatchAction>(targets.first(), o);
    }
    case StepKind::Switch: {
        const Endpoint* e = m_inventory.endpoint(step.switchTo.endpoint);
        if (!e) {
            *error = QStringLiteral("endpoint '%1' is not in the inventory").arg(step.switchTo.endpoint);
            return nullptr;
        }
        const InventoryNode* to = m_inventory.resolveNode(step.switchTo.to);
        if (!to) {
            *error = QStringLiteral("node '%1' is not in the inventory").arg(step.switchTo.to);
            return nullptr;
        }
        QString from = currentRoutes.value(e->name, e->routesTo);
        if (const InventoryNode* f = m_inventory.resolveNode(from))
            from = f->name;
        auto action = std::make_unique<SwitchAction>(endpointTarget(m_inventory, *e), nodeTarget(m_inventory, *to), from);
        action->restoreAddresses(step.switchTo.restoreAddresses);
        return action;
    }
    case StepKind::Manual:
        break;
    }
    *error = QStringLiteral("a manual step is an operator gate, not an action");
    return nullptr;
}
