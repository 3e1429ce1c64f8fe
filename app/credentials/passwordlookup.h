#pragma once
// Where a connection's password comes from, in order: the conninfo itself; a password typed in
// this session; the system keychain; libpq's service file and password file (as libpq reads
// them, a service's password first); PGPASSWORD. Blocking (the keychain answers asynchronously): worker threads and the
// command line only.

#include "credentials/connectionidentity.h"

#include <QString>
#include <QStringList>

enum class PasswordSource { None, Conninfo, Session, Keychain, PasswordFile, ServiceFile, Environment };

QString passwordSourceName(PasswordSource source);

struct PasswordLookupResult {
    ConnectionIdentity identity;
    QString password; // never shown, logged or stored by us
    PasswordSource source = PasswordSource::None;
    bool keychainAvailable = true;
    QStringList notes; // e.g. a password file group/others can read, a keychain that did not answer
};

namespace PasswordLookup {
// nullopt when the conninfo does not parse (`error` says why).
std::optional<PasswordLookupResult> lookup(const QString& conninfo, QString* error = nullptr);
// Passwords typed this session, by keychain key: kept in memory only, for as long as the process runs.
void rememberForSession(const QString& key, const QString& password);
QString sessionPassword(const QString& key);
} // namespace PasswordLookup
