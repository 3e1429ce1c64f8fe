#include "forecast/forecastexport.h"

#include "core/tableformat.h"
#include "journal/runexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace TableFormat;

namespace {

QString duration(qint64 ms)
{
    return RunExport::formatDuration(ms);
}

QString optionalDuration(std::optional<qint64> ms)
{
    return ms ? RunExport::formatDuration(*ms) : QStringLiteral("—");
}

QJsonValue msOrNull(std::optional<qint64> ms)
{
    return ms ? QJsonValue(*ms) : QJsonValue();
}

QString p90Method(const Forecast& f)
{
    if (f.totalP90Method() == TotalP90Method::RunTotals)
        return QStringLiteral("p90 of the %1 complete runs' wall times").arg(f.completeRuns());
    return QStringLiteral("sum of the step p90s: fewer than %1 complete runs").arg(Forecast::runsForTotalsP90);
}

QString flagsText(const StepForecast& s)
{
    QStringList flags = s.flags;
    if (s.cv && s.flags.contains(QLatin1String("variable")))
        // Rounded up, so a flagged step never reads as exactly 0.50.
        flags.replace(flags.indexOf(QLatin1String("variable")),
            QStringLiteral("variable (CV %1)").arg(std::ceil(*s.cv * 100) / 100, 0, 'f', 2));
    if (s.runs == 0 && s.plan.budgetMs)
        flags << QStringLiteral("budget %1").arg(duration(*s.plan.budgetMs));
    return flags.join(QStringLiteral(", "));
}

QString title(const Forecast& f)
{
    return QStringLiteral("Forecast: %1 on %2")
        .arg(f.plan().runbookName,
            f.query().allClusters ? QStringLiteral("any cluster") : QStringLiteral("cluster %1").arg(f.query().cluster));
}

} // namespace

