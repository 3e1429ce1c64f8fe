#pragma once

#include <QStringList>

class QTextStream;

// `runbook-console export RUN [--compare RUN...] --format markdown|csv|json|svg [-o FILE] [--journal DB]`
// RUN is a run id, an unambiguous prefix of one, or "last". Exit 0, 1 when the output cannot be
// written, 2 for bad input (unknown run, unknown format, no journal).
int runExportCommand(const QStringList& args, QTextStream& out, QTextStream& err);
