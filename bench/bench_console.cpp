// The console under load: the real MainWindow runs a shipped procedure on a fresh sandbox with
// the traffic probe on, its gates passed as an operator would, while a watchdog timer on the GUI
// thread records every event-loop stall. Also: cold start of the real binary to its first
// mapped window (under X), resident memory before and after, an optional soak (a long run that
// streams output while the probe and the console keep going), and an optional screenshot taken
// mid-run for the README.
//   bench_console [--runbook FILE] [--scale F] [--old-bindir DIR] [--cold-starts N]
//                 [--screenshot PNG --at STEP [--delay MS]] [--soak SECONDS]
#include "benchsupport.h"

#include "engine/runsession.h"
#include "mainwindow.h"
#include "run/startrundialog.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>
#include <cstdio>
#include <functional>

#include <X11/Xlib.h>

namespace {

qint64 residentKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// Milliseconds from starting the real binary to its first top-level window being mapped, seen
// from the X server (so nothing in the product is instrumented). -1 without a display.
double coldStartMs(const QString& runbook, const QString& inventory, const QString& journal)
{
    Display* dpy = XOpenDisplay(nullptr);
    if (!dpy)
        return -1;
    XSelectInput(dpy, DefaultRootWindow(dpy), SubstructureNotifyMask);
    XSync(dpy, True);
    QProcess console;
    QElapsedTimer clock;
    clock.start();
    console.start(QStringLiteral(RBC_CONSOLE_BINARY), { runbook, QStringLiteral("--inventory"), inventory, QStringLiteral("--journal"), journal });
    double ms = -1;
    while (clock.elapsed() < 20000 && ms < 0) {
        while (XPending(dpy)) {
            XEvent e;
            XNextEvent(dpy, &e);
            if (e.type == MapNotify) {
                ms = clock.nsecsElapsed() / 1e6;
                break;
            }
        }
        if (ms < 0)
            QThread::usleep(500);
    }
    XCloseDisplay(dpy);
    console.terminate();
    if (!console.waitForFinished(10000))
        console.kill();
    return ms;
}

// Records the gaps between ticks of a 5 ms timer on the GUI thread: anything past the interval is
// a stall of the event loop.
class StallWatchdog : public QObject {
public:
    StallWatchdog()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double now = m_clock.nsecsElapsed() / 1e6;
            const double stall = qMax(0.0, now - m_last - 5.0);
            m_stalls << stall;
            if (stall > 20 && m_describe && qEnvironmentVariableIsSet("RBC_BENCH_VERBOSE"))
                std::fprintf(stderr, "stall %.1f ms at %.0f ms: %s\n", stall, now, qPrintable(m_describe()));
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    const QList<double>& stalls() const { return m_stalls; }
    std::function<QString()> m_describe;

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_last = 0;
    QList<double> m_stalls;
};

// With RBC_BENCH_VERBOSE set: every event that keeps the GUI thread busy for more than 15 ms is
// named (receiver class and name, event type), so a stall can be traced to what caused it.
class TimingApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject* receiver, QEvent* event) override
    {
        if (!m_verbose || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        QElapsedTimer t;
        t.start();
        const int type = event->type();
        const QByteArray cls = receiver->metaObject()->className();
        const QString name = receiver->objectName();
        const bool r = QApplication::notify(receiver, event);
        if (const qint64 ms = t.elapsed(); ms > 15 && ++m_depth == 1)
            std::fprintf(stderr, "slow event: %lld ms, type %d to %s '%s'\n", ms, type, cls.constData(), qPrintable(name));
        m_depth = 0;
        return r;
    }

private:
    bool m_verbose = qEnvironmentVariableIsSet("RBC_BENCH_VERBOSE");
    int m_depth = 0;
};

} // namespace

