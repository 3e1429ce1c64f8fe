#include "engine/shellaction.h"

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
    process.setLineHandler([&](const QString& line, bool fromStderr) {
        const QString shown = fromStderr ? QLatin1String(kStderrPrefix) + line : line;
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
    result.output = tail.text();
    return result;
}
