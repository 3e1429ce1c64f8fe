#pragma once
// The run journal: every run, step, downtime window and event, in SQLite (WAL, synchronous=FULL).
// Each write is its own committed transaction, so a kill -9 at any moment leaves a journal that
// tells the truth; on open, runs whose owning process is gone become "interrupted".
// Every text passes through maskSecrets() before it is stored. The file is private (0600).
// A write that fails because the disk is full is retried once on the space of a small reserve file
// kept beside the journal, so the journal can still record the truth; stopReason() then says the
// run must stop. One instance belongs to the thread that opened it (a Qt Sql connection is per thread).

#include "journal/downtimewindow.h"
#include "journal/rundetail.h"
#include "journal/runoutcome.h"
#include "journal/runstart.h"
#include "journal/runsummary.h"
#include "journal/steprecord.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <optional>

class QSqlQuery;

class RunJournal {
public:
    enum class OpenMode {
        CreateIfMissing, // recording a run
        MustExist, // reading one: a missing file is an error, never created
        // Reading only (runs, export): nothing is ever written, so a journal on read-only media or a
        // copy taken for a post-mortem can be read. Runs whose owning process is gone read as
        // interrupted without being marked so.
        ReadOnly,
    };

    static constexpr int schemaVersion = 4;
    static constexpr qint64 reserveBytes = 256 * 1024;
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
    // Why nothing more should run while this journal records it (its disk filled up); empty while
    // all is well. Set once a write failed for lack of space, even if the reserve saved it.
    QString stopReason() const { return m_stopReason; }

    // Values that must never be stored (e.g. passwords parsed from the inventory's conninfos).
    void setKnownSecrets(const QStringList& secrets) { m_secrets = secrets; }
    void addKnownSecrets(const QStringList& secrets) { m_secrets += secrets; }
    QString mask(const QString& text) const;

    // Returns the new run id, empty on failure. The run is "running" and owned by this process.
    QString beginRun(const RunStart& start);
    bool endRun(const QString& runId, RunOutcome outcome, const QString& note = {});
    // Takes an ended run (interrupted, failed, cancelled...) back to "running", owned by this process,
    // so it can be resumed or rolled back; atomically (one immediate transaction, the owner
    // recorded): of two processes claiming one run at once, exactly one gets it, and a run still
    // running in a live process (this one included) is refused. With expectedStepCount >= 0, also
    // refused when the run has changed since the caller read it (someone went on with it meanwhile).
    bool claimRun(const QString& runId, int expectedStepCount = -1);
    bool reopenRun(const QString& runId); // claimRun(runId), under its former name
    // Written before the step starts (outcome running), with step.result.inverse when given (a
    // switch's intent). Returns the step's row id, -1 on failure.
    qint64 beginStep(const QString& runId, const StepRecord& step);
    // A process group the running step started (see StepProcess).
    bool recordProcess(qint64 stepRowId, const StepProcess& process);
    bool endStep(qint64 stepRowId, const StepResult& result, qint64 durationMs);
    // A loop step's rows, journaled when its loop starts: resume and export use these, never a re-query.
    bool recordLoopRows(qint64 stepRowId, const QList<LoopRow>& rows);
    // One iteration of the loop step journaled at stepRowId; returns its row id, -1 on failure.
    qint64 beginIteration(qint64 stepRowId, int index, const LoopRow& item);
    bool endIteration(qint64 iterationRowId, const StepResult& result, qint64 durationMs);
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

    // Called with each forward step as it is journaled: before its row is written (begun false) and
    // just after (begun true). None is set in the product; the fault-injection tests' build of the
    // console sets one (tests/faultpoints.cpp) that kills the process there, as kill -9 would.
    using StepHook = void (*)(const StepRecord& step, bool begun);
    static void setStepHook(StepHook hook);

    // Runs still "running" whose owning process is gone: their running steps and the run become
    // "interrupted" (ended at the last sign of life). Called by open(). Returns the ids marked.
    QStringList markInterrupted();

private:
    QString newRunId(const QDateTime& startedAt);
    bool createOrMigrate(QString* error);
    // One try; `busy`: it failed because another connection held the file (worth another try).
    bool createOrMigrateOnce(QString* error, bool* busy);
    bool checkReadable(QString* error);
    // Runs a prepared write; on a full disk, frees the reserve and tries once more.
    bool execWrite(QSqlQuery& query);
    void keepReserve();
    static void stepHook(const StepRecord& step, bool begun);
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
    QString m_stopReason;
    bool m_readOnly = false;
    int m_schema = schemaVersion;
    QSet<QString> m_orphans; // read-only: runs still "running" whose owner is gone
};
