// WaitAction on a real sandbox primary: SQL and shell conditions, (done, total) progress, its own
// timeout, connection failures that count as "not yet", and cancel during and between polls.
#include "core/pgconnection.h"
#include "engine/waitaction.h"
#include "actionharness.h"
#include "sandbox/sandbox.h"
#include "sandboxfixture.h"

#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <thread>

namespace {
// Runs sql on another connection after a delay, while the action polls.
std::thread later(const QString& conninfo, int ms, QStringList statements, int gapMs = 0)
{
    return std::thread([conninfo, ms, statements, gapMs] {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
        PgConnection c;
        if (!c.open(conninfo))
            return;
        for (const QString& s : statements) {
            c.exec(s);
            std::this_thread::sleep_for(std::chrono::milliseconds(gapMs));
        }
    });
}
} // namespace

class TestWaitAction : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void sqlConditionBecomesTrueWithProgress();
    void timesOutWithAClearMessage_data();
    void timesOutWithAClearMessage();
    void shellConditionWaitsForExitZero();
    void missingTableIsNotYet();
    void sqlErrorFailsAtOnce();
    void unreachableServerCountsAsNotYet();
    void cancelDuringAndBetweenPolls_data();
    void cancelDuringAndBetweenPolls();

private:
    SandboxFixture m_fixture { QStringLiteral("waitaction") };
    NodeTarget m_db1;
};

void TestWaitAction::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    SandboxOptions o;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(m_fixture.up(o, &error), qPrintable(error));
    m_db1 = m_fixture.node(QStringLiteral("db1")); // local, shell conditions run as run_as
}

void TestWaitAction::cleanupTestCase()
{
    QString error;
    QVERIFY2(m_fixture.down(&error), qPrintable(error));
}

void TestWaitAction::sqlConditionBecomesTrueWithProgress()
{
    PgConnection c;
    QVERIFY(c.open(m_db1.conninfo));
    QVERIFY(c.exec(QStringLiteral("CREATE TABLE w_items (id int PRIMARY KEY, done bool NOT NULL); "
                                  "INSERT INTO w_items SELECT g, g <= 2 FROM generate_series(1, 5) g")));
    // Another session finishes the items one by one, as a subscription's tables would sync.
    std::thread worker = later(m_db1.conninfo, 300,
        { QStringLiteral("UPDATE w_items SET done = true WHERE id = 3"),
            QStringLiteral("UPDATE w_items SET done = true WHERE id = 4"),
            QStringLiteral("UPDATE w_items SET done = true WHERE id = 5") },
        250);
    WaitActionOptions o;
    o.sql = QStringLiteral("SELECT bool_and(done) FROM w_items");
    o.progressSql = QStringLiteral("SELECT count(*) FILTER (WHERE done), count(*) FROM w_items");
    o.progressLabel = QStringLiteral("tables ready");
    o.intervalMs = 100;
    o.timeoutMs = 10000;
    WaitAction a(m_db1, o);
    const ActionRun r = runAction(a);
    worker.join();
    QVERIFY2(r.result.outcome == StepOutcome::Succeeded, qPrintable(describe(r)));
    QVERIFY(r.elapsedMs >= 800);
    QVERIFY(r.progress.size() >= 3);
    QCOMPARE(r.progress.first().done, qint64(2));
    QCOMPARE(r.progress.first().total, qint64(5));
    QCOMPARE(r.progress.first().text, QStringLiteral("2/5 tables ready"));
    QCOMPARE(r.progress.last().text, QStringLiteral("5/5 tables ready"));
    QVERIFY2(r.lines.last().startsWith(QStringLiteral("condition met after ")), qPrintable(describe(r)));
    // Each change of the observed value is said once, not every poll.
    QCOMPARE(r.lines.filter(QStringLiteral(": f")).size(), 1);

    // A progress query with one column is shown as text.
    o.progressSql = QStringLiteral("SELECT 'all ' || count(*) || ' items checked' FROM w_items");
    o.progressLabel.clear();
    WaitAction text(m_db1, o);
    const ActionRun rt = runAction(text);
    QVERIFY2(rt.result.outcome == StepOutcome::Succeeded, qPrintable(describe(rt)));
    QVERIFY(!rt.progress.isEmpty());
    QCOMPARE(rt.progress.last().text, QStringLiteral("all 5 items checked"));
    QCOMPARE(rt.progress.last().total, qint64(0));
}

void TestWaitAction::timesOutWithAClearMessage_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("shell");
    QTest::addColumn<QString>("last");
    QTest::addRow("sql false") << QStringLiteral("SELECT false") << QString() << QStringLiteral("(last: f)");
    QTest::addRow("sql no row") << QStringLiteral("SELECT true WHERE false") << QString()
                                << QStringLiteral("(last: no row)");
    QTest::addRow("sql slow poll") << QStringLiteral("SELECT pg_sleep(30) IS NULL") << QString() << QString();
    QTest::addRow("shell false") << QString() << QStringLiteral("exit 1") << QStringLiteral("(last: exit code 1)");
    QTest::addRow("shell slow poll") << QString() << QStringLiteral("sleep 30") << QString();
}

