// The downtime clients really see, per shipped procedure: each runbook runs on a fresh sandbox
// with the traffic probe writing and reading through the `app` endpoint every 50 ms, and the
// probe's write/read windows are read back from the journal. Rollback: a failure is injected
// where a rollback costs the most, and the time from the rollback's first step to writes
// working again is measured. Prints medians over N runs. The old side runs PostgreSQL 13
// (Debian bullseye). With --hosts, on sandbox up --hosts: every node on a host of its own, the
// endpoint is /etc/hosts on two application hosts, the probe runs on one of them.
// With --cutover hold, each runbook runs in hold mode (PgBouncer PAUSE for the write window): the
// figures that matter then are the probe's failed requests and the longest wait of a held one.
// --no-rollback skips the rollback runs (on a large --scale, each is a whole move again); --step ID
// also prints the median duration of that step (e.g. pg-upgrade, to set a hold against it).
// Under the table row: the rollback runs' failed requests and, in hold mode (a rollback past the
// switch holds clients too), their longest held wait and how long the rollback held clients.
//   bench_downtime [--runs N] [--scale F] [--hosts] [--cutover hold|refuse] [--no-rollback] [--step ID]... [--method switch|pg-upgrade|logical|expand-contract]...
#include "benchsupport.h"

#include "journal/journalevent.h"
#include "journal/rundetail.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <cstdio>

