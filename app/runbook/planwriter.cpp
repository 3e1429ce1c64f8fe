#include "runbook/planwriter.h"

#include "core/pgconnection.h"
#include "runbook/templatedfield.h"
#include "runbook/templaterenderer.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace {

class Writer {
public:
    Writer(const Runbook& runbook, const Inventory& inventory)
        : m_runbook(runbook)
        , m_inventory(inventory)
        , m_renderer(runbook, &inventory)
    {
    }

    QString write()
    {
        line(0, QCoreApplication::translate("plan", "Runbook: %1 (%2)").arg(m_runbook.name, m_runbook.fileName));
        if (!m_runbook.description.isEmpty())
            block(2, m_runbook.description.trimmed());
        line(0, QCoreApplication::translate("plan", "Inventory: cluster %1 (%2)").arg(m_inventory.cluster, m_inventory.fileName));
        if (m_runbook.losslessRollback.declared)
            line(0,
                QCoreApplication::translate("plan", "Lossless rollback past points of no return: %1")
                    .arg(m_runbook.losslessRollback.description.isEmpty() ? QCoreApplication::translate("plan", "declared")
                                                                          : m_runbook.losslessRollback.description));
        writeNodes();
        writeEndpoints();
        writeVars();
        int phaseNumber = 0;
        for (const Phase& phase : m_runbook.phases) {
            ++phaseNumber;
            m_out += QLatin1Char('\n');
            line(0, QCoreApplication::translate("plan", "Phase %1: %2").arg(phaseNumber).arg(phase.name));
            int stepNumber = 0;
            for (const Step& step : phase.steps) {
                ++stepNumber;
                writeStep(step, QStringLiteral("%1.%2").arg(phaseNumber).arg(stepNumber));
            }
        }
        return m_out;
    }

private:
    void line(int indent, const QString& text)
    {
        m_out += QString(indent, QLatin1Char(' ')) + text + QLatin1Char('\n');
    }

    void block(int indent, const QString& text)
    {
        for (const QString& part : text.split(QLatin1Char('\n')))
            line(indent, part);
    }

    QString where(const SourceLocation& location) const
    {
        return QStringLiteral("%1:%2:%3")
            .arg(QFileInfo(location.file.isEmpty() ? m_runbook.fileName : location.file).fileName())
            .arg(location.line)
            .arg(location.column);
    }

    QString nodeText(const QString& runbookName) const
    {
        const InventoryNode* node = m_inventory.resolveNode(runbookName);
        if (!node)
            return runbookName + QCoreApplication::translate("plan", " (not in inventory)");
        const QString name = node->name == runbookName ? node->name : runbookName + QStringLiteral(" -> ") + node->name;
        return QStringLiteral("%1 @ %2").arg(name, node->host);
    }

    void writeNodes()
    {
        if (m_runbook.requiredNodes.isEmpty())
            return;
        line(0, QCoreApplication::translate("plan", "Nodes:"));
        for (const NamedEntry& required : m_runbook.requiredNodes) {
            const InventoryNode* node = m_inventory.resolveNode(required.name);
            if (!node)
                continue;
            QString details = QCoreApplication::translate("plan", "role %1").arg(node->role.isEmpty() ? QStringLiteral("?") : node->role);
            if (!node->version.isEmpty())
                details += QCoreApplication::translate("plan", ", version %1").arg(node->version);
            if (!node->runAs.isEmpty())
                details += QCoreApplication::translate("plan", ", shell as %1").arg(node->runAs);
            line(2, QStringLiteral("%1 (%2)").arg(nodeText(required.name), details));
            line(4, QCoreApplication::translate("plan", "conninfo: %1").arg(maskConninfo(node->conninfo)));
        }
    }

    void writeEndpoints()
    {
        if (m_runbook.requiredEndpoints.isEmpty())
            return;
        line(0, QCoreApplication::translate("plan", "Endpoints:"));
        for (const NamedEntry& required : m_runbook.requiredEndpoints) {
            const Endpoint* endpoint = m_inventory.endpoint(required.name);
            if (!endpoint)
                continue;
            QString text = QStringLiteral("%1 (%2)").arg(endpoint->name, Endpoint::kindName(endpoint->kind));
            if (!endpoint->routesTo.isEmpty())
                text += QCoreApplication::translate("plan", ", routes to %1").arg(endpoint->routesTo);
            line(2, text);
            if (endpoint->kind == Endpoint::Kind::PgBouncer) {
                for (const PgbouncerInstance& instance : endpoint->instances)
                    line(4,
                        QCoreApplication::translate("plan", "pgbouncer config %1 @ %2, database %3")
                            .arg(instance.config, instance.host, endpoint->database));
            } else {
                line(4,
                    QCoreApplication::translate("plan", "%1 in %2 on %3")
                        .arg(endpoint->hostnames.join(QStringLiteral(", ")), endpoint->hostsFile, endpoint->hosts.join(QStringLiteral(", "))));
            }
        }
    }

