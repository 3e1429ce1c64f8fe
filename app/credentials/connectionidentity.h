#pragma once
// Who a connection logs in as, and where: the fields libpq matches a password file line against,
// worked out from a conninfo as libpq does (its service file, PG* environment, defaults).

#include <QString>
#include <optional>

struct ConnectionIdentity {
    QString host; // as a password file names it: "localhost" for a Unix socket
    QString port;
    QString dbname;
    QString user;
    QString passfile; // the conninfo's passfile=, if any
    QString servicePassword; // a password the service file gave, if any

    // The keychain entry of this connection: a role's password is the same in every database.
    QString keychainKey() const { return user + QLatin1Char('@') + host + QLatin1Char(':') + port; }

    // nullopt with `error` when the conninfo does not parse.
    static std::optional<ConnectionIdentity> of(const QString& conninfo, QString* error = nullptr);
};
