#pragma once
// A stretch of a run during which clients could not write (or read).

#include <QDateTime>
#include <QString>
#include <optional>

struct DowntimeWindow {
    qint64 rowId = -1;
    QString runId;
    QString kind; // writes | reads
    QString source; // runbook-marker (a step's downtime: field) | probe (measured by the traffic probe)
    QDateTime startedAt; // UTC
    QDateTime endedAt; // UTC; empty while open
    std::optional<qint64> durationMs;
};
