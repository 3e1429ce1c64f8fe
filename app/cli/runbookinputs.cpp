#include "cli/runbookinputs.h"

#include "runbook/runbookvalidator.h"

#include <QTextStream>

bool checkRunbookArguments(
    const QString& command, const QStringList& positional, bool inventoryGiven, const QString& usage, QTextStream& err)
{
    if (positional.size() == 1 && inventoryGiven)
        return true;
    err << command
        << (positional.size() > 1  ? ": give one runbook\n"
               : positional.isEmpty() ? ": no runbook given\n"
                                      : ": --inventory is required\n")
        << usage << '\n';
    err.flush();
    return false;
}

std::optional<RunbookInputs> readRunbookInputs(
    const QString& runbookPath, const QString& inventoryPath, bool checkTogether, QTextStream& err)
{
    RunbookInputs inputs { DocumentLoader::loadRunbook(runbookPath), DocumentLoader::loadInventory(inventoryPath) };
    if (checkTogether && inputs.runbook.runbook && inputs.inventory.ok())
        inputs.runbook.diagnostics
            += RunbookValidator::inventoryProblems(*inputs.runbook.runbook, *inputs.inventory.inventory);
    bool ok = true;
    for (const LoadedDocument* d : { &std::as_const(inputs.runbook), &std::as_const(inputs.inventory) }) {
        for (const Diagnostic& diag : d->diagnostics)
            err << diag.toString() << '\n';
        ok = ok && d->ok();
    }
    err.flush();
    if (!ok)
        return std::nullopt;
    return inputs;
}
