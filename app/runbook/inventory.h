#pragma once
// One concrete cluster read from an inventory file: its nodes, the aliases that map a runbook's
// names onto them, its endpoints and variables.

#include "runbook/endpoint.h"
#include "runbook/inventorynode.h"

#include <QList>

struct InventoryAlias {
    QString name; // the name a runbook uses
    QString node; // the inventory node it means
    SourceLocation location; // of the node name
    SourceLocation nameLocation; // of the alias name
};

struct InventoryVar {
    QString name;
    QString value;
    SourceLocation location;
};

struct Inventory {
    QString fileName;
    QString cluster;
    QList<InventoryNode> nodes;
    QList<InventoryAlias> aliases;
    QList<Endpoint> endpoints;
    QList<InventoryVar> vars;
    QString sshConfig; // ssh_config file passed to ssh with -F; empty: the user's own
    QList<InventoryVar> trafficProbe; // free-form settings of the traffic probe
    SourceLocation location; // the `cluster:` key

    const InventoryNode* node(const QString& name) const;
    // A runbook's name for a node: the inventory node of that name, else the one an alias names.
    const InventoryNode* resolveNode(const QString& runbookName) const;
    const InventoryAlias* alias(const QString& name) const;
    const Endpoint* endpoint(const QString& name) const;
    const InventoryVar* var(const QString& name) const;
};
