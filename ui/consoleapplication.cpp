#include "consoleapplication.h"

#include "core/translations.h"
#include "mainwindow.h"
#include "runbook/runbooksearchpath.h"

#include <QApplication>
#include <QIcon>
#include <QCommandLineParser>

int runConsoleApplication(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("runbook-console"));
    QApplication::setOrganizationName(QStringLiteral("runbook-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("Runbook Console"));
    Translations::install(&app);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/runbook-console.svg")));
    // Desktop shells match the window to its desktop entry (and so to its installed icon) by this name.
    QGuiApplication::setDesktopFileName(QStringLiteral(RBC_APP_ID));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("console", "Walks a PostgreSQL upgrade, move or schema change step by step."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("runbook"), QCoreApplication::translate("console", "Runbook YAML to open."), QStringLiteral("[RUNBOOK]"));
    const QCommandLineOption inventoryOption(QStringLiteral("inventory"), QCoreApplication::translate("console", "Inventory YAML of the cluster."), QStringLiteral("INV"));
    parser.addOption(inventoryOption);
    const QCommandLineOption journalOption(QStringLiteral("journal"), QCoreApplication::translate("console", "Run journal (SQLite) to record into and read history from."), QStringLiteral("DB"));
    parser.addOption(journalOption);
    parser.process(app);

    MainWindow window;
    if (parser.isSet(journalOption))
        window.setJournalPath(parser.value(journalOption));
    window.openFiles(RunbookSearchPath::resolve(parser.positionalArguments().value(0)), parser.value(inventoryOption));
    window.show();
    return app.exec();
}
