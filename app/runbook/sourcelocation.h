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

    bool isValid() const { return line > 0; }
    // Location of the character at `offset` inside the scalar `text` that starts here; the start
    // itself when the text is not verbatim in the source.
    SourceLocation advancedBy(QStringView text, qsizetype offset) const
    {
        if (textColumn <= 0 || offset < 0 || offset > text.size() || text.left(offset).contains(QLatin1Char('\n')))
            return *this;
        SourceLocation moved = *this;
        moved.column = textColumn + int(offset);
        return moved;
    }
};
