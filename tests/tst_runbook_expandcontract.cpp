// runbooks/expand-contract-column.yaml end to end on a real sandbox: users.avatar varchar(100), a
// file name, becomes avatar_url varchar(1000) NOT NULL, a URL, in four phases. Between the phases the test plays the
// applications (old ones writing only avatar, new ones writing only avatar_url) and checks that
// both work and stay in sync; it holds a conflicting lock while a DDL step runs and shows the step
// retrying without stalling readers; it injects failures at the end of phases 1 and 2 and checks
// that the rollback restores the schema exactly; it shows the runbook refusing a column others
// depend on, and dropping the invalid index a failed CREATE INDEX CONCURRENTLY leaves before its
// retry. One sandbox for all: the refusal and rollback cases leave it as they found it, the full
// run goes last.
#include "core/pgconnection.h"
#include "engine/runcontroller.h"
#include "journal/rundetail.h"
#include "runbook/documentloader.h"
#include "runbook/runbookvalidator.h"
#include "sandbox/sandbox.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <atomic>
#include <thread>

namespace {
const QString kDefaultUrl = QStringLiteral("https://img.example.test/default-avatar.png");
const QString kBaseUrl = QStringLiteral("https://img.example.test/avatars/"); // where the files avatar names live
const QString kRunbookPath = QStringLiteral(RBC_SOURCE_DIR "/runbooks/expand-contract-column.yaml");

// Everything about users' shape that the runbook touches: columns (type, NOT NULL, default),
// constraints, indexes, triggers, and whether the sync function exists.
const char* const kSchemaQuery = R"sql(
SELECT concat_ws(E'\n',
  (SELECT string_agg(format('%s %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                            CASE WHEN a.attnotnull THEN ' not null' END,
                            ' default ' || pg_get_expr(d.adbin, d.adrelid)), ', ' ORDER BY a.attnum)
     FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = 'users'::regclass AND a.attnum > 0 AND NOT a.attisdropped),
  'constraints: ' || (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), ', ' ORDER BY conname)
                        FROM pg_constraint WHERE conrelid = 'users'::regclass),
  'indexes: ' || (SELECT string_agg(pg_get_indexdef(indexrelid), ', ' ORDER BY indexrelid::regclass::text)
                    FROM pg_index WHERE indrelid = 'users'::regclass),
  'triggers: ' || coalesce((SELECT string_agg(tgname, ', ' ORDER BY tgname) FROM pg_trigger
                             WHERE tgrelid = 'users'::regclass AND NOT tgisinternal), 'none'),
  'sync function: ' || coalesce(to_regproc('users_avatar_sync')::text, 'none'))
)sql";

const char* const kAvatarDigest
    = "SELECT count(*) || ' ' || md5(string_agg(id || '=' || coalesce(avatar, '<null>'), ',' ORDER BY id)) FROM users";

// Both columns of one row, NULL shown as <null>.
QString pairSql(const QString& id)
{
    return QStringLiteral("SELECT coalesce(avatar, '<null>') || ' | ' || coalesce(avatar_url, '<null>') FROM users WHERE id = %1").arg(id);
}

