#include "engine/shellaction.h"

#include "core/secretmask.h"
#include "engine/outputtail.h"
#include "engine/shellprocess.h"

ShellAction::ShellAction(NodeTarget target, ShellActionOptions options)
    : m_target(std::move(target))
    , m_options(std::move(options))
{
}

void ShellAction::cancel()
{
    m_cancel.cancel();
}

StepResult ShellAction::run(const ActionContext& context)
{
    OutputTail tail;
    ShellProcess process(m_target);
    process.setMultiplex(m_options.multiplex);
    process.setEnvironment(m_options.environment);
    process.setGroupHandler(context.processStarted);
    QMap<QString, QString> captured;
    process.setLineHandler([&](const QString& line, bool fromStderr) {
        QString shown = fromStderr ? QLatin1String(kStderrPrefix) + line : line;
        if (const qsizetype equals = line.indexOf(QLatin1Char('=')); !fromStderr && equals > 0) {
            const QString name = line.left(equals);
            if (m_options.capture.captures(name)) {
                captured.insert(name, line.mid(equals + 1));
                if (m_options.capture.isSecret(name))
                    shown = name + QLatin1Char('=') + QString::fromUtf16(kSecretMask);
            }
        }
        tail.append(shown);
        context.output(shown);
    });
    ShellRunResult r;
    {
        CancelToken::Scope interrupt(m_cancel, [&process] { process.cancel(); });
        r = process.run(m_options.command);
    }
    StepResult result;
    result.outcome = r.outcome;
    result.exitCode = r.exitCode;
    result.error = r.error;
    if (result.outcome == StepOutcome::Succeeded) {
        for (const QString& name : m_options.capture.declared()) {
            if (!captured.contains(name)) {
                result.outcome = StepOutcome::Failed;
                result.error = QStringLiteral("capture: the command printed no line '%1=...' on its standard output").arg(name);
                tail.append(result.error);
                context.output(result.error);
                break;
            }
        }
        if (result.outcome == StepOutcome::Succeeded) {
            result.captured = captured;
            result.secretCaptures = m_options.capture.secret;
        }
    }
    result.output = tail.text();
    return result;
}
