#include "cli/plancommand.h"

#include "cli/commandparser.h"
#include "cli/runbookinputs.h"
#include "runbook/planwriter.h"

#include <QCoreApplication>
#include <QTextStream>

int runPlanCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    CommandParser parser(QStringLiteral("plan"), QStringLiteral("plan RUNBOOK --inventory INV"),
        QCoreApplication::translate("plan", "Prints every phase and step as it would run on the inventory's cluster (node, rendered\n"
                                            "SQL or command, budgets, rollback, downtime markers), passwords masked. Connects to nothing."),
        QCoreApplication::translate("plan", "0 printed, 2 invalid input."));
    const QCommandLineOption inventoryOption(QStringList { QStringLiteral("i"), QStringLiteral("inventory") },
        QCoreApplication::translate("plan", "The inventory of the cluster to plan for."), QStringLiteral("INV"));
    parser.addOption(inventoryOption);
    if (const auto code = parser.parse(args, out, err))
        return *code;
    const QStringList positional = parser.positionalArguments();
    if (!checkRunbookArguments(parser, positional, parser.isSet(inventoryOption), err))
        return 2;
    const auto inputs = readRunbookInputs(positional.first(), parser.value(inventoryOption), true, err);
    if (!inputs)
        return 2;
    out << PlanWriter::write(*inputs->runbook.runbook, *inputs->inventory.inventory);
    out.flush();
    return 0;
}