// Repeats a simple read on users and remembers the longest wait.
class Reader {
public:
    explicit Reader(QString conninfo)
        : m_conninfo(std::move(conninfo))
    {
    }
    ~Reader() { stop(); }
    void start()
    {
        m_thread = std::thread([this] {
            PgConnection c;
            if (!c.open(m_conninfo)) {
                m_errors.fetch_add(1);
                return;
            }
            while (!m_stop.load()) {
                QElapsedTimer t;
                t.start();
                if (!c.scalar(QStringLiteral("SELECT avatar FROM users WHERE id = 1")))
                    m_errors.fetch_add(1);
                const qint64 ms = t.elapsed();
                if (ms > m_maxMs.load())
                    m_maxMs.store(ms);
                m_reads.fetch_add(1);
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
    }
    void stop()
    {
        m_stop.store(true);
        if (m_thread.joinable())
            m_thread.join();
    }
    qint64 maxMs() const { return m_maxMs.load(); }
    int reads() const { return m_reads.load(); }
    int errors() const { return m_errors.load(); }

private:
    QString m_conninfo;
    std::thread m_thread;
    std::atomic<bool> m_stop { false };
    std::atomic<qint64> m_maxMs { 0 };
    std::atomic<int> m_reads { 0 };
    std::atomic<int> m_errors { 0 };
};

// Old and new application versions writing at the same time as the backfill: v1 writes only
// avatar, v3 only avatar_url; rows with id % 97 = 0, and rows of its own.
class AppWriter {
public:
    explicit AppWriter(QString conninfo)
        : m_conninfo(std::move(conninfo))
    {
    }
    ~AppWriter() { stop(); }
    void start()
    {
        m_thread = std::thread([this] {
            PgConnection c;
            if (!c.open(m_conninfo)) {
                m_lastError = QStringLiteral("connect: ") + c.lastError().message;
                m_errors.fetch_add(1);
                return;
            }
            for (int n = 1; !m_stop.load(); ++n) {
                const int id = 97 * (1 + (n * 13) % 100);
                QString sql;
                switch (n % 4) {
                case 0:
                    sql = QStringLiteral("UPDATE users SET avatar = 'v1-%1.png' WHERE id = %2").arg(n).arg(id);
                    break;
                case 1:
                    sql = QStringLiteral("UPDATE users SET avatar_url = 'https://cdn.example.test/v3/%1.png' WHERE id = %2").arg(n).arg(id);
                    break;
                case 2:
                    sql = QStringLiteral("INSERT INTO users (email, display_name, avatar, created_at) "
                                         "VALUES ('race-v1-%1@example.test', 'race', %2, now())")
                              .arg(n)
                              .arg(n % 8 == 2 ? QStringLiteral("NULL") : QStringLiteral("'race-%1.png'").arg(n));
                    break;
                default:
                    sql = QStringLiteral("UPDATE users SET avatar = NULL WHERE id = %1").arg(id);
                    break;
                }
                if (!c.exec(sql)) {
                    m_lastError = c.lastError().message;
                    m_errors.fetch_add(1);
                }
                m_writes.fetch_add(1);
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
        });
    }
    void stop()
    {
        m_stop.store(true);
        if (m_thread.joinable())
            m_thread.join();
    }
    int writes() const { return m_writes.load(); }
    int errors() const { return m_errors.load(); }
    QString lastError() const { return m_lastError; }

private:
    QString m_conninfo;
    std::thread m_thread;
    std::atomic<bool> m_stop { false };
    std::atomic<int> m_writes { 0 };
    std::atomic<int> m_errors { 0 };
    QString m_lastError; // read after stop()
};
} // namespace

class TestRunbookExpandContract : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void validatesAndPlans();
    void refusesAColumnOthersUse();
    void failureAtEndOfPhase1RollsBackExactly();
    void failureAtEndOfPhase2RollsBackExactly();
    void fullRunKeepsOldAndNewAppsWorking();

private:
    QString nodeConninfo() const;
    QString appConninfo() const;
    QString db(const QString& sql); // as postgres on the primary
    QString app(const QString& sql); // as the application, through PgBouncer
    QString insertAsApp(const QString& columns, const QString& values);
    std::unique_ptr<RunController> controller(const QString& runbookPath, bool confirmManual, bool rollbackOnFailure);
    QString writeRunbook(const QByteArray& yaml);
    QByteArray runbookUpTo(const QString& phaseHeader);
    std::optional<RunDetail> lastRun();
    void checkRollbackRestored(const QByteArray& partialRunbook);
    void checkAppsAtGate(const QString& stage);
    static int stepIndex(const RunController& c, const QString& id);

    QTemporaryDir m_tmp { QDir::tempPath() + QStringLiteral("/rbc-tst-expandcontract-XXXXXX") };
    std::unique_ptr<Sandbox> m_sandbox;
    QString m_journal;
    QString m_schemaBefore;
    QString m_avatarsBefore;
    int m_files = 0;
    int m_emails = 0;
};

void TestRunbookExpandContract::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
    QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup | QFile::ExeGroup);
    m_sandbox = std::make_unique<Sandbox>(m_tmp.filePath(QStringLiteral("sb")));
    SandboxOptions o;
    o.seedScale = 0.2; // 10000 users
    QString error;
    QElapsedTimer t;
    t.start();
    QVERIFY2(m_sandbox->up(o, {}, &error), qPrintable(error));
    qInfo("sandbox up in %lld ms", t.elapsed());
    m_journal = m_tmp.filePath(QStringLiteral("journal.sqlite"));
    m_schemaBefore = db(QString::fromLatin1(kSchemaQuery));
    m_avatarsBefore = db(QString::fromLatin1(kAvatarDigest));
    QVERIFY2(m_schemaBefore.startsWith(QStringLiteral("id integer not null")), qPrintable(m_schemaBefore));
    QVERIFY2(m_schemaBefore.contains(QStringLiteral("avatar character varying(100),")), qPrintable(m_schemaBefore));
    QVERIFY(m_avatarsBefore.startsWith(QStringLiteral("10000 ")));
}

void TestRunbookExpandContract::cleanupTestCase()
{
    if (m_sandbox) {
        QString error;
        if (!m_sandbox->down({}, &error))
            qWarning("sandbox down: %s", qPrintable(error));
    }
}

QString TestRunbookExpandContract::nodeConninfo() const
{
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    return inv.inventory->resolveNode(QStringLiteral("old_primary"))->conninfo;
}

