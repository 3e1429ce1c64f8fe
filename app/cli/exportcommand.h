#pragma once

#include <QStringList>

class QTextStream;

// `runbook-console export RUN [--compare RUN...] --format markdown|csv|json|svg|png [-o FILE] [--journal DB]`
// RUN is a run id, an unambiguous prefix of one, or "last". Several runs give the change-request
// comparison (with the forecast the newest was measured against) or a Gantt with one lane per run.
// Exit 0, 1 when the output cannot be written, 2 for bad input (unknown run, unknown format, no
// journal, png without -o). svg and png need a QGuiApplication: main() makes one (offscreen) when
// exportNeedsGui() says so.
int runExportCommand(const QStringList& args, QTextStream& out, QTextStream& err);
// Whether these export arguments ask for a picture (svg or png, by --format or by -o's extension).
bool exportNeedsGui(const QStringList& args);
