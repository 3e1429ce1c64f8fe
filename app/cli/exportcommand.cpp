#include "cli/exportcommand.h"

#include "journal/runexport.h"
#include "journal/runjournal.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

int runExportCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const QString usage = QStringLiteral(
        "usage: runbook-console export RUN [--compare RUN...] --format markdown|csv|json|svg [-o FILE] [--journal DB]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Export a journaled run (or compare several) for the wiki or a spreadsheet. RUN is a run id or \"last\"."));
    parser.addPositionalArgument(
        QStringLiteral("RUN"), QStringLiteral("A run id, an unambiguous prefix, or \"last\"."));
    const QCommandLineOption compareOption(QStringLiteral("compare"),
        QStringLiteral(
            "Compare with these runs: one duration column per run and each step's difference to the median."),
        QStringLiteral("RUN"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
        QStringLiteral("markdown, csv, json or svg (default: from -o's extension, else markdown)."),
        QStringLiteral("FORMAT"));
    const QCommandLineOption outputOption(QStringList { QStringLiteral("o"), QStringLiteral("output") },
        QStringLiteral("Write to FILE instead of standard output."), QStringLiteral("FILE"));
    const QCommandLineOption journalOption(QStringLiteral("journal"),
        QStringLiteral("The run journal (default %1).").arg(RunJournal::defaultPath()), QStringLiteral("DB"));
    parser.addOptions({ compareOption, formatOption, outputOption, journalOption });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("runbook-console export") } + args)) {
        err << parser.errorText() << "\n" << usage << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty()) {
        err << "export: which run? (a run id or \"last\")\n" << usage << Qt::endl;
        return 2;
    }
    // `--compare A B C`: the parser takes A as the option's value and B, C as positionals.
    QStringList others = parser.values(compareOption);
    if (!others.isEmpty())
        others += positional.mid(1);
    else if (positional.size() > 1) {
        err << "export: one run at a time, or several with --compare\n" << usage << Qt::endl;
        return 2;
    }

    const QString outputPath = parser.value(outputOption);
    QString formatName = parser.value(formatOption);
    if (formatName.isEmpty())
        formatName = outputPath.isEmpty() ? QStringLiteral("markdown") : QFileInfo(outputPath).suffix();
    const auto format = exportFormatFromName(formatName);
    if (!format) {
        err << "export: unknown format '" << formatName << "' (markdown, csv, json or svg)" << Qt::endl;
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
            err << "export: run " << detail->run.id << " is given twice" << Qt::endl;
            return 2;
        }
        seen << detail->run.id;
        runs << *detail;
    }
    const auto text = RunExport::render(runs, *format, {}, &error);
    if (!text) {
        err << "export: " << error << Qt::endl;
        return 2;
    }
    if (outputPath.isEmpty() || outputPath == QLatin1String("-")) {
        out << *text;
        out.flush();
        return 0;
    }
    // Written whole or not at all: a half-written export never replaces a good one.
    QSaveFile file(outputPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(text->toUtf8()) < 0 || !file.commit()) {
        err << "export: cannot write " << outputPath << ": " << file.errorString() << Qt::endl;
        return 1;
    }
    err << "wrote " << outputPath << Qt::endl;
    return 0;
}