void TestWaitAction::timesOutWithAClearMessage()
{
    QFETCH(QString, sql);
    QFETCH(QString, shell);
    QFETCH(QString, last);
    WaitActionOptions o;
    o.sql = sql;
    o.shell = shell;
    o.intervalMs = 100;
    o.timeoutMs = 700;
    WaitAction a(m_db1, o);
    const ActionRun r = runAction(a);
    QVERIFY2(r.result.outcome == StepOutcome::TimedOut, qPrintable(describe(r)));
    QVERIFY2(r.result.error.startsWith(QStringLiteral("condition not met within 0.7 s")), qPrintable(r.result.error));
    QVERIFY2(r.result.error.contains(last), qPrintable(r.result.error));
    QVERIFY2(r.elapsedMs >= 650 && r.elapsedMs < 1500, qPrintable(QString::number(r.elapsedMs)));
}

void TestWaitAction::shellConditionWaitsForExitZero()
{
    const QString flag = m_fixture.path(QStringLiteral("flag"));
    std::thread creator([flag] {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        QFile f(flag);
        f.open(QIODevice::WriteOnly);
    });
    WaitActionOptions o;
    o.shell = QStringLiteral("test -e %1").arg(flag);
    o.intervalMs = 50;
    o.timeoutMs = 5000;
    WaitAction a(m_db1, o);
    const ActionRun r = runAction(a);
    creator.join();
    QVERIFY2(r.result.outcome == StepOutcome::Succeeded, qPrintable(describe(r)));
    QVERIFY(r.elapsedMs >= 350);
    QVERIFY(r.lines.first().contains(QStringLiteral("exit code 1")));
}

void TestWaitAction::missingTableIsNotYet()
{
    // A table a replica has not replayed yet is something to wait for, not a failure.
    WaitActionOptions o;
    o.sql = QStringLiteral("SELECT ready FROM no_such_table");
    o.intervalMs = 100;
    o.timeoutMs = 600;
    WaitAction a(m_db1, o);
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, StepOutcome::TimedOut);
    QVERIFY2(r.result.error.contains(QStringLiteral("42P01")), qPrintable(r.result.error));
    QVERIFY(r.elapsedMs >= 500);
}

void TestWaitAction::sqlErrorFailsAtOnce()
{
    WaitActionOptions o;
    o.sql = QStringLiteral("SELEC ready FROM somewhere");
    o.timeoutMs = 5000;
    WaitAction a(m_db1, o);
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QCOMPARE(r.result.sqlstate, QStringLiteral("42601"));
    QVERIFY(r.elapsedMs < 1000);
    o.sql = QStringLiteral("SELECT true");
    o.progressSql = QStringLiteral("SELEC nope");
    WaitAction b(m_db1, o);
    const ActionRun rb = runAction(b);
    QCOMPARE(rb.result.outcome, StepOutcome::Failed);
    QVERIFY2(rb.result.error.startsWith(QStringLiteral("progress query failed: ")), qPrintable(rb.result.error));
}

void TestWaitAction::unreachableServerCountsAsNotYet()
{
    QTcpServer s;
    QVERIFY(s.listen(QHostAddress::LocalHost));
    const int port = s.serverPort();
    s.close();
    NodeTarget t = m_db1;
    t.conninfo = QStringLiteral("host=127.0.0.1 port=%1 dbname=app user=postgres").arg(port);
    WaitActionOptions o;
    o.sql = QStringLiteral("SELECT true");
    o.intervalMs = 100;
    o.timeoutMs = 600;
    WaitAction a(t, o);
    const ActionRun r = runAction(a);
    QVERIFY2(r.result.outcome == StepOutcome::TimedOut, qPrintable(describe(r)));
    QVERIFY2(r.result.error.contains(QStringLiteral("connection failure")), qPrintable(r.result.error));
}

void TestWaitAction::cancelDuringAndBetweenPolls_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("shell");
    QTest::addColumn<int>("intervalMs");
    QTest::addRow("during sql poll") << QStringLiteral("SELECT pg_sleep(60) IS NULL") << QString() << 100;
    QTest::addRow("between sql polls") << QStringLiteral("SELECT false") << QString() << 60000;
    QTest::addRow("during shell poll") << QString() << QStringLiteral("sleep 60") << 100;
}

void TestWaitAction::cancelDuringAndBetweenPolls()
{
    QFETCH(QString, sql);
    QFETCH(QString, shell);
    QFETCH(int, intervalMs);
    WaitActionOptions o;
    o.sql = sql;
    o.shell = shell;
    o.intervalMs = intervalMs;
    WaitAction a(m_db1, o);
    const ActionRun r = runAction(a, 400);
    QVERIFY2(r.result.outcome == StepOutcome::Cancelled, qPrintable(describe(r)));
    QVERIFY2(r.cancelToReturnMs < 500, qPrintable(QString::number(r.cancelToReturnMs)));
}

QTEST_GUILESS_MAIN(TestWaitAction)
#include "tst_waitaction.moc"
