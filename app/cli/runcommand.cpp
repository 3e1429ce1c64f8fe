#include "cli/runcommand.h"

#include "cli/runbookinputs.h"
#include "engine/runcontroller.h"
#include "journal/rundetail.h"
#include "runbook/runbookvalidator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QTimer>
#include <QSocketNotifier>
#include <QTextStream>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalFd[2] = { -1, -1 };

// Signals reach the event loop through a socket pair: the byte written is the signal's number.
void onSignal(int sig)
{
    const char c = char(sig);
    [[maybe_unused]] const auto n = ::write(g_signalFd[0], &c, 1);
}

QString seconds(qint64 ms)
{
    return ms >= 60000 ? QStringLiteral("%1m %2s").arg(ms / 60000).arg((ms % 60000) / 1000.0, 0, 'f', 1)
                       : QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 2);
}

// Loads and validates the runbook and inventory; prints every problem as file:line:col: message.
bool loadInputs(const QString& runbookPath, const QString& inventoryPath, QTextStream& err,
    std::optional<Runbook>* runbook, std::optional<Inventory>* inventory)
{
    const auto inputs = readRunbookInputs(runbookPath, inventoryPath, true, err);
    if (!inputs)
        return false;
    *runbook = inputs->runbook.runbook;
    *inventory = inputs->inventory.inventory;
    return true;
}

int exitCodeFor(RunOutcome outcome)
{
    switch (outcome) {
    case RunOutcome::Completed:
        return 0;
    case RunOutcome::RolledBack:
        return 3;
    default:
        return 1;
    }
}

