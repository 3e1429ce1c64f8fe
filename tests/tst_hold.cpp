// Hold mode (cutover: hold) on the sandbox's real PgBouncers, with a client writing through them:
// PAUSE, retarget, RESUME with no failed request; PAUSE waiting for a client inside a transaction
// and saying so; hold_max aborting a cutover back to the old target; `--cutover hold` overriding
// the runbook for a whole run; a rollback after the switch holding clients until the old target
// is unfenced, and its own hold_max. The old and new targets are two databases of db1 (app and
// app_next), so that both take writes and every acknowledged write can be looked for.
#include "core/pgconnection.h"
#include "core/sqlsession.h"
#include "directwriter.h"
#include "engine/holdaction.h"
#include "engine/runcontroller.h"
#include "engine/switchaction.h"
#include "journal/journalevent.h"
#include "probe/trafficprobe.h"
#include "runbookharness.h"
#include "sandboxfixture.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QRegularExpression>
#include <QTest>
#include <atomic>
#include <thread>
#include <yaml-cpp/yaml.h>

namespace {
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
    void rollbackAfterTheSwitchHoldsClients();
    void rollbackHoldEndsAtHoldMax();
    void rollbackGoesOnWhenPauseCannotBeHad();

private:
    // A cutover that fences writes (a trigger refusing the client's inserts) on the old target,
    // switches, then fails a check with on_failure: rollback: its undo fences the new target and
    // waits `undoSleep` seconds, the switch goes back, then the old target is unfenced.
    QByteArray fencedCutover(const QByteArray& holdMax, const QByteArray& undoSleep) const;
    // The run's journal events, one a line.
    static QString eventsOf(const RunDetail& run);
    QString liveRoute() const; // "port dbname[ PAUSED]" of `app` on the first PgBouncer
    void backToApp(); // `app` routes to db1's database app again, not paused
    void probeTableOnNext();
    // db1 as its superuser, in database `db`.
    QString db1(const char* db) const
    {
        return QString(m_sb.inventory().node(QStringLiteral("db1"))->conninfo).replace(QStringLiteral("dbname=app"), QStringLiteral("dbname=%1").arg(QLatin1String(db)));
    }
    // Every acknowledged write is in app or app_next (then emptied for the next test).
    void verifyNothingLost(const DirectWriter& w);
    std::unique_ptr<RunController> controller(const QByteArray& yaml, std::optional<CutoverMode> cutover);
    // Runs `c` to its end while `writer` writes: from 5 acknowledged writes before it starts to 5
    // after it ended. `run` is its journal; a failure is recorded when it did not end `expected`.
    void runWhileWriting(RunController& c, DirectWriter& writer, RunOutcome expected, std::optional<RunDetail>* run);
    // A client of the `app` endpoint, as an application's pool: one session, a write every 20 ms.
    std::unique_ptr<DirectWriter> client() const
    {
        return std::make_unique<DirectWriter>(m_inventory->endpoint(QStringLiteral("app"))->conninfo);
    }

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
    // The writes of the client and of the run's traffic probe, in both databases; ids far apart
    // (the two databases do not replicate into each other).
    for (const char* db : { "app", "app_next" }) {
        PgConnection c;
        QVERIFY(c.open(db1(db)));
        QVERIFY2(c.exec(DirectWriter::tableSql(QStringLiteral("app"))), qPrintable(c.lastError().message));
    }
    PgConnection nextDb;
    QVERIFY(nextDb.open(db1("app_next")));
    QVERIFY2(nextDb.exec(QStringLiteral("ALTER TABLE direct_writes ALTER COLUMN id RESTART WITH 100000000")), qPrintable(nextDb.lastError().message));
    probeTableOnNext();
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

// The probe's table in app_next (a run ending there drops it, as the probe does wherever clients go).
void TestHold::probeTableOnNext()
{
    PgConnection nextDb;
    QVERIFY(nextDb.open(db1("app_next")));
    QVERIFY2(nextDb.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS %1 (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 100000000) "
                                        "PRIMARY KEY, probe text NOT NULL, written_at timestamptz NOT NULL DEFAULT now()); GRANT ALL ON %1 TO app")
                                  .arg(QLatin1String(TrafficProbe::tableName))),
        qPrintable(nextDb.lastError().message));
}

