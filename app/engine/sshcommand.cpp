#include "engine/sshcommand.h"

#include <QDir>
#include <QFile>
#include <sys/stat.h>
#include <unistd.h>

SshCommand::SshCommand(QString destination, QString configFile)
    : m_destination(std::move(destination))
    , m_configFile(std::move(configFile))
{
}

QStringList SshCommand::common() const
{
    QStringList args;
    if (!m_configFile.isEmpty())
        args << QStringLiteral("-F") << m_configFile;
    args << QStringLiteral("-o") << QStringLiteral("BatchMode=yes")
         << QStringLiteral("-o") << QStringLiteral("ConnectTimeout=10")
         << QStringLiteral("-o") << QStringLiteral("ServerAliveInterval=5")
         << QStringLiteral("-o") << QStringLiteral("ServerAliveCountMax=3");
    return args;
}

QStringList SshCommand::arguments(const QString& remoteCommand) const
{
    return common() << QStringLiteral("-o") << QStringLiteral("ControlMaster=auto")
                    << QStringLiteral("-o") << QStringLiteral("ControlPath=%1/%C").arg(controlDirectory())
                    << QStringLiteral("-o") << QStringLiteral("ControlPersist=60")
                    << m_destination << QStringLiteral("--") << remoteCommand;
}

QStringList SshCommand::argumentsWithoutMultiplexing(const QString& remoteCommand) const
{
    return common() << QStringLiteral("-o") << QStringLiteral("ControlMaster=no")
                    << QStringLiteral("-o") << QStringLiteral("ControlPath=none")
                    << m_destination << QStringLiteral("--") << remoteCommand;
}

QString SshCommand::controlDirectory()
{
    const QString dir = QStringLiteral("/tmp/rbc-ssh-%1").arg(::getuid());
    const QByteArray path = QFile::encodeName(dir);
    ::mkdir(path.constData(), 0700);
    struct stat st {};
    // Refuse a directory someone else made or opened up: sockets in it would be theirs to use.
    if (::lstat(path.constData(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::getuid())
        return QDir::homePath() + QStringLiteral("/.ssh");
    if ((st.st_mode & 077) != 0)
        ::chmod(path.constData(), 0700);
    return dir;
}

QString SshCommand::shellQuote(const QString& word)
{
    QString out = word;
    out.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}
