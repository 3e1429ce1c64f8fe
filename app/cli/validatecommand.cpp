#include "cli/validatecommand.h"

#include "runbook/documentloader.h"
#include "runbook/runbookvalidator.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

namespace {

QString kindName(DocumentKind kind)
{
    return kind == DocumentKind::Runbook ? QStringLiteral("runbook") : QStringLiteral("inventory");
}

void report(const Diagnostics& diagnostics, QTextStream& err)
{
    for (const Diagnostic& d : diagnostics)
        err << d.toString() << '\n';
}

} // namespace

int runValidateCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Check runbook and inventory files."));
    const QCommandLineOption inventoryOption(QStringList { QStringLiteral("inventory"), QStringLiteral("i") },
        QStringLiteral("Also check that each runbook can run on this inventory."), QStringLiteral("INV"));
    const QCommandLineOption helpOption(
        QStringList { QStringLiteral("help"), QStringLiteral("h") }, QStringLiteral("Show this help."));
    parser.addOption(inventoryOption);
    parser.addOption(helpOption);
    parser.addPositionalArgument(
        QStringLiteral("FILE"), QStringLiteral("Runbook or inventory files."), QStringLiteral("FILE..."));
    const QString usage = QStringLiteral("usage: runbook-console validate FILE... [--inventory INV]");
    if (!parser.parse(QStringList { QStringLiteral("validate") } + args)) {
        err << "validate: " << parser.errorText() << '\n' << usage << '\n';
        return 2;
    }
    if (parser.isSet(helpOption)) {
        out << usage << '\n'
            << "Prints 'FILE: ok (runbook|inventory)' for each valid file and 'file:line:col: message' for each\n"
               "problem. Exit status 0 when every file is valid, else 2.\n";
        return 0;
    }
    const QStringList files = parser.positionalArguments();
    const QString inventoryPath = parser.value(inventoryOption);
    if (files.isEmpty() && inventoryPath.isEmpty()) {
        err << "validate: no file given\n" << usage << '\n';
        return 2;
    }

    bool allValid = true;
    std::optional<LoadedDocument> inventory;
    if (!inventoryPath.isEmpty()) {
        inventory = DocumentLoader::loadInventory(inventoryPath);
        report(inventory->diagnostics, err);
        if (inventory->ok())
            out << inventoryPath << ": ok (inventory)\n";
        else
            allValid = false;
    }
    const QString inventoryCanonical
        = inventoryPath.isEmpty() ? QString() : QFileInfo(inventoryPath).absoluteFilePath();
    for (const QString& file : files) {
        if (!inventoryCanonical.isEmpty() && QFileInfo(file).absoluteFilePath() == inventoryCanonical)
            continue; // already checked as the inventory
        LoadedDocument loaded = DocumentLoader::loadFile(file);
        if (loaded.runbook && inventory && inventory->ok())
            loaded.diagnostics += RunbookValidator::inventoryProblems(*loaded.runbook, *inventory->inventory);
        report(loaded.diagnostics, err);
        if (loaded.ok())
            out << file << ": ok (" << kindName(loaded.kind) << ")\n";
        else
            allValid = false;
    }
    out.flush();
    err.flush();
    return allValid ? 0 : 2;
}
