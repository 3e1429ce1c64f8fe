#include "cli/runscommand.h"

#include "core/tableformat.h"
#include "journal/runexport.h"
#include "journal/runjournal.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

namespace {
QString clip(const QString& text, int width)
{
    return text.size() <= width ? text : text.left(width - 1) + QStringLiteral("…");
}
} // namespace

int runRunsCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the journaled runs, newest first."));
    const QCommandLineOption journalOption(QStringLiteral("journal"),
        QStringLiteral("The run journal (default %1).").arg(RunJournal::defaultPath()), QStringLiteral("DB"));
    const QCommandLineOption limitOption(
        QStringLiteral("limit"), QStringLiteral("Show at most N runs."), QStringLiteral("N"));
    parser.addOptions({ journalOption, limitOption });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("runbook-console runs") } + args)) {
        err << parser.errorText() << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    if (!parser.positionalArguments().isEmpty()) {
        err << "usage: runbook-console runs [--journal DB] [--limit N]" << Qt::endl;
        return 2;
    }
    int limit = -1;
    if (parser.isSet(limitOption)) {
        bool ok = false;
        limit = parser.value(limitOption).toInt(&ok);
        if (!ok || limit <= 0) {
            err << "--limit takes a positive number" << Qt::endl;
            return 2;
        }
    }
    const QString path = parser.isSet(journalOption) ? parser.value(journalOption) : RunJournal::defaultPath();
    if (!QFileInfo::exists(path)) {
        out << "no runs yet (no journal at " << path << ")" << Qt::endl;
        return 0;
    }
    RunJournal journal;
    QString error;
    if (!journal.open(path, &error, RunJournal::OpenMode::ReadOnly)) {
        err << error << Qt::endl;
        return 2;
    }
    bool ok = false;
    const QList<RunSummary> runs = journal.runs(limit, &ok);
    if (!ok) {
        err << journal.lastError() << Qt::endl;
        return 1;
    }
    if (runs.isEmpty()) {
        out << "no runs yet in " << path << Qt::endl;
        return 0;
    }
    QList<QStringList> rows;
    rows << QStringList { QStringLiteral("RUN"), QStringLiteral("LABEL"), QStringLiteral("RUNBOOK"),
        QStringLiteral("CLUSTER"), QStringLiteral("STARTED (UTC)"), QStringLiteral("DURATION"),
        QStringLiteral("OUTCOME") };
    for (const RunSummary& r : runs) {
        const auto ms = r.durationMs();
        QString duration = ms ? RunExport::formatDuration(*ms) : QStringLiteral("-");
        if (ms && r.outcome == RunOutcome::Interrupted)
            duration.prepend(QStringLiteral(">= "));
        rows << QStringList { r.id, r.label, clip(r.runbookName, 40), clip(r.cluster, 20),
            r.startedAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), duration, runOutcomeName(r.outcome) };
    }
    // Durations read best right-aligned.
    out << TableFormat::aligned(rows, QStringLiteral("lllllr"));
    out.flush();
    return 0;
}
