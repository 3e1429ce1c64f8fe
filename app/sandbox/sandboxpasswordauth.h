#pragma once
// The sandbox with real password authentication (`sandbox up --password-auth`): SCRAM-SHA-256 on
// every TCP login but the sandbox's own (postgres, and replication), so password handling is
// exercised end to end. The inventory's nodes log in as the superuser rbc_dba, its app endpoint
// as app through PgBouncer (which checks the client's SCRAM proof against the server's own
// verifier and logs in with it); neither conninfo carries the password: the console finds it
// (keychain, password file, PGPASSWORD) or asks.

#include <QMap>
#include <QString>

struct SandboxPasswordSetup {
    QString serverUser; // owns the servers' files; empty: ourselves
    QMap<QString, int> nodePorts; // running PostgreSQL nodes (db1..db3)
    QMap<QString, QString> nodeConfDirs; // where each node reads its pg_hba.conf
    int pgbouncerPort = 0;
    QString pgbouncerDir; // holds pgbouncer.ini and userlist.txt
    QString inventoryPath;
    QString password; // only ever sent to the servers as a SCRAM verifier
};

namespace SandboxPasswordAuth {
// Roles' verifiers set, pg_hba.conf and PgBouncer switched, the inventory's node conninfos moved
// to rbc_dba. False with `error` on failure.
bool enable(const SandboxPasswordSetup& setup, QString* error);
// The role the inventory's nodes log in as in this mode.
QString dbaRole();
} // namespace SandboxPasswordAuth