void TestHold::init()
{
    if (m_inventory)
        probeTableOnNext();
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

void TestHold::verifyNothingLost(const DirectWriter& w)
{
    qint64 present = 0;
    for (const char* db : { "app", "app_next" }) {
        PgConnection c;
        QVERIFY(c.open(db1(db)));
        present += c.scalar(w.countPresentSql()).value_or(QStringLiteral("-1")).toLongLong();
        QVERIFY(c.exec(QStringLiteral("TRUNCATE direct_writes")));
    }
    QCOMPARE(present, qint64(w.acknowledged().size()));
}

std::unique_ptr<RunController> TestHold::controller(const QByteArray& yaml, std::optional<CutoverMode> cutover)
{
    return RunbookHarness::controller(m_sb.path(QStringLiteral("hold-%1.yaml").arg(++m_run)), yaml, m_inventoryPath, m_journal, false, cutover);
}

void TestHold::runWhileWriting(RunController& c, DirectWriter& writer, RunOutcome expected, std::optional<RunDetail>* run)
{
    writer.start();
    QTRY_VERIFY_WITH_TIMEOUT(writer.acknowledged().size() >= 5, 10000);
    QString message;
    const RunOutcome outcome = RunbookHarness::runToEnd(c, 120000, &message);
    *run = RunbookHarness::lastRun(m_journal);
    QVERIFY(*run);
    QVERIFY2(outcome == expected, qPrintable(message + QLatin1Char('\n') + RunbookHarness::stepLog(**run)));
    const qsizetype after = writer.acknowledged().size();
    QTRY_VERIFY_WITH_TIMEOUT(writer.acknowledged().size() >= after + 5, 10000);
    writer.stop();
}

// PAUSE on both PgBouncers, a while held, then the switch retargets and RESUMEs: the client only waited.
void TestHold::holdThenSwitchFailsNoRequest()
{
    const EndpointTarget app = ActionFactory::endpointTarget(*m_inventory, *m_inventory->endpoint(QStringLiteral("app")));
    QCOMPARE(app.instances.size(), 2);
    const auto writer = client();
    writer->start();
    QTRY_VERIFY_WITH_TIMEOUT(writer->acknowledged().size() >= 5, 10000);
    Lines lines;
    ActionContext ctx;
    ctx.output = [&lines](const QString& l) { lines.add(l); };
    HoldAction hold(app, nullptr);
    const StepResult held = hold.run(ctx);
    QVERIFY2(held.ok(), qPrintable(held.error + QLatin1Char('\n') + lines.joined()));
    const qsizetype before = writer->acknowledged().size();
    QTest::qWait(300); // held: the client's INSERT waits in PgBouncer
    QCOMPARE(liveRoute(), QStringLiteral("%1 app PAUSED").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    QVERIFY2(writer->acknowledged().size() <= before + 1, "a write went through while clients were held");
    SwitchAction to(app, ActionFactory::nodeTarget(*m_inventory, *m_inventory->node(QStringLiteral("db1_next"))), QStringLiteral("db1"));
    const StepResult switched = to.run(ctx);
    QVERIFY2(switched.ok(), qPrintable(switched.error + QLatin1Char('\n') + lines.joined()));
    QVERIFY2(lines.joined().contains(QStringLiteral("PAUSED already")), qPrintable(lines.joined()));
    const qsizetype after = writer->acknowledged().size();
    QTRY_VERIFY_WITH_TIMEOUT(writer->acknowledged().size() >= after + 5, 10000);
    writer->stop();
    qInfo("%lld writes, longest wait %lld ms", qint64(writer->acknowledged().size()), writer->longestWaitMs());
    QVERIFY2(writer->failures() == 0, qPrintable(writer->firstError()));
    QCOMPARE(liveRoute(), QStringLiteral("%1 app_next").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    PgConnection next;
    QVERIFY(next.open(db1("app_next")));
    QVERIFY(next.scalar(QStringLiteral("SELECT count(*) FROM direct_writes")).value_or(QStringLiteral("0")).toInt() >= 5);
    verifyNothingLost(*writer);
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
    const auto inserted = client.exec(QStringLiteral("INSERT INTO direct_writes DEFAULT VALUES RETURNING id"));
    QVERIFY2(inserted, qPrintable(client.lastError().message));
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
    QCOMPARE(c.scalar(QStringLiteral("SELECT count(*) FROM direct_writes WHERE id = %1").arg(inserted->value())).value_or(QString()), QStringLiteral("1"));
    QVERIFY(c.exec(QStringLiteral("TRUNCATE direct_writes")));
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
                        "        sql: DO $$ BEGIN RAISE NOTICE 'waiting for pid 4242'; PERFORM pg_sleep(30); END $$\n"
                        "        on: db1\n"
                        "        downtime: writes-begin\n"
                        "        rollback: {sql: SELECT 1, on: db1}\n"
                        "      - id: route\n"
                        "        switch: {endpoint: app, to: db1_next}\n"
                        "        downtime: writes-end\n",
        std::nullopt);
    QVERIFY(c);
    const auto writer = client();
    writer->start();
    QTRY_VERIFY_WITH_TIMEOUT(writer->acknowledged().size() >= 5, 10000);
    QString message;
    QElapsedTimer t;
    t.start();
    const RunOutcome outcome = RunbookHarness::runToEnd(*c, 60000, &message);
    const qint64 runMs = t.elapsed();
    const auto run = RunbookHarness::lastRun(m_journal);
    QVERIFY(run);
    QCOMPARE(outcome, RunOutcome::RolledBack);
    const qsizetype after = writer->acknowledged().size();
    QTRY_VERIFY_WITH_TIMEOUT(writer->acknowledged().size() >= after + 5, 10000);
    writer->stop();
    qInfo("run %lld ms; %lld writes, longest client wait %lld ms", runMs, qint64(writer->acknowledged().size()), writer->longestWaitMs());
    QVERIFY2(writer->failures() == 0, qPrintable(writer->firstError()));
    QCOMPARE(liveRoute(), QStringLiteral("%1 app").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    QStringList events;
    for (const JournalEvent& e : run->events)
        events << e.text;
    const QString all = events.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("cutover: hold (the runbook's), hold_max 1s")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("hold: hold_max (1s) reached during step slow (it last said: NOTICE: waiting for pid 4242): the cutover is aborted")),
        qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("RESUMEd on db1 (the old target)")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("all ")) && all.contains(QStringLiteral("acknowledged writes present")), qPrintable(all));
    verifyNothingLost(*writer);
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
    const auto writer = client();
    std::optional<RunDetail> run;
    runWhileWriting(*c, *writer, RunOutcome::Completed, &run);
    if (QTest::currentTestFailed())
        return;
    qInfo("%lld writes, longest client wait %lld ms", qint64(writer->acknowledged().size()), writer->longestWaitMs());
    QVERIFY2(writer->failures() == 0, qPrintable(writer->firstError()));
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
    verifyNothingLost(*writer);
    backToApp();
}

