#include "engine/shellprocess.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QThread>
#include <csignal>
#include <mutex>
#include <optional>
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

// Whether the ssh configuration in effect for this destination sets a ConnectTimeout (ssh -G
// prints the resolved configuration without connecting). Asked once per destination.
bool configSetsConnectTimeout(const QString& sshConfig, const QString& host)
{
    static std::mutex mutex;
    static QHash<QString, bool> known;
    const QString key = sshConfig + QLatin1Char('\n') + host;
    {
        std::lock_guard lock(mutex);
        if (const auto it = known.constFind(key); it != known.constEnd())
            return *it;
    }
    QStringList args;
    if (!sshConfig.isEmpty())
        args << QStringLiteral("-F") << sshConfig;
    args << QStringLiteral("-G") << QStringLiteral("--") << host;
    QProcess ssh;
    ssh.setStandardInputFile(QProcess::nullDevice());
    ssh.start(QStringLiteral("ssh"), args);
    bool sets = false;
    if (ssh.waitForFinished(5000) && ssh.exitCode() == 0) {
        for (const QByteArray& line : ssh.readAllStandardOutput().split('\n'))
            if (line.startsWith("connecttimeout "))
                sets = line.mid(15).trimmed() != "none";
    } else {
        ssh.kill();
        ssh.waitForFinished(1000);
    }
    std::lock_guard lock(mutex);
    known.insert(key, sets);
    return sets;
}

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
    // A host that never answers must fail, not hang: the user's own ConnectTimeout wins if set.
    if (!configSetsConnectTimeout(target.sshConfig, target.host))
        args << QStringLiteral("-o") << QStringLiteral("ConnectTimeout=%1").arg(kConnectTimeoutSeconds);
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
    const bool again = m_cancelled.exchange(true, std::memory_order_acq_rel);
    if (again)
        m_escalated.store(true, std::memory_order_release);
    std::lock_guard lock(m_pidMutex);
    if (m_localGroup > 0)
        ::kill(-m_localGroup, again ? SIGKILL : SIGTERM);
}

QString ShellProcess::processStartTime(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QByteArray line = f.readAll();
    // The command name may hold spaces and parentheses: fields resume after the last ')'.
    const qsizetype close = line.lastIndexOf(')');
    const QList<QByteArray> fields = close < 0 ? QList<QByteArray>() : line.mid(close + 2).split(' ');
    return fields.size() > 19 ? QString::fromLatin1(fields[19]) : QString();
}

