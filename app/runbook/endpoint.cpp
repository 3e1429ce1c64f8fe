#include "runbook/endpoint.h"

QStringList Endpoint::fieldNames()
{
    return { QStringLiteral("name"), QStringLiteral("kind"), QStringLiteral("conninfo"), QStringLiteral("routes_to"),
        QStringLiteral("admin_conninfo"), QStringLiteral("config"), QStringLiteral("database"), QStringLiteral("host"),
        QStringLiteral("hosts_file"), QStringLiteral("hostname") };
}

std::optional<QString> Endpoint::field(const QString& field) const
{
    auto set = [](const QString& value) -> std::optional<QString> {
        if (value.isEmpty())
            return std::nullopt;
        return value;
    };
    if (field == QLatin1String("name"))
        return set(name);
    if (field == QLatin1String("kind"))
        return kindName(kind);
    if (field == QLatin1String("conninfo"))
        return set(conninfo);
    if (field == QLatin1String("routes_to"))
        return set(routesTo);
    if (field == QLatin1String("admin_conninfo"))
        return set(adminConninfo);
    if (field == QLatin1String("config"))
        return set(config);
    if (field == QLatin1String("database"))
        return set(database);
    if (field == QLatin1String("host"))
        return set(host);
    if (field == QLatin1String("hosts_file"))
        return set(hostsFile);
    if (field == QLatin1String("hostname"))
        return set(hostname);
    return std::nullopt;
}

std::optional<QString> Endpoint::address(const QString& node) const
{
    for (const auto& [name, ip] : addresses) {
        if (name == node)
            return ip;
    }
    return std::nullopt;
}
