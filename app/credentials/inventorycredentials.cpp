#include "credentials/inventorycredentials.h"

#include "core/conninfo.h"
#include "credentials/passwordlookup.h"

#include <QCoreApplication>
#include <libpq-fe.h>
#include <thread>

namespace {

constexpr int kProbeTimeoutSeconds = 3;

QString withPassword(const QString& conninfo, const QString& password)
{
    auto params = Conninfo::parse(conninfo);
    if (!params)
        return conninfo;
    params->insert(QStringLiteral("password"), password);
    return Conninfo::build(*params);
}

struct Slot {
    QString name;
    QString* conninfo;
};

QList<Slot> slotsOf(Inventory& inventory)
{
    QList<Slot> out;
    for (InventoryNode& n : inventory.nodes)
        out << Slot { n.name, &n.conninfo };
    for (Endpoint& e : inventory.endpoints) {
        out << Slot { e.name, &e.conninfo };
        out << Slot { e.name + QStringLiteral(" (admin)"), &e.adminConninfo };
    }
    return out;
}

// libpq's answer to a connection without a password: does the server ask for one?
bool serverAsksForPassword(const QString& conninfo)
{
    const QByteArray timeout = QByteArray::number(kProbeTimeoutSeconds);
    const char* keywords[] = { "dbname", "connect_timeout", "application_name", nullptr };
    const QByteArray dbname = conninfo.toUtf8();
    const char* values[] = { dbname.constData(), timeout.constData(), "runbook-console", nullptr };
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    const bool asks = conn && PQstatus(conn) == CONNECTION_BAD && PQconnectionNeedsPassword(conn);
    PQfinish(conn);
    return asks;
}

} // namespace

namespace InventoryCredentials {

CredentialReport fill(Inventory& inventory, bool probe)
{
    CredentialReport report;
    QList<MissingPassword> candidates;
    for (const Slot& slot : slotsOf(inventory)) {
        if (slot.conninfo->trimmed().isEmpty())
            continue;
        const auto found = PasswordLookup::lookup(*slot.conninfo);
        if (!found)
            continue; // the loader reports a conninfo that does not parse
        report.keychainAvailable = report.keychainAvailable && found->keychainAvailable;
        for (const QString& note : found->notes)
            if (!report.notes.contains(note))
                report.notes << note;
        if (found->source == PasswordSource::Conninfo)
            continue;
        if (found->source != PasswordSource::None) {
            *slot.conninfo = withPassword(*slot.conninfo, found->password);
            continue;
        }
        const QString key = found->identity.keychainKey();
        auto it = std::find_if(candidates.begin(), candidates.end(), [&key](const MissingPassword& m) { return m.key == key; });
        if (it != candidates.end())
            it->names << slot.name;
        else
            candidates << MissingPassword { key, { slot.name }, found->identity, *slot.conninfo };
    }
    if (!probe || candidates.isEmpty())
        return report;
    // One connection attempt per identity, all at once: a server that is slow to answer costs its
    // timeout once, not once per node.
    QList<char> asks(candidates.size(), 0);
    std::vector<std::thread> threads;
    for (int i = 0; i < candidates.size(); ++i)
        threads.emplace_back([&asks, &candidates, i] { asks[i] = serverAsksForPassword(candidates[i].conninfo) ? 1 : 0; });
    for (std::thread& t : threads)
        t.join();
    for (int i = 0; i < candidates.size(); ++i)
        if (asks[i])
            report.missing << candidates[i];
    return report;
}

void apply(Inventory& inventory, const QString& key, const QString& password)
{
    for (const Slot& slot : slotsOf(inventory)) {
        if (slot.conninfo->trimmed().isEmpty())
            continue;
        const auto id = ConnectionIdentity::of(*slot.conninfo);
        QString inlined;
        Conninfo::withoutPassword(*slot.conninfo, &inlined);
        if (id && id->keychainKey() == key && inlined.isEmpty())
            *slot.conninfo = withPassword(*slot.conninfo, password);
    }
}

bool verify(const QString& conninfo, const QString& password, QString* error)
{
    const QByteArray timeout = QByteArray::number(kProbeTimeoutSeconds);
    const QByteArray dbname = conninfo.toUtf8();
    const QByteArray pw = password.toUtf8();
    const char* keywords[] = { "dbname", "password", "connect_timeout", "application_name", nullptr };
    const char* values[] = { dbname.constData(), pw.constData(), timeout.constData(), "runbook-console", nullptr };
    PGconn* conn = PQconnectdbParams(keywords, values, 1);
    const bool ok = conn && PQstatus(conn) == CONNECTION_OK;
    bool refused = false;
    if (!ok && error) {
        QString message = conn ? QString::fromUtf8(PQerrorMessage(conn)).trimmed() : QStringLiteral("out of memory");
        if (!password.isEmpty())
            message.replace(password, QStringLiteral("****"));
        *error = message;
    }
    if (!ok && conn) {
        // 28P01 invalid_password / 28000: the server answered, and said no.
        const QString text = QString::fromUtf8(PQerrorMessage(conn));
        refused = PQconnectionUsedPassword(conn) || PQconnectionNeedsPassword(conn)
            || text.contains(QLatin1String("password authentication failed"));
    }
    PQfinish(conn);
    return ok || !refused;
}

QString missingText(const CredentialReport& report, const QString& inventoryPath)
{
    QString text;
    for (const MissingPassword& m : report.missing)
        text += QCoreApplication::translate("InventoryCredentials",
            "%1: the server asks for the password of %2 and none was found (keychain, service file, "
            "password file, PGPASSWORD)\n")
                    .arg(m.names.join(QStringLiteral(", ")), m.key);
    if (!report.missing.isEmpty()) {
        const QString first = report.missing.first().names.first().section(QLatin1Char(' '), 0, 0);
        text += report.keychainAvailable
            ? QCoreApplication::translate("InventoryCredentials", "store it in the keychain with: runbook-console password set %1 --inventory %2\n")
                  .arg(first, inventoryPath)
            : QCoreApplication::translate("InventoryCredentials",
                "no keychain service answers: put it in ~/.pgpass (mode 0600) or PGPASSWORD, or open the console, which asks\n");
    }
    for (const QString& note : report.notes)
        text += note + QLatin1Char('\n');
    return text;
}

} // namespace InventoryCredentials
