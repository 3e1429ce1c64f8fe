#pragma once
// Runs a headless command in-process, as `runbook-console COMMAND ARGS` would, and keeps what it said.

#include <QString>
#include <QStringList>
#include <QTextStream>

struct CommandResult {
    int code = 0;
    QString out;
    QString err;
};

template <typename Command> CommandResult runCommand(Command command, const QStringList& args)
{
    CommandResult r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.code = command(args, out, err);
    out.flush();
    err.flush();
    return r;
}
