#pragma once
// One YAML file read by YamlReader: its tree, or the problems that stopped reading it.

#include "runbook/diagnostic.h"
#include "runbook/yamlnode.h"

#include <memory>

struct YamlDocument {
    QString fileName;
    std::shared_ptr<const YamlNode> root; // null when reading failed or the file holds no document
    Diagnostics diagnostics; // fatal problems (root is null) and duplicate keys (root is kept)

    bool ok() const { return root && diagnostics.isEmpty(); }
};
