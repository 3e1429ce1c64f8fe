#pragma once
// Runs a runbook (the shipped text, or a variant of it) end to end on a sandbox's inventory with
// the real run controller and journal, and reads back what happened. Shared by the runbook tests.

#include "core/pgconnection.h"
#include "engine/runcontroller.h"
#include "journal/rundetail.h"
#include "journal/runjournal.h"
#include "runbook/documentloader.h"
#include "runbook/runbooktree.h"
#include "runbook/runbookvalidator.h"
#include "sandbox/sandbox.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTimer>
#include <memory>

namespace RunbookHarness {

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeFile(const QString& path, const QByteArray& content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

// Steps (YAML list items, indented like the runbook's steps) inserted before the step `beforeId`.
inline QByteArray insertBefore(QByteArray yaml, const QByteArray& beforeId, const QByteArray& steps)
{
    const qsizetype at = yaml.indexOf("      - id: " + beforeId + "\n");
    if (at < 0)
        return {};
    yaml.insert(at, steps);
    return yaml;
}

// Steps inserted after the whole step `afterId` (where the next step, phase or phase comment starts).
inline QByteArray insertAfter(QByteArray yaml, const QByteArray& afterId, const QByteArray& steps)
{
    const QByteArray marker = "      - id: " + afterId + "\n";
    const qsizetype at = yaml.indexOf(marker);
    if (at < 0)
        return {};
    qsizetype end = yaml.size();
    for (const QByteArray& next : { QByteArray("\n      - id: "), QByteArray("\n  - name: "), QByteArray("\n  # ") }) {
        const qsizetype n = yaml.indexOf(next, at + marker.size());
        if (n >= 0)
            end = qMin(end, n + 1);
    }
    yaml.insert(end, steps);
    return yaml;
}

// A failing SQL step right before `beforeId`.
inline QByteArray failBefore(const QByteArray& yaml, const QByteArray& beforeId, const QByteArray& on)
{
    return insertBefore(yaml, beforeId, "      - id: injected-failure\n        sql: SELECT 1/0\n        on: " + on + "\n");
}

// A controller for `yaml` (written to runbookPath) on the inventory, journaling to journalPath;
// manual gates confirm themselves. nullptr (and warnings) when either file does not validate.
// The shipped runbooks' directory tree is copied beside runbookPath first, so that the text of a
// shipped runbook (or a variant of it) finds its libraries and files where the original does.
inline std::unique_ptr<RunController> controller(const QString& runbookPath, const QByteArray& yaml, const QString& inventoryPath,
    const QString& journalPath, bool rollbackOnFailure, std::optional<CutoverMode> cutover = std::nullopt)
{
    QString error;
    if (!RunbookTree::copy(QStringLiteral(RBC_SOURCE_DIR "/runbooks"), QFileInfo(runbookPath).path(), &error)) {
        qWarning("%s", qPrintable(error));
        return nullptr;
    }
    if (!writeFile(runbookPath, yaml))
        return nullptr;
    LoadedDocument rb = DocumentLoader::loadRunbook(runbookPath);
    const LoadedDocument inv = DocumentLoader::loadInventory(inventoryPath);
    if (rb.runbook && inv.ok())
        rb.diagnostics += RunbookValidator::inventoryProblems(*rb.runbook, *inv.inventory);
    for (const Diagnostic& d : rb.diagnostics + inv.diagnostics)
        qWarning("%s", qPrintable(d.toString()));
    if (!rb.ok() || !inv.ok())
        return nullptr;
    RunOptions o;
    o.runbookPath = runbookPath;
    o.inventoryPath = inventoryPath;
    o.journalPath = journalPath;
    o.rollbackOnFailure = rollbackOnFailure;
    o.confirmManualSteps = true;
    o.cutover = cutover;
    return std::make_unique<RunController>(*rb.runbook, *inv.inventory, o);
}

// Starts the run and waits for its end: RunOutcome::Running when it did not end in time.
inline RunOutcome runToEnd(RunController& c, int timeoutMs, QString* message = nullptr)
{
    QSignalSpy finished(&c, &RunController::runFinished);
    QTimer::singleShot(0, &c, &RunController::start);
    if (!finished.wait(timeoutMs) && finished.isEmpty())
        return RunOutcome::Running;
    if (message)
        *message = finished.first().at(1).toString();
    return finished.first().at(0).value<RunOutcome>();
}

inline std::optional<RunDetail> lastRun(const QString& journalPath)
{
    RunJournal j;
    if (!j.open(journalPath))
        return std::nullopt;
    return j.run(QStringLiteral("last"));
}

// One line per journaled step: outcome, duration, and for a failure its error and output.
inline QString stepLog(const RunDetail& run)
{
    QStringList lines;
    for (const StepRecord& s : run.steps) {
        lines << QStringLiteral("%1%2 = %3 (%4 ms) %5")
                     .arg(s.isRollback ? QStringLiteral("undo:") : QString(), s.stepId, stepOutcomeName(s.result.outcome))
                     .arg(s.durationMs.value_or(-1))
                     .arg(s.result.ok() ? QString() : s.result.error + QLatin1Char('\n') + s.result.output);
    }
    return lines.join(QLatin1Char('\n'));
}

// Empty when the run rolled back and every rollback step succeeded; else what went wrong.
inline QString rolledBackCleanly(RunOutcome outcome, const QString& message, const RunDetail& run)
{
    if (outcome != RunOutcome::RolledBack)
        return QStringLiteral("not rolled back: %1\n%2").arg(message, stepLog(run));
    for (const StepRecord& s : run.steps)
        if (s.isRollback && !s.result.ok())
            return QStringLiteral("a rollback step failed:\n%1").arg(stepLog(run));
    return QString();
}

// The step records of `stepId` (forward steps only).
inline const StepRecord* forwardStep(const RunDetail& run, const QString& stepId)
{
    for (const StepRecord& s : run.steps)
        if (!s.isRollback && s.stepId == stepId)
            return &s;
    return nullptr;
}

// The probe's verdict at the end of the run: how many acknowledged writes it found, -1 if none.
inline qint64 probeAcknowledged(const RunDetail& run)
{
    static const QRegularExpression ack(QStringLiteral("all (\\d+) acknowledged writes present"));
    qint64 n = -1;
    for (const JournalEvent& e : run.events) {
        const auto m = ack.match(e.text);
        if (m.hasMatch())
            n = m.captured(1).toLongLong();
    }
    return n;
}

inline QStringList rows(const QString& conninfo, const QString& sql)
{
    PgConnection c;
    if (!c.open(conninfo, 10))
        return { QStringLiteral("connect failed: ") + c.lastError().message };
    c.exec(QStringLiteral("SET TimeZone = 'UTC'"));
    const auto r = c.exec(sql);
    if (!r)
        return { QStringLiteral("error %1: %2").arg(c.lastError().sqlstate, c.lastError().message) };
    QStringList out;
    for (const QStringList& row : r->rows)
        out << row.join(QLatin1Char('|'));
    return out;
}

inline QString scalar(const QString& conninfo, const QString& sql)
{
    return rows(conninfo, sql).value(0);
}

// The conninfo with another user (keyword/value form: the last keyword wins).
inline QString asUser(const QString& conninfo, const QString& user)
{
    return conninfo + QStringLiteral(" user=") + user;
}

// One sandbox at a time for a test executable: brought up in `dir` on first use (a different dir
// takes the previous one down), taken down at the end.
class SandboxSlot {
public:
    ~SandboxSlot() { down(); }
    bool use(const QString& dir, const SandboxOptions& options)
    {
        if (m_sandbox && m_sandbox->dir() == dir)
            return true;
        down();
        QElapsedTimer t;
        t.start();
        m_sandbox = std::make_unique<Sandbox>(dir);
        QString error;
        if (!m_sandbox->up(options, {}, &error)) {
            qWarning("sandbox up failed: %s", qPrintable(error));
            m_sandbox.reset();
            return false;
        }
        const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
        m_inventory = inv.inventory;
        qInfo("sandbox %s up in %lld ms", qPrintable(QFileInfo(dir).fileName()), t.elapsed());
        return inv.ok();
    }
    void down()
    {
        if (!m_sandbox)
            return;
        QString error;
        m_sandbox->down({}, &error);
        m_sandbox.reset();
    }
    Sandbox* operator->() const { return m_sandbox.get(); }
    explicit operator bool() const { return bool(m_sandbox); }
    const Inventory& inventory() const { return *m_inventory; }

private:
    std::unique_ptr<Sandbox> m_sandbox;
    std::optional<Inventory> m_inventory;
};

} // namespace RunbookHarness