QString TestRunbookExpandContract::appConninfo() const
{
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    return inv.inventory->endpoint(QStringLiteral("app"))->conninfo;
}

static QString scalarOn(const QString& conninfo, const QString& sql)
{
    PgConnection c;
    if (!c.open(conninfo))
        return QStringLiteral("connect failed: ") + c.lastError().message;
    const auto v = c.scalar(sql);
    return v ? *v : QStringLiteral("error %1: %2").arg(c.lastError().sqlstate, c.lastError().message);
}

QString TestRunbookExpandContract::db(const QString& sql)
{
    return scalarOn(nodeConninfo(), sql);
}

QString TestRunbookExpandContract::app(const QString& sql)
{
    return scalarOn(appConninfo(), sql);
}

// An application's INSERT into users naming only the given avatar column(s); returns the new id.
QString TestRunbookExpandContract::insertAsApp(const QString& columns, const QString& values)
{
    ++m_emails;
    return app(QStringLiteral("INSERT INTO users (email, display_name, created_at%1) VALUES ('app-%2@example.test', 'App %2', now()%3) RETURNING id")
                   .arg(columns.isEmpty() ? QString() : QStringLiteral(", ") + columns)
                   .arg(m_emails)
                   .arg(values.isEmpty() ? QString() : QStringLiteral(", ") + values));
}

QString TestRunbookExpandContract::writeRunbook(const QByteArray& yaml)
{
    const QString path = m_tmp.filePath(QStringLiteral("runbook-%1.yaml").arg(++m_files));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QString();
    f.write(yaml);
    return path;
}

// The shipped runbook's text up to (not including) the given phase, with a failing step appended
// to the last phase kept.
QByteArray TestRunbookExpandContract::runbookUpTo(const QString& phaseHeader)
{
    QFile f(kRunbookPath);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray text = f.readAll();
    const qsizetype cut = text.indexOf(QByteArray("\n  - name: ") + phaseHeader.toUtf8() + '\n');
    if (cut < 0)
        return {};
    text.truncate(cut + 1);
    text += "      - id: injected-failure\n"
            "        title: Fail at the end of the phase\n"
            "        sql: SELECT 1/0\n"
            "        on: old_primary\n";
    return text;
}

std::unique_ptr<RunController> TestRunbookExpandContract::controller(const QString& path, bool confirmManual, bool rollbackOnFailure)
{
    LoadedDocument rb = DocumentLoader::loadRunbook(path);
    const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
    if (rb.runbook && inv.ok())
        rb.diagnostics += RunbookValidator::inventoryProblems(*rb.runbook, *inv.inventory);
    for (const Diagnostic& d : rb.diagnostics + inv.diagnostics)
        qWarning("%s", qPrintable(d.toString()));
    if (!rb.ok() || !inv.ok() || !rb.diagnostics.isEmpty())
        return nullptr;
    RunOptions o;
    o.runbookPath = path;
    o.inventoryPath = m_sandbox->inventoryPath();
    o.journalPath = m_journal;
    o.rollbackOnFailure = rollbackOnFailure;
    o.confirmManualSteps = confirmManual;
    return std::make_unique<RunController>(*rb.runbook, *inv.inventory, o);
}

std::optional<RunDetail> TestRunbookExpandContract::lastRun()
{
    RunJournal j;
    if (!j.open(m_journal))
        return std::nullopt;
    return j.run(QStringLiteral("last"));
}

int TestRunbookExpandContract::stepIndex(const RunController& c, const QString& id)
{
    for (int i = 0; i < c.steps().size(); ++i)
        if (c.steps()[i].step->id == id)
            return i;
    return -1;
}

void TestRunbookExpandContract::validatesAndPlans()
{
    QProcess validate;
    validate.start(QStringLiteral(RBC_CONSOLE_BINARY),
        { QStringLiteral("validate"), kRunbookPath, QStringLiteral("--inventory"), m_sandbox->inventoryPath() });
    QVERIFY(validate.waitForFinished(30000));
    QVERIFY2(validate.exitCode() == 0, validate.readAllStandardError().constData());
    QVERIFY(validate.readAllStandardOutput().contains("ok (runbook)"));

    QProcess plan;
    plan.start(QStringLiteral(RBC_CONSOLE_BINARY), { QStringLiteral("plan"), kRunbookPath, QStringLiteral("--inventory"), m_sandbox->inventoryPath() });
    QVERIFY(plan.waitForFinished(30000));
    const QByteArray out = plan.readAllStandardOutput();
    QVERIFY2(plan.exitCode() == 0, plan.readAllStandardError().constData());
    // The default URL went in as a literal; the backfill's batch size as a cast literal.
    QVERIFY2(out.contains("fallback constant text := 'https://img.example.test/default-avatar.png';"), out.constData());
    QVERIFY2(out.contains("LIMIT '1000'::int"), out.constData());
    QVERIFY2(out.contains("db1"), out.constData());
}