QByteArray TestHold::fencedCutover(const QByteArray& holdMax, const QByteArray& undoSleep) const
{
    return "runbook: Rollback after the switch\n"
           "cutover: hold\n"
           "hold_max: " + holdMax + "\n"
           "requires: {nodes: [db1, db1_next], endpoints: [app]}\n"
           "phases:\n"
           "  - name: Cut over\n"
           "    steps:\n"
           "      - id: freeze\n"
           "        sql: |\n"
           "          CREATE OR REPLACE FUNCTION rbc_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'fenced'; END $$;\n"
           "          CREATE TRIGGER rbc_fence BEFORE INSERT ON direct_writes FOR EACH STATEMENT EXECUTE FUNCTION rbc_refuse();\n"
           "        on: db1\n"
           "        downtime: writes-begin\n"
           "        rollback: {sql: DROP TRIGGER rbc_fence ON direct_writes, on: db1}\n"
           "      - id: route\n"
           "        switch: {endpoint: app, to: db1_next}\n"
           "        downtime: writes-end\n"
           "      - id: verify\n"
           "        sql: SELECT pg_sleep(0.3); SELECT 1/0\n"
           "        on: db1_next\n"
           "        on_failure: rollback\n"
           "        rollback:\n"
           "          sql:\n" // three queries: the fence is committed (clients meet it) while the undo sleeps
           "            - CREATE OR REPLACE FUNCTION rbc_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'fenced'; END $$;"
           " CREATE TRIGGER rbc_fence BEFORE INSERT ON direct_writes FOR EACH STATEMENT EXECUTE FUNCTION rbc_refuse()\n"
           "            - SELECT pg_sleep(" + undoSleep + ")\n"
           "            - DROP TRIGGER rbc_fence ON direct_writes\n"
           "          on: db1_next\n";
}

