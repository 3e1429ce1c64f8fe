#include "cli/exportcommand.h"

#include "cli/commandparser.h"
#include "journal/runjournal.h"
#include "report/runreport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

namespace {
struct ExportOptions {
    QCommandLineOption compare { QStringLiteral("compare"),
        QCoreApplication::translate("export", "Compare with these runs: the change-request comparison, or a Gantt with one lane per run."),
        QStringLiteral("RUN") };
    QCommandLineOption format { QStringLiteral("format"),
        QCoreApplication::translate("export", "markdown, csv, json, svg or png (default: from -o's extension, else markdown)."),
        QStringLiteral("FORMAT") };
    QCommandLineOption output { QStringList { QStringLiteral("o"), QStringLiteral("output") },
        QCoreApplication::translate("export", "Write to FILE instead of standard output."), QStringLiteral("FILE") };
    QCommandLineOption journal { QStringLiteral("journal"),
        QCoreApplication::translate("cli", "The run journal (default %1).").arg(RunJournal::defaultPath()), QStringLiteral("DB") };
};

QString formatNameOf(const QCommandLineParser& parser, const ExportOptions& o)
{
    const QString outputPath = parser.value(o.output);
    const QString name = parser.value(o.format);
    if (!name.isEmpty())
        return name;
    return outputPath.isEmpty() || outputPath == QLatin1String("-") ? QStringLiteral("markdown") : QFileInfo(outputPath).suffix();
}
} // namespace

bool exportNeedsGui(const QStringList& args)
{
    QCommandLineParser parser;
    const ExportOptions o;
    parser.addOptions({ o.compare, o.format, o.output, o.journal });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("runbook-console export") } + args))
        return false;
    const auto format = exportFormatFromName(formatNameOf(parser, o));
    return format && isPicture(*format);
}

int runExportCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    CommandParser parser(QStringLiteral("export"),
        QStringLiteral("export RUN [--compare RUN...] --format markdown|csv|json|svg|png [-o FILE] [--journal DB]"),
        QCoreApplication::translate("export",
            "Exports a journaled run (RUN: a run id, a unique prefix of one, or \"last\"), or compares several,\n"
            "for the wiki or a spreadsheet; svg and png draw the Gantt picture. Opens the journal read-only."),
        QCoreApplication::translate("export", "0 exported, 1 the file could not be written, 2 invalid input."));
    const ExportOptions options;
    const QCommandLineOption& compareOption = options.compare;
    const QCommandLineOption& outputOption = options.output;
    const QCommandLineOption& journalOption = options.journal;
    parser.addOptions({ options.compare, options.format, options.output, options.journal });
    if (const auto code = parser.parse(args, out, err))
        return *code;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        return parser.usageError(QCoreApplication::translate("run", "which run? (a run id or \"last\")"), err);
    }
    // `--compare A B C`: the parser takes A as the option's value and B, C as positionals.
    QStringList others = parser.values(compareOption);
    if (!others.isEmpty())
        others += positional.mid(1);
    else if (positional.size() > 1) {
        return parser.usageError(QCoreApplication::translate("export", "one run at a time, or several with --compare"), err);
    }

    const QString outputPath = parser.value(outputOption);
    const QString formatName = formatNameOf(parser.parser(), options);
    const auto format = exportFormatFromName(formatName);
    if (!format) {
        err << QCoreApplication::translate("export", "export: unknown format '%1' (markdown, csv, json, svg or png)").arg(formatName) << Qt::endl;
        return 2;
    }
    const bool toStdout = outputPath.isEmpty() || outputPath == QLatin1String("-");
    if (*format == ExportFormat::Png && toStdout) {
        err << QCoreApplication::translate("export", "export: png is binary: give -o FILE") << Qt::endl;
        return 2;
    }

    const QString path = parser.isSet(journalOption) ? parser.value(journalOption) : RunJournal::defaultPath();
    RunJournal journal;
    QString error;
    if (!journal.open(path, &error, RunJournal::OpenMode::ReadOnly)) {
        err << "export: " << error << Qt::endl;
        return 2;
    }
    QList<RunDetail> runs;
    QStringList seen;
    for (const QString& wanted : QStringList { positional.first() } + others) {
        auto detail = journal.run(wanted, &error);
        if (!detail) {
            err << "export: " << error << Qt::endl;
            return 2;
        }
        if (seen.contains(detail->run.id)) {
            err << QCoreApplication::translate("export", "export: run %1 is given twice").arg(detail->run.id) << Qt::endl;
            return 2;
        }
        seen << detail->run.id;
        runs << *detail;
    }
    ReportOptions report;
    // A comparison (or a picture) shows the forecast the newest run was measured against.
    if (runs.size() > 1 || isPicture(*format))
        report.forecast = RunReport::forecastFor(journal, runs);
    const auto bytes = RunReport::render(runs, *format, report, &error);
    if (!bytes) {
        err << "export: " << error << Qt::endl;
        return 2;
    }
    if (toStdout) {
        out << QString::fromUtf8(*bytes);
        out.flush();
        return 0;
    }
    // Written whole or not at all: a half-written export never replaces a good one.
    QSaveFile file(outputPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(*bytes) != bytes->size() || !file.commit()) {
        err << QCoreApplication::translate("export", "export: cannot write %1: %2").arg(outputPath, file.errorString()) << Qt::endl;
        return 1;
    }
    err << QCoreApplication::translate("export", "wrote %1").arg(outputPath) << Qt::endl;
    return 0;
}
