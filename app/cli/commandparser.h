#pragma once
// What every command of the command line shares: its usage line, what it does, its options, its
// exit status, `--help` (on stdout, exit 0) and the error for arguments it cannot take (on
// stderr with the usage line, exit 2). The same text feeds the man page's consistency test.

#include <QCommandLineParser>
#include <QList>
#include <optional>

class QTextStream;

class CommandParser {
public:
    // name: the command ("run"); usage: its synopsis after "runbook-console"; description: one
    // or two sentences; exitStatus: what its exit codes mean.
    CommandParser(QString name, QString usage, QString description, QString exitStatus);

    void addOption(const QCommandLineOption& option);
    void addOptions(const QList<QCommandLineOption>& options);

    // nullopt: go on with the command. Otherwise the exit code: 0 after --help, 2 when the
    // arguments do not parse.
    std::optional<int> parse(const QStringList& args, QTextStream& out, QTextStream& err);
    // "NAME: message" and the usage line on stderr; returns 2 (invalid input).
    int usageError(const QString& message, QTextStream& err) const;

    const QCommandLineParser& parser() const { return m_parser; }
    bool isSet(const QCommandLineOption& option) const { return m_parser.isSet(option); }
    QString value(const QCommandLineOption& option) const { return m_parser.value(option); }
    QStringList values(const QCommandLineOption& option) const { return m_parser.values(option); }
    QStringList positionalArguments() const { return m_parser.positionalArguments(); }

    QString usageLine() const;
    QString helpText() const;

private:
    QString m_name;
    QString m_usage;
    QString m_description;
    QString m_exitStatus;
    QList<QCommandLineOption> m_options;
    QCommandLineOption m_help;
    QCommandLineParser m_parser;
};
