#pragma once

#include <QStringList>

class QTextStream;
struct TopologySnapshot;

// `runbook-console status --inventory INV [--json] [--watch [SECONDS]]`: the live topology, once
// or refreshed. Exit 0 when every node and endpoint answered (spares that are not running aside),
// 1 when one did not, 2 on invalid input.
int runStatusCommand(const QStringList& args, QTextStream& out, QTextStream& err);

// The plain-text picture `status` prints.
QString statusText(const TopologySnapshot& snapshot);
