#pragma once
// The run journal: every run, step, downtime window and event, in SQLite (WAL, synchronous=FULL).
// Each write is its own committed transaction, so a kill -9 at any moment leaves a journal that
// tells the truth; on open, runs whose owning process is gone become "interrupted".
// Every text passes through maskSecrets() before it is stored.
// One instance belongs to the thread that opened it (a Qt Sql connection is per thread).

#include "journal/downtimewindow.h"
#include "journal/rundetail.h"
#include "journal/runoutcome.h"
#include "journal/runstart.h"
#include "journal/runsummary.h"
#include "journal/steprecord.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

class RunJournal {
public:
    enum class OpenMode {
        CreateIfMissing, // recording a run
        MustExist, // reading one: a missing file is an error, never created
    };

    static constexpr int schemaVersion = 1;
    static constexpr qsizetype maxOutputChars = 64 * 1024; // a step's output keeps its tail
    static constexpr qsizetype maxErrorChars = 8 * 1024;

    RunJournal();
    ~RunJournal();
    RunJournal(const RunJournal&) = delete;
    RunJournal& operator=(const RunJournal&) = delete;

    // AppLocalDataLocation/journal.sqlite
    static QString defaultPath();
    // sha256 (hex) of a file's bytes, empty when it cannot be read.
    static QString fileDigest(const QString& path);

    // Opens (and creates or migrates) the journal, then marks orphaned runs interrupted.
    // A file that is not a journal is left untouched and reported.
    bool open(const QString& path, QString* error = nullptr, OpenMode mode = OpenMode::CreateIfMissing);
    bool isOpen() const;
    void close();
    QString path() const { return m_path; }
    // The last failure of any call, in one sentence.
    QString lastError() const { return m_lastError; }

    // Values that must never be stored (e.g. passwords parsed from the inventory's conninfos).
    void setKnownSecrets(const QStringList& secrets) { m_secrets = secrets; }
    void addKnownSecrets(const QStringList& secrets) { m_secrets += secrets; }
    QString mask(const QString& text) const;

    // Returns the new run id, empty on failure. The run is "running" and owned by this process.
    QString beginRun(const RunStart& start);
    bool endRun(const QString& runId, RunOutcome outcome, const QString& note = {});
    // Takes an ended run (interrupted, failed, cancelled...) back to "running", owned by this process,
    // so it can be resumed or rolled back. Refused while another live process still owns it.
    bool reopenRun(const QString& runId);
    // Written before the step starts (outcome running). Returns the step's row id, -1 on failure.
    qint64 beginStep(const QString& runId, const StepRecord& step);
    bool endStep(qint64 stepRowId, const StepResult& result, qint64 durationMs);
    // A downtime window opens now (or at startedAt). Returns its row id, -1 on failure.
    qint64 openWindow(
        const QString& runId, const QString& kind, const QString& source, const QDateTime& startedAt = {});
    // Closes now (or at endedAt); the duration comes from the caller's monotonic clock when given.
    bool closeWindow(
        qint64 windowRowId, std::optional<qint64> durationMs = std::nullopt, const QDateTime& endedAt = {});
    qint64 addEvent(const QString& runId, const QString& text, qint64 stepRowId = -1);

    // Newest first; limit < 0: all. ok (when given) tells an empty journal from a failed read.
    QList<RunSummary> runs(int limit = -1, bool* ok = nullptr) const;
    // idOrLast: a run id, "last" (the newest run), or an unambiguous prefix of an id.
    std::optional<RunDetail> run(const QString& idOrLast, QString* error = nullptr) const;
    QString resolveRunId(const QString& idOrLast, QString* error = nullptr) const;

    // Runs still "running" whose owning process is gone: their running steps and the run become
    // "interrupted" (ended at the last sign of life). Called by open(). Returns the ids marked.
    QStringList markInterrupted();

private:
    QString newRunId(const QDateTime& startedAt);
    bool createOrMigrate(QString* error);
    bool fail(const QString& message) const;
    // Records the failure and returns the value that signals it (an empty id, row -1).
    template <typename T> T failWith(const QString& message, T value) const
    {
        m_lastError = message;
        return value;
    }

    QString m_connectionName;
    QString m_path;
    QStringList m_secrets;
    mutable QString m_lastError;
};
