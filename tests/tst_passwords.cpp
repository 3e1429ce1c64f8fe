// Passwords as DBAs keep them, against a sandbox with real SCRAM authentication and a real Secret
// Service (gnome-keyring in a private D-Bus session: tests/keyring/keyring-session.sh runs this).
// The real binary: `password set|forget`, runs that take the password from the keychain, the
// password file, the service file or PGPASSWORD in that order, a run refused (nothing done) when
// none has it, no keychain service and nothing written to a file. The console: it asks once,
// checks the answer with the server, keeps it in the keychain when asked to, or for the session
// only without a keychain. Nowhere does the password show: not in any process's argv while steps
// run, the journal file, exports, the binary's output or the window.

#include "consoledriver.h"
#include "core/conninfo.h"
#include "credentials/keychainstore.h"
#include "mainwindow.h"
#include "password/passworddialog.h"
#include "sandboxfixture.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextEdit>
#include <QtTest>

namespace {
const QString kPassword = QStringLiteral("Sc0rpion-Tuesday 42");

// Every file under `dir` whose bytes contain the password (plain or as UTF-16, as Qt might write it).
QStringList filesHolding(const QString& dir, const QString& password)
{
    QStringList found;
    const QByteArray utf8 = password.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char*>(password.utf16()), password.size() * 2);
    for (QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories); it.hasNext();) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly)) {
            const QByteArray bytes = f.readAll();
            if (bytes.contains(utf8) || bytes.contains(utf16))
                found << f.fileName();
        }
    }
    return found;
}
} // namespace

class TestPasswords : public QObject {
    Q_OBJECT

private:
    SandboxFixture m_fixture { QStringLiteral("passwords") };
    QTemporaryDir m_tmp;
    QTemporaryDir m_userFiles; // the password and service files the test writes, as a DBA would
    ConsoleDriver m_driver;
    QString m_inventory; // db1 only, no password in it
    QString m_runbook;
    QString m_db1Conninfo;
    QString m_key;

