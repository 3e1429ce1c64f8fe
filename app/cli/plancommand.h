#pragma once
// `runbook-console plan RUNBOOK --inventory INV`: prints every step as it would run on that
// inventory, rendered, with secrets masked.

#include <QStringList>

class QTextStream;

// args: the words after `plan`. Returns 0 after printing the plan to out, 2 on invalid input
// (problems as `file:line:col: message` on err).
int runPlanCommand(const QStringList& args, QTextStream& out, QTextStream& err);
