#include "core/secretmask.h"

#include "core/pgconnection.h"

#include <QRegularExpression>
#include <QUrl>
#include <algorithm>

namespace {
QString unquoteConninfoValue(const QString& value)
{
    if (value.size() < 2 || !value.startsWith(QLatin1Char('\'')) || !value.endsWith(QLatin1Char('\'')))
        return value;
    QString out;
    const QString inner = value.mid(1, value.size() - 2);
    for (qsizetype i = 0; i < inner.size(); ++i) {
        if (inner.at(i) == QLatin1Char('\\') && i + 1 < inner.size())
            ++i;
        out += inner.at(i);
    }
    return out;
}
} // namespace

QString maskSecrets(const QString& text, const QStringList& knownSecrets)
{
    const QString mask = QString::fromUtf16(kSecretMask);
    QString out = maskConninfo(text);
    static const QRegularExpression pgpassword(QStringLiteral(R"((\bPGPASSWORD\s*=\s*)('[^']*'|"[^"]*"|\S+))"));
    out.replace(pgpassword, QStringLiteral("\\1") + mask);

    QStringList secrets;
    for (const QString& s : knownSecrets) {
        if (s.isEmpty() || s == mask)
            continue;
        secrets << s;
        const QString encoded = QString::fromUtf8(QUrl::toPercentEncoding(s));
        if (encoded != s)
            secrets << encoded;
    }
    // Longest first, so a secret that contains another is masked whole.
    std::sort(secrets.begin(), secrets.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
    secrets.removeDuplicates();
    for (const QString& s : secrets)
        out.replace(s, mask);
    return out;
}

QStringList passwordsInConninfo(const QString& conninfo)
{
    QStringList found;
    static const QRegularExpression kv(
        QStringLiteral(R"(\bpassword\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&]+))"), QRegularExpression::CaseInsensitiveOption);
    for (auto it = kv.globalMatch(conninfo); it.hasNext();) {
        const QString value = unquoteConninfoValue(it.next().captured(1));
        if (!value.isEmpty())
            found << value << QUrl::fromPercentEncoding(value.toUtf8());
    }
    static const QRegularExpression uri(
        QStringLiteral(R"((?:postgres|postgresql)://[^:/@\s]*:([^@\s]*)@)"), QRegularExpression::CaseInsensitiveOption);
    for (auto it = uri.globalMatch(conninfo); it.hasNext();) {
        const QString value = it.next().captured(1);
        if (!value.isEmpty())
            found << value << QUrl::fromPercentEncoding(value.toUtf8());
    }
    found.removeDuplicates();
    return found;
}
