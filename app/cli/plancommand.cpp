#include "cli/plancommand.h"

#include "runbook/documentloader.h"
#include "runbook/planwriter.h"
#include "runbook/runbookvalidator.h"

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
    if (positional.size() != 1 || !parser.isSet(inventoryOption)) {
        err << (positional.size() > 1  ? "plan: give one runbook\n"
                : positional.isEmpty() ? "plan: no runbook given\n"
                                       : "plan: --inventory is required\n")
            << usage << '\n';
        return 2;
    }

    LoadedDocument runbook = DocumentLoader::loadRunbook(positional.first());
    const LoadedDocument inventory = DocumentLoader::loadInventory(parser.value(inventoryOption));
    if (runbook.runbook && inventory.ok())
        runbook.diagnostics += RunbookValidator::inventoryProblems(*runbook.runbook, *inventory.inventory);
    bool valid = true;
    for (const LoadedDocument* document : { static_cast<const LoadedDocument*>(&runbook), &inventory }) {
        for (const Diagnostic& d : document->diagnostics)
            err << d.toString() << '\n';
        valid = valid && document->ok();
    }
    if (!valid) {
        err.flush();
        return 2;
    }
    out << PlanWriter::write(*runbook.runbook, *inventory.inventory);
    out.flush();
    return 0;
}