    QString writeFile(const QString& name, const QByteArray& content, QFile::Permissions perms = QFile::ReadOwner | QFile::WriteOwner,
        bool holdsPassword = false)
    {
        const QString path = holdsPassword ? m_userFiles.filePath(name) : m_driver.path(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(content);
        f.close();
        QFile::setPermissions(path, perms);
        return path;
    }

    CliResult cliWithInput(const QStringList& args, const QByteArray& input)
    {
        QElapsedTimer t;
        t.start();
        QProcess p;
        p.setProcessEnvironment(m_driver.environment());
        p.start(QStringLiteral(RBC_CONSOLE_BINARY), args);
        p.waitForStarted(10000);
        p.write(input);
        p.closeWriteChannel();
        return m_driver.finish(p, 60000, t);
    }

    // A run of the runbook; while its psql runs, a step writes every process's argv to a file.
    CliResult runOnce(const QString& name, const QString& inventory)
    {
        const QString journal = m_driver.journalPath(name);
        const CliResult r = m_driver.run({ QStringLiteral("run"), m_runbook, QStringLiteral("--inventory"), inventory,
            QStringLiteral("--journal"), journal, QStringLiteral("--yes") });
        if (r.exitCode == 0) {
            for (const char* format : { "json", "markdown", "csv" }) {
                const CliResult e = m_driver.run({ QStringLiteral("export"), QStringLiteral("last"), QStringLiteral("--format"),
                    QString::fromLatin1(format), QStringLiteral("--journal"), journal });
                if (e.exitCode != 0 || e.out.contains(kPassword) || e.err.contains(kPassword))
                    qWarning("export %s: %s", format, qPrintable(e.describe()));
                else
                    m_exportsChecked++;
            }
        }
        return r;
    }
    int m_exportsChecked = 0;

    void verifyNothingShows(const CliResult& r)
    {
        QVERIFY2(!r.out.contains(kPassword) && !r.err.contains(kPassword), "the password reached the binary's output");
        QVERIFY2(filesHolding(m_driver.path(QStringLiteral("journals")), kPassword).isEmpty(), "the password reached a journal file");
        QFile argv(m_driver.path(QStringLiteral("argv.txt")));
        QVERIFY(argv.open(QIODevice::ReadOnly));
        const QString all = QString::fromUtf8(argv.readAll());
        QVERIFY2(all.contains(QLatin1String("psql")), "the step did not see psql running");
        QVERIFY2(!all.contains(kPassword), "the password was on a command line");
    }

    QStringList visibleTexts(QWidget* root)
    {
        QStringList texts;
        for (QWidget* w : root->findChildren<QWidget*>()) {
            if (auto* l = qobject_cast<QLabel*>(w))
                texts << l->text();
            else if (auto* e = qobject_cast<QLineEdit*>(w); e && e->echoMode() == QLineEdit::Normal)
                texts << e->text();
            else if (auto* t = qobject_cast<QTextEdit*>(w))
                texts << t->toPlainText();
            else if (auto* v = qobject_cast<QAbstractItemView*>(w); v && v->model()) {
                QAbstractItemModel* m = v->model();
                for (int r = 0; r < m->rowCount(); ++r)
                    for (int c = 0; c < m->columnCount(); ++c)
                        texts << m->index(r, c).data(Qt::DisplayRole).toString() << m->index(r, c).data(Qt::ToolTipRole).toString();
            }
            texts << w->windowTitle() << w->toolTip() << w->accessibleName() << w->accessibleDescription();
        }
        return texts;
    }

    PasswordDialog* waitForDialog(MainWindow& w)
    {
        PasswordDialog* dialog = nullptr;
        const bool shown = QTest::qWaitFor([&] {
            dialog = w.findChild<PasswordDialog*>(QStringLiteral("passwordDialog"));
            return dialog && dialog->isVisible();
        }, 20000);
        return shown ? dialog : nullptr;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run through tests/keyring/keyring-session.sh");
        for (const char* v : { "PGPASSWORD", "PGPASSFILE", "PGSERVICEFILE", "PGSERVICE" })
            qunsetenv(v);
        QVERIFY(m_tmp.isValid());
        QVERIFY(m_driver.setUp(m_tmp.filePath(QStringLiteral("driver"))));
        // The binary shares our session bus (and so the keychain), not our home.
        m_driver.environment().insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS"));
        m_driver.environment().insert(QStringLiteral("PGPASSFILE"), m_driver.path(QStringLiteral("no-pgpass")));
        SandboxOptions o;
        o.seedScale = 0.01;
        o.password = kPassword;
        QString error;
        QVERIFY2(m_fixture.up(o, &error), qPrintable(error));
        m_db1Conninfo = m_fixture.inventory().node(QStringLiteral("db1"))->conninfo;
        QVERIFY2(m_db1Conninfo.contains(QLatin1String("user=rbc_dba")), qPrintable(m_db1Conninfo));
        QVERIFY(!m_db1Conninfo.contains(QLatin1String("password")));
        QVERIFY2(filesHolding(m_fixture.sandbox().dir(), kPassword).isEmpty(), "the sandbox wrote the password to a file");
        m_key = QStringLiteral("rbc_dba@127.0.0.1:%1").arg(m_fixture.inventory().node(QStringLiteral("db1"))->port.value_or(0));
        m_inventory = writeFile(QStringLiteral("inventory.yaml"),
            QStringLiteral("cluster: scram\nnodes:\n  db1:\n    conninfo: \"%1\"\n    host: local\n").arg(m_db1Conninfo).toUtf8());
        m_runbook = writeFile(QStringLiteral("runbook.yaml"), QStringLiteral(R"yaml(runbook: with a password
requires: {nodes: [db1]}
phases:
  - name: One
    steps:
      - id: sql
        sql: SELECT current_user
        on: db1
      - id: shell
        shell: |
          psql {{ nodes.db1.conninfo }} -Atc "select 'psql as ' || current_user || ', ' || pg_sleep(0.5)" &
          sleep 0.2
          ps -eww -o args > %1
          wait $!
        on: db1
)yaml").arg(m_driver.path(QStringLiteral("argv.txt")))
                                                                .toUtf8());
    }

    void refusedWhenNoSourceHasIt()
    {
        const CliResult r = m_driver.run({ QStringLiteral("run"), m_runbook, QStringLiteral("--inventory"), m_inventory,
            QStringLiteral("--journal"), m_driver.journalPath(QStringLiteral("refused")), QStringLiteral("--yes") });
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QStringLiteral("db1: the server asks for the password of %1").arg(m_key)), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("runbook-console password set db1 --inventory ")), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(m_driver.journalPath(QStringLiteral("refused")))); // nothing ran, nothing journaled
    }

    void keychainSetRunForget()
    {
        // A wrong password is refused by the server and not stored.
        CliResult r = cliWithInput({ QStringLiteral("password"), QStringLiteral("set"), QStringLiteral("db1"), QStringLiteral("--inventory"), m_inventory },
            "not it\n");
        QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
        QCOMPARE(KeychainStore::read(m_key).status, KeychainStore::Status::NotFound);
        r = cliWithInput({ QStringLiteral("password"), QStringLiteral("set"), QStringLiteral("db1"), QStringLiteral("--inventory"), m_inventory },
            kPassword.toUtf8() + '\n');
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY(!r.out.contains(kPassword) && !r.err.contains(kPassword));
        // In the Secret Service itself, as another client sees it.
        QProcess tool;
        tool.start(QStringLiteral("secret-tool"), { QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("runbook-console"),
                                                       QStringLiteral("user"), m_key });
        QVERIFY(tool.waitForFinished(10000));
        QCOMPARE(QString::fromUtf8(tool.readAllStandardOutput()), kPassword);

        // The keychain comes before PGPASSWORD: a wrong one there does not matter.
        m_driver.environment().insert(QStringLiteral("PGPASSWORD"), QStringLiteral("wrong"));
        r = runOnce(QStringLiteral("keychain"), m_inventory);
        m_driver.environment().remove(QStringLiteral("PGPASSWORD"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("psql as rbc_dba")), qPrintable(r.err));
        verifyNothingShows(r);

        r = m_driver.run({ QStringLiteral("password"), QStringLiteral("forget"), QStringLiteral("db1"), QStringLiteral("--inventory"), m_inventory });
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(KeychainStore::read(m_key).status, KeychainStore::Status::NotFound);
    }

    void passwordFileServiceFileEnvironment()
    {
        // The password file, before PGPASSWORD (wrong here).
        const QString pgpass = writeFile(QStringLiteral("pgpass"), ("127.0.0.1:*:*:rbc_dba:" + kPassword + "\n").toUtf8(),
            QFile::ReadOwner | QFile::WriteOwner, true);
        m_driver.environment().insert(QStringLiteral("PGPASSFILE"), pgpass);
        m_driver.environment().insert(QStringLiteral("PGPASSWORD"), QStringLiteral("wrong"));
        CliResult r = runOnce(QStringLiteral("pgpass"), m_inventory);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        verifyNothingShows(r);
        // One that others can read is ignored, as libpq ignores it: PGPASSWORD (wrong) is used, and refused.
        QFile::setPermissions(pgpass, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
        r = runOnce(QStringLiteral("pgpass-open"), m_inventory);
        QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("password authentication failed")), qPrintable(r.err));
        m_driver.environment().remove(QStringLiteral("PGPASSWORD"));
        r = runOnce(QStringLiteral("pgpass-open-alone"), m_inventory);
        QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(QLatin1String("can be read by group or others")), qPrintable(r.err));
        m_driver.environment().insert(QStringLiteral("PGPASSFILE"), m_driver.path(QStringLiteral("no-pgpass")));

        // PGPASSWORD alone.
        m_driver.environment().insert(QStringLiteral("PGPASSWORD"), kPassword);
        r = runOnce(QStringLiteral("env"), m_inventory);
        m_driver.environment().remove(QStringLiteral("PGPASSWORD"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        verifyNothingShows(r);

        // A service file that holds everything, the password included.
        const NodeTarget db1 = m_fixture.node(QStringLiteral("db1"));
        const QString services = writeFile(QStringLiteral("pg_service.conf"),
            QStringLiteral("[sandbox-db1]\nhost=127.0.0.1\nport=%1\ndbname=app\nuser=rbc_dba\npassword=%2\n").arg(db1.port).arg(kPassword).toUtf8(),
            QFile::ReadOwner | QFile::WriteOwner, true);
        m_driver.environment().insert(QStringLiteral("PGSERVICEFILE"), services);
        const QString byService = writeFile(QStringLiteral("service-inventory.yaml"),
            "cluster: scram\nnodes:\n  db1:\n    conninfo: \"service=sandbox-db1\"\n    host: local\n");
        r = runOnce(QStringLiteral("service"), byService);
        m_driver.environment().remove(QStringLiteral("PGSERVICEFILE"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        verifyNothingShows(r);
        QCOMPARE(m_exportsChecked, 4 * 3);
    }

    void noKeychainServiceWritesNothing()
    {
        QProcessEnvironment saved = m_driver.environment();
        m_driver.environment().remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        const CliResult set = cliWithInput({ QStringLiteral("password"), QStringLiteral("set"), QStringLiteral("db1"), QStringLiteral("--inventory"),
                                               m_inventory },
            kPassword.toUtf8() + '\n');
        const CliResult run = m_driver.run({ QStringLiteral("run"), m_runbook, QStringLiteral("--inventory"), m_inventory,
            QStringLiteral("--journal"), m_driver.journalPath(QStringLiteral("nokeychain")), QStringLiteral("--yes") });
        m_driver.environment() = saved;
        QVERIFY2(set.exitCode == 1, qPrintable(set.describe()));
        QVERIFY2(set.err.contains(QLatin1String("nothing was written anywhere")), qPrintable(set.err));
        QVERIFY2(run.exitCode == 2, qPrintable(run.describe()));
        QVERIFY2(run.err.contains(QLatin1String("no keychain service answers")), qPrintable(run.err));
        QCOMPARE(KeychainStore::read(m_key).status, KeychainStore::Status::NotFound);
        QVERIFY2(filesHolding(m_driver.path(QString()), kPassword).isEmpty(), qPrintable(filesHolding(m_driver.path(QString()), kPassword).join(' ')));
    }

    void consoleAsksOnceAndKeepsItInTheKeychain()
    {
        MainWindow w;
        w.setJournalPath(m_driver.journalPath(QStringLiteral("console")));
        w.show();
        QSignalSpy loaded(&w, &MainWindow::filesLoaded);
        w.openFiles(m_runbook, m_inventory);
        PasswordDialog* dialog = waitForDialog(w);
        QVERIFY(dialog);
        QVERIFY(loaded.isEmpty()); // the session waits for the answer
        QVERIFY(dialog->windowTitle().contains(m_key));
        QVERIFY(dialog->rememberBox()->isEnabled() && dialog->rememberBox()->isChecked());
        QCOMPARE(dialog->passwordField()->echoMode(), QLineEdit::Password);
        QCOMPARE(dialog->connectButton()->accessibleName(), QStringLiteral("Connect"));
        QCOMPARE(dialog->skipButton()->accessibleName(), QStringLiteral("Skip"));
        QCOMPARE(dialog->passwordField()->accessibleName(), QStringLiteral("Password"));

        // A wrong one: the server says no, the dialog asks again.
        QTest::keyClicks(dialog->passwordField(), QStringLiteral("not it"));
        QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
        auto* problem = dialog->findChild<QLabel*>(QStringLiteral("passwordProblem"));
        QTRY_VERIFY_WITH_TIMEOUT(problem->isVisible(), 15000);
        QVERIFY2(problem->text().contains(QLatin1String("password authentication failed")), qPrintable(problem->text()));
        QVERIFY(dialog->passwordField()->text().isEmpty());

        QTest::keyClicks(dialog->passwordField(), kPassword);
        QTest::keyClick(dialog->passwordField(), Qt::Key_Return);
        QVERIFY(loaded.wait(20000));
        QVERIFY(!w.findChild<PasswordDialog*>(QStringLiteral("passwordDialog")) || !dialog->isVisible());
        const KeychainStore::Result stored = KeychainStore::read(m_key);
        QCOMPARE(stored.status, KeychainStore::Status::Ok);
        QCOMPARE(stored.password, kPassword);
        for (const QString& text : visibleTexts(&w))
            QVERIFY2(!text.contains(kPassword), "the password is on the screen");

        // Opened again: nobody is asked.
        loaded.clear();
        w.openFiles(m_runbook, m_inventory);
        QVERIFY(loaded.wait(20000));
        QVERIFY(!w.findChild<PasswordDialog*>(QStringLiteral("passwordDialog")));
        QVERIFY(KeychainStore::remove(m_key).status == KeychainStore::Status::Ok);
    }

    void consoleWithoutKeychainKeepsItForTheSession()
    {
        // The app endpoint's password (PgBouncer checks it), with no session bus: the dialog says
        // it lasts this session, and no file anywhere gets it.
        const EndpointTarget app = m_fixture.endpoint(QStringLiteral("app"));
        const QString inventory = writeFile(QStringLiteral("app-inventory.yaml"),
            QStringLiteral("cluster: scram-app\nnodes:\n  db1:\n    conninfo: \"%1\"\n    host: local\n").arg(app.conninfo).toUtf8());
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        const QByteArray runtime = qgetenv("XDG_RUNTIME_DIR");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        qputenv("XDG_RUNTIME_DIR", m_tmp.path().toLocal8Bit());
        MainWindow w;
        w.setJournalPath(m_driver.journalPath(QStringLiteral("console-app")));
        w.show();
        QSignalSpy loaded(&w, &MainWindow::filesLoaded);
        w.openFiles(m_runbook, inventory);
        PasswordDialog* dialog = waitForDialog(w);
        QVERIFY(dialog);
        QVERIFY(!dialog->rememberBox()->isEnabled());
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("passwordWhere"))->text().contains(QLatin1String("this session only")));
        QTest::keyClicks(dialog->passwordField(), kPassword);
        QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
        const bool ok = loaded.wait(20000);
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
        qputenv("XDG_RUNTIME_DIR", runtime);
        QVERIFY(ok);
        QCOMPARE(KeychainStore::read(QStringLiteral("app@127.0.0.1:%1").arg(Conninfo::parse(app.conninfo)->value(QStringLiteral("port")))).status,
            KeychainStore::Status::NotFound);
        QVERIFY(filesHolding(m_tmp.path(), kPassword).isEmpty());
        const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
        QVERIFY(filesHolding(config, kPassword).isEmpty());
        for (const QString& text : visibleTexts(&w))
            QVERIFY2(!text.contains(kPassword), "the password is on the screen");
    }
};

QTEST_MAIN(TestPasswords)
#include "tst_passwords.moc"
