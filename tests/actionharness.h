#pragma once
// Runs one Action on the test's thread and keeps what it said: output lines, progress, outcome,
// how long it took, and how fast it returned after a cancel from another thread.

#include "engine/action.h"

#include <QElapsedTimer>
#include <QStringList>
#include <atomic>
#include <chrono>
#include <thread>

struct ActionProgress {
    qint64 done;
    qint64 total;
    QString text;
};

struct ActionRun {
    StepResult result;
    QStringList lines;
    QList<ActionProgress> progress;
    qint64 elapsedMs = 0;
    qint64 cancelToReturnMs = -1;
};

// With cancelAfterMs >= 0 another thread cancels the action after that long.
inline ActionRun runAction(Action& action, int cancelAfterMs = -1)
{
    ActionRun run;
    ActionContext context;
    context.output = [&run](const QString& line) { run.lines << line; };
    context.progress = [&run](qint64 done, qint64 total, const QString& text) { run.progress << ActionProgress { done, total, text }; };
    QElapsedTimer clock;
    clock.start();
    std::atomic<qint64> cancelledAt { -1 };
    std::thread canceller;
    if (cancelAfterMs >= 0)
        canceller = std::thread([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(cancelAfterMs));
            cancelledAt = clock.nsecsElapsed();
            action.cancel();
        });
    run.result = action.run(context);
    const qint64 end = clock.nsecsElapsed();
    if (canceller.joinable())
        canceller.join();
    run.elapsedMs = end / 1000000;
    if (cancelledAt >= 0)
        run.cancelToReturnMs = (end - cancelledAt) / 1000000;
    return run;
}

inline QString describe(const ActionRun& r)
{
    return QStringLiteral("%1 [%2] exit %3: %4\n%5")
        .arg(stepOutcomeName(r.result.outcome), r.result.sqlstate)
        .arg(r.result.exitCode)
        .arg(r.result.error, r.lines.join(QLatin1Char('\n')));
}