void TestRunbookExpandContract::refusesAColumnOthersUse()
{
    // A report's view reads users.avatar and an index covers it: dropping the column in the
    // contract phase would fail (the view) or take the index along. Refused before any change.
    QCOMPARE(db(QStringLiteral("CREATE VIEW users_with_avatars AS SELECT id, avatar FROM users WHERE avatar IS NOT NULL; "
                               "CREATE INDEX users_avatar_idx ON users (avatar); SELECT 'ok'")),
        QStringLiteral("ok"));
    const QString schemaWithThem = db(QString::fromLatin1(kSchemaQuery));
    auto c = controller(kRunbookPath, true, true);
    QVERIFY(c);
    QSignalSpy finished(c.get(), &RunController::runFinished);
    QTimer::singleShot(0, c.get(), &RunController::start);
    QVERIFY(finished.wait(60000) || !finished.isEmpty());
    const QString message = finished.first().at(1).toString();
    const auto run = lastRun();
    QVERIFY(run.has_value());
    bool refused = false;
    for (const StepRecord& s : run->steps)
        if (s.stepId == QLatin1String("check-avatar-dependencies") && s.result.outcome == StepOutcome::Failed)
            refused = s.result.error.contains(QStringLiteral("users_with_avatars")) && s.result.error.contains(QStringLiteral("users_avatar_idx"));
    QVERIFY2(refused, qPrintable(message));
    QCOMPARE(db(QString::fromLatin1(kSchemaQuery)), schemaWithThem); // nothing changed
    QCOMPARE(db(QStringLiteral("DROP VIEW users_with_avatars; DROP INDEX users_avatar_idx; SELECT 'ok'")), QStringLiteral("ok"));
    QCOMPARE(db(QString::fromLatin1(kSchemaQuery)), m_schemaBefore);
}

void TestRunbookExpandContract::checkRollbackRestored(const QByteArray& partial)
{
    QVERIFY(!partial.isEmpty());
    auto c = controller(writeRunbook(partial), true, true);
    QVERIFY(c);
    QSignalSpy finished(c.get(), &RunController::runFinished);
    QSignalSpy rollbackOutput(c.get(), &RunController::rollbackStepOutput);
    QTimer::singleShot(0, c.get(), &RunController::start);
    QVERIFY(finished.wait(120000) || !finished.isEmpty());
    QCOMPARE(finished.first().at(0).value<RunOutcome>(), RunOutcome::RolledBack);

    // Exactly the schema and the avatars of before the run: no avatar_url, no trigger, no
    // function, no constraint or index left behind.
    QCOMPARE(db(QString::fromLatin1(kSchemaQuery)), m_schemaBefore);
    QCOMPARE(db(QString::fromLatin1(kAvatarDigest)), m_avatarsBefore);
    QCOMPARE(db(QStringLiteral("SELECT count(*) FROM pg_proc WHERE proname = 'users_avatar_sync'")), QStringLiteral("0"));

    const auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(run->run.outcome, RunOutcome::RolledBack);
    bool failedInjected = false;
    QStringList undone;
    for (const StepRecord& s : run->steps) {
        if (s.isRollback) {
            QCOMPARE(s.result.outcome, StepOutcome::Succeeded);
            undone << s.stepId;
        } else if (s.stepId == QLatin1String("injected-failure")) {
            failedInjected = s.result.outcome == StepOutcome::Failed && s.result.sqlstate == QLatin1String("22012");
        } else {
            QCOMPARE(s.result.outcome, StepOutcome::Succeeded);
        }
    }
    QVERIFY(failedInjected);
    // The operator is told to roll the application back before the schema is.
    QVERIFY(undone.indexOf(QStringLiteral("deploy-v2")) >= 0);
    QVERIFY(undone.indexOf(QStringLiteral("deploy-v2")) < undone.indexOf(QStringLiteral("create-sync-trigger")));
    QVERIFY(undone.indexOf(QStringLiteral("create-sync-trigger")) < undone.indexOf(QStringLiteral("add-avatar-url")));
    bool toldOperator = false;
    for (const QList<QVariant>& args : rollbackOutput)
        toldOperator = toldOperator || args.at(1).toString().startsWith(QStringLiteral("MANUAL: Roll the application back to v1"));
    QVERIFY(toldOperator);
    qInfo("rolled back: %s", qPrintable(undone.join(QStringLiteral(", "))));
}

void TestRunbookExpandContract::failureAtEndOfPhase1RollsBackExactly()
{
    checkRollbackRestored(runbookUpTo(QStringLiteral("2 Migrate")));
}

