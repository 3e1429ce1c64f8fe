#pragma once
// Runs a local program to completion with a deadline, optionally as another (unprivileged) user.
// For set-up work (initdb, pg_ctl, ssh-keygen); step execution uses the engine's cancellable runner.

#include <QString>
#include <QStringList>

struct CommandOutcome {
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QString output; // stdout and stderr merged
    bool ok() const { return started && !timedOut && exitCode == 0; }
    QString describe(const QString& what) const;
};

class SystemCommand {
public:
    SystemCommand(QString program, QStringList args);
    SystemCommand& asUser(const QString& user); // empty: current user
    SystemCommand& inDirectory(const QString& dir);
    SystemCommand& withEnv(const QString& name, const QString& value);
    SystemCommand& withTimeout(int ms);
    // Runs inside the network and mount namespaces of process `pid` (nsenter; needs root): on a
    // sandbox "host" of `sandbox up --hosts`.
    SystemCommand& inNamespacesOf(qint64 pid);
    CommandOutcome run() const;

    // True when this process runs as root, so servers must be started as an unprivileged user.
    static bool runningAsRoot();

private:
    QString m_program;
    QStringList m_args;
    QString m_user;
    QString m_dir;
    QStringList m_env;
    int m_timeoutMs = 120000;
    qint64 m_namespacePid = 0;
};
