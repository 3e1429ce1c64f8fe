#include "report/comparisonexport.h"

#include "core/tableformat.h"
#include "forecast/forecastexport.h"
#include "journal/runexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <functional>

using namespace TableFormat;
using RunExport::durationText;
using RunExport::formatDuration;
using RunExport::msOrNull;

namespace {

QString msText(std::optional<qint64> ms)
{
    return ms ? QString::number(*ms) : QString();
}

QString runbookOf(const RunComparison& c)
{
    return c.runs().isEmpty() ? QString() : c.runs().last().run.runbookName;
}

QStringList distinct(const QList<RunDetail>& runs, QString RunSummary::*field)
{
    QStringList out;
    for (const RunDetail& d : runs)
        if (!(d.run.*field).isEmpty() && !out.contains(d.run.*field))
            out << d.run.*field;
    return out;
}

std::optional<qint64> plannedTotal(const QString& key, const Forecast& f)
{
    if (key == QLatin1String("wall"))
        return f.totalMs();
    if (key == QLatin1String("steps"))
        return f.totalMs() - f.betweenStepsMs();
    if (key == QLatin1String("manual")) {
        qint64 sum = 0;
        for (const StepForecast& s : f.steps())
            if (s.plan.kind == QLatin1String("manual"))
                sum += s.expectedMs();
        return sum;
    }
    const QStringList parts = key.split(QLatin1Char(':'));
    if (parts.size() == 3 && parts[0] == QLatin1String("downtime"))
        if (const WindowForecast* w = f.window(parts[1], parts[2]))
            return w->mostLikelyMs;
    return std::nullopt;
}

QString offsetText(std::optional<qint64> ms)
{
    return ms ? RunExport::formatOffset(*ms) : QString();
}

QString stepIdOfRow(const RunDetail& run, qint64 stepRowId)
{
    for (const StepRecord& s : run.steps)
        if (s.rowId == stepRowId)
            return s.stepId;
    return {};
}

QList<ComparisonExport::GateDecision> eventsOf(
    const QList<RunDetail>& runs, const std::function<std::optional<std::pair<QString, QString>>(const JournalEvent&, const RunDetail&)>& pick)
{
    QList<ComparisonExport::GateDecision> out;
    for (const RunDetail& d : runs) {
        for (const JournalEvent& e : d.events) {
            const auto picked = pick(e, d);
            if (!picked)
                continue;
            std::optional<qint64> offset;
            if (d.run.startedAt.isValid() && e.at.isValid())
                offset = d.run.startedAt.msecsTo(e.at);
            out << ComparisonExport::GateDecision { d.run.id, offset, picked->first, picked->second };
        }
    }
    return out;
}

} // namespace

