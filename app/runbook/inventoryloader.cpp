#include "runbook/inventoryloader.h"

#include "runbook/runbookloader.h"
#include "runbook/spellingsuggestion.h"
#include "runbook/yamlfieldreader.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QRegularExpression>

namespace {

class Reader {
public:
    Reader(const YamlDocument& document, Diagnostics& diagnostics)
        : m_fields(document.fileName, diagnostics)
    {
        m_inventory.fileName = document.fileName;
    }

    Inventory read(const YamlNode& root)
    {
        m_fields.checkKeys(root,
            { QStringLiteral("cluster"), QStringLiteral("nodes"), QStringLiteral("aliases"),
                QStringLiteral("endpoints"), QStringLiteral("vars"), QStringLiteral("ssh"),
                QStringLiteral("traffic_probe") },
            QCoreApplication::translate("Validation", "the inventory"));
        if (const YamlMapEntry* e = root.entry(u"cluster")) {
            m_inventory.location = e->keyLocation;
            m_inventory.cluster = m_fields.text(*e).value_or(QString());
        }
        if (const YamlMapEntry* e = root.entry(u"nodes"))
            readNodes(*e);
        else
            m_fields.error(m_inventory.location, QCoreApplication::translate("Validation", "the inventory has no 'nodes:'"));
        if (const YamlMapEntry* e = root.entry(u"aliases"))
            readAliases(*e);
        if (const YamlMapEntry* e = root.entry(u"endpoints"))
            readEndpoints(*e);
        if (const YamlMapEntry* e = root.entry(u"vars"))
            readScalarMap(*e, m_inventory.vars, true);
        if (const YamlMapEntry* e = root.entry(u"ssh"))
            readSsh(*e);
        if (const YamlMapEntry* e = root.entry(u"traffic_probe"))
            readScalarMap(*e, m_inventory.trafficProbe, false);
        checkReferences();
        return m_inventory;
    }

private:
    void readNodes(const YamlMapEntry& entry)
    {
        if (!m_fields.expectMap(*entry.value, QStringLiteral("'nodes'")))
            return;
        if (entry.value->entries.empty())
            m_fields.error(entry.value->location, QCoreApplication::translate("Validation", "'nodes' is empty"));
        for (const YamlMapEntry& n : entry.value->entries) {
            InventoryNode node;
            node.name = n.key;
            node.location = n.keyLocation;
            const QString what = QCoreApplication::translate("Validation", "node '%1'").arg(n.key);
            if (!RunbookLoader::isValidName(n.key))
                m_fields.error(
                    n.keyLocation, QCoreApplication::translate("Validation", "bad node name '%1': use letters, digits, '-' and '_'").arg(n.key));
            if (!m_fields.expectMap(*n.value, what))
                continue;
            const YamlNode& map = *n.value;
            m_fields.checkKeys(map,
                { QStringLiteral("conninfo"), QStringLiteral("host"), QStringLiteral("run_as"),
                    QStringLiteral("datadir"), QStringLiteral("bindir"), QStringLiteral("port"), QStringLiteral("role"),
                    QStringLiteral("version"), QStringLiteral("upstream") },
                what);
            for (const YamlMapEntry& f : map.entries)
                node.locations.insert(f.key, f.value->location);
            node.conninfo = required(map, u"conninfo", what);
            node.host = required(map, u"host", what);
            if (!node.host.isEmpty())
                checkHost(node.host, node.locations.value(QStringLiteral("host")), QStringLiteral("host"));
            node.runAs = optional(map, u"run_as");
            if (!node.runAs.isEmpty()) {
                static const QRegularExpression user(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.-]{0,31}$"));
                if (!user.match(node.runAs).hasMatch())
                    m_fields.error(node.locations.value(QStringLiteral("run_as")),
                        QCoreApplication::translate("Validation", "bad user name '%1' in 'run_as'").arg(node.runAs));
            }
            node.datadir = optional(map, u"datadir");
            node.bindir = optional(map, u"bindir");
            if (const YamlMapEntry* p = map.entry(u"port"))
                node.port = m_fields.integer(*p, 1, 65535);
            node.role = optional(map, u"role");
            if (!node.role.isEmpty() && !InventoryLoader::knownRoles().contains(node.role))
                m_fields.error(node.locations.value(QStringLiteral("role")),
                    QCoreApplication::translate("Validation", "unknown role '%1'%2 (roles: %3)")
                        .arg(node.role, SpellingSuggestion::didYouMean(node.role, InventoryLoader::knownRoles()),
                            InventoryLoader::knownRoles().join(QStringLiteral(", "))));
            node.version = optional(map, u"version");
            node.upstream = optional(map, u"upstream");
            m_inventory.nodes.append(node);
        }
    }

