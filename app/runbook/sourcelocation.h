#pragma once
// Where a key or value sits in a YAML file (1-based), so messages and the plan can point at it.

#include <QString>
#include <QStringView>

struct SourceLocation {
    int line = 0;
    int column = 0;
    // Column where a scalar's text appears unchanged on its line (plain or simply quoted one-line
    // scalars), so a position inside the text maps to an exact column; 0 when it does not.
    int textColumn = 0;
    // The file the location is in (a runbook, an included library, a sql_file); empty: the file
    // the diagnostic names.
    QString file;
    // The scalar is a whole file read as-is (sql_file, shell_file): offsets past a newline map to
    // later lines too.
    bool verbatimLines = false;

    bool isValid() const { return line > 0; }
    // Location of the character at `offset` inside the scalar `text` that starts here; the start
    // itself when the text is not verbatim in the source.
    SourceLocation advancedBy(QStringView text, qsizetype offset) const
    {
        if (verbatimLines && textColumn > 0 && offset >= 0 && offset <= text.size()) {
            SourceLocation moved = *this;
            const QStringView before = text.left(offset);
            const qsizetype newlines = before.count(QLatin1Char('\n'));
            if (newlines == 0) {
                moved.column = textColumn + int(offset);
            } else {
                moved.line += int(newlines);
                moved.column = int(offset - before.lastIndexOf(QLatin1Char('\n')));
            }
            return moved;
        }
        if (textColumn <= 0 || offset < 0 || offset > text.size() || text.left(offset).contains(QLatin1Char('\n')))
            return *this;
        SourceLocation moved = *this;
        moved.column = textColumn + int(offset);
        return moved;
    }
};
