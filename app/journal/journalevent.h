#pragma once
// A free-form, timestamped line in a run's journal: "rollback requested", "manual gate confirmed by ana".

#include <QDateTime>
#include <QString>

struct JournalEvent {
    qint64 rowId = -1;
    QString runId;
    qint64 stepRowId = -1; // the step it concerns, if any
    QDateTime at; // UTC
    QString text;
};