namespace ComparisonExport {

std::optional<qint64> plannedMs(const ComparedRow& row, const Forecast* forecast)
{
    if (!row.totalKey.isEmpty())
        return forecast ? plannedTotal(row.totalKey, *forecast) : std::nullopt;
    if (forecast && !row.isRollback)
        if (const StepForecast* s = forecast->step(row.stepId))
            return s->expectedMs();
    for (qsizetype r = row.expectedMs.size() - 1; r >= 0; --r)
        if (row.expectedMs[r])
            return row.expectedMs[r];
    return std::nullopt;
}

QString cellText(const ComparedRow& row, qsizetype r)
{
    const auto& v = row.valuesMs.value(r);
    if (!v)
        return row.attempts.value(r) > 0 ? QStringLiteral("—") : QString();
    QString cell = formatDuration(*v);
    if (row.differencesMs.value(r) && row.valuesMs.size() > 1)
        cell += QStringLiteral(" (") + RunExport::formatDifference(*row.differencesMs[r]) + QLatin1Char(')');
    if (row.attempts.value(r) > 1)
        cell += QStringLiteral(" ×%1").arg(row.attempts[r]);
    return cell;
}

QList<GateDecision> gateDecisions(const QList<RunDetail>& runs)
{
    // The run controller journals "manual gate 'ID' confirmed by WHO" when a gate is passed.
    static const QRegularExpression gate(QStringLiteral("^manual gate '([^']*)' (.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    return eventsOf(runs, [](const JournalEvent& e, const RunDetail&) -> std::optional<std::pair<QString, QString>> {
        const QRegularExpressionMatch m = gate.match(e.text);
        if (!m.hasMatch())
            return std::nullopt;
        return std::pair(m.captured(1), m.captured(2));
    });
}

QList<GateDecision> decisionEvidence(const QList<RunDetail>& runs)
{
    const QString prefix = QString::fromLatin1(kDecisionEventPrefix);
    return eventsOf(runs, [&prefix](const JournalEvent& e, const RunDetail& d) -> std::optional<std::pair<QString, QString>> {
        if (!e.text.startsWith(prefix))
            return std::nullopt;
        return std::pair(stepIdOfRow(d, e.stepRowId), e.text.mid(prefix.size()).trimmed());
    });
}

QString markdown(const RunComparison& c, const Forecast* forecast)
{
    const QList<RunDetail>& runs = c.runs();
    const RunDetail* newest = runs.isEmpty() ? nullptr : &runs.last();
    QString out = QStringLiteral("# Change request: %1 on %2\n\n")
                      .arg(runbookOf(c), distinct(runs, &RunSummary::cluster).join(QStringLiteral(", ")));
    out += mdRow({ QStringLiteral("Field"), QStringLiteral("Value") }) + mdAlignRow(QStringLiteral("ll"));
    out += mdRow({ QStringLiteral("Runbook"), mdCell(runbookOf(c)) });
    if (newest && !newest->run.runbookPath.isEmpty())
        out += mdRow({ QStringLiteral("Runbook file"),
            mdCode(newest->run.runbookPath)
                + (newest->run.runbookDigest.isEmpty() ? QString()
                                                       : QStringLiteral(" (sha256 `%1`)").arg(newest->run.runbookDigest.left(12))) });
    out += mdRow({ QStringLiteral("Cluster"), mdCell(distinct(runs, &RunSummary::cluster).join(QStringLiteral(", "))) });
    out += mdRow({ QStringLiteral("Runs compared"),
        QStringLiteral("%1 (%2)").arg(runs.size()).arg(distinct(runs, &RunSummary::label).join(QStringLiteral(", "))) });
    if (forecast)
        out += mdRow({ QStringLiteral("Forecast"),
            QStringLiteral("%1 most likely, %2 p90, from %3 earlier run%4")
                .arg(formatDuration(forecast->totalMs()), formatDuration(forecast->totalP90Ms()))
                .arg(forecast->runsUsed())
                .arg(forecast->runsUsed() == 1 ? QString() : QStringLiteral("s")) });

    out += QStringLiteral("\n## Runs\n\n");
    out += mdRow({ QStringLiteral("Run"), QStringLiteral("Label"), QStringLiteral("Operator"), QStringLiteral("Started"),
        QStringLiteral("Outcome"), QStringLiteral("Wall time"), QStringLiteral("Measured downtime") });
    out += mdAlignRow(QStringLiteral("lllllrr"));
    for (const RunDetail& d : runs) {
        const auto wall = d.run.durationMs();
        const QString downtime = RunExport::measuredDowntime(d.run);
        out += mdRow({ mdCode(d.run.id), mdCell(d.run.label),
            mdCell(d.run.host.isEmpty() ? d.run.user : QStringLiteral("%1 on %2").arg(d.run.user, d.run.host)),
            RunExport::utcText(d.run.startedAt), runOutcomeName(d.run.outcome), durationText(wall),
            downtime.isEmpty() ? QStringLiteral("not measured") : downtime });
    }

    QStringList runHeaders;
    for (const RunDetail& d : runs)
        runHeaders << mdCell(d.run.id);
    const QString numeric = QString(runs.size() + 1, QLatin1Char('r'));

    out += QStringLiteral("\n## Planned vs actual\n\nPlanned: %1. Each run: the step's duration (its difference to the "
                          "median of these runs); **bold**: that run's slowest step.\n\n")
               .arg(forecast ? QStringLiteral("the forecast used (median of earlier runs, else the runbook's budget)")
                             : QStringLiteral("the budget each step ran against"));
    out += mdRow(QStringList { QStringLiteral("Phase"), QStringLiteral("Step"), QStringLiteral("Title"),
                     QStringLiteral("Planned") }
        + runHeaders + QStringList { QStringLiteral("Median") });
    out += mdAlignRow(QStringLiteral("lllr") + numeric);
    for (const ComparedRow& row : c.steps()) {
        QStringList cells { mdCell(row.phase),
            mdCode(row.stepId) + (row.isRollback ? QStringLiteral(" ↩ rollback") : QString()), mdCell(row.title),
            durationText(plannedMs(row, forecast)) };
        for (qsizetype r = 0; r < runs.size(); ++r) {
            const QString cell = cellText(row, r);
            cells << (row.slowest.value(r) ? QStringLiteral("**%1**").arg(cell) : cell);
        }
        cells << durationText(row.medianMs);
        out += mdRow(cells);
    }

    out += QStringLiteral("\n## Totals\n\n");
    out += mdRow(QStringList { QStringLiteral("Total"), QStringLiteral("Planned") } + runHeaders
        + QStringList { QStringLiteral("Median") });
    out += mdAlignRow(QStringLiteral("lr") + numeric);
    for (const ComparedRow& row : c.totals()) {
        QStringList cells { mdCell(row.title), durationText(plannedMs(row, forecast)) };
        for (qsizetype r = 0; r < runs.size(); ++r)
            cells << cellText(row, r);
        cells << durationText(row.medianMs);
        out += mdRow(cells);
    }

    out += QStringLiteral("\n## Downtime measured\n\n");
    bool anyWindow = false;
    for (const RunDetail& d : runs)
        anyWindow = anyWindow || !d.windows.isEmpty();
    if (!anyWindow) {
        out += QStringLiteral("No downtime window was recorded in these runs.\n");
    } else {
        out += mdRow({ QStringLiteral("Run"), QStringLiteral("Kind"), QStringLiteral("Source"),
            QStringLiteral("Starts at"), QStringLiteral("Duration") });
        out += mdAlignRow(QStringLiteral("lllrr"));
        for (const RunDetail& d : runs) {
            for (const DowntimeWindow& w : d.windows) {
                std::optional<qint64> offset;
                if (d.run.startedAt.isValid() && w.startedAt.isValid())
                    offset = d.run.startedAt.msecsTo(w.startedAt);
                out += mdRow({ mdCode(d.run.id), w.kind, w.source, offsetText(offset),
                    w.durationMs ? formatDuration(*w.durationMs) : QStringLiteral("still open") });
            }
        }
    }

    const auto decisionTable = [&out](const QString& title, const QString& none, const QString& stepHeader,
                                   const QString& textHeader, const QList<GateDecision>& rows) {
        out += QStringLiteral("\n## %1\n\n").arg(title);
        if (rows.isEmpty()) {
            out += none + QLatin1Char('\n');
            return;
        }
        out += mdRow({ QStringLiteral("Run"), QStringLiteral("At"), stepHeader, textHeader });
        out += mdAlignRow(QStringLiteral("lrll"));
        for (const GateDecision& g : rows)
            out += mdRow({ mdCode(g.runId), offsetText(g.offsetMs), mdCode(g.step), mdCell(g.text) });
    };
    decisionTable(QStringLiteral("Gate decisions"), QStringLiteral("No manual gate in these runs."),
        QStringLiteral("Gate"), QStringLiteral("Decision"), gateDecisions(runs));
    decisionTable(QStringLiteral("Decision evidence"), QStringLiteral("No decision evidence was recorded."),
        QStringLiteral("Step"), QStringLiteral("Evidence"), decisionEvidence(runs));

    out += QLatin1Char('\n');
    if (forecast)
        out += ForecastExport::markdown(*forecast, QStringLiteral("## Forecast used"));
    else
        out += QStringLiteral("## Forecast used\n\nNone: no earlier run of this runbook to learn from.\n");
    return out;
}

QString csv(const RunComparison& c, const Forecast* forecast)
{
    QStringList header { QStringLiteral("section"), QStringLiteral("phase"), QStringLiteral("step_id"),
        QStringLiteral("title"), QStringLiteral("node"), QStringLiteral("rollback") };
    for (const RunDetail& d : c.runs())
        header << d.run.id + QStringLiteral("_ms");
    header << QStringLiteral("median_ms");
    for (const RunDetail& d : c.runs())
        header << d.run.id + QStringLiteral("_diff_ms");
    header << QStringLiteral("planned_ms") << QStringLiteral("slowest_in");
    QString out = csvRow(header);
    const auto row = [&](const QString& section, const ComparedRow& r) {
        QStringList fields { section, r.phase, r.stepId, r.title, r.node,
            section == QLatin1String("step") ? (r.isRollback ? QStringLiteral("yes") : QStringLiteral("no"))
                                             : QString() };
        for (const auto& v : r.valuesMs)
            fields << msText(v);
        fields << msText(r.medianMs);
        for (const auto& v : r.differencesMs)
            fields << msText(v);
        fields << msText(plannedMs(r, forecast));
        QStringList slowestIn;
        for (qsizetype i = 0; i < r.slowest.size(); ++i)
            if (r.slowest[i])
                slowestIn << c.runs()[i].run.id;
        fields << slowestIn.join(QLatin1Char(' '));
        out += csvRow(fields);
    };
    for (const ComparedRow& r : c.steps())
        row(QStringLiteral("step"), r);
    for (const ComparedRow& r : c.totals())
        row(QStringLiteral("total"), r);
    return out;
}

QString json(const RunComparison& c, const Forecast* forecast)
{
    QJsonArray runs;
    for (const RunDetail& d : c.runs()) {
        runs.append(QJsonObject {
            { QStringLiteral("id"), d.run.id },
            { QStringLiteral("label"), d.run.label },
            { QStringLiteral("runbook"), d.run.runbookName },
            { QStringLiteral("cluster"), d.run.cluster },
            { QStringLiteral("user"), d.run.user },
            { QStringLiteral("started_at"), RunExport::isoOrNull(d.run.startedAt) },
            { QStringLiteral("outcome"), runOutcomeName(d.run.outcome) },
            { QStringLiteral("measured_writes_down_ms"), msOrNull(d.run.measuredWritesDownMs) },
            { QStringLiteral("measured_reads_down_ms"), msOrNull(d.run.measuredReadsDownMs) },
        });
    }
    const auto rowJson = [forecast](const ComparedRow& r, bool step) {
        QJsonArray values, differences, attempts, slowest;
        for (const auto& v : r.valuesMs)
            values.append(msOrNull(v));
        for (const auto& v : r.differencesMs)
            differences.append(msOrNull(v));
        for (int a : r.attempts)
            attempts.append(a);
        for (bool s : r.slowest)
            slowest.append(s);
        QJsonObject o {
            { QStringLiteral("durations_ms"), values },
            { QStringLiteral("differences_ms"), differences },
            { QStringLiteral("median_ms"), msOrNull(r.medianMs) },
            { QStringLiteral("planned_ms"), msOrNull(plannedMs(r, forecast)) },
        };
        if (step) {
            o.insert(QStringLiteral("phase"), r.phase);
            o.insert(QStringLiteral("step_id"), r.stepId);
            o.insert(QStringLiteral("title"), r.title);
            o.insert(QStringLiteral("node"), r.node);
            o.insert(QStringLiteral("rollback"), r.isRollback);
            o.insert(QStringLiteral("attempts"), attempts);
            o.insert(QStringLiteral("slowest"), slowest);
        } else {
            o.insert(QStringLiteral("name"), r.title);
        }
        return o;
    };
    QJsonArray steps, totals;
    for (const ComparedRow& r : c.steps())
        steps.append(rowJson(r, true));
    for (const ComparedRow& r : c.totals())
        totals.append(rowJson(r, false));
    const auto decisions = [](const QList<GateDecision>& rows) {
        QJsonArray out;
        for (const GateDecision& g : rows)
            out.append(QJsonObject { { QStringLiteral("run"), g.runId }, { QStringLiteral("offset_ms"), msOrNull(g.offsetMs) },
                { QStringLiteral("step_id"), g.step }, { QStringLiteral("text"), g.text } });
        return out;
    };
    const QJsonObject root {
        { QStringLiteral("format"), QStringLiteral("runbook-console-comparison/1") },
        { QStringLiteral("runs"), runs },
        { QStringLiteral("steps"), steps },
        { QStringLiteral("totals"), totals },
        { QStringLiteral("gate_decisions"), decisions(gateDecisions(c.runs())) },
        { QStringLiteral("decision_evidence"), decisions(decisionEvidence(c.runs())) },
        { QStringLiteral("forecast"),
            forecast ? QJsonValue(QJsonDocument::fromJson(ForecastExport::json(*forecast).toUtf8()).object())
                     : QJsonValue() },
    };
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

} // namespace ComparisonExport
