// Hold mode (cutover: hold) on the sandbox's real PgBouncers, with a client writing through them:
// PAUSE, retarget, RESUME with no failed request; PAUSE waiting for a client inside a transaction
// and saying so; hold_max aborting a cutover back to the old target; `--cutover hold` overriding
// the runbook for a whole run. The old and new targets are two databases of db1 (app and
// app_next), so that both take writes and every acknowledged write can be looked for.
#include "core/pgconnection.h"
#include "core/sqlsession.h"
#include "engine/holdaction.h"
#include "engine/runcontroller.h"
#include "engine/switchaction.h"
#include "journal/journalevent.h"
#include "probe/trafficprobe.h"
#include "runbookharness.h"
#include "sandboxfixture.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QTest>
#include <atomic>
#include <thread>
#include <yaml-cpp/yaml.h>

namespace {
// A client of the `app` endpoint inserting numbered rows on one connection, as an application's
// pool would: every acknowledged number, every failure, and the longest wait for an answer.
class Writer {
public:
    explicit Writer(QString conninfo)
        : m_conninfo(std::move(conninfo))
    {
    }
    ~Writer() { stop(); }
    void start()
    {
        m_thread = std::thread([this] { loop(); });
    }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    int written() const { return m_written; }
    QList<qint64> acknowledged() const
    {
        QMutexLocker lock(&m_mutex);
        return m_acknowledged;
    }
    QStringList failures() const
    {
        QMutexLocker lock(&m_mutex);
        return m_failures;
    }
    qint64 longestWaitMs() const { return m_longestMs; }

private:
    void loop()
    {
        PgConnection c;
        qint64 n = 0;
        while (!m_stop) {
            if (!c.isOpen() && !c.open(m_conninfo, 5)) {
                fail(QStringLiteral("connect: ") + c.lastError().message);
                QThread::msleep(20);
                continue;
            }
            ++n;
            QElapsedTimer t;
            t.start();
            const bool ok = c.exec(QStringLiteral("INSERT INTO hold_writes (n) VALUES (%1)").arg(n)).has_value();
            m_longestMs = std::max<qint64>(m_longestMs, t.elapsed());
            if (ok) {
                QMutexLocker lock(&m_mutex);
                m_acknowledged << n;
                ++m_written;
            } else {
                fail(c.lastError().message);
                c.close();
            }
            QThread::msleep(10);
        }
    }
    void fail(const QString& why)
    {
        QMutexLocker lock(&m_mutex);
        m_failures << why;
    }

    QString m_conninfo;
    std::thread m_thread;
    std::atomic<bool> m_stop { false };
    std::atomic<int> m_written { 0 };
    std::atomic<qint64> m_longestMs { 0 };
    mutable QMutex m_mutex;
    QList<qint64> m_acknowledged;
    QStringList m_failures;
};

// Output lines of an action run on another thread.
struct Lines {
    void add(const QString& line)
    {
        QMutexLocker lock(&mutex);
        lines << line;
    }
    QString joined() const
    {
        QMutexLocker lock(&mutex);
        return lines.join(QLatin1Char('\n'));
    }
    mutable QMutex mutex;
    QStringList lines;
};
} // namespace

class TestHold : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void holdThenSwitchFailsNoRequest();
    void pauseWaitsForAClientInsideATransaction();
    void holdMaxAbortsTheCutoverBackToTheOldTarget();
    void cutoverOptionHoldsAWholeRun();

private:
    QString liveRoute() const; // "port dbname[ PAUSED]" of `app` on the first PgBouncer
    void backToApp(); // `app` routes to db1's database app again, not paused
    // db1 as its superuser, in database `db`.
    QString db1(const char* db) const
    {
        return QString(m_sb.inventory().node(QStringLiteral("db1"))->conninfo).replace(QStringLiteral("dbname=app"), QStringLiteral("dbname=%1").arg(QLatin1String(db)));
    }
    // Every acknowledged write is in app or app_next, once.
    void verifyNothingLost(const Writer& w);
    std::unique_ptr<RunController> controller(const QByteArray& yaml, std::optional<CutoverMode> cutover);

    SandboxFixture m_sb { QStringLiteral("hold") };
    QString m_inventoryPath;
    std::optional<Inventory> m_inventory; // the sandbox's, plus node db1_next (db1's database app_next)
    QString m_journal;
    int m_run = 0;
};

