// The Debian package: CPack builds it from this build tree, it is unpacked into a scratch root, and
// what it installed is checked as a user's machine would use it: the unpacked binary runs and finds
// the shipped runbooks, the desktop entry and AppStream metainfo pass their validators, the icons
// are all there, the man page and the bash completion agree with every command's --help.

#include "journal/runjournal.h"
#include "syntheticruns.h"

#include <QDirIterator>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {
struct Ran {
    int code = -1;
    QString out;
    QString err;
};

Ran runProgram(const QString& program, const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
    const QString& workdir = {}, int timeoutMs = 120000)
{
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workdir.isEmpty())
        p.setWorkingDirectory(workdir);
    p.start(program, args);
    Ran r;
    if (!p.waitForStarted(10000)) {
        r.err = program + QStringLiteral(": ") + p.errorString();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = program + QStringLiteral(": timed out");
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// The options a command's --help lists ("--inventory", "-i", ...).
QStringList optionsInHelp(const QString& help)
{
    QStringList options;
    bool inOptions = false;
    for (const QString& line : help.split(QLatin1Char('\n'))) {
        if (line == QLatin1String("options:")) {
            inOptions = true;
            continue;
        }
        if (!inOptions || !line.startsWith(QLatin1String("  ")))
            continue;
        static const QRegularExpression option(QStringLiteral("(?:^|,\\s)(--?[a-z][a-z-]*)"));
        const QString names = line.trimmed().section(QStringLiteral("  "), 0, 0);
        for (auto it = option.globalMatch(names); it.hasNext();)
            options << it.next().captured(1);
    }
    return options;
}
} // namespace

