#include "core/sqlerror.h"

#include <array>
#include <utility>

QString SqlError::conditionName(const QString& sqlstate)
{
    // The conditions steps meet most; anything else is shown by its code alone.
    static constexpr std::array<std::pair<const char*, const char*>, 14> kNames { {
        { "55P03", "lock_not_available" },
        { "40P01", "deadlock_detected" },
        { "40001", "serialization_failure" },
        { "57014", "query_canceled" },
        { "57P01", "admin_shutdown" },
        { "57P03", "cannot_connect_now" },
        { "42601", "syntax_error" },
        { "42P01", "undefined_table" },
        { "42703", "undefined_column" },
        { "23505", "unique_violation" },
        { "25006", "read_only_sql_transaction" },
        { "42501", "insufficient_privilege" },
        { "3D000", "invalid_catalog_name" },
        { "28P01", "invalid_password" },
    } };
    for (const auto& [code, name] : kNames)
        if (sqlstate == QLatin1String(code))
            return QString::fromLatin1(name);
    return QString();
}

QString SqlError::shortReason() const
{
    if (connectionFailure && sqlstate.isEmpty())
        return QStringLiteral("connection failure");
    const QString name = conditionName(sqlstate);
    return name.isEmpty() ? sqlstate : name;
}

QString SqlError::describe() const
{
    if (connectionFailure && sqlstate.isEmpty())
        return QStringLiteral("connection failure: ") + message;
    if (sqlstate.isEmpty())
        return message;
    const QString name = conditionName(sqlstate);
    return (name.isEmpty() ? sqlstate : QStringLiteral("%1 (%2)").arg(name, sqlstate)) + QStringLiteral(": ") + message;
}
