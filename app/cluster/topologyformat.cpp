#include "cluster/topologyformat.h"

#include <QStringList>
#include <cmath>

namespace TopologyFormat {

QString bytes(qint64 value)
{
    if (value < 0)
        return QStringLiteral("-") + bytes(-value);
    if (value < 1024)
        return QStringLiteral("%1 B").arg(value);
    static const char* const kUnits[] = { "kB", "MB", "GB", "TB", "PB" };
    double v = double(value);
    int unit = -1;
    while (v >= 1024 && unit < 4) {
        v /= 1024;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', v < 10 ? 1 : 0).arg(QLatin1String(kUnits[unit]));
}

QString duration(double ms)
{
    if (ms < 0)
        ms = 0;
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(qRound64(ms));
    if (ms < 60000)
        return QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', ms < 10000 ? 1 : 0);
    const qint64 s = qint64(ms / 1000);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60);
    if (s < 86400)
        return QStringLiteral("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString elapsed(const QDateTime& since, const QDateTime& now)
{
    if (!since.isValid())
        return {};
    const qint64 seconds = std::max<qint64>(0, since.msecsTo(now)) / 1000;
    // Whole seconds: a ticking "since" that shows tenths is noise.
    return seconds < 60 ? QStringLiteral("%1 s").arg(seconds) : duration(double(seconds * 1000));
}

QString lag(std::optional<qint64> lagBytes, std::optional<double> ms)
{
    QStringList parts;
    if (lagBytes)
        parts << bytes(*lagBytes);
    if (ms)
        parts << duration(*ms);
    return parts.join(QStringLiteral(", "));
}

} // namespace TopologyFormat
