#include "cli/sandboxcommand.h"

#include "sandbox/sandbox.h"

#include <QCommandLineParser>
#include <QTextStream>

int runSandboxCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Build, inspect or remove the local sandbox cluster."));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("up, down or status"));
    const QCommandLineOption dirOption(QStringLiteral("dir"), QStringLiteral("Sandbox directory (default %1).").arg(Sandbox::defaultDirectory()), QStringLiteral("DIR"));
    const QCommandLineOption oldBindirOption(QStringLiteral("old-bindir"), QStringLiteral("Build db1..db3 from this PostgreSQL bindir (another major)."), QStringLiteral("DIR"));
    const QCommandLineOption newBindirOption(QStringLiteral("new-bindir"), QStringLiteral("The new-version bindir (default: newest in /usr/lib/postgresql)."), QStringLiteral("DIR"));
    const QCommandLineOption sshOption(QStringLiteral("ssh"), QStringLiteral("Also start a private loopback sshd; shell steps go over SSH."));
    const QCommandLineOption hostsOption(QStringLiteral("hosts"),
        QStringLiteral("Put every node on a host of its own (network namespace, address, sshd, /etc/hosts), with two application hosts "
                       "resolving the database's names; needs root."));
    const QCommandLineOption scaleOption(QStringLiteral("scale"), QStringLiteral("Multiply the seeded row counts (default 1)."), QStringLiteral("FACTOR"), QStringLiteral("1"));
    parser.addOptions({ dirOption, oldBindirOption, newBindirOption, sshOption, hostsOption, scaleOption });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("runbook-console sandbox") } + args)) {
        err << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1 || !QStringList { QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("status") }.contains(pos.first())) {
        err << "usage: runbook-console sandbox up|down|status [--dir DIR] [--old-bindir DIR] [--ssh] [--hosts] [--scale F]" << Qt::endl;
        return 2;
    }
    Sandbox sandbox(parser.value(dirOption));
    const auto progress = [&err](const QString& line) { err << line << Qt::endl; };
    QString error;
    const QString action = pos.first();
    if (action == QLatin1String("up")) {
        SandboxOptions o;
        o.oldBindir = parser.value(oldBindirOption);
        o.newBindir = parser.value(newBindirOption);
        o.ssh = parser.isSet(sshOption);
        o.hosts = parser.isSet(hostsOption);
        bool ok = false;
        o.seedScale = parser.value(scaleOption).toDouble(&ok);
        if (!ok || o.seedScale <= 0 || o.seedScale > 100) {
            err << "--scale takes a number between 0 and 100" << Qt::endl;
            return 2;
        }
        if (!sandbox.up(o, progress, &error)) {
            err << "sandbox up failed: " << error << Qt::endl;
            return 1;
        }
        out << sandbox.inventoryPath() << Qt::endl;
        return 0;
    }
    if (action == QLatin1String("down")) {
        if (!sandbox.down(progress, &error)) {
            err << "sandbox down: " << error << Qt::endl;
            return 1;
        }
        return 0;
    }
    const SandboxStatus st = sandbox.status();
    if (!st.exists) {
        out << "no sandbox in " << st.dir << Qt::endl;
        return 1;
    }
    bool allUp = true;
    out << "sandbox " << st.dir << Qt::endl;
    for (const SandboxNodeStatus& n : st.nodes) {
        allUp = allUp && n.up;
        QString line = st.hosts ? QStringLiteral("  %1 %2 %3:%4").arg(n.name, -13).arg(n.up ? QStringLiteral("up  ") : QStringLiteral("DOWN")).arg(n.address).arg(n.port)
                                : QStringLiteral("  %1 %2 port %3").arg(n.name, -13).arg(n.up ? QStringLiteral("up  ") : QStringLiteral("DOWN")).arg(n.port);
        if (n.up) {
            line += QStringLiteral("  %1  PostgreSQL %2").arg(n.actualRole, -7).arg(n.version);
            if (n.lagBytes)
                line += QStringLiteral("  lag %1 bytes, %2").arg(*n.lagBytes).arg(n.lagTime);
        } else if (!n.detail.isEmpty()) {
            line += QStringLiteral("  (%1)").arg(n.detail);
        }
        out << line << Qt::endl;
    }
    if (st.hosts) {
        for (const SandboxHostStatus& h : st.hostList) {
            allUp = allUp && h.sshdUp;
            out << QStringLiteral("  host %1 %2 %3 (network namespace %4)").arg(h.name, -13).arg(h.sshdUp ? QStringLiteral("up  ") : QStringLiteral("DOWN")).arg(h.address, h.netns)
                << Qt::endl;
        }
        out << "  reach the hosts from the console's host: ip netns exec " << st.consoleNamespace << " runbook-console ..." << Qt::endl;
        return allUp ? 0 : 1;
    }
    allUp = allUp && st.pgbouncerUp;
    out << QStringLiteral("  %1 %2 port %3  routes app to %4").arg(QStringLiteral("pgbouncer"), -13).arg(st.pgbouncerUp ? QStringLiteral("up  ") : QStringLiteral("DOWN")).arg(st.pgbouncerPort).arg(st.pgbouncerRoute) << Qt::endl;
    if (st.sshEnabled) {
        allUp = allUp && st.sshdUp;
        out << QStringLiteral("  %1 %2 port %3").arg(QStringLiteral("sshd"), -13).arg(st.sshdUp ? QStringLiteral("up  ") : QStringLiteral("DOWN")).arg(st.sshPort) << Qt::endl;
    }
    return allUp ? 0 : 1;
}