void TestHold::initTestCase()
{
    SandboxOptions o;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(m_sb.up(o, &error), qPrintable(error));
    PgConnection admin;
    QVERIFY(admin.open(db1("postgres")));
    QVERIFY2(admin.exec(QStringLiteral("CREATE DATABASE app_next OWNER app")), qPrintable(admin.lastError().message));
    for (const char* db : { "app", "app_next" }) {
        PgConnection c;
        QVERIFY(c.open(db1(db)));
        QVERIFY2(c.exec(QStringLiteral("CREATE TABLE hold_writes (n bigint PRIMARY KEY, at timestamptz DEFAULT clock_timestamp()); "
                                       "GRANT ALL ON hold_writes TO app")),
            qPrintable(c.lastError().message));
    }
    // The run's traffic probe goes on writing once clients reach app_next: its table is there too
    // (ids far from app's: the two databases do not replicate into each other).
    PgConnection nextDb;
    QVERIFY(nextDb.open(db1("app_next")));
    QVERIFY2(nextDb.exec(QStringLiteral("CREATE TABLE %1 (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100000000) PRIMARY KEY, "
                                      "probe text NOT NULL, written_at timestamptz NOT NULL DEFAULT now()); GRANT ALL ON %1 TO app")
                                .arg(QLatin1String(TrafficProbe::tableName))),
        qPrintable(nextDb.lastError().message));
    YAML::Node inv = YAML::LoadFile(m_sb.sandbox().inventoryPath().toStdString());
    YAML::Node next = YAML::Clone(inv["nodes"]["db1"]);
    next["conninfo"] = QString::fromStdString(next["conninfo"].as<std::string>()).replace(QStringLiteral("dbname=app"), QStringLiteral("dbname=app_next")).toStdString();
    next["role"] = "spare";
    inv["nodes"]["db1_next"] = next;
    m_inventoryPath = m_sb.path(QStringLiteral("hold-inventory.yaml"));
    YAML::Emitter out;
    out << inv;
    QVERIFY(RunbookHarness::writeFile(m_inventoryPath, QByteArray(out.c_str()) + '\n'));
    const LoadedDocument loaded = DocumentLoader::loadInventory(m_inventoryPath);
    QVERIFY2(loaded.ok(), qPrintable(loaded.diagnostics.isEmpty() ? QString() : loaded.diagnostics.first().toString()));
    m_inventory = loaded.inventory;
    m_journal = m_sb.path(QStringLiteral("journal.db"));
}

void TestHold::init()
{
    if (m_inventory && liveRoute() != QStringLiteral("%1 app").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)))
        backToApp();
}

QString TestHold::liveRoute() const
{
    const EndpointTarget app = ActionFactory::endpointTarget(*m_inventory, *m_inventory->endpoint(QStringLiteral("app")));
    SqlSession admin;
    QString error;
    if (!SwitchAction::connectAdmin(admin, app.instances.first().adminConninfo, 5000, &error))
        return QStringLiteral("error: ") + error;
    const auto sets = admin.exec(QStringLiteral("SHOW DATABASES"), QDeadlineTimer(5000));
    if (!sets || sets->isEmpty())
        return QStringLiteral("error: SHOW DATABASES");
    const SqlResultSet& rows = sets->last();
    const auto col = [&rows](const char* name) { return rows.columns.indexOf(QString::fromLatin1(name)); };
    for (const QStringList& row : rows.rows)
        if (row.value(col("name")) == QLatin1String("app"))
            return QStringLiteral("%1 %2%3")
                .arg(row.value(col("port")), row.value(col("database")),
                    row.value(col("paused")) == QLatin1String("1") ? QStringLiteral(" PAUSED") : QString());
    return QStringLiteral("error: no app");
}

