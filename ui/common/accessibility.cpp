#include "common/accessibility.h"

#include <QWidget>

QString visibleLabel(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('&')) {
            if (i + 1 < text.size() && text[i + 1] == QLatin1Char('&'))
                out += QLatin1Char('&'), ++i;
            continue;
        }
        out += text[i];
    }
    return out;
}

void nameAfterLabel(QWidget* widget, const QString& label)
{
    widget->setAccessibleName(visibleLabel(label));
}
