#include "runbook/inventory.h"

namespace {
template <typename T> const T* findByName(const QList<T>& list, const QString& name)
{
    for (const T& item : list) {
        if (item.name == name)
            return &item;
    }
    return nullptr;
}
} // namespace

const InventoryNode* Inventory::node(const QString& name) const
{
    return findByName(nodes, name);
}

const InventoryNode* Inventory::resolveNode(const QString& runbookName) const
{
    if (const InventoryNode* direct = node(runbookName))
        return direct;
    if (const InventoryAlias* a = alias(runbookName))
        return node(a->node);
    return nullptr;
}

const InventoryAlias* Inventory::alias(const QString& name) const
{
    return findByName(aliases, name);
}

const Endpoint* Inventory::endpoint(const QString& name) const
{
    return findByName(endpoints, name);
}

const InventoryVar* Inventory::var(const QString& name) const
{
    return findByName(vars, name);
}
