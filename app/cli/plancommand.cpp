#include "cli/plancommand.h"

#include "cli/runbookinputs.h"
#include "runbook/planwriter.h"

#include <QCommandLineParser>
#include <QTextStream>

int runPlanCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    const QCommandLineOption inventoryOption(QStringList { QStringLiteral("inventory"), QStringLiteral("i") },
        QStringLiteral("The inventory of the cluster to plan for."), QStringLiteral("INV"));
    const QCommandLineOption helpOption(
        QStringList { QStringLiteral("help"), QStringLiteral("h") }, QStringLiteral("Show this help."));
    parser.addOption(inventoryOption);
    parser.addOption(helpOption);
    parser.addPositionalArgument(QStringLiteral("RUNBOOK"), QStringLiteral("The runbook file."));
    const QString usage = QStringLiteral("usage: runbook-console plan RUNBOOK --inventory INV");
    if (!parser.parse(QStringList { QStringLiteral("plan") } + args)) {
        err << "plan: " << parser.errorText() << '\n' << usage << '\n';
        return 2;
    }
    if (parser.isSet(helpOption)) {
        out << usage << '\n' << "Prints every phase and step as it would run on the inventory, secrets masked.\n";
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (!checkRunbookArguments(QStringLiteral("plan"), positional, parser.isSet(inventoryOption), usage, err))
        return 2;
    const auto inputs = readRunbookInputs(positional.first(), parser.value(inventoryOption), true, err);
    if (!inputs)
        return 2;
    out << PlanWriter::write(*inputs->runbook.runbook, *inputs->inventory.inventory);
    out.flush();
    return 0;
}
