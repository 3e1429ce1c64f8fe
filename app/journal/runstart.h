#pragma once
// What is known about a run when it begins: handed to RunJournal::beginRun().

#include <QDateTime>
#include <QString>

struct RunStart {
    QString runbookName;
    QString runbookPath;
    QString runbookDigest; // sha256 hex of the runbook file (RunJournal::fileDigest)
    QString inventoryPath;
    QString inventoryDigest;
    QString cluster;
    QString label = QStringLiteral("rehearsal"); // rehearsal | production
    QString user; // empty: the login name of this process
    QString note;
    QDateTime startedAt; // empty: now
};
