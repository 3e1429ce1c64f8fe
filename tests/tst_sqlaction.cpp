// SqlAction and SqlSession on a real sandbox primary: results, notices, errors with SQLSTATE,
// statement/lock timeouts, retries, single transactions, cancel latency, cancellable connects and
// conninfo passwords that never reach output or errors.
#include "core/pgconnection.h"
#include "engine/sqlaction.h"
#include "core/sqlsession.h"
#include "actionharness.h"
#include "faultinjection.h"
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
} // namespace

class TestSqlAction : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void runsStatementsAndShowsResults_data();
    void runsStatementsAndShowsResults();
    void defaultsMayBeOverriddenByConninfo();
    void sessionSettingsApplyToEveryConnection();
    void checksFailShowingWhatTheyFound_data();
    void checksFailShowingWhatTheyFound();
    void errorCarriesSqlstate_data();
    void errorCarriesSqlstate();
    void statementTimeoutStopsLongStatements();
    void lockTimeoutAndRetries_data();
    void lockTimeoutAndRetries();
    void singleTransactionRollsBackEverything();
    void retryFromStartRunsEveryStatementAgain();
    void cancelStopsPgSleepPromptly();
    void cancelStopsAHangingConnect();
    void connectTimeoutIsEnforced();
    void passwordsNeverReachOutput_data();
    void passwordsNeverReachOutput();
    void sessionReturnsRowsForWaitAndBatch();
    void cancelWithFrozenPostmasterReturnsWithinASecond();
    void committedThenConnectionLostIsNotRetried();

private:
    SqlAction action(const QStringList& statements, SqlActionOptions o = {}) const
    {
        o.statements = statements;
        return SqlAction(m_db1, o);
    }
    SandboxFixture m_fixture { QStringLiteral("sqlaction") };
    NodeTarget m_db1;
};

void TestSqlAction::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    SandboxOptions o;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(m_fixture.up(o, &error), qPrintable(error));
    m_db1 = m_fixture.node(QStringLiteral("db1"));

    PgConnection c;
    QVERIFY2(c.open(m_db1.conninfo), qPrintable(c.lastError().message));
    QVERIFY(c.exec(QStringLiteral("CREATE TABLE lk (id int); INSERT INTO lk VALUES (1); CREATE TABLE st (id int)")));
}

void TestSqlAction::cleanupTestCase()
{
    QString error;
    QVERIFY2(m_fixture.down(&error), qPrintable(error));
}

void TestSqlAction::runsStatementsAndShowsResults_data()
{
    QTest::addColumn<QStringList>("statements");
    QTest::addColumn<QStringList>("expectedLines");
    QTest::addColumn<qint64>("affected");
    QTest::addRow("select rows") << QStringList { QStringLiteral(
        "SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, NULL ORDER BY 1") }
                                 << QStringList { QStringLiteral("a | b"), QStringLiteral("1 | x"),
                                        QStringLiteral("2 | "), QStringLiteral("(2 rows)") }
                                 << qint64(-1);
    QTest::addRow("bounded rows") << QStringList { QStringLiteral("SELECT g FROM generate_series(1, 500) g") }
                                  << QStringList { QStringLiteral("g"), QStringLiteral("20"),
                                         QStringLiteral("(500 rows, first 20 shown)") }
                                  << qint64(-1);
    QTest::addRow("notice") << QStringList { QStringLiteral("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$") }
                            << QStringList { QStringLiteral("NOTICE: hello 42"), QStringLiteral("DO") } << qint64(-1);
    QTest::addRow("affected rows") << QStringList { QStringLiteral("CREATE TABLE aff (i int)"),
        QStringLiteral("INSERT INTO aff SELECT generate_series(1, 7)"),
        QStringLiteral("UPDATE aff SET i = i + 1 WHERE i <= 3; DROP TABLE aff") }
                                   << QStringList { QStringLiteral("CREATE TABLE"), QStringLiteral("INSERT 0 7"),
                                          QStringLiteral("UPDATE 3"), QStringLiteral("DROP TABLE") }
                                   << qint64(10);
}

