#include "journal/runcomparison.h"

#include "core/statistics.h"
#include "journal/runexport.h"

#include <algorithm>

namespace {
void fillMedian(ComparedRow& row)
{
    QList<qint64> present;
    for (const auto& v : row.valuesMs)
        if (v)
            present << *v;
    row.medianMs = RunComparison::median(present);
    row.differencesMs.clear();
    for (const auto& v : row.valuesMs)
        row.differencesMs << (v && row.medianMs ? std::optional<qint64>(*v - *row.medianMs) : std::nullopt);
}
} // namespace

std::optional<qint64> RunComparison::median(const QList<qint64>& values)
{
    return Statistics::median(values);
}

int RunComparison::slowestStep(qsizetype run) const
{
    for (qsizetype i = 0; i < m_steps.size(); ++i)
        if (m_steps[i].slowest.value(run))
            return static_cast<int>(i);
    return -1;
}

RunComparison::RunComparison(QList<RunDetail> runs)
    : m_runs(std::move(runs))
{
    const qsizetype n = m_runs.size();
    for (qsizetype r = 0; r < n; ++r) {
        for (const StepRecord& s : m_runs[r].steps) {
            auto it = std::find_if(m_steps.begin(), m_steps.end(), [&s](const ComparedRow& row) {
                return row.isRollback == s.isRollback && row.phase == s.phase && row.stepId == s.stepId
                    && row.node == s.node;
            });
            if (it == m_steps.end()) {
                ComparedRow row;
                row.phase = s.phase;
                row.stepId = s.stepId;
                row.title = s.title;
                row.node = s.node;
                row.isRollback = s.isRollback;
                row.valuesMs = QList<std::optional<qint64>>(n);
                row.expectedMs = QList<std::optional<qint64>>(n);
                row.attempts = QList<int>(n, 0);
                row.slowest = QList<bool>(n, false);
                m_steps.append(row);
                it = m_steps.end() - 1;
            }
            ++it->attempts[r];
            if (s.durationMs)
                it->valuesMs[r] = it->valuesMs[r].value_or(0) + *s.durationMs;
            if (s.expectedMs)
                it->expectedMs[r] = s.expectedMs;
        }
    }
    for (qsizetype r = 0; r < n; ++r) {
        qsizetype slowest = -1;
        for (qsizetype i = 0; i < m_steps.size(); ++i) {
            const ComparedRow& row = m_steps[i];
            if (!row.isRollback && row.valuesMs[r]
                && (slowest < 0 || *row.valuesMs[r] > *m_steps[slowest].valuesMs[r]))
                slowest = i;
        }
        if (slowest >= 0)
            m_steps[slowest].slowest[r] = true;
    }
    for (ComparedRow& row : m_steps)
        fillMedian(row);

    const auto total = [&](const QString& key, const QString& name, auto valueOf) {
        ComparedRow row;
        row.title = name;
        row.totalKey = key;
        for (const RunDetail& d : m_runs) {
            row.valuesMs << valueOf(d.totals());
            row.attempts << 0;
            row.expectedMs << std::nullopt;
            row.slowest << false;
        }
        fillMedian(row);
        m_totals.append(row);
    };
    total(QStringLiteral("wall"), QStringLiteral("Wall time"), [](const RunTotals& t) { return t.wallMs; });
    total(QStringLiteral("steps"), QStringLiteral("Sum of steps"),
        [](const RunTotals& t) { return std::optional<qint64>(t.stepsMs); });
    total(QStringLiteral("manual"), QStringLiteral("Manual gates"),
        [](const RunTotals& t) { return std::optional<qint64>(t.manualMs); });
    // One row per kind of downtime that any of the runs recorded.
    QList<std::pair<QString, QString>> kinds;
    for (const RunDetail& d : m_runs)
        for (const RunTotals::Downtime& dt : d.totals().downtime)
            if (!kinds.contains(std::pair(dt.kind, dt.source)))
                kinds.append(std::pair(dt.kind, dt.source));
    for (const auto& [kind, source] : kinds) {
        total(QStringLiteral("downtime:%1:%2").arg(kind, source), RunExport::downtimeName(kind, source),
            [kind = kind, source = source](const RunTotals& t) {
            for (const RunTotals::Downtime& dt : t.downtime)
                if (dt.kind == kind && dt.source == source)
                    return std::optional<qint64>(dt.ms);
            return std::optional<qint64>(0);
        });
    }
}
