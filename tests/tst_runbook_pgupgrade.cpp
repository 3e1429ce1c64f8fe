// runbooks/pg-upgrade-link.yaml end to end on a fresh sandbox, with the traffic probe on:
// a full run, and a rollback at each phase before the point of no return.
#include "core/pgconnection.h"
#include "engine/runcontroller.h"
#include "journal/rundetail.h"
#include "runbook/documentloader.h"
#include "runbook/runbookvalidator.h"
#include "sandbox/sandbox.h"

#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {
const QString kRunbook = QStringLiteral(RBC_SOURCE_DIR "/runbooks/pg-upgrade-link.yaml");

QString readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// The shipped runbook with one failing step put right before `beforeStepId`.
QString withFailureBefore(const QString& text, const QString& beforeStepId)
{
    const QString anchor = QStringLiteral("      - id: %1\n").arg(beforeStepId);
    QString out = text;
    out.replace(anchor, QStringLiteral("      - id: injected-failure\n        sql: SELECT 1/0\n        on: old_primary\n") + anchor);
    return out;
}

QString scalar(const QString& conninfo, const QString& sql)
{
    PgConnection c;
    if (!c.open(conninfo))
        return QStringLiteral("connect failed: ") + c.lastError().message;
    return c.scalar(sql).value_or(QStringLiteral("error: ") + c.lastError().message);
}
} // namespace

class TestRunbookPgUpgrade : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanup();
    void upgradesWithShortWriteDowntime();
    void rollsBackBeforeThePointOfNoReturn_data();
    void rollsBackBeforeThePointOfNoReturn();
    void refusesRollbackAfterThePointOfNoReturn();

private:
    bool bringUp();
    std::unique_ptr<RunController> controller(const QString& runbookText, bool rollbackOnFailure);
    RunOutcome runToEnd(RunController& c, QString* message);
    std::optional<RunDetail> lastRun();
    QString node(const char* name) const { return m_inventory->node(QString::fromLatin1(name))->conninfo; }
    QString app() const { return m_inventory->endpoint(QStringLiteral("app"))->conninfo; }

    QTemporaryDir m_tmp { QDir::tempPath() + QStringLiteral("/rbc-tst-pgupgrade-XXXXXX") };
    std::unique_ptr<Sandbox> m_sandbox;
    std::optional<Inventory> m_inventory;
    int m_round = 0;
};

void TestRunbookPgUpgrade::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
}

