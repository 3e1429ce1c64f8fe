#include "probe/probesettings.h"

#include "runbook/duration.h"
#include "runbook/inventoryloader.h"

std::optional<ProbeSettings> ProbeSettings::fromInventory(const Inventory& inventory, QString* error)
{
    ProbeSettings s;
    auto where = [&inventory](const InventoryVar& v) {
        return QStringLiteral("%1:%2:%3: traffic_probe.%4").arg(inventory.fileName).arg(v.location.line).arg(v.location.column).arg(v.name);
    };
    auto boolean = [](const QString& text, bool* value) {
        const QString t = text.toLower();
        if (t == QLatin1String("true") || t == QLatin1String("yes") || t == QLatin1String("on"))
            return *value = true, true;
        if (t == QLatin1String("false") || t == QLatin1String("no") || t == QLatin1String("off"))
            return *value = false, true;
        return false;
    };
    for (const InventoryVar& v : inventory.trafficProbe) {
        if (v.name == QLatin1String("enabled") || v.name == QLatin1String("keep_table")) {
            if (!boolean(v.value, v.name == QLatin1String("enabled") ? &s.enabled : &s.keepTable)) {
                *error = where(v) + QStringLiteral(" must be true or false");
                return std::nullopt;
            }
        } else if (v.name == QLatin1String("interval") || v.name == QLatin1String("request_timeout")) {
            QString why;
            const auto d = Duration::parse(v.value, &why);
            if (!d || d->milliseconds() < 10) {
                *error = where(v) + QStringLiteral(": %1").arg(d ? QStringLiteral("at least 10ms") : why);
                return std::nullopt;
            }
            (v.name == QLatin1String("interval") ? s.intervalMs : s.requestTimeoutMs) = int(d->milliseconds());
        } else if (v.name == QLatin1String("host")) {
            if (v.value != QLatin1String("local") && !InventoryLoader::isValidSshDestination(v.value)) {
                *error = where(v) + QStringLiteral(" must be 'local' or an SSH destination like user@host, not '%1'").arg(v.value);
                return std::nullopt;
            }
            s.host = v.value == QLatin1String("local") ? QString() : v.value;
        } else if (v.name == QLatin1String("psql")) {
            if (v.value.isEmpty() || v.value.contains(QChar(0))) {
                *error = where(v) + QStringLiteral(" must name the psql program on the probe's host");
                return std::nullopt;
            }
            s.psql = v.value;
        } else if (v.name == QLatin1String("endpoint")) {
            if (!inventory.endpoint(v.value)) {
                *error = where(v) + QStringLiteral(": no endpoint named '%1'").arg(v.value);
                return std::nullopt;
            }
            s.endpoint = v.value;
        } else {
            *error = where(v) + QStringLiteral(": unknown setting (enabled, interval, request_timeout, endpoint, keep_table, host, psql)");
            return std::nullopt;
        }
    }
    if (s.enabled && !inventory.endpoint(s.endpoint)) {
        *error = QStringLiteral("%1: traffic_probe is enabled but there is no endpoint '%2' to probe").arg(inventory.fileName, s.endpoint);
        return std::nullopt;
    }
    return s;
}
