#include "cli/statuscommand.h"

#include "cli/commandparser.h"
#include "cli/interruptwatcher.h"
#include "cli/runbookinputs.h"
#include "cluster/topologyformat.h"
#include "cluster/topologyprobe.h"
#include "runbook/documentloader.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimer>
#include <unistd.h>

namespace {
// Left-aligned columns as wide as their widest cell, two spaces apart, trailing blanks trimmed.
QString table(const QList<QStringList>& rows, const QString& indent = QString())
{
    QList<int> widths;
    for (const QStringList& r : rows)
        for (int c = 0; c < r.size(); ++c) {
            if (c >= widths.size())
                widths << 0;
            widths[c] = std::max(widths[c], int(r[c].size()));
        }
    QString out;
    for (const QStringList& r : rows) {
        QString line;
        for (int c = 0; c < r.size(); ++c)
            line += c + 1 < r.size() ? r[c].leftJustified(widths[c] + 2) : r[c];
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out += indent + line + QLatin1Char('\n');
    }
    return out;
}

QString yesNo(const TopologyNode& n)
{
    if (!n.isUp())
        return {};
    return n.readOnly() ? QCoreApplication::translate("status", "yes") : QCoreApplication::translate("status", "no");
}
} // namespace

QString statusText(const TopologySnapshot& s)
{
    QString out = QCoreApplication::translate("status", "%1  %2 UTC  poll %3%4\n")
                      .arg(s.cluster.isEmpty() ? QCoreApplication::translate("status", "cluster") : s.cluster,
                          s.takenAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                          TopologyFormat::duration(double(s.cycleMs)),
                          s.complete ? QString() : QCoreApplication::translate("status", " (some nodes still answering)"));
    QList<QStringList> nodes { { QCoreApplication::translate("status", "NODE"), QCoreApplication::translate("status", "STATE"), QCoreApplication::translate("status", "ROLE"),
        QCoreApplication::translate("status", "VERSION"), QCoreApplication::translate("status", "READ-ONLY"), QCoreApplication::translate("status", "TIMELINE"),
        QCoreApplication::translate("status", "CONNECTIONS"), QCoreApplication::translate("status", "ADDRESS") } };
    for (const TopologyNode& n : s.nodes) {
        nodes << QStringList { n.name, n.stateLabel(s.takenAt), n.roleLabel(), n.isUp() ? n.version : QString(),
            yesNo(n), n.isUp() && n.timeline ? QString::number(n.timeline) : QString(),
            n.isUp() ? QString::number(n.connectionCount()) : QString(), n.address() };
    }
    out += table(nodes);

    if (!s.edges.isEmpty()) {
        out += QCoreApplication::translate("status", "\nREPLICATION\n");
        QList<QStringList> rows;
        for (const TopologyEdge& e : s.edges) {
            const QString lag = e.lagLabel();
            rows << QStringList { QStringLiteral("%1 -> %2").arg(e.from, e.to), e.kindName(),
                e.observed ? e.state : QCoreApplication::translate("status", "down (the inventory says it replicates from %1)").arg(e.from),
                e.syncState, lag.isEmpty() ? QString() : QCoreApplication::translate("status", "lag ") + lag,
                e.subscription.isEmpty() ? (e.slot.isEmpty() ? QString() : QCoreApplication::translate("status", "slot ") + e.slot)
                                         : QCoreApplication::translate("status", "subscription ") + e.subscription };
        }
        out += table(rows, QStringLiteral("  "));
    }
    if (!s.replicationSlots.isEmpty()) {
        out += QCoreApplication::translate("status", "\nSLOTS\n");
        QList<QStringList> rows;
        for (const TopologySlot& x : s.replicationSlots)
            rows << QStringList { x.node, x.name, x.type,
                x.active ? QCoreApplication::translate("status", "active") : QCoreApplication::translate("status", "inactive"),
                x.retainedBytes ? QCoreApplication::translate("status", "retains ") + TopologyFormat::bytes(*x.retainedBytes) : QString(),
                x.walStatus };
        out += table(rows, QStringLiteral("  "));
    }
    if (!s.publications.isEmpty() || !s.subscriptions.isEmpty()) {
        out += QCoreApplication::translate("status", "\nLOGICAL REPLICATION\n");
        QList<QStringList> rows;
        for (const TopologyPublication& p : s.publications)
            rows << QStringList { p.node, QCoreApplication::translate("status", "publication ") + p.name,
                p.allTables ? QCoreApplication::translate("status", "all tables") : QCoreApplication::translate("status", "%1 tables").arg(p.tables) };
        for (const TopologySubscription& x : s.subscriptions)
            rows << QStringList { x.node, QCoreApplication::translate("status", "subscription ") + x.name,
                QCoreApplication::translate("status", "from ") + (x.source.isEmpty() ? QStringLiteral("?") : x.source),
                x.enabled ? QCoreApplication::translate("status", "enabled") : QCoreApplication::translate("status", "disabled"),
                QCoreApplication::translate("status", "tables %1/%2 ready").arg(x.tablesReady).arg(x.tablesTotal),
                x.lagBytes ? QCoreApplication::translate("status", "lag ") + TopologyFormat::bytes(*x.lagBytes) : QString() };
        out += table(rows, QStringLiteral("  "));
    }
    if (!s.endpoints.isEmpty()) {
        out += QCoreApplication::translate("status", "\nENDPOINTS\n");
        QList<QStringList> rows;
        for (const TopologyEndpoint& e : s.endpoints) {
            QString state = !e.checkedAt.isValid() ? QCoreApplication::translate("status", "not checked yet")
                : !e.reachable                     ? QCoreApplication::translate("status", "UNREACHABLE")
                : e.paused.value_or(false)         ? QCoreApplication::translate("status", "PAUSED, %1 clients waiting").arg(e.clientsWaiting)
                : e.kind == QLatin1String("pgbouncer")
                ? QCoreApplication::translate("status", "%1 active, %2 waiting").arg(e.clientsActive).arg(e.clientsWaiting)
                : e.split ? QCoreApplication::translate("status", "SPLIT between nodes")
                          : QString();
            rows << QStringList { e.name, e.kind,
                QStringLiteral("-> ") + (e.routesTo.isEmpty() ? QStringLiteral("?") : e.routesTo),
                e.route.isEmpty() ? QString() : QStringLiteral("(%1)").arg(e.route), state };
            for (const TopologyHostRoute& h : e.hosts)
                rows << QStringList { QString(), QStringLiteral("  ") + h.host,
                    QStringLiteral("-> ") + (h.routesTo.isEmpty() ? QStringLiteral("?") : h.routesTo), h.address,
                    h.error };
        }
        out += table(rows, QStringLiteral("  "));
    }
    QStringList problems;
    for (const TopologyNode& n : s.nodes)
        if (n.isFailure())
            problems << QStringLiteral("%1: %2").arg(n.name, n.error);
    for (const TopologyEndpoint& e : s.endpoints)
        if (e.isFailure() || !e.error.isEmpty())
            problems << QStringLiteral("%1: %2").arg(e.name, e.error);
    if (!problems.isEmpty())
        out += QCoreApplication::translate("status", "\nPROBLEMS\n  ") + problems.join(QStringLiteral("\n  ")) + QLatin1Char('\n');
    return out;
}

