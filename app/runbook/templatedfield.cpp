#include "runbook/templatedfield.h"

QList<TemplatedField> templatedFields(const Step& step)
{
    QList<TemplatedField> fields;
    if (!step.title.isEmpty())
        fields.append({ QStringLiteral("title"), step.title, TemplateTarget::Text });
    if (!step.when.isEmpty())
        fields.append({ QStringLiteral("when"), step.when, TemplateTarget::Text });
    if (!step.whenSql.isEmpty())
        fields.append({ QStringLiteral("when.sql"), step.whenSql, TemplateTarget::Sql });
    if (!step.forEachSql.isEmpty())
        fields.append({ QStringLiteral("for_each.sql"), step.forEachSql, TemplateTarget::Sql });
    switch (step.kind) {
    case StepKind::Sql:
        for (qsizetype i = 0; i < step.sql.size(); ++i)
            fields.append({ QStringLiteral("sql[%1]").arg(i), step.sql[i], TemplateTarget::Sql });
        break;
    case StepKind::Shell:
        fields.append({ QStringLiteral("shell"), step.shell, TemplateTarget::Shell });
        break;
    case StepKind::Manual:
        fields.append({ QStringLiteral("manual"), step.manual, TemplateTarget::Text });
        break;
    case StepKind::Wait:
        if (step.wait.usesSql)
            fields.append({ QStringLiteral("wait.sql"), step.wait.command, TemplateTarget::Sql });
        else
            fields.append({ QStringLiteral("wait.shell"), step.wait.command, TemplateTarget::Shell });
        if (!step.wait.progress.isEmpty())
            fields.append({ QStringLiteral("wait.progress"), step.wait.progress, TemplateTarget::Sql });
        break;
    case StepKind::Batch:
        fields.append({ QStringLiteral("batch.sql"), step.batch.sql, TemplateTarget::Sql });
        if (!step.batch.progress.isEmpty())
            fields.append({ QStringLiteral("batch.progress"), step.batch.progress, TemplateTarget::Sql });
        break;
    case StepKind::Switch:
        break;
    }
    if (!step.shellPrelude.isEmpty())
        fields.append({ QStringLiteral("shell_prelude"), step.shellPrelude, TemplateTarget::Shell });
    return fields;
}
