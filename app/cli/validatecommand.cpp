#include "cli/validatecommand.h"

#include "cli/commandparser.h"
#include "runbook/documentloader.h"
#include "runbook/runbooksearchpath.h"
#include "runbook/runbookvalidator.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

namespace {

QString kindName(DocumentKind kind)
{
    switch (kind) {
    case DocumentKind::Runbook:
        return QStringLiteral("runbook");
    case DocumentKind::Library:
        return QStringLiteral("library");
    default:
        return QStringLiteral("inventory");
    }
}

void report(const Diagnostics& diagnostics, QTextStream& err)
{
    for (const Diagnostic& d : diagnostics)
        err << d.toString() << '\n';
}

} // namespace

int runValidateCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    CommandParser parser(QStringLiteral("validate"), QStringLiteral("validate FILE... [--inventory INV]"),
        QCoreApplication::translate("validate",
            "Checks runbook and inventory files. Prints 'FILE: ok (runbook|inventory|library)' on stdout for each\n"
            "valid file (a library holds templates that runbooks include) and 'file:line:col: message' on stderr\n"
            "for each problem. A runbook not found as given is looked up in the runbook search path (see the man\n"
            "page)."),
        QCoreApplication::translate("validate", "0 every file is valid, 2 a problem was found or the arguments are wrong."));
    const QCommandLineOption inventoryOption(QStringList { QStringLiteral("i"), QStringLiteral("inventory") },
        QCoreApplication::translate("validate", "Also check that each runbook can run on this inventory."), QStringLiteral("INV"));
    parser.addOption(inventoryOption);
    if (const auto code = parser.parse(args, out, err))
        return *code;
    QStringList files;
    for (const QString& f : parser.positionalArguments())
        files << RunbookSearchPath::resolve(f);
    const QString inventoryPath = parser.value(inventoryOption);
    if (files.isEmpty() && inventoryPath.isEmpty())
        return parser.usageError(QCoreApplication::translate("validate", "no file given"), err);

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
