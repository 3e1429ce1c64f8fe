// The command line's conventions, on the real binary: --help for the program and every command
// (stdout, exit 0), --version, an unknown first word is an error listing the commands (never a
// window), bad options exit 2 with the usage on stderr, results on stdout and problems on stderr,
// and runbooks found through the runbook search path.

#include "cli/commandline.h"
#include "consoledriver.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class TestCommandLine : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    ConsoleDriver m_driver;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        QVERIFY(m_driver.setUp(m_tmp.path()));
        m_driver.environment().insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        m_driver.environment().remove(QStringLiteral("RBC_RUNBOOK_PATH"));
    }

    void programHelp()
    {
        const CliResult r = m_driver.run({ QStringLiteral("--help") });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QString());
        for (const QString& c : CommandLine::commands())
            QVERIFY2(r.out.contains(QStringLiteral("\n  ") + c + QLatin1Char(' ')), qPrintable(c + QStringLiteral(" not in:\n") + r.out));
        QVERIFY(r.out.contains(QLatin1String("exit status:")));
    }

    void commandHelp_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("flag");
        for (const QString& c : CommandLine::commands()) {
            QTest::addRow("%s --help", qPrintable(c)) << c << QStringLiteral("--help");
            QTest::addRow("%s -h", qPrintable(c)) << c << QStringLiteral("-h");
        }
    }
    void commandHelp()
    {
        QFETCH(QString, command);
        QFETCH(QString, flag);
        const CliResult r = m_driver.run({ command, flag });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.err, QString());
        QVERIFY2(r.out.startsWith(QStringLiteral("usage: runbook-console ") + command), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("\noptions:\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("-h, --help")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("exit status: ")), qPrintable(r.out));
    }

    void version()
    {
        for (const QString& flag : { QStringLiteral("--version"), QStringLiteral("-v") }) {
            const CliResult r = m_driver.run({ flag });
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(QRegularExpression(QStringLiteral("^runbook-console \\d+\\.\\d+\\.\\d+\\n$")).match(r.out).hasMatch(), qPrintable(r.out));
            QCOMPARE(r.err, QString());
        }
    }

    void unknownFirstWordListsTheCommands()
    {
        // No display at all: the error must come from the command line, not from a window that cannot open.
        QProcessEnvironment saved = m_driver.environment();
        m_driver.environment().remove(QStringLiteral("QT_QPA_PLATFORM"));
        m_driver.environment().remove(QStringLiteral("DISPLAY"));
        m_driver.environment().remove(QStringLiteral("WAYLAND_DISPLAY"));
        const CliResult r = m_driver.run({ QStringLiteral("foo") });
        m_driver.environment() = saved;
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.out, QString());
        QVERIFY2(r.err.contains(QLatin1String("'foo' is not a command")), qPrintable(r.err));
        for (const QString& c : CommandLine::commands())
            QVERIFY2(r.err.contains(c), qPrintable(c));
        QVERIFY2(!r.err.contains(QLatin1String("platform plugin")), qPrintable(r.err));
    }

    void whatTheConsoleTakes()
    {
        // Decided without starting anything: a runbook (file, .yaml name or path) or options go to
        // the console; commands and any other word to the command line.
        const QString yaml = m_driver.writeRunbook(QStringLiteral("exists"), "runbook: x\n");
        QVERIFY(!CommandLine::handles({}));
        QVERIFY(!CommandLine::handles({ QStringLiteral("--inventory"), QStringLiteral("inv.yaml") }));
        QVERIFY(!CommandLine::handles({ yaml }));
        QVERIFY(!CommandLine::handles({ QStringLiteral("not-here.yaml") })); // the console says it is missing
        QVERIFY(!CommandLine::handles({ QStringLiteral("./some/runbook") }));
        QVERIFY(CommandLine::handles({ QStringLiteral("run") }));
        QVERIFY(CommandLine::handles({ QStringLiteral("--help") }));
        QVERIFY(CommandLine::handles({ QStringLiteral("--version") }));
        QVERIFY(CommandLine::handles({ QStringLiteral("foo") }));
        QVERIFY(CommandLine::handles({ QStringLiteral("exists") }));
        qputenv("RBC_RUNBOOK_PATH", QFileInfo(yaml).absolutePath().toLocal8Bit());
        QVERIFY(!CommandLine::handles({ QStringLiteral("exists") })); // found in the search path
        qunsetenv("RBC_RUNBOOK_PATH");
    }

    void badArgumentsExitTwoWithTheUsage_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown option") << QStringList { QStringLiteral("validate"), QStringLiteral("--bogus"), QStringLiteral("x.yaml") }
                                        << QStringLiteral("validate: Unknown option 'bogus'.");
        QTest::addRow("missing value") << QStringList { QStringLiteral("plan"), QStringLiteral("x.yaml"), QStringLiteral("--inventory") }
                                       << QStringLiteral("plan: Missing value after '--inventory'.");
        QTest::addRow("no runbook") << QStringList { QStringLiteral("run"), QStringLiteral("--inventory"), QStringLiteral("i.yaml") }
                                    << QStringLiteral("run: no runbook given");
        QTest::addRow("no inventory") << QStringList { QStringLiteral("forecast"), QStringLiteral("x.yaml") }
                                      << QStringLiteral("forecast: --inventory is required");
        QTest::addRow("which run") << QStringList { QStringLiteral("resume") } << QStringLiteral("resume: which run?");
        QTest::addRow("sandbox action") << QStringList { QStringLiteral("sandbox"), QStringLiteral("sideways") }
                                        << QStringLiteral("sandbox: say up, down or status");
        QTest::addRow("runs limit") << QStringList { QStringLiteral("runs"), QStringLiteral("--limit"), QStringLiteral("zero") }
                                    << QStringLiteral("runs: --limit takes a positive number");
        QTest::addRow("status watch") << QStringList { QStringLiteral("status"), QStringLiteral("--inventory"), QStringLiteral("i.yaml"),
            QStringLiteral("--watch=0") } << QStringLiteral("status: --watch takes");
    }
    void badArgumentsExitTwoWithTheUsage()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CliResult r = m_driver.run(args);
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        QCOMPARE(r.out, QString());
        QVERIFY2(r.err.startsWith(message), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("usage: runbook-console ") + args.first()), qPrintable(r.err));
    }

    void resultsOnStdoutProblemsOnStderr()
    {
        const QString good = m_driver.writeRunbook(QStringLiteral("good"), R"yaml(runbook: good
phases:
  - name: One
    steps:
      - id: hello
        manual: Say hello.
)yaml");
        const QString bad = m_driver.writeRunbook(QStringLiteral("bad"), "runbook: bad\nphases: [\n");
        const CliResult r = m_driver.run({ QStringLiteral("validate"), good, bad });
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(r.out, good + QStringLiteral(": ok (runbook)\n"));
        QVERIFY2(r.err.startsWith(bad + QLatin1Char(':')), qPrintable(r.err));
        QVERIFY(!r.err.contains(good));
    }

    void runbookSearchPath()
    {
        const QString shelf = m_tmp.filePath(QStringLiteral("shelf"));
        QVERIFY(QDir().mkpath(shelf));
        QFile::copy(m_driver.path(QStringLiteral("runbooks/good.yaml")), shelf + QStringLiteral("/shelved.yaml"));
        m_driver.environment().insert(QStringLiteral("RBC_RUNBOOK_PATH"), m_tmp.filePath(QStringLiteral("nothing")) + QLatin1Char(':') + shelf);
        const CliResult byName = m_driver.run({ QStringLiteral("validate"), QStringLiteral("shelved") });
        const CliResult withSuffix = m_driver.run({ QStringLiteral("validate"), QStringLiteral("shelved.yaml") });
        m_driver.environment().remove(QStringLiteral("RBC_RUNBOOK_PATH"));
        QVERIFY2(byName.exitCode == 0, qPrintable(byName.describe()));
        QCOMPARE(byName.out, shelf + QStringLiteral("/shelved.yaml: ok (runbook)\n"));
        QCOMPARE(withSuffix.out, byName.out);
        const CliResult gone = m_driver.run({ QStringLiteral("validate"), QStringLiteral("shelved") });
        QCOMPARE(gone.exitCode, 2);
        QVERIFY2(gone.err.startsWith(QLatin1String("shelved")), qPrintable(gone.err));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