class TestPackage : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_scratch;
    QTemporaryDir m_emptyDir; // where completion runs unless told: no file there to offer
    QString m_deb;
    QString m_root;
    QString m_binary;
    QProcessEnvironment m_env; // the unpacked tree's binary first; no other runbooks on the search path

    QStringList commands()
    {
        const Ran help = runProgram(m_binary, { QStringLiteral("--help") }, m_env);
        QStringList names;
        bool inCommands = false;
        for (const QString& line : help.out.split(QLatin1Char('\n'))) {
            if (line == QLatin1String("commands:"))
                inCommands = true;
            else if (inCommands && line.startsWith(QLatin1String("  ")))
                names << line.trimmed().section(QLatin1Char(' '), 0, 0);
            else if (inCommands)
                break;
        }
        return names;
    }

    // What the completion offers for a command line whose last word is being typed.
    QStringList complete(const QStringList& words, const QString& workdir = {})
    {
        QStringList quoted;
        for (const QString& w : words)
            quoted << QLatin1Char('\'') + QString(w).replace(QLatin1Char('\''), QLatin1String("'\\''")) + QLatin1Char('\'');
        const QString script = QStringLiteral("source '%1' || exit 9\n"
                                              "COMP_WORDS=(%2); COMP_CWORD=%3; COMP_LINE=\"${COMP_WORDS[*]}\"\n"
                                              "_runbook_console\n"
                                              "printf '%s\\n' \"${COMPREPLY[@]}\"\n")
                                   .arg(m_root + QStringLiteral("/usr/share/bash-completion/completions/runbook-console"),
                                       quoted.join(QLatin1Char(' ')))
                                   .arg(words.size() - 1);
        const Ran r = runProgram(QStringLiteral("bash"), { QStringLiteral("--norc"), QStringLiteral("-c"), script }, m_env,
            workdir.isEmpty() ? m_emptyDir.path() : workdir);
        if (r.code != 0)
            qWarning() << "completion failed:" << r.code << r.err;
        QStringList offered = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        offered.sort();
        return offered;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_scratch.isValid());
        // CPack installs this build tree into a staging directory of its own and packs it.
        const Ran cpack = runProgram(QStringLiteral("cpack"),
            { QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("--config"), QStringLiteral(RBC_BUILD_DIR "/CPackConfig.cmake"),
                QStringLiteral("-B"), m_scratch.filePath(QStringLiteral("out")) },
            QProcessEnvironment::systemEnvironment(), m_scratch.path(), 300000);
        QVERIFY2(cpack.code == 0, qPrintable(cpack.out + cpack.err));
        const QStringList debs = QDir(m_scratch.filePath(QStringLiteral("out"))).entryList({ QStringLiteral("*.deb") });
        QCOMPARE(debs.size(), 1);
        m_deb = m_scratch.filePath(QStringLiteral("out/") + debs.first());
        m_root = m_scratch.filePath(QStringLiteral("root"));
        const Ran unpack = runProgram(QStringLiteral("dpkg-deb"), { QStringLiteral("-x"), m_deb, m_root });
        QVERIFY2(unpack.code == 0, qPrintable(unpack.err));
        m_binary = m_root + QStringLiteral("/usr/bin/runbook-console");
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("PATH"), m_root + QStringLiteral("/usr/bin:") + m_env.value(QStringLiteral("PATH")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_scratch.filePath(QStringLiteral("no-data")));
        m_env.insert(QStringLiteral("XDG_DATA_DIRS"), m_scratch.filePath(QStringLiteral("no-data")));
        m_env.remove(QStringLiteral("RBC_RUNBOOK_PATH"));
        m_env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
    }

    void controlFields()
    {
        const Ran fields = runProgram(QStringLiteral("dpkg-deb"), { QStringLiteral("-f"), m_deb, QStringLiteral("Package"),
                                                                     QStringLiteral("Version"), QStringLiteral("Depends") });
        QCOMPARE(fields.code, 0);
        QVERIFY2(fields.out.contains(QLatin1String("Package: runbook-console")), qPrintable(fields.out));
        QVERIFY2(fields.out.contains(QLatin1String("Version: " RBC_VERSION_TEXT)), qPrintable(fields.out));
        // From dpkg-shlibdeps (the libraries the binary links) and from us (what it loads or runs).
        for (const char* dep : { "libqt6core6", "libqt6widgets6", "libpq5", "libyaml-cpp0.7", "libqt6keychain1", "libc6",
                 "libqt6sql6-sqlite", "qt6-qpa-plugins", "openssh-client" })
            QVERIFY2(fields.out.contains(QLatin1String(dep)), qPrintable(QStringLiteral("no %1 in %2").arg(QLatin1String(dep), fields.out)));
    }

    void unpackedBinaryRuns()
    {
        const Ran version = runProgram(m_binary, { QStringLiteral("--version") }, m_env);
        QCOMPARE(version.code, 0);
        QCOMPARE(version.out.trimmed(), QStringLiteral("runbook-console " RBC_VERSION_TEXT));
        QVERIFY(version.err.isEmpty());
    }

    void installedRunbooksAreFoundAndValid()
    {
        const QString shipped = m_root + QStringLiteral("/usr/share/runbook-console/runbooks");
        // Every file of runbooks/ is installed.
        QStringList source;
        for (QDirIterator it(QStringLiteral(RBC_SOURCE_DIR "/runbooks"), QDir::Files, QDirIterator::Subdirectories); it.hasNext();)
            source << it.next().mid(int(qstrlen(RBC_SOURCE_DIR "/runbooks/")));
        QStringList installed;
        for (QDirIterator it(shipped, QDir::Files, QDirIterator::Subdirectories); it.hasNext();)
            installed << it.next().mid(shipped.size() + 1);
        source.sort();
        installed.sort();
        QVERIFY(!source.isEmpty());
        QCOMPARE(installed, source);
        // With the library the shipped runbooks include, where their `include:` finds it.
        QVERIFY(installed.contains(QStringLiteral("lib/server-left-behind.yaml")));

        // By name, from a directory that has no such file: found beside the binary.
        const QString elsewhere = m_scratch.filePath(QStringLiteral("elsewhere"));
        QVERIFY(QDir().mkpath(elsewhere));
        const Ran byName = runProgram(m_binary, { QStringLiteral("validate"), QStringLiteral("pg-upgrade-link.yaml"),
                                                     QStringLiteral("logical-replication-move") }, m_env, elsewhere);
        QVERIFY2(byName.code == 0, qPrintable(byName.err));
        QVERIFY2(byName.out.contains(shipped + QStringLiteral("/pg-upgrade-link.yaml: ok (runbook)")), qPrintable(byName.out));
        QVERIFY2(byName.out.contains(shipped + QStringLiteral("/logical-replication-move.yaml: ok (runbook)")), qPrintable(byName.out));
        // And by path, every one of them.
        QStringList paths;
        for (const QString& f : installed)
            paths << shipped + QLatin1Char('/') + f;
        const Ran all = runProgram(m_binary, QStringList { QStringLiteral("validate") } + paths, m_env, elsewhere);
        QVERIFY2(all.code == 0, qPrintable(all.err));
        const qsizetype libraries = installed.filter(QRegularExpression(QStringLiteral("^lib/"))).size();
        QVERIFY(libraries > 0);
        QCOMPARE(all.out.count(QStringLiteral(": ok (library)")), libraries);
        QCOMPARE(all.out.count(QStringLiteral(": ok (runbook)")), paths.size() - libraries);
        // A name found nowhere is an error naming what was typed.
        const Ran missing = runProgram(m_binary, { QStringLiteral("validate"), QStringLiteral("no-such-runbook.yaml") }, m_env, elsewhere);
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains(QLatin1String("no-such-runbook.yaml")), qPrintable(missing.err));
    }

    void desktopEntryAndMetainfoValidate()
    {
        const QString desktop = m_root + QStringLiteral("/usr/share/applications/" RBC_APP_ID ".desktop");
        QVERIFY(QFileInfo::exists(desktop));
        const Ran d = runProgram(QStringLiteral("desktop-file-validate"), { desktop });
        QVERIFY2(d.code == 0 && d.out.trimmed().isEmpty(), qPrintable(d.out + d.err));

        const QString metainfo = m_root + QStringLiteral("/usr/share/metainfo/" RBC_APP_ID ".metainfo.xml");
        QVERIFY(QFileInfo::exists(metainfo));
        const Ran a = runProgram(QStringLiteral("appstreamcli"), { QStringLiteral("validate"), QStringLiteral("--no-net"),
                                                                     QStringLiteral("--pedantic"), metainfo });
        QVERIFY2(a.code == 0, qPrintable(a.out + a.err));
        QFile f(metainfo);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString xml = QString::fromUtf8(f.readAll());
        QVERIFY(xml.contains(QLatin1String("<screenshot type=\"default\">")));
        QVERIFY(xml.contains(QLatin1String("docs/images/console.png</image>")));
        QVERIFY(xml.contains(QLatin1String("<launchable type=\"desktop-id\">" RBC_APP_ID ".desktop</launchable>")));
        QVERIFY(QFileInfo::exists(QStringLiteral(RBC_SOURCE_DIR "/docs/images/console.png")));
    }

    void icons()
    {
        const QString hicolor = m_root + QStringLiteral("/usr/share/icons/hicolor/");
        QVERIFY(QFileInfo::exists(hicolor + QStringLiteral("scalable/apps/" RBC_APP_ID ".svg")));
        for (int size : { 16, 22, 24, 32, 48, 64, 128, 256 }) {
            const QImage png(hicolor + QStringLiteral("%1x%1/apps/" RBC_APP_ID ".png").arg(size));
            QVERIFY2(!png.isNull(), qPrintable(QString::number(size)));
            QCOMPARE(png.size(), QSize(size, size));
            QVERIFY(png.hasAlphaChannel());
            QVERIFY(png.pixelColor(size / 2, size / 2).alpha() > 0); // something was drawn
        }
    }

    void manPageCoversEveryCommandAndOption()
    {
        const QString gz = m_root + QStringLiteral("/usr/share/man/man1/runbook-console.1.gz");
        const Ran zcat = runProgram(QStringLiteral("gzip"), { QStringLiteral("-dc"), gz });
        QCOMPARE(zcat.code, 0);
        // groff reads it without a warning.
        QProcess groff;
        groff.start(QStringLiteral("groff"), { QStringLiteral("-man"), QStringLiteral("-ww"), QStringLiteral("-z") });
        QVERIFY(groff.waitForStarted());
        groff.write(zcat.out.toUtf8());
        groff.closeWriteChannel();
        QVERIFY(groff.waitForFinished());
        QCOMPARE(groff.exitCode(), 0);
        QCOMPARE(QString::fromUtf8(groff.readAllStandardError()), QString());

        QString man = zcat.out;
        man.replace(QLatin1String("\\-"), QLatin1String("-"));
        const QStringList names = commands();
        QVERIFY2(names.size() >= 10, qPrintable(names.join(QLatin1Char(' '))));
        for (const QString& command : names) {
            QVERIFY2(man.contains(QRegularExpression(QStringLiteral("\\.(B|BI) \"?") + command + QStringLiteral("\\b"))),
                qPrintable(QStringLiteral("the man page has no entry for %1").arg(command)));
            const Ran help = runProgram(m_binary, { command, QStringLiteral("--help") }, m_env);
            QCOMPARE(help.code, 0);
            QVERIFY2(help.err.isEmpty(), qPrintable(help.err));
            QVERIFY2(help.out.startsWith(QStringLiteral("usage: runbook-console ") + command), qPrintable(help.out));
            QVERIFY2(help.out.contains(QLatin1String("exit status:")), qPrintable(help.out));
            for (const QString& option : optionsInHelp(help.out)) {
                if (option.size() == 2)
                    continue; // -i, -o, -h: their long forms are what the page names
                QVERIFY2(man.contains(option), qPrintable(QStringLiteral("%1 %2 is not in the man page").arg(command, option)));
            }
        }
        for (const char* section : { "EXIT STATUS", "STANDARD OUTPUT AND STANDARD ERROR", "RUNBOOK SEARCH PATH", "SSH", "PASSWORDS" })
            QVERIFY2(man.contains(QLatin1String(section)), section);
    }

    void completionOffersCommandsOptionsRunsAndFiles()
    {
        // Commands, and the shipped runbooks by name.
        QCOMPARE(complete({ QStringLiteral("runbook-console"), QStringLiteral("r") }),
            (QStringList { QStringLiteral("resume"), QStringLiteral("rollback"), QStringLiteral("run"), QStringLiteral("runs") }));
        QCOMPARE(complete({ QStringLiteral("runbook-console"), QStringLiteral("validate"), QStringLiteral("pg-") }),
            QStringList { QStringLiteral("pg-upgrade-link.yaml") });

        // Each command's options are exactly those its --help lists.
        for (const QString& command : commands()) {
            const Ran help = runProgram(m_binary, { command, QStringLiteral("--help") }, m_env);
            QStringList expected = optionsInHelp(help.out);
            expected.sort();
            QCOMPARE(complete({ QStringLiteral("runbook-console"), command, QStringLiteral("-") }), expected);
        }
        QCOMPARE(complete({ QStringLiteral("runbook-console"), QStringLiteral("password"), QString() }),
            (QStringList { QStringLiteral("forget"), QStringLiteral("set") }));
        QCOMPARE(complete({ QStringLiteral("runbook-console"), QStringLiteral("sandbox"), QString() }),
            (QStringList { QStringLiteral("down"), QStringLiteral("status"), QStringLiteral("up") }));
        QCOMPARE(complete({ QStringLiteral("runbook-console"), QStringLiteral("export"), QStringLiteral("--format"), QString() }),
            (QStringList { QStringLiteral("csv"), QStringLiteral("json"), QStringLiteral("markdown"), QStringLiteral("png"), QStringLiteral("svg") }));

        // Run ids, from the journal the line names.
        const QString journalPath = m_scratch.filePath(QStringLiteral("journal.sqlite"));
        QStringList ids;
        {
            RunJournal journal;
            QString error;
            QVERIFY2(journal.open(journalPath, &error), qPrintable(error));
            for (int i = 0; i < 2; ++i) {
                SyntheticRun run;
                run.startedAt = QDateTime::currentDateTimeUtc().addSecs(-600 + i * 60);
                run.steps << SyntheticStep { QStringLiteral("Phase"), QStringLiteral("one"), 100 };
                ids << writeSynthetic(journal, run);
                QVERIFY(!ids.last().isEmpty());
            }
        }
        ids << QStringLiteral("last");
        ids.sort();
        QCOMPARE(complete({ QStringLiteral("runbook-console"), QStringLiteral("export"), QStringLiteral("--journal"), journalPath, QString() }), ids);
        QCOMPARE(complete({ QStringLiteral("runbook-console"), QStringLiteral("rollback"), QStringLiteral("--journal"), journalPath, QString() }), ids);

        // Files: YAML and directories for runbooks and inventories.
        const QString files = m_scratch.filePath(QStringLiteral("files"));
        QVERIFY(QDir().mkpath(files + QStringLiteral("/sub")));
        for (const char* name : { "cluster.yaml", "notes.txt", "plan.yml" }) {
            QFile f(files + QLatin1Char('/') + QLatin1String(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        QCOMPARE(complete({ QStringLiteral("runbook-console"), QStringLiteral("run"), QStringLiteral("pg-upgrade-link.yaml"),
                     QStringLiteral("--inventory"), QString() }, files),
            (QStringList { QStringLiteral("cluster.yaml"), QStringLiteral("plan.yml"), QStringLiteral("sub") }));
    }
};

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
