// The topology probe at scale, with the console open: N nodes (users of the sandbox's three
// servers, spread evenly) polled at 1 Hz while the topology pane shows the model. Prints the poll
// cycle time, the CPU the console process and the probe's server sessions use, the connections
// held, and the GUI thread's event-loop stalls (a 5 ms QTimer watchdog) with the graph shown, then
// with the table shown.
//   bench_topology [--nodes N] [--seconds S] [--interval MS]
//   bench_topology --screenshot FILE [--dark]     the pane on a sandbox mid-procedure, as a PNG
#include "benchsupport.h"
#include "cluster/topologymodel.h"
#include "cluster/topologyprobe.h"
#include "core/pgconnection.h"
#include "core/systemcommand.h"
#include "runbook/documentloader.h"
#include "topology/topologypainter.h"
#include "topology/topologypane.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QPainter>
#include <QStyleFactory>
#include <QTimer>
#include <cstdio>
#include <ctime>
#include <functional>
#include <sys/resource.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

namespace {
using BenchSupport::percentile;

// CPU time of the calling thread: what a piece of GUI work costs, whatever else the machine runs.
double threadCpuMs()
{
    timespec t {};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

double processCpuMs()
{
    rusage u {};
    ::getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

// CPU (ms) the given server processes have used, from /proc (the sandbox runs on this machine).
double serverCpuMs(const QList<qint64>& pids)
{
    const double tick = 1000.0 / double(::sysconf(_SC_CLK_TCK));
    double total = 0;
    for (qint64 pid : pids) {
        QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = f.readAll();
        const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
        total += (fields.value(11).toDouble() + fields.value(12).toDouble()) * tick; // utime, stime
    }
    return total;
}

// Spins the event loop until pred holds or timeoutMs passes.
bool waitUntil(const std::function<bool()>& pred, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!pred() && t.elapsed() < timeoutMs) {
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return pred();
}

struct Watchdog {
    QElapsedTimer clock;
    qint64 last = 0;
    QList<double> lateMs; // how late each 5 ms tick came
    QTimer timer;
    Watchdog()
    {
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(5);
        QObject::connect(&timer, &QTimer::timeout, [this] {
            const qint64 now = clock.nsecsElapsed();
            if (last)
                lateMs << std::max(0.0, (now - last) / 1e6 - 5.0);
            last = now;
        });
    }
    void start()
    {
        lateMs.clear();
        last = 0;
        clock.start();
        timer.start();
    }
    void stop() { timer.stop(); }
};

QList<qint64> probeBackends(const Inventory& inventory, const QStringList& servers, int* count)
{
    QList<qint64> pids;
    for (const QString& server : servers) {
        PgConnection c;
        if (!c.open(inventory.node(server)->conninfo))
            continue;
        if (const auto r = c.exec(
                QStringLiteral("SELECT pid FROM pg_stat_activity WHERE application_name = 'runbook-console-topology'")))
            for (const QStringList& row : r->rows)
                pids << row.value(0).toLongLong();
    }
    *count = pids.size();
    return pids;
}

int screenshot(BenchSupport::SandboxRun& sandbox, const QString& file, bool dark)
{
    // Mid-procedure: DB_A provisioned as a new standby of db1 (the pg_upgrade runbook's first
    // phase), and db3 gone.
    const Inventory& inv = sandbox.inventory();
    const InventoryNode* dbA = inv.node(QStringLiteral("db_a"));
    const InventoryNode* db1 = inv.node(QStringLiteral("db1"));
    const QString user = Sandbox::serverUser();
    if (!SystemCommand(dbA->bindir + QStringLiteral("/pg_basebackup"),
            { QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(*db1->port),
                QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-D"), dbA->datadir,
                QStringLiteral("-R"), QStringLiteral("-X"), QStringLiteral("stream"), QStringLiteral("-C"),
                QStringLiteral("-S"), QStringLiteral("db_a"), QStringLiteral("--checkpoint=fast") })
             .asUser(user)
             .run()
             .ok()) {
        std::fprintf(stderr, "pg_basebackup for db_a failed\n");
        return 1;
    }
    // The sandbox keeps db1's configuration outside its data directory (as Debian does), so the
    // copy has none: DB_A gets a minimal one of its own, with the limits a standby must not have
    // below its primary's.
    PgConnection primary;
    const std::optional<QString> limits = primary.open(db1->conninfo)
        ? primary.scalar(QStringLiteral(
              "SELECT string_agg(format('%s = %s', name, setting), E'\\n') FROM pg_settings WHERE name IN "
              "('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions', "
              "'max_locks_per_transaction')"))
        : std::nullopt;
    if (!limits) {
        std::fprintf(stderr, "cannot read db1's settings\n");
        return 1;
    }
    const QString logDir = inv.var(QStringLiteral("log_dir"))->value;
    const QList<QPair<QString, QByteArray>> files {
        { QStringLiteral("postgresql.conf"),
            QStringLiteral("listen_addresses = '127.0.0.1'\nport = %1\nunix_socket_directories = '%2'\n"
                           "cluster_name = 'db_a'\nhot_standby = on\n%3\n")
                .arg(*dbA->port)
                .arg(inv.var(QStringLiteral("socket_dir"))->value, *limits)
                .toUtf8() },
        { QStringLiteral("pg_hba.conf"),
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n" },
        { QStringLiteral("pg_ident.conf"), QByteArray() },
    };
    for (const auto& [name, text] : files) {
        QFile f(dbA->datadir + QLatin1Char('/') + name);
        if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(f.fileName()));
            return 1;
        }
    }
    const auto pgctl = [&](const InventoryNode* n, const QStringList& args) {
        const CommandOutcome r
            = SystemCommand(n->bindir + QStringLiteral("/pg_ctl"), QStringList { QStringLiteral("-D"), n->datadir } + args)
                  .asUser(user)
                  .run();
        if (!r.ok())
            std::fprintf(stderr, "%s\n", qPrintable(r.describe(QStringLiteral("pg_ctl"))));
        return r.ok();
    };
    if (!pgctl(dbA,
            { QStringLiteral("-l"), logDir + QStringLiteral("/db_a.log"), QStringLiteral("-w"),
                QStringLiteral("start") })
        || !pgctl(inv.node(QStringLiteral("db3")),
            { QStringLiteral("-m"), QStringLiteral("fast"), QStringLiteral("-w"), QStringLiteral("stop") })) {
        QFile log(logDir + QStringLiteral("/db_a.log"));
        std::fprintf(stderr, "pg_ctl failed; db_a's log:\n%s\n",
            log.open(QIODevice::ReadOnly) ? log.readAll().right(2000).constData() : "(none)");
        return 1;
    }
    if (dark) {
        qApp->setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QPalette p;
        p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
        p.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
        p.setColor(QPalette::Base, QColor(0x1f, 0x1f, 0x22));
        p.setColor(QPalette::AlternateBase, QColor(0x28, 0x28, 0x2c));
        p.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x3a));
        p.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe0));
        p.setColor(QPalette::HighlightedText, Qt::white);
        qApp->setPalette(p);
    }
    TopologyProbe probe(inv);
    TopologyModel model;
    QObject::connect(&probe, &TopologyProbe::snapshotReady, &model, &TopologyModel::setSnapshot);
    TopologyPane pane(nullptr);
    pane.setModel(&model);
    pane.resize(980, 760);
    pane.show();
    probe.start();
    const bool ready = waitUntil(
        [&] {
            const TopologySnapshot& s = model.snapshot();
            const TopologyNode* a = s.node(QStringLiteral("db_a"));
            const TopologyNode* db3 = s.node(QStringLiteral("db3"));
            return a && a->isUp() && db3 && db3->isFailure() && db3->unreachableSince.secsTo(s.takenAt) >= 8;
        },
        60000);
    if (!ready) {
        std::fprintf(stderr, "the scene did not settle within 60 s\n");
        return 1;
    }
    pane.selectNode(QStringLiteral("db_a"));
    waitUntil([] { return false; }, 300);
    if (!pane.grab().save(file)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
        return 1;
    }
    std::printf("%s\n", qPrintable(file));
    return 0;
}
} // namespace

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption nodesOption(QStringLiteral("nodes"), QStringLiteral("Nodes to poll (default 250)."),
        QStringLiteral("N"), QStringLiteral("250"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
        QStringLiteral("Seconds measured per view (default 30)."), QStringLiteral("S"), QStringLiteral("30"));
    const QCommandLineOption intervalOption(QStringLiteral("interval"),
        QStringLiteral("Poll interval (default 1000 ms)."), QStringLiteral("MS"), QStringLiteral("1000"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QStringLiteral("Save the pane on a sandbox mid-procedure."), QStringLiteral("FILE"));
    const QCommandLineOption darkOption(QStringLiteral("dark"), QStringLiteral("Screenshot in a dark palette."));
    parser.addOptions({ nodesOption, secondsOption, intervalOption, screenshotOption, darkOption });
    parser.addHelpOption();
    parser.process(app);

    SandboxOptions o;
    o.seedScale = 0.01;
    BenchSupport::SandboxRun sandbox(o);
    if (!sandbox.ok())
        return 1;
    if (parser.isSet(screenshotOption))
        return screenshot(sandbox, parser.value(screenshotOption), parser.isSet(darkOption));

    const int nodes = std::max(3, parser.value(nodesOption).toInt());
    const int seconds = std::max(5, parser.value(secondsOption).toInt());
    const int interval = std::max(100, parser.value(intervalOption).toInt());
    const QStringList servers { QStringLiteral("db1"), QStringLiteral("db2"), QStringLiteral("db3") };
    const int users = (nodes + 2) / 3;

    // Users replicate to the standbys with the rest of the catalog; each node is one of them on one server.
    {
        PgConnection db1;
        if (!db1.open(sandbox.inventory().node(QStringLiteral("db1"))->conninfo)
            || !db1.exec(QStringLiteral(
                "DO $$ BEGIN FOR i IN 0..%1 LOOP EXECUTE format('CREATE ROLE %I LOGIN IN ROLE pg_monitor', "
                "'bench_' || lpad(i::text, 3, '0')); END LOOP; END $$")
                             .arg(users - 1))) {
            std::fprintf(stderr, "cannot create the bench users: %s\n", qPrintable(db1.lastError().message));
            return 1;
        }
    }
    YAML::Node inv = YAML::LoadFile(sandbox.sandbox().inventoryPath().toStdString());
    YAML::Node benchNodes;
    for (int i = 0; i < nodes; ++i) {
        const QString server = servers[i % 3];
        YAML::Node n;
        n["conninfo"] = QStringLiteral("host=127.0.0.1 port=%1 dbname=app user=bench_%2")
                            .arg(*sandbox.inventory().node(server)->port)
                            .arg(i / 3, 3, 10, QLatin1Char('0'))
                            .toStdString();
        n["host"] = "local";
        n["role"] = i % 3 == 0 ? "primary" : "replica";
        benchNodes[QStringLiteral("n%1").arg(i, 3, 10, QLatin1Char('0')).toStdString()] = n;
    }
    inv["nodes"] = benchNodes;
    inv["endpoints"]["app"]["routes_to"] = "n000";
    inv.remove("aliases");
    inv.remove("traffic_probe");
    YAML::Emitter e;
    e << inv;
    const LoadedDocument loaded
        = DocumentLoader::loadData(QByteArray(e.c_str()), QStringLiteral("bench-inventory.yaml"));
    if (!loaded.ok()) {
        std::fprintf(stderr, "bench inventory: %s\n", qPrintable(loaded.diagnostics.value(0).toString()));
        return 1;
    }

    TopologyProbe probe(*loaded.inventory);
    probe.setInterval(interval);
    TopologyModel model;
    TopologyPane pane(nullptr);
    pane.setModel(&model);
    pane.resize(1280, 900);
    pane.show();
    QList<double> cycles;
    QList<double> modelMs; // the GUI thread's share of a snapshot: the model's update and the views' reactions
    int incomplete = 0;
    bool measuring = false;
    QObject::connect(&probe, &TopologyProbe::snapshotReady, &model, [&](const TopologySnapshot& s) {
        const double cpu = threadCpuMs();
        model.setSnapshot(s);
        if (measuring) {
            modelMs << threadCpuMs() - cpu;
            cycles << double(s.cycleMs);
            incomplete += s.complete ? 0 : 1;
        }
    });
    // The machine's own noise first: the watchdog with nothing polling and no pane on screen.
    Watchdog dog;
    pane.hide();
    waitUntil([] { return false; }, 1000);
    dog.start();
    waitUntil([] { return false; }, seconds * 1000);
    dog.stop();
    const QList<double> idleStalls = dog.lateMs;

    QElapsedTimer firstClock;
    firstClock.start();
    probe.start();
    if (!waitUntil([&] { return model.snapshot().takenAt.isValid() && model.snapshot().unreachableNodes().isEmpty(); },
            60000)) {
        std::fprintf(stderr, "not every node answered within 60 s: %s\n",
            qPrintable(model.snapshot().unreachableNodes().join(QLatin1Char(' '))));
        return 1;
    }
    const qint64 firstMs = firstClock.elapsed();
    int held = 0;
    const QList<qint64> backends = probeBackends(sandbox.inventory(), servers, &held);

    std::printf(
        "bench_topology: %d nodes (users of 3 servers), poll every %d ms, %d s per view\n", nodes, interval, seconds);
    std::printf("first complete snapshot (every node connected): %lld ms\n", firstMs);
    std::printf("connections held: %d to PostgreSQL (one per node) + 1 to PgBouncer's admin console\n", held);
    std::printf("\n[nothing polling, no pane shown: this machine's own noise]\n");
    std::printf("GUI event-loop stall (5 ms watchdog, %lld ticks): p99 %.1f ms, max %.1f ms\n",
        static_cast<long long>(idleStalls.size()), percentile(idleStalls, 0.99),
        idleStalls.isEmpty() ? 0.0 : *std::max_element(idleStalls.begin(), idleStalls.end()));

    const auto measure = [&](const char* view, bool shown, bool table) {
        pane.setVisible(shown);
        pane.setTableView(table);
        waitUntil([] { return false; }, 1500);
        cycles.clear();
        modelMs.clear();
        incomplete = 0;
        const double cpu0 = processCpuMs();
        const double server0 = serverCpuMs(backends);
        QElapsedTimer wall;
        wall.start();
        measuring = true;
        dog.start();
        waitUntil([] { return false; }, seconds * 1000);
        dog.stop();
        measuring = false;
        const double wallMs = double(wall.elapsed());
        const double cpu = (processCpuMs() - cpu0) / wallMs * 100;
        const double server = (serverCpuMs(backends) - server0) / wallMs * 100;
        std::printf("\n[%s view]\n", view);
        std::printf(
            "poll cycle (all %d nodes): median %.0f ms, p95 %.0f ms, max %.0f ms over %lld cycles (%d incomplete)\n",
            nodes, percentile(cycles, 0.5), percentile(cycles, 0.95),
            cycles.isEmpty() ? 0.0 : *std::max_element(cycles.begin(), cycles.end()),
            static_cast<long long>(cycles.size()), incomplete);
        std::printf(
            "CPU: console process %.1f%% of a core, the probe's %d server sessions %.1f%%\n", cpu, held, server);
        std::printf("GUI event-loop stall (5 ms watchdog, %lld ticks): p99 %.1f ms, max %.1f ms\n",
            static_cast<long long>(dog.lateMs.size()), percentile(dog.lateMs, 0.99),
            dog.lateMs.isEmpty() ? 0.0 : *std::max_element(dog.lateMs.begin(), dog.lateMs.end()));
        std::printf("model update per snapshot (GUI thread CPU): median %.1f ms, max %.1f ms\n",
            percentile(modelMs, 0.5), modelMs.isEmpty() ? 0.0 : *std::max_element(modelMs.begin(), modelMs.end()));
    };
    // The same poll with no pane on screen: how much of a stall is this machine, not the pane.
    measure("no pane shown", false, false);
    measure("graph", true, false);
    measure("table", true, true);

    // What a repaint costs in CPU: what a 1260x700 viewport shows, and the whole picture (an export).
    TopologyPaintOptions options;
    options.palette = pane.palette();
    options.font = pane.font();
    const TopologySnapshot last = model.snapshot();
    const TopologyLayout whole = TopologyPainter::layout(last, 1260, options.font);
    const auto paintMs = [&](QImage& image, const QRectF& exposed) {
        QList<double> ms;
        for (int i = 0; i < 20; ++i) {
            options.exposed = exposed;
            QPainter p(&image);
            const double cpu = threadCpuMs();
            TopologyPainter::paint(p, QRectF(QPointF(0, 0), whole.size), last, options, whole);
            ms << threadCpuMs() - cpu;
        }
        return percentile(ms, 0.5);
    };
    QImage viewport(QSize(1260, 700), QImage::Format_ARGB32_Premultiplied);
    QImage picture(QSize(1260, int(whole.size.height())), QImage::Format_ARGB32_Premultiplied);
    const double visibleMs = paintMs(viewport, QRectF(0, 0, 1260, 700));
    std::printf("\npaint (GUI thread CPU, median of 20): a 1260x700 viewport %.1f ms; the whole 1260x%d picture "
                "(export) %.1f ms\n",
        visibleMs, int(whole.size.height()), paintMs(picture, QRectF()));
    probe.stop();
    return 0;
}
