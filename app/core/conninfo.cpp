#include "core/conninfo.h"

#include <QRegularExpression>
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

QString withoutPassword(const QString& conninfo, QString* password)
{
    const auto params = parse(conninfo);
    if (password)
        *password = params ? params->value(QStringLiteral("password")) : QString();
    if (params && !params->contains(QStringLiteral("password")))
        return conninfo;
    // Cut the password out of the text as it was written, so the rest reads the same.
    QString out = conninfo;
    static const QRegularExpression kv(QStringLiteral(R"((^|\s+)password\s*=\s*('(?:[^'\\]|\\.)*'|\S+))"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression userinfo(QStringLiteral(R"(((?:postgres|postgresql)://[^:/@\s]*):[^@\s]*@)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression query(QStringLiteral(R"(([?&])password=[^&\s]*&?)"), QRegularExpression::CaseInsensitiveOption);
    out.replace(kv, QString());
    out.replace(userinfo, QStringLiteral("\\1@"));
    out.replace(query, QStringLiteral("\\1"));
    if (out.endsWith(QLatin1Char('?')) || out.endsWith(QLatin1Char('&')))
        out.chop(1);
    out = out.trimmed();
    // Whatever libpq makes of the cut text must be the same connection without the password;
    // otherwise rebuild it from what libpq parsed.
    const auto check = parse(out);
    if (params && check && !check->contains(QStringLiteral("password"))) {
        QMap<QString, QString> expected = *params;
        expected.remove(QStringLiteral("password"));
        if (*check == expected)
            return out;
    }
    if (!params)
        return out; // not a conninfo libpq reads: the cut text is all there is
    QMap<QString, QString> rest = *params;
    rest.remove(QStringLiteral("password"));
    return build(rest);
}

} // namespace Conninfo
