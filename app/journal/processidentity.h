#pragma once
// Who owns a running run: enough to tell later, from another process, whether that owner is gone.
// A pid alone is not enough (pids are reused, machines reboot), so the boot id and the process's
// start time are kept with it.

#include <QString>

class ProcessIdentity {
public:
    enum class Liveness { Alive, Gone, Unknown };

    ProcessIdentity() = default;
    ProcessIdentity(QString host, qint64 pid, QString bootId, QString startTime);

    static ProcessIdentity current();

    const QString& host() const { return m_host; }
    qint64 pid() const { return m_pid; }
    const QString& bootId() const { return m_bootId; }
    const QString& startTime() const { return m_startTime; }

    // Judged from this machine: Unknown when the owner ran on another host.
    Liveness liveness() const;

private:
    QString m_host;
    qint64 m_pid = 0;
    QString m_bootId;
    QString m_startTime; // clock ticks since boot (Linux /proc/PID/stat field 22)
};
