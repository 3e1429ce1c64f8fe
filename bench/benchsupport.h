#pragma once
// What the benchmarks share: a sandbox in a temporary directory, runbooks run headless through
// the real RunController and journal, and medians/p95 of what they measured.

#include "engine/runcontroller.h"
#include "sandbox/sandbox.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace BenchSupport {

double percentile(QList<double> values, double p);

class SandboxRun {
public:
    explicit SandboxRun(const SandboxOptions& options);
    ~SandboxRun();
    bool ok() const { return m_ok; }
    const Sandbox& sandbox() const { return *m_sandbox; }
    const Inventory& inventory() const { return *m_inventory; }
    QString journalPath() const { return m_tmp.filePath(QStringLiteral("journal.sqlite")); }
    QString writeFile(const QString& name, const QString& text) const;
    // Off: runs leave the inventory's traffic probe out (for overhead figures it would disturb).
    void setProbe(bool on) { m_probe = on; }

    // Runs a runbook (text) to its end; the outcome and, from the journal, the whole run. On a
    // sandbox up --hosts, from its console's host: the run's threads join that network. The text
    // of a runbook from a directory (`from`: runbooks/) runs beside a copy of that directory's
    // tree, so its includes and SQL/shell files are found as they are beside the original.
    struct Result {
        RunOutcome outcome = RunOutcome::Running;
        QString message;
        QList<qint64> stepFinishedNs; // monotonic time at each forward step's end
        qint64 startedNs = 0;
    };
    Result run(const QString& runbookText, bool rollbackOnFailure, QString* error, const QString& from = {});

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<Sandbox> m_sandbox;
    std::optional<Inventory> m_inventory;
    bool m_ok = false;
    bool m_probe = true;
    int m_files = 0;
};

} // namespace BenchSupport
