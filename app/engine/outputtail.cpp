#include "engine/outputtail.h"

OutputTail::OutputTail(qsizetype maxChars)
    : m_maxChars(maxChars)
{
}

void OutputTail::append(const QString& line)
{
    const QString kept = line.size() > m_maxChars / 4 ? line.left(m_maxChars / 4) + QStringLiteral("...") : line;
    m_lines << kept;
    m_chars += kept.size() + 1;
    while (m_chars > m_maxChars && m_lines.size() > 1) {
        m_chars -= m_lines.first().size() + 1;
        m_lines.removeFirst();
        ++m_dropped;
    }
}

QString OutputTail::text() const
{
    QString out;
    if (m_dropped > 0)
        out = QStringLiteral("[%1 earlier lines dropped]\n").arg(m_dropped);
    return out + m_lines.join(QLatin1Char('\n'));
}
