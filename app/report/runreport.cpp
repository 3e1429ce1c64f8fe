#include "report/runreport.h"

#include "core/secretmask.h"
#include "forecast/forecastbuilder.h"
#include "gantt/ganttbuilder.h"
#include "gantt/ganttrender.h"
#include "journal/runexport.h"
#include "journal/runjournal.h"
#include "report/comparisonexport.h"
#include "runbook/documentloader.h"

#include <QFileInfo>

namespace {

QList<RunDetail> maskedRuns(const QList<RunDetail>& runs, const QStringList& secrets)
{
    QList<RunDetail> out;
    for (const RunDetail& d : runs)
        out << RunExport::masked(d, secrets);
    return out;
}

QString text(const QList<RunDetail>& runs, ExportFormat format, const Forecast* forecast)
{
    if (runs.size() == 1) {
        switch (format) {
        case ExportFormat::Markdown:
            return RunExport::markdown(runs.first());
        case ExportFormat::Csv:
            return RunExport::csv(runs.first());
        default:
            return RunExport::json(runs.first());
        }
    }
    const RunComparison comparison(runs);
    switch (format) {
    case ExportFormat::Markdown:
        return ComparisonExport::markdown(comparison, forecast);
    case ExportFormat::Csv:
        return ComparisonExport::csv(comparison, forecast);
    default:
        return ComparisonExport::json(comparison, forecast);
    }
}

} // namespace

namespace RunReport {

GanttData gantt(const QList<RunDetail>& runs, const ReportOptions& options)
{
    return GanttBuilder::build(
        maskedRuns(runs, options.knownSecrets), options.forecast ? &*options.forecast : nullptr, options.liveRunId);
}

std::optional<QByteArray> render(
    const QList<RunDetail>& runs, ExportFormat format, const ReportOptions& options, QString* error)
{
    if (runs.isEmpty()) {
        if (error)
            *error = QStringLiteral("no run to export");
        return std::nullopt;
    }
    if (format == ExportFormat::Svg)
        return GanttRender::svg(gantt(runs, options), error);
    if (format == ExportFormat::Png)
        return GanttRender::png(gantt(runs, options), error);
    const Forecast* forecast = options.forecast ? &*options.forecast : nullptr;
    // The forecast's texts come from the runbook file: masked on the way out like the rest.
    return maskSecrets(text(maskedRuns(runs, options.knownSecrets), format, forecast), options.knownSecrets).toUtf8();
}

ForecastPlan planFor(const RunJournal& journal, const RunDetail& run)
{
    if (!run.run.runbookPath.isEmpty() && QFileInfo(run.run.runbookPath).isFile()) {
        const LoadedDocument loaded = DocumentLoader::loadRunbook(run.run.runbookPath);
        if (loaded.ok())
            return ForecastPlan::fromRunbook(*loaded.runbook);
    }
    const ForecastPlan own = ForecastPlan::fromRun(run);
    if (run.run.outcome == RunOutcome::Completed)
        return own;
    for (const RunSummary& r : journal.runs(100)) {
        if (r.outcome != RunOutcome::Completed || r.runbookName != run.run.runbookName
            || (!run.run.runbookDigest.isEmpty() && r.runbookDigest != run.run.runbookDigest))
            continue;
        const auto detail = journal.run(r.id);
        if (!detail)
            continue;
        const ForecastPlan complete = ForecastPlan::fromRun(*detail);
        if (complete.stepIds().mid(0, own.steps.size()) == own.stepIds())
            return complete;
    }
    return own;
}

std::optional<Forecast> forecastFor(
    const RunJournal& journal, const QList<RunDetail>& runs, const QString& liveRunId, QString* error)
{
    const RunDetail* anchor = nullptr;
    for (const RunDetail& d : runs) {
        if (!liveRunId.isEmpty() && d.run.id == liveRunId) {
            anchor = &d;
            break;
        }
        if (!anchor || d.run.startedAt > anchor->run.startedAt)
            anchor = &d;
    }
    if (!anchor)
        return std::nullopt;
    ForecastQuery query;
    query.runbookDigest = anchor->run.runbookDigest;
    query.cluster = anchor->run.cluster;
    query.excludeRunId = anchor->run.id;
    query.before = anchor->run.startedAt;
    return ForecastBuilder::build(journal, planFor(journal, *anchor), query, error);
}

} // namespace RunReport
