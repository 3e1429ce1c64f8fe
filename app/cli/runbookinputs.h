#pragma once
// RUNBOOK and --inventory INV, as the plan, run and forecast commands take them.

#include "runbook/documentloader.h"

#include <QStringList>
#include <optional>

class CommandParser;
class QTextStream;

struct RunbookInputs {
    LoadedDocument runbook;
    LoadedDocument inventory;
};

// One runbook and an inventory were given; otherwise says which is missing, then the usage.
bool checkRunbookArguments(const CommandParser& parser, const QStringList& positional, bool inventoryGiven, QTextStream& err);
// Reads both files (the runbook through the runbook search path) and, with checkTogether, what the
// runbook needs from the inventory. Every problem goes to err as file:line:col: message; nullopt
// when there was any.
std::optional<RunbookInputs> readRunbookInputs(
    const QString& runbookPath, const QString& inventoryPath, bool checkTogether, QTextStream& err);
// The passwords of the inventory's connections, from the keychain, libpq's files or PGPASSWORD
// (InventoryCredentials). False, having said which are missing and how to give them, when a server
// asks for one that none of them has: the command then changes nothing (exit 2).
bool fillPasswords(Inventory& inventory, const QString& inventoryPath, QTextStream& err);
