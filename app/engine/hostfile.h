#pragma once
// Reads and atomically replaces a small text file on a host: locally, or over SSH with the
// system OpenSSH client. The replacement keeps the file's owner and mode, and readers see either
// the old or the new content, never half of it (write beside it, then rename); a remote file
// that is a bind mount (a container's /etc/hosts) is rewritten in place from a complete copy.

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

class HostFile {
public:
    HostFile(QString host, QString path, QString sshConfig = QString());

    std::optional<QByteArray> read(QString* error) const;
    bool replace(const QByteArray& content, QString* error) const;

private:
    bool isLocal() const;
    QStringList sshArguments(bool sendsInput) const;
    QString m_host;
    QString m_path;
    QString m_sshConfig;
};
