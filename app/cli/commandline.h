#pragma once
// The headless command line: `runbook-console COMMAND ...`. Needs no display.

#include <QStringList>

class QTextStream;

namespace CommandLine {
// Whether the command line (rather than the console window) takes these arguments (everything
// after the program name): a command, --help, --version, or a first word that is neither a
// command nor a runbook, which is an error listing the commands rather than a window that cannot
// open it. The console takes no arguments, options first (--inventory ...), or a runbook: a file
// that exists, a .yaml/.yml name or a path, or a name the runbook search path finds.
bool handles(const QStringList& args);
// The commands, in the order --help lists them.
QStringList commands();
// args: everything after the program name. Whether the command draws pictures (an export to svg
// or png): main() then runs it under a QGuiApplication on the offscreen platform, which needs no
// display, instead of a QCoreApplication.
bool needsGui(const QStringList& args);
// args: everything after the program name. Returns the process exit code.
int run(const QStringList& args);
// Usage text for --help and for errors.
QString usage();
} // namespace CommandLine
