#include "credentials/connectionidentity.h"

#include "core/conninfo.h"
#include "credentials/pgpassfile.h"

#include <pwd.h>
#include <unistd.h>

std::optional<ConnectionIdentity> ConnectionIdentity::of(const QString& conninfo, QString* error)
{
    auto params = Conninfo::parse(conninfo, error);
    if (!params)
        return std::nullopt;
    // libpq's order: the string, then its service, then the environment, then defaults.
    const QString service = params->value(QStringLiteral("service"), qEnvironmentVariable("PGSERVICE"));
    const QMap<QString, QString> fromService = PgServiceFile::find(service);
    const auto value = [&](const char* keyword, const char* env) {
        const QString k = QString::fromLatin1(keyword);
        if (!params->value(k).isEmpty())
            return params->value(k);
        if (!fromService.value(k).isEmpty())
            return fromService.value(k);
        return env ? qEnvironmentVariable(env) : QString();
    };
    ConnectionIdentity id;
    id.host = value("host", "PGHOST").section(QLatin1Char(','), 0, 0);
    if (id.host.isEmpty())
        id.host = value("hostaddr", "PGHOSTADDR").section(QLatin1Char(','), 0, 0);
    if (id.host.isEmpty() || id.host.startsWith(QLatin1Char('/')) || id.host.startsWith(QLatin1Char('@')))
        id.host = QStringLiteral("localhost"); // a Unix socket, as the password file names it
    id.port = value("port", "PGPORT").section(QLatin1Char(','), 0, 0);
    if (id.port.isEmpty())
        id.port = QStringLiteral("5432");
    id.user = value("user", "PGUSER");
    if (id.user.isEmpty()) {
        const passwd* pw = ::getpwuid(::geteuid());
        id.user = pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
    }
    id.dbname = value("dbname", "PGDATABASE");
    if (id.dbname.isEmpty())
        id.dbname = id.user;
    id.passfile = value("passfile", nullptr);
    id.servicePassword = fromService.value(QStringLiteral("password"));
    return id;
}
