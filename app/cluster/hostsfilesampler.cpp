#include "cluster/hostsfilesampler.h"

#include "engine/hostfile.h"

#include <QRegularExpression>

HostsFileSampler::HostsFileSampler(
    QString endpoint, QStringList hosts, QString hostsFile, QString hostname, QString sshConfig)
    : m_endpoint(std::move(endpoint))
    , m_hosts(std::move(hosts))
    , m_hostsFile(hostsFile.isEmpty() ? QStringLiteral("/etc/hosts") : std::move(hostsFile))
    , m_hostname(std::move(hostname))
{
    for (const QString& host : m_hosts) {
        NodeTarget target;
        target.name = host;
        target.host = host;
        target.sshConfig = sshConfig;
        m_shells.push_back(target.isLocal() ? nullptr : std::make_unique<ShellProcess>(target));
    }
}

void HostsFileSampler::requestCancel()
{
    for (const auto& shell : m_shells)
        if (shell)
            shell->cancel();
}

QString HostsFileSampler::addressOf(const QByteArray& hostsFile, const QString& hostname)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    for (const QByteArray& raw : hostsFile.split('\n')) {
        const QString line = QString::fromUtf8(raw).section(QLatin1Char('#'), 0, 0);
        const QStringList words = line.split(space, Qt::SkipEmptyParts);
        for (int i = 1; i < words.size(); ++i)
            if (words[i].compare(hostname, Qt::CaseInsensitive) == 0)
                return words.first();
    }
    return {};
}

EndpointSample HostsFileSampler::poll(QDeadlineTimer deadline)
{
    EndpointSample s;
    s.endpoint = m_endpoint;
    QStringList errors;
    for (int i = 0; i < m_hosts.size(); ++i) {
        TopologyHostRoute route;
        route.host = m_hosts[i];
        std::optional<QByteArray> content;
        QString error;
        if (!m_shells[i]) {
            content = HostFile(QStringLiteral("local"), m_hostsFile).read(&error);
        } else {
            QByteArray out;
            m_shells[i]->setLineHandler([&out](const QString& line, bool fromStderr) {
                if (!fromStderr)
                    out += line.toUtf8() + '\n';
            });
            const ShellRunResult r
                = m_shells[i]->run(QStringLiteral("cat -- %1").arg(ShellProcess::shellQuote(m_hostsFile)), deadline);
            m_shells[i]->setLineHandler({});
            if (r.outcome == StepOutcome::Succeeded)
                content = out;
            else
                error = r.unreachable
                    ? r.error
                    : QStringLiteral("cannot read %1 on %2: %3").arg(m_hostsFile, m_hosts[i], r.error);
        }
        if (content)
            route.address = addressOf(*content, m_hostname);
        else
            route.error = error;
        if (!error.isEmpty())
            errors << error;
        s.hosts << route;
    }
    s.at = QDateTime::currentDateTimeUtc();
    if (errors.isEmpty()) {
        m_health.succeeded();
        s.ok = true;
    } else {
        m_health.failed(errors.join(QStringLiteral("; ")), PollHealth::steadyNowMs());
        m_health.describeFailure(s);
    }
    return s;
}
