#pragma once
// A YAML value as read from a runbook or inventory file, with the location of every key and value.
// Built by YamlReader; aliases share the anchored node instead of copying it.

#include "runbook/sourcelocation.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

struct YamlNode;

struct YamlMapEntry {
    QString key;
    SourceLocation keyLocation;
    std::shared_ptr<const YamlNode> value;
};

struct YamlNode {
    enum class Type { Null, Scalar, Sequence, Map };

    Type type = Type::Null;
    SourceLocation location;
    QString scalar; // Scalar only
    bool quoted = false; // Scalar written quoted or as a block: never a number, boolean or null
    std::vector<std::shared_ptr<const YamlNode>> items; // Sequence
    std::vector<YamlMapEntry> entries; // Map, in file order, keys unique
    qint64 weight = 1; // nodes in this subtree, aliases counted as expanded

    bool isNull() const { return type == Type::Null; }
    bool isScalar() const { return type == Type::Scalar; }
    bool isSequence() const { return type == Type::Sequence; }
    bool isMap() const { return type == Type::Map; }

    // Map lookups; nullptr / invalid location when absent or not a map.
    const YamlMapEntry* entry(QStringView key) const;
    const YamlNode* value(QStringView key) const;
    QStringList keys() const;

    // "map", "list", "text" or "nothing", for messages.
    QString typeName() const;
};
