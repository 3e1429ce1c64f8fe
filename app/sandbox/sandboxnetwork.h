#pragma once
// Separate hosts on one machine, for `sandbox up --hosts`: a network namespace per host, each
// with one address on a private bridge that lives in a namespace of its own, and an /etc/hosts of
// its own (`ip netns exec` bind-mounts /etc/netns/NAME/hosts over /etc/hosts). Nothing is added
// to the machine's own network namespace, and every namespace, interface and file made here is
// removed by destroy(). Needs root (ip netns).

#include <QMap>
#include <QString>
#include <QStringList>

class SandboxNetwork {
public:
    // prefix: what every namespace of this sandbox is named after (e.g. rbc-1a2b3c).
    explicit SandboxNetwork(QString prefix);

    static QString subnet() { return QStringLiteral("10.213.0"); } // a /24
    QString namespaceOf(const QString& host) const { return m_prefix + QLatin1Char('-') + host; }

    // A namespace per host with its address (`addresses`: host -> IPv4 in subnet()), on one bridge.
    bool create(const QMap<QString, QString>& addresses, QString* error) const;
    // The host's own /etc/hosts, as every process started in its namespace sees it.
    bool writeHostsFile(const QString& host, const QByteArray& content, QString* error) const;
    QString hostsFilePath(const QString& host) const;
    // Ends whatever still runs in the namespaces of this prefix, deletes them and their /etc/netns
    // directories; with `unmountRunDir`, also the mount `ip netns` makes of /run/netns, once no
    // namespace is left there. What could not be removed is listed.
    QStringList destroy(bool unmountRunDir) const;
    // Whether /run/netns is a mount point already (ip netns makes it one the first time).
    static bool runDirMounted();
    // Namespaces of this prefix that exist now.
    QStringList existing() const;

private:
    QString m_prefix;
};