QString TestHold::eventsOf(const RunDetail& run)
{
    QStringList events;
    for (const JournalEvent& e : run.events)
        events << e.text;
    return events.join(QLatin1Char('\n'));
}

// A check after the switch fails: the rollback fences the new target, switches back to the old one
// (still fenced) and only then unfences it. Clients are held from the rollback's first entry until
// the old target takes writes again: no write fails, none is lost.
void TestHold::rollbackAfterTheSwitchHoldsClients()
{
    // The new target's fence is dropped at the end of its undo: writes held meanwhile would fail
    // on it only if clients were let go too early.
    auto c = controller(fencedCutover("20s", "0.5"), std::nullopt);
    QVERIFY(c);
    bool heldDuringUndo = false;
    connect(c.get(), &RunController::rollbackStepStarted, this, [&](int, const QString& title) {
        if (title == QLatin1String("Undo: verify"))
            heldDuringUndo = c->isHolding();
    });
    QStringList rollbackSaid;
    connect(c.get(), &RunController::rollbackStepOutput, this, [&](int, const QString& line) { rollbackSaid << line; });
    const auto writer = client();
    std::optional<RunDetail> run;
    runWhileWriting(*c, *writer, RunOutcome::RolledBack, &run);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(heldDuringUndo);
    QVERIFY(!c->isHolding());
    qInfo("%lld writes, longest client wait %lld ms", qint64(writer->acknowledged().size()), writer->longestWaitMs());
    QVERIFY2(writer->failures() == 0, qPrintable(writer->firstError()));
    QCOMPARE(liveRoute(), QStringLiteral("%1 app").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    const QString all = eventsOf(*run);
    qInfo("%s", qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("hold: clients of app are held through the rollback from 'Undo: ")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("then RESUMEd on db1 once the undo of step freeze had run")), qPrintable(all));
    QVERIFY2(!all.contains(QStringLiteral("hold_max (20s) reached")), qPrintable(all));
    // The switch back retargeted without letting clients go.
    QVERIFY2(rollbackSaid.join(QLatin1Char('\n')).contains(QStringLiteral("now routes to 127.0.0.1:%1 (db1), still PAUSED: its clients stay held")
                                                            .arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0))),
        qPrintable(rollbackSaid.join(QLatin1Char('\n'))));
    // The probe measured both holds (the cutover's and the rollback's): nothing failed in either.
    // The cutover's lasts a few ms here (the probe may make no request in it); the rollback's
    // lasts the undo's sleep at least, so the probe's requests were held in it.
    QStringList measured;
    for (const JournalEvent& e : run->events)
        if (e.text.startsWith(QLatin1String(kProbeHoldEventPrefix)))
            measured << e.text;
    QCOMPARE(measured.size(), 2);
    QVERIFY2(measured.last().contains(QStringLiteral("once the undo of step freeze had run")), qPrintable(measured.last()));
    for (const QString& line : std::as_const(measured))
        QVERIFY2(line.contains(QStringLiteral(", 0 failed, longest wait ")), qPrintable(line));
    QVERIFY2(!measured.last().contains(QStringLiteral(": 0 requests")), qPrintable(measured.last()));
    // Clients wrote on the new target between the switch and the rollback, and on the old one after
    // (nothing replicates app_next back to app here: the probe's own check at the end of the run
    // misses its writes made on app_next, which says nothing about the hold).
    PgConnection next;
    QVERIFY(next.open(db1("app_next")));
    QVERIFY(next.scalar(QStringLiteral("SELECT count(*) FROM direct_writes")).value_or(QStringLiteral("0")).toInt() > 0);
    verifyNothingLost(*writer);
}

