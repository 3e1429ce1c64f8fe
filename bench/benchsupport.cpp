#include "benchsupport.h"

#include "runbook/documentloader.h"
#include "runbook/runbooktree.h"
#include "runbook/runbookvalidator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

namespace BenchSupport {

namespace {
// The calling thread joins a network namespace for its lifetime (threads it starts inherit it),
// and goes back to its own at the end.
class NetworkNamespace {
public:
    explicit NetworkNamespace(const QString& name)
    {
        if (name.isEmpty())
            return;
        m_own = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        const int target = ::open(QFile::encodeName(QStringLiteral("/run/netns/") + name).constData(), O_RDONLY | O_CLOEXEC);
        m_entered = m_own >= 0 && target >= 0 && ::setns(target, CLONE_NEWNET) == 0;
        if (target >= 0)
            ::close(target);
        if (!m_entered)
            std::fprintf(stderr, "cannot join the network namespace %s\n", qPrintable(name));
    }
    ~NetworkNamespace()
    {
        if (m_entered)
            ::setns(m_own, CLONE_NEWNET);
        if (m_own >= 0)
            ::close(m_own);
    }

private:
    int m_own = -1;
    bool m_entered = false;
};
} // namespace

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const double rank = p * (values.size() - 1);
    const auto lo = qsizetype(rank);
    const auto hi = qMin(lo + 1, values.size() - 1);
    return values[lo] + (values[hi] - values[lo]) * (rank - double(lo));
}

SandboxRun::SandboxRun(const SandboxOptions& options)
    : m_tmp(QDir::tempPath() + QStringLiteral("/rbc-bench-XXXXXX"))
{
    // The servers run as postgres when we are root: it must be able to enter the directory.
    QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    m_sandbox = std::make_unique<Sandbox>(m_tmp.filePath(QStringLiteral("sb")));
    QString error;
    if (!m_sandbox->up(options, {}, &error)) {
        std::fprintf(stderr, "sandbox up failed: %s\n", qPrintable(error));
        return;
    }
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    m_inventory = inv.inventory;
    m_ok = inv.ok();
}

SandboxRun::~SandboxRun()
{
    QString error;
    m_sandbox->down({}, &error);
}

QString SandboxRun::writeFile(const QString& name, const QString& text) const
{
    const QString path = m_tmp.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(text.toUtf8());
    return path;
}

SandboxRun::Result SandboxRun::run(const QString& text, bool rollbackOnFailure, QString* error, const QString& from)
{
    Result result;
    if (!from.isEmpty() && !RunbookTree::copy(from, m_tmp.path(), error))
        return result;
    const QString path = writeFile(QStringLiteral("runbook-%1.yaml").arg(++m_files), text);
    LoadedDocument rb = DocumentLoader::loadRunbook(path);
    if (rb.runbook)
        rb.diagnostics += RunbookValidator::inventoryProblems(*rb.runbook, *m_inventory);
    if (!rb.ok()) {
        *error = rb.diagnostics.isEmpty() ? QStringLiteral("cannot load %1").arg(path) : rb.diagnostics.first().toString();
        return result;
    }
    RunOptions o;
    o.runbookPath = path;
    o.inventoryPath = m_sandbox->inventoryPath();
    o.journalPath = journalPath();
    o.rollbackOnFailure = rollbackOnFailure;
    o.confirmManualSteps = true;
    Inventory inventory = *m_inventory;
    if (!m_probe)
        inventory.trafficProbe.clear();
    const NetworkNamespace console(m_sandbox->consoleNamespace());
    RunController controller(*rb.runbook, inventory, o);
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QObject::connect(&controller, &RunController::stepFinished, [&](int, const StepResult&, qint64) { result.stepFinishedNs << clock.nsecsElapsed(); });
    QObject::connect(&controller, &RunController::runFinished, [&](RunOutcome outcome, const QString& message) {
        result.outcome = outcome;
        result.message = message;
        loop.quit();
    });
    QTimer::singleShot(0, &controller, [&] {
        result.startedNs = clock.nsecsElapsed();
        controller.start();
    });
    loop.exec();
    return result;
}

} // namespace BenchSupport