void TestRunbookExpandContract::failureAtEndOfPhase2RollsBackExactly()
{
    checkRollbackRestored(runbookUpTo(QStringLiteral("3 Contract")));
    if (QTest::currentTestFailed())
        return;
    const auto run = lastRun();
    QStringList undone;
    for (const StepRecord& s : run->steps)
        if (s.isRollback)
            undone << s.stepId;
    // Phase 2's own undo steps ran first, in reverse order.
    QCOMPARE(undone.mid(0, 4),
        (QStringList { QStringLiteral("deploy-v3"), QStringLiteral("set-not-null"), QStringLiteral("add-not-null-check"),
            QStringLiteral("index-unfilled-rows") }));
}

// Old (v1: avatar, a file name, only) and new (avatar_url, a URL, only) application writes while
// both columns exist.
void TestRunbookExpandContract::checkAppsAtGate(const QString& stage)
{
    const QString d = kDefaultUrl;
    const QString b = kBaseUrl;
    // v1 inserts with and without an avatar: the URL is made from the file name.
    QString id = insertAsApp(QStringLiteral("avatar"), QStringLiteral("'%1-v1.png'").arg(stage));
    QCOMPARE(app(pairSql(id)), QStringLiteral("%1-v1.png | %2%1-v1.png").arg(stage, b));
    id = insertAsApp(QString(), QString());
    QCOMPARE(app(pairSql(id)), QStringLiteral("<null> | ") + d);
    // v3 inserts naming only avatar_url: v1 readers see the file name of one of our URLs...
    id = insertAsApp(QStringLiteral("avatar_url"), QStringLiteral("'%1%2-v3.png'").arg(b, stage));
    QCOMPARE(app(pairSql(id)), QStringLiteral("%1-v3.png | %2%1-v3.png").arg(stage, b));
    // ... and no avatar for one on another domain, or one whose name would not fit the old column.
    id = insertAsApp(QStringLiteral("avatar_url"), QStringLiteral("'https://cdn.example.test/%1-v3.png'").arg(stage));
    QCOMPARE(app(pairSql(id)), QStringLiteral("<null> | https://cdn.example.test/%1-v3.png").arg(stage));
    const QString longUrl = b + QString(150, QLatin1Char('x')) + QStringLiteral(".png");
    id = insertAsApp(QStringLiteral("avatar_url"), QStringLiteral("'%1'").arg(longUrl));
    QCOMPARE(app(pairSql(id)), QStringLiteral("<null> | ") + longUrl);
    // v2 writes both.
    id = insertAsApp(QStringLiteral("avatar, avatar_url"), QStringLiteral("'%1-v2.png', '%2%1-v2.png'").arg(stage, b));
    QCOMPARE(app(pairSql(id)), QStringLiteral("%1-v2.png | %2%1-v2.png").arg(stage, b));

    // Updates, on a seeded row (id % 97 = 0: the rows the test may change).
    const QString row = stage == QLatin1String("expand") ? QStringLiteral("9700") : QStringLiteral("9603");
    QCOMPARE(app(QStringLiteral("UPDATE users SET avatar = '%1-upd-v1.png' WHERE id = %2 RETURNING 'ok'").arg(stage, row)), QStringLiteral("ok"));
    QCOMPARE(app(pairSql(row)), QStringLiteral("%1-upd-v1.png | %2%1-upd-v1.png").arg(stage, b));
    QCOMPARE(app(QStringLiteral("UPDATE users SET avatar = NULL WHERE id = %1 RETURNING 'ok'").arg(row)), QStringLiteral("ok"));
    QCOMPARE(app(pairSql(row)), QStringLiteral("<null> | ") + d);
    QCOMPARE(app(QStringLiteral("UPDATE users SET avatar_url = '%1%2-upd-v3.png' WHERE id = %3 RETURNING 'ok'").arg(b, stage, row)), QStringLiteral("ok"));
    QCOMPARE(app(pairSql(row)), QStringLiteral("%1-upd-v3.png | %2%1-upd-v3.png").arg(stage, b));
    QCOMPARE(app(QStringLiteral("UPDATE users SET avatar_url = '%1' WHERE id = %2 RETURNING 'ok'").arg(d, row)), QStringLiteral("ok"));
    QCOMPARE(app(pairSql(row)), QStringLiteral("<null> | ") + d);
    // A v1 update of another column leaves the avatar alone.
    QCOMPARE(app(QStringLiteral("UPDATE users SET display_name = 'Renamed' WHERE id = 195 RETURNING 'ok'")), QStringLiteral("ok"));
    QCOMPARE(app(QStringLiteral("SELECT avatar IS NOT DISTINCT FROM (SELECT avatar FROM rbc_avatar_before WHERE id = 195) FROM users WHERE id = 195")),
        QStringLiteral("t"));
}

