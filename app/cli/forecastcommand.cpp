#include "cli/forecastcommand.h"

#include "cli/commandparser.h"
#include "cli/runbookinputs.h"
#include "forecast/forecastbuilder.h"
#include "forecast/forecastexport.h"
#include "journal/runjournal.h"
#include "runbook/runbooksearchpath.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTextStream>

int runForecastCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    CommandParser parser(QStringLiteral("forecast"),
        QStringLiteral("forecast RUNBOOK --inventory INV [--journal DB] [--format text|markdown|json] [--all-clusters]"),
        QCoreApplication::translate("forecast",
            "Forecasts how long a runbook will take on a cluster, and its downtime, from its earlier runs\n"
            "in the journal (medians, p90, flags where the forecast is weak)."),
        QCoreApplication::translate("forecast", "0 printed, 2 invalid input."));
    const QCommandLineOption inventoryOption(QStringList { QStringLiteral("i"), QStringLiteral("inventory") },
        QCoreApplication::translate("forecast", "The inventory of the cluster to forecast for."), QStringLiteral("INV"));
    const QCommandLineOption journalOption(QStringLiteral("journal"),
        QCoreApplication::translate("cli", "The run journal (default %1).").arg(RunJournal::defaultPath()), QStringLiteral("DB"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
        QCoreApplication::translate("forecast", "text (default), markdown or json."), QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption allClustersOption(
        QStringLiteral("all-clusters"), QCoreApplication::translate("forecast", "Learn from runs on every cluster, not only this one."));
    parser.addOptions({ inventoryOption, journalOption, formatOption, allClustersOption });
    if (const auto code = parser.parse(args, out, err))
        return *code;
    const QStringList positional = parser.positionalArguments();
    if (!checkRunbookArguments(parser, positional, parser.isSet(inventoryOption), err))
        return 2;
    const QString format = parser.value(formatOption).toLower();
    if (format != QLatin1String("text") && format != QLatin1String("markdown") && format != QLatin1String("md")
        && format != QLatin1String("json")) {
        return parser.usageError(
            QCoreApplication::translate("forecast", "unknown format '%1' (text, markdown or json)").arg(parser.value(formatOption)), err);
    }

    // The forecast needs the runbook's steps and the inventory's cluster, not a runbook runnable on it.
    const QString runbookPath = RunbookSearchPath::resolve(positional.first());
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
