#include "journal/runexport.h"

#include "core/secretmask.h"
#include "core/tableformat.h"
#include "journal/journalevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

using namespace TableFormat;
using RunExport::isoOrNull;
using RunExport::msOrNull;
using RunExport::utcText;

namespace {

std::optional<qint64> offsetFrom(const QDateTime& start, const QDateTime& t)
{
    if (!start.isValid() || !t.isValid())
        return std::nullopt;
    return start.msecsTo(t);
}

QString msText(std::optional<qint64> ms)
{
    return ms ? QString::number(*ms) : QString();
}
using RunExport::durationText;

QString stepCell(const StepRecord& s)
{
    QString cell = mdCode(s.stepId);
    if (s.attempt > 1)
        cell += QStringLiteral(" (attempt %1)").arg(s.attempt);
    if (s.isRollback)
        cell += QStringLiteral(" ↩ rollback");
    return cell;
}

// What a step found (StepResult::summaryLine), cut at 120 characters. Outputs are journaled masked.
QString resultLine(const StepRecord& s)
{
    QString line = s.result.summaryLine();
    if (line.isEmpty())
        return QStringLiteral("—");
    if (line.size() > 120)
        line = line.left(119) + QStringLiteral("…");
    return mdCell(line);
}

QString downtimeLabel(const RunTotals::Downtime& d)
{
    return RunExport::downtimeName(d.kind, d.source);
}

QString downtimeValue(const RunTotals::Downtime& d)
{
    QString text = RunExport::formatDuration(d.ms);
    QStringList notes;
    notes << (d.windows == 1 ? QStringLiteral("1 window") : QStringLiteral("%1 windows").arg(d.windows));
    if (d.openWindows > 0)
        notes << QStringLiteral("%1 still open").arg(d.openWindows);
    return text + QStringLiteral(" (") + notes.join(QStringLiteral(", ")) + QLatin1Char(')');
}

QString wallText(const RunDetail& run, const RunTotals& t)
{
    if (!t.wallMs)
        return QStringLiteral("still running");
    // An interrupted run ended somewhere after its last sign of life.
    return (run.run.outcome == RunOutcome::Interrupted ? QStringLiteral("≥ ") : QString())
        + RunExport::formatDuration(*t.wallMs);
}

} // namespace

namespace RunExport {

QString utcText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral(" UTC")
                       : QString();
}

