#include "cli/sandboxcommand.h"

#include "cli/commandparser.h"
#include "cli/secretinput.h"
#include "sandbox/sandbox.h"

#include <QCoreApplication>
#include <QTextStream>

int runSandboxCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    CommandParser parser(QStringLiteral("sandbox"),
        QStringLiteral("sandbox up|down|status [--dir DIR] [--old-bindir DIR] [--new-bindir DIR] [--ssh] [--hosts] [--scale F]\n"
                       "                       [--password-auth]"),
        QCoreApplication::translate("sandbox",
            "Builds (up), inspects (status) or removes (down) a local sandbox cluster: a primary, two replicas\n"
            "and PgBouncer on loopback ports, seeded with data. `up` prints the inventory's path on stdout."),
        QCoreApplication::translate("sandbox", "0 done (status: every server up), 1 failed (status: something down), 2 invalid input."));
    const QCommandLineOption dirOption(QStringLiteral("dir"),
        QCoreApplication::translate("sandbox", "Sandbox directory (default %1).").arg(Sandbox::defaultDirectory()), QStringLiteral("DIR"));
    const QCommandLineOption oldBindirOption(QStringLiteral("old-bindir"),
        QCoreApplication::translate("sandbox", "Build db1..db3 from this PostgreSQL bindir (another major)."), QStringLiteral("DIR"));
    const QCommandLineOption newBindirOption(QStringLiteral("new-bindir"),
        QCoreApplication::translate("sandbox", "The new-version bindir (default: newest in /usr/lib/postgresql)."), QStringLiteral("DIR"));
    const QCommandLineOption sshOption(QStringLiteral("ssh"),
        QCoreApplication::translate("sandbox", "Also start a private loopback sshd; shell steps go over SSH."));
    const QCommandLineOption hostsOption(QStringLiteral("hosts"),
        QCoreApplication::translate("sandbox",
            "Put every node on a host of its own (network namespace, address, sshd, /etc/hosts), with two application hosts "
            "resolving the database's names; needs root."));
    const QCommandLineOption scaleOption(QStringLiteral("scale"),
        QCoreApplication::translate("sandbox", "Multiply the seeded row counts (default 1)."), QStringLiteral("F"), QStringLiteral("1"));
    const QCommandLineOption passwordOption(QStringLiteral("password-auth"),
        QCoreApplication::translate("sandbox",
            "SCRAM password authentication on TCP logins; the password from RBC_SANDBOX_PASSWORD or standard input."));
    parser.addOptions({ dirOption, oldBindirOption, newBindirOption, sshOption, hostsOption, scaleOption, passwordOption });
    if (const auto code = parser.parse(args, out, err))
        return *code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 1 || !QStringList { QStringLiteral("up"), QStringLiteral("down"), QStringLiteral("status") }.contains(pos.first()))
        return parser.usageError(QCoreApplication::translate("sandbox", "say up, down or status"), err);
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
            return parser.usageError(QCoreApplication::translate("sandbox", "--scale takes a number between 0 and 100"), err);
        }
        if (parser.isSet(passwordOption)) {
            o.password = qEnvironmentVariable("RBC_SANDBOX_PASSWORD");
            if (o.password.isEmpty())
                o.password = readSecretLine(QCoreApplication::translate("sandbox", "Password for the sandbox's rbc_dba and app: "), err).value_or(QString());
            if (o.password.isEmpty())
                return parser.usageError(QCoreApplication::translate("sandbox", "--password-auth needs a password (RBC_SANDBOX_PASSWORD or standard input)"), err);
        }
        if (!sandbox.up(o, progress, &error)) {
            err << QCoreApplication::translate("sandbox", "sandbox up failed: %1").arg(error) << Qt::endl;
            return 1;
        }
        out << sandbox.inventoryPath() << Qt::endl;
        return 0;
    }
    if (action == QLatin1String("down")) {
        if (!sandbox.down(progress, &error)) {
            err << QCoreApplication::translate("sandbox", "sandbox down: %1").arg(error) << Qt::endl;
            return 1;
        }
        return 0;
    }
    const SandboxStatus st = sandbox.status();
    if (!st.exists) {
        out << QCoreApplication::translate("sandbox", "no sandbox in %1").arg(st.dir) << Qt::endl;
        return 1;
    }
    bool allUp = true;
    out << "sandbox " << st.dir << Qt::endl;
    for (const SandboxNodeStatus& n : st.nodes) {
        allUp = allUp && n.up;
        const QString state = n.up ? QStringLiteral("up  ") : QStringLiteral("DOWN");
        QString line = st.hosts ? QStringLiteral("  %1 %2 %3:%4").arg(n.name, -13).arg(state).arg(n.address).arg(n.port)
                                : QCoreApplication::translate("sandbox", "  %1 %2 port %3").arg(n.name, -13).arg(state).arg(n.port);
        if (n.up) {
            line += QStringLiteral("  %1  PostgreSQL %2").arg(n.actualRole, -7).arg(n.version);
            if (n.lagBytes)
                line += QCoreApplication::translate("sandbox", "  lag %1 bytes, %2").arg(*n.lagBytes).arg(n.lagTime);
        } else if (!n.detail.isEmpty()) {
            line += QStringLiteral("  (%1)").arg(n.detail);
        }
        out << line << Qt::endl;
    }
    if (st.hosts) {
        for (const SandboxHostStatus& h : st.hostList) {
            allUp = allUp && h.sshdUp;
            out << QCoreApplication::translate("sandbox", "  host %1 %2 %3 (network namespace %4)").arg(h.name, -13).arg(h.sshdUp ? QStringLiteral("up  ") : QStringLiteral("DOWN")).arg(h.address, h.netns)
                << Qt::endl;
        }
        out << QCoreApplication::translate("sandbox", "  reach the hosts from the console's host: ip netns exec %1 runbook-console ...").arg(st.consoleNamespace) << Qt::endl;
        return allUp ? 0 : 1;
    }
    allUp = allUp && st.pgbouncerUp;
    out << QCoreApplication::translate("sandbox", "  %1 %2 port %3  routes app to %4").arg(QStringLiteral("pgbouncer"), -13).arg(st.pgbouncerUp ? QStringLiteral("up  ") : QStringLiteral("DOWN")).arg(st.pgbouncerPort).arg(st.pgbouncerRoute) << Qt::endl;
    if (st.sshEnabled) {
        allUp = allUp && st.sshdUp;
        out << QCoreApplication::translate("sandbox", "  %1 %2 port %3").arg(QStringLiteral("sshd"), -13).arg(st.sshdUp ? QStringLiteral("up  ") : QStringLiteral("DOWN")).arg(st.sshPort) << Qt::endl;
    }
    return allUp ? 0 : 1;
}
