// How long the journal's durable writes take on this disk (WAL, synchronous=FULL): the cost the
// engine pays at every step transition. Usage: bench_journal [DIR] [PAIRS]
#include "journal/runjournal.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {
void report(const char* what, QList<qint64> nanos)
{
    std::sort(nanos.begin(), nanos.end());
    const auto at = [&nanos](double q) {
        return nanos[std::min<qsizetype>(nanos.size() - 1, qsizetype(q * nanos.size()))] / 1e6;
    };
    std::printf("%-28s n=%-5lld median %7.3f ms   p90 %7.3f ms   p99 %7.3f ms   max %7.3f ms\n", what,
        static_cast<long long>(nanos.size()), at(0.5), at(0.9), at(0.99), nanos.last() / 1e6);
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTemporaryDir tmp(args.size() > 1 ? args[1] + QStringLiteral("/bench_journal-XXXXXX")
                                      : QDir::currentPath() + QStringLiteral("/bench_journal-XXXXXX"));
    const int pairs = args.size() > 2 ? std::max(10, args[2].toInt()) : 200;
    if (!tmp.isValid()) {
        std::fprintf(stderr, "cannot create a directory for the journal\n");
        return 1;
    }
    const QString path = tmp.filePath(QStringLiteral("journal.sqlite"));
    RunJournal journal;
    QString error;
    QElapsedTimer t;
    t.start();
    if (!journal.open(path, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    std::printf("journal %s (WAL, synchronous=FULL)\n", qPrintable(path));
    std::printf("%-28s %.3f ms\n", "open + create schema", t.nsecsElapsed() / 1e6);

    QList<qint64> runs, begins, ends, pairTimes, events;
    QString runId;
    for (int i = 0; i < 20; ++i) {
        RunStart start;
        start.runbookName = QStringLiteral("bench");
        t.restart();
        runId = journal.beginRun(start);
        runs << t.nsecsElapsed();
    }
    StepResult result;
    result.outcome = StepOutcome::Succeeded;
    result.output = QString(2000, QLatin1Char('o'));
    for (int i = 0; i < pairs; ++i) {
        StepRecord step;
        step.phase = QStringLiteral("Bench");
        step.stepId = QStringLiteral("step-%1").arg(i);
        step.kind = QStringLiteral("sql");
        QElapsedTimer pair;
        pair.start();
        t.restart();
        const qint64 row = journal.beginStep(runId, step);
        begins << t.nsecsElapsed();
        t.restart();
        if (row < 0 || !journal.endStep(row, result, 1)) {
            std::fprintf(stderr, "%s\n", qPrintable(journal.lastError()));
            return 1;
        }
        ends << t.nsecsElapsed();
        pairTimes << pair.nsecsElapsed();
        t.restart();
        journal.addEvent(runId, QStringLiteral("event %1").arg(i));
        events << t.nsecsElapsed();
    }
    report("beginRun", runs);
    report("beginStep", begins);
    report("endStep (2 KB output)", ends);
    report("beginStep + endStep", pairTimes);
    report("addEvent", events);
    t.restart();
    const auto detail = journal.run(runId);
    std::printf("%-28s %.3f ms (%lld steps)\n", "read a run back", t.nsecsElapsed() / 1e6,
        static_cast<long long>(detail ? detail->steps.size() : 0));
    return 0;
}