int main(int argc, char* argv[])
{
    TimingApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("runbook-console-bench"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption runbookOption(QStringLiteral("runbook"), QStringLiteral("Runbook to run."), QStringLiteral("FILE"),
        QStringLiteral(RBC_SOURCE_DIR "/runbooks/logical-replication-move.yaml"));
    const QCommandLineOption scaleOption(QStringLiteral("scale"), QStringLiteral("Sandbox seed scale."), QStringLiteral("F"), QStringLiteral("0.2"));
    const QCommandLineOption oldOption(QStringLiteral("old-bindir"), QStringLiteral("Old major's bindir for the source."), QStringLiteral("DIR"));
    const QCommandLineOption coldOption(QStringLiteral("cold-starts"), QStringLiteral("Cold starts to time (needs X)."), QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption shotOption(QStringLiteral("screenshot"), QStringLiteral("Save a screenshot mid-run."), QStringLiteral("PNG"));
    const QCommandLineOption atOption(QStringLiteral("at"), QStringLiteral("Step during which to take it."), QStringLiteral("STEP"));
    const QCommandLineOption delayOption(QStringLiteral("delay"), QStringLiteral("Milliseconds into that step."), QStringLiteral("MS"), QStringLiteral("1200"));
    const QCommandLineOption soakOption(QStringLiteral("soak"), QStringLiteral("Also run a soak of this many seconds."), QStringLiteral("SECONDS"));
    parser.addOptions({ runbookOption, scaleOption, oldOption, coldOption, shotOption, atOption, delayOption, soakOption });
    parser.process(app);

    SandboxOptions options;
    options.seedScale = parser.value(scaleOption).toDouble();
    options.oldBindir = parser.value(oldOption);
    std::fprintf(stderr, "bringing up a sandbox (scale %s)...\n", qPrintable(parser.value(scaleOption)));
    BenchSupport::SandboxRun sandbox(options);
    if (!sandbox.ok())
        return 1;
    const QString runbook = parser.value(runbookOption);
    const QString inventory = sandbox.sandbox().inventoryPath();

    // Cold start: the real binary, several times; median.
    QList<double> cold;
    for (int i = 0; i < parser.value(coldOption).toInt(); ++i) {
        const double ms = coldStartMs(runbook, inventory, sandbox.journalPath() + QStringLiteral(".cold"));
        if (ms >= 0)
            cold << ms;
    }

    const qint64 rssStart = residentKb();
    MainWindow window;
    window.setJournalPath(sandbox.journalPath());
    window.resize(1600, 1000);
    window.show();
    QSignalSpy checked(&window, &MainWindow::lastRunChecked);
    window.openFiles(runbook, inventory);
    if (!checked.wait(30000)) {
        std::fprintf(stderr, "the console did not load %s\n", qPrintable(runbook));
        return 1;
    }
    RunSession* session = window.session();
    if (!session)
        return 1;

    // The operator: accepts the rehearsal dialog, passes each gate after a moment.
    QTimer dialogs;
    dialogs.setInterval(20);
    QObject::connect(&dialogs, &QTimer::timeout, [&] {
        if (auto* d = qobject_cast<StartRunDialog*>(QApplication::activeModalWidget()))
            d->startButton()->click();
    });
    dialogs.start();
    QObject::connect(session->controller(), &RunController::manualGateReached, &window, [&window](int, const QString&) {
        QTimer::singleShot(300, &window, [&window] { window.action(QStringLiteral("continueGate"))->trigger(); });
    });
    const QString shot = parser.value(shotOption);
    const QString at = parser.value(atOption);
    if (!shot.isEmpty()) {
        const int delay = parser.value(delayOption).toInt();
        QObject::connect(session->controller(), &RunController::stepStarted, &window, [&, delay](int index) {
            if (session->steps().value(index).step->id != at)
                return;
            QTimer::singleShot(delay, &window, [&] {
                window.grab().save(shot);
                std::fprintf(stderr, "screenshot: %s\n", qPrintable(shot));
            });
        });
    }

    StallWatchdog watchdog;
    watchdog.m_describe = [session] {
        const RunStatus& st = session->status();
        return QStringLiteral("%1 at step %2").arg(runStateName(st.state)).arg(st.currentIndex >= 0 && st.currentIndex < session->steps().size() ? session->steps()[st.currentIndex].step->id : QString());
    };
    watchdog.start();
    QElapsedTimer runClock;
    runClock.start();
    window.action(QStringLiteral("run"))->trigger();
    while (session->status().state != RunState::Finished && runClock.elapsed() < 30 * 60 * 1000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    watchdog.stop();
    dialogs.stop();
    const qint64 rssAfterRun = residentKb();
    const QList<double>& stalls = watchdog.stalls();
    const double maxStall = stalls.isEmpty() ? 0 : *std::max_element(stalls.cbegin(), stalls.cend());

    std::printf("runbook: %s\n", qPrintable(QFileInfo(runbook).fileName()));
    std::printf("run: %s in %.1f s (%d steps)\n", qPrintable(runOutcomeName(session->status().outcome)), runClock.elapsed() / 1000.0,
        session->status().stepCount);
    std::printf("GUI event-loop stalls over %lld ticks of 5 ms: median %.2f ms, p99 %.2f ms, max %.2f ms\n", qint64(stalls.size()),
        BenchSupport::percentile(stalls, 0.5), BenchSupport::percentile(stalls, 0.99), maxStall);
    if (!cold.isEmpty())
        std::printf("cold start to first mapped window: median %.0f ms, max %.0f ms over %lld starts\n", BenchSupport::percentile(cold, 0.5),
            *std::max_element(cold.cbegin(), cold.cend()), qint64(cold.size()));
    else
        std::printf("cold start: not measured (no X display)\n");
    std::printf("resident memory: %lld MiB before opening, %lld MiB after the run\n", rssStart / 1024, rssAfterRun / 1024);

    // The soak: a long step that streams output (the log stays bounded), with the probe on.
    const int soak = parser.value(soakOption).toInt();
    if (soak > 0) {
        const QString soakRunbook = sandbox.writeFile(QStringLiteral("soak.yaml"),
            QStringLiteral("runbook: Console soak\nrequires: {nodes: [db1]}\nphases:\n  - name: Soak\n    steps:\n"
                           "      - id: stream\n        shell: 'for i in $(seq 1 %1); do echo \"line $i of the soak\"; sleep 0.05; done'\n"
                           "        on: db1\n        timeout: %2s\n")
                .arg(soak * 20)
                .arg(soak + 600));
        QSignalSpy loaded(&window, &MainWindow::lastRunChecked);
        window.openFiles(soakRunbook, inventory);
        loaded.wait(30000);
        RunSession* soakSession = window.session();
        dialogs.start();
        QElapsedTimer soakClock;
        soakClock.start();
        StallWatchdog soakWatch;
        soakWatch.start();
        window.action(QStringLiteral("run"))->trigger();
        qint64 peak = 0;
        qint64 nextSample = 0;
        while (soakSession->status().state != RunState::Finished && soakClock.elapsed() < qint64(soak + 900) * 1000) {
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            if (soakClock.elapsed() >= nextSample) {
                const qint64 rss = residentKb();
                peak = qMax(peak, rss);
                std::fprintf(stderr, "soak %lld s: %lld MiB\n", soakClock.elapsed() / 1000, rss / 1024);
                nextSample += 60000;
            }
        }
        soakWatch.stop();
        const QList<double>& s = soakWatch.stalls();
        std::printf("soak: %s after %.0f s; resident memory %lld MiB at the end, %lld MiB at most; stalls p99 %.2f ms, max %.2f ms\n",
            qPrintable(runOutcomeName(soakSession->status().outcome)), soakClock.elapsed() / 1000.0, residentKb() / 1024, peak / 1024,
            BenchSupport::percentile(s, 0.99), s.isEmpty() ? 0.0 : *std::max_element(s.cbegin(), s.cend()));
    }
    window.hide();
    return session->status().outcome == RunOutcome::Completed ? 0 : 1;
}
