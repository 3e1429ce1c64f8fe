#pragma once
// One shell command on a node's host, cancellable from any thread. Locally: /bin/sh -c in its own
// session and process group (through runuser when we are root and the node names a run_as user);
// cancel sends SIGTERM to the group, SIGKILL after 300 ms. Over SSH: the system OpenSSH client,
// BatchMode, multiplexed through a ControlMaster socket in a private 0700 directory; the remote
// command runs in its own session and reports its process group on a marker line (filtered out),
// so a cancel kills it remotely (TERM, then KILL) through the same master before the client goes.

#include "engine/stepresult.h"
#include "engine/target.h"

#include <QDeadlineTimer>
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

    explicit ShellProcess(NodeTarget target);
    ShellProcess(const ShellProcess&) = delete;
    ShellProcess& operator=(const ShellProcess&) = delete;

    void setLineHandler(LineHandler handler) { m_lineHandler = std::move(handler); }
    // Reuse an SSH connection master (default). Off: every run opens a fresh connection.
    void setMultiplex(bool on) { m_multiplex = on; }

    // Blocks until the command ends, is cancelled, or the deadline passes (reported TimedOut).
    ShellRunResult run(const QString& command, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    // Thread-safe, returns at once. Locally it signals the process group right away; over SSH the
    // running run() notices within 20 ms and kills the remote group.
    void cancel();
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }
    void resetCancel() { m_cancelled.store(false, std::memory_order_release); }

    // ssh's arguments up to and including the destination (no command).
    static QStringList sshArguments(const NodeTarget& target, bool multiplex, bool stdinFromNull = true);
    // The private (0700, ours) directory holding ControlMaster sockets; empty + error if unsafe.
    static QString controlDirectory(QString* error = nullptr);
    // Asks the connection master for this target to exit (end of a run, tests).
    static bool closeMaster(const NodeTarget& target);
    // Single-quotes text for a POSIX shell.
    static QString shellQuote(const QString& text);

private:
    NodeTarget m_target;
    LineHandler m_lineHandler;
    bool m_multiplex = true;
    std::atomic<bool> m_cancelled { false };
    std::mutex m_pidMutex; // guards m_localGroup against the process being reaped
    pid_t m_localGroup = 0; // local command's process group while it runs (never the ssh client's)
};