void TestSqlAction::runsStatementsAndShowsResults()
{
    QFETCH(QStringList, statements);
    QFETCH(QStringList, expectedLines);
    QFETCH(qint64, affected);
    SqlAction a = action(statements);
    const ActionRun r = runAction(a);
    QVERIFY2(r.result.outcome == StepOutcome::Succeeded, qPrintable(describe(r)));
    for (const QString& line : expectedLines)
        QVERIFY2(
            r.lines.contains(line), qPrintable(line + QStringLiteral(" not in:\n") + r.lines.join(QLatin1Char('\n'))));
    QCOMPARE(r.result.affectedRows, affected);
    QCOMPARE(r.result.output, r.lines.join(QLatin1Char('\n')));
    QVERIFY(r.result.error.isEmpty());
}

void TestSqlAction::defaultsMayBeOverriddenByConninfo()
{
    SqlAction a = action({ QStringLiteral("SELECT current_setting('application_name')") });
    ActionRun r = runAction(a);
    QVERIFY2(r.lines.contains(QStringLiteral("runbook-console")), qPrintable(describe(r)));
    NodeTarget t = m_db1;
    t.conninfo += QStringLiteral(" application_name=rehearsal");
    SqlAction b(t, { { QStringLiteral("SELECT current_setting('application_name')") } });
    r = runAction(b);
    QVERIFY2(r.lines.contains(QStringLiteral("rehearsal")), qPrintable(describe(r)));
    // A URI works as well as keyword/value.
    t.conninfo = QStringLiteral("postgresql://postgres@127.0.0.1:%1/app?application_name=uri").arg(m_db1.port);
    SqlAction c(t, { { QStringLiteral("SELECT current_setting('application_name')") } });
    r = runAction(c);
    QVERIFY2(r.lines.contains(QStringLiteral("uri")), qPrintable(describe(r)));
}

void TestSqlAction::sessionSettingsApplyToEveryConnection()
{
    // `session:` settings of a runbook's defaults, as ActionFactory passes them.
    SqlActionOptions o;
    o.sessionSql = { QStringLiteral("SELECT set_config('application_name', 'from-defaults', false), "
                                    "set_config('default_transaction_read_only', 'on', false)") };
    SqlAction a = action({ QStringLiteral("SELECT current_setting('application_name')"),
                             QStringLiteral("CREATE TABLE session_refused (id int)") },
        o);
    const ActionRun r = runAction(a);
    QVERIFY2(r.lines.contains(QStringLiteral("from-defaults")), qPrintable(describe(r)));
    // The read-only session refuses the write: the settings hold for the step's statements.
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QCOMPARE(r.result.sqlstate, QStringLiteral("25006"));

    // A setting the server refuses fails the step before any statement runs.
    o.sessionSql = { QStringLiteral("SELECT set_config('no_such_setting', 'x', false)") };
    SqlAction b = action({ QStringLiteral("CREATE TABLE session_never (id int)") }, o);
    const ActionRun refused = runAction(b);
    QCOMPARE(refused.result.outcome, StepOutcome::Failed);
    PgConnection c;
    QVERIFY(c.open(m_db1.conninfo));
    QCOMPARE(c.scalar(QStringLiteral("SELECT to_regclass('session_never') IS NULL")), QStringLiteral("t"));
}

