#include "core/tableformat.h"

#include <QRegularExpression>

#include <algorithm>

namespace TableFormat {

QString mdCell(const QString& text)
{
    QString out = text;
    out.replace(QLatin1String("\r\n"), QLatin1String(" "));
    out.replace(QLatin1Char('\n'), QLatin1Char(' '));
    out.replace(QLatin1Char('\r'), QLatin1Char(' '));
    out.replace(QLatin1Char('|'), QLatin1String("\\|"));
    return out.trimmed();
}

QString mdCode(const QString& text)
{
    if (text.isEmpty())
        return {};
    if (text.contains(QLatin1Char('`')))
        return mdCell(text);
    return QLatin1Char('`') + mdCell(text) + QLatin1Char('`');
}

QString mdRow(const QStringList& cells)
{
    return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

QString mdAlignRow(const QString& aligns)
{
    QStringList cells;
    for (const QChar c : aligns)
        cells << (c == QLatin1Char('r') ? QStringLiteral("--:") : QStringLiteral("---"));
    return QStringLiteral("|") + cells.join(QLatin1Char('|')) + QStringLiteral("|\n");
}

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString out = text;
    out.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

QString csvRow(const QStringList& fields)
{
    QStringList quoted;
    for (const QString& f : fields)
        quoted << csvField(f);
    return quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

QString aligned(const QList<QStringList>& rows, const QString& aligns)
{
    QList<qsizetype> widths;
    for (const QStringList& row : rows) {
        if (widths.size() < row.size())
            widths.resize(row.size(), 0);
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    }
    QString out;
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c) {
            const bool last = c == row.size() - 1;
            if (c < aligns.size() && aligns[c] == QLatin1Char('r'))
                line += row[c].rightJustified(widths[c]);
            else
                line += last ? row[c] : row[c].leftJustified(widths[c]);
            if (!last)
                line += QStringLiteral("  ");
        }
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out += line + QLatin1Char('\n');
    }
    return out;
}

QString rowCountLine(qsizetype rows, qsizetype shown)
{
    if (rows > shown)
        return QStringLiteral("(%1 rows, first %2 shown)").arg(rows).arg(shown);
    return QStringLiteral("(%1 row%2)").arg(rows).arg(rows == 1 ? "" : "s");
}

bool isRowCountLine(const QString& line)
{
    static const QRegularExpression footer(QStringLiteral("^\\(\\d+ rows?(, first \\d+ shown)?\\)$"));
    return footer.match(line).hasMatch();
}

} // namespace TableFormat
