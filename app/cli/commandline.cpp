#include "cli/commandline.h"

#include "cli/exportcommand.h"
#include "cli/forecastcommand.h"
#include "cli/passwordcommand.h"
#include "cli/plancommand.h"
#include "cli/runcommand.h"
#include "cli/runscommand.h"
#include "cli/sandboxcommand.h"
#include "cli/statuscommand.h"
#include "cli/validatecommand.h"
#include "runbook/runbooksearchpath.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>
#include <functional>

namespace {
using Handler = std::function<int(const QStringList&, QTextStream&, QTextStream&)>;

struct Command {
    const char* name;
    const char* synopsis; // after "runbook-console "
    Handler handler;
};

const QList<Command>& table()
{
    static const QList<Command> commands {
        { "validate", "validate FILE... [--inventory INV]", runValidateCommand },
        { "plan", "plan RUNBOOK --inventory INV", runPlanCommand },
        { "run", "run RUNBOOK --inventory INV [--label rehearsal|production] [--yes] ...", runRunCommand },
        { "resume", "resume RUN [--yes] [--rerun-interrupted|--skip-interrupted] ...", runResumeCommand },
        { "rollback", "rollback RUN [--journal DB] [--force]", runRollbackCommand },
        { "runs", "runs [--journal DB] [--limit N] [--ids]", runRunsCommand },
        { "export", "export RUN [--compare RUN...] --format markdown|csv|json|svg|png [-o FILE]", runExportCommand },
        { "forecast", "forecast RUNBOOK --inventory INV [--format text|markdown|json]", runForecastCommand },
        { "status", "status --inventory INV [--json] [--watch [SECONDS]]", runStatusCommand },
        { "sandbox", "sandbox up|down|status [--dir DIR] [--ssh] [--hosts] [--password-auth] ...", runSandboxCommand },
        { "password", "password set|forget NODE --inventory INV", runPasswordCommand },
    };
    return commands;
}

const Command* find(const QString& word)
{
    for (const Command& c : table())
        if (word == QLatin1String(c.name))
            return &c;
    return nullptr;
}

bool isHelp(const QString& word)
{
    return word == QLatin1String("--help") || word == QLatin1String("-h") || word == QLatin1String("help");
}

// A first word the console would open as a runbook.
bool namesRunbook(const QString& word)
{
    return QFileInfo::exists(word) || word.endsWith(QLatin1String(".yaml")) || word.endsWith(QLatin1String(".yml"))
        || word.contains(QLatin1Char('/')) || RunbookSearchPath::resolve(word) != word;
}
} // namespace

namespace CommandLine {

QStringList commands()
{
    QStringList names;
    for (const Command& c : table())
        names << QLatin1String(c.name);
    return names;
}

bool handles(const QStringList& args)
{
    if (args.isEmpty())
        return false;
    const QString& first = args.first();
    if (find(first) || isHelp(first) || first == QLatin1String("--version") || first == QLatin1String("-v"))
        return true;
    if (first.startsWith(QLatin1Char('-')))
        return false; // the console's options (--inventory, --journal): its own parser judges them
    return !namesRunbook(first);
}

QString usage()
{
    QString text = QCoreApplication::translate("CommandLine",
        "usage: runbook-console [RUNBOOK] [--inventory INV] [--journal DB]   open the console\n"
        "       runbook-console COMMAND [ARGUMENTS]                          headless, no display needed\n"
        "\n"
        "commands:\n");
    for (const Command& c : table())
        text += QStringLiteral("  %1\n").arg(QLatin1String(c.synopsis));
    text += QCoreApplication::translate("CommandLine",
        "\n"
        "`runbook-console COMMAND --help` tells more about each; `man runbook-console` about all.\n"
        "Results go to stdout; progress, problems and errors to stderr.\n"
        "exit status: 0 success, 1 failure (run: failed or cancelled), 2 invalid input (nothing was\n"
        "changed), 3 rolled back (run, resume, rollback).\n");
    return text;
}

bool needsGui(const QStringList& args)
{
    return args.value(0) == QLatin1String("export") && exportNeedsGui(args.mid(1));
}

int run(const QStringList& args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString command = args.value(0);
    if (isHelp(command)) {
        out << usage();
        return 0;
    }
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out << "runbook-console " << RBC_VERSION << Qt::endl;
        return 0;
    }
    const Command* c = find(command);
    if (!c) {
        err << QCoreApplication::translate("CommandLine", "runbook-console: '%1' is not a command, nor a runbook file.\n").arg(command)
            << QCoreApplication::translate("CommandLine", "The commands are: %1.\n").arg(commands().join(QStringLiteral(", ")))
            << QCoreApplication::translate("CommandLine", "See 'runbook-console --help'.\n");
        return 2;
    }
    const int code = c->handler(args.mid(1), out, err);
    out.flush();
    err.flush();
    return code;
}

} // namespace CommandLine
