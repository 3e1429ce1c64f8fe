#pragma once
// Reads a runbook, an inventory or a library of step templates, telling which it is from its
// top-level key (`runbook:`, `cluster:` or `library:`), and runs every check that file alone allows.

#include "runbook/diagnostic.h"
#include "runbook/inventory.h"
#include "runbook/runbook.h"

#include <optional>

enum class DocumentKind { Unknown, Runbook, Inventory, Library };

struct LoadedDocument {
    QString fileName;
    DocumentKind kind = DocumentKind::Unknown;
    std::optional<Runbook> runbook;
    std::optional<Inventory> inventory;
    Diagnostics diagnostics; // empty when the file is valid

    // A library is checked alone as far as it can be (its keys, includes, template names and
    // params); its templates' text is checked in each runbook that uses them.
    bool ok() const { return diagnostics.isEmpty() && (runbook || inventory || kind == DocumentKind::Library); }
};

class DocumentLoader {
public:
    static LoadedDocument loadFile(const QString& path);
    static LoadedDocument loadData(const QByteArray& data, const QString& fileName);

    // Loads a file that must be of `expected` kind; a file of the other kind is a problem.
    static LoadedDocument loadRunbook(const QString& path);
    static LoadedDocument loadInventory(const QString& path);
};