    void writeVars()
    {
        if (m_runbook.vars.isEmpty())
            return;
        line(0, QCoreApplication::translate("plan", "Vars:"));
        for (const RunbookVar& var : m_runbook.vars) {
            const InventoryVar* set = m_inventory.var(var.name);
            QString value = set ? set->value : var.defaultValue.value_or(QCoreApplication::translate("plan", "(not set)"));
            if (TemplateRenderer::isSecretVar(var.name))
                value = QStringLiteral("********");
            line(2,
                QStringLiteral("%1 = %2%3")
                    .arg(var.name, value,
                        set ? QCoreApplication::translate("plan", "  (inventory)") : QCoreApplication::translate("plan", "  (runbook default)")));
        }
    }

    QString render(const QString& text, TemplateTarget target) const
    {
        const RenderResult result = m_renderer.render(text, target, TemplateRenderer::Mode::Display);
        if (result.ok())
            return result.text;
        return QCoreApplication::translate("plan", "(cannot render: %1)").arg(result.errors.first().message);
    }

    void writeAction(const Step& step, int indent)
    {
        const QString on = step.on.isEmpty() ? QString() : [&] {
            QStringList nodes;
            for (const QString& name : step.on)
                nodes.append(nodeText(name));
            return nodes.join(QStringLiteral(", "));
        }();
        switch (step.kind) {
        case StepKind::Sql:
            if (step.check == CheckExpectation::NoRows)
                line(indent, QCoreApplication::translate("plan", "check on %1, fails if it returns rows:").arg(on));
            else if (step.check == CheckExpectation::True)
                line(indent, QCoreApplication::translate("plan", "check on %1, fails unless it returns true:").arg(on));
            else
                line(indent, QCoreApplication::translate("plan", "sql on %1:").arg(on));
            for (const QString& statement : step.sql)
                block(indent + 2, render(statement, TemplateTarget::Sql).trimmed());
            break;
        case StepKind::Shell:
            line(indent, QCoreApplication::translate("plan", "shell on %1:").arg(on));
            block(indent + 2, render(step.withShellPrelude(step.shell), TemplateTarget::Shell).trimmed());
            break;
        case StepKind::Manual:
            line(indent, QCoreApplication::translate("plan", "manual gate, the operator confirms:"));
            block(indent + 2, render(step.manual, TemplateTarget::Text).trimmed());
            break;
        case StepKind::Wait: {
            QString header = QCoreApplication::translate("plan", "wait until %1 on %2, every %3")
                                 .arg(step.wait.usesSql ? QCoreApplication::translate("plan", "the query returns true")
                                                        : QCoreApplication::translate("plan", "the command exits 0"),
                                     on, step.wait.every.toString());
            if (step.wait.timeout)
                header += QCoreApplication::translate("plan", ", give up after %1").arg(step.wait.timeout->toString());
            line(indent, header + QLatin1Char(':'));
            block(indent + 2,
                render(step.wait.usesSql ? step.wait.command : step.withShellPrelude(step.wait.command),
                    step.wait.usesSql ? TemplateTarget::Sql : TemplateTarget::Shell)
                    .trimmed());
            if (!step.wait.progress.isEmpty()) {
                line(indent, QCoreApplication::translate("plan", "progress:"));
                block(indent + 2, render(step.wait.progress, TemplateTarget::Sql).trimmed());
            }
            break;
        }
        case StepKind::Switch: {
            const Endpoint* endpoint = m_inventory.endpoint(step.switchTo.endpoint);
            line(indent,
                QCoreApplication::translate("plan", "switch endpoint %1%2 to %3")
                    .arg(step.switchTo.endpoint,
                        endpoint ? QStringLiteral(" (%1)").arg(Endpoint::kindName(endpoint->kind)) : QString(),
                        nodeText(step.switchTo.to)));
            break;
        }
        case StepKind::Batch: {
            QString header = QCoreApplication::translate("plan", "batch on %1: repeat until it affects 0 rows").arg(on);
            if (step.batch.pause.milliseconds() > 0)
                header += QCoreApplication::translate("plan", ", pause %1").arg(step.batch.pause.toString());
            if (step.batch.maxIterations)
                header += QCoreApplication::translate("plan", ", at most %1 times").arg(*step.batch.maxIterations);
            line(indent, header + QLatin1Char(':'));
            block(indent + 2, render(step.batch.sql, TemplateTarget::Sql).trimmed());
            if (!step.batch.progress.isEmpty()) {
                line(indent, QCoreApplication::translate("plan", "progress:"));
                block(indent + 2, render(step.batch.progress, TemplateTarget::Sql).trimmed());
            }
            break;
        }
        }
        QStringList limits;
        if (step.expected)
            limits.append(QCoreApplication::translate("plan", "expected %1").arg(step.expected->toString()));
        if (step.timeout)
            limits.append(QCoreApplication::translate("plan", "timeout %1").arg(step.timeout->toString()));
        if (step.retries > 0)
            limits.append(QCoreApplication::translate("plan", "retries %1 (%2 apart%3)")
                              .arg(step.retries)
                              .arg(step.retryDelay.toString(), step.idempotent ? QCoreApplication::translate("plan", ", idempotent") : QString()));
        if (step.lockTimeout)
            limits.append(QCoreApplication::translate("plan", "lock_timeout %1").arg(step.lockTimeout->toString()));
        if (step.statementTimeout)
            limits.append(QCoreApplication::translate("plan", "statement_timeout %1").arg(step.statementTimeout->toString()));
        for (const auto& [name, value] : step.session)
            limits.append(QCoreApplication::translate("plan", "session %1 = %2").arg(name, value));
        if (!limits.isEmpty())
            line(indent, limits.join(QStringLiteral(", ")));
    }