int runStatusCommand(const QStringList& argsIn, QTextStream& out, QTextStream& err)
{
    CommandParser parser(QStringLiteral("status"), QStringLiteral("status --inventory INV [--json] [--watch [SECONDS]]"),
        QCoreApplication::translate("status",
            "Polls every node and endpoint of the inventory once (or every SECONDS with --watch, default 1) and\n"
            "prints what each node is, what replicates to what, slots, subscriptions and where clients go."),
        QCoreApplication::translate("status", "0 everything answered, 1 a node or endpoint did not, 2 invalid input."));
    const QCommandLineOption inventoryOption(QStringList { QStringLiteral("i"), QStringLiteral("inventory") },
        QCoreApplication::translate("status", "The inventory of the cluster."), QStringLiteral("INV"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QCoreApplication::translate("status", "Print JSON (docs/status-json.md)."));
    // Taken out of the arguments before parsing (its value is optional); listed for --help.
    const QCommandLineOption watchOption(QStringLiteral("watch"),
        QCoreApplication::translate("status", "Poll again every SECONDS (default 1) until interrupted."), QStringLiteral("[SECONDS]"));
    parser.addOptions({ inventoryOption, jsonOption, watchOption });
    // --watch takes an optional value, which QCommandLineParser cannot express: take it out first.
    QStringList args;
    bool watch = false;
    double watchSeconds = TopologyProbe::defaultIntervalMs / 1000.0;
    static const QRegularExpression number(QStringLiteral("^\\d+(\\.\\d+)?$"));
    for (int i = 0; i < argsIn.size(); ++i) {
        const QString& a = argsIn[i];
        if (a == QLatin1String("--watch") || a.startsWith(QLatin1String("--watch="))) {
            watch = true;
            QString value = a.section(QLatin1Char('='), 1);
            if (value.isEmpty() && !a.contains(QLatin1Char('=')) && i + 1 < argsIn.size()
                && number.match(argsIn[i + 1]).hasMatch())
                value = argsIn[++i];
            if (a.contains(QLatin1Char('=')) || !value.isEmpty()) {
                bool ok = false;
                watchSeconds = value.toDouble(&ok);
                if (!ok || watchSeconds < 0.1 || watchSeconds > 3600) {
                    return parser.usageError(QCoreApplication::translate("status", "--watch takes a number of seconds between 0.1 and 3600"), err);
                }
            }
            continue;
        }
        args << a;
    }
    if (const auto code = parser.parse(args, out, err))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return parser.usageError(QCoreApplication::translate("status", "unexpected argument %1").arg(parser.positionalArguments().first()), err);
    if (!parser.isSet(inventoryOption))
        return parser.usageError(QCoreApplication::translate("cli", "--inventory is required"), err);
    const LoadedDocument inventory = DocumentLoader::loadInventory(parser.value(inventoryOption));
    if (!inventory.ok()) {
        for (const Diagnostic& d : inventory.diagnostics)
            err << d.toString() << '\n';
        if (inventory.diagnostics.isEmpty())
            err << QCoreApplication::translate("status", "status: %1 is not an inventory").arg(parser.value(inventoryOption)) << '\n';
        err.flush();
        return 2;
    }

    Inventory inv = *inventory.inventory;
    if (!fillPasswords(inv, parser.value(inventoryOption), err))
        return 2;
    const bool json = parser.isSet(jsonOption);
    const bool clearScreen = watch && !json && ::isatty(STDOUT_FILENO);
    TopologyProbe probe(inv);
    probe.setInterval(int(watchSeconds * 1000));
    QEventLoop loop;
    int exitCode = 1;
    bool seen = false;
    QObject::connect(&probe, &TopologyProbe::snapshotReady, &loop, [&](const TopologySnapshot& s) {
        seen = true;
        exitCode = s.healthy() ? 0 : 1;
        if (json) {
            out << QJsonDocument(s.toJson()).toJson(watch ? QJsonDocument::Compact : QJsonDocument::Indented);
            if (watch)
                out << '\n';
        } else {
            if (clearScreen)
                out << "\x1b[H\x1b[2J";
            else if (watch && s.cycle > 0)
                out << '\n';
            out << statusText(s);
        }
        out.flush();
        if (!watch)
            loop.quit();
    });
    InterruptWatcher interrupts;
    QObject::connect(&interrupts, &InterruptWatcher::interrupted, &loop, &QEventLoop::quit);
    // The first snapshot comes within the connect timeout (or an SSH read's deadline): this is a backstop.
    QTimer backstop;
    backstop.setSingleShot(true);
    QObject::connect(&backstop, &QTimer::timeout, &loop, [&] {
        if (!seen) {
            err << QCoreApplication::translate("status", "status: no answer from the probe within 60 s") << Qt::endl;
            loop.quit();
        }
    });
    backstop.start(60000);
    probe.start();
    loop.exec();
    probe.stop();
    return exitCode;
}
