#pragma once
// The passwords of an inventory's connections (each node's conninfo, each endpoint's conninfo and
// admin_conninfo), filled in memory from PasswordLookup's order, and the servers that ask for one
// none of the sources had. The inventory file is never written: passwords live in the in-memory
// conninfo only, where the engine already keeps them off argv (PGPASSWORD, RBC_SECRET_n), out of
// the journal, exports and logs (ActionFactory::secretsOf masks them).

#include "credentials/connectionidentity.h"
#include "runbook/inventory.h"

#include <QList>
#include <QStringList>

struct MissingPassword {
    QString key; // ConnectionIdentity::keychainKey()
    QStringList names; // the nodes and endpoints that connect this way
    ConnectionIdentity identity;
    QString conninfo; // one of them, without password (for verifying an answer)
};

struct CredentialReport {
    QList<MissingPassword> missing;
    bool keychainAvailable = true;
    QStringList notes; // distinct notes of the lookups (never a password)
};

namespace InventoryCredentials {
// Fills every conninfo that has no password and for which a source has one. With `probe`, each
// connection still without one is tried (in parallel, a few seconds at most): those whose server
// asks for a password are reported missing; a server that is down or does not ask is not.
CredentialReport fill(Inventory& inventory, bool probe);
// Puts `password` into every conninfo of the inventory whose identity has this keychain key.
void apply(Inventory& inventory, const QString& key, const QString& password);
// Whether the server takes this password (false with the reason when it refuses it); a server out
// of reach counts as taken (nothing can be said), with `error` set.
bool verify(const QString& conninfo, const QString& password, QString* error);
// The text for the command line when passwords are missing: which, and how to give them.
QString missingText(const CredentialReport& report, const QString& inventoryPath);
} // namespace InventoryCredentials
