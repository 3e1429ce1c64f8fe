#pragma once
// One PostgreSQL server of an inventory, and how to reach it.

#include "runbook/sourcelocation.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>

struct InventoryNode {
    QString name;
    QString conninfo; // libpq keyword/value or URI; may hold a password: show it through maskConninfo()
    QString host; // "local" or an SSH destination
    QString runAs; // local user for shell steps; empty: the current user
    QString datadir;
    QString bindir;
    std::optional<int> port;
    QString role; // primary, replica, standby or spare
    QString version;
    QString upstream; // inventory node this one replicates from

    SourceLocation location; // the node's name
    QHash<QString, SourceLocation> locations; // value location by field name ("port", ...)

    bool isLocal() const { return host == QLatin1String("local"); }

    // Field names a template may use: {{ nodes.<name>.<field> }}.
    static QStringList fieldNames();
    static bool isSecretField(const QString& field) { return field == QLatin1String("conninfo"); }
    // A field's value as text; nullopt when the field is unknown or not set for this node.
    std::optional<QString> field(const QString& field) const;
};
