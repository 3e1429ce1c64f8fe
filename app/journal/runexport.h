#pragma once
// Exports of one journaled run: GitHub-flavoured Markdown (Notion-ready), CSV (RFC 4180) and JSON
// with stable keys, and the small formatting rules every export shares. Comparisons, the Gantt
// picture and the dispatch by format live above the journal (report/RunReport).

#include "journal/rundetail.h"

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace RunExport {

// 0.105 s, 59.999 s, 1m 00s, 2m 03s, 1h 02m 03s (negative values get a leading -)
QString formatDuration(qint64 ms);
// A difference to a median: +1.2 s, -0.3 s, ±0.0 s, +2m 03s
QString formatDifference(qint64 ms);
// An offset from the start of the run: +12.345 s, +1m 05s
QString formatOffset(qint64 ms);
// formatDuration, or empty for no value.
QString durationText(std::optional<qint64> ms);
// 2026-11-22 11:45:12.000 UTC, or empty.
QString utcText(const QDateTime& t);
// "Write downtime (probe)"
QString downtimeName(const QString& kind, const QString& source);
QJsonValue isoOrNull(const QDateTime& t);
QJsonValue msOrNull(std::optional<qint64> ms);

// What the traffic probe measured in a run: "writes 0.852 s", "writes 0.852 s, reads 0.100 s",
// "none"; empty when the probe did not run.
QString measuredDowntime(const RunSummary& run);

QString markdown(const RunDetail& run);
QString csv(const RunDetail& run);
QString json(const RunDetail& run);

// A copy with every text masked by maskSecrets(text, knownSecrets) and the recorded inverses dropped:
// what every export starts from.
RunDetail masked(RunDetail run, const QStringList& knownSecrets);

} // namespace RunExport