    void readAliases(const YamlMapEntry& entry)
    {
        if (!m_fields.expectMap(*entry.value, QStringLiteral("'aliases'")))
            return;
        for (const YamlMapEntry& a : entry.value->entries) {
            if (!RunbookLoader::isValidName(a.key)) {
                m_fields.error(
                    a.keyLocation, QCoreApplication::translate("Validation", "bad alias name '%1': use letters, digits, '-' and '_'").arg(a.key));
                continue;
            }
            if (const std::optional<QString> target = m_fields.text(a))
                m_inventory.aliases.append(InventoryAlias { a.key, *target, a.value->location, a.keyLocation });
        }
    }

    void readEndpoints(const YamlMapEntry& entry)
    {
        if (!m_fields.expectMap(*entry.value, QStringLiteral("'endpoints'")))
            return;
        for (const YamlMapEntry& e : entry.value->entries) {
            Endpoint endpoint;
            endpoint.name = e.key;
            endpoint.location = e.keyLocation;
            const QString what = QCoreApplication::translate("Validation", "endpoint '%1'").arg(e.key);
            if (!RunbookLoader::isValidName(e.key))
                m_fields.error(e.keyLocation,
                    QCoreApplication::translate("Validation", "bad endpoint name '%1': use letters, digits, '-' and '_'").arg(e.key));
            if (!m_fields.expectMap(*e.value, what))
                continue;
            const YamlNode& map = *e.value;
            for (const YamlMapEntry& f : map.entries)
                endpoint.locations.insert(f.key, f.value->location);
            const QStringList common
                = { QStringLiteral("kind"), QStringLiteral("conninfo"), QStringLiteral("routes_to") };
            const QStringList pgbouncer = { QStringLiteral("admin_conninfo"), QStringLiteral("config"),
                QStringLiteral("database"), QStringLiteral("host"), QStringLiteral("instances") };
            const QStringList hosts = { QStringLiteral("hosts_file"), QStringLiteral("hostname"),
                QStringLiteral("hostnames"), QStringLiteral("hosts"), QStringLiteral("addresses") };
            const QString kind = required(map, u"kind", what);
            if (kind == QLatin1String("pgbouncer")) {
                endpoint.kind = Endpoint::Kind::PgBouncer;
                reportOtherKindKeys(map, hosts, QStringLiteral("hosts"));
                m_fields.checkKeys(map, common + pgbouncer + hosts, what);
                endpoint.conninfo = required(map, u"conninfo", what);
                readPgbouncerInstances(map, what, endpoint);
            } else if (kind == QLatin1String("hosts")) {
                endpoint.kind = Endpoint::Kind::Hosts;
                reportOtherKindKeys(map, pgbouncer, QStringLiteral("pgbouncer"));
                m_fields.checkKeys(map, common + hosts + pgbouncer, what);
                endpoint.conninfo = optional(map, u"conninfo");
                endpoint.hostsFile = optional(map, u"hosts_file");
                if (endpoint.hostsFile.isEmpty())
                    endpoint.hostsFile = QStringLiteral("/etc/hosts");
                readHostnames(map, what, endpoint);
                readHostsList(map, what, endpoint);
                readAddresses(map, what, endpoint);
            } else {
                m_fields.checkKeys(map, common + pgbouncer + hosts, what);
                if (!kind.isEmpty())
                    m_fields.error(endpoint.locations.value(QStringLiteral("kind")),
                        QCoreApplication::translate("Validation", "unknown endpoint kind '%1'%2 (kinds: pgbouncer, hosts)")
                            .arg(kind,
                                SpellingSuggestion::didYouMean(
                                    kind, { QStringLiteral("pgbouncer"), QStringLiteral("hosts") })));
                continue;
            }
            endpoint.routesTo = optional(map, u"routes_to");
            m_inventory.endpoints.append(endpoint);
        }
    }

