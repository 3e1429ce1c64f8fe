#include "engine/shellprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <csignal>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
constexpr int kSliceMs = 20;
constexpr int kKillGraceMs = 300;
// After the remote group got its TERM, how long the ssh client may take to report the end by itself.
// A child that ignores TERM keeps the channel open until its KILL: we do not wait for that here.
constexpr int kClientGraceMs = 60;
// Before the remote side has said which process group it runs in, a cancel waits this long for it.
constexpr int kMarkerWaitMs = 2000;
constexpr int kRemoteKillTimeoutMs = 5000;

QString currentUserName()
{
    const passwd* pw = ::getpwuid(::geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

QString homeOf(const QString& user)
{
    const passwd* pw = ::getpwnam(user.toLocal8Bit().constData());
    return pw && QFileInfo(QString::fromLocal8Bit(pw->pw_dir)).isDir() ? QString::fromLocal8Bit(pw->pw_dir)
                                                                       : QStringLiteral("/");
}

// Splits a byte stream into lines; a final partial line is kept until flush().
class LineSplitter {
public:
    template <typename F> void feed(const QByteArray& data, F&& emitLine)
    {
        m_pending += data;
        qsizetype nl;
        while ((nl = m_pending.indexOf('\n')) >= 0) {
            QByteArray line = m_pending.left(nl);
            m_pending.remove(0, nl + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            emitLine(QString::fromUtf8(line));
        }
    }
    template <typename F> void flush(F&& emitLine)
    {
        if (!m_pending.isEmpty())
            emitLine(QString::fromUtf8(std::exchange(m_pending, {})));
    }

private:
    QByteArray m_pending;
};
} // namespace

ShellProcess::ShellProcess(NodeTarget target)
    : m_target(std::move(target))
{
}

QString ShellProcess::shellQuote(const QString& text)
{
    QString q = text;
    q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

QString ShellProcess::controlDirectory(QString* error)
{
    // Socket paths must stay under ~100 bytes: DIR + "/" + 40 hex chars of %C + ssh's temporary suffix.
    QString dir;
    const QString xdg = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (!xdg.isEmpty() && xdg.size() < 40 && QFileInfo(xdg).isDir())
        dir = xdg + QStringLiteral("/rbc-ssh");
    else
        dir = QStringLiteral("/tmp/rbc-ssh-%1").arg(::geteuid());
    const QByteArray path = QFile::encodeName(dir);
    if (::mkdir(path.constData(), 0700) != 0 && errno != EEXIST) {
        if (error)
            *error = QStringLiteral("cannot create %1: %2").arg(dir, QString::fromLocal8Bit(strerror(errno)));
        return {};
    }
    // Another user could have made it first in a shared /tmp: only a directory that is ours and
    // closed to others may hold sockets that grant access to our SSH sessions.
    struct stat st { };
    if (::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()
        || (st.st_mode & 077) != 0) {
        if (error)
            *error = QStringLiteral("%1 is not a private directory of ours (must be owned by uid %2, mode 0700)")
                         .arg(dir)
                         .arg(::geteuid());
        return {};
    }
    return dir;
}

QStringList ShellProcess::sshArguments(const NodeTarget& target, bool multiplex, bool stdinFromNull)
{
    QStringList args;
    if (!target.sshConfig.isEmpty())
        args << QStringLiteral("-F") << target.sshConfig;
    if (stdinFromNull)
        args << QStringLiteral("-n");
    args << QStringLiteral("-T") << QStringLiteral("-o") << QStringLiteral("BatchMode=yes");
    const QString dir = multiplex ? controlDirectory() : QString();
    if (!dir.isEmpty())
        args << QStringLiteral("-o") << QStringLiteral("ControlMaster=auto") << QStringLiteral("-o")
             << QStringLiteral("ControlPath=%1/%C").arg(dir) << QStringLiteral("-o")
             << QStringLiteral("ControlPersist=60");
    else
        args << QStringLiteral("-o") << QStringLiteral("ControlMaster=no") << QStringLiteral("-o")
             << QStringLiteral("ControlPath=none");
    args << target.host;
    return args;
}

bool ShellProcess::closeMaster(const NodeTarget& target)
{
    if (target.isLocal())
        return true;
    QStringList args = sshArguments(target, true);
    const QString host = args.takeLast();
    args << QStringLiteral("-O") << QStringLiteral("exit") << host;
    QProcess proc;
    proc.setStandardInputFile(QProcess::nullDevice());
    proc.start(QStringLiteral("ssh"), args);
    return proc.waitForFinished(5000) && proc.exitCode() == 0;
}

void ShellProcess::cancel()
{
    m_cancelled.store(true, std::memory_order_release);
    std::lock_guard lock(m_pidMutex);
    if (m_localGroup > 0)
        ::kill(-m_localGroup, SIGTERM);
}

ShellRunResult ShellProcess::run(const QString& command, QDeadlineTimer deadline)
{
    ShellRunResult result;
    const bool remote = !m_target.isLocal();
    if (isCancelled()) {
        result.outcome = StepOutcome::Cancelled;
        result.error = QStringLiteral("cancelled");
        return result;
    }

    QProcess proc;
    proc.setStandardInputFile(QProcess::nullDevice());
    // Own session and process group: a cancel can signal everything the command started, and a
    // Ctrl-C meant for the console never reaches it. Over SSH the client has no terminal to prompt on.
    proc.setChildProcessModifier([] { ::setsid(); });

    QString program;
    QStringList args;
    const QString nonce = QString::number(QRandomGenerator::global()->generate64(), 16);
    const QString marker = QStringLiteral("RBC-PGID:%1:").arg(nonce);
    if (remote) {
        QString dirError;
        if (controlDirectory(&dirError).isEmpty() && m_multiplex) {
            result.error = dirError;
            return result;
        }
        // The remote command runs in a session of its own (setsid, when the host has it; sshd
        // already made the login shell a session leader otherwise) and first prints its process
        // group on a marker line, so that a cancel can kill the whole group remotely.
        const QString wrapper = QStringLiteral("printf '%1%s\\n' \"$$\"; exec /bin/sh -c \"$1\"").arg(marker);
        const QString remoteCommand = QStringLiteral(
            "w=%1; c=%2; if command -v setsid >/dev/null 2>&1; then exec setsid -w /bin/sh -c \"$w\" rbc-step \"$c\"; "
            "else exec /bin/sh -c \"$w\" rbc-step \"$c\"; fi")
                                          .arg(shellQuote(wrapper), shellQuote(command));
        program = QStringLiteral("ssh");
        args = sshArguments(m_target, m_multiplex);
        args << QStringLiteral("--") << remoteCommand;
    } else if (!m_target.runAs.isEmpty() && ::geteuid() == 0 && m_target.runAs != currentUserName()) {
        program = QStringLiteral("runuser");
        args = QStringList { QStringLiteral("-u"), m_target.runAs, QStringLiteral("--"), QStringLiteral("/bin/sh"),
            QStringLiteral("-c"), command };
        proc.setWorkingDirectory(homeOf(m_target.runAs)); // root's cwd is often closed to that user
    } else {
        program = QStringLiteral("/bin/sh");
        args = QStringList { QStringLiteral("-c"), command };
    }

    proc.start(program, args);
    if (!proc.waitForStarted(10000)) {
        result.error = QStringLiteral("could not start %1: %2").arg(program, proc.errorString());
        return result;
    }
    const pid_t pid = pid_t(proc.processId());
    if (!remote) {
        std::lock_guard lock(m_pidMutex);
        m_localGroup = pid;
        if (isCancelled())
            ::kill(-pid, SIGTERM);
    }

    LineSplitter out;
    LineSplitter err;
    QString lastStderr;
    qint64 remoteGroup = 0;
    const auto onStdout = [&](const QString& line) {
        if (remote && remoteGroup == 0 && line.startsWith(marker)) {
            remoteGroup = line.mid(marker.size()).toLongLong();
            return;
        }
        if (m_lineHandler)
            m_lineHandler(line, false);
    };
    const auto onStderr = [&](const QString& line) {
        if (!line.trimmed().isEmpty())
            lastStderr = line.trimmed();
        if (m_lineHandler)
            m_lineHandler(line, true);
    };
    const auto drain = [&] {
        out.feed(proc.readAllStandardOutput(), onStdout);
        err.feed(proc.readAllStandardError(), onStderr);
    };

    QElapsedTimer stopClock; // runs from the moment we decided to stop the command
    bool timedOut = false;
    bool killSent = false;
    bool remoteKilled = false;
    bool clientTermSent = false;
    QElapsedTimer clientClock;
    QElapsedTimer remoteKilledClock;
    const auto remoteKill = [&] {
        // Same ControlPath: rides the warm master, a few ms. TERM now; a detached KILL 300 ms later
        // for whatever ignored it, so this ssh returns at once. (Polling the group with kill -0 would
        // not do: orphans stay zombies for a while where PID 1 reaps lazily, as in containers.)
        // dash's kill knows no "--", so the group is just "-PGID".
        const QString script = QStringLiteral(
            "kill -TERM -%1 2>/dev/null; (sleep 0.3; kill -KILL -%1 2>/dev/null) </dev/null >/dev/null 2>&1 &")
                                   .arg(remoteGroup);
        QProcess killer;
        killer.setStandardInputFile(QProcess::nullDevice());
        killer.setChildProcessModifier([] { ::setsid(); });
        killer.start(QStringLiteral("ssh"), sshArguments(m_target, m_multiplex) << QStringLiteral("--") << script);
        if (!killer.waitForFinished(kRemoteKillTimeoutMs)) {
            killer.kill();
            killer.waitForFinished(1000);
        }
        remoteKilled = true;
        remoteKilledClock.start();
    };

    while (!proc.waitForFinished(kSliceMs)) {
        drain();
        if (proc.state() == QProcess::NotRunning)
            break;
        if (!stopClock.isValid() && (isCancelled() || deadline.hasExpired())) {
            stopClock.start();
            timedOut = !isCancelled();
            if (!remote)
                ::kill(-pid, SIGTERM);
        }
        if (!stopClock.isValid())
            continue;
        if (!remote) {
            if (!killSent && stopClock.hasExpired(kKillGraceMs)) {
                ::kill(-pid, SIGKILL);
                killSent = true;
            }
            continue;
        }
        if (!remoteKilled && remoteGroup > 0)
            remoteKill();
        // The client ends by itself once the remote group is gone; if it does not, or the remote
        // side never said which group it runs in, stop the client (only it: a ControlPersist master
        // it forked lives on).
        if (!clientTermSent
            && (remoteKilled ? remoteKilledClock.hasExpired(kClientGraceMs) : stopClock.hasExpired(kMarkerWaitMs))) {
            ::kill(pid, SIGTERM);
            clientTermSent = true;
            clientClock.start();
        }
        if (clientTermSent && !killSent && clientClock.hasExpired(kKillGraceMs)) {
            ::kill(pid, SIGKILL);
            killSent = true;
        }
    }
    drain();
    out.flush(onStdout);
    err.flush(onStderr);
    // A local cancel signals the group directly, so the command may end before this loop noticed.
    const bool cleanSuccess = proc.exitStatus() == QProcess::NormalExit && proc.exitCode() == 0;
    if (!stopClock.isValid() && isCancelled() && !cleanSuccess)
        stopClock.start();
    if (!remote) {
        std::lock_guard lock(m_pidMutex);
        m_localGroup = 0;
        if (stopClock.isValid())
            ::kill(-pid, SIGKILL); // stragglers of a stopped command that ignored SIGTERM
    }

    if (stopClock.isValid()) {
        result.outcome = timedOut ? StepOutcome::TimedOut : StepOutcome::Cancelled;
        result.error
            = timedOut ? QStringLiteral("did not finish before its deadline; stopped") : QStringLiteral("cancelled");
        return result;
    }
    if (proc.exitStatus() == QProcess::CrashExit) {
        result.error = QStringLiteral("killed by a signal");
        return result;
    }
    result.exitCode = proc.exitCode();
    if (remote && result.exitCode == 255 && remoteGroup == 0) {
        result.unreachable = true;
        result.error = QStringLiteral("could not reach %1: %2")
                           .arg(m_target.host, lastStderr.isEmpty() ? QStringLiteral("ssh failed") : lastStderr);
        return result;
    }
    if (result.exitCode != 0) {
        result.error = QStringLiteral("exit code %1").arg(result.exitCode);
        if (remote && result.exitCode == 255 && !lastStderr.isEmpty())
            result.error += QStringLiteral(" (%1)").arg(lastStderr);
        return result;
    }
    result.outcome = StepOutcome::Succeeded;
    return result;
}