void TestHold::backToApp()
{
    const EndpointTarget app = ActionFactory::endpointTarget(*m_inventory, *m_inventory->endpoint(QStringLiteral("app")));
    SwitchAction back(app, ActionFactory::nodeTarget(*m_inventory, *m_inventory->node(QStringLiteral("db1"))), QStringLiteral("db1_next"));
    const StepResult r = back.run({});
    QVERIFY2(r.ok(), qPrintable(r.error));
}

void TestHold::verifyNothingLost(const Writer& w)
{
    QSet<qint64> found;
    for (const char* db : { "app", "app_next" }) {
        PgConnection c;
        QVERIFY(c.open(db1(db)));
        const auto rows = c.exec(QStringLiteral("SELECT n FROM hold_writes"));
        QVERIFY(rows);
        for (const QStringList& row : rows->rows)
            QVERIFY2(!found.contains(row.value(0).toLongLong()), "a write landed twice");
        for (const QStringList& row : rows->rows)
            found.insert(row.value(0).toLongLong());
        QVERIFY(c.exec(QStringLiteral("TRUNCATE hold_writes")));
    }
    for (qint64 n : w.acknowledged())
        QVERIFY2(found.contains(n), qPrintable(QStringLiteral("acknowledged write %1 is lost").arg(n)));
}

std::unique_ptr<RunController> TestHold::controller(const QByteArray& yaml, std::optional<CutoverMode> cutover)
{
    const QString path = m_sb.path(QStringLiteral("hold-%1.yaml").arg(++m_run));
    if (!RunbookHarness::writeFile(path, yaml))
        return nullptr;
    const LoadedDocument rb = DocumentLoader::loadRunbook(path);
    for (const Diagnostic& d : rb.diagnostics)
        qWarning("%s", qPrintable(d.toString()));
    if (!rb.ok())
        return nullptr;
    RunOptions o;
    o.runbookPath = path;
    o.inventoryPath = m_inventoryPath;
    o.journalPath = m_journal;
    o.confirmManualSteps = true;
    o.cutover = cutover;
    return std::make_unique<RunController>(*rb.runbook, *m_inventory, o);
}

// PAUSE on both PgBouncers, a while held, then the switch retargets and RESUMEs: the client only waited.
void TestHold::holdThenSwitchFailsNoRequest()
{
    const EndpointTarget app = ActionFactory::endpointTarget(*m_inventory, *m_inventory->endpoint(QStringLiteral("app")));
    QCOMPARE(app.instances.size(), 2);
    Writer writer(m_inventory->endpoint(QStringLiteral("app"))->conninfo);
    writer.start();
    QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 5, 10000);
    Lines lines;
    ActionContext ctx;
    ctx.output = [&lines](const QString& l) { lines.add(l); };
    HoldAction hold(app, nullptr);
    const StepResult held = hold.run(ctx);
    QVERIFY2(held.ok(), qPrintable(held.error + QLatin1Char('\n') + lines.joined()));
    const int before = writer.written();
    QTest::qWait(300); // held: the client's INSERT waits in PgBouncer
    QCOMPARE(liveRoute(), QStringLiteral("%1 app PAUSED").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    QVERIFY2(writer.written() <= before + 1, "a write went through while clients were held");
    SwitchAction to(app, ActionFactory::nodeTarget(*m_inventory, *m_inventory->node(QStringLiteral("db1_next"))), QStringLiteral("db1"));
    const StepResult switched = to.run(ctx);
    QVERIFY2(switched.ok(), qPrintable(switched.error + QLatin1Char('\n') + lines.joined()));
    QVERIFY2(lines.joined().contains(QStringLiteral("PAUSED already")), qPrintable(lines.joined()));
    const int after = writer.written();
    QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= after + 5, 10000);
    writer.stop();
    qInfo("%d writes, longest wait %lld ms", writer.written(), writer.longestWaitMs());
    QCOMPARE(writer.failures(), QStringList());
    QCOMPARE(liveRoute(), QStringLiteral("%1 app_next").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    PgConnection next;
    QVERIFY(next.open(db1("app_next")));
    QVERIFY(next.scalar(QStringLiteral("SELECT count(*) FROM hold_writes")).value_or(QStringLiteral("0")).toInt() >= 5);
    verifyNothingLost(writer);
    backToApp();
}

