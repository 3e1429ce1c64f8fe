#pragma once
// Typed access to the values of a YamlNode map for the loaders, reporting every wrong type,
// unknown key and bad value as a Diagnostic instead of stopping at the first.

#include "runbook/diagnostic.h"
#include "runbook/duration.h"
#include "runbook/yamlnode.h"

#include <optional>

class YamlFieldReader {
public:
    YamlFieldReader(QString fileName, Diagnostics& diagnostics);

    void error(const SourceLocation& location, const QString& message);
    bool hasErrors() const { return m_errorCount > 0; }

    // Reports when `node` is not a map; `what` names it in the message ("step 'x'").
    bool expectMap(const YamlNode& node, const QString& what);
    // Reports every key of `map` not in `allowed`, suggesting the closest allowed key.
    void checkKeys(const YamlNode& map, const QStringList& allowed, const QString& what);

    // The value of `entry` as text; numbers and booleans are taken as written.
    std::optional<QString> text(const YamlMapEntry& entry, bool allowEmpty = false);
    std::optional<int> integer(const YamlMapEntry& entry, int minimum, int maximum);
    std::optional<bool> boolean(const YamlMapEntry& entry);
    std::optional<Duration> duration(const YamlMapEntry& entry);
    // A list of texts; a single text counts as a list of one when allowSingle.
    std::optional<QList<std::pair<QString, SourceLocation>>> textList(const YamlMapEntry& entry, bool allowSingle);

    static bool isBooleanText(const QString& text, bool* value);

private:
    QString m_fileName;
    Diagnostics& m_diagnostics;
    int m_errorCount = 0;
};
