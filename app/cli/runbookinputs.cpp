#include "cli/runbookinputs.h"

#include "cli/commandparser.h"
#include "credentials/inventorycredentials.h"
#include "runbook/runbooksearchpath.h"
#include "runbook/runbookvalidator.h"

#include <QCoreApplication>

#include <QTextStream>

bool checkRunbookArguments(const CommandParser& parser, const QStringList& positional, bool inventoryGiven, QTextStream& err)
{
    if (positional.size() == 1 && inventoryGiven)
        return true;
    parser.usageError(positional.size() > 1 ? QCoreApplication::translate("cli", "give one runbook")
            : positional.isEmpty()          ? QCoreApplication::translate("cli", "no runbook given")
                                            : QCoreApplication::translate("cli", "--inventory is required"),
        err);
    return false;
}

std::optional<RunbookInputs> readRunbookInputs(
    const QString& runbookPath, const QString& inventoryPath, bool checkTogether, QTextStream& err)
{
    RunbookInputs inputs { DocumentLoader::loadRunbook(RunbookSearchPath::resolve(runbookPath)), DocumentLoader::loadInventory(inventoryPath) };
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

bool fillPasswords(Inventory& inventory, const QString& inventoryPath, QTextStream& err)
{
    const CredentialReport report = InventoryCredentials::fill(inventory, true);
    if (report.missing.isEmpty())
        return true;
    err << InventoryCredentials::missingText(report, inventoryPath);
    err.flush();
    return false;
}
