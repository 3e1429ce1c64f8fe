#include "cli/commandparser.h"

#include <QCoreApplication>
#include <QTextStream>

CommandParser::CommandParser(QString name, QString usage, QString description, QString exitStatus)
    : m_name(std::move(name))
    , m_usage(std::move(usage))
    , m_description(std::move(description))
    , m_exitStatus(std::move(exitStatus))
    , m_help(QStringList { QStringLiteral("h"), QStringLiteral("help") },
          QCoreApplication::translate("CommandParser", "Show this help and exit."))
{
}

void CommandParser::addOption(const QCommandLineOption& option)
{
    m_options << option;
    m_parser.addOption(option);
}

void CommandParser::addOptions(const QList<QCommandLineOption>& options)
{
    for (const QCommandLineOption& o : options)
        addOption(o);
}

std::optional<int> CommandParser::parse(const QStringList& args, QTextStream& out, QTextStream& err)
{
    m_parser.addOption(m_help);
    if (!m_parser.parse(QStringList { QStringLiteral("runbook-console ") + m_name } + args)) {
        // Qt's own text, unless ours says the same in the user's language.
        const QStringList unknown = m_parser.unknownOptionNames();
        return usageError(unknown.size() == 1 ? QCoreApplication::translate("CommandParser", "Unknown option '%1'.").arg(unknown.first())
                                              : m_parser.errorText(),
            err);
    }
    if (m_parser.isSet(m_help)) {
        out << helpText();
        out.flush();
        return 0;
    }
    return std::nullopt;
}

int CommandParser::usageError(const QString& message, QTextStream& err) const
{
    err << m_name << ": " << message << '\n' << usageLine() << '\n';
    err.flush();
    return 2;
}

QString CommandParser::usageLine() const
{
    return QCoreApplication::translate("CommandParser", "usage: runbook-console %1").arg(m_usage);
}

QString CommandParser::helpText() const
{
    struct Row {
        QString names;
        QString description;
    };
    QList<Row> rows;
    int width = 0;
    for (const QCommandLineOption& o : m_options + QList<QCommandLineOption> { m_help }) {
        QStringList names;
        for (const QString& n : o.names())
            names << (n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n;
        QString text = names.join(QStringLiteral(", "));
        if (!o.valueName().isEmpty())
            text += QLatin1Char(' ') + o.valueName();
        width = std::max(width, int(text.size()));
        rows << Row { text, o.description() };
    }
    QString help = usageLine() + QStringLiteral("\n\n") + m_description + QStringLiteral("\n\n")
        + QCoreApplication::translate("CommandParser", "options:") + QLatin1Char('\n');
    for (const Row& r : rows)
        help += QStringLiteral("  %1  %2\n").arg(r.names, -width).arg(r.description);
    if (!m_exitStatus.isEmpty())
        help += QLatin1Char('\n') + QCoreApplication::translate("CommandParser", "exit status: %1").arg(m_exitStatus)
            + QLatin1Char('\n');
    return help;
}