void TestSqlAction::checksFailShowingWhatTheyFound_data()
{
    QTest::addColumn<int>("expect");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<bool>("passes");
    QTest::addColumn<QString>("line");
    const int noRows = int(SqlExpectation::NoRows);
    const int isTrue = int(SqlExpectation::True);
    QTest::addRow("no rows") << noRows << "SELECT relname FROM pg_class WHERE false" << true << "(0 rows)";
    QTest::addRow("problem rows") << noRows << "SELECT 'lk' AS problem UNION ALL SELECT 'st'" << false
                                  << "check failed: 2 rows found (shown above), none expected";
    QTest::addRow("rows are shown") << noRows << "SELECT 'table lk has no key' AS problem" << false << "table lk has no key";
    QTest::addRow("no query") << noRows << "SET search_path = public" << false
                              << "check failed: its query returned no result set (a check's SQL must end with a query)";
    QTest::addRow("true") << isTrue << "SELECT NOT pg_is_in_recovery()" << true << "t";
    QTest::addRow("false") << isTrue << "SELECT pg_is_in_recovery()" << false << "check failed: returned f; true expected";
    QTest::addRow("null") << isTrue << "SELECT NULL::boolean" << false << "check failed: returned NULL; true expected";
}

void TestSqlAction::checksFailShowingWhatTheyFound()
{
    QFETCH(int, expect);
    QFETCH(QString, sql);
    QFETCH(bool, passes);
    QFETCH(QString, line);
    SqlActionOptions o;
    o.expect = SqlExpectation(expect);
    SqlAction a = action({ sql }, o);
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, passes ? StepOutcome::Succeeded : StepOutcome::Failed);
    QVERIFY2(r.lines.contains(line), qPrintable(describe(r)));
    QCOMPARE(r.result.error.startsWith(QStringLiteral("check failed: ")), !passes);
}

void TestSqlAction::errorCarriesSqlstate_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("sqlstate");
    QTest::addColumn<QString>("message");
    QTest::addRow("undefined table") << QStringLiteral("SELECT * FROM no_such_table") << QStringLiteral("42P01")
                                     << QStringLiteral(
                                            "undefined_table (42P01): relation \"no_such_table\" does not exist");
    QTest::addRow("syntax") << QStringLiteral("SELEC 1") << QStringLiteral("42601")
                            << QStringLiteral("syntax_error (42601)");
    QTest::addRow("division") << QStringLiteral("SELECT 1/0") << QStringLiteral("22012")
                              << QStringLiteral("22012: division by zero");
    QTest::addRow("raised") << QStringLiteral(
        "DO $$ BEGIN RAISE EXCEPTION 'custom' USING ERRCODE = 'P0001', DETAIL = 'more'; END $$")
                            << QStringLiteral("P0001") << QStringLiteral("custom");
}

void TestSqlAction::errorCarriesSqlstate()
{
    QFETCH(QString, sql);
    QFETCH(QString, sqlstate);
    QFETCH(QString, message);
    SqlAction a = action({ QStringLiteral("SELECT 'before'"), sql, QStringLiteral("SELECT 'never'") });
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QCOMPARE(r.result.sqlstate, sqlstate);
    QVERIFY2(r.result.error.contains(message), qPrintable(r.result.error));
    QVERIFY(r.lines.contains(QStringLiteral("before")));
    QVERIFY(!r.lines.contains(QStringLiteral("never")));
    QVERIFY2(
        r.lines.last().startsWith(QStringLiteral("ERROR: ")) || r.lines.last().startsWith(QStringLiteral("DETAIL: ")),
        qPrintable(describe(r)));
    if (sqlstate == QLatin1String("P0001"))
        QVERIFY(r.lines.contains(QStringLiteral("DETAIL: more")));
}

void TestSqlAction::statementTimeoutStopsLongStatements()
{
    SqlActionOptions o;
    o.statementTimeoutMs = 200;
    SqlAction a = action({ QStringLiteral("SELECT pg_sleep(5)") }, o);
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QCOMPARE(r.result.sqlstate, QStringLiteral("57014"));
    QVERIFY2(r.result.error.contains(QStringLiteral("statement timeout")), qPrintable(r.result.error));
    QVERIFY2(r.elapsedMs < 2000, qPrintable(QString::number(r.elapsedMs)));
}

