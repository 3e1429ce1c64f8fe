#pragma once
// A password read for a command: from the terminal without echo (the prompt on stderr), or one
// line of standard input when it is not a terminal (scripts, tests). Never from the command line.

#include <QString>
#include <optional>

class QTextStream;

// nullopt when nothing could be read (end of input); the line's end is not part of it.
std::optional<QString> readSecretLine(const QString& prompt, QTextStream& err);
