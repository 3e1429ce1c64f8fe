#include "cli/commandline.h"

#include "cli/exportcommand.h"
#include "cli/forecastcommand.h"
#include "cli/plancommand.h"
#include "cli/runcommand.h"
#include "cli/runscommand.h"
#include "cli/sandboxcommand.h"
#include "cli/statuscommand.h"
#include "cli/validatecommand.h"

#include <QTextStream>
#include <functional>
#include <map>

namespace {
using Handler = std::function<int(const QStringList&, QTextStream&, QTextStream&)>;

const std::map<QString, Handler>& handlers()
{
    static const std::map<QString, Handler> table {
        { QStringLiteral("validate"), runValidateCommand },
        { QStringLiteral("plan"), runPlanCommand },
        { QStringLiteral("run"), runRunCommand },
        { QStringLiteral("resume"), runResumeCommand },
        { QStringLiteral("rollback"), runRollbackCommand },
        { QStringLiteral("runs"), runRunsCommand },
        { QStringLiteral("export"), runExportCommand },
        { QStringLiteral("forecast"), runForecastCommand },
        { QStringLiteral("sandbox"), runSandboxCommand },
        { QStringLiteral("status"), runStatusCommand },
    };
    return table;
}
} // namespace

namespace CommandLine {

bool isCommand(const QString& word)
{
    return handlers().count(word) > 0 || word == QLatin1String("--help") || word == QLatin1String("-h")
        || word == QLatin1String("--version") || word == QLatin1String("help");
}

QString usage()
{
    return QStringLiteral(
        "usage:\n"
        "  runbook-console [RUNBOOK] [--inventory INV]     open the console\n"
        "  runbook-console validate FILE... [--inventory INV]\n"
        "  runbook-console plan RUNBOOK --inventory INV\n"
        "  runbook-console run RUNBOOK --inventory INV [--label rehearsal|production] [--yes]\n"
        "                  [--cutover hold|refuse] [--rollback-on-failure] [--journal DB]\n"
        "                  [--confirm-cluster NAME]\n"
        "  runbook-console resume RUN [--yes] [--rerun-interrupted|--skip-interrupted] [--journal DB]\n"
        "  runbook-console rollback RUN [--journal DB]\n"
        "  runbook-console runs [--journal DB]\n"
        "  runbook-console export RUN [--compare RUN...] --format markdown|csv|json|svg|png [-o FILE]\n"
        "                  [--journal DB]\n"
        "  runbook-console forecast RUNBOOK --inventory INV [--journal DB] [--format text|markdown|json]\n"
        "                  [--all-clusters]\n"
        "  runbook-console sandbox up|down|status [--dir DIR] [--old-bindir DIR] [--ssh] [--hosts] [--scale F]\n"
        "  runbook-console status --inventory INV [--json] [--watch [SECONDS]]   live topology\n");
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
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        out << usage();
        return 0;
    }
    if (command == QLatin1String("--version")) {
        out << "runbook-console " << RBC_VERSION << Qt::endl;
        return 0;
    }
    const auto it = handlers().find(command);
    if (it == handlers().end()) {
        err << "unknown command: " << command << "\n" << usage();
        return 2;
    }
    const int code = it->second(args.mid(1), out, err);
    out.flush();
    err.flush();
    return code;
}

} // namespace CommandLine