void TestSqlAction::lockTimeoutAndRetries_data()
{
    QTest::addColumn<int>("retries");
    QTest::addColumn<int>("releaseAfterMs"); // -1: keep the lock until the step ends
    QTest::addColumn<StepOutcome>("outcome");
    QTest::addRow("no retry") << 0 << -1 << StepOutcome::Failed;
    QTest::addRow("retries exhausted") << 2 << -1 << StepOutcome::Failed;
    QTest::addRow("lock released during retries") << 5 << 500 << StepOutcome::Succeeded;
}

void TestSqlAction::lockTimeoutAndRetries()
{
    QFETCH(int, retries);
    QFETCH(int, releaseAfterMs);
    QFETCH(StepOutcome, outcome);
    PgConnection holder;
    QVERIFY(holder.open(m_db1.conninfo));
    QVERIFY(holder.exec(QStringLiteral("BEGIN; LOCK TABLE lk IN ACCESS EXCLUSIVE MODE")));
    std::thread releaser;
    if (releaseAfterMs >= 0)
        releaser = std::thread([&holder, releaseAfterMs] {
            std::this_thread::sleep_for(std::chrono::milliseconds(releaseAfterMs));
            holder.exec(QStringLiteral("COMMIT"));
        });
    SqlActionOptions o;
    o.lockTimeoutMs = 100;
    o.retries = retries;
    o.retryDelayMs = 150;
    SqlAction a = action({ QStringLiteral("UPDATE lk SET id = id") }, o);
    const ActionRun r = runAction(a);
    if (releaser.joinable())
        releaser.join();
    else
        holder.exec(QStringLiteral("COMMIT"));
    QVERIFY2(r.result.outcome == outcome, qPrintable(describe(r)));
    if (outcome == StepOutcome::Failed) {
        QCOMPARE(r.result.sqlstate, QStringLiteral("55P03"));
        QVERIFY2(r.result.error.startsWith(QStringLiteral("lock_not_available (55P03)")), qPrintable(r.result.error));
    } else {
        QCOMPARE(r.result.affectedRows, qint64(1));
    }
    // Every retry is said, with the reason.
    const QStringList retryLines = r.lines.filter(QStringLiteral("retry "));
    if (outcome == StepOutcome::Failed)
        QCOMPARE(retryLines.size(), retries);
    else
        QVERIFY(!retryLines.isEmpty());
    for (const QString& l : retryLines)
        QVERIFY2(l.contains(QStringLiteral("after lock_not_available (55P03)")), qPrintable(l));
    if (retries > 0)
        QVERIFY(retryLines.first().startsWith(QStringLiteral("retry 1/%1 in 150 ms").arg(retries)));
}

void TestSqlAction::singleTransactionRollsBackEverything()
{
    for (bool single : { true, false }) {
        PgConnection c;
        QVERIFY(c.open(m_db1.conninfo));
        QVERIFY(c.exec(QStringLiteral("TRUNCATE st")));
        SqlActionOptions o;
        o.singleTransaction = single;
        SqlAction a = action({ QStringLiteral("INSERT INTO st VALUES (1)"), QStringLiteral("SELECT 1/0") }, o);
        const ActionRun r = runAction(a);
        QCOMPARE(r.result.outcome, StepOutcome::Failed);
        QCOMPARE(r.result.sqlstate, QStringLiteral("22012"));
        QCOMPARE(c.scalar(QStringLiteral("SELECT count(*) FROM st")).value_or(QString()),
            single ? QStringLiteral("0") : QStringLiteral("1"));
    }
}