// Drives one RunController to its end with an event loop, printing progress lines to stderr.
int drive(RunController& controller, QTextStream& out, QTextStream& err, const std::function<void()>& begin)
{
    const int total = controller.steps().size();
    int exitCode = 1;
    auto stepName = [&controller](int i) { return controller.steps().at(i).step->id; };
    QObject::connect(&controller, &RunController::runStarted, [&](const QString& id) {
        err << "run " << id << ": " << controller.runbook().name << " on " << controller.inventory().cluster << Qt::endl;
    });
    QObject::connect(&controller, &RunController::stepStarted, [&](int i, qint64 expectedMs) {
        const PlannedStep& ps = controller.steps().at(i);
        err << QStringLiteral("[%1/%2] %3 (%4%5)%6").arg(i + 1).arg(total).arg(ps.step->id, stepKindName(ps.step->kind),
                   ps.node.isEmpty() ? QString() : QStringLiteral(" on ") + ps.node,
                   expectedMs > 0 ? QStringLiteral(", expected ") + seconds(expectedMs) : QString())
            << Qt::endl;
    });
    QObject::connect(&controller, &RunController::stepOutput, [&](int, const QString& line) { err << "    " << line << Qt::endl; });
    QObject::connect(&controller, &RunController::stepProgress, [&](int i, qint64 done, qint64 totalItems, const QString& text) {
        err << QStringLiteral("    %1: %2").arg(stepName(i), text.isEmpty() ? QStringLiteral("%1/%2").arg(done).arg(totalItems) : text) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::stepFinished, [&](int i, const StepResult& r, qint64 ms) {
        err << QStringLiteral("[%1/%2] %3 %4 after %5%6").arg(i + 1).arg(total).arg(stepName(i), stepOutcomeName(r.outcome), seconds(ms),
                   r.error.isEmpty() ? QString() : QStringLiteral(": ") + r.error)
            << Qt::endl;
    });
    QObject::connect(&controller, &RunController::manualGateReached, [&](int i, const QString& text) {
        err << QStringLiteral("    MANUAL %1: %2").arg(stepName(i), text) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::downtimeChanged, [&](const QString& kind, bool open) {
        err << QStringLiteral("    downtime: %1 %2").arg(kind, open ? QStringLiteral("unavailable from here") : QStringLiteral("available again")) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::measuredDowntimeChanged, [&](const QString& kind, bool open, const QString& why) {
        err << QStringLiteral("    probe: %1 %2").arg(kind, open ? QStringLiteral("FAILING: ") + why : QStringLiteral("working again")) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::probeReport, [&](const QString& line) { err << line << Qt::endl; });
    QObject::connect(&controller, &RunController::notice, [&](const QString& line) { err << line << Qt::endl; });
    bool refused = false; // a refused rollback is never reported as success
    QObject::connect(&controller, &RunController::rollbackRefused, [&](const QString& reason) {
        refused = true;
        err << "rollback refused: " << reason << Qt::endl;
    });
    QObject::connect(&controller, &RunController::rollbackStarted, [&](const QStringList& lines) {
        err << "rolling back:" << Qt::endl;
        for (const QString& l : lines)
            err << "    " << l << Qt::endl;
    });
    QObject::connect(&controller, &RunController::rollbackStepStarted, [&](int i, const QString& title) { err << QStringLiteral("[rollback %1] %2").arg(i + 1).arg(title) << Qt::endl; });
    QObject::connect(&controller, &RunController::rollbackStepOutput, [&](int, const QString& line) { err << "    " << line << Qt::endl; });
    QObject::connect(&controller, &RunController::rollbackStepFinished, [&](int i, const StepResult& r, qint64 ms) {
        err << QStringLiteral("[rollback %1] %2 after %3%4").arg(i + 1).arg(stepOutcomeName(r.outcome), seconds(ms), r.error.isEmpty() ? QString() : QStringLiteral(": ") + r.error) << Qt::endl;
    });
    bool notStarted = false; // refused before changing anything: invalid input, exit 2
    QObject::connect(&controller, &RunController::refused, [&](const QString& reason) {
        notStarted = true;
        err << "refused: " << reason << Qt::endl;
    });
    QObject::connect(&controller, &RunController::runFinished, [&](RunOutcome outcome, const QString& message) {
        if (notStarted) {
            exitCode = 2;
            QCoreApplication::exit(0);
            return;
        }
        err << "run " << controller.runId() << " " << runOutcomeName(outcome) << ": " << message << Qt::endl;
        if (!controller.runId().isEmpty())
            out << controller.runId() << Qt::endl;
        exitCode = refused && outcome != RunOutcome::RolledBack ? 1 : exitCodeFor(outcome);
        QCoreApplication::exit(0);
    });

    // Ctrl-C or SIGTERM: cancel the running step and stop, journaled as cancelled; a second one
    // escalates (the step's processes killed at once). A lost terminal (SIGHUP) or a reader that
    // went away (SIGPIPE, `run ... | head`) is no reason to stop a procedure mid-step: the run goes
    // on, its output in the journal only.
    const int handled[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalFd) == 0)
        for (int sig : handled)
            std::signal(sig, onSignal);
    static QFile nowhere(QStringLiteral("/dev/null")); // outlives the streams that may point at it
    bool quiet = false;
    int cancels = 0;
    QSocketNotifier notifier(g_signalFd[1], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, [&] {
        char c;
        if (::read(g_signalFd[1], &c, 1) != 1)
            return;
        const int sig = c;
        if (sig == SIGHUP || sig == SIGPIPE) {
            if (quiet)
                return;
            quiet = true;
            err << (sig == SIGHUP ? "terminal hung up (SIGHUP)" : "output closed (SIGPIPE)")
                << ": the run goes on; its output is in the journal only (Ctrl-C or SIGTERM cancels it)" << Qt::endl;
            // From here on nothing is written to the terminal or pipe that went away.
            if (nowhere.open(QIODevice::WriteOnly)) {
                err.setDevice(&nowhere);
                out.setDevice(&nowhere);
            }
            return;
        }
        if (++cancels == 1) {
            err << "signal received: cancelling the running step" << Qt::endl;
        } else {
            err << "second signal: killing the step's processes now" << Qt::endl;
        }
        controller.cancelRun();
    });
    QTimer::singleShot(0, &controller, begin);
    QCoreApplication::exec();
    for (int sig : { SIGINT, SIGTERM, SIGHUP })
        std::signal(sig, SIG_DFL);
    std::signal(SIGPIPE, SIG_IGN); // what is left to write must not kill us now
    return exitCode;
}

bool confirmProduction(const QString& cluster, const QString& typed, QTextStream& err)
{
    if (!typed.isEmpty()) {
        if (typed == cluster)
            return true;
        err << "production run refused: --confirm-cluster says '" << typed << "', the inventory's cluster is '" << cluster << "'" << Qt::endl;
        return false;
    }
    if (!::isatty(STDIN_FILENO)) {
        err << "production run refused: type the cluster's name to confirm (interactive), or pass --confirm-cluster "
            << cluster << Qt::endl;
        return false;
    }
    err << "This is a PRODUCTION run on cluster '" << cluster << "'. Type the cluster's name to start: " << Qt::flush;
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed();
    if (answer != cluster) {
        err << "production run refused: the name typed does not match" << Qt::endl;
        return false;
    }
    return true;
}

struct CommonOptions {
    QCommandLineOption journal { QStringLiteral("journal"), QStringLiteral("Journal database (default %1).").arg(RunJournal::defaultPath()), QStringLiteral("DB") };
    QCommandLineOption yes { QStringLiteral("yes"), QStringLiteral("Pass manual gates without waiting (each is journaled as confirmed by --yes).") };
    QCommandLineOption rollbackOnFailure { QStringLiteral("rollback-on-failure"), QStringLiteral("Run the rollback plan when a step fails.") };
};

} // namespace

int runRunCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    CommonOptions common;
    const QCommandLineOption inventoryOption(QStringLiteral("inventory"), QStringLiteral("Inventory of the cluster."), QStringLiteral("INV"));
    const QCommandLineOption labelOption(QStringLiteral("label"), QStringLiteral("rehearsal (default) or production."), QStringLiteral("LABEL"), QStringLiteral("rehearsal"));
    const QCommandLineOption confirmOption(QStringLiteral("confirm-cluster"), QStringLiteral("The cluster's name, confirming a production run."), QStringLiteral("NAME"));
    const QCommandLineOption cutoverOption(QStringLiteral("cutover"),
        QStringLiteral("hold or refuse: how clients live through the write window, for this run (default: the runbook's cutover:)."), QStringLiteral("MODE"));
    parser.addOptions({ inventoryOption, labelOption, confirmOption, cutoverOption, common.journal, common.yes, common.rollbackOnFailure });
    parser.addPositionalArgument(QStringLiteral("RUNBOOK"), QStringLiteral("The runbook to run."));
    const QString usage = QStringLiteral("usage: runbook-console run RUNBOOK --inventory INV [--label rehearsal|production] [--yes] "
                                         "[--cutover hold|refuse] [--rollback-on-failure] [--journal DB] [--confirm-cluster NAME]");
    if (!parser.parse(QStringList { QStringLiteral("run") } + args) || parser.positionalArguments().size() != 1 || !parser.isSet(inventoryOption)) {
        err << (parser.errorText().isEmpty() ? QString() : QStringLiteral("run: ") + parser.errorText() + QLatin1Char('\n')) << usage << Qt::endl;
        return 2;
    }
    const QString label = parser.value(labelOption);
    if (label != QLatin1String("rehearsal") && label != QLatin1String("production")) {
        err << "run: --label is rehearsal or production, not '" << label << "'" << Qt::endl;
        return 2;
    }
    std::optional<CutoverMode> cutover;
    if (parser.isSet(cutoverOption)) {
        cutover = cutoverModeFromName(parser.value(cutoverOption));
        if (!cutover) {
            err << "run: --cutover is hold or refuse, not '" << parser.value(cutoverOption) << "'" << Qt::endl;
            return 2;
        }
    }
    std::optional<Runbook> runbook;
    std::optional<Inventory> inventory;
    if (!loadInputs(parser.positionalArguments().first(), parser.value(inventoryOption), err, &runbook, &inventory))
        return 2;
    // Asked for hold mode on an endpoint that cannot hold: said as validate says it, nothing run.
    if (const Diagnostics problems = RunbookValidator::cutoverProblems(*runbook, &*inventory, cutover.value_or(runbook->cutover.mode));
        !problems.isEmpty()) {
        for (const Diagnostic& d : problems)
            err << d.toString() << Qt::endl;
        return 2;
    }
    RunOptions options;
    options.label = label;
    options.cutover = cutover;
    options.confirmManualSteps = parser.isSet(common.yes);
    options.rollbackOnFailure = parser.isSet(common.rollbackOnFailure);
    options.runbookPath = QFileInfo(parser.positionalArguments().first()).absoluteFilePath();
    options.inventoryPath = QFileInfo(parser.value(inventoryOption)).absoluteFilePath();
    options.journalPath = parser.value(common.journal);
    RunController controller(std::move(*runbook), std::move(*inventory), options);
    if (!options.confirmManualSteps && !controller.manualStepIds().isEmpty()) {
        err << "run: this runbook has manual gates (" << controller.manualStepIds().join(QStringLiteral(", "))
            << ") and nobody is here to confirm them: pass --yes to pass them unattended, or open it in the console" << Qt::endl;
        return 2;
    }
    if (label == QLatin1String("production") && !confirmProduction(controller.inventory().cluster, parser.value(confirmOption), err))
        return 2;
    return drive(controller, out, err, [&controller] { controller.start(); });
}

namespace {
// resume and rollback work on a journaled run: its runbook and inventory are read again from
// where the run recorded them, and must not have changed unless --force says so.
int onJournaledRun(const QString& command, const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    CommonOptions common;
    const QCommandLineOption rerunOption(QStringLiteral("rerun-interrupted"), QStringLiteral("Run the interrupted step again."));
    const QCommandLineOption skipOption(QStringLiteral("skip-interrupted"), QStringLiteral("Treat the interrupted step as done and go on after it."));
    const QCommandLineOption forceOption(QStringLiteral("force"), QStringLiteral("Go on although the runbook or inventory file changed since the run."));
    parser.addOptions({ common.journal, common.yes, common.rollbackOnFailure, rerunOption, skipOption, forceOption });
    parser.addPositionalArgument(QStringLiteral("RUN"), QStringLiteral("Run id or 'last'."));
    const QString usage = command == QLatin1String("resume")
        ? QStringLiteral("usage: runbook-console resume RUN [--yes] [--rerun-interrupted|--skip-interrupted] [--rollback-on-failure] [--journal DB] [--force]")
        : QStringLiteral("usage: runbook-console rollback RUN [--journal DB] [--force]");
    if (!parser.parse(QStringList { command } + args) || parser.positionalArguments().size() != 1) {
        err << (parser.errorText().isEmpty() ? QString() : command + QStringLiteral(": ") + parser.errorText() + QLatin1Char('\n')) << usage << Qt::endl;
        return 2;
    }
    if (parser.isSet(rerunOption) && parser.isSet(skipOption)) {
        err << command << ": choose one of --rerun-interrupted and --skip-interrupted" << Qt::endl;
        return 2;
    }
    const QString journalPath = parser.value(common.journal).isEmpty() ? RunJournal::defaultPath() : parser.value(common.journal);
    RunSummary summary;
    {
        RunJournal journal;
        QString error;
        if (!journal.open(journalPath, &error, RunJournal::OpenMode::MustExist)) {
            err << command << ": " << error << Qt::endl;
            return 2;
        }
        const auto detail = journal.run(parser.positionalArguments().first(), &error);
        if (!detail) {
            err << command << ": " << error << Qt::endl;
            return 2;
        }
        summary = detail->run;
    }
    for (const auto& [path, digest, what] : { std::tuple { summary.runbookPath, summary.runbookDigest, QStringLiteral("runbook") },
             std::tuple { summary.inventoryPath, summary.inventoryDigest, QStringLiteral("inventory") } }) {
        const QString now = RunJournal::fileDigest(path);
        if (now.isEmpty()) {
            err << command << ": the " << what << " of run " << summary.id << " (" << path << ") cannot be read" << Qt::endl;
            return 2;
        }
        if (now != digest && !parser.isSet(forceOption)) {
            err << command << ": the " << what << " " << path << " changed since run " << summary.id
                << " started; check the change, then pass --force to go on with it" << Qt::endl;
            return 2;
        }
    }
    std::optional<Runbook> runbook;
    std::optional<Inventory> inventory;
    if (!loadInputs(summary.runbookPath, summary.inventoryPath, err, &runbook, &inventory))
        return 2;
    RunOptions options;
    options.label = summary.label;
    options.confirmManualSteps = parser.isSet(common.yes);
    options.rollbackOnFailure = parser.isSet(common.rollbackOnFailure);
    options.runbookPath = summary.runbookPath;
    options.inventoryPath = summary.inventoryPath;
    options.journalPath = journalPath;
    RunController controller(std::move(*runbook), std::move(*inventory), options);
    if (command == QLatin1String("rollback"))
        return drive(controller, out, err, [&controller, id = summary.id] { controller.rollbackFinishedRun(id); });
    if (!options.confirmManualSteps && !controller.manualStepIds().isEmpty()) {
        err << "resume: this runbook has manual gates (" << controller.manualStepIds().join(QStringLiteral(", "))
            << "): pass --yes to pass them unattended, or open it in the console" << Qt::endl;
        return 2;
    }
    const InterruptedStepChoice choice = parser.isSet(rerunOption) ? InterruptedStepChoice::Rerun
        : parser.isSet(skipOption)                                 ? InterruptedStepChoice::Skip
                                                                   : InterruptedStepChoice::Refuse;
    return drive(controller, out, err, [&controller, id = summary.id, choice] { controller.resume(id, choice); });
}
} // namespace

int runResumeCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return onJournaledRun(QStringLiteral("resume"), args, out, err);
}

int runRollbackCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    return onJournaledRun(QStringLiteral("rollback"), args, out, err);
}
