#include "cli/secretinput.h"

#include <QTextStream>
#include <cstdio>
#include <optional>
#include <termios.h>
#include <unistd.h>

std::optional<QString> readSecretLine(const QString& prompt, QTextStream& err)
{
    const bool tty = ::isatty(STDIN_FILENO);
    termios saved {};
    if (tty) {
        err << prompt << Qt::flush;
        ::tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    bool any = false;
    for (int c = std::getchar(); c != EOF; c = std::getchar()) {
        any = true;
        if (c == '\n')
            break;
        line.push_back(char(c));
    }
    if (tty) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        err << '\n' << Qt::flush;
    }
    if (!any)
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return QString::fromStdString(line);
}
