#pragma once
// What one step (or one rollback step) came to. Written to the journal, shown in the checklist.

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

enum class StepOutcome {
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
    Interrupted, // was running when the process died; never re-run without the operator deciding
    Skipped,
};

// The name the journal and exports store ("timed-out"): a value, never shown inside a sentence.
QString stepOutcomeName(StepOutcome outcome);
// What a sentence about a step says happened ("step x timed out", "step x was cancelled"): in
// English for the journal, in the reader's language (translated) for the console and the CLI.
QString stepOutcomeWords(StepOutcome outcome);
QString stepOutcomeText(StepOutcome outcome);
StepOutcome stepOutcomeFromName(const QString& name);

struct StepResult {
    StepOutcome outcome = StepOutcome::Pending;
    int exitCode = -1; // shell steps; 255 from ssh itself becomes "could not reach HOST"
    QString sqlstate; // sql steps, from PG_DIAG_SQLSTATE
    QString error; // one human sentence, secrets already masked
    QString output; // bounded tail of stdout/stderr/notices/results
    qint64 affectedRows = -1;
    // Actions that know their own inverse (a switch) describe it here; the rollback plan uses it.
    QJsonObject inverse;
    // What the step captured for later steps (`capture:`), only when it succeeded. Those named in
    // secretCaptures are journaled by name only, never by value.
    QMap<QString, QString> captured;
    QStringList secretCaptures;
    // The rows of a `for_each:` query (column -> value), in order; never journaled here (the loop
    // journals them itself).
    QList<QMap<QString, QString>> rows;

    bool ok() const { return outcome == StepOutcome::Succeeded || outcome == StepOutcome::Skipped; }
    // What the step found, in one line: why it failed, or the last line it printed that is not a
    // result set's row count (a comparison's verdict, a check's row). Empty when it said nothing.
    QString summaryLine() const;
};
