#include "credentials/passwordlookup.h"

#include "core/conninfo.h"
#include "credentials/keychainstore.h"
#include "credentials/pgpassfile.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>

namespace {
QMutex g_sessionMutex;
QHash<QString, QString>& sessionPasswords()
{
    static QHash<QString, QString> passwords;
    return passwords;
}
} // namespace

QString passwordSourceName(PasswordSource source)
{
    switch (source) {
    case PasswordSource::Conninfo:
        return QCoreApplication::translate("PasswordLookup", "the conninfo");
    case PasswordSource::Session:
        return QCoreApplication::translate("PasswordLookup", "typed this session");
    case PasswordSource::Keychain:
        return QCoreApplication::translate("PasswordLookup", "the keychain");
    case PasswordSource::PasswordFile:
        return QCoreApplication::translate("PasswordLookup", "the password file");
    case PasswordSource::ServiceFile:
        return QCoreApplication::translate("PasswordLookup", "the service file");
    case PasswordSource::Environment:
        return QStringLiteral("PGPASSWORD");
    case PasswordSource::None:
        break;
    }
    return QCoreApplication::translate("PasswordLookup", "nowhere");
}

namespace PasswordLookup {

void rememberForSession(const QString& key, const QString& password)
{
    QMutexLocker lock(&g_sessionMutex);
    sessionPasswords().insert(key, password);
}

QString sessionPassword(const QString& key)
{
    QMutexLocker lock(&g_sessionMutex);
    return sessionPasswords().value(key);
}

std::optional<PasswordLookupResult> lookup(const QString& conninfo, QString* error)
{
    const auto identity = ConnectionIdentity::of(conninfo, error);
    if (!identity)
        return std::nullopt;
    PasswordLookupResult r;
    r.identity = *identity;
    const auto found = [&r](const QString& password, PasswordSource source) {
        if (password.isEmpty())
            return false;
        r.password = password;
        r.source = source;
        return true;
    };
    QString inline_;
    Conninfo::withoutPassword(conninfo, &inline_);
    if (found(inline_, PasswordSource::Conninfo) || found(sessionPassword(r.identity.keychainKey()), PasswordSource::Session))
        return r;
    const KeychainStore::Result keychain = KeychainStore::read(r.identity.keychainKey());
    r.keychainAvailable = keychain.status == KeychainStore::Status::Ok || keychain.status == KeychainStore::Status::NotFound;
    if (!r.keychainAvailable)
        r.notes << QCoreApplication::translate("PasswordLookup", "no keychain: %1").arg(keychain.message);
    if (keychain.status == KeychainStore::Status::Ok && found(keychain.password, PasswordSource::Keychain))
        return r;
    // libpq takes a service's password as if the conninfo had said it, before the password file.
    if (found(r.identity.servicePassword, PasswordSource::ServiceFile))
        return r;
    QString warning;
    if (found(PgPassFile::find(PgPassFile::pathFor(r.identity), r.identity, &warning), PasswordSource::PasswordFile))
        return r;
    if (!warning.isEmpty())
        r.notes << warning;
    found(qEnvironmentVariable("PGPASSWORD"), PasswordSource::Environment);
    return r;
}

} // namespace PasswordLookup