bool TestRunbookPgUpgrade::bringUp()
{
    // Every scenario gets a fresh cluster: the upgrade changes it for good.
    m_sandbox = std::make_unique<Sandbox>(m_tmp.filePath(QStringLiteral("sb%1").arg(++m_round)));
    SandboxOptions o;
    o.seedScale = 0.05;
    QString error;
    if (!m_sandbox->up(o, {}, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    m_inventory = inv.inventory;
    return inv.ok();
}

void TestRunbookPgUpgrade::cleanup()
{
    if (m_sandbox) {
        QString error;
        m_sandbox->down({}, &error);
        m_sandbox.reset();
    }
}

std::unique_ptr<RunController> TestRunbookPgUpgrade::controller(const QString& text, bool rollbackOnFailure)
{
    const QString path = m_tmp.filePath(QStringLiteral("runbook-%1.yaml").arg(m_round));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return nullptr;
    f.write(text.toUtf8());
    f.close();
    LoadedDocument rb = DocumentLoader::loadRunbook(path);
    if (rb.runbook)
        rb.diagnostics += RunbookValidator::inventoryProblems(*rb.runbook, *m_inventory);
    for (const Diagnostic& d : rb.diagnostics)
        qWarning("%s", qPrintable(d.toString()));
    if (!rb.ok())
        return nullptr;
    RunOptions o;
    o.runbookPath = path;
    o.inventoryPath = m_sandbox->inventoryPath();
    o.journalPath = m_tmp.filePath(QStringLiteral("journal.sqlite"));
    o.rollbackOnFailure = rollbackOnFailure;
    o.confirmManualSteps = true;
    return std::make_unique<RunController>(*rb.runbook, *m_inventory, o);
}

RunOutcome TestRunbookPgUpgrade::runToEnd(RunController& c, QString* message)
{
    QSignalSpy finished(&c, &RunController::runFinished);
    QTimer::singleShot(0, &c, &RunController::start);
    if (!finished.wait(240000) && finished.isEmpty())
        return RunOutcome::Running;
    *message = finished.first().at(1).toString();
    return finished.first().at(0).value<RunOutcome>();
}

std::optional<RunDetail> TestRunbookPgUpgrade::lastRun()
{
    RunJournal j;
    if (!j.open(m_tmp.filePath(QStringLiteral("journal.sqlite"))))
        return std::nullopt;
    return j.run(QStringLiteral("last"));
}

void TestRunbookPgUpgrade::upgradesWithShortWriteDowntime()
{
    QVERIFY(bringUp());
    PgConnection before;
    QVERIFY(before.open(node("db1")));
    const auto sums = before.exec(Sandbox::checksumQuery());
    QVERIFY(sums.has_value());
    before.close();

    auto c = controller(readAll(kRunbook), false);
    QVERIFY(c);
    QString message;
    QCOMPARE(runToEnd(*c, &message), RunOutcome::Completed);

    // Clients now reach DB_A: a writable primary holding exactly the old primary's data.
    QCOMPARE(scalar(app(), QStringLiteral("SELECT inet_server_port()")), QString::number(*m_inventory->node(QStringLiteral("db_a"))->port));
    QCOMPARE(scalar(app(), QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));
    QVERIFY(scalar(app(), QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('after@example.test', 'After', now()) RETURNING id")).toLongLong() > 0);
    PgConnection dbA;
    QVERIFY(dbA.open(node("db_a")));
    QCOMPARE(QString::number(dbA.serverVersion() / 10000), m_inventory->var(QStringLiteral("new_version"))->value);
    const auto sumsAfter = dbA.exec(Sandbox::checksumQuery() + QString());
    QVERIFY(sumsAfter.has_value());
    for (int i = 0; i < sums->rows.size(); ++i) {
        if (sums->rows[i][0] == QLatin1String("users"))
            continue; // one row written after the switch
        QCOMPARE(sumsAfter->rows[i], sums->rows[i]);
    }
    // The replica re-provisioned on the new version streams from DB_A.
    QCOMPARE(dbA.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")).value_or(QString()), QStringLiteral("1"));
    // The old primary keeps no slot for DB_A.
    QCOMPARE(scalar(node("db1"), QStringLiteral("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rbc_db_a'")), QStringLiteral("0"));

    const auto run = lastRun();
    QVERIFY(run.has_value());
    int probeWrites = 0;
    for (const DowntimeWindow& w : run->windows) {
        QVERIFY2(w.kind == QLatin1String("writes"), "reads never failed");
        if (w.source == QLatin1String("probe")) {
            ++probeWrites;
            QVERIFY2(w.durationMs && *w.durationMs < 10000, qPrintable(QString::number(w.durationMs.value_or(-1))));
        }
    }
    QCOMPARE(probeWrites, 1);
    bool allPresent = false;
    for (const JournalEvent& e : run->events)
        allPresent = allPresent || (e.text.contains(QStringLiteral("acknowledged writes present")) && e.text.contains(QStringLiteral("reads (0 failed)")));
    QVERIFY2(allPresent, "no read failed and every acknowledged write is on DB_A");
}

void TestRunbookPgUpgrade::rollsBackBeforeThePointOfNoReturn_data()
{
    QTest::addColumn<QString>("failBefore");
    QTest::addColumn<bool>("writesWereDown");
    QTest::addRow("while provisioning DB_A") << QStringLiteral("init-new-cluster") << false;
    QTest::addRow("after pg_upgrade") << QStringLiteral("configure-new") << true;
    QTest::addRow("just before the switch to DB_A") << QStringLiteral("route-to-db-a") << true;
}

void TestRunbookPgUpgrade::rollsBackBeforeThePointOfNoReturn()
{
    QFETCH(QString, failBefore);
    QFETCH(bool, writesWereDown);
    QVERIFY(bringUp());
    auto c = controller(withFailureBefore(readAll(kRunbook), failBefore), true);
    QVERIFY(c);
    QString message;
    QCOMPARE(runToEnd(*c, &message), RunOutcome::RolledBack);

    // Clients are back on the untouched old primary, which takes writes again.
    QCOMPARE(scalar(app(), QStringLiteral("SELECT inet_server_port()")), QString::number(*m_inventory->node(QStringLiteral("db1"))->port));
    QVERIFY(scalar(app(), QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('back@example.test', 'Back', now()) RETURNING id")).toLongLong() > 0);
    QCOMPARE(scalar(node("db1"), QStringLiteral("SHOW default_transaction_read_only")), QStringLiteral("off"));
    // DB_A is gone: no server, no data directories, no slot holding WAL on the old primary.
    const QString datadir = m_inventory->node(QStringLiteral("db_a"))->datadir;
    QVERIFY(!QFileInfo::exists(datadir));
    QVERIFY(!QFileInfo::exists(datadir + QStringLiteral(".old")));
    QCOMPARE(scalar(node("db1"), QStringLiteral("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'rbc_db_a'")), QStringLiteral("0"));

    const auto run = lastRun();
    QVERIFY(run.has_value());
    QDateTime rollbackStarted;
    for (const StepRecord& s : run->steps)
        if (s.isRollback && !rollbackStarted.isValid())
            rollbackStarted = s.startedAt;
    QVERIFY(rollbackStarted.isValid());
    bool allPresent = false;
    for (const JournalEvent& e : run->events)
        allPresent = allPresent || e.text.contains(QStringLiteral("acknowledged writes present"));
    QVERIFY(allPresent);
    int probeWindows = 0;
    for (const DowntimeWindow& w : run->windows) {
        QCOMPARE(w.kind, QStringLiteral("writes"));
        QVERIFY(w.endedAt.isValid());
        if (w.source != QLatin1String("probe"))
            continue;
        ++probeWindows;
        // From the rollback's first step to writes working again: the figure the README tracks.
        const qint64 restoreMs = rollbackStarted.msecsTo(w.endedAt);
        qInfo("%s: writes restored %lld ms after the rollback started", QTest::currentDataTag(), restoreMs);
        QVERIFY2(restoreMs < 5000, qPrintable(QString::number(restoreMs)));
    }
    QCOMPARE(probeWindows > 0, writesWereDown);
}

void TestRunbookPgUpgrade::refusesRollbackAfterThePointOfNoReturn()
{
    QVERIFY(bringUp());
    auto c = controller(withFailureBefore(readAll(kRunbook), QStringLiteral("analyze")), true);
    QVERIFY(c);
    QSignalSpy refused(c.get(), &RunController::rollbackRefused);
    QString message;
    QCOMPARE(runToEnd(*c, &message), RunOutcome::Failed);
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.first().at(0).toString().contains(QStringLiteral("route-to-db-a")), qPrintable(refused.first().at(0).toString()));
    // Nothing was undone: clients stay on DB_A, which takes writes.
    QCOMPARE(scalar(app(), QStringLiteral("SELECT inet_server_port()")), QString::number(*m_inventory->node(QStringLiteral("db_a"))->port));
    QCOMPARE(scalar(app(), QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));
}

QTEST_GUILESS_MAIN(TestRunbookPgUpgrade)
#include "tst_runbook_pgupgrade.moc"
