#include "journal/lastrun.h"

#include "journal/runjournal.h"

#include <QFileInfo>
#include <QSet>

bool LastRun::needsDecision() const
{
    const RunOutcome o = detail.run.outcome;
    return o == RunOutcome::Interrupted || o == RunOutcome::Failed || o == RunOutcome::Cancelled;
}

std::optional<LastRun> findLastRun(const QString& journalPath, const QString& runbookName, const QString& cluster, QString* error)
{
    const QString path = journalPath.isEmpty() ? RunJournal::defaultPath() : journalPath;
    if (!QFileInfo::exists(path))
        return std::nullopt;
    RunJournal journal;
    if (!journal.open(path, error, RunJournal::OpenMode::MustExist))
        return std::nullopt;
    bool ok = false;
    const QList<RunSummary> runs = journal.runs(200, &ok);
    for (const RunSummary& r : runs) {
        if (r.runbookName != runbookName || r.cluster != cluster)
            continue;
        auto detail = journal.run(r.id, error);
        if (!detail)
            return std::nullopt;
        LastRun last;
        last.detail = *detail;
        QSet<QString> succeeded;
        for (const StepRecord& s : detail->steps) {
            if (s.isRollback) {
                last.rollingBack = true;
                continue;
            }
            if (s.result.outcome == StepOutcome::Succeeded || s.result.outcome == StepOutcome::Skipped) {
                succeeded.insert(s.stepId);
                if (last.failedStep && last.failedStep->stepId == s.stepId)
                    last.failedStep.reset();
                if (last.interruptedStep && last.interruptedStep->stepId == s.stepId)
                    last.interruptedStep.reset();
            } else if (s.result.outcome == StepOutcome::Interrupted) {
                last.interruptedStep = s;
            } else if (s.result.outcome != StepOutcome::Running) {
                last.failedStep = s;
            }
        }
        return last;
    }
    return std::nullopt;
}