    // Keys that belong to the other kind get a message naming the kind they belong to.
    void reportOtherKindKeys(const YamlNode& map, const QStringList& keys, const QString& kind)
    {
        for (const YamlMapEntry& e : map.entries) {
            if (keys.contains(e.key))
                m_fields.error(e.keyLocation, QCoreApplication::translate("Validation", "'%1' applies to %2 endpoints only").arg(e.key, kind));
        }
    }

    // One PgBouncer (admin_conninfo, config, host on the endpoint), or several under `instances:`,
    // which a switch retargets together. The first one's values are the endpoint's own.
    void readPgbouncerInstances(const YamlNode& map, const QString& what, Endpoint& endpoint)
    {
        const YamlMapEntry* list = map.entry(u"instances");
        if (!list) {
            PgbouncerInstance one;
            one.adminConninfo = required(map, u"admin_conninfo", what);
            one.config = required(map, u"config", what);
            endpoint.database = required(map, u"database", what);
            one.host = required(map, u"host", what);
            one.location = endpoint.location;
            if (!one.host.isEmpty())
                checkHost(one.host, endpoint.locations.value(QStringLiteral("host")), QStringLiteral("host"));
            endpoint.instances.append(one);
        } else {
            endpoint.database = required(map, u"database", what);
            for (const char16_t* key : { u"admin_conninfo", u"config", u"host" }) {
                if (const YamlMapEntry* e = map.entry(QStringView(key)))
                    m_fields.error(e->keyLocation,
                        QCoreApplication::translate("Validation", "give '%1' in each of 'instances', not beside them").arg(e->key));
            }
            if (!list->value->isSequence() || list->value->items.empty()) {
                m_fields.error(list->value->isNull() ? list->keyLocation : list->value->location,
                    QCoreApplication::translate("Validation", "'instances' must be a list of PgBouncers, each with admin_conninfo, config and host"));
                return;
            }
            int index = 0;
            for (const auto& item : list->value->items) {
                const QString instanceWhat = QCoreApplication::translate("Validation", "instance %1 of %2").arg(++index).arg(what);
                if (!m_fields.expectMap(*item, instanceWhat))
                    continue;
                m_fields.checkKeys(*item,
                    { QStringLiteral("admin_conninfo"), QStringLiteral("config"), QStringLiteral("host") }, instanceWhat);
                PgbouncerInstance instance;
                instance.location = item->location;
                instance.adminConninfo = required(*item, u"admin_conninfo", instanceWhat);
                instance.config = required(*item, u"config", instanceWhat);
                instance.host = required(*item, u"host", instanceWhat);
                if (const YamlMapEntry* h = item->entry(u"host"); h && !instance.host.isEmpty())
                    checkHost(instance.host, h->value->location, QStringLiteral("host"));
                endpoint.instances.append(instance);
            }
        }
        if (!endpoint.instances.isEmpty()) {
            endpoint.adminConninfo = endpoint.instances.first().adminConninfo;
            endpoint.config = endpoint.instances.first().config;
            endpoint.host = endpoint.instances.first().host;
        }
    }

