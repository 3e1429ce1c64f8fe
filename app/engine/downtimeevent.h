#pragma once
// A downtime window opening or closing during a run: from the runbook's own markers (what the
// procedure expects) or from the traffic probe (what clients really saw).

#include <QDateTime>
#include <QMetaType>
#include <QString>

struct DowntimeEvent {
    QString kind; // writes | reads
    QString source; // runbook-marker | probe
    bool open = false;
    QDateTime at; // UTC: when the window opened (open) or closed
    qint64 durationMs = -1; // on close
    QString error; // probe: the first error clients got
};

Q_DECLARE_METATYPE(DowntimeEvent)
