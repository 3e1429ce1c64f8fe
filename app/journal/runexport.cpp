#include "journal/runexport.h"

#include "core/secretmask.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace {

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

std::optional<qint64> offsetFrom(const QDateTime& start, const QDateTime& t)
{
    if (!start.isValid() || !t.isValid())
        return std::nullopt;
    return start.msecsTo(t);
}

// GitHub-flavoured Markdown table cell: one line, pipes escaped.
QString md(const QString& text)
{
    QString out = text;
    out.replace(QLatin1String("\r\n"), QLatin1String(" "));
    out.replace(QLatin1Char('\n'), QLatin1Char(' '));
    out.replace(QLatin1Char('\r'), QLatin1Char(' '));
    out.replace(QLatin1Char('|'), QLatin1String("\\|"));
    return out.trimmed();
}

QString mdCode(const QString& text)
{
    if (text.isEmpty())
        return {};
    if (text.contains(QLatin1Char('`')))
        return md(text);
    return QLatin1Char('`') + md(text) + QLatin1Char('`');
}

QString mdRow(const QStringList& cells)
{
    return QStringLiteral("| ") + cells.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
}

QString mdAlignRow(const QString& aligns)
{
    QStringList cells;
    for (const QChar c : aligns)
        cells << (c == QLatin1Char('r') ? QStringLiteral("--:") : QStringLiteral("---"));
    return QStringLiteral("|") + cells.join(QLatin1Char('|')) + QStringLiteral("|\n");
}

// RFC 4180: quote fields holding a comma, a quote or a line break; double the quotes.
QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString out = text;
    out.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

