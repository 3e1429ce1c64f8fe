#include "runbook/templatetext.h"

#include "runbook/spellingsuggestion.h"

#include <QCoreApplication>
#include <QRegularExpression>

QStringList TemplateText::filterNames()
{
    return { QStringLiteral("ident"), QStringLiteral("literal"), QStringLiteral("raw"), QStringLiteral("shell") };
}

bool TemplateText::hasPlaceholders() const
{
    for (const Segment& segment : m_segments) {
        if (segment.isPlaceholder)
            return true;
    }
    return false;
}

TemplateText TemplateText::parse(const QString& text)
{
    static const QRegularExpression pathPattern(QStringLiteral(R"(^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$)"));
    TemplateText result;
    qsizetype position = 0;
    while (position < text.size()) {
        const qsizetype open = text.indexOf(QLatin1String("{{"), position);
        if (open < 0) {
            result.m_segments.append(Segment { text.mid(position), false, {} });
            break;
        }
        if (open > position)
            result.m_segments.append(Segment { text.mid(position, open - position), false, {} });
        const qsizetype close = text.indexOf(QLatin1String("}}"), open + 2);
        if (close < 0) {
            result.m_errors.append(TemplateError { open, QCoreApplication::translate("Validation", "unclosed '{{': no matching '}}'") });
            break;
        }
        TemplatePlaceholder placeholder;
        placeholder.offset = open;
        placeholder.length = close + 2 - open;
        const QStringList parts = text.mid(open + 2, close - open - 2).split(QLatin1Char('|'));
        placeholder.pathText = parts.first().trimmed();
        if (placeholder.pathText.isEmpty()) {
            result.m_errors.append(TemplateError { open,
                QCoreApplication::translate("Validation", "empty template '{{ }}': give a path such as "
                               "nodes.NAME.port or vars.NAME") });
        } else if (!pathPattern.match(placeholder.pathText).hasMatch()) {
            result.m_errors.append(TemplateError { open,
                QCoreApplication::translate("Validation", "bad template path '%1': names of letters, digits, '-' and '_' joined by '.'")
                    .arg(placeholder.pathText) });
        } else {
            placeholder.path = placeholder.pathText.split(QLatin1Char('.'));
        }
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QString filter = parts[i].trimmed();
            if (filter.isEmpty()) {
                result.m_errors.append(TemplateError {
                    open, QCoreApplication::translate("Validation", "empty filter after '|' in '%1'").arg(text.mid(open, placeholder.length)) });
            } else if (!filterNames().contains(filter)) {
                result.m_errors.append(TemplateError { open,
                    QCoreApplication::translate("Validation", "unknown filter '%1'%2 (filters: ident, literal, raw, shell)")
                        .arg(filter, SpellingSuggestion::didYouMean(filter, filterNames())) });
            }
            placeholder.filters.append(filter);
        }
        result.m_segments.append(Segment { QString(), true, placeholder });
        position = close + 2;
    }
    return result;
}