namespace {
// A short script on the target's host over SSH (the multiplexed connection); its output, or nullopt.
std::optional<QByteArray> runRemote(const NodeTarget& target, const QString& script, QString* error)
{
    QProcess ssh;
    ssh.setStandardInputFile(QProcess::nullDevice());
    ssh.start(QStringLiteral("ssh"), ShellProcess::sshArguments(target, true) << QStringLiteral("--") << script);
    if (!ssh.waitForFinished(ShellProcess::kConnectTimeoutSeconds * 1000 + 5000) || ssh.exitCode() != 0) {
        ssh.kill();
        ssh.waitForFinished(1000);
        if (error)
            *error = QStringLiteral("could not reach %1: %2").arg(target.host, QString::fromLocal8Bit(ssh.readAllStandardError()).trimmed());
        return std::nullopt;
    }
    return ssh.readAllStandardOutput();
}

// Processes of the group that still run here (zombies waiting to be reaped do not count: where PID 1
// reaps lazily, as in containers, they linger after the group is gone).
int liveMembers(qint64 group)
{
    int live = 0;
    QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        it.next();
        bool numeric = false;
        it.fileName().toLongLong(&numeric);
        if (!numeric)
            continue;
        QFile f(it.filePath() + QStringLiteral("/stat"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray line = f.readAll();
        const qsizetype close = line.lastIndexOf(')');
        const QList<QByteArray> fields = close < 0 ? QList<QByteArray>() : line.mid(close + 2).split(' ');
        // fields[0] is the state (field 3), fields[2] the process group (field 5).
        if (fields.size() > 2 && fields[2].toLongLong() == group && fields[0] != "Z" && fields[0] != "X")
            ++live;
    }
    return live;
}
} // namespace

ShellProcess::GroupState ShellProcess::groupState(const NodeTarget& target, qint64 group, const QString& startTime, QString* error)
{
    if (group <= 1)
        return GroupState::Gone;
    if (target.isLocal()) {
        if (liveMembers(group) == 0)
            return GroupState::Gone;
        // A group id is not reused while the group lives; its leader's start time tells a later one.
        const QString leaderStart = processStartTime(group);
        if (!startTime.isEmpty() && !leaderStart.isEmpty() && leaderStart != startTime)
            return GroupState::Gone;
        return GroupState::Running;
    }
    // ps where the host has it (zombies do not count), else kill -0.
    const QString script = QStringLiteral(
        "if command -v ps >/dev/null 2>&1; then n=$(ps -e -o pgid= -o stat= | awk -v g=%1 '$1 == g && $2 !~ /^Z/ {n++} END {print n+0}'); "
        "elif kill -0 -%1 2>/dev/null; then n=1; else n=0; fi; "
        "if [ \"$n\" -gt 0 ]; then s=$(cut -d' ' -f22 /proc/%1/stat 2>/dev/null); "
        "if [ -n \"$s\" ] && [ -n '%2' ] && [ \"$s\" != '%2' ]; then echo gone; else echo running; fi; else echo gone; fi")
                               .arg(group)
                               .arg(startTime);
    const auto answer = runRemote(target, script, error);
    if (!answer)
        return GroupState::Unknown;
    return answer->trimmed() == "running" ? GroupState::Running : GroupState::Gone;
}

bool ShellProcess::endGroup(const NodeTarget& target, qint64 group, QString* error)
{
    if (group <= 1)
        return false;
    if (target.isLocal()) {
        ::kill(pid_t(-group), SIGTERM);
        for (int waited = 0; waited < kKillGraceMs; waited += 10) {
            if (liveMembers(group) == 0)
                return true;
            QThread::msleep(10);
        }
        ::kill(pid_t(-group), SIGKILL);
        return true;
    }
    return runRemote(target, QStringLiteral("kill -TERM -%1 2>/dev/null; sleep 0.3; kill -KILL -%1 2>/dev/null; true").arg(group), error)
        .has_value();
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

    // The command starts only once we say "go" on its input (after which its input is at its end,
    // as /dev/null would be): its process group is known and reported before it does anything, so
    // a console killed at any moment has journaled what it started.
    QProcess proc;
    if (!remote && !m_environment.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (auto it = m_environment.begin(); it != m_environment.end(); ++it)
            env.insert(it.key(), it.value());
        proc.setProcessEnvironment(env);
    }
    for (auto it = m_environment.begin(); remote && it != m_environment.end(); ++it) {
        if (it.value().contains(QLatin1Char('\n')) || it.value().contains(QLatin1Char('\r'))) {
            result.error = QStringLiteral("%1 holds a line break: it cannot be passed to a command over SSH").arg(it.key());
            return result;
        }
    }
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
        // already made the login shell a session leader otherwise). Its secrets come first, as
        // NAME=value lines on its input ended by an empty line; it prints its process group (and
        // its start time, where /proc tells it) on a marker line, so that a cancel can kill the
        // whole group remotely, then waits for "go".
        const QString wrapper
            = QStringLiteral("while IFS= read -r rbc_kv && [ -n \"$rbc_kv\" ]; do export \"$rbc_kv\"; done; unset rbc_kv; "
                             "printf '%1%s:%s\\n' \"$$\" \"$(cut -d' ' -f22 /proc/$$/stat 2>/dev/null)\"; "
                             "IFS= read -r rbc_go || exit 125; exec /bin/sh -c \"$1\"")
                  .arg(marker);
        const QString remoteCommand = QStringLiteral(
            "w=%1; c=%2; if command -v setsid >/dev/null 2>&1; then exec setsid -w /bin/sh -c \"$w\" rbc-step \"$c\"; "
            "else exec /bin/sh -c \"$w\" rbc-step \"$c\"; fi")
                                          .arg(shellQuote(wrapper), shellQuote(command));
        program = QStringLiteral("ssh");
        args = sshArguments(m_target, m_multiplex, false);
        args << QStringLiteral("--") << remoteCommand;
    } else {
        const QStringList waitForGo { QStringLiteral("/bin/sh"), QStringLiteral("-c"),
            QStringLiteral("IFS= read -r rbc_go || exit 125; exec /bin/sh -c \"$1\""), QStringLiteral("rbc-step"), command };
        if (!m_target.runAs.isEmpty() && ::geteuid() == 0 && m_target.runAs != currentUserName()) {
            program = QStringLiteral("runuser");
            args = QStringList { QStringLiteral("-u"), m_target.runAs, QStringLiteral("--") } + waitForGo;
            proc.setWorkingDirectory(homeOf(m_target.runAs)); // root's cwd is often closed to that user
        } else {
            program = waitForGo.first();
            args = waitForGo.mid(1);
        }
    }

