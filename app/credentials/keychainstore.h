#pragma once
// Passwords of PostgreSQL connections in the system keychain through QtKeychain (the Secret
// Service via libsecret: GNOME Keyring, KWallet), service "runbook-console", one entry per
// ConnectionIdentity::keychainKey(). Never a plaintext file: QtKeychain's insecure fallback stays
// off, so without a keychain service nothing is stored.
//
// QtKeychain's jobs are asynchronous; these calls wait for one in a local event loop, so they
// block: call them from a worker thread or the command line, never from the GUI thread.

#include <QString>

namespace KeychainStore {

enum class Status {
    Ok,
    NotFound, // the keychain answered: no such entry
    Unavailable, // no keychain service answers (no D-Bus session, no Secret Service, locked and no prompt)
    Failed, // it answered with an error
};

struct Result {
    Status status = Status::Failed;
    QString password; // read: the password
    QString message; // what went wrong, for people
};

QString serviceName();
Result read(const QString& key);
Result write(const QString& key, const QString& password);
Result remove(const QString& key);

} // namespace KeychainStore
