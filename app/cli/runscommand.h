#pragma once

#include <QStringList>

class QTextStream;

// `runbook-console runs [--journal DB] [--limit N]`: the journaled runs, newest first.
int runRunsCommand(const QStringList& args, QTextStream& out, QTextStream& err);
