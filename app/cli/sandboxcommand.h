#pragma once

#include <QStringList>

class QTextStream;

// `runbook-console sandbox up|down|status [--dir DIR] [--old-bindir DIR] [--ssh]`
int runSandboxCommand(const QStringList& args, QTextStream& out, QTextStream& err);
