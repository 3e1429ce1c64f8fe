#include "cli/runscommand.h"

#include "cli/commandparser.h"
#include "core/tableformat.h"
#include "journal/runexport.h"
#include "journal/runjournal.h"

#include <QCoreApplication>
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
    CommandParser parser(QStringLiteral("runs"), QStringLiteral("runs [--journal DB] [--limit N] [--ids]"),
        QCoreApplication::translate("runs", "Lists the journaled runs, newest first. Opens the journal read-only."),
        QCoreApplication::translate("runs", "0 listed, 1 the journal could not be read, 2 invalid input."));
    const QCommandLineOption journalOption(QStringLiteral("journal"),
        QCoreApplication::translate("cli", "The run journal (default %1).").arg(RunJournal::defaultPath()), QStringLiteral("DB"));
    const QCommandLineOption limitOption(
        QStringLiteral("limit"), QCoreApplication::translate("runs", "Show at most N runs."), QStringLiteral("N"));
    const QCommandLineOption idsOption(
        QStringLiteral("ids"), QCoreApplication::translate("runs", "Print only the run ids, one per line (for scripts and completion)."));
    parser.addOptions({ journalOption, limitOption, idsOption });
    if (const auto code = parser.parse(args, out, err))
        return *code;
    if (!parser.positionalArguments().isEmpty())
        return parser.usageError(QCoreApplication::translate("runs", "unexpected argument %1").arg(parser.positionalArguments().first()), err);
    int limit = -1;
    if (parser.isSet(limitOption)) {
        bool ok = false;
        limit = parser.value(limitOption).toInt(&ok);
        if (!ok || limit <= 0) {
            return parser.usageError(QCoreApplication::translate("runs", "--limit takes a positive number"), err);
        }
    }
    const QString path = parser.isSet(journalOption) ? parser.value(journalOption) : RunJournal::defaultPath();
    const bool idsOnly = parser.isSet(idsOption);
    if (!QFileInfo::exists(path)) {
        if (idsOnly)
            return 0;
        out << QCoreApplication::translate("runs", "no runs yet (no journal at %1)").arg(path) << Qt::endl;
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
    if (idsOnly) {
        for (const RunSummary& r : runs)
            out << r.id << '\n';
        out.flush();
        return 0;
    }
    if (runs.isEmpty()) {
        out << QCoreApplication::translate("runs", "no runs yet in %1").arg(path) << Qt::endl;
        return 0;
    }
    QList<QStringList> rows;
    rows << QStringList { QCoreApplication::translate("runs", "RUN"), QCoreApplication::translate("runs", "LABEL"),
        QCoreApplication::translate("runs", "RUNBOOK"), QCoreApplication::translate("runs", "CLUSTER"),
        QCoreApplication::translate("runs", "STARTED (UTC)"), QCoreApplication::translate("runs", "DURATION"),
        QCoreApplication::translate("runs", "OUTCOME") };
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
