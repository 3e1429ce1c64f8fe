#pragma once
// Exports of journaled runs: GitHub-flavoured Markdown (Notion-ready), CSV (RFC 4180), JSON with
// stable keys, and an SVG Gantt chart. One run gives its steps, totals, downtime windows and
// events; several give a comparison against the median of every step.
// Every text is masked again on the way out.

#include "journal/exportformat.h"
#include "journal/runcomparison.h"
#include "journal/rundetail.h"

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

QString markdown(const RunDetail& run);
QString csv(const RunDetail& run);
QString json(const RunDetail& run);
QString svg(const RunDetail& run);

QString markdown(const RunComparison& comparison);
QString csv(const RunComparison& comparison);
QString json(const RunComparison& comparison);

// One run: that run's export; more: a comparison (not available as svg). Masks every text with
// maskSecrets(text, knownSecrets) first. Returns nullopt and says why on error.
std::optional<QString> render(
    const QList<RunDetail>& runs, ExportFormat format, const QStringList& knownSecrets = {}, QString* error = nullptr);

} // namespace RunExport
