#pragma once
// Tables as text: GitHub-flavoured Markdown (GitLab- and Notion-ready), RFC 4180 CSV and aligned
// plain text for the terminal. Shared by every export and command that prints a table.

#include <QList>
#include <QString>
#include <QStringList>

namespace TableFormat {

// A Markdown table cell: one line, pipes escaped.
QString mdCell(const QString& text);
// `text` as inline code (a plain cell when it holds a backtick); empty stays empty.
QString mdCode(const QString& text);
// | a | b |
QString mdRow(const QStringList& cells);
// The header separator, one letter per column: l (left) or r (right).
QString mdAlignRow(const QString& aligns);

// A CSV field, quoted when it holds a comma, a quote or a line break.
QString csvField(const QString& text);
// The fields joined by commas, ended by CRLF.
QString csvRow(const QStringList& fields);

// The line that ends a result set printed as text: "(1 row)", "(3 rows)", "(250 rows, first 100
// shown)"; and whether a line is one (so a step's summary can look past it).
QString rowCountLine(qsizetype rows, qsizetype shown);
bool isRowCountLine(const QString& line);

// Rows as aligned columns two spaces apart; columns whose letter in `aligns` is r are right-aligned.
// The last column is not padded. Each line ends with \n.
QString aligned(const QList<QStringList>& rows, const QString& aligns = {});

} // namespace TableFormat
