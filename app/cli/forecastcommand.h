#pragma once

#include <QStringList>

class QTextStream;

// `runbook-console forecast RUNBOOK --inventory INV [--journal DB] [--format text|markdown|json]
// [--all-clusters]`: how long the runbook will take on the inventory's cluster, from its earlier
// runs in the journal. Exit 0 (also with no earlier run: every step is then unrehearsed), 2 for bad
// input (unreadable files, unknown format, a file that is not a journal).
int runForecastCommand(const QStringList& args, QTextStream& out, QTextStream& err);
