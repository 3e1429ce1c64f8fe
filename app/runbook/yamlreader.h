#pragma once
// Reads one YAML document from untrusted bytes into a YamlNode tree, refusing what could hurt:
// files over 4 MiB, NUL bytes, invalid UTF-8, nesting deeper than 64, more than 200000 nodes once
// aliases are expanded (alias bombs), aliases to a node that contains them, several documents.

#include "runbook/yamldocument.h"

#include <QByteArray>
#include <QString>
#include <optional>

class YamlReader {
public:
    static constexpr qint64 maximumFileSize = 4 * 1024 * 1024;
    static constexpr int maximumDepth = 64;
    static constexpr qint64 maximumNodes = 200000;

    static YamlDocument readFile(const QString& path);
    // fileName is used in messages only.
    static YamlDocument readData(const QByteArray& data, const QString& fileName);
    // A text file a runbook names (sql_file, shell_file), under the same limits as a YAML file
    // (size, NUL bytes, UTF-8); nullopt with `why` set when it cannot be used.
    static std::optional<QString> readTextFile(const QString& path, QString* why);
};
