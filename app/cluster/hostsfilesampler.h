#pragma once
// Reads a hosts endpoint's route: the hosts file of each application host (over the multiplexed
// SSH connection, or locally for "local"), and the address it gives the endpoint's name. Slow
// by nature (one SSH command per host): the probe runs it every few seconds, not every poll.

#include "cluster/endpointsample.h"
#include "cluster/pollhealth.h"
#include "engine/shellprocess.h"

#include <QDeadlineTimer>
#include <QStringList>
#include <memory>
#include <vector>

class HostsFileSampler {
public:
    HostsFileSampler(QString endpoint, QStringList hosts, QString hostsFile, QString hostname, QString sshConfig);
    HostsFileSampler(const HostsFileSampler&) = delete;
    HostsFileSampler& operator=(const HostsFileSampler&) = delete;

    EndpointSample poll(QDeadlineTimer deadline);
    // Thread-safe, returns at once: a running ssh is stopped by the polling thread within a slice.
    void requestCancel();

    // The address of the first line naming hostname (as the resolver reads the file), or empty.
    static QString addressOf(const QByteArray& hostsFile, const QString& hostname);

private:
    QString m_endpoint;
    QStringList m_hosts;
    QString m_hostsFile;
    QString m_hostname;
    std::vector<std::unique_ptr<ShellProcess>> m_shells; // one per remote host, null for local ones
    PollHealth m_health;
};