// The rollback's first entry outlasts hold_max: clients are RESUMEd where the endpoint routes then
// (the new target, fenced by that entry: their writes fail, as in refuse mode), the journal says
// why, and the run still ends rolled back on the old target, not paused.
void TestHold::rollbackHoldEndsAtHoldMax()
{
    auto c = controller(fencedCutover("3s", "6"), std::nullopt);
    QVERIFY(c);
    const auto writer = client();
    std::optional<RunDetail> run;
    runWhileWriting(*c, *writer, RunOutcome::RolledBack, &run);
    if (QTest::currentTestFailed())
        return;
    qInfo("%lld writes, %d failed, longest client wait %lld ms", qint64(writer->acknowledged().size()), writer->failures(), writer->longestWaitMs());
    // Let go at hold_max, clients met the new target's fence until the rollback lifted it.
    QVERIFY2(writer->failures() > 0, "no write failed: the clients were held past hold_max");
    QVERIFY2(writer->firstError().contains(QStringLiteral("fenced")), qPrintable(writer->firstError()));
    QCOMPARE(liveRoute(), QStringLiteral("%1 app").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    const QString all = eventsOf(*run);
    QVERIFY2(all.contains(QStringLiteral("hold: hold_max (3s) reached through the rollback during 'Undo: ")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("then RESUMEd on db1_next at hold_max")), qPrintable(all));
    QVERIFY2(!all.contains(QStringLiteral("once the undo of step freeze had run")), qPrintable(all));
    verifyNothingLost(*writer);
}

// A client is inside a transaction on the new target when the rollback starts: its PAUSE waits
// past hold_max, is given up (what it paused is resumed), the journal says so and the rollback goes
// on without the hold, to its end.
void TestHold::rollbackGoesOnWhenPauseCannotBeHad()
{
    auto c = controller(fencedCutover("2s", "0"), std::nullopt);
    QVERIFY(c);
    PgConnection inside;
    QString opened;
    connect(c.get(), &RunController::stepFinished, this, [&](int index, const StepResult& result, qint64) {
        if (c->steps().value(index).step && c->steps()[index].step->id == QLatin1String("route") && result.ok()) {
            opened = inside.open(m_inventory->endpoint(QStringLiteral("app"))->conninfo) && inside.exec(QStringLiteral("BEGIN"))
                    && inside.exec(QStringLiteral("INSERT INTO direct_writes DEFAULT VALUES"))
                ? QStringLiteral("open")
                : inside.lastError().message;
        }
    });
    // Once the rollback has given up its PAUSE, the client commits (the switch back waits for it too).
    QString committed;
    connect(c.get(), &RunController::notice, this, [&](const QString& line) {
        if (line.contains(QStringLiteral("the rollback goes on without holding them")) && committed.isEmpty())
            committed = inside.exec(QStringLiteral("COMMIT")) ? QStringLiteral("committed") : inside.lastError().message;
    });
    QString message;
    const RunOutcome outcome = RunbookHarness::runToEnd(*c, 120000, &message);
    const auto run = RunbookHarness::lastRun(m_journal);
    QVERIFY(run);
    QCOMPARE(opened, QStringLiteral("open"));
    QCOMPARE(committed, QStringLiteral("committed"));
    QVERIFY2(outcome == RunOutcome::RolledBack, qPrintable(message + QLatin1Char('\n') + RunbookHarness::stepLog(*run)));
    QCOMPARE(liveRoute(), QStringLiteral("%1 app").arg(m_inventory->node(QStringLiteral("db1"))->port.value_or(0)));
    const QString all = eventsOf(*run);
    QVERIFY2(all.contains(QStringLiteral("hold: clients of app are held through the rollback from 'Undo: verify' on")), qPrintable(all));
    static const QRegularExpression gaveUp(QStringLiteral("hold: clients of app held \\d+ ms, then PAUSE did not complete within [0-9.]+ s.*: the rollback goes on without holding them"));
    QVERIFY2(gaveUp.match(all).hasMatch(), qPrintable(all));
    PgConnection next;
    QVERIFY(next.open(db1("app_next")));
    QVERIFY(next.exec(QStringLiteral("TRUNCATE direct_writes")));
}

QTEST_GUILESS_MAIN(TestHold)
#include "tst_hold.moc"
