#pragma once
// One problem found in a runbook or inventory file, printed as `file:line:col: message`.

#include "runbook/sourcelocation.h"

#include <QList>
#include <QString>

struct Diagnostic {
    QString fileName;
    SourceLocation location;
    QString message;

    // `file:line:col: message`; problems about the whole file point at 1:1.
    QString toString() const
    {
        const int line = location.isValid() ? location.line : 1;
        const int column = location.isValid() ? location.column : 1;
        const QString& file = location.file.isEmpty() ? fileName : location.file;
        return QStringLiteral("%1:%2:%3: %4").arg(file).arg(line).arg(column).arg(message);
    }
};

using Diagnostics = QList<Diagnostic>;
