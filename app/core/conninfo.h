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
} // namespace Conninfo
