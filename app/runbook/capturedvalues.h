#pragma once
// What the steps of a run have captured so far: the values behind {{ steps.ID.NAME }}.

#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>

struct CapturedValues {
    // Step id -> name -> value, for steps that succeeded (a failed or skipped step captures nothing).
    QHash<QString, QMap<QString, QString>> values;
    // Step id -> names of secret values read back from the journal, which keeps them masked: a run
    // resumed or rolled back by another process no longer has them.
    QHash<QString, QStringList> lost;
};
