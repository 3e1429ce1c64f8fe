#include "runbook/yamlfieldreader.h"

#include "runbook/spellingsuggestion.h"

#include <QCoreApplication>

YamlFieldReader::YamlFieldReader(QString fileName, Diagnostics& diagnostics)
    : m_fileName(std::move(fileName))
    , m_diagnostics(diagnostics)
{
}

void YamlFieldReader::error(const SourceLocation& location, const QString& message)
{
    ++m_errorCount;
    m_diagnostics.append(Diagnostic { m_fileName, location, message });
}

bool YamlFieldReader::expectMap(const YamlNode& node, const QString& what)
{
    if (node.isMap())
        return true;
    error(node.location, QCoreApplication::translate("Validation", "%1 must be a map of keys and values, not %2").arg(what, node.typeName()));
    return false;
}

void YamlFieldReader::checkKeys(const YamlNode& map, const QStringList& allowed, const QString& what)
{
    for (const YamlMapEntry& entry : map.entries) {
        if (allowed.contains(entry.key))
            continue;
        const QString suggestion = SpellingSuggestion::didYouMean(entry.key, allowed);
        if (!suggestion.isEmpty())
            error(entry.keyLocation, QCoreApplication::translate("Validation", "unknown key '%1' in %2%3").arg(entry.key, what, suggestion));
        else
            error(entry.keyLocation,
                QCoreApplication::translate("Validation", "unknown key '%1' in %2 (known keys: %3)")
                    .arg(entry.key, what, allowed.join(QStringLiteral(", "))));
    }
}

std::optional<QString> YamlFieldReader::text(const YamlMapEntry& entry, bool allowEmpty)
{
    const YamlNode& node = *entry.value;
    if (node.isNull()) {
        if (allowEmpty)
            return QString();
        error(entry.keyLocation, QCoreApplication::translate("Validation", "'%1' needs a value").arg(entry.key));
        return std::nullopt;
    }
    if (!node.isScalar()) {
        error(node.location, QCoreApplication::translate("Validation", "'%1' must be text, not %2").arg(entry.key, node.typeName()));
        return std::nullopt;
    }
    if (!allowEmpty && node.scalar.trimmed().isEmpty()) {
        error(node.location, QCoreApplication::translate("Validation", "'%1' is empty").arg(entry.key));
        return std::nullopt;
    }
    return node.scalar;
}

std::optional<int> YamlFieldReader::integer(const YamlMapEntry& entry, int minimum, int maximum)
{
    const std::optional<QString> value = text(entry);
    if (!value)
        return std::nullopt;
    bool ok = false;
    const qlonglong number = value->trimmed().toLongLong(&ok, 10);
    if (!ok || entry.value->quoted) {
        error(entry.value->location, QCoreApplication::translate("Validation", "'%1' must be a whole number, not '%2'").arg(entry.key, *value));
        return std::nullopt;
    }
    if (number < minimum || number > maximum) {
        error(entry.value->location,
            QCoreApplication::translate("Validation", "'%1' must be between %2 and %3, not %4")
                .arg(entry.key)
                .arg(minimum)
                .arg(maximum)
                .arg(number));
        return std::nullopt;
    }
    return int(number);
}

bool YamlFieldReader::isBooleanText(const QString& text, bool* value)
{
    const QString lower = text.trimmed().toLower();
    if (lower == QLatin1String("true") || lower == QLatin1String("yes") || lower == QLatin1String("on")) {
        *value = true;
        return true;
    }
    if (lower == QLatin1String("false") || lower == QLatin1String("no") || lower == QLatin1String("off")) {
        *value = false;
        return true;
    }
    return false;
}

std::optional<bool> YamlFieldReader::boolean(const YamlMapEntry& entry)
{
    const std::optional<QString> value = text(entry);
    if (!value)
        return std::nullopt;
    bool result = false;
    if (entry.value->quoted || !isBooleanText(*value, &result)) {
        error(entry.value->location, QCoreApplication::translate("Validation", "'%1' must be true or false, not '%2'").arg(entry.key, *value));
        return std::nullopt;
    }
    return result;
}

std::optional<Duration> YamlFieldReader::duration(const YamlMapEntry& entry)
{
    const std::optional<QString> value = text(entry);
    if (!value)
        return std::nullopt;
    QString why;
    const std::optional<Duration> parsed = Duration::parse(*value, &why);
    if (!parsed)
        error(entry.value->location, QStringLiteral("'%1': %2").arg(entry.key, why));
    return parsed;
}

std::optional<QList<std::pair<QString, SourceLocation>>> YamlFieldReader::textList(
    const YamlMapEntry& entry, bool allowSingle)
{
    const YamlNode& node = *entry.value;
    QList<std::pair<QString, SourceLocation>> out;
    if (node.isScalar() && allowSingle) {
        const std::optional<QString> single = text(entry);
        if (!single)
            return std::nullopt;
        out.append({ *single, node.location });
        return out;
    }
    if (!node.isSequence()) {
        error(node.isNull() ? entry.keyLocation : node.location,
            QCoreApplication::translate("Validation", "'%1' must be a list%2, not %3")
                .arg(entry.key, allowSingle ? QCoreApplication::translate("Validation", " or text") : QString(), node.typeName()));
        return std::nullopt;
    }
    bool ok = true;
    for (const auto& item : node.items) {
        if (!item->isScalar() || item->scalar.trimmed().isEmpty()) {
            error(item->location,
                QCoreApplication::translate("Validation", "items of '%1' must be text, not %2")
                    .arg(entry.key, item->isScalar() ? QCoreApplication::translate("Validation", "empty text") : item->typeName()));
            ok = false;
            continue;
        }
        out.append({ item->scalar, item->location });
    }
    if (!ok)
        return std::nullopt;
    return out;
}
