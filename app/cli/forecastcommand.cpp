#include "cli/forecastcommand.h"

#include "forecast/forecastbuilder.h"
#include "forecast/forecastexport.h"
#include "journal/runjournal.h"
#include "cli/runbookinputs.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QTextStream>

int runForecastCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    const QString usage = QStringLiteral("usage: runbook-console forecast RUNBOOK --inventory INV [--journal DB] "
                                         "[--format text|markdown|json] [--all-clusters]");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Forecast how long a runbook will take on a cluster, and its downtime, from its earlier runs."));
    parser.addPositionalArgument(QStringLiteral("RUNBOOK"), QStringLiteral("The runbook file."));
    const QCommandLineOption inventoryOption(QStringList { QStringLiteral("inventory"), QStringLiteral("i") },
        QStringLiteral("The inventory of the cluster to forecast for."), QStringLiteral("INV"));
    const QCommandLineOption journalOption(QStringLiteral("journal"),
        QStringLiteral("The run journal (default %1).").arg(RunJournal::defaultPath()), QStringLiteral("DB"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
        QStringLiteral("text (default), markdown or json."), QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption allClustersOption(
        QStringLiteral("all-clusters"), QStringLiteral("Learn from runs on every cluster, not only this one."));
    parser.addOptions({ inventoryOption, journalOption, formatOption, allClustersOption });
    parser.addHelpOption();
    if (!parser.parse(QStringList { QStringLiteral("runbook-console forecast") } + args)) {
        err << "forecast: " << parser.errorText() << '\n' << usage << Qt::endl;
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (!checkRunbookArguments(QStringLiteral("forecast"), positional, parser.isSet(inventoryOption), usage, err))
        return 2;
    const QString format = parser.value(formatOption).toLower();
    if (format != QLatin1String("text") && format != QLatin1String("markdown") && format != QLatin1String("md")
        && format != QLatin1String("json")) {
        err << "forecast: unknown format '" << parser.value(formatOption) << "' (text, markdown or json)" << Qt::endl;
        return 2;
    }

    // The forecast needs the runbook's steps and the inventory's cluster, not a runbook runnable on it.
    const QString runbookPath = positional.first();
    const auto inputs = readRunbookInputs(runbookPath, parser.value(inventoryOption), false, err);
    if (!inputs)
        return 2;
    const Runbook& runbook = *inputs->runbook.runbook;

    ForecastQuery query;
    query.runbookDigest = RunJournal::fileDigest(runbookPath);
    query.cluster = inputs->inventory.inventory->cluster;
    query.allClusters = parser.isSet(allClustersOption);
    const ForecastPlan plan = ForecastPlan::fromRunbook(runbook);

    // No journal yet is no history, not an error: the forecast then says every step is unrehearsed.
    const QString path = parser.isSet(journalOption) ? parser.value(journalOption) : RunJournal::defaultPath();
    Forecast forecast = Forecast::compute(plan, {}, query);
    if (QFileInfo::exists(path)) {
        RunJournal journal;
        QString error;
        if (!journal.open(path, &error, RunJournal::OpenMode::MustExist)) {
            err << "forecast: " << error << Qt::endl;
            return 2;
        }
        forecast = ForecastBuilder::build(journal, plan, query, &error);
        if (!error.isEmpty())
            err << "forecast: " << error << Qt::endl;
    }
    if (format == QLatin1String("json"))
        out << ForecastExport::json(forecast);
    else if (format == QLatin1String("text"))
        out << ForecastExport::text(forecast);
    else
        out << ForecastExport::markdown(forecast);
    out.flush();
    return 0;
}
