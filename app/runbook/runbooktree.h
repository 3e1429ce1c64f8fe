#pragma once
// A runbook's directory as one unit: the runbook names its libraries (`include:`) and its SQL and
// shell files (`sql_file`, `shell_file`) by paths relative to itself, so whoever runs a copy of it
// elsewhere (a rehearsal harness, a benchmark) copies the whole tree, not the file alone.

#include <QString>

namespace RunbookTree {
// Copies every regular file below `from` to the same relative path below `to` (directories are
// created, files already there are replaced; links and special files are left out). False with
// `error` set when `from` is not a directory or a file cannot be copied.
bool copy(const QString& from, const QString& to, QString* error = nullptr);
} // namespace RunbookTree
