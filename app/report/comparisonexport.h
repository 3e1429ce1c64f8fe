#pragma once
// A comparison of runs, exported. Markdown takes the shape of a change request (GitHub, GitLab,
// Notion): the runs, planned vs actual per step with the slowest step of each run in bold, the
// totals, the downtime measured, the gate decisions and the evidence recorded for them
// ("decision:" events), and the forecast used. CSV and JSON carry the same figures.

#include "forecast/forecast.h"
#include "journal/runcomparison.h"

#include <QString>
#include <optional>

namespace ComparisonExport {

QString markdown(const RunComparison& comparison, const Forecast* forecast = nullptr);
QString csv(const RunComparison& comparison, const Forecast* forecast = nullptr);
QString json(const RunComparison& comparison, const Forecast* forecast = nullptr);

// What the step was planned to take: the forecast's expected time when it knows the step, else the
// budget the newest run held it to. Totals: the forecast's figure for that total, if any.
std::optional<qint64> plannedMs(const ComparedRow& row, const Forecast* forecast);
// A run's cell: "1.200 s (+0.2 s)", "— " for a step without a duration, ×N for retried steps.
QString cellText(const ComparedRow& row, qsizetype run);

struct GateDecision {
    QString runId;
    std::optional<qint64> offsetMs; // from the run's start
    QString step; // the gate's step id, when known
    QString text;
};
// Manual gates passed (and by whom), then the "decision:" evidence, in run and time order.
QList<GateDecision> gateDecisions(const QList<RunDetail>& runs);
QList<GateDecision> decisionEvidence(const QList<RunDetail>& runs);

} // namespace ComparisonExport
