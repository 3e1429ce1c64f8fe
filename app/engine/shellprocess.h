#pragma once
// One shell command on a node's host, cancellable from any thread. Locally: /bin/sh -c in its own
// session and process group (through runuser when we are root and the node names a run_as user);
// cancel sends SIGTERM to the group, SIGKILL after 300 ms. Over SSH: the system OpenSSH client,
// BatchMode, multiplexed through a ControlMaster socket in a private 0700 directory; the remote
// command runs in its own session and reports its process group on a marker line (filtered out),
// so a cancel kills it remotely (TERM, then KILL) through the same master before the client goes.
// A second cancel kills at once (KILL, no grace). The process group (local or remote) is reported
// as soon as it is known, so the run can journal it. Secrets reach the command through its
// environment (over SSH: on its standard input, read by the wrapper), never its arguments.

#include "engine/stepresult.h"
#include "engine/target.h"

#include <QDeadlineTimer>
#include <QMap>
#include <QString>
#include <QStringList>
#include <atomic>
#include <functional>
#include <mutex>
#include <sys/types.h>

struct ShellRunResult {
    StepOutcome outcome = StepOutcome::Failed; // Succeeded, Failed, Cancelled or TimedOut
    int exitCode = -1; // the command's, or 255 when ssh could not reach the host
    QString error; // one sentence; empty on success
    bool unreachable = false; // ssh failed before the command started
};

class ShellProcess {
public:
    // fromStderr lines are the command's standard error (and ssh's own messages).
    using LineHandler = std::function<void(const QString& line, bool fromStderr)>;
    // The command's process group: host "local" or the SSH destination, its id, its leader's start
    // time. Called before the command itself starts, which waits until the handler returns.
    using GroupHandler = std::function<void(const QString& host, qint64 processGroup, const QString& startTime)>;

    explicit ShellProcess(NodeTarget target);
    ShellProcess(const ShellProcess&) = delete;
    ShellProcess& operator=(const ShellProcess&) = delete;

    void setLineHandler(LineHandler handler) { m_lineHandler = std::move(handler); }
    void setGroupHandler(GroupHandler handler) { m_groupHandler = std::move(handler); }
    // Variables added to the command's environment (secrets: never put on its command line).
    void setEnvironment(QMap<QString, QString> environment) { m_environment = std::move(environment); }
    // Reuse an SSH connection master (default). Off: every run opens a fresh connection.
    void setMultiplex(bool on) { m_multiplex = on; }

    // Blocks until the command ends, is cancelled, or the deadline passes (reported TimedOut).
    ShellRunResult run(const QString& command, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    // Thread-safe, returns at once. Locally it signals the process group right away; over SSH the
    // running run() notices within 20 ms and kills the remote group. A second cancel sends KILL.
    void cancel();
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }
    void resetCancel() { m_cancelled.store(false, std::memory_order_release); }

    // ssh's arguments up to and including the destination (no command). A host whose ssh
    // configuration sets no ConnectTimeout gets kConnectTimeoutSeconds: an unanswering host fails.
    static QStringList sshArguments(const NodeTarget& target, bool multiplex, bool stdinFromNull = true);
    static constexpr int kConnectTimeoutSeconds = 10;
    // Whether a process group still has a live process: locally, or over SSH on `target`'s host.
    // startTime (when known) must match its leader's, so a reused id is not mistaken for it.
    enum class GroupState { Running, Gone, Unknown };
    static GroupState groupState(const NodeTarget& target, qint64 processGroup, const QString& startTime, QString* error = nullptr);
    // TERM, then KILL after the grace time, to every process of the group.
    static bool endGroup(const NodeTarget& target, qint64 processGroup, QString* error = nullptr);
    // Clock ticks since boot when `pid` started (Linux /proc/PID/stat field 22); empty if unknown.
    static QString processStartTime(qint64 pid);
    // The private (0700, ours) directory holding ControlMaster sockets; empty + error if unsafe.
    static QString controlDirectory(QString* error = nullptr);
    // Asks the connection master for this target to exit (end of a run, tests).
    static bool closeMaster(const NodeTarget& target);
    // Single-quotes text for a POSIX shell.
    static QString shellQuote(const QString& text);

private:
    NodeTarget m_target;
    LineHandler m_lineHandler;
    GroupHandler m_groupHandler;
    QMap<QString, QString> m_environment;
    bool m_multiplex = true;
    std::atomic<bool> m_cancelled { false };
    std::atomic<bool> m_escalated { false };
    std::mutex m_pidMutex; // guards m_localGroup against the process being reaped
    pid_t m_localGroup = 0; // local command's process group while it runs (never the ssh client's)
};
