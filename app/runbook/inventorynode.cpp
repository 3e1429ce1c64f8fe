#include "runbook/inventorynode.h"

QStringList InventoryNode::fieldNames()
{
    return { QStringLiteral("name"), QStringLiteral("conninfo"), QStringLiteral("host"), QStringLiteral("run_as"),
        QStringLiteral("datadir"), QStringLiteral("bindir"), QStringLiteral("port"), QStringLiteral("role"),
        QStringLiteral("version"), QStringLiteral("upstream") };
}

std::optional<QString> InventoryNode::field(const QString& field) const
{
    auto set = [](const QString& value) -> std::optional<QString> {
        if (value.isEmpty())
            return std::nullopt;
        return value;
    };
    if (field == QLatin1String("name"))
        return set(name);
    if (field == QLatin1String("conninfo"))
        return set(conninfo);
    if (field == QLatin1String("host"))
        return set(host);
    if (field == QLatin1String("run_as"))
        return set(runAs);
    if (field == QLatin1String("datadir"))
        return set(datadir);
    if (field == QLatin1String("bindir"))
        return set(bindir);
    if (field == QLatin1String("port"))
        return port ? std::optional<QString>(QString::number(*port)) : std::nullopt;
    if (field == QLatin1String("role"))
        return set(role);
    if (field == QLatin1String("version"))
        return set(version);
    if (field == QLatin1String("upstream"))
        return set(upstream);
    return std::nullopt;
}
