#pragma once
// Everything the journal's runs export to, in one place for the command line and the runs view:
// one run (Markdown, CSV, JSON, its Gantt as SVG or PNG) or several (the change-request comparison
// and the Gantt with one lane per run), masked, with the forecast the runs were measured against.

#include "forecast/forecast.h"
#include "gantt/ganttdata.h"
#include "journal/exportformat.h"
#include "journal/rundetail.h"

#include <QByteArray>
#include <QList>
#include <QStringList>
#include <optional>

class RunJournal;

struct ReportOptions {
    QStringList knownSecrets; // masked with maskSecrets() on top of what the journal masked
    std::optional<Forecast> forecast; // the forecast used: planned times, the medians lane
    QString liveRunId; // drawn over the rehearsal medians in the Gantt
};

namespace RunReport {

// The file's bytes (UTF-8 for text). SVG and PNG need a QGuiApplication (GanttRender::available).
std::optional<QByteArray> render(
    const QList<RunDetail>& runs, ExportFormat format, const ReportOptions& options = {}, QString* error = nullptr);
// The Gantt picture of the runs, masked like every export.
GanttData gantt(const QList<RunDetail>& runs, const ReportOptions& options = {});

// The steps of the run's runbook: the file it ran from when it still reads; else the steps of the
// newest complete run of the same runbook that began the same way (a run going on has not yet
// shown all its steps); else the run's own.
ForecastPlan planFor(const RunJournal& journal, const RunDetail& run);
// The forecast the newest of these runs (or the live one) was measured against: the runs of its
// runbook on its cluster that started before it. nullopt when there are no runs.
std::optional<Forecast> forecastFor(
    const RunJournal& journal, const QList<RunDetail>& runs, const QString& liveRunId = {}, QString* error = nullptr);

} // namespace RunReport
