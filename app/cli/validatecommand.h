#pragma once
// `runbook-console validate FILE... [--inventory INV]`: checks runbooks and inventories, and with
// --inventory also that each runbook can run on that inventory.

#include <QStringList>

class QTextStream;

// args: the words after `validate`. Prints `FILE: ok (runbook|inventory|library)` to out for each valid
// file and `file:line:col: message` to err for each problem. Returns 0 when all are valid, else 2.
int runValidateCommand(const QStringList& args, QTextStream& out, QTextStream& err);
