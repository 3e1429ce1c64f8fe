// Step overheads on a real sandbox (with its sshd): what the engine pays per step before any real
// work, and how fast a cancel lands. Prints median and p95 per figure.
//   bench_steps [--steps N] [--cancels N]
#include "engine/shellaction.h"
#include "engine/shellprocess.h"
#include "engine/sqlaction.h"
#include "engine/stepworker.h"
#include "sandbox/sandbox.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <yaml-cpp/yaml.h>

namespace {
QElapsedTimer g_clock;

// Records when the worker thread actually enters the action: the step-start overhead.
class TimedAction : public Action {
public:
    explicit TimedAction(std::unique_ptr<Action> inner)
        : m_inner(std::move(inner))
    {
    }
    StepResult run(const ActionContext& context) override
    {
        m_enteredNs = g_clock.nsecsElapsed();
        return m_inner->run(context);
    }
    void cancel() override { m_inner->cancel(); }
    std::atomic<qint64> m_enteredNs { -1 };

private:
    std::unique_ptr<Action> m_inner;
};

struct StepTimes {
    double startMs = 0; // start() -> action entered on its thread
    double totalMs = 0; // start() -> finished delivered to this thread
    double cancelMs = -1; // cancel() -> finished delivered
    StepOutcome outcome = StepOutcome::Pending;
    QString error;
};

StepTimes runStep(std::unique_ptr<Action> action, int cancelAfterMs = -1)
{
    auto timed = std::make_unique<TimedAction>(std::move(action));
    TimedAction* probe = timed.get();
    StepWorker worker(std::move(timed), 1);
    StepTimes t;
    QEventLoop loop;
    qint64 finishedNs = 0;
    QObject::connect(&worker, &StepWorker::finished, &loop, [&](quint64, const StepResult& r) {
        finishedNs = g_clock.nsecsElapsed();
        t.outcome = r.outcome;
        t.error = r.error;
        loop.quit();
    });
    qint64 cancelNs = -1;
    if (cancelAfterMs >= 0)
        QTimer::singleShot(cancelAfterMs, &loop, [&] {
            cancelNs = g_clock.nsecsElapsed();
            worker.cancel();
        });
    const qint64 startNs = g_clock.nsecsElapsed();
    worker.start();
    loop.exec();
    t.startMs = (probe->m_enteredNs - startNs) / 1e6;
    t.totalMs = (finishedNs - startNs) / 1e6;
    if (cancelNs >= 0)
        t.cancelMs = (finishedNs - cancelNs) / 1e6;
    return t;
}

struct Figure {
    QString name;
    QVector<double> values;
    QString target;
    int failures = 0;
    QString lastError;
};

double percentile(QVector<double> v, double p)
{
    if (v.isEmpty())
        return 0;
    std::sort(v.begin(), v.end());
    const qsizetype i = std::min<qsizetype>(v.size() - 1, qsizetype(std::ceil(p * v.size())) - 1);
    return v[std::max<qsizetype>(0, i)];
}

void print(const QList<Figure>& figures)
{
    std::printf("\n%-44s %5s %10s %10s   %s\n", "figure", "n", "median ms", "p95 ms", "target");
    for (const Figure& f : figures) {
        std::printf("%-44s %5lld %10.2f %10.2f   %s%s\n", qPrintable(f.name), qlonglong(f.values.size()),
            percentile(f.values, 0.5), percentile(f.values, 0.95), qPrintable(f.target),
            f.failures ? qPrintable(QStringLiteral("  (%1 failed: %2)").arg(f.failures).arg(f.lastError)) : "");
    }
    std::fflush(stdout);
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption stepsOpt(
        QStringLiteral("steps"), QStringLiteral("steps per figure"), QStringLiteral("N"), QStringLiteral("200"));
    QCommandLineOption cancelsOpt(
        QStringLiteral("cancels"), QStringLiteral("cancels per figure"), QStringLiteral("N"), QStringLiteral("20"));
    parser.addOptions({ stepsOpt, cancelsOpt });
    parser.process(app);
    const int steps = parser.value(stepsOpt).toInt();
    const int cancels = parser.value(cancelsOpt).toInt();
    g_clock.start();

    QTemporaryDir tmp(QDir::tempPath() + QStringLiteral("/rbc-bench-XXXXXX"));
    QFile::setPermissions(tmp.path(),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup
            | QFile::ExeGroup);
    Sandbox sandbox(tmp.filePath(QStringLiteral("sb")));
    SandboxOptions so;
    so.ssh = true;
    so.seedScale = 0.01;
    QString error;
    std::fprintf(stderr, "bringing up a sandbox with sshd in %s\n", qPrintable(sandbox.dir()));
    if (!sandbox.up(so, {}, &error)) {
        std::fprintf(stderr, "sandbox up failed: %s\n", qPrintable(error));
        return 1;
    }
    const YAML::Node inv = YAML::LoadFile(sandbox.inventoryPath().toStdString());
    NodeTarget remote;
    remote.name = QStringLiteral("db1");
    remote.conninfo = QString::fromStdString(inv["nodes"]["db1"]["conninfo"].as<std::string>());
    remote.host = QString::fromStdString(inv["nodes"]["db1"]["host"].as<std::string>());
    remote.sshConfig = QString::fromStdString(inv["ssh"]["config"].as<std::string>());
    NodeTarget local = remote;
    local.host = QStringLiteral("local");
    local.runAs = Sandbox::serverUser();

    QList<Figure> figures;
    const auto measure
        = [&](const QString& name, const QString& target, int n, auto makeAction, int cancelAfterMs, auto pick) {
              Figure f { name, {}, target };
              std::fprintf(stderr, "%s x%d\n", qPrintable(name), n);
              for (int i = 0; i < n; ++i) {
                  const StepTimes t = runStep(makeAction(), cancelAfterMs);
                  const bool ok
                      = cancelAfterMs >= 0 ? t.outcome == StepOutcome::Cancelled : t.outcome == StepOutcome::Succeeded;
                  if (!ok) {
                      ++f.failures;
                      f.lastError = t.error;
                      continue;
                  }
                  f.values << pick(t);
              }
              figures << f;
              return f;
          };
    const auto sql = [&](const QString& s) {
        return [&local, s] { return std::unique_ptr<Action>(new SqlAction(local, SqlActionOptions { { s } })); };
    };
    const auto sh = [](const NodeTarget& t, const QString& cmd, bool multiplex = true) {
        return [t, cmd, multiplex] {
            return std::unique_ptr<Action>(new ShellAction(t, ShellActionOptions { cmd, multiplex }));
        };
    };
    const auto start = [](const StepTimes& t) { return t.startMs; };
    const auto total = [](const StepTimes& t) { return t.totalMs; };
    const auto cancel = [](const StepTimes& t) { return t.cancelMs; };

    // Warm-up: page cache, the first thread, the ssh master.
    for (int i = 0; i < 5; ++i)
        runStep(sql(QStringLiteral("SELECT 1"))());
    ShellProcess::closeMaster(remote);

    measure(QStringLiteral("step start (start() -> run() on its thread)"), QStringLiteral("-"), steps,
        sql(QStringLiteral("SELECT 1")), -1, start);
    measure(QStringLiteral("sql SELECT 1, new connection, whole step"), QStringLiteral("<= 5 ms p95"), steps,
        sql(QStringLiteral("SELECT 1")), -1, total);
    measure(QStringLiteral("local shell `true`, whole step"), QStringLiteral("-"), steps,
        sh(local, QStringLiteral("true")), -1, total);
    runStep(sh(remote, QStringLiteral("true"))()); // opens the master
    measure(QStringLiteral("ssh `true`, multiplexed (master warm)"), QStringLiteral("<= 25 ms p95"), steps,
        sh(remote, QStringLiteral("true")), -1, total);
    measure(QStringLiteral("ssh `true`, fresh connection (no master)"), QStringLiteral("-"), steps,
        sh(remote, QStringLiteral("true"), false), -1, total);
    measure(QStringLiteral("cancel sql pg_sleep(60)"), QStringLiteral("<= 100 ms"), cancels,
        sql(QStringLiteral("SELECT pg_sleep(60)")), 200, cancel);
    measure(QStringLiteral("cancel local shell sleep 60"), QStringLiteral("<= 100 ms"), cancels,
        sh(local, QStringLiteral("sleep 60")), 200, cancel);
    measure(QStringLiteral("cancel ssh sleep 60 (remote group killed)"), QStringLiteral("<= 100 ms"), cancels,
        sh(remote, QStringLiteral("sleep 60")), 300, cancel);
    print(figures);

    ShellProcess::closeMaster(remote);
    if (!sandbox.down({}, &error)) {
        std::fprintf(stderr, "sandbox down failed: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}
