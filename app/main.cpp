// runbook-console: headless commands when argv[1] names one, otherwise the console window.
#include "cli/commandline.h"
#include "consoleapplication.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    if (argc > 1 && CommandLine::isCommand(QString::fromLocal8Bit(argv[1]))) {
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("runbook-console"));
        QCoreApplication::setOrganizationName(QStringLiteral("runbook-console"));
        return CommandLine::run(app.arguments().mid(1));
    }
    return runConsoleApplication(argc, argv);
}
