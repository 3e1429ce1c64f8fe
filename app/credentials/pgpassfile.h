#pragma once
// libpq's password file (~/.pgpass, PGPASSFILE, passfile=) and service file (pg_service.conf),
// read the way libpq reads them, so a password the console finds is the one psql would use.

#include "credentials/connectionidentity.h"

#include <QMap>
#include <QString>

namespace PgPassFile {
// The file libpq would read for this connection: passfile=, else PGPASSFILE, else ~/.pgpass.
QString pathFor(const ConnectionIdentity& identity);
// The password of the first line matching host, port, database and user (`*` matches anything;
// `\:` and `\\` escape). Empty when none matches, or when the file is not a plain file or group
// or others may read it (libpq ignores it then; `warning` says so).
QString find(const QString& path, const ConnectionIdentity& identity, QString* warning = nullptr);
} // namespace PgPassFile

namespace PgServiceFile {
// The keywords of service `name`: from PGSERVICEFILE (else ~/.pg_service.conf) when it has the
// service, else from pg_service.conf in PGSYSCONFDIR (else /etc/postgresql-common). Empty when
// no file has it.
QMap<QString, QString> find(const QString& name);
} // namespace PgServiceFile
