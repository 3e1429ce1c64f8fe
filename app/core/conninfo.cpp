#include "core/conninfo.h"

#include <QStringList>
#include <libpq-fe.h>

namespace Conninfo {

std::optional<QMap<QString, QString>> parse(const QString& conninfo, QString* error)
{
    char* err = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.toUtf8().constData(), &err);
    if (!options) {
        if (error)
            *error = err ? QString::fromUtf8(err).trimmed() : QStringLiteral("out of memory parsing a connection string");
        PQfreemem(err);
        return std::nullopt;
    }
    QMap<QString, QString> out;
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (o->val)
            out.insert(QString::fromLatin1(o->keyword), QString::fromUtf8(o->val));
    }
    PQconninfoFree(options);
    return out;
}

QString build(const QMap<QString, QString>& params)
{
    QStringList parts;
    for (auto it = params.begin(); it != params.end(); ++it) {
        QString v = it.value();
        const bool plain = !v.isEmpty() && !v.contains(QLatin1Char(' ')) && !v.contains(QLatin1Char('\''))
            && !v.contains(QLatin1Char('\\')) && !v.contains(QLatin1Char('='));
        if (!plain) {
            v.replace(QLatin1String("\\"), QLatin1String("\\\\"));
            v.replace(QLatin1String("'"), QLatin1String("\\'"));
            v = QLatin1Char('\'') + v + QLatin1Char('\'');
        }
        parts << it.key() + QLatin1Char('=') + v;
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace Conninfo