// A client inside a transaction when PAUSE starts: PAUSE waits for it, says whom it waits on, and
// completes once it commits; the write inside the transaction is kept.
void TestHold::pauseWaitsForAClientInsideATransaction()
{
    const EndpointTarget app = ActionFactory::endpointTarget(*m_inventory, *m_inventory->endpoint(QStringLiteral("app")));
    PgConnection client;
    QVERIFY(client.open(m_inventory->endpoint(QStringLiteral("app"))->conninfo));
    QVERIFY(client.exec(QStringLiteral("BEGIN")));
    QVERIFY2(client.exec(QStringLiteral("INSERT INTO hold_writes (n) VALUES (-1)")), qPrintable(client.lastError().message));
    Lines lines;
    ActionContext ctx;
    ctx.output = [&lines](const QString& l) { lines.add(l); };
    HoldAction hold(app, nullptr);
    StepResult result;
    std::atomic<bool> done { false };
    std::thread runner([&] {
        result = hold.run(ctx);
        done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(lines.joined().contains(QStringLiteral("waits")), 10000);
    QVERIFY(!done);
    QVERIFY2(lines.joined().contains(QStringLiteral("user app")), qPrintable(lines.joined()));
    QVERIFY2(lines.joined().contains(QStringLiteral("inside a transaction")), qPrintable(lines.joined()));
    QVERIFY2(client.exec(QStringLiteral("COMMIT")), qPrintable(client.lastError().message));
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 10000);
    runner.join();
    QVERIFY2(result.ok(), qPrintable(result.error + QLatin1Char('\n') + lines.joined()));
    QVERIFY2(lines.joined().contains(QStringLiteral("PAUSE app done")), qPrintable(lines.joined()));
    client.close();
    backToApp(); // resumes
    PgConnection c;
    QVERIFY(c.open(db1("app")));
    QCOMPARE(c.scalar(QStringLiteral("SELECT count(*) FROM hold_writes WHERE n = -1")).value_or(QString()), QStringLiteral("1"));
    QVERIFY(c.exec(QStringLiteral("TRUNCATE hold_writes")));
}

// A step inside the window outlasts hold_max: the cutover is aborted, the held clients resume on
// the old target (no request failed, nothing lost), and the run ends rolled back, saying why.
void TestHold::holdMaxAbortsTheCutoverBackToTheOldTarget()
{
    auto c = controller("runbook: Hold past hold_max\n"
                        "cutover: hold\n"
                        "hold_max: 1s\n"
                        "requires: {nodes: [db1, db1_next], endpoints: [app]}\n"
                        "phases:\n"
                        "  - name: Cut over\n"
                        "    steps:\n"
                        "      - id: slow\n"
                        "        sql: SELECT pg_sleep(30)\n"
                        "        on: db1\n"
                        "        downtime: writes-begin\n"
                        "        rollback: {sql: SELECT 1, on: db1}\n"
                        "      - id: route\n"
                        "        switch: {endpoint: app, to: db1_next}\n"
                        "        downtime: writes-end\n",
        std::nullopt);
    QVERIFY(c);
    Writer writer(m_inventory->endpoint(QStringLiteral("app"))->conninfo);
    writer.start();
    QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 5, 10000);
    QString message;
    QElapsedTimer t;
    t.start();
    const RunOutcome outcome = RunbookHarness::runToEnd(*c, 60000, &message);
    const qint64 runMs = t.elapsed();
    const auto run = RunbookHarness::lastRun(m_journal);
    QVERIFY(run);
    QCOMPARE(outcome, RunOutcome::RolledBack);
    const int after = writer.written();
    QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= after + 5, 10000);
    writer.stop();
    qInfo("run %lld ms; %d writes, longest client wait %lld ms", runMs, writer.written(), writer.longestWaitMs());
    QCOMPARE(writer.failures(), QStringList());
    QCOMPARE(liveRoute(), QStringLiteral("%1 app").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    QStringList events;
    for (const JournalEvent& e : run->events)
        events << e.text;
    const QString all = events.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("cutover: hold (the runbook's), hold_max 1s")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("hold: hold_max (1s) reached during step slow: the cutover is aborted")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("RESUMEd on db1 (the old target)")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("all ")) && all.contains(QStringLiteral("acknowledged writes present")), qPrintable(all));
    verifyNothingLost(writer);
}