void TestSqlAction::retryFromStartRunsEveryStatementAgain()
{
    // The first statement counts its runs; the second waits for a lock and fails, then succeeds.
    for (bool fromStart : { true, false }) {
        PgConnection c;
        QVERIFY(c.open(m_db1.conninfo));
        QVERIFY(c.exec(QStringLiteral("TRUNCATE st")));
        PgConnection holder;
        QVERIFY(holder.open(m_db1.conninfo));
        QVERIFY(holder.exec(QStringLiteral("BEGIN; LOCK TABLE lk IN ACCESS EXCLUSIVE MODE")));
        std::thread releaser([&holder] {
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
            holder.exec(QStringLiteral("COMMIT"));
        });
        SqlActionOptions o;
        o.lockTimeoutMs = 100;
        o.retries = 10;
        o.retryDelayMs = 100;
        o.retryFromStart = fromStart;
        SqlAction a = action({ QStringLiteral("INSERT INTO st VALUES (1)"), QStringLiteral("UPDATE lk SET id = id") }, o);
        const ActionRun r = runAction(a);
        releaser.join();
        QVERIFY2(r.result.ok(), qPrintable(describe(r)));
        const int retries = int(r.lines.filter(QStringLiteral("retry ")).size());
        QVERIFY(retries > 0);
        QCOMPARE(c.scalar(QStringLiteral("SELECT count(*) FROM st")).value_or(QString()), QString::number(fromStart ? retries + 1 : 1));
        if (!fromStart)
            QVERIFY(r.lines.filter(QStringLiteral("retry ")).first().contains(QStringLiteral("(from statement 2)")));
    }
}

void TestSqlAction::cancelStopsPgSleepPromptly()
{
    SqlAction a = action({ QStringLiteral("SELECT pg_sleep(60)") });
    const ActionRun r = runAction(a, 400);
    QVERIFY2(r.result.outcome == StepOutcome::Cancelled, qPrintable(describe(r)));
    QCOMPARE(r.result.error, QStringLiteral("cancelled"));
    QVERIFY2(r.cancelToReturnMs < 500, qPrintable(QStringLiteral("cancel took %1 ms").arg(r.cancelToReturnMs)));
    qInfo("cancel of pg_sleep(60) returned after %lld ms", r.cancelToReturnMs);
    // The server really stopped it: no backend of ours is still sleeping.
    PgConnection c;
    QVERIFY(c.open(m_db1.conninfo));
    QTRY_COMPARE_WITH_TIMEOUT(
        c.scalar(QStringLiteral(
                     "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)' AND state = 'active'"))
            .value_or(QString()),
        QStringLiteral("0"), 2000);
    // A cancel before run() is honoured too.
    SqlAction b = action({ QStringLiteral("SELECT pg_sleep(60)") });
    b.cancel();
    const ActionRun early = runAction(b);
    QCOMPARE(early.result.outcome, StepOutcome::Cancelled);
    QVERIFY(early.elapsedMs < 500);
}

void TestSqlAction::cancelStopsAHangingConnect()
{
    // A listening socket nobody answers on: the TCP handshake completes, the startup packet is
    // never answered, libpq waits. Only our own polling can get out.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    NodeTarget t = m_db1;
    t.conninfo = QStringLiteral("host=127.0.0.1 port=%1 dbname=app user=postgres").arg(silent.serverPort());
    SqlAction a(t, { { QStringLiteral("SELECT 1") } });
    const ActionRun r = runAction(a, 300);
    QVERIFY2(r.result.outcome == StepOutcome::Cancelled, qPrintable(describe(r)));
    QVERIFY2(r.cancelToReturnMs < 500, qPrintable(QString::number(r.cancelToReturnMs)));
}

void TestSqlAction::connectTimeoutIsEnforced()
{
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    NodeTarget t = m_db1;
    t.conninfo
        = QStringLiteral("host=127.0.0.1 port=%1 dbname=app user=postgres connect_timeout=2").arg(silent.serverPort());
    SqlAction a(t, { { QStringLiteral("SELECT 1") } });
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QVERIFY2(r.result.error.contains(QStringLiteral("could not connect within 2 s")), qPrintable(r.result.error));
    QVERIFY2(r.elapsedMs >= 1900 && r.elapsedMs < 4000, qPrintable(QString::number(r.elapsedMs)));
}

