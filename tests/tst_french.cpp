// The console in French: the real binary under a French environment (LANG, LC_ALL or LANGUAGE, as
// Qt reads them, whether or not the machine has that locale generated) prints its help, usage
// errors and validation messages in French; English stays the default and wins when preferred
// first; and the shipped translation is complete: every string the sources mark for translation
// (lupdate over app/ and ui/) is translated, with the same placeholders.

#include "consoledriver.h"
#include "core/translations.h"

#include <QLibraryInfo>
#include <QStandardPaths>
#include <QTranslator>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

namespace {

const QString kTs = QStringLiteral(RBC_SOURCE_DIR "/resources/translations/runbook-console_fr.ts");

QStringList placeholders(const QString& text)
{
    QStringList found;
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    for (auto it = re.globalMatch(text); it.hasNext();)
        found << it.next().captured(0);
    found.removeDuplicates();
    found.sort();
    return found;
}


struct TsMessage {
    QString source;
    bool numerus = false;
    QString type; // "unfinished", "vanished", "obsolete" or empty
    QStringList forms;
};

// The messages of a Qt Linguist .ts file.
QList<TsMessage> readTs(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<TsMessage> messages;
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("message")) {
            messages.append(TsMessage {});
            messages.last().numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (xml.name() == QLatin1String("source") && !messages.isEmpty()) {
            messages.last().source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation") && !messages.isEmpty()) {
            TsMessage& m = messages.last();
            m.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!m.numerus)
                m.forms << xml.readElementText();
        } else if (xml.name() == QLatin1String("numerusform") && !messages.isEmpty()) {
            messages.last().forms << xml.readElementText();
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

} // namespace

class TestFrench : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    ConsoleDriver m_driver;

    // A French environment of one of the kinds a DBA's session may have.
    CliResult runIn(const QString& variable, const QString& value, const QStringList& args)
    {
        QProcessEnvironment saved = m_driver.environment();
        for (const char* v : { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" })
            m_driver.environment().remove(QString::fromLatin1(v));
        m_driver.environment().insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
        m_driver.environment().insert(variable, value);
        const CliResult r = m_driver.run(args);
        m_driver.environment() = saved;
        return r;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        QVERIFY(m_driver.setUp(m_tmp.path()));
        m_driver.environment().remove(QStringLiteral("RBC_RUNBOOK_PATH"));
    }

    void languageFromTheLocale_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("language");
        QTest::addRow("fr_FR") << QStringLiteral("fr_FR") << QStringLiteral("fr");
        QTest::addRow("fr_CA") << QStringLiteral("fr_CA") << QStringLiteral("fr");
        QTest::addRow("fr_BE") << QStringLiteral("fr_BE") << QStringLiteral("fr");
        QTest::addRow("en_US") << QStringLiteral("en_US") << QStringLiteral("en");
        QTest::addRow("de_DE, no translation") << QStringLiteral("de_DE") << QStringLiteral("en");
        QTest::addRow("C") << QStringLiteral("C") << QStringLiteral("en");
    }
    void languageFromTheLocale()
    {
        QFETCH(QString, locale);
        QFETCH(QString, language);
        QCOMPARE(Translations::languageFor(QLocale(locale)), language);
    }

    void programHelpInFrench_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addRow("LANG") << QStringLiteral("LANG") << QStringLiteral("fr_FR.UTF-8");
        QTest::addRow("LC_ALL") << QStringLiteral("LC_ALL") << QStringLiteral("fr_FR.UTF-8");
        QTest::addRow("LC_MESSAGES") << QStringLiteral("LC_MESSAGES") << QStringLiteral("fr_FR.UTF-8");
        QTest::addRow("LANGUAGE") << QStringLiteral("LANGUAGE") << QStringLiteral("fr");
        QTest::addRow("LANGUAGE fr_CA:en") << QStringLiteral("LANGUAGE") << QStringLiteral("fr_CA:en");
    }
    void programHelpInFrench()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        const CliResult r = runIn(variable, value, { QStringLiteral("--help") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.err, QString());
        QVERIFY2(r.out.startsWith(QLatin1String("usage : runbook-console [RUNBOOK]")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("ouvre la console")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("\ncommandes :\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("code de sortie : 0 succès")), qPrintable(r.out));
        QVERIFY2(!r.out.contains(QLatin1String("exit status")), qPrintable(r.out));
    }

    void commandHelpInFrench()
    {
        const CliResult r = runIn(QStringLiteral("LANG"), QStringLiteral("fr_FR.UTF-8"), { QStringLiteral("validate"), QStringLiteral("--help") });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(r.err, QString());
        QVERIFY2(r.out.startsWith(QLatin1String("usage : runbook-console validate")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("Vérifie des fichiers de runbook et d'inventaire.")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("\noptions :\n")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("-h, --help")), qPrintable(r.out)); // options keep their names
        QVERIFY2(r.out.contains(QLatin1String("Affiche cette aide et quitte.")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("code de sortie : 0 tous les fichiers sont valides")), qPrintable(r.out));
    }

    void failingValidateInFrench()
    {
        const QString bad = m_driver.writeRunbook(QStringLiteral("mauvais"),
            "runbook: essai\n"
            "phases:\n"
            "  - name: bascule\n"
            "    steps:\n"
            "      - id: attente\n"
            "        wait:\n"
            "          sql: SELECT true\n"
            "        on: db1\n"
            "        timeout: 5x\n");
        QVERIFY(!bad.isEmpty());
        const CliResult r = runIn(QStringLiteral("LANG"), QStringLiteral("fr_FR.UTF-8"), { QStringLiteral("validate"), bad });
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        QCOMPARE(r.out, QString());
        // Positions stay machine-readable (file:line:col:), the message is French.
        QVERIFY2(r.err.contains(bad + QStringLiteral(":9:18: 'timeout': durée invalide '5x' : unité inconnue à 'x'")), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("bad duration")), qPrintable(r.err));

        // The same file in English, to be sure the French came from the environment.
        const CliResult en = runIn(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"), { QStringLiteral("validate"), bad });
        QCOMPARE(en.exitCode, 2);
        QVERIFY2(en.err.contains(bad + QStringLiteral(":9:18: 'timeout': bad duration '5x'")), qPrintable(en.err));
    }

    void usageErrorInFrench()
    {
        const CliResult r = runIn(QStringLiteral("LC_ALL"), QStringLiteral("fr_FR.UTF-8"), { QStringLiteral("validate") });
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        QVERIFY2(r.err.startsWith(QStringLiteral("validate: aucun fichier donné\nusage : runbook-console validate")), qPrintable(r.err));
        const CliResult unknown = runIn(QStringLiteral("LC_ALL"), QStringLiteral("fr_FR.UTF-8"), { QStringLiteral("frobnicate") });
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QLatin1String("'frobnicate' n'est ni une commande ni un fichier runbook")), qPrintable(unknown.err));
    }

    void qtOwnStringsInFrench()
    {
        // Standard buttons and dialogs come from Qt's own catalogue, which setup installs
        // (qt6-translations-l10n) and Translations::install loads.
        QTranslator qt;
        QVERIFY2(Translations::loadQtCatalogue(qt, QStringLiteral("fr")), qPrintable(QLibraryInfo::path(QLibraryInfo::TranslationsPath)));
        QCOMPARE(qt.translate("QPlatformTheme", "Cancel"), QStringLiteral("Annuler"));
    }

    void englishWhenPreferredFirst()
    {
        // LANGUAGE lists preferences in order: English first means English, French installed or not.
        const CliResult r = runIn(QStringLiteral("LANGUAGE"), QStringLiteral("en:fr"), { QStringLiteral("--help") });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QLatin1String("exit status:")), qPrintable(r.out));
        const CliResult c = runIn(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"), { QStringLiteral("--help") });
        QVERIFY2(c.out.startsWith(QLatin1String("usage: runbook-console")), qPrintable(c.out));
    }

