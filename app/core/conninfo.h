#pragma once
// libpq connection strings (keyword/value or URI) taken apart with libpq's own parser.

#include <QMap>
#include <QString>
#include <optional>

namespace Conninfo {
// The keywords the string sets, or nullopt with libpq's message (which never echoes a password).
std::optional<QMap<QString, QString>> parse(const QString& conninfo, QString* error = nullptr);
// keyword/value form with values quoted as libpq expects.
QString build(const QMap<QString, QString>& params);
// The same connection without its password (keyword/value `password=`, URI `user:password@` or
// `?password=`), for places where the text is visible to others (a command line); the password
// itself goes to `password`, for the environment (PGPASSWORD) of whatever uses the string.
QString withoutPassword(const QString& conninfo, QString* password = nullptr);
} // namespace Conninfo
