// runbook-console: headless commands when the arguments name one, otherwise the console window.
#include "cli/commandline.h"
#include "consoleapplication.h"
#include "core/translations.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <memory>

int main(int argc, char* argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (!CommandLine::handles(args))
        return runConsoleApplication(argc, argv);
    std::unique_ptr<QCoreApplication> app;
    if (CommandLine::needsGui(args)) {
        // Pictures need fonts, so a QGuiApplication; offscreen, so no display is needed.
        qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("runbook-console"));
    QCoreApplication::setOrganizationName(QStringLiteral("runbook-console"));
    Translations::install(app.get());
    return CommandLine::run(QCoreApplication::arguments().mid(1));
}
