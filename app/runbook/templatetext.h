#pragma once
// A templated runbook value split into literal text and `{{ path | filter ... }}` placeholders.

#include <QList>
#include <QString>
#include <QStringList>

// Where a rendered value goes: it decides the quoting (see TemplateRenderer).
enum class TemplateTarget { Sql, Shell, Text };

struct TemplateError {
    qsizetype offset = 0; // in the template text
    QString message;
};

struct TemplatePlaceholder {
    QString pathText; // "nodes.db_a.port"
    QStringList path; // {"nodes", "db_a", "port"}
    QStringList filters; // in order: ident, literal, raw, shell
    qsizetype offset = 0; // of "{{"
    qsizetype length = 0; // through "}}"
};

class TemplateText {
public:
    struct Segment {
        QString literal; // when !isPlaceholder
        bool isPlaceholder = false;
        TemplatePlaceholder placeholder;
    };

    static TemplateText parse(const QString& text);
    static QStringList filterNames();

    const QList<Segment>& segments() const { return m_segments; }
    const QList<TemplateError>& errors() const { return m_errors; }
    bool hasPlaceholders() const;

private:
    QList<Segment> m_segments;
    QList<TemplateError> m_errors;
};
