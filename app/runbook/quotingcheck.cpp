#include "runbook/quotingcheck.h"

#include <QHash>

namespace {

enum class Quote { None, Single, Double };

QString advice(TemplateTarget target, Quote quote, const TemplatePlaceholder& placeholder)
{
    const QString inside = quote == Quote::Single ? QStringLiteral("'...'") : QStringLiteral("\"...\"");
    if (target == TemplateTarget::Sql) {
        const QString filter = quote == Quote::Single ? QStringLiteral("literal") : QStringLiteral("ident");
        return QStringLiteral("'%1' is inside %2 quotes written around it: a value holding a quote would end them; "
                              "drop the quotes and write {{ %3 | %4 }}, which quotes the value as %5")
            .arg(placeholder.pathText, inside, placeholder.pathText, filter,
                quote == Quote::Single ? QStringLiteral("a string") : QStringLiteral("an identifier"));
    }
    return QStringLiteral("'%1' is inside %2 quotes written around it, which would hold the quotes the value "
                          "gets; drop the quotes: {{ %3 }} becomes one single-quoted shell word")
        .arg(placeholder.pathText, inside, placeholder.pathText);
}

// The here-document delimiter after `<<` or `<<-` at `i` (quotes removed), or empty.
QString heredocDelimiter(const QString& text, qsizetype i, qsizetype* end)
{
    qsizetype j = i + 2;
    if (j < text.size() && text[j] == u'-')
        ++j;
    while (j < text.size() && (text[j] == u' ' || text[j] == u'\t'))
        ++j;
    QString word;
    while (j < text.size() && !text[j].isSpace() && text[j] != u';' && text[j] != u')' && text[j] != u'|'
        && text[j] != u'&' && text[j] != u'<' && text[j] != u'>') {
        if (text[j] != u'\'' && text[j] != u'"' && text[j] != u'\\')
            word += text[j];
        ++j;
    }
    *end = j;
    return word;
}

} // namespace

QList<TemplateError> QuotingCheck::check(const QString& text, TemplateTarget target)
{
    QList<TemplateError> errors;
    if (target == TemplateTarget::Text)
        return errors;
    const TemplateText parsed = TemplateText::parse(text);
    if (!parsed.hasPlaceholders())
        return errors;
    const bool sql = target == TemplateTarget::Sql;

    // The text with every placeholder blanked out (offsets kept), and where each one starts.
    QString masked = text;
    QHash<qsizetype, TemplatePlaceholder> at;
    for (const TemplateText::Segment& segment : parsed.segments()) {
        if (!segment.isPlaceholder)
            continue;
        const TemplatePlaceholder& p = segment.placeholder;
        at.insert(p.offset, p);
        for (qsizetype i = p.offset; i < p.offset + p.length && i < masked.size(); ++i)
            masked[i] = u'x';
    }

    struct Level {
        Quote quote = Quote::None;
        int parens = 0;
    };
    QList<Level> levels { Level() }; // shell: $( ... ) opens a fresh level, even inside "..."
    bool lineComment = false;
    int blockComments = 0;
    QString heredoc; // shell: the delimiter of a pending or open here-document
    bool inHeredoc = false;
    for (qsizetype i = 0; i < masked.size(); ++i) {
        Level& level = levels.last();
        if (const auto found = at.constFind(i); found != at.constEnd()) {
            const bool rawInShell = !sql && !found->filters.isEmpty() && found->filters.last() == QLatin1String("raw");
            if (level.quote != Quote::None && !lineComment && blockComments == 0 && !inHeredoc && !rawInShell)
                errors.append(TemplateError { i, advice(target, level.quote, *found) });
            i += found->length - 1;
            continue;
        }
        const QChar c = masked[i];
        const QChar next = i + 1 < masked.size() ? masked[i + 1] : QChar();
        const QChar previous = i > 0 ? masked[i - 1] : QChar(u'\n');
        if (inHeredoc) {
            // The body ends at a line holding only the delimiter.
            if (previous == u'\n') {
                const qsizetype eol = masked.indexOf(u'\n', i);
                const QString line = masked.mid(i, eol < 0 ? -1 : eol - i).trimmed();
                if (line == heredoc) {
                    inHeredoc = false;
                    heredoc.clear();
                }
                if (eol < 0)
                    i = masked.size();
                else if (eol > i)
                    i = eol - 1;
            }
            continue;
        }
        if (lineComment) {
            lineComment = c != u'\n';
            if (!lineComment && !heredoc.isEmpty())
                inHeredoc = true;
            continue;
        }
        if (blockComments > 0) {
            if (c == u'*' && next == u'/') {
                --blockComments;
                ++i;
            } else if (c == u'/' && next == u'*') {
                ++blockComments;
                ++i;
            }
            continue;
        }
        switch (level.quote) {
        case Quote::Single:
            if (c == u'\'')
                level.quote = Quote::None; // SQL's '' reopens at once: same result; shell has no escapes here
            break;
        case Quote::Double:
            if (!sql && c == u'\\')
                ++i; // an escaped character inside shell double quotes
            else if (!sql && c == u'$' && next == u'(')
                levels.append(Level()), ++i;
            else if (c == u'"')
                level.quote = Quote::None;
            break;
        case Quote::None:
            if (c == u'\'') {
                level.quote = Quote::Single;
            } else if (c == u'"') {
                level.quote = Quote::Double;
            } else if (sql && c == u'-' && next == u'-') {
                lineComment = true;
            } else if (sql && c == u'/' && next == u'*') {
                ++blockComments;
                ++i;
            } else if (!sql && c == u'#' && (previous.isSpace() || previous == u';')) {
                lineComment = true;
            } else if (!sql && c == u'\\') {
                ++i; // an escaped quote outside quotes is a plain character
            } else if (!sql && c == u'$' && next == u'(') {
                levels.append(Level());
                ++i;
            } else if (!sql && c == u'(') {
                ++level.parens;
            } else if (!sql && c == u')') {
                if (level.parens > 0)
                    --level.parens;
                else if (levels.size() > 1)
                    levels.removeLast();
            } else if (!sql && c == u'<' && next == u'<' && (i + 2 >= masked.size() || masked[i + 2] != u'<')) {
                qsizetype end = i;
                heredoc = heredocDelimiter(masked, i, &end);
                i = end - 1;
            } else if (!sql && c == u'\n' && !heredoc.isEmpty()) {
                inHeredoc = true;
            }
            break;
        }
    }
    return errors;
}