QString csvRow(const QStringList& fields)
{
    QStringList quoted;
    for (const QString& f : fields)
        quoted << csvField(f);
    return quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

QString msText(std::optional<qint64> ms)
{
    return ms ? QString::number(*ms) : QString();
}
QString durationText(std::optional<qint64> ms)
{
    return ms ? RunExport::formatDuration(*ms) : QString();
}

QString stepCell(const StepRecord& s)
{
    QString cell = mdCode(s.stepId);
    if (s.attempt > 1)
        cell += QStringLiteral(" (attempt %1)").arg(s.attempt);
    if (s.isRollback)
        cell += QStringLiteral(" ↩ rollback");
    return cell;
}

QString downtimeName(const RunTotals::Downtime& d)
{
    return QStringLiteral("%1 downtime (%2)")
        .arg(d.kind == QLatin1String("writes") ? QStringLiteral("Write") : QStringLiteral("Read"), d.source);
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

QString compareCell(const ComparedRow& row, qsizetype r)
{
    const auto& v = row.valuesMs[r];
    if (!v)
        return row.attempts.value(r) > 0 ? QStringLiteral("—") : QString();
    QString cell = RunExport::formatDuration(*v);
    if (row.differencesMs[r] && row.valuesMs.size() > 1)
        cell += QStringLiteral(" (") + RunExport::formatDifference(*row.differencesMs[r]) + QLatin1Char(')');
    if (row.attempts.value(r) > 1)
        cell += QStringLiteral(" ×%1").arg(row.attempts[r]);
    return cell;
}

QString xml(const QString& text)
{
    return text.toHtmlEscaped();
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

} // namespace

namespace RunExport {

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

QString markdown(const RunDetail& d)
{
    const RunSummary& r = d.run;
    const RunTotals t = d.totals();
    QString out;
    out += QStringLiteral("# Run %1\n\n").arg(r.id);
    out += mdRow({ QStringLiteral("Field"), QStringLiteral("Value") }) + mdAlignRow(QStringLiteral("ll"));
    out += mdRow({ QStringLiteral("Runbook"), md(r.runbookName) });
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
    out += mdRow({ QStringLiteral("Cluster"), md(r.cluster) });
    out += mdRow({ QStringLiteral("Label"), md(r.label) });
    if (!r.user.isEmpty() || !r.host.isEmpty())
        out += mdRow({ QStringLiteral("Operator"),
            md(r.host.isEmpty() ? r.user : QStringLiteral("%1 on %2").arg(r.user, r.host)) });
    out += mdRow({ QStringLiteral("Started"), utcText(r.startedAt) });
    if (r.endedAt.isValid())
        out += mdRow(
            { r.outcome == RunOutcome::Interrupted ? QStringLiteral("Last sign of life") : QStringLiteral("Ended"),
                utcText(r.endedAt) });
    out += mdRow({ QStringLiteral("Outcome"), runOutcomeName(r.outcome) });
    if (!r.note.isEmpty())
        out += mdRow({ QStringLiteral("Note"), md(r.note) });

    out += QStringLiteral("\n## Steps\n\n");
    out += mdRow({ QStringLiteral("#"), QStringLiteral("Phase"), QStringLiteral("Step"), QStringLiteral("Title"),
        QStringLiteral("Node"), QStringLiteral("Outcome"), QStringLiteral("Duration"), QStringLiteral("Expected") });
    out += mdAlignRow(QStringLiteral("rlllllrr"));
    for (const StepRecord& s : d.steps) {
        out += mdRow({ QString::number(s.seq), md(s.phase), stepCell(s), md(s.title), md(s.node),
            stepOutcomeName(s.result.outcome), s.durationMs ? formatDuration(*s.durationMs) : QStringLiteral("—"),
            durationText(s.expectedMs) });
    }

    out += QStringLiteral("\n## Totals\n\n");
    out += mdRow({ QStringLiteral("Total"), QStringLiteral("Time") }) + mdAlignRow(QStringLiteral("lr"));
    out += mdRow({ QStringLiteral("Wall time"), wallText(d, t) });
    out += mdRow({ QStringLiteral("Sum of steps"), formatDuration(t.stepsMs) });
    out += mdRow({ QStringLiteral("Manual gates"), formatDuration(t.manualMs) });
    if (t.rollbackSteps > 0)
        out += mdRow({ QStringLiteral("Rollback steps"), formatDuration(t.rollbackMs) });
    for (const RunTotals::Downtime& dt : t.downtime)
        out += mdRow({ downtimeName(dt), downtimeValue(dt) });

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
    if (!d.events.isEmpty()) {
        out += QStringLiteral("\n## Events\n\n");
        out += mdRow({ QStringLiteral("At"), QStringLiteral("Event") }) + mdAlignRow(QStringLiteral("rl"));
        for (const JournalEvent& e : d.events) {
            const auto offset = offsetFrom(r.startedAt, e.at);
            out += mdRow({ offset ? formatOffset(*offset) : QString(), md(e.text) });
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
        total(downtimeName(dt), dt.ms);
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
        steps.append(QJsonObject {
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
        });
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

QString svg(const RunDetail& d)
{
    constexpr int labelWidth = 300;
    constexpr int chartWidth = 700;
    constexpr int rowHeight = 20;
    constexpr int top = 44;
    const QDateTime start = d.run.startedAt;

    // The time axis covers every step and window, and the run itself.
    qint64 span = d.run.durationMs().value_or(0);
    for (const StepRecord& s : d.steps)
        span = std::max(span, offsetFrom(start, s.startedAt).value_or(0) + s.durationMs.value_or(0));
    for (const DowntimeWindow& w : d.windows)
        span = std::max(span, offsetFrom(start, w.startedAt).value_or(0) + w.durationMs.value_or(0));
    span = std::max<qint64>(span, 1000);
    const auto x = [&](qint64 ms) { return labelWidth + static_cast<double>(ms) * chartWidth / span; };
    const int height = top + static_cast<int>(d.steps.size()) * rowHeight + 24;
    const int width = labelWidth + chartWidth + 20;

    QString out;
    out += QStringLiteral("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%2\" viewBox=\"0 0 %1 %2\" "
                          "font-family=\"sans-serif\" font-size=\"12\">\n")
               .arg(width)
               .arg(height);
    out += QStringLiteral("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    out += QStringLiteral("<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%1</text>\n")
               .arg(xml(
                   QStringLiteral("Run %1 — %2 (%3)").arg(d.run.id, d.run.runbookName, runOutcomeName(d.run.outcome))));

    // Axis ticks at a round step, at most about ten of them.
    static const qint64 steps[]
        = { 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000 };
    qint64 tick = steps[std::size(steps) - 1];
    for (qint64 candidate : steps) {
        if (span / candidate <= 10) {
            tick = candidate;
            break;
        }
    }
    for (qint64 t = 0; t <= span; t += tick) {
        out += QStringLiteral("<line x1=\"%1\" y1=\"%2\" x2=\"%1\" y2=\"%3\" stroke=\"#e0e0e0\"/>\n")
                   .arg(x(t), 0, 'f', 1)
                   .arg(top - 6)
                   .arg(height - 20);
        out += QStringLiteral("<text x=\"%1\" y=\"%2\" text-anchor=\"middle\" fill=\"#555555\">%3</text>\n")
                   .arg(x(t), 0, 'f', 1)
                   .arg(top - 10)
                   .arg(xml(formatOffset(t)));
    }
    for (const DowntimeWindow& w : d.windows) {
        const qint64 from = offsetFrom(start, w.startedAt).value_or(0);
        const qint64 length = w.durationMs.value_or(span - from);
        out += QStringLiteral("<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\" fill-opacity=\"0.18\">"
                              "<title>%6</title></rect>\n")
                   .arg(x(from), 0, 'f', 1)
                   .arg(top - 6)
                   .arg(std::max(1.0, x(from + length) - x(from)), 0, 'f', 1)
                   .arg(height - 14 - top)
                   .arg(w.kind == QLatin1String("writes") ? QStringLiteral("#d32f2f") : QStringLiteral("#f57c00"))
                   .arg(xml(QStringLiteral("%1 downtime (%2): %3")
                                .arg(w.kind, w.source,
                                    w.durationMs ? formatDuration(*w.durationMs) : QStringLiteral("still open"))));
    }
    int row = 0;
    for (const StepRecord& s : d.steps) {
        const int y = top + row++ * rowHeight;
        QString label = QStringLiteral("%1. %2").arg(s.seq).arg(s.title.isEmpty() ? s.stepId : s.title);
        if (s.isRollback)
            label = QStringLiteral("↩ ") + label;
        if (label.size() > 44)
            label = label.left(43) + QStringLiteral("…");
        out += QStringLiteral("<text x=\"8\" y=\"%1\">%2</text>\n").arg(y + 14).arg(xml(label));
        QString colour;
        switch (s.result.outcome) {
        case StepOutcome::Succeeded:
            colour = QStringLiteral("#2e7d32");
            break;
        case StepOutcome::Failed:
        case StepOutcome::TimedOut:
            colour = QStringLiteral("#c62828");
            break;
        case StepOutcome::Interrupted:
            colour = QStringLiteral("#ef6c00");
            break;
        case StepOutcome::Running:
            colour = QStringLiteral("#1565c0");
            break;
        default:
            colour = QStringLiteral("#9e9e9e");
        }
        const qint64 from = offsetFrom(start, s.startedAt).value_or(0);
        const double w = std::max(2.0, x(from + s.durationMs.value_or(0)) - x(from));
        out += QStringLiteral(
            "<rect x=\"%1\" y=\"%2\" width=\"%3\" height=\"%4\" fill=\"%5\"%6><title>%7</title></rect>\n")
                   .arg(x(from), 0, 'f', 1)
                   .arg(y + 3)
                   .arg(w, 0, 'f', 1)
                   .arg(rowHeight - 6)
                   .arg(colour,
                       s.isRollback ? QStringLiteral(" stroke=\"#000000\" stroke-dasharray=\"3 2\"") : QString(),
                       xml(QStringLiteral("%1 — %2, %3")
                               .arg(s.stepId, stepOutcomeName(s.result.outcome),
                                   s.durationMs ? formatDuration(*s.durationMs) : QStringLiteral("no duration"))));
    }
    out += QStringLiteral("</svg>\n");
    return out;
}

QString markdown(const RunComparison& c)
{
    const QList<RunDetail>& runs = c.runs();
    QString out = QStringLiteral("# Comparison of %1 runs\n\n").arg(runs.size());
    out += mdRow({ QStringLiteral("Run"), QStringLiteral("Label"), QStringLiteral("Runbook"), QStringLiteral("Cluster"),
        QStringLiteral("Started"), QStringLiteral("Outcome") });
    out += mdAlignRow(QStringLiteral("llllll"));
    for (const RunDetail& d : runs)
        out += mdRow({ mdCode(d.run.id), md(d.run.label), md(d.run.runbookName), md(d.run.cluster),
            utcText(d.run.startedAt), runOutcomeName(d.run.outcome) });

    QStringList runHeaders;
    for (const RunDetail& d : runs)
        runHeaders << md(d.run.id);
    const QString numeric = QString(runs.size() + 1, QLatin1Char('r'));

    out += QStringLiteral(
        "\n## Steps\n\nEach cell: the step's duration in that run (its difference to the median).\n\n");
    out += mdRow(
        QStringList { QStringLiteral("Phase"), QStringLiteral("Step"), QStringLiteral("Title"), QStringLiteral("Node") }
        + runHeaders + QStringList { QStringLiteral("Median") });
    out += mdAlignRow(QStringLiteral("llll") + numeric);
    for (const ComparedRow& row : c.steps()) {
        QStringList cells { md(row.phase),
            mdCode(row.stepId) + (row.isRollback ? QStringLiteral(" ↩ rollback") : QString()), md(row.title),
            md(row.node) };
        for (qsizetype r = 0; r < runs.size(); ++r)
            cells << compareCell(row, r);
        cells << durationText(row.medianMs);
        out += mdRow(cells);
    }

    out += QStringLiteral("\n## Totals\n\n");
    out += mdRow(QStringList { QStringLiteral("Total") } + runHeaders + QStringList { QStringLiteral("Median") });
    out += mdAlignRow(QStringLiteral("l") + numeric);
    for (const ComparedRow& row : c.totals()) {
        QStringList cells { md(row.title) };
        for (qsizetype r = 0; r < runs.size(); ++r)
            cells << compareCell(row, r);
        cells << durationText(row.medianMs);
        out += mdRow(cells);
    }
    return out;
}

QString csv(const RunComparison& c)
{
    QStringList header { QStringLiteral("section"), QStringLiteral("phase"), QStringLiteral("step_id"),
        QStringLiteral("title"), QStringLiteral("node"), QStringLiteral("rollback") };
    for (const RunDetail& d : c.runs())
        header << d.run.id + QStringLiteral("_ms");
    header << QStringLiteral("median_ms");
    for (const RunDetail& d : c.runs())
        header << d.run.id + QStringLiteral("_diff_ms");
    QString out = csvRow(header);
    const auto row = [&out](const QString& section, const ComparedRow& r) {
        QStringList fields { section, r.phase, r.stepId, r.title, r.node,
            section == QLatin1String("step") ? (r.isRollback ? QStringLiteral("yes") : QStringLiteral("no"))
                                             : QString() };
        for (const auto& v : r.valuesMs)
            fields << msText(v);
        fields << msText(r.medianMs);
        for (const auto& v : r.differencesMs)
            fields << msText(v);
        out += csvRow(fields);
    };
    for (const ComparedRow& r : c.steps())
        row(QStringLiteral("step"), r);
    for (const ComparedRow& r : c.totals())
        row(QStringLiteral("total"), r);
    return out;
}

QString json(const RunComparison& c)
{
    QJsonArray runs;
    for (const RunDetail& d : c.runs()) {
        runs.append(QJsonObject {
            { QStringLiteral("id"), d.run.id },
            { QStringLiteral("label"), d.run.label },
            { QStringLiteral("runbook"), d.run.runbookName },
            { QStringLiteral("cluster"), d.run.cluster },
            { QStringLiteral("started_at"), isoOrNull(d.run.startedAt) },
            { QStringLiteral("outcome"), runOutcomeName(d.run.outcome) },
        });
    }
    const auto rowJson = [](const ComparedRow& r, bool step) {
        QJsonArray values, differences, attempts;
        for (const auto& v : r.valuesMs)
            values.append(msOrNull(v));
        for (const auto& v : r.differencesMs)
            differences.append(msOrNull(v));
        for (int a : r.attempts)
            attempts.append(a);
        QJsonObject o {
            { QStringLiteral("durations_ms"), values },
            { QStringLiteral("differences_ms"), differences },
            { QStringLiteral("median_ms"), msOrNull(r.medianMs) },
        };
        if (step) {
            o.insert(QStringLiteral("phase"), r.phase);
            o.insert(QStringLiteral("step_id"), r.stepId);
            o.insert(QStringLiteral("title"), r.title);
            o.insert(QStringLiteral("node"), r.node);
            o.insert(QStringLiteral("rollback"), r.isRollback);
            o.insert(QStringLiteral("attempts"), attempts);
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
    const QJsonObject root {
        { QStringLiteral("format"), QStringLiteral("runbook-console-comparison/1") },
        { QStringLiteral("runs"), runs },
        { QStringLiteral("steps"), steps },
        { QStringLiteral("totals"), totals },
    };
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

std::optional<QString> render(
    const QList<RunDetail>& runs, ExportFormat format, const QStringList& knownSecrets, QString* error)
{
    if (runs.isEmpty()) {
        if (error)
            *error = QStringLiteral("no run to export");
        return std::nullopt;
    }
    QList<RunDetail> clean;
    for (const RunDetail& d : runs)
        clean << masked(d, knownSecrets);
    if (clean.size() == 1) {
        switch (format) {
        case ExportFormat::Markdown:
            return markdown(clean.first());
        case ExportFormat::Csv:
            return csv(clean.first());
        case ExportFormat::Json:
            return json(clean.first());
        case ExportFormat::Svg:
            return svg(clean.first());
        }
    }
    const RunComparison comparison(clean);
    switch (format) {
    case ExportFormat::Markdown:
        return markdown(comparison);
    case ExportFormat::Csv:
        return csv(comparison);
    case ExportFormat::Json:
        return json(comparison);
    case ExportFormat::Svg:
        break;
    }
    if (error)
        *error = QStringLiteral("svg exports one run at a time; drop --compare or choose markdown, csv or json");
    return std::nullopt;
}

} // namespace RunExport
