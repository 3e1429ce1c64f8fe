#include "cli/runcommand.h"

#include "cli/commandparser.h"
#include "cli/runbookinputs.h"
#include "credentials/inventorycredentials.h"
#include "engine/runcontroller.h"
#include "journal/rundetail.h"
#include "runbook/runbooksearchpath.h"
#include "runbook/runbookvalidator.h"

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
    return fillPasswords(**inventory, inventoryPath, err);
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
        err << QCoreApplication::translate("run", "run %1: %2 on %3").arg(id, controller.runbook().name, controller.inventory().cluster) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::stepStarted, [&](int i, qint64 expectedMs) {
        const PlannedStep& ps = controller.steps().at(i);
        err << QStringLiteral("[%1/%2] %3 (%4%5)%6").arg(i + 1).arg(total).arg(ps.step->id, stepKindName(ps.step->kind),
                   ps.node.isEmpty() ? QString() : QCoreApplication::translate("run", " on %1").arg(ps.node),
                   expectedMs > 0 ? QCoreApplication::translate("run", ", expected %1").arg(seconds(expectedMs)) : QString())
            << Qt::endl;
    });
    QObject::connect(&controller, &RunController::stepOutput, [&](int, const QString& line) { err << "    " << line << Qt::endl; });
    QObject::connect(&controller, &RunController::stepProgress, [&](int i, qint64 done, qint64 totalItems, const QString& text) {
        err << QStringLiteral("    %1: %2").arg(stepName(i), text.isEmpty() ? QStringLiteral("%1/%2").arg(done).arg(totalItems) : text) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::stepFinished, [&](int i, const StepResult& r, qint64 ms) {
        err << QCoreApplication::translate("run", "[%1/%2] %3 %4 after %5%6").arg(i + 1).arg(total).arg(stepName(i), stepOutcomeText(r.outcome), seconds(ms),
                   r.error.isEmpty() ? QString() : QStringLiteral(": ") + r.error)
            << Qt::endl;
    });
    QObject::connect(&controller, &RunController::manualGateReached, [&](int i, const QString& text) {
        err << QCoreApplication::translate("run", "    MANUAL %1: %2").arg(stepName(i), text) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::downtimeChanged, [&](const QString& kind, bool open) {
        err << (open ? QCoreApplication::translate("run", "    downtime: %1 unavailable from here") : QCoreApplication::translate("run", "    downtime: %1 available again")).arg(kind) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::measuredDowntimeChanged, [&](const QString& kind, bool open, const QString& why) {
        err << (open ? QCoreApplication::translate("run", "    probe: %1 FAILING: %2").arg(kind, why) : QCoreApplication::translate("run", "    probe: %1 working again").arg(kind)) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::probeReport, [&](const QString& line) { err << line << Qt::endl; });
    QObject::connect(&controller, &RunController::notice, [&](const QString& line) { err << line << Qt::endl; });
    bool refused = false; // a refused rollback is never reported as success
    QObject::connect(&controller, &RunController::rollbackRefused, [&](const QString& reason) {
        refused = true;
        err << QCoreApplication::translate("run", "rollback refused: %1").arg(reason) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::rollbackStarted, [&](const QStringList& lines) {
        err << QCoreApplication::translate("run", "rolling back:") << Qt::endl;
        for (const QString& l : lines)
            err << "    " << l << Qt::endl;
    });
    QObject::connect(&controller, &RunController::rollbackStepStarted, [&](int i, const QString& title) { err << QCoreApplication::translate("run", "[rollback %1] %2").arg(i + 1).arg(title) << Qt::endl; });
    QObject::connect(&controller, &RunController::rollbackStepOutput, [&](int, const QString& line) { err << "    " << line << Qt::endl; });
    QObject::connect(&controller, &RunController::rollbackStepFinished, [&](int i, const StepResult& r, qint64 ms) {
        err << QCoreApplication::translate("run", "[rollback %1] %2 after %3%4").arg(i + 1).arg(stepOutcomeText(r.outcome), seconds(ms), r.error.isEmpty() ? QString() : QStringLiteral(": ") + r.error) << Qt::endl;
    });
    bool notStarted = false; // refused before changing anything: invalid input, exit 2
    QObject::connect(&controller, &RunController::refused, [&](const QString& reason) {
        notStarted = true;
        err << QCoreApplication::translate("run", "refused: %1").arg(reason) << Qt::endl;
    });
    QObject::connect(&controller, &RunController::runFinished, [&](RunOutcome outcome, const QString& message) {
        if (notStarted) {
            exitCode = 2;
            QCoreApplication::exit(0);
            return;
        }
        err << QCoreApplication::translate("run", "run %1 %2: %3").arg(controller.runId(), runOutcomeName(outcome), message) << Qt::endl;
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
            err << (sig == SIGHUP ? QCoreApplication::translate("run", "terminal hung up (SIGHUP)") : QCoreApplication::translate("run", "output closed (SIGPIPE)"))
                << QCoreApplication::translate("run", ": the run goes on; its output is in the journal only (Ctrl-C or SIGTERM cancels it)") << Qt::endl;
            // From here on nothing is written to the terminal or pipe that went away.
            if (nowhere.open(QIODevice::WriteOnly)) {
                err.setDevice(&nowhere);
                out.setDevice(&nowhere);
            }
            return;
        }
        if (++cancels == 1) {
            err << QCoreApplication::translate("run", "signal received: cancelling the running step") << Qt::endl;
        } else {
            err << QCoreApplication::translate("run", "second signal: killing the step's processes now") << Qt::endl;
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
        err << QCoreApplication::translate("run", "production run refused: --confirm-cluster says '%1', the inventory's cluster is '%2'").arg(typed, cluster) << Qt::endl;
        return false;
    }
    if (!::isatty(STDIN_FILENO)) {
        err << QCoreApplication::translate("run", "production run refused: type the cluster's name to confirm (interactive), or pass --confirm-cluster %1").arg(cluster) << Qt::endl;
        return false;
    }
    err << QCoreApplication::translate("run", "This is a PRODUCTION run on cluster '%1'. Type the cluster's name to start: ").arg(cluster) << Qt::flush;
    QTextStream in(stdin);
    const QString answer = in.readLine().trimmed();
    if (answer != cluster) {
        err << QCoreApplication::translate("run", "production run refused: the name typed does not match") << Qt::endl;
        return false;
    }
    return true;
}

struct CommonOptions {
    QCommandLineOption journal { QStringLiteral("journal"),
        QCoreApplication::translate("cli", "The run journal (default %1).").arg(RunJournal::defaultPath()), QStringLiteral("DB") };
    QCommandLineOption yes { QStringLiteral("yes"),
        QCoreApplication::translate("run", "Pass manual gates without waiting (each is journaled as confirmed by --yes).") };
    QCommandLineOption rollbackOnFailure { QStringLiteral("rollback-on-failure"),
        QCoreApplication::translate("run", "Run the rollback plan when a step fails.") };
};

QString runExitStatus()
{
    return QCoreApplication::translate("run", "0 completed, 1 failed, stopped or cancelled, 2 invalid input (nothing ran), 3 rolled back.");
}

} // namespace

int runRunCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    CommandParser parser(QStringLiteral("run"),
        QStringLiteral("run RUNBOOK --inventory INV [--label rehearsal|production] [--yes] [--cutover hold|refuse]\n"
                       "                       [--rollback-on-failure] [--journal DB] [--confirm-cluster NAME]"),
        QCoreApplication::translate("run",
            "Runs a runbook on the inventory's cluster, journaling every step. Progress goes to stderr in\n"
            "plain lines, the run id to stdout."),
        runExitStatus());
    CommonOptions common;
    const QCommandLineOption inventoryOption(QStringList { QStringLiteral("i"), QStringLiteral("inventory") },
        QCoreApplication::translate("run", "The inventory of the cluster."), QStringLiteral("INV"));
    const QCommandLineOption labelOption(QStringLiteral("label"),
        QCoreApplication::translate("run", "rehearsal (default) or production."), QStringLiteral("LABEL"), QStringLiteral("rehearsal"));
    const QCommandLineOption confirmOption(QStringLiteral("confirm-cluster"),
        QCoreApplication::translate("run", "The cluster's name, confirming a production run."), QStringLiteral("NAME"));
    const QCommandLineOption cutoverOption(QStringLiteral("cutover"),
        QCoreApplication::translate("run", "hold or refuse: how clients live through the write window, for this run (default: the runbook's cutover:)."),
        QStringLiteral("MODE"));
    parser.addOptions({ inventoryOption, labelOption, confirmOption, cutoverOption, common.journal, common.yes, common.rollbackOnFailure });
    if (const auto code = parser.parse(args, out, err))
        return *code;
    if (!checkRunbookArguments(parser, parser.positionalArguments(), parser.isSet(inventoryOption), err))
        return 2;
    const QString runbookPath = RunbookSearchPath::resolve(parser.positionalArguments().first());
    const QString label = parser.value(labelOption);
    if (label != QLatin1String("rehearsal") && label != QLatin1String("production")) {
        return parser.usageError(QCoreApplication::translate("run", "--label is rehearsal or production, not '%1'").arg(label), err);
    }
    std::optional<CutoverMode> cutover;
    if (parser.isSet(cutoverOption)) {
        cutover = cutoverModeFromName(parser.value(cutoverOption));
        if (!cutover) {
            return parser.usageError(QCoreApplication::translate("run", "--cutover is hold or refuse, not '%1'").arg(parser.value(cutoverOption)), err);
        }
    }
    std::optional<Runbook> runbook;
    std::optional<Inventory> inventory;
    if (!loadInputs(runbookPath, parser.value(inventoryOption), err, &runbook, &inventory))
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
    options.runbookPath = QFileInfo(runbookPath).absoluteFilePath();
    options.inventoryPath = QFileInfo(parser.value(inventoryOption)).absoluteFilePath();
    options.journalPath = parser.value(common.journal);
    RunController controller(std::move(*runbook), std::move(*inventory), options);
    if (!options.confirmManualSteps && !controller.manualStepIds().isEmpty()) {
        err << QCoreApplication::translate("run", "run: this runbook has manual gates (%1) and nobody is here to confirm them: pass --yes to pass them unattended, or open it in the console")
                   .arg(controller.manualStepIds().join(QStringLiteral(", ")))
            << Qt::endl;
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
    const bool resume = command == QLatin1String("resume");
    CommandParser parser(command,
        resume ? QStringLiteral("resume RUN [--yes] [--rerun-interrupted|--skip-interrupted] [--rollback-on-failure]\n"
                                "                       [--journal DB] [--force]")
               : QStringLiteral("rollback RUN [--journal DB] [--force]"),
        resume ? QCoreApplication::translate("run",
                     "Goes on with a journaled run after its last completed step (RUN: a run id, a unique prefix\n"
                     "of one, or \"last\"). An interrupted step is never run again unless told to.")
               : QCoreApplication::translate("run",
                     "Rolls a journaled run back (RUN: a run id, a unique prefix of one, or \"last\"): each step's\n"
                     "rollback, newest first; refused past a point of no return unless the runbook is lossless."),
        runExitStatus());
    CommonOptions common;
    const QCommandLineOption rerunOption(QStringLiteral("rerun-interrupted"), QCoreApplication::translate("run", "Run the interrupted step again."));
    const QCommandLineOption skipOption(QStringLiteral("skip-interrupted"), QCoreApplication::translate("run", "Treat the interrupted step as done and go on after it."));
    const QCommandLineOption forceOption(QStringLiteral("force"), QCoreApplication::translate("run", "Go on although the runbook or inventory file changed since the run."));
    if (resume)
        parser.addOptions({ common.yes, common.rollbackOnFailure, rerunOption, skipOption });
    parser.addOptions({ common.journal, forceOption });
    if (const auto code = parser.parse(args, out, err))
        return *code;
    if (parser.positionalArguments().size() != 1)
        return parser.usageError(parser.positionalArguments().isEmpty() ? QCoreApplication::translate("run", "which run? (a run id or \"last\")")
                                                                         : QCoreApplication::translate("run", "one run at a time"),
            err);
    if (resume && parser.isSet(rerunOption) && parser.isSet(skipOption)) {
        return parser.usageError(QCoreApplication::translate("run", "choose one of --rerun-interrupted and --skip-interrupted"), err);
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
    for (const auto& [path, digest, what] : { std::tuple { summary.runbookPath, summary.runbookDigest, QCoreApplication::translate("run", "runbook") },
             std::tuple { summary.inventoryPath, summary.inventoryDigest, QCoreApplication::translate("run", "inventory") } }) {
        const QString now = RunJournal::fileDigest(path);
        if (now.isEmpty()) {
            err << QCoreApplication::translate("run", "%1: the %2 of run %3 (%4) cannot be read").arg(command, what, summary.id, path) << Qt::endl;
            return 2;
        }
        if (now != digest && !parser.isSet(forceOption)) {
            err << QCoreApplication::translate("run", "%1: the %2 %3 changed since run %4 started; check the change, then pass --force to go on with it")
                       .arg(command, what, path, summary.id)
                << Qt::endl;
            return 2;
        }
    }
    std::optional<Runbook> runbook;
    std::optional<Inventory> inventory;
    if (!loadInputs(summary.runbookPath, summary.inventoryPath, err, &runbook, &inventory))
        return 2;
    RunOptions options;
    options.label = summary.label;
    options.confirmManualSteps = resume && parser.isSet(common.yes);
    options.rollbackOnFailure = resume && parser.isSet(common.rollbackOnFailure);
    options.runbookPath = summary.runbookPath;
    options.inventoryPath = summary.inventoryPath;
    options.journalPath = journalPath;
    RunController controller(std::move(*runbook), std::move(*inventory), options);
    if (command == QLatin1String("rollback"))
        return drive(controller, out, err, [&controller, id = summary.id] { controller.rollbackFinishedRun(id); });
    if (!options.confirmManualSteps && !controller.manualStepIds().isEmpty()) {
        err << QCoreApplication::translate("run", "resume: this runbook has manual gates (%1): pass --yes to pass them unattended, or open it in the console")
                   .arg(controller.manualStepIds().join(QStringLiteral(", ")))
            << Qt::endl;
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