namespace {
struct Method {
    QString name;
    QString runbook; // file under runbooks/, empty: inline
    bool oldMajor = false; // build the source side from PostgreSQL 13
    QString failBefore; // step to inject a failure before, for the rollback figure
    QString failAfter; // or after (a rollback past the switch, lossless)
    QString failOn = QStringLiteral("old_primary"); // a node the runbook requires, for the failing step
};

const QString kSwitchRunbook = QStringLiteral(R"yaml(runbook: Endpoint switch there and back
requires: {nodes: [old_primary, read_replica], endpoints: [app]}
phases:
  - name: Switch
    steps:
      - id: away
        switch: {endpoint: app, to: read_replica}
        downtime: writes-begin
      - id: back
        switch: {endpoint: app, to: old_primary}
        downtime: writes-end
)yaml");

const QString kRunbooks = QStringLiteral(RBC_SOURCE_DIR "/runbooks");

QString readRunbook(const QString& file)
{
    QFile f(kRunbooks + QLatin1Char('/') + file);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QString injectFailure(QString text, const QString& before, const QString& after, const QString& on)
{
    const QString failing = QStringLiteral("      - id: injected-failure\n        sql: SELECT 1/0\n        on: %1\n").arg(on);
    if (!before.isEmpty()) {
        const QString anchor = QStringLiteral("      - id: %1\n").arg(before);
        return text.replace(anchor, failing + anchor);
    }
    // After a step: before the step that follows it.
    const QString anchor = QStringLiteral("      - id: %1\n").arg(after);
    const qsizetype at = text.indexOf(anchor);
    const qsizetype next = at < 0 ? -1 : text.indexOf(QStringLiteral("\n      - id: "), at + anchor.size());
    if (next < 0)
        return text;
    return text.insert(next + 1, failing);
}

struct Figures {
    double writeMs = 0;
    double readMs = 0;
    int readWindows = 0;
    double totalS = 0;
    double failedRequests = 0; // the probe's failed writes and reads, whole run
    double longestHeldMs = 0; // hold mode: the longest wait of a request while clients were held
    double rollbackHeldMs = 0; // hold mode: how long a rollback held clients (0: it did not)
    double rollbackLongestMs = 0; // and the longest wait of a request it held (its hold is the run's last)
};

// `cutover: hold` right under the runbook's name (a runbook that says nothing refuses).
QString holding(QString text)
{
    const qsizetype eol = text.indexOf(QLatin1Char('\n'), text.indexOf(QStringLiteral("\nrunbook:")) + 1);
    return eol < 0 ? text : text.insert(eol + 1, QStringLiteral("cutover: hold\n"));
}

Figures windowsOf(const RunDetail& run)
{
    Figures f;
    for (const DowntimeWindow& w : run.windows) {
        if (w.source != QLatin1String("probe"))
            continue;
        if (w.kind == QLatin1String("writes"))
            f.writeMs += w.durationMs.value_or(0);
        else
            f.readMs += w.durationMs.value_or(0), ++f.readWindows;
    }
    if (run.run.durationMs())
        f.totalS = *run.run.durationMs() / 1000.0;
    static const QRegularExpression failed(QStringLiteral(R"(^traffic probe: \d+ writes \((\d+) failed\), \d+ reads \((\d+) failed\))"));
    static const QRegularExpression longest(QStringLiteral(R"(longest wait (\d+) ms)"));
    static const QRegularExpression heldFor(QStringLiteral(R"(^hold: clients of \S+ held (\d+) ms, then )"));
    bool rollbackHold = false;
    for (const JournalEvent& e : run.events) {
        if (e.text.startsWith(QLatin1String(kHoldEventPrefix)) && e.text.contains(QStringLiteral(" are held through the rollback ")))
            rollbackHold = true;
        if (const auto m = heldFor.match(e.text); rollbackHold && m.hasMatch())
            f.rollbackHeldMs = m.captured(1).toDouble();
        if (const auto m = failed.match(e.text); m.hasMatch())
            f.failedRequests += m.captured(1).toDouble() + m.captured(2).toDouble();
        if (e.text.startsWith(QLatin1String(kProbeHoldEventPrefix))) {
            f.longestHeldMs = qMax(f.longestHeldMs, longest.match(e.text).captured(1).toDouble());
            if (rollbackHold)
                f.rollbackLongestMs = longest.match(e.text).captured(1).toDouble();
        }
    }
    return f;
}

std::optional<RunDetail> lastRun(const BenchSupport::SandboxRun& sandbox)
{
    RunJournal j;
    if (!j.open(sandbox.journalPath()))
        return std::nullopt;
    return j.run(QStringLiteral("last"));
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs per method (default 3)."), QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption methodOption(QStringLiteral("method"), QStringLiteral("Only this method (repeatable)."), QStringLiteral("NAME"));
    const QCommandLineOption scaleOption(QStringLiteral("scale"), QStringLiteral("Sandbox seed scale (default 0.2)."), QStringLiteral("F"), QStringLiteral("0.2"));
    const QCommandLineOption hostsOption(QStringLiteral("hosts"), QStringLiteral("On sandbox up --hosts (needs root)."));
    const QCommandLineOption cutoverOption(QStringLiteral("cutover"), QStringLiteral("hold or refuse (default: each runbook's own)."), QStringLiteral("MODE"));
    const QCommandLineOption noRollbackOption(QStringLiteral("no-rollback"), QStringLiteral("Skip the rollback runs."));
    const QCommandLineOption stepOption(QStringLiteral("step"), QStringLiteral("Also the median duration of this step (repeatable)."), QStringLiteral("ID"));
    parser.addOptions({ runsOption, methodOption, scaleOption, hostsOption, cutoverOption, noRollbackOption, stepOption });
    parser.addHelpOption();
    parser.process(app);
    const int runs = qMax(1, parser.value(runsOption).toInt());

    const QList<Method> methods {
        { QStringLiteral("switch"), QString(), false, QString(), QString() },
        { QStringLiteral("pg-upgrade"), QStringLiteral("pg-upgrade-link.yaml"), true, QStringLiteral("route-to-db-a"), QString(), QStringLiteral("read_replica") },
        { QStringLiteral("logical"), QStringLiteral("logical-replication-move.yaml"), true, QString(), QStringLiteral("route-to-target"), QStringLiteral("source") },
        { QStringLiteral("expand-contract"), QStringLiteral("expand-contract-column.yaml"), false, QString(), QString() },
    };
    const bool hold = parser.value(cutoverOption) == QLatin1String("hold");
    std::printf("| method | cutover | runs | writes unavailable, median ms | reads unavailable, median ms | failed requests, median | "
                "longest held wait, median ms | run, median s | rollback to writes restored, median ms |\n");
    std::printf("|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for (const Method& m : methods) {
        if (parser.isSet(methodOption) && !parser.values(methodOption).contains(m.name))
            continue;
        QString text = m.runbook.isEmpty() ? kSwitchRunbook : readRunbook(m.runbook);
        if (hold)
            text = holding(text);
        if (text.isEmpty()) {
            std::printf("| %s | 0 | runbook %s missing | | | |\n", qPrintable(m.name), qPrintable(m.runbook));
            continue;
        }
        QList<double> writes, reads, totals, restores, failures, held, rollbackFailures, rollbackWaits, rollbackHolds, rollbackHoldWaits;
        QMap<QString, QList<double>> stepMs;
        for (int i = 0; i < runs; ++i) {
            SandboxOptions o;
            o.seedScale = parser.value(scaleOption).toDouble();
            o.hosts = parser.isSet(hostsOption);
            if (m.oldMajor)
                o.oldBindir = QStringLiteral(RBC_PG13_BINDIR);
            {
                BenchSupport::SandboxRun sandbox(o);
                if (!sandbox.ok())
                    return 1;
                QString error;
                const auto r = sandbox.run(text, false, &error, kRunbooks);
                const auto detail = lastRun(sandbox);
                if (r.outcome != RunOutcome::Completed || !detail) {
                    std::fprintf(stderr, "%s: run %s %s %s\n", qPrintable(m.name), qPrintable(runOutcomeName(r.outcome)), qPrintable(r.message), qPrintable(error));
                    return 1;
                }
                const Figures f = windowsOf(*detail);
                writes << f.writeMs;
                reads << f.readMs;
                totals << f.totalS;
                failures << f.failedRequests;
                held << f.longestHeldMs;
                for (const StepRecord& s : detail->steps)
                    if (!s.isRollback && parser.values(stepOption).contains(s.stepId))
                        stepMs[s.stepId] << double(s.durationMs.value_or(0));
            }
            if ((m.failBefore.isEmpty() && m.failAfter.isEmpty()) || parser.isSet(noRollbackOption))
                continue;
            BenchSupport::SandboxRun sandbox(o);
            if (!sandbox.ok())
                return 1;
            QString error;
            const auto r = sandbox.run(injectFailure(text, m.failBefore, m.failAfter, m.failOn), true, &error, kRunbooks);
            const auto detail = lastRun(sandbox);
            if (r.outcome != RunOutcome::RolledBack || !detail) {
                std::fprintf(stderr, "%s: rollback run %s %s %s\n", qPrintable(m.name), qPrintable(runOutcomeName(r.outcome)), qPrintable(r.message), qPrintable(error));
                return 1;
            }
            QDateTime rollbackStart;
            for (const StepRecord& s : detail->steps)
                if (s.isRollback && !rollbackStart.isValid())
                    rollbackStart = s.startedAt;
            QDateTime restored;
            for (const DowntimeWindow& w : detail->windows)
                if (w.source == QLatin1String("probe") && w.kind == QLatin1String("writes") && w.endedAt.isValid())
                    restored = qMax(restored, w.endedAt);
            restores << (restored.isValid() && rollbackStart.isValid() ? qMax<qint64>(0, rollbackStart.msecsTo(restored)) : 0);
            const Figures f = windowsOf(*detail);
            rollbackFailures << f.failedRequests;
            rollbackWaits << f.longestHeldMs;
            rollbackHolds << f.rollbackHeldMs;
            rollbackHoldWaits << f.rollbackLongestMs;
        }
        std::printf("| %s | %s | %d | %.0f | %.0f | %.0f | %s | %.1f | %s |\n", qPrintable(m.name), hold ? "hold" : "refuse", runs,
            BenchSupport::percentile(writes, 0.5), BenchSupport::percentile(reads, 0.5), BenchSupport::percentile(failures, 0.5),
            hold ? qPrintable(QString::number(BenchSupport::percentile(held, 0.5), 'f', 0)) : "n/a", BenchSupport::percentile(totals, 0.5),
            restores.isEmpty() ? "n/a" : qPrintable(QString::number(BenchSupport::percentile(restores, 0.5), 'f', 0)));
        if (!rollbackFailures.isEmpty())
            std::printf("  %s, rollback runs: failed requests median %.0f%s\n", qPrintable(m.name), BenchSupport::percentile(rollbackFailures, 0.5),
                hold ? qPrintable(QStringLiteral(", longest held wait median %1 ms (cutover and rollback holds); the rollback held clients "
                                                 "median %2 ms, its longest wait median %3 ms")
                                      .arg(BenchSupport::percentile(rollbackWaits, 0.5), 0, 'f', 0)
                                      .arg(BenchSupport::percentile(rollbackHolds, 0.5), 0, 'f', 0)
                                      .arg(BenchSupport::percentile(rollbackHoldWaits, 0.5), 0, 'f', 0))
                     : "");
        for (auto it = stepMs.cbegin(); it != stepMs.cend(); ++it)
            std::printf("  %s, step %s: median %.0f ms\n", qPrintable(m.name), qPrintable(it.key()), BenchSupport::percentile(it.value(), 0.5));
        std::fflush(stdout);
    }
    return 0;
}