    void translationIsComplete()
    {
        // The shipped .ts: nothing unfinished or left over, placeholders and accelerators kept.
        QString error;
        const QList<TsMessage> messages = readTs(kTs, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() > 500);
        QStringList problems;
        for (const TsMessage& m : messages) {
            if (!m.type.isEmpty())
                problems << QStringLiteral("%1: %2").arg(m.type, m.source);
            if (m.numerus && m.forms.size() != 2) // French: singular for 0 and 1, plural from 2
                problems << QStringLiteral("%1 plural forms: %2").arg(m.forms.size()).arg(m.source);
            for (const QString& f : m.forms) {
                if (f.isEmpty())
                    problems << QStringLiteral("empty: ") + m.source;
                else if (placeholders(f) != placeholders(m.source))
                    problems << QStringLiteral("placeholders: %1 -> %2").arg(m.source, f);
                if (m.source.contains(QLatin1Char('&')) != f.contains(QLatin1Char('&')))
                    problems << QStringLiteral("accelerator: %1 -> %2").arg(m.source, f);
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void translationIsUpToDateWithTheSources()
    {
        // lupdate over the sources into a copy: a string added or changed since the .ts was last
        // brought up to date shows up as unfinished.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString copy = dir.filePath(QStringLiteral("runbook-console_fr.ts"));
        QVERIFY(QFile::copy(kTs, copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(RBC_SOURCE_DIR));
        lupdate.start(QStringLiteral(RBC_LUPDATE),
            { QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-no-obsolete"),
                QStringLiteral("app"), QStringLiteral("ui"), QStringLiteral("-ts"), copy });
        QVERIFY(lupdate.waitForFinished(120000));
        QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
        QString error;
        QStringList stale;
        for (const TsMessage& m : readTs(copy, &error))
            if (m.type == QLatin1String("unfinished"))
                stale << m.source;
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY2(stale.isEmpty(),
            qPrintable(QStringLiteral("not translated yet (cmake --build build --target rbc_update_translations, then translate):\n")
                + stale.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestFrench)
#include "tst_french.moc"
