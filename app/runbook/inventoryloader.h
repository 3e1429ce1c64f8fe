#pragma once
// Builds an Inventory from a YAML document and checks it on its own: known keys, types, required
// fields per endpoint kind, that aliases, upstreams and routes name real nodes, that SSH
// destinations cannot be taken for ssh options.

#include "runbook/inventory.h"
#include "runbook/yamldocument.h"

#include <optional>

class InventoryLoader {
public:
    // Appends every problem to `diagnostics`; returns what could be read, or nullopt when the
    // document is not an inventory at all.
    static std::optional<Inventory> fromDocument(const YamlDocument& document, Diagnostics& diagnostics);

    static bool isValidSshDestination(const QString& destination);
    static QStringList knownRoles();
};