namespace ForecastExport {

QString windowName(const WindowForecast& w)
{
    return QStringLiteral("%1 unavailable (%2%3)")
        .arg(w.kind, w.source == QLatin1String("probe") ? QStringLiteral("measured by the probe") : QStringLiteral("runbook markers"),
            w.estimated ? QStringLiteral(", estimated from the steps") : QString());
}

QString basis(const Forecast& f)
{
    if (f.runsUsed() == 0)
        return QStringLiteral("No earlier run of this runbook%1: every step is unrehearsed and counts its expected: budget.")
            .arg(f.query().allClusters ? QString() : QStringLiteral(" on this cluster"));
    return QStringLiteral("From %1 earlier run%2 (%3 complete) of the same runbook file or the same steps, %4.")
        .arg(f.runsUsed())
        .arg(f.runsUsed() == 1 ? QString() : QStringLiteral("s"))
        .arg(f.completeRuns())
        .arg(f.query().allClusters ? QStringLiteral("on any cluster") : QStringLiteral("on this cluster only"));
}

QString text(const Forecast& f)
{
    QString out = title(f) + QLatin1Char('\n') + basis(f) + QLatin1Char('\n');
    if (!f.runIds().isEmpty())
        out += QStringLiteral("Runs: %1\n").arg(f.runIds().join(QStringLiteral(", ")));
    out += QLatin1Char('\n');
    QList<QStringList> totals { { QStringLiteral(""), QStringLiteral("MOST LIKELY"), QStringLiteral("P90") } };
    totals << QStringList { QStringLiteral("Total"), duration(f.totalMs()), duration(f.totalP90Ms()) };
    for (const PhaseForecast& p : f.phases())
        totals << QStringList { QStringLiteral("  phase ") + p.name, duration(p.mostLikelyMs), duration(p.p90Ms) };
    totals << QStringList { QStringLiteral("  between steps"), duration(f.betweenStepsMs()), duration(f.betweenStepsP90Ms()) };
    for (const WindowForecast& w : f.downtime())
        totals << QStringList { windowName(w), duration(w.mostLikelyMs), duration(w.p90Ms) };
    out += aligned(totals, QStringLiteral("lrr"));
    out += QStringLiteral("Total p90: %1.\n\n").arg(p90Method(f));

    QList<QStringList> steps { { QStringLiteral("STEP"), QStringLiteral("PHASE"), QStringLiteral("MEDIAN"),
        QStringLiteral("P90"), QStringLiteral("RUNS"), QStringLiteral("FLAGS") } };
    for (const StepForecast& s : f.steps())
        steps << QStringList { s.plan.id, s.plan.phase, optionalDuration(s.medianMs), optionalDuration(s.p90Ms),
            QString::number(s.runs), flagsText(s) };
    out += aligned(steps, QStringLiteral("llrrrl"));
    return out;
}

QString markdown(const Forecast& f, const QString& heading)
{
    QString out = (heading.isEmpty() ? QStringLiteral("# ") + title(f) : heading) + QStringLiteral("\n\n") + basis(f)
        + QLatin1Char('\n');
    if (!f.runIds().isEmpty()) {
        QStringList ids;
        for (const QString& id : f.runIds())
            ids << mdCode(id);
        out += QStringLiteral("Runs: %1.\n").arg(ids.join(QStringLiteral(", ")));
    }
    out += QLatin1Char('\n') + mdRow({ QStringLiteral("Forecast"), QStringLiteral("Most likely"), QStringLiteral("p90") });
    out += mdAlignRow(QStringLiteral("lrr"));
    out += mdRow({ QStringLiteral("**Total**"), QStringLiteral("**%1**").arg(duration(f.totalMs())),
        QStringLiteral("**%1**").arg(duration(f.totalP90Ms())) });
    for (const PhaseForecast& p : f.phases())
        out += mdRow({ QStringLiteral("Phase: ") + mdCell(p.name), duration(p.mostLikelyMs), duration(p.p90Ms) });
    out += mdRow({ QStringLiteral("Between steps"), duration(f.betweenStepsMs()), duration(f.betweenStepsP90Ms()) });
    for (const WindowForecast& w : f.downtime())
        out += mdRow({ mdCell(windowName(w)), duration(w.mostLikelyMs), duration(w.p90Ms) });
    out += QStringLiteral("\nTotal p90: %1.\n\n").arg(p90Method(f));

    out += mdRow({ QStringLiteral("Phase"), QStringLiteral("Step"), QStringLiteral("Median"), QStringLiteral("p90"),
        QStringLiteral("Runs"), QStringLiteral("Flags") });
    out += mdAlignRow(QStringLiteral("llrrrl"));
    for (const StepForecast& s : f.steps())
        out += mdRow({ mdCell(s.plan.phase), mdCode(s.plan.id), optionalDuration(s.medianMs),
            optionalDuration(s.p90Ms), QString::number(s.runs), mdCell(flagsText(s)) });
    return out;
}

QString json(const Forecast& f)
{
    QJsonArray steps;
    for (const StepForecast& s : f.steps()) {
        steps.append(QJsonObject {
            { QStringLiteral("id"), s.plan.id },
            { QStringLiteral("phase"), s.plan.phase },
            { QStringLiteral("title"), s.plan.title },
            { QStringLiteral("kind"), s.plan.kind },
            { QStringLiteral("median_ms"), msOrNull(s.medianMs) },
            { QStringLiteral("p90_ms"), msOrNull(s.p90Ms) },
            { QStringLiteral("runs"), s.runs },
            { QStringLiteral("cv"), s.cv ? QJsonValue(std::round(*s.cv * 1000) / 1000) : QJsonValue() },
            { QStringLiteral("flags"), QJsonArray::fromStringList(s.flags) },
            { QStringLiteral("budget_ms"), msOrNull(s.plan.budgetMs) },
            { QStringLiteral("expected_ms"), s.expectedMs() },
            { QStringLiteral("point_of_no_return"), s.plan.pointOfNoReturn },
        });
    }
    QJsonArray phases;
    for (const PhaseForecast& p : f.phases())
        phases.append(QJsonObject { { QStringLiteral("name"), p.name }, { QStringLiteral("total_ms"), p.mostLikelyMs },
            { QStringLiteral("total_p90_ms"), p.p90Ms }, { QStringLiteral("steps"), p.steps } });
    QJsonArray downtime;
    for (const WindowForecast& w : f.downtime())
        downtime.append(QJsonObject { { QStringLiteral("kind"), w.kind }, { QStringLiteral("source"), w.source },
            { QStringLiteral("most_likely_ms"), w.mostLikelyMs }, { QStringLiteral("p90_ms"), w.p90Ms },
            { QStringLiteral("runs"), w.runs }, { QStringLiteral("estimated"), w.estimated } });
    const QJsonObject root {
        { QStringLiteral("format"), QStringLiteral("runbook-console-forecast/1") },
        { QStringLiteral("runbook"), f.plan().runbookName },
        { QStringLiteral("runbook_sha256"), f.query().runbookDigest },
        { QStringLiteral("cluster"), f.query().allClusters ? QJsonValue() : QJsonValue(f.query().cluster) },
        { QStringLiteral("runs_used"), f.runsUsed() },
        { QStringLiteral("complete_runs"), f.completeRuns() },
        { QStringLiteral("run_ids"), QJsonArray::fromStringList(f.runIds()) },
        { QStringLiteral("total_ms"), f.totalMs() },
        { QStringLiteral("total_p90_ms"), f.totalP90Ms() },
        { QStringLiteral("total_p90_method"), totalP90MethodName(f.totalP90Method()) },
        { QStringLiteral("between_steps_ms"), f.betweenStepsMs() },
        { QStringLiteral("between_steps_p90_ms"), f.betweenStepsP90Ms() },
        { QStringLiteral("phases"), phases },
        { QStringLiteral("downtime"), downtime },
        { QStringLiteral("steps"), steps },
    };
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

} // namespace ForecastExport
