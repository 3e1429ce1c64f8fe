#pragma once
// Which journaled runs a forecast learns from.

#include <QDateTime>
#include <QString>
#include <QStringList>

struct ForecastQuery {
    QString runbookDigest; // runs of the same runbook file (sha256) match...
    QStringList stepIds; // ...and so do runs that went through these steps, in this order
    QString cluster; // only runs on this cluster...
    bool allClusters = false; // ...unless asked otherwise
    QString excludeRunId; // the run being forecast (a resumed or live run)
    QDateTime before; // only runs started before this; empty: any
    int limit = 100; // the newest runs looked at
};
