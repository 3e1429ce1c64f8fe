#include "engine/hostfile.h"

#include "engine/shellprocess.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSaveFile>
#include <sys/stat.h>
#include <unistd.h>

HostFile::HostFile(QString host, QString path, QString sshConfig)
    : m_host(std::move(host))
    , m_path(std::move(path))
    , m_sshConfig(std::move(sshConfig))
{
}

bool HostFile::isLocal() const
{
    return m_host.isEmpty() || m_host == QLatin1String("local");
}

QStringList HostFile::sshArguments(bool sendsInput) const
{
    NodeTarget target;
    target.host = m_host;
    target.sshConfig = m_sshConfig;
    return ShellProcess::sshArguments(target, true, !sendsInput);
}

std::optional<QByteArray> HostFile::read(QString* error) const
{
    if (isLocal()) {
        QFile f(m_path);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(m_path, f.errorString());
            return std::nullopt;
        }
        return f.readAll();
    }
    QProcess ssh;
    ssh.start(QStringLiteral("ssh"), sshArguments(false) << QStringLiteral("cat -- %1").arg(ShellProcess::shellQuote(m_path)));
    if (!ssh.waitForFinished(30000) || ssh.exitStatus() != QProcess::NormalExit || ssh.exitCode() != 0) {
        ssh.kill();
        *error = ssh.exitCode() == 255 ? QStringLiteral("could not reach %1: %2").arg(m_host, QString::fromLocal8Bit(ssh.readAllStandardError()).trimmed())
                                       : QStringLiteral("cannot read %1 on %2: %3").arg(m_path, m_host, QString::fromLocal8Bit(ssh.readAllStandardError()).trimmed());
        return std::nullopt;
    }
    return ssh.readAllStandardOutput();
}

bool HostFile::replace(const QByteArray& content, QString* error) const
{
    if (isLocal()) {
        struct stat st {};
        const QByteArray path = QFile::encodeName(m_path);
        const bool existed = ::stat(path.constData(), &st) == 0;
        QSaveFile f(m_path); // writes beside the file, renames over it on commit
        if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size()) {
            *error = QStringLiteral("cannot write %1: %2").arg(m_path, f.errorString());
            return false;
        }
        if (existed) {
            // QSaveFile keeps the mode; the owner must be carried over by hand (we may be root).
            if (::fchown(f.handle(), st.st_uid, st.st_gid) != 0 && ::geteuid() == 0) {
                *error = QStringLiteral("cannot keep the owner of %1").arg(m_path);
                f.cancelWriting();
                return false;
            }
        }
        if (!f.commit()) {
            *error = QStringLiteral("cannot replace %1: %2").arg(m_path, f.errorString());
            return false;
        }
        return true;
    }
    // Remote: write a temporary file in the same directory, copy owner and mode, rename over.
    // A file that is a mount point itself (a container's or a network namespace's bind-mounted
    // /etc/hosts) cannot be renamed over: it is rewritten in place from a complete copy, in one
    // write over the old bytes and only then cut to length, so that a reader never finds it empty
    // (a shell's `> file` would truncate it first).
    const QString q = ShellProcess::shellQuote(m_path);
    const QString tmp = ShellProcess::shellQuote(m_path + QStringLiteral(".rbc-new"));
    const QString script = QStringLiteral("set -e; if mountpoint -q %1 2>/dev/null; then t=$(mktemp); trap 'rm -f \"$t\"' EXIT; "
                                          "cat > \"$t\"; dd if=\"$t\" of=%1 bs=4M conv=notrunc status=none; truncate -s \"$(stat -c %s \"$t\")\" %1; "
                                          "else umask 077; cat > %2; "
                                          "chown --reference=%1 %2 2>/dev/null || true; chmod --reference=%1 %2; mv -f %2 %1; fi")
                               .arg(q, tmp);
    QProcess ssh;
    ssh.start(QStringLiteral("ssh"), sshArguments(true) << script);
    ssh.write(content);
    ssh.closeWriteChannel();
    if (!ssh.waitForFinished(30000) || ssh.exitStatus() != QProcess::NormalExit || ssh.exitCode() != 0) {
        ssh.kill();
        *error = ssh.exitCode() == 255 ? QStringLiteral("could not reach %1: %2").arg(m_host, QString::fromLocal8Bit(ssh.readAllStandardError()).trimmed())
                                       : QStringLiteral("cannot replace %1 on %2: %3").arg(m_path, m_host, QString::fromLocal8Bit(ssh.readAllStandardError()).trimmed());
        return false;
    }
    return true;
}
