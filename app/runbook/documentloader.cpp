#include "runbook/documentloader.h"

#include "runbook/inventoryloader.h"
#include "runbook/runbookloader.h"
#include "runbook/runbookvalidator.h"
#include "runbook/steptemplates.h"
#include "runbook/yamlfieldreader.h"
#include "runbook/yamlreader.h"

#include <QCoreApplication>
#include <algorithm>

namespace {

LoadedDocument fromDocument(const YamlDocument& document)
{
    LoadedDocument loaded;
    loaded.fileName = document.fileName;
    loaded.diagnostics = document.diagnostics;
    if (!document.root)
        return loaded;
    const YamlNode& root = *document.root;
    if (!root.isMap()) {
        loaded.diagnostics.append(Diagnostic { document.fileName, root.location,
            QCoreApplication::translate("Validation", "expected a runbook ('runbook:' key) or an inventory ('cluster:' key), found %1")
                .arg(root.typeName()) });
        return loaded;
    }
    const YamlMapEntry* runbookKey = root.entry(u"runbook");
    const YamlMapEntry* clusterKey = root.entry(u"cluster");
    const YamlMapEntry* libraryKey = root.entry(u"library");
    if (runbookKey && clusterKey) {
        loaded.diagnostics.append(Diagnostic { document.fileName, clusterKey->keyLocation,
            QCoreApplication::translate("Validation", "a file is a runbook ('runbook:') or an inventory ('cluster:'), not both") });
        return loaded;
    }
    if (libraryKey && !runbookKey && !clusterKey) {
        // What a runbook including it would check of it; its templates' text is checked where used.
        loaded.kind = DocumentKind::Library;
        YamlFieldReader fields(document.fileName, loaded.diagnostics);
        fields.checkKeys(root,
            { QStringLiteral("library"), QStringLiteral("description"), QStringLiteral("include"), QStringLiteral("templates") },
            QStringLiteral("the library %1").arg(document.fileName));
        StepTemplates(fields).readFrom(root, document.fileName);
    } else if (runbookKey) {
        loaded.kind = DocumentKind::Runbook;
        loaded.runbook = RunbookLoader::fromDocument(document, loaded.diagnostics);
        if (loaded.runbook)
            loaded.diagnostics += RunbookValidator::validate(*loaded.runbook);
    } else if (clusterKey) {
        loaded.kind = DocumentKind::Inventory;
        loaded.inventory = InventoryLoader::fromDocument(document, loaded.diagnostics);
    } else {
        loaded.diagnostics.append(Diagnostic { document.fileName, root.location,
            QCoreApplication::translate("Validation", "neither a runbook (no 'runbook:' key) nor an inventory (no 'cluster:' key)") });
    }
    // The file's own problems first, then those in the files it includes or names, each by position.
    const auto key = [&](const Diagnostic& d) {
        const QString& file = d.location.file.isEmpty() ? d.fileName : d.location.file;
        return std::tuple(file != document.fileName, file, d.location.line, d.location.column);
    };
    std::stable_sort(loaded.diagnostics.begin(), loaded.diagnostics.end(),
        [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
    return loaded;
}

LoadedDocument expect(LoadedDocument loaded, DocumentKind kind)
{
    if (loaded.kind == DocumentKind::Unknown || loaded.kind == kind)
        return loaded;
    const bool wantRunbook = kind == DocumentKind::Runbook;
    const QString message = loaded.kind == DocumentKind::Library
        ? (wantRunbook ? QCoreApplication::translate("Validation", "expected a runbook, but this file is a library of step templates ('library:' key): open a runbook that includes it")
                       : QCoreApplication::translate("Validation", "expected an inventory, but this file is a library of step templates ('library:' key)"))
        : (wantRunbook ? QCoreApplication::translate("Validation", "expected a runbook, but this file is an inventory ('cluster:' key)")
                       : QCoreApplication::translate("Validation", "expected an inventory, but this file is a runbook ('runbook:' key)"));
    loaded.diagnostics.prepend(Diagnostic { loaded.fileName, SourceLocation { 1, 1, 0 }, message });
    loaded.runbook.reset();
    loaded.inventory.reset();
    return loaded;
}

} // namespace

LoadedDocument DocumentLoader::loadFile(const QString& path)
{
    return fromDocument(YamlReader::readFile(path));
}

LoadedDocument DocumentLoader::loadData(const QByteArray& data, const QString& fileName)
{
    return fromDocument(YamlReader::readData(data, fileName));
}

LoadedDocument DocumentLoader::loadRunbook(const QString& path)
{
    return expect(loadFile(path), DocumentKind::Runbook);
}

LoadedDocument DocumentLoader::loadInventory(const QString& path)
{
    return expect(loadFile(path), DocumentKind::Inventory);
}
