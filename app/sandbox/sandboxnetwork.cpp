#include "sandbox/sandboxnetwork.h"

#include "core/systemcommand.h"

#include <QDir>
#include <QFile>
#include <QThread>

#include <csignal>

namespace {
CommandOutcome ip(const QStringList& args)
{
    return SystemCommand(QStringLiteral("ip"), args).withTimeout(20000).run();
}

// A zombie is gone already, whenever its parent gets round to reaping it.
bool alive(const QString& pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid.trimmed()));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close >= 0 && text.mid(close + 2, 1) != "Z";
}

bool run(const QStringList& args, QString* error)
{
    const CommandOutcome out = ip(args);
    if (!out.ok()) {
        *error = out.describe(QStringLiteral("ip %1").arg(args.join(QLatin1Char(' '))));
        return false;
    }
    return true;
}
} // namespace

SandboxNetwork::SandboxNetwork(QString prefix)
    : m_prefix(std::move(prefix))
{
}

QString SandboxNetwork::hostsFilePath(const QString& host) const
{
    return QStringLiteral("/etc/netns/%1/hosts").arg(namespaceOf(host));
}

bool SandboxNetwork::create(const QMap<QString, QString>& addresses, QString* error) const
{
    // The bridge: in a namespace of its own, with no address at all.
    const QString sw = namespaceOf(QStringLiteral("net"));
    if (!run({ QStringLiteral("netns"), QStringLiteral("add"), sw }, error)
        || !run({ QStringLiteral("-n"), sw, QStringLiteral("link"), QStringLiteral("add"), QStringLiteral("br0"), QStringLiteral("type"), QStringLiteral("bridge") }, error)
        || !run({ QStringLiteral("-n"), sw, QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("br0"), QStringLiteral("up") }, error))
        return false;
    int port = 0;
    for (auto it = addresses.begin(); it != addresses.end(); ++it) {
        const QString ns = namespaceOf(it.key());
        const QString peer = QStringLiteral("p%1").arg(++port);
        // Both ends are created where they belong: no interface ever appears in the machine's namespace.
        if (!run({ QStringLiteral("netns"), QStringLiteral("add"), ns }, error)
            || !run({ QStringLiteral("-n"), ns, QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("lo"), QStringLiteral("up") }, error)
            || !run({ QStringLiteral("-n"), sw, QStringLiteral("link"), QStringLiteral("add"), peer, QStringLiteral("type"), QStringLiteral("veth"),
                        QStringLiteral("peer"), QStringLiteral("name"), QStringLiteral("eth0"), QStringLiteral("netns"), ns },
                error)
            || !run({ QStringLiteral("-n"), sw, QStringLiteral("link"), QStringLiteral("set"), peer, QStringLiteral("master"), QStringLiteral("br0"), QStringLiteral("up") }, error)
            || !run({ QStringLiteral("-n"), ns, QStringLiteral("addr"), QStringLiteral("add"), it.value() + QStringLiteral("/24"), QStringLiteral("dev"), QStringLiteral("eth0") }, error)
            || !run({ QStringLiteral("-n"), ns, QStringLiteral("link"), QStringLiteral("set"), QStringLiteral("eth0"), QStringLiteral("up") }, error))
            return false;
    }
    return true;
}

bool SandboxNetwork::writeHostsFile(const QString& host, const QByteArray& content, QString* error) const
{
    const QString path = hostsFilePath(host);
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        *error = QStringLiteral("cannot create %1").arg(QFileInfo(path).absolutePath());
        return false;
    }
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    return true;
}

QStringList SandboxNetwork::existing() const
{
    QStringList found;
    const CommandOutcome out = ip({ QStringLiteral("netns"), QStringLiteral("list") });
    for (const QString& line : out.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QString name = line.section(QLatin1Char(' '), 0, 0).trimmed();
        if (name.startsWith(m_prefix + QLatin1Char('-')))
            found << name;
    }
    return found;
}

bool SandboxNetwork::runDirMounted()
{
    return SystemCommand(QStringLiteral("mountpoint"), { QStringLiteral("-q"), QStringLiteral("/run/netns") }).withTimeout(10000).run().ok();
}

QStringList SandboxNetwork::destroy(bool unmountRunDir) const
{
    QStringList left;
    for (const QString& ns : existing()) {
        // Whatever still runs there (a server a runbook started and nobody stopped, a session).
        for (int attempt = 0; attempt < 20; ++attempt) {
            const CommandOutcome pids = ip({ QStringLiteral("netns"), QStringLiteral("pids"), ns });
            QStringList list;
            for (const QString& pid : pids.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                if (alive(pid))
                    list << pid;
            if (list.isEmpty())
                break;
            for (const QString& pid : list)
                ::kill(pid_t(pid.trimmed().toLongLong()), attempt < 5 ? SIGTERM : SIGKILL);
            QThread::msleep(100);
        }
        if (!ip({ QStringLiteral("netns"), QStringLiteral("delete"), ns }).ok())
            left << QStringLiteral("network namespace %1").arg(ns);
    }
    // Their /etc/netns directories, and /etc/netns itself once nothing else uses it.
    QDir etc(QStringLiteral("/etc/netns"));
    for (const QString& d : etc.entryList({ m_prefix + QStringLiteral("-*") }, QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (!QDir(etc.filePath(d)).removeRecursively())
            left << etc.filePath(d);
    }
    if (etc.exists() && etc.isEmpty())
        QDir().rmdir(etc.path());
    const QDir runDir(QStringLiteral("/run/netns"));
    if (unmountRunDir && runDir.exists() && runDir.isEmpty() && runDirMounted()) {
        if (!SystemCommand(QStringLiteral("umount"), { runDir.path() }).withTimeout(10000).run().ok())
            left << QStringLiteral("the mount of %1").arg(runDir.path());
        else
            QDir().rmdir(runDir.path());
    }
    return left;
}