    // `hostname: NAME`, or `hostnames: [NAME, ...]` when a switch moves several names at once
    // (say the primary's and the replicas' names: clients must not keep reading the old cluster).
    void readHostnames(const YamlNode& map, const QString& what, Endpoint& endpoint)
    {
        const YamlMapEntry* one = map.entry(u"hostname");
        const YamlMapEntry* several = map.entry(u"hostnames");
        if (one && several) {
            m_fields.error(several->keyLocation, QCoreApplication::translate("Validation", "%1 has both 'hostname' and 'hostnames': give one").arg(what));
            return;
        }
        if (!one && !several) {
            m_fields.error(endpoint.location,
                QCoreApplication::translate("Validation", "%1 has no 'hostname' (or 'hostnames'): the name(s) clients resolve").arg(what));
            return;
        }
        if (one) {
            endpoint.hostname = m_fields.text(*one).value_or(QString());
            if (!endpoint.hostname.isEmpty())
                endpoint.hostnames.append(endpoint.hostname);
            return;
        }
        const auto names = m_fields.textList(*several, false);
        if (!names)
            return;
        if (names->isEmpty())
            m_fields.error(several->value->location, QCoreApplication::translate("Validation", "'hostnames' is empty"));
        static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9.-]{0,252})$"));
        for (const auto& [name, location] : *names) {
            if (!valid.match(name).hasMatch()) {
                m_fields.error(location, QCoreApplication::translate("Validation", "'%1' is not a host name").arg(name));
                continue;
            }
            if (endpoint.hostnames.contains(name)) {
                m_fields.error(location, QCoreApplication::translate("Validation", "host name '%1' is listed twice in 'hostnames'").arg(name));
                continue;
            }
            endpoint.hostnames.append(name);
        }
        endpoint.hostname = endpoint.hostnames.value(0);
    }

    void readHostsList(const YamlNode& map, const QString& what, Endpoint& endpoint)
    {
        const YamlMapEntry* e = map.entry(u"hosts");
        if (!e) {
            m_fields.error(endpoint.location,
                QCoreApplication::translate("Validation", "%1 has no 'hosts': the SSH destinations whose hosts file is rewritten").arg(what));
            return;
        }
        const auto hosts = m_fields.textList(*e, false);
        if (!hosts)
            return;
        if (hosts->isEmpty())
            m_fields.error(e->value->location, QCoreApplication::translate("Validation", "'hosts' is empty"));
        for (const auto& [host, location] : *hosts) {
            checkHost(host, location, QStringLiteral("hosts"));
            endpoint.hosts.append(host);
        }
    }

    void readAddresses(const YamlNode& map, const QString& what, Endpoint& endpoint)
    {
        const YamlMapEntry* e = map.entry(u"addresses");
        if (!e) {
            m_fields.error(endpoint.location,
                QCoreApplication::translate("Validation", "%1 has no 'addresses': the IP address of each node it can route to").arg(what));
            return;
        }
        if (!m_fields.expectMap(*e->value, QStringLiteral("'addresses'")))
            return;
        for (const YamlMapEntry& a : e->value->entries) {
            const std::optional<QString> ip = m_fields.text(a);
            if (!ip)
                continue;
            QHostAddress address;
            if (!address.setAddress(ip->trimmed())) {
                m_fields.error(a.value->location, QCoreApplication::translate("Validation", "'%1' is not an IP address").arg(*ip));
                continue;
            }
            endpoint.addresses.append({ a.key, ip->trimmed() });
            endpoint.locations.insert(QStringLiteral("addresses.") + a.key, a.keyLocation);
        }
    }

    void readScalarMap(const YamlMapEntry& entry, QList<InventoryVar>& out, bool checkNames)
    {
        if (!m_fields.expectMap(*entry.value, QStringLiteral("'%1'").arg(entry.key)))
            return;
        for (const YamlMapEntry& v : entry.value->entries) {
            if (checkNames && !RunbookLoader::isValidName(v.key)) {
                m_fields.error(
                    v.keyLocation, QCoreApplication::translate("Validation", "bad var name '%1': use letters, digits, '-' and '_'").arg(v.key));
                continue;
            }
            if (const std::optional<QString> value = m_fields.text(v, true))
                out.append(InventoryVar { v.key, *value, v.value->location });
        }
    }

    void readSsh(const YamlMapEntry& entry)
    {
        if (!m_fields.expectMap(*entry.value, QStringLiteral("'ssh'")))
            return;
        m_fields.checkKeys(*entry.value, { QStringLiteral("config") }, QStringLiteral("'ssh'"));
        if (const YamlMapEntry* e = entry.value->entry(u"config"))
            m_inventory.sshConfig = m_fields.text(*e).value_or(QString());
    }

    void checkHost(const QString& host, const SourceLocation& location, const QString& key)
    {
        if (host == QLatin1String("local") || InventoryLoader::isValidSshDestination(host))
            return;
        m_fields.error(location,
            QCoreApplication::translate("Validation", "'%1' must be 'local' or an SSH destination like user@host, not '%2'").arg(key, host));
    }

    void checkReferences()
    {
        for (const InventoryAlias& alias : m_inventory.aliases) {
            if (m_inventory.node(alias.name))
                m_fields.error(alias.nameLocation,
                    QCoreApplication::translate("Validation", "alias '%1' has the name of a node; a runbook name resolves to the node first")
                        .arg(alias.name));
            if (!m_inventory.node(alias.node))
                m_fields.error(alias.location,
                    QCoreApplication::translate("Validation", "alias '%1' names node '%2', which is not under 'nodes'%3")
                        .arg(alias.name, alias.node, SpellingSuggestion::didYouMean(alias.node, nodeNames())));
        }
        for (const InventoryNode& node : m_inventory.nodes) {
            if (!node.upstream.isEmpty() && !m_inventory.resolveNode(node.upstream))
                m_fields.error(node.locations.value(QStringLiteral("upstream")),
                    QCoreApplication::translate("Validation", "upstream '%1' of node '%2' is not a node%3")
                        .arg(node.upstream, node.name, SpellingSuggestion::didYouMean(node.upstream, nodeNames())));
        }
        for (const Endpoint& endpoint : m_inventory.endpoints) {
            if (!endpoint.routesTo.isEmpty() && !m_inventory.resolveNode(endpoint.routesTo))
                m_fields.error(endpoint.locations.value(QStringLiteral("routes_to")),
                    QCoreApplication::translate("Validation", "endpoint '%1' routes to '%2', which is not a node%3")
                        .arg(endpoint.name, endpoint.routesTo,
                            SpellingSuggestion::didYouMean(endpoint.routesTo, nodeNames())));
            for (const auto& [node, ip] : endpoint.addresses) {
                if (!m_inventory.resolveNode(node))
                    m_fields.error(endpoint.locations.value(QStringLiteral("addresses.") + node),
                        QCoreApplication::translate("Validation", "'addresses' of endpoint '%1' names '%2', which is not a node%3")
                            .arg(endpoint.name, node, SpellingSuggestion::didYouMean(node, nodeNames())));
            }
        }
    }

    QStringList nodeNames() const
    {
        QStringList names;
        for (const InventoryNode& node : m_inventory.nodes)
            names.append(node.name);
        return names;
    }

    QString required(const YamlNode& map, QStringView key, const QString& what)
    {
        if (const YamlMapEntry* e = map.entry(key))
            return m_fields.text(*e).value_or(QString());
        m_fields.error(map.location, QCoreApplication::translate("Validation", "%1 has no '%2'").arg(what, key.toString()));
        return QString();
    }

    QString optional(const YamlNode& map, QStringView key)
    {
        if (const YamlMapEntry* e = map.entry(key))
            return m_fields.text(*e).value_or(QString());
        return QString();
    }

    YamlFieldReader m_fields;
    Inventory m_inventory;
};

} // namespace

std::optional<Inventory> InventoryLoader::fromDocument(const YamlDocument& document, Diagnostics& diagnostics)
{
    if (!document.root || !document.root->isMap() || !document.root->entry(u"cluster"))
        return std::nullopt;
    Reader reader(document, diagnostics);
    return reader.read(*document.root);
}

bool InventoryLoader::isValidSshDestination(const QString& destination)
{
    // Never let a destination start with '-': ssh would read it as an option.
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(ssh://)?([A-Za-z0-9_][A-Za-z0-9._-]*@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_][A-Za-z0-9._-]*)(:[0-9]{1,5})?$)"));
    return pattern.match(destination).hasMatch();
}

QStringList InventoryLoader::knownRoles()
{
    return { QStringLiteral("primary"), QStringLiteral("replica"), QStringLiteral("standby"), QStringLiteral("spare") };
}