void TestRunbookExpandContract::fullRunKeepsOldAndNewAppsWorking()
{
    const QString d = kDefaultUrl;
    // What every avatar was before the migration; the test's own writes only touch rows with
    // id % 97 = 0 and rows it inserts.
    QCOMPARE(db(QStringLiteral("CREATE TABLE rbc_avatar_before AS SELECT id, avatar FROM users; GRANT SELECT ON rbc_avatar_before TO app; SELECT 'ok'")),
        QStringLiteral("ok"));

    // The shipped runbook itself; the manual gates wait for the test, which plays the deploys.
    auto c = controller(kRunbookPath, false, false);
    QVERIFY(c);
    const int addColumn = stepIndex(*c, QStringLiteral("add-avatar-url"));
    const int backfill = stepIndex(*c, QStringLiteral("backfill-avatar-url"));
    QVERIFY(addColumn >= 0 && backfill >= 0);
    QSignalSpy started(c.get(), &RunController::stepStarted);
    QSignalSpy output(c.get(), &RunController::stepOutput);
    QSignalSpy progress(c.get(), &RunController::stepProgress);
    QSignalSpy gates(c.get(), &RunController::manualGateReached);
    QSignalSpy finished(c.get(), &RunController::runFinished);
    QSignalSpy measured(c.get(), &RunController::measuredDowntimeChanged);

    // A transaction that read users stays open: the ALTER TABLE of add-avatar-url cannot get its
    // lock. It is released 1.5 s after the step starts, past the step's 1 s lock_timeout.
    auto holder = std::make_shared<PgConnection>();
    QVERIFY(holder->open(nodeConninfo()));
    QVERIFY(holder->exec(QStringLiteral("BEGIN")));
    QVERIFY(holder->exec(QStringLiteral("SELECT count(*) FROM users")));
    auto released = std::make_shared<bool>(false);
    connect(c.get(), &RunController::stepStarted, this, [holder, released, addColumn, this](int index, qint64) {
        if (index == addColumn)
            QTimer::singleShot(1500, this, [holder, released] {
                holder->exec(QStringLiteral("COMMIT"));
                *released = true;
            });
    });
    Reader reader(nodeConninfo());
    reader.start();

    QElapsedTimer runClock;
    runClock.start();
    QTimer::singleShot(0, c.get(), &RunController::start);

    // ---- Phase 1 done: at the gate "deploy v2".
    QTRY_VERIFY_WITH_TIMEOUT(gates.size() == 1 || !finished.isEmpty(), 60000);
    QVERIFY2(finished.isEmpty(), qPrintable(finished.value(0).value(1).toString()));
    reader.stop();
    QVERIFY(*released);
    QCOMPARE(reader.errors(), 0);
    QVERIFY(reader.reads() > 20);
    // Readers queued behind the waiting ALTER TABLE, but never longer than its lock_timeout.
    qInfo("longest simple SELECT on users while the DDL waited for its lock: %lld ms (%d reads)", reader.maxMs(), reader.reads());
    QVERIFY2(reader.maxMs() >= 500, qPrintable(QString::number(reader.maxMs())));
    QVERIFY2(reader.maxMs() < 1000 + 400, qPrintable(QString::number(reader.maxMs())));
    QStringList addColumnLines;
    for (const QList<QVariant>& args : output)
        if (args.at(0).toInt() == addColumn)
            addColumnLines << args.at(1).toString();
    QVERIFY2(addColumnLines.join(QLatin1Char('\n')).contains(QStringLiteral("retry 1/30 in 1000 ms after lock_not_available (55P03)")),
        qPrintable(addColumnLines.join(QLatin1Char('\n'))));
    QVERIFY(addColumnLines.last().startsWith(QStringLiteral("ALTER TABLE")));

    QCOMPARE(db(QStringLiteral("SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'avatar_url'")),
        QStringLiteral("character varying(1000) false"));
    checkAppsAtGate(QStringLiteral("expand"));
    if (QTest::currentTestFailed())
        return;

    // A report holds a snapshot open: CREATE INDEX CONCURRENTLY waits for it, gives up after its
    // 1 s lock_timeout and leaves an invalid index, which the retry must drop. Released 1.5 s
    // after the step starts.
    const int indexStep = stepIndex(*c, QStringLiteral("index-unfilled-rows"));
    auto snapshot = std::make_shared<PgConnection>();
    QVERIFY(snapshot->open(nodeConninfo()));
    QVERIFY(snapshot->exec(QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ")));
    QVERIFY(snapshot->exec(QStringLiteral("SELECT count(*) FROM podcasts")));
    connect(c.get(), &RunController::stepStarted, this, [snapshot, indexStep, this](int index, qint64) {
        if (index == indexStep)
            QTimer::singleShot(1500, this, [snapshot] { snapshot->exec(QStringLiteral("COMMIT")); });
    });

    // Deploy v2; during phase 2 old and new application writes race with the backfill.
    AppWriter writer(appConninfo());
    writer.start();
    c->confirmManualStep(gates.first().at(0).toInt(), QStringLiteral("test: v2 deployed"));

    // ---- Phase 2 done: at the gate "deploy v3".
    QTRY_VERIFY_WITH_TIMEOUT(gates.size() == 2 || !finished.isEmpty(), 120000);
    writer.stop();
    QVERIFY2(finished.isEmpty(), qPrintable(finished.value(0).value(1).toString()));
    QVERIFY2(writer.errors() == 0, qPrintable(writer.lastError()));
    QVERIFY(writer.writes() > 10);
    qInfo("racing application writes during phase 2: %d", writer.writes());

    // The backfill reported (done, total) after every batch, up to all rows.
    QList<QPair<qint64, qint64>> seen;
    for (const QList<QVariant>& args : progress)
        if (args.at(0).toInt() == backfill)
            seen << qMakePair(args.at(1).toLongLong(), args.at(2).toLongLong());
    QVERIFY2(seen.size() >= 10, qPrintable(QString::number(seen.size()))); // 10000 rows, 1000 a batch
    QVERIFY(seen.first().first < seen.last().first);
    QVERIFY(seen.last().second >= 10000);
    QCOMPARE(seen.last().first, seen.last().second);

    // avatar_url NOT NULL, the check and the backfill's index gone, both columns still in sync.
    QCOMPARE(db(QStringLiteral("SELECT format_type(atttypid, atttypmod) || ' ' || attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'avatar_url'")),
        QStringLiteral("character varying(1000) true"));
    QCOMPARE(db(QStringLiteral("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'c'")), QStringLiteral("0"));
    QCOMPARE(db(QStringLiteral("SELECT to_regclass('users_avatar_url_todo_idx') IS NULL")), QStringLiteral("t"));
    QCOMPARE(db(QStringLiteral("SELECT count(*) FROM users WHERE (avatar IS NOT NULL AND avatar_url IS DISTINCT FROM '%2' || avatar) "
                               "OR (avatar IS NULL AND avatar_url <> '%1' AND left(avatar_url, length('%2')) = '%2' "
                               "AND length(avatar_url) - length('%2') <= 100)")
                    .arg(d, kBaseUrl)),
        QStringLiteral("0"));
    // The first CREATE INDEX CONCURRENTLY gave up behind the report; its invalid index went before the retry.
    QStringList indexLines;
    for (const QList<QVariant>& args : output)
        if (args.at(0).toInt() == indexStep)
            indexLines << args.at(1).toString();
    QVERIFY2(indexLines.join(QLatin1Char('\n')).contains(QStringLiteral("after lock_not_available")), qPrintable(indexLines.join(QLatin1Char('\n'))));
    QVERIFY2(indexLines.join(QLatin1Char('\n')).contains(QStringLiteral("dropped the invalid index users_avatar_url_todo_idx")),
        qPrintable(indexLines.join(QLatin1Char('\n'))));
    // Rows nobody wrote still hold their old avatar.
    QCOMPARE(db(QStringLiteral("SELECT count(*) FROM rbc_avatar_before b JOIN users u USING (id) WHERE b.id % 97 <> 0 AND u.avatar IS DISTINCT FROM b.avatar")),
        QStringLiteral("0"));
    checkAppsAtGate(QStringLiteral("migrate"));
    if (QTest::currentTestFailed())
        return;
    // The avatar each row ended phase 2 with: what avatar_url must hold after the contract.
    QCOMPARE(db(QStringLiteral("CREATE TABLE rbc_avatar_migrated AS SELECT id, avatar, avatar_url FROM users; SELECT 'ok'")), QStringLiteral("ok"));

    // Deploy v3; the contract and finish phases run to the end.
    c->confirmManualStep(gates.at(1).at(0).toInt(), QStringLiteral("test: v3 deployed"));
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
    QVERIFY2(finished.first().at(0).value<RunOutcome>() == RunOutcome::Completed, qPrintable(finished.first().at(1).toString()));
    qInfo("whole run (gates included) in %lld ms", runClock.elapsed());

    // users: avatar_url varchar(1000) NOT NULL with the default, no avatar, nothing of the migration left.
    const QString schema = db(QString::fromLatin1(kSchemaQuery));
    QVERIFY2(schema.contains(QStringLiteral("avatar_url character varying(1000) not null default '%1'::character varying").arg(d)), qPrintable(schema));
    QVERIFY2(!schema.contains(QStringLiteral("avatar ")), qPrintable(schema));
    QVERIFY2(schema.contains(QStringLiteral("triggers: none")), qPrintable(schema));
    QVERIFY2(schema.contains(QStringLiteral("sync function: none")), qPrintable(schema));
    QVERIFY2(!schema.contains(QStringLiteral("todo_idx")) && !schema.contains(QStringLiteral("avatar_url_not_null")), qPrintable(schema));
    // Every row's avatar_url is its old avatar, or the default where it had none.
    QCOMPARE(db(QStringLiteral("SELECT count(*) FROM users u LEFT JOIN rbc_avatar_migrated m USING (id) "
                               "WHERE m.id IS NULL OR u.avatar_url <> m.avatar_url "
                               "OR (m.avatar IS NOT NULL AND u.avatar_url <> '%2' || m.avatar) "
                               "OR (m.avatar IS NULL AND u.avatar_url <> '%1' AND left(u.avatar_url, length('%2')) = '%2' "
                               "AND length(u.avatar_url) - length('%2') <= 100)")
                    .arg(d, kBaseUrl)),
        QStringLiteral("0"));
    // The file names of rows nobody wrote became URLs: the seed's example, converted.
    const QString converted = QStringLiteral("CASE WHEN b.avatar IS NULL THEN '%1' ELSE '%2' || b.avatar END").arg(d, kBaseUrl);
    QCOMPARE(db(QStringLiteral("SELECT count(*) FROM users u JOIN rbc_avatar_before b USING (id) WHERE b.id % 97 <> 0 AND u.avatar_url <> %1").arg(converted)),
        QStringLiteral("0"));
    QCOMPARE(db(QStringLiteral("SELECT count(*) FROM rbc_avatar_before WHERE id % 97 <> 0")),
        db(QStringLiteral("SELECT count(*) FROM users u JOIN rbc_avatar_before b USING (id) WHERE b.id % 97 <> 0 AND u.avatar_url = %1").arg(converted)));
    QCOMPARE(db(QStringLiteral("SELECT avatar_url FROM users WHERE id = 1")), kBaseUrl + db(QStringLiteral("SELECT avatar FROM rbc_avatar_before WHERE id = 1")));
    QCOMPARE(db(QStringLiteral("SELECT count(*) FROM users WHERE avatar_url = '%1' AND id <= 10000 AND id % 97 <> 0").arg(d)),
        QStringLiteral("1980")); // every 5th seeded user had no avatar
    // v3 after the contract: an insert that leaves avatar_url out gets the default.
    const QString id = insertAsApp(QString(), QString());
    QCOMPARE(app(QStringLiteral("SELECT avatar_url FROM users WHERE id = %1").arg(id)), d);

    // The journal: a complete run, no downtime measured, every probe write still there.
    const auto run = lastRun();
    QVERIFY(run.has_value());
    QCOMPARE(run->run.outcome, RunOutcome::Completed);
    QVERIFY2(run->windows.isEmpty(), qPrintable(QStringLiteral("%1 window(s), first: %2 %3").arg(run->windows.size()).arg(run->windows.value(0).kind, run->windows.value(0).source)));
    QVERIFY(measured.isEmpty());
    bool verified = false;
    for (const JournalEvent& e : run->events) {
        static const QRegularExpression all(QStringLiteral("all ([1-9][0-9]*) acknowledged writes present"));
        if (const auto m = all.match(e.text); m.hasMatch()) {
            verified = true;
            qInfo("%s", qPrintable(e.text));
        }
    }
    QVERIFY(verified);
    QMap<QString, qint64> phaseMs;
    QStringList phases;
    for (const StepRecord& s : run->steps) {
        QCOMPARE(s.result.outcome, StepOutcome::Succeeded);
        QVERIFY(!s.isRollback);
        if (s.kind == QLatin1String("manual"))
            continue; // the test's own time at the gates
        if (!phaseMs.contains(s.phase))
            phases << s.phase;
        phaseMs[s.phase] += s.durationMs.value_or(0);
        if (s.stepId == QLatin1String("add-avatar-url"))
            QVERIFY(s.result.output.contains(QStringLiteral("lock_not_available")));
        if (s.stepId == QLatin1String("backfill-avatar-url")) {
            QVERIFY2(s.result.output.contains(QStringLiteral("chunk 1: ")), qPrintable(s.result.output));
            QVERIFY2(s.result.output.contains(QStringLiteral("done: ")), qPrintable(s.result.output));
        }
        qInfo("  %-10s %-26s %6lld ms", qPrintable(s.phase.left(10)), qPrintable(s.stepId), s.durationMs.value_or(-1));
    }
    for (const QString& p : phases)
        qInfo("phase %s: %lld ms (gates excluded)", qPrintable(p), phaseMs.value(p));
    QCOMPARE(phases.size(), 4);

    db(QStringLiteral("DROP TABLE rbc_avatar_before; DROP TABLE rbc_avatar_migrated"));
}

QTEST_GUILESS_MAIN(TestRunbookExpandContract)
#include "tst_runbook_expandcontract.moc"
