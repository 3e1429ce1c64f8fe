#pragma once
// Argument lists for the system OpenSSH client: BatchMode (never a prompt), host-key checking as
// the user configured it (never disabled), connections multiplexed through a control socket in
// a private runtime directory. The user's ~/.ssh/config applies unless a config file is given.

#include <QString>
#include <QStringList>

class SshCommand {
public:
    SshCommand(QString destination, QString configFile = QString());

    // ssh arguments to run `remoteCommand` (one string, interpreted by the remote shell).
    QStringList arguments(const QString& remoteCommand) const;
    // Same, without the connection master (a fresh connection each time).
    QStringList argumentsWithoutMultiplexing(const QString& remoteCommand) const;

    // 0700 directory for control sockets, short enough for a unix socket path.
    static QString controlDirectory();
    // One word for a POSIX shell: single-quoted, ' written as '\''.
    static QString shellQuote(const QString& word);

private:
    QStringList common() const;
    QString m_destination;
    QString m_configFile;
};
