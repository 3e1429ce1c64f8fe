#pragma once
// Headless runs: `run`, `resume` and `rollback`. Progress goes to stderr as plain lines.
// Exit codes: 0 completed, 1 failed or cancelled, 2 invalid input, 3 rolled back.

#include <QStringList>

class QTextStream;

int runRunCommand(const QStringList& args, QTextStream& out, QTextStream& err);
int runResumeCommand(const QStringList& args, QTextStream& out, QTextStream& err);
int runRollbackCommand(const QStringList& args, QTextStream& out, QTextStream& err);
