#pragma once
// `runbook-console password set|forget NODE --inventory INV`: the password of a node's (or an
// endpoint's) connection, in the system keychain.

#include <QStringList>

class QTextStream;

int runPasswordCommand(const QStringList& args, QTextStream& out, QTextStream& err);
