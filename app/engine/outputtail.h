#pragma once
// The bounded tail of a step's output kept in its StepResult (and so in the journal): the last
// lines up to a byte budget, with a marker saying how much was dropped in front.

#include <QString>
#include <QStringList>

class OutputTail {
public:
    explicit OutputTail(qsizetype maxChars = 64 * 1024);
    void append(const QString& line);
    QString text() const;
    QString lastLine() const { return m_lines.isEmpty() ? QString() : m_lines.last(); }

private:
    qsizetype m_maxChars;
    qsizetype m_chars = 0;
    qint64 m_dropped = 0;
    QStringList m_lines;
};
