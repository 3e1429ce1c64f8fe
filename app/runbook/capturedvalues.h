#pragma once
// What the steps of a run have captured so far: the values behind {{ steps.ID.NAME }}; and, while a
// loop step (`for_each:`) runs an iteration or its undo, that iteration's row: {{ item.COLUMN }},
// {{ loop.index }}, {{ loop.count }}.

#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

// One iteration of a loop step: its row of the `for_each:` query, column -> value.
struct LoopIteration {
    int index = 0; // 1-based
    int count = 0;
    QMap<QString, QString> item;

    // "3/17: public.orders": how the log, the checklist and the journal name the iteration.
    QString label() const
    {
        QStringList values;
        for (const QString& v : item)
            values << v;
        return QStringLiteral("%1/%2: %3").arg(index).arg(count).arg(values.join(QStringLiteral(", ")));
    }
};

struct CapturedValues {
    // Step id -> name -> value, for steps that succeeded (a failed or skipped step captures nothing).
    QHash<QString, QMap<QString, QString>> values;
    // Step id -> names of secret values read back from the journal, which keeps them masked: a run
    // resumed or rolled back by another process no longer has them.
    QHash<QString, QStringList> lost;
    // The iteration running now (forward or undo); nullopt outside a loop.
    std::optional<LoopIteration> iteration;
};
