#include "runbook/duration.h"

#include <QCoreApplication>

namespace {
struct Unit {
    QStringView suffix;
    qint64 milliseconds;
};
} // namespace

std::optional<Duration> Duration::parse(QStringView text, QString* error)
{
    auto fail = [&](const QString& why) -> std::optional<Duration> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    const QString shown = text.toString();
    const QStringView input = text.trimmed();
    if (input.isEmpty())
        return fail(QCoreApplication::translate("Validation", "empty duration; write e.g. 5s, 200ms, 10m, 1h or 1m30s"));

    // Longest suffix first so "ms" is not read as "m" followed by garbage.
    static const Unit units[] = { { u"h", 3600000 }, { u"ms", 1 }, { u"m", 60000 }, { u"s", 1000 } };
    auto rank = [](qint64 ms) { return ms == 3600000 ? 0 : ms == 60000 ? 1 : ms == 1000 ? 2 : 3; };

    qint64 total = 0;
    int lastRank = -1;
    qsizetype i = 0;
    while (i < input.size()) {
        const qsizetype digitsStart = i;
        while (i < input.size() && input[i].isDigit() && input[i].unicode() < 128)
            ++i;
        if (i == digitsStart)
            return fail(QCoreApplication::translate("Validation", "bad duration '%1': expected a number at '%2'; write e.g. 5s, 200ms or 1m30s")
                            .arg(shown, input.mid(i).toString()));
        if (i - digitsStart > 9)
            return fail(QCoreApplication::translate("Validation", "bad duration '%1': number too large").arg(shown));
        const qint64 number = input.mid(digitsStart, i - digitsStart).toLongLong();
        const Unit* unit = nullptr;
        for (const Unit& candidate : units) {
            if (input.mid(i).startsWith(candidate.suffix)) {
                unit = &candidate;
                break;
            }
        }
        if (!unit) {
            if (i == input.size())
                return fail(QCoreApplication::translate("Validation", "bad duration '%1': the number needs a unit: ms, s, m or h (e.g. %2s)")
                                .arg(shown)
                                .arg(number));
            return fail(QCoreApplication::translate("Validation", "bad duration '%1': unknown unit at '%2'; units are ms, s, m and h")
                            .arg(shown, input.mid(i).toString()));
        }
        const int unitRank = rank(unit->milliseconds);
        if (unitRank <= lastRank)
            return fail(QCoreApplication::translate("Validation", "bad duration '%1': units must each appear once, largest first (e.g. 1h30m)")
                            .arg(shown));
        lastRank = unitRank;
        i += unit->suffix.size();
        total += number * unit->milliseconds;
        if (total > maximumMilliseconds)
            return fail(QCoreApplication::translate("Validation", "bad duration '%1': longer than the limit of 168h").arg(shown));
    }
    return Duration(total);
}

QString Duration::toString() const
{
    if (m_milliseconds == 0)
        return QStringLiteral("0s");
    qint64 rest = m_milliseconds;
    QString out;
    const qint64 hours = rest / 3600000;
    rest %= 3600000;
    const qint64 minutes = rest / 60000;
    rest %= 60000;
    const qint64 seconds = rest / 1000;
    const qint64 millis = rest % 1000;
    if (hours)
        out += QString::number(hours) + QLatin1Char('h');
    if (minutes)
        out += QString::number(minutes) + QLatin1Char('m');
    if (seconds)
        out += QString::number(seconds) + QLatin1Char('s');
    if (millis)
        out += QString::number(millis) + QStringLiteral("ms");
    return out;
}
