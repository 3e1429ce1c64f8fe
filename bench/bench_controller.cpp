// A whole trivial step as the engine runs it: journal row written before, worker thread, the
// action (a new libpq connection, or a command over multiplexed SSH), journal row after.
// Prints median and p95 over N steps.   bench_controller [--steps N]
#include "benchsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <cstdio>

namespace {
QString runbookOf(const QString& kind, int steps)
{
    QString text = QStringLiteral("runbook: trivial %1 steps\nrequires: {nodes: [old_primary]}\nphases:\n  - name: Steps\n    steps:\n").arg(kind);
    for (int i = 0; i < steps; ++i) {
        text += QStringLiteral("      - id: s%1\n        %2\n        on: old_primary\n")
                    .arg(i)
                    .arg(kind == QLatin1String("sql") ? QStringLiteral("sql: SELECT 1") : QStringLiteral("shell: \"true\""));
    }
    return text;
}

void report(const char* what, const BenchSupport::SandboxRun::Result& r)
{
    QList<double> ms;
    qint64 previous = r.startedNs;
    for (qint64 ns : r.stepFinishedNs) {
        ms << (ns - previous) / 1e6;
        previous = ns;
    }
    std::printf("| %-44s | %6lld | %8.2f | %8.2f |\n", what, qint64(ms.size()), BenchSupport::percentile(ms, 0.5), BenchSupport::percentile(ms, 0.95));
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption stepsOption(QStringLiteral("steps"), QStringLiteral("Steps per figure (default 200)."), QStringLiteral("N"), QStringLiteral("200"));
    parser.addOption(stepsOption);
    parser.addHelpOption();
    parser.process(app);
    const int steps = qMax(10, parser.value(stepsOption).toInt());

    SandboxOptions o;
    o.seedScale = 0.01;
    o.ssh = true;
    BenchSupport::SandboxRun sandbox(o);
    if (!sandbox.ok())
        return 1;
    sandbox.setProbe(false);
    std::printf("| whole step, journal included                 |  steps | median ms |   p95 ms |\n|---|--:|--:|--:|\n");
    QString error;
    const auto sql = sandbox.run(runbookOf(QStringLiteral("sql"), steps), false, &error);
    if (sql.outcome != RunOutcome::Completed) {
        std::fprintf(stderr, "sql run: %s %s\n", qPrintable(sql.message), qPrintable(error));
        return 1;
    }
    report("SQL `SELECT 1` (new connection)", sql);
    const auto ssh = sandbox.run(runbookOf(QStringLiteral("shell"), steps), false, &error);
    if (ssh.outcome != RunOutcome::Completed) {
        std::fprintf(stderr, "ssh run: %s %s\n", qPrintable(ssh.message), qPrintable(error));
        return 1;
    }
    report("shell `true` over SSH (multiplexed)", ssh);
    return 0;
}