// `run --cutover hold` on a runbook that says nothing (refuse): the whole window is held, the
// switch RESUMEs on the new target, and the journal says which mode ran.
void TestHold::cutoverOptionHoldsAWholeRun()
{
    auto c = controller("runbook: A cutover\n"
                        "requires: {nodes: [db1, db1_next], endpoints: [app]}\n"
                        "phases:\n"
                        "  - name: Cut over\n"
                        "    steps:\n"
                        "      - id: freeze\n"
                        "        sql: SELECT pg_sleep(0.2)\n"
                        "        on: db1\n"
                        "        downtime: writes-begin\n"
                        "      - id: drain\n"
                        "        sql: SELECT pg_sleep(0.2)\n"
                        "        on: db1_next\n"
                        "      - id: route\n"
                        "        switch: {endpoint: app, to: db1_next}\n"
                        "        downtime: writes-end\n",
        CutoverMode::Hold);
    QVERIFY(c);
    QCOMPARE(c->cutoverMode(), CutoverMode::Hold);
    Writer writer(m_inventory->endpoint(QStringLiteral("app"))->conninfo);
    writer.start();
    QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= 5, 10000);
    QString message;
    const RunOutcome outcome = RunbookHarness::runToEnd(*c, 60000, &message);
    const auto run = RunbookHarness::lastRun(m_journal);
    QVERIFY(run);
    QVERIFY2(outcome == RunOutcome::Completed, qPrintable(message + QLatin1Char('\n') + RunbookHarness::stepLog(*run)));
    const int after = writer.written();
    QTRY_VERIFY_WITH_TIMEOUT(writer.written() >= after + 5, 10000);
    writer.stop();
    qInfo("%d writes, longest client wait %lld ms", writer.written(), writer.longestWaitMs());
    QCOMPARE(writer.failures(), QStringList());
    QCOMPARE(liveRoute(), QStringLiteral("%1 app_next").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    QStringList events;
    for (const JournalEvent& e : run->events)
        events << e.text;
    const QString all = events.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("cutover: hold (run --cutover), hold_max 5s")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("hold: clients of app are held from step freeze on")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("then RESUMEd on db1_next by step route")), qPrintable(all));
    // The probe measured the hold: requests that waited, none failed.
    const qsizetype measured = all.indexOf(QLatin1String(kProbeHoldEventPrefix));
    QVERIFY2(measured >= 0, qPrintable(all));
    const QString line = all.mid(measured).section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(line.contains(QStringLiteral(", 0 failed, longest wait ")), qPrintable(line));
    QVERIFY2(!line.contains(QStringLiteral(": 0 requests")), qPrintable(line));
    verifyNothingLost(writer);
    backToApp();
}

QTEST_GUILESS_MAIN(TestHold)
#include "tst_hold.moc"
