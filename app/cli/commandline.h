#pragma once
// The headless command line: `runbook-console COMMAND ...`. Needs no display.

#include <QStringList>

class QTextStream;

namespace CommandLine {
// True when argv[1] names a headless command rather than a runbook for the GUI.
bool isCommand(const QString& word);
// args: everything after the program name. Whether the command draws pictures (an export to svg
// or png): main() then runs it under a QGuiApplication on the offscreen platform, which needs no
// display, instead of a QCoreApplication.
bool needsGui(const QStringList& args);
// args: everything after the program name. Returns the process exit code.
int run(const QStringList& args);
// Usage text for --help and for errors.
QString usage();
} // namespace CommandLine