void TestSqlAction::passwordsNeverReachOutput_data()
{
    QTest::addColumn<QString>("conninfo");
    QTest::addRow("keyword, refused") << QStringLiteral("host=127.0.0.1 port=1 user=bob password=secret123 dbname=app");
    QTest::addRow("quoted keyword") << QStringLiteral("host=127.0.0.1 port=1 password='secret123' dbname=app");
    QTest::addRow("uri, refused") << QStringLiteral("postgresql://bob:secret123@127.0.0.1:1/app");
    QTest::addRow("uri, bad port") << QStringLiteral("postgresql://bob:secret123@127.0.0.1:notaport/app");
    QTest::addRow("uri, bad option") << QStringLiteral("postgresql://bob:secret123@127.0.0.1:1/app?bogus=1");
    QTest::addRow("uri with spaces") << QStringLiteral("postgresql://bob:secret123@127.0.0.1:1/app name");
    QTest::addRow("malformed keyword") << QStringLiteral("host=127.0.0.1 password=secret123 junk");
    QTest::addRow("misspelt keyword") << QStringLiteral("host=127.0.0.1 pasword=secret123");
    QTest::addRow("unterminated quote") << QStringLiteral("host=127.0.0.1 password='secret123");
    QTest::addRow("server rejects") << QStringLiteral(
        "host=127.0.0.1 port=%1 user=nosuchrole password=secret123 dbname=app");
}

void TestSqlAction::passwordsNeverReachOutput()
{
    QFETCH(QString, conninfo);
    NodeTarget t = m_db1;
    t.conninfo = conninfo.contains(QLatin1String("%1")) ? conninfo.arg(m_db1.port) : conninfo;
    SqlActionOptions o;
    o.retries = 1;
    o.retryDelayMs = 10;
    o.statements = QStringList { QStringLiteral("SELECT 1") };
    SqlAction a(t, o);
    const ActionRun r = runAction(a);
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QVERIFY(!r.result.error.isEmpty());
    qInfo("%s", qPrintable(r.result.error));
    for (const QString& text : { r.result.error, r.result.output, r.lines.join(QLatin1Char('\n')) })
        QVERIFY2(!text.contains(QStringLiteral("secret123")), qPrintable(text));
}

void TestSqlAction::sessionReturnsRowsForWaitAndBatch()
{
    SqlSession s;
    QVERIFY2(s.connect(m_db1.conninfo), qPrintable(s.lastError().message));
    const auto sets = s.exec(QStringLiteral("SELECT 1 AS one; SELECT 'a' AS x, true AS y"));
    QVERIFY(sets.has_value());
    QCOMPARE(sets->size(), 2);
    QCOMPARE(sets->at(1).columns, (QStringList { QStringLiteral("x"), QStringLiteral("y") }));
    QCOMPARE(sets->at(1).value(0, 1), QStringLiteral("t"));
    QCOMPARE(s.scalar(QStringLiteral("SELECT 40 + 2")).value_or(QString()), QStringLiteral("42"));
    // A deadline cancels server-side and says so; the session stays usable.
    const auto slow = s.exec(QStringLiteral("SELECT pg_sleep(5)"), QDeadlineTimer(200));
    QVERIFY(!slow);
    QVERIFY(s.lastError().timedOut);
    QCOMPARE(s.lastError().sqlstate, QStringLiteral("57014"));
    QCOMPARE(s.scalar(QStringLiteral("SELECT 'still here'")).value_or(QString()), QStringLiteral("still here"));
}

