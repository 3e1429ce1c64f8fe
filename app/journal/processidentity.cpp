#include "journal/processidentity.h"

#include <QCoreApplication>
#include <QFile>
#include <QSysInfo>

#include <cerrno>
#include <csignal>
#include <sys/types.h>
#include <unistd.h>

namespace {
QString readBootId()
{
    QFile f(QStringLiteral("/proc/sys/kernel/random/boot_id"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(f.readAll().trimmed());
}

struct ProcStat {
    bool exists = false;
    bool zombie = false;
    QString startTime;
};

ProcStat readProcStat(qint64 pid)
{
    ProcStat st;
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return st;
    const QByteArray line = f.readAll();
    // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return st;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    st.exists = true;
    // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
    st.zombie = !fields.isEmpty() && (fields[0] == "Z" || fields[0] == "X");
    if (fields.size() > 19)
        st.startTime = QString::fromLatin1(fields[19]);
    return st;
}
} // namespace

ProcessIdentity::ProcessIdentity(QString host, qint64 pid, QString bootId, QString startTime)
    : m_host(std::move(host))
    , m_pid(pid)
    , m_bootId(std::move(bootId))
    , m_startTime(std::move(startTime))
{
}

ProcessIdentity ProcessIdentity::current()
{
    const qint64 pid = QCoreApplication::applicationPid();
    return ProcessIdentity(QSysInfo::machineHostName(), pid, readBootId(), readProcStat(pid).startTime);
}

ProcessIdentity::Liveness ProcessIdentity::liveness() const
{
    if (m_host != QSysInfo::machineHostName())
        return Liveness::Unknown;
    if (m_pid <= 0)
        return Liveness::Gone;
    const QString boot = readBootId();
    if (!m_bootId.isEmpty() && !boot.isEmpty() && m_bootId != boot)
        return Liveness::Gone; // the machine rebooted since
    if (::kill(static_cast<pid_t>(m_pid), 0) != 0 && errno == ESRCH)
        return Liveness::Gone;
    const ProcStat st = readProcStat(m_pid);
    if (st.exists) {
        if (st.zombie)
            return Liveness::Gone;
        if (!m_startTime.isEmpty() && !st.startTime.isEmpty() && st.startTime != m_startTime)
            return Liveness::Gone; // the pid now belongs to another process
    }
    return Liveness::Alive;
}
