#include "runbook/yamlnode.h"

#include <QCoreApplication>

const YamlMapEntry* YamlNode::entry(QStringView key) const
{
    for (const YamlMapEntry& e : entries) {
        if (e.key == key)
            return &e;
    }
    return nullptr;
}

const YamlNode* YamlNode::value(QStringView key) const
{
    const YamlMapEntry* e = entry(key);
    return e ? e->value.get() : nullptr;
}

QStringList YamlNode::keys() const
{
    QStringList out;
    for (const YamlMapEntry& e : entries)
        out.append(e.key);
    return out;
}

QString YamlNode::typeName() const
{
    switch (type) {
    case Type::Null:
        return QStringLiteral("nothing");
    case Type::Scalar:
        return QStringLiteral("text");
    case Type::Sequence:
        return QCoreApplication::translate("Validation", "a list");
    case Type::Map:
        return QCoreApplication::translate("Validation", "a map");
    }
    return QString();
}