// Defect: with the postmaster frozen, the cancel request (PQcancel, which talks to the postmaster)
// blocked the cancelling thread while holding a mutex the worker needed: 28 s until SIGCONT.
void TestSqlAction::cancelWithFrozenPostmasterReturnsWithinASecond()
{
    SqlAction a(m_db1, { { QStringLiteral("SELECT pg_sleep(20) /* frozen-postmaster */") } });
    ActionRun r;
    std::thread worker([&] { r = runAction(a); });
    PgConnection c;
    QVERIFY(c.open(m_db1.conninfo));
    QTRY_COMPARE_WITH_TIMEOUT(c.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%frozen-postmaster */'"
                                                      " AND pid <> pg_backend_pid()"))
                                  .value_or(QString()),
        QStringLiteral("1"), 10000);
    qint64 cancelMs = -1;
    {
        fault::Freeze frozen(fault::pidFromFile(m_fixture.sandbox().dir() + QStringLiteral("/data/db1/postmaster.pid")), 8000);
        QVERIFY(frozen.frozen());
        QElapsedTimer t;
        t.start();
        a.cancel();
        cancelMs = t.elapsed();
        worker.join();
    }
    qInfo("cancel() returned after %lld ms; the step ended after %lld ms in all", cancelMs, r.elapsedMs);
    QVERIFY2(cancelMs < 500, qPrintable(QString::number(cancelMs)));
    QCOMPARE(r.result.outcome, StepOutcome::Cancelled);
    QVERIFY2(r.elapsedMs < 4000, qPrintable(describe(r)));
    // The server never confirmed the cancel: the step says the statement may still be running.
    QVERIFY2(r.result.error.contains(QStringLiteral("may still")), qPrintable(describe(r)));
    // Thawed, the server handles the cancel; nothing of ours keeps running.
    QTRY_COMPARE_WITH_TIMEOUT(c.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%frozen-postmaster */'"
                                                      " AND state = 'active' AND pid <> pg_backend_pid()"))
                                  .value_or(QString()),
        QStringLiteral("0"), 10000);
}

// Defect: a statement whose connection broke after it had committed was retried as "transient"
// and ran twice. Only what is idempotent (or declared so) may be retried after a lost connection.
void TestSqlAction::committedThenConnectionLostIsNotRetried()
{
    PgConnection c;
    QVERIFY(c.open(m_db1.conninfo));
    QVERIFY(c.exec(QStringLiteral("CREATE TABLE committed_once (id int); "
                                  "CREATE PROCEDURE commit_then_sleep() LANGUAGE plpgsql AS $$ BEGIN "
                                  "INSERT INTO committed_once VALUES (1); COMMIT; PERFORM pg_sleep(5); END $$")));
    SqlActionOptions o;
    o.retries = 3;
    o.retryDelayMs = 100;
    SqlAction a = action({ QStringLiteral("CALL commit_then_sleep()") }, o);
    ActionRun r;
    std::thread worker([&] { r = runAction(a); });
    QTRY_COMPARE_WITH_TIMEOUT(c.scalar(QStringLiteral("SELECT count(*) FROM committed_once")).value_or(QString()), QStringLiteral("1"), 10000);
    // The insert has committed; the backend dies before the statement returns.
    QCOMPARE(c.scalar(QStringLiteral("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                     "WHERE query = 'CALL commit_then_sleep()' AND pid <> pg_backend_pid()"))
                 .value_or(QString()),
        QStringLiteral("1"));
    worker.join();
    QCOMPARE(c.scalar(QStringLiteral("SELECT count(*) FROM committed_once")).value_or(QString()), QStringLiteral("1"));
    QCOMPARE(r.result.outcome, StepOutcome::Failed);
    QVERIFY2(r.result.error.contains(QStringLiteral("may have committed: check")), qPrintable(describe(r)));
    QVERIFY2(!r.lines.join(QLatin1Char('\n')).contains(QStringLiteral("retry 1/3")), qPrintable(describe(r)));
}

QTEST_GUILESS_MAIN(TestSqlAction)
#include "tst_sqlaction.moc"
