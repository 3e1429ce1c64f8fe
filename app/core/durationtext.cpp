#include "core/durationtext.h"

QString durationText(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms >= 3600000)
        return QStringLiteral("%1h %2m").arg(ms / 3600000).arg((ms % 3600000) / 60000, 2, 10, QLatin1Char('0'));
    if (ms >= 60000)
        return QStringLiteral("%1m %2s").arg(ms / 60000).arg((ms % 60000) / 1000, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1);
}