    void writeStep(const Step& step, const QString& number)
    {
        QString header = QStringLiteral("%1 %2").arg(number, step.id);
        if (!step.title.isEmpty())
            header += QStringLiteral(": ") + render(step.title, TemplateTarget::Text);
        line(2, QStringLiteral("%1  [%2]").arg(header, where(step.location)));
        if (!step.when.isEmpty())
            line(6, QCoreApplication::translate("plan", "when: %1 (skipped unless true)").arg(render(step.when, TemplateTarget::Text)));
        if (!step.whenSql.isEmpty()) {
            line(6, QCoreApplication::translate("plan", "when (asked of %1 when the step's turn comes; skipped unless its first value is true):").arg(step.whenOn));
            block(8, render(step.whenSql, TemplateTarget::Sql).trimmed());
        }
        if (step.isLoop()) {
            line(6, QCoreApplication::translate("plan", "repeated for each row of this query on %1 (the rows are known only when the step runs; "
                                                        "each row's columns as item.COLUMN):").arg(step.forEachOn));
            block(8, render(step.forEachSql, TemplateTarget::Sql).trimmed());
        }
        writeAction(step, 6);
        if (!step.capture.isEmpty()) {
            QStringList names = step.capture.names;
            if (step.capture.all)
                names.prepend(QCoreApplication::translate("plan", "every column of the first row"));
            for (const QString& secret : step.capture.secret)
                names << QCoreApplication::translate("plan", "%1 (secret)").arg(secret);
            line(6, QCoreApplication::translate("plan", "captures: %1 (as steps.%2.NAME)").arg(names.join(QStringLiteral(", ")), step.id));
        }
        if (step.downtime != DowntimeMarker::None)
            line(6, QCoreApplication::translate("plan", "downtime: %1").arg(downtimeMarkerName(step.downtime)));
        if (step.rollback) {
            line(6, step.isLoop() ? QCoreApplication::translate("plan", "rollback (once per completed iteration, the last one first, with its row):")
                                  : QCoreApplication::translate("plan", "rollback:"));
            writeAction(*step.rollback, 8);
        } else if (step.kind == StepKind::Switch) {
            line(6,
                QCoreApplication::translate("plan", "rollback: switch %1 back to the node it routed to before this step (built in)")
                    .arg(step.switchTo.endpoint));
        } else {
            line(6, QCoreApplication::translate("plan", "rollback: none"));
        }
        if (step.rollbackOnFailure)
            line(6, QCoreApplication::translate("plan", "on failure: the whole run rolls back at once"));
        if (step.pointOfNoReturn)
            line(6,
                QCoreApplication::translate("plan", "*** POINT OF NO RETURN: rolling back past here %1 ***")
                    .arg(m_runbook.losslessRollback.declared ? QCoreApplication::translate("plan", "uses the declared lossless path")
                                                             : QCoreApplication::translate("plan", "is refused")));
    }

    const Runbook& m_runbook;
    const Inventory& m_inventory;
    TemplateRenderer m_renderer;
    QString m_out;
};

} // namespace

QString PlanWriter::write(const Runbook& runbook, const Inventory& inventory)
{
    return Writer(runbook, inventory).write();
}
