#pragma once
// One line of a step's output as the console's log shows it: when, which step, where, and whether
// it came from stderr. Text is already masked.

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

struct LogLine {
    QDateTime at; // UTC
    int stepIndex = -1; // forward step index, or -1
    int rollbackEntry = -1; // rollback entry, or -1
    QString stepId;
    QString node;
    QString text;
    bool isStderr = false;
};

Q_DECLARE_METATYPE(LogLine)
Q_DECLARE_METATYPE(QList<LogLine>)