    proc.start(program, args);
    if (!proc.waitForStarted(10000)) {
        result.error = QStringLiteral("could not start %1: %2").arg(program, proc.errorString());
        return result;
    }
    const pid_t pid = pid_t(proc.processId());
    const auto go = [&proc] {
        proc.write("go\n");
        proc.closeWriteChannel();
    };
    if (!remote) {
        {
            std::lock_guard lock(m_pidMutex);
            m_localGroup = pid;
            if (isCancelled())
                ::kill(-pid, SIGTERM);
        }
        if (m_groupHandler)
            m_groupHandler(QStringLiteral("local"), pid, processStartTime(pid)); // returns once it is recorded
        go();
    } else {
        QByteArray lines;
        for (auto it = m_environment.begin(); it != m_environment.end(); ++it)
            lines += (it.key() + QLatin1Char('=') + it.value()).toUtf8() + '\n';
        proc.write(lines + '\n');
    }

    LineSplitter out;
    LineSplitter err;
    QString lastStderr;
    qint64 remoteGroup = 0;
    const auto onStdout = [&](const QString& line) {
        if (remote && remoteGroup == 0 && line.startsWith(marker)) {
            const QStringList parts = line.mid(marker.size()).split(QLatin1Char(':'));
            remoteGroup = parts.value(0).toLongLong();
            if (m_groupHandler && remoteGroup > 0)
                m_groupHandler(m_target.host, remoteGroup, parts.value(1)); // returns once it is recorded
            go();
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
    bool remoteKilledEscalated = false;
    bool clientTermSent = false;
    QElapsedTimer clientClock;
    QElapsedTimer remoteKilledClock;
    const auto remoteKill = [&] {
        // Same ControlPath: rides the warm master, a few ms. TERM now; a detached KILL 300 ms later
        // for whatever ignored it, so this ssh returns at once. (Polling the group with kill -0 would
        // not do: orphans stay zombies for a while where PID 1 reaps lazily, as in containers.)
        // dash's kill knows no "--", so the group is just "-PGID". Escalated: KILL at once.
        const QString script = m_escalated.load(std::memory_order_acquire)
            ? QStringLiteral("kill -KILL -%1 2>/dev/null; true").arg(remoteGroup)
            : QStringLiteral("kill -TERM -%1 2>/dev/null; (sleep 0.3; kill -KILL -%1 2>/dev/null) </dev/null >/dev/null 2>&1 &")
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
        const bool escalated = m_escalated.load(std::memory_order_acquire);
        if (!remote) {
            if (!killSent && (escalated || stopClock.hasExpired(kKillGraceMs))) {
                ::kill(-pid, SIGKILL);
                killSent = true;
            }
            continue;
        }
        if (remoteGroup > 0 && (!remoteKilled || (escalated && !remoteKilledEscalated))) {
            remoteKilledEscalated = escalated;
            remoteKill();
        }
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
    if (remote && result.exitCode == 255 && remoteGroup > 0) {
        // The connection went while the command ran: it may well be running on there still.
        result.error = QStringLiteral("lost the connection to %1 while the command ran: its process group %2 there may still be "
                                      "running; check (%3)")
                           .arg(m_target.host)
                           .arg(remoteGroup)
                           .arg(lastStderr.isEmpty() ? QStringLiteral("ssh exit 255") : lastStderr);
        return result;
    }
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
