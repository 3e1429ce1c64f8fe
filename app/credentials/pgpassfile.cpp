#include "credentials/pgpassfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

QString homeDirectory()
{
    const QString home = qEnvironmentVariable("HOME");
    if (!home.isEmpty())
        return home;
    const passwd* pw = ::getpwuid(::geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_dir) : QString();
}

// One line's fields split at unescaped colons; the fifth field is the rest of the line.
QStringList fields(const QString& line)
{
    QStringList out;
    QString current;
    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (out.size() < 4 && c == QLatin1Char(':')) {
            out << current;
            current.clear();
        } else if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            current += line.at(++i);
        } else {
            current += c;
        }
    }
    out << current;
    return out;
}

} // namespace

namespace PgPassFile {

QString pathFor(const ConnectionIdentity& identity)
{
    if (!identity.passfile.isEmpty())
        return identity.passfile;
    const QString env = qEnvironmentVariable("PGPASSFILE");
    if (!env.isEmpty())
        return env;
    return homeDirectory() + QStringLiteral("/.pgpass");
}

QString find(const QString& path, const ConnectionIdentity& identity, QString* warning)
{
    struct stat st {};
    if (path.isEmpty() || ::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    if (!S_ISREG(st.st_mode)) {
        if (warning)
            *warning = QStringLiteral("%1 is not a plain file: not read").arg(path);
        return {};
    }
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
        if (warning)
            *warning = QStringLiteral("%1 can be read by group or others (chmod 0600 it): not read, as libpq does not").arg(path);
        return {};
    }
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const auto matches = [](const QString& pattern, const QString& value) {
        return pattern == QLatin1String("*") || pattern == value;
    };
    while (!f.atEnd()) {
        QString line = QString::fromUtf8(f.readLine());
        while (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const QStringList f5 = fields(line);
        if (f5.size() < 5)
            continue;
        if (matches(f5[0], identity.host) && matches(f5[1], identity.port) && matches(f5[2], identity.dbname)
            && matches(f5[3], identity.user))
            return f5[4];
    }
    return {};
}

} // namespace PgPassFile

namespace PgServiceFile {

namespace {
std::optional<QMap<QString, QString>> section(const QString& path, const QString& name)
{
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly))
        return std::nullopt;
    bool inside = false;
    bool found = false;
    QMap<QString, QString> values;
    while (!f.atEnd()) {
        const QString line = QString::fromUtf8(f.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            if (inside)
                break;
            inside = line == QLatin1Char('[') + name + QLatin1Char(']');
            found = found || inside;
            continue;
        }
        if (!inside)
            continue;
        const int eq = line.indexOf(QLatin1Char('='));
        if (eq > 0)
            values.insert(line.left(eq).trimmed(), line.mid(eq + 1).trimmed());
    }
    if (!found)
        return std::nullopt;
    return values;
}
} // namespace

QMap<QString, QString> find(const QString& name)
{
    if (name.isEmpty())
        return {};
    QString user = qEnvironmentVariable("PGSERVICEFILE");
    if (user.isEmpty())
        user = homeDirectory() + QStringLiteral("/.pg_service.conf");
    if (const auto values = section(user, name))
        return *values;
    QString sysconf = qEnvironmentVariable("PGSYSCONFDIR");
    if (sysconf.isEmpty())
        sysconf = QStringLiteral("/etc/postgresql-common");
    return section(sysconf + QStringLiteral("/pg_service.conf"), name).value_or(QMap<QString, QString> {});
}

} // namespace PgServiceFile
