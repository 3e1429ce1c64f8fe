#pragma once
// Where a runbook named on the command line (or opened in the console) is looked for when it is
// not a file as given: the shipped runbooks are installed under share/runbook-console/runbooks,
// so `runbook-console validate pg-upgrade-link.yaml` works from any directory.

#include <QStringList>

namespace RunbookSearchPath {
// In order: each directory of $RBC_RUNBOOK_PATH (colon-separated); runbook-console/runbooks in
// each XDG data directory ($XDG_DATA_HOME, then $XDG_DATA_DIRS: ~/.local/share, /usr/local/share,
// /usr/share); and ../share/runbook-console/runbooks beside the running binary (an installed tree
// wherever it was unpacked). Only directories that exist.
QStringList directories();
// `name` itself when it exists as given (or is absolute); else the first directory's NAME or
// NAME.yaml that exists; else `name` unchanged, so the error names what the user typed.
QString resolve(const QString& name);
} // namespace RunbookSearchPath