QJsonValue isoOrNull(const QDateTime& t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonValue msOrNull(std::optional<qint64> ms)
{
    return ms ? QJsonValue(*ms) : QJsonValue();
}

QString durationText(std::optional<qint64> ms)
{
    return ms ? formatDuration(*ms) : QString();
}

QString downtimeName(const QString& kind, const QString& source)
{
    return QStringLiteral("%1 downtime (%2)")
        .arg(kind == QLatin1String("writes") ? QStringLiteral("Write") : QStringLiteral("Read"), source);
}

QString formatDuration(qint64 ms)
{
    if (ms < 0)
        return QLatin1Char('-') + formatDuration(-ms);
    if (ms < 60000)
        return QStringLiteral("%1.%2 s").arg(ms / 1000).arg(ms % 1000, 3, 10, QLatin1Char('0'));
    const qint64 seconds = (ms + 500) / 1000;
    const qint64 h = seconds / 3600;
    const qint64 m = (seconds % 3600) / 60;
    const qint64 s = seconds % 60;
    if (h > 0)
        return QStringLiteral("%1h %2m %3s").arg(h).arg(m, 2, 10, QLatin1Char('0')).arg(s, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1m %2s").arg(m).arg(s, 2, 10, QLatin1Char('0'));
}

QString formatDifference(qint64 ms)
{
    if (ms == 0)
        return QStringLiteral("±0.0 s");
    const QString sign = ms > 0 ? QStringLiteral("+") : QStringLiteral("-");
    const qint64 a = ms > 0 ? ms : -ms;
    if (a < 60000) {
        const qint64 tenths = (a + 50) / 100;
        return sign + QStringLiteral("%1.%2 s").arg(tenths / 10).arg(tenths % 10);
    }
    return sign + formatDuration(a);
}

QString formatOffset(qint64 ms)
{
    return ms >= 0 ? QLatin1Char('+') + formatDuration(ms) : formatDuration(ms);
}

QString measuredDowntime(const RunSummary& r)
{
    if (!r.measuredWritesDownMs)
        return {};
    const qint64 writes = *r.measuredWritesDownMs;
    const qint64 reads = r.measuredReadsDownMs.value_or(0);
    if (writes == 0 && reads == 0)
        return QStringLiteral("none");
    QStringList parts { QStringLiteral("writes ") + formatDuration(writes) };
    if (reads > 0)
        parts << QStringLiteral("reads ") + formatDuration(reads);
    return parts.join(QStringLiteral(", "));
}

QString markdown(const RunDetail& d)
{
    const RunSummary& r = d.run;
    const RunTotals t = d.totals();
    QString out;
    out += QStringLiteral("# Run %1\n\n").arg(r.id);
    out += mdRow({ QStringLiteral("Field"), QStringLiteral("Value") }) + mdAlignRow(QStringLiteral("ll"));
    out += mdRow({ QStringLiteral("Runbook"), mdCell(r.runbookName) });
    const auto fileRow = [&](const QString& name, const QString& path, const QString& digest) {
        if (path.isEmpty())
            return;
        QString value = mdCode(path);
        if (!digest.isEmpty())
            value += QStringLiteral(" (sha256 `%1`)").arg(digest.left(12));
        out += mdRow({ name, value });
    };
    fileRow(QStringLiteral("Runbook file"), r.runbookPath, r.runbookDigest);
    fileRow(QStringLiteral("Inventory"), r.inventoryPath, r.inventoryDigest);
    out += mdRow({ QStringLiteral("Cluster"), mdCell(r.cluster) });
    out += mdRow({ QStringLiteral("Label"), mdCell(r.label) });
    if (!r.user.isEmpty() || !r.host.isEmpty())
        out += mdRow({ QStringLiteral("Operator"),
            mdCell(r.host.isEmpty() ? r.user : QStringLiteral("%1 on %2").arg(r.user, r.host)) });
    out += mdRow({ QStringLiteral("Started"), utcText(r.startedAt) });
    if (r.endedAt.isValid())
        out += mdRow(
            { r.outcome == RunOutcome::Interrupted ? QStringLiteral("Last sign of life") : QStringLiteral("Ended"),
                utcText(r.endedAt) });
    out += mdRow({ QStringLiteral("Outcome"), runOutcomeName(r.outcome) });
    if (!r.note.isEmpty())
        out += mdRow({ QStringLiteral("Note"), mdCell(r.note) });

    out += QStringLiteral("\n## Steps\n\n");
    out += mdRow({ QStringLiteral("#"), QStringLiteral("Phase"), QStringLiteral("Step"), QStringLiteral("Title"),
        QStringLiteral("Node"), QStringLiteral("Outcome"), QStringLiteral("Duration"), QStringLiteral("Expected"),
        QStringLiteral("Result") });
    out += mdAlignRow(QStringLiteral("rlllllrrl"));
    for (const StepRecord& s : d.steps) {
        out += mdRow({ QString::number(s.seq), mdCell(s.phase), stepCell(s), mdCell(s.title), mdCell(s.node),
            stepOutcomeName(s.result.outcome), s.durationMs ? formatDuration(*s.durationMs) : QStringLiteral("—"),
            durationText(s.expectedMs), resultLine(s) });
    }

    out += QStringLiteral("\n## Totals\n\n");
    out += mdRow({ QStringLiteral("Total"), QStringLiteral("Time") }) + mdAlignRow(QStringLiteral("lr"));
    out += mdRow({ QStringLiteral("Wall time"), wallText(d, t) });
    out += mdRow({ QStringLiteral("Sum of steps"), formatDuration(t.stepsMs) });
    out += mdRow({ QStringLiteral("Manual gates"), formatDuration(t.manualMs) });
    if (t.rollbackSteps > 0)
        out += mdRow({ QStringLiteral("Rollback steps"), formatDuration(t.rollbackMs) });
    for (const RunTotals::Downtime& dt : t.downtime)
        out += mdRow({ downtimeLabel(dt), downtimeValue(dt) });

    if (!d.windows.isEmpty()) {
        out += QStringLiteral("\n## Downtime windows\n\n");
        out += mdRow({ QStringLiteral("Kind"), QStringLiteral("Source"), QStringLiteral("Starts at"),
            QStringLiteral("Duration") });
        out += mdAlignRow(QStringLiteral("llrr"));
        for (const DowntimeWindow& w : d.windows) {
            const auto offset = offsetFrom(r.startedAt, w.startedAt);
            out += mdRow({ w.kind, w.source, offset ? formatOffset(*offset) : QString(),
                w.durationMs ? formatDuration(*w.durationMs) : QStringLiteral("still open") });
        }
    }
    QStringList held;
    for (const JournalEvent& e : d.events)
        if (e.text.startsWith(QLatin1String(kProbeHoldEventPrefix)))
            held << e.text.mid(qstrlen(kProbeHoldEventPrefix)).trimmed();
    if (!held.isEmpty()) {
        // Hold mode: the window clients waited through instead of failing, as the probe measured it.
        out += QStringLiteral("\n## Clients held (cutover: hold)\n\n");
        out += mdRow({ QStringLiteral("Held"), QStringLiteral("Measured by the traffic probe") }) + mdAlignRow(QStringLiteral("rl"));
        for (const QString& h : std::as_const(held))
            out += mdRow({ mdCell(h.section(QLatin1Char(' '), 0, 1)), mdCell(h.section(QLatin1Char(' '), 2)) });
    }
    if (!d.events.isEmpty()) {
        out += QStringLiteral("\n## Events\n\n");
        out += mdRow({ QStringLiteral("At"), QStringLiteral("Event") }) + mdAlignRow(QStringLiteral("rl"));
        for (const JournalEvent& e : d.events) {
            const auto offset = offsetFrom(r.startedAt, e.at);
            out += mdRow({ offset ? formatOffset(*offset) : QString(), mdCell(e.text) });
        }
    }
    return out;
}

QString csv(const RunDetail& d)
{
    const RunTotals t = d.totals();
    QString out = csvRow({ QStringLiteral("section"), QStringLiteral("seq"), QStringLiteral("phase"),
        QStringLiteral("step_id"), QStringLiteral("title"), QStringLiteral("node"), QStringLiteral("kind"),
        QStringLiteral("attempt"), QStringLiteral("rollback"), QStringLiteral("outcome"), QStringLiteral("source"),
        QStringLiteral("start_offset_ms"), QStringLiteral("duration_ms"), QStringLiteral("duration"),
        QStringLiteral("expected_ms"), QStringLiteral("expected") });
    for (const StepRecord& s : d.steps) {
        out += csvRow({ QStringLiteral("step"), QString::number(s.seq), s.phase, s.stepId, s.title, s.node, s.kind,
            QString::number(s.attempt), s.isRollback ? QStringLiteral("yes") : QStringLiteral("no"),
            stepOutcomeName(s.result.outcome), QString(), msText(offsetFrom(d.run.startedAt, s.startedAt)),
            msText(s.durationMs), durationText(s.durationMs), msText(s.expectedMs), durationText(s.expectedMs) });
    }
    for (const DowntimeWindow& w : d.windows) {
        out += csvRow({ QStringLiteral("downtime"), QString(), QString(), QString(), QString(), QString(), w.kind,
            QString(), QString(), w.durationMs ? QStringLiteral("closed") : QStringLiteral("open"), w.source,
            msText(offsetFrom(d.run.startedAt, w.startedAt)), msText(w.durationMs), durationText(w.durationMs),
            QString(), QString() });
    }
    const auto total = [&out](const QString& name, std::optional<qint64> ms) {
        out += csvRow({ QStringLiteral("total"), QString(), QString(), QString(), name, QString(), QString(), QString(),
            QString(), QString(), QString(), QString(), msText(ms), durationText(ms), QString(), QString() });
    };
    total(QStringLiteral("Wall time"), t.wallMs);
    total(QStringLiteral("Sum of steps"), t.stepsMs);
    total(QStringLiteral("Manual gates"), t.manualMs);
    if (t.rollbackSteps > 0)
        total(QStringLiteral("Rollback steps"), t.rollbackMs);
    for (const RunTotals::Downtime& dt : t.downtime)
        total(downtimeLabel(dt), dt.ms);
    return out;
}

QString json(const RunDetail& d)
{
    const RunSummary& r = d.run;
    const RunTotals t = d.totals();
    QJsonObject run {
        { QStringLiteral("id"), r.id },
        { QStringLiteral("runbook"),
            QJsonObject { { QStringLiteral("name"), r.runbookName }, { QStringLiteral("path"), r.runbookPath },
                { QStringLiteral("sha256"), r.runbookDigest } } },
        { QStringLiteral("inventory"),
            QJsonObject {
                { QStringLiteral("path"), r.inventoryPath }, { QStringLiteral("sha256"), r.inventoryDigest } } },
        { QStringLiteral("cluster"), r.cluster },
        { QStringLiteral("label"), r.label },
        { QStringLiteral("user"), r.user },
        { QStringLiteral("host"), r.host },
        { QStringLiteral("started_at"), isoOrNull(r.startedAt) },
        { QStringLiteral("ended_at"), isoOrNull(r.endedAt) },
        { QStringLiteral("duration_ms"), msOrNull(r.durationMs()) },
        { QStringLiteral("outcome"), runOutcomeName(r.outcome) },
        { QStringLiteral("note"), r.note },
    };
    QJsonArray steps;
    for (const StepRecord& s : d.steps) {
        QJsonObject step {
            { QStringLiteral("seq"), s.seq },
            { QStringLiteral("phase"), s.phase },
            { QStringLiteral("step_id"), s.stepId },
            { QStringLiteral("title"), s.title },
            { QStringLiteral("node"), s.node },
            { QStringLiteral("kind"), s.kind },
            { QStringLiteral("attempt"), s.attempt },
            { QStringLiteral("rollback"), s.isRollback },
            { QStringLiteral("outcome"), stepOutcomeName(s.result.outcome) },
            { QStringLiteral("started_at"), isoOrNull(s.startedAt) },
            { QStringLiteral("ended_at"), isoOrNull(s.endedAt) },
            { QStringLiteral("start_offset_ms"), msOrNull(offsetFrom(r.startedAt, s.startedAt)) },
            { QStringLiteral("duration_ms"), msOrNull(s.durationMs) },
            { QStringLiteral("expected_ms"), msOrNull(s.expectedMs) },
            { QStringLiteral("exit_code"), s.result.exitCode >= 0 ? QJsonValue(s.result.exitCode) : QJsonValue() },
            { QStringLiteral("sqlstate"), s.result.sqlstate },
            { QStringLiteral("error"), s.result.error },
        };
        // A loop step: its rows as journaled when it started, and each iteration it ran.
        if (s.loopRows) {
            QJsonArray rows;
            for (const LoopRow& row : *s.loopRows) {
                QJsonObject o;
                for (auto it = row.constBegin(); it != row.constEnd(); ++it)
                    o.insert(it.key(), it.value());
                rows.append(o);
            }
            step.insert(QStringLiteral("loop_rows"), rows);
            QJsonArray iterations;
            for (const StepIteration& it : s.iterations)
                iterations.append(QJsonObject {
                    { QStringLiteral("iteration"), it.index },
                    { QStringLiteral("outcome"), stepOutcomeName(it.outcome) },
                    { QStringLiteral("started_at"), isoOrNull(it.startedAt) },
                    { QStringLiteral("duration_ms"), msOrNull(it.durationMs) },
                    { QStringLiteral("error"), it.error },
                });
            step.insert(QStringLiteral("iterations"), iterations);
        }
        if (s.iteration > 0)
            step.insert(QStringLiteral("iteration"), s.iteration);
        steps.append(step);
    }
    QJsonArray windows;
    for (const DowntimeWindow& w : d.windows) {
        windows.append(QJsonObject {
            { QStringLiteral("kind"), w.kind },
            { QStringLiteral("source"), w.source },
            { QStringLiteral("started_at"), isoOrNull(w.startedAt) },
            { QStringLiteral("ended_at"), isoOrNull(w.endedAt) },
            { QStringLiteral("start_offset_ms"), msOrNull(offsetFrom(r.startedAt, w.startedAt)) },
            { QStringLiteral("duration_ms"), msOrNull(w.durationMs) },
        });
    }
    QJsonArray events;
    for (const JournalEvent& e : d.events) {
        events.append(QJsonObject {
            { QStringLiteral("at"), isoOrNull(e.at) },
            { QStringLiteral("offset_ms"), msOrNull(offsetFrom(r.startedAt, e.at)) },
            { QStringLiteral("text"), e.text },
        });
    }
    QJsonArray downtime;
    for (const RunTotals::Downtime& dt : t.downtime) {
        downtime.append(QJsonObject { { QStringLiteral("kind"), dt.kind }, { QStringLiteral("source"), dt.source },
            { QStringLiteral("ms"), dt.ms }, { QStringLiteral("windows"), dt.windows },
            { QStringLiteral("open_windows"), dt.openWindows } });
    }
    const QJsonObject totals {
        { QStringLiteral("wall_ms"), msOrNull(t.wallMs) },
        { QStringLiteral("steps_ms"), t.stepsMs },
        { QStringLiteral("manual_ms"), t.manualMs },
        { QStringLiteral("rollback_ms"), t.rollbackMs },
        { QStringLiteral("step_count"), t.stepCount },
        { QStringLiteral("failed_steps"), t.failedSteps },
        { QStringLiteral("rollback_steps"), t.rollbackSteps },
        { QStringLiteral("downtime"), downtime },
    };
    const QJsonObject root {
        { QStringLiteral("format"), QStringLiteral("runbook-console-run/1") },
        { QStringLiteral("run"), run },
        { QStringLiteral("steps"), steps },
        { QStringLiteral("downtime_windows"), windows },
        { QStringLiteral("events"), events },
        { QStringLiteral("totals"), totals },
    };
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

RunDetail masked(RunDetail d, const QStringList& secrets)
{
    const auto m = [&secrets](QString& s) { s = maskSecrets(s, secrets); };
    RunSummary& r = d.run;
    for (QString* s :
        { &r.runbookName, &r.runbookPath, &r.inventoryPath, &r.cluster, &r.label, &r.user, &r.host, &r.note })
        m(*s);
    for (StepRecord& s : d.steps) {
        for (QString* t :
            { &s.phase, &s.stepId, &s.title, &s.node, &s.kind, &s.result.error, &s.result.output, &s.result.sqlstate })
            m(*t);
        s.result.inverse = {}; // not exported
    }
    for (JournalEvent& e : d.events)
        m(e.text);
    return d;
}

} // namespace RunExport
