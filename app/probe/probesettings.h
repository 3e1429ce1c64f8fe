#pragma once
// The inventory's `traffic_probe:` settings: whether a run measures client-visible downtime,
// through which endpoint, and how often.

#include "runbook/inventory.h"

#include <optional>

struct ProbeSettings {
    bool enabled = false;
    QString endpoint = QStringLiteral("app");
    int intervalMs = 50;
    int requestTimeoutMs = 2000;
    bool keepTable = false; // leave rbc_traffic_probe behind for inspection
    QString host; // SSH destination of an application host to probe from; empty: this machine
    QString psql = QStringLiteral("psql"); // psql on that host

    // nullopt and `error` (file:line:col: message) when a key or value is wrong.
    static std::optional<ProbeSettings> fromInventory(const Inventory& inventory, QString* error);
};
