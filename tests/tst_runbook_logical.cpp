// runbooks/logical-replication-move.yaml end to end on a real sandbox whose source runs
// PostgreSQL 14 (RBC_PG14_BINDIR) and whose target is created by the runbook on 15: a full move
// measured by the traffic probe, a failure before the cutover rolled back, and a rollback after
// the cutover that must bring every write made on the target back to the source.
#include "core/pgconnection.h"
#include "engine/runcontroller.h"
#include "journal/rundetail.h"
#include "runbook/documentloader.h"
#include "runbook/runbookvalidator.h"
#include "sandbox/sandbox.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {

constexpr int kRunTimeoutMs = 240000;
constexpr double kScale = 0.05;

QString runbookPath()
{
    return QStringLiteral(RBC_SOURCE_DIR "/runbooks/logical-replication-move.yaml");
}

QByteArray readRunbook()
{
    QFile f(runbookPath());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Inserts `steps` (YAML list items, indented like the runbook's steps) before the step `beforeId`,
// or after the whole step `afterId` (where the next step, phase or phase-level comment starts).
QByteArray insertBefore(QByteArray yaml, const QByteArray& beforeId, const QByteArray& steps)
{
    const qsizetype at = yaml.indexOf("      - id: " + beforeId + "\n");
    if (at < 0)
        return {};
    yaml.insert(at, steps);
    return yaml;
}

QByteArray insertAfter(QByteArray yaml, const QByteArray& afterId, const QByteArray& steps)
{
    const QByteArray marker = "      - id: " + afterId + "\n";
    const qsizetype at = yaml.indexOf(marker);
    if (at < 0)
        return {};
    qsizetype end = yaml.size();
    for (const QByteArray& next : { QByteArray("\n      - id: "), QByteArray("\n  - name: "), QByteArray("\n  # ") }) {
        const qsizetype n = yaml.indexOf(next, at + marker.size());
        if (n >= 0)
            end = qMin(end, n + 1);
    }
    yaml.insert(end, steps);
    return yaml;
}

struct Measured {
    qint64 maxWriteWindowMs = 0;
    qint64 totalWriteWindowMs = 0;
    int writeWindows = 0;
    int readWindows = 0;
    qint64 acknowledged = -1;
};

} // namespace

class TestRunbookLogical : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void validatesAndPlansWithoutSecrets();
    void movesTheDatabase();
    void failureBeforeCutoverRollsBack();
    void rollbackAfterCutoverLosesNoWrite();

private:
    struct Env {
        std::unique_ptr<QTemporaryDir> tmp;
        std::unique_ptr<Sandbox> sandbox;
        QString journal;
        ~Env()
        {
            if (sandbox) {
                QString error;
                sandbox->down({}, &error);
            }
        }
    };
    std::unique_ptr<Env> bringUp(const QString& name);
    std::unique_ptr<RunController> controller(Env& env, const QByteArray& yaml, bool rollbackOnFailure);
    RunOutcome runToEnd(RunController& c, QString* message);
    static std::optional<RunDetail> lastRun(const Env& env);
    static Measured measure(const RunDetail& run);
    static QString conninfoOf(const Env& env, const QString& runbookName);
    static QString appConninfo(const Env& env);
    static QStringList rows(const QString& conninfo, const QString& sql);
    static QString scalar(const QString& conninfo, const QString& sql);
    static QString stepLog(const RunDetail& run);
    void checkSourceClean(const Env& env);
};

void TestRunbookLogical::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    const QString pg14 = QStringLiteral(RBC_PG14_BINDIR);
    QVERIFY2(!pg14.isEmpty() && QFileInfo(pg14 + QStringLiteral("/postgres")).isExecutable(),
        qPrintable(QStringLiteral("RBC_PG14_BINDIR (%1) has no postgres: run scripts/setup").arg(pg14)));
    QVERIFY2(!readRunbook().isEmpty(), qPrintable(runbookPath()));
}

std::unique_ptr<TestRunbookLogical::Env> TestRunbookLogical::bringUp(const QString& name)
{
    auto env = std::make_unique<Env>();
    // Under /tmp, world-enterable: the servers run as postgres when we are root.
    env->tmp = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/rbc-tst-logical-%1-XXXXXX").arg(name));
    if (!env->tmp->isValid())
        return nullptr;
    QFile::setPermissions(env->tmp->path(),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    env->sandbox = std::make_unique<Sandbox>(env->tmp->filePath(QStringLiteral("sb")));
    SandboxOptions o;
    o.oldBindir = QStringLiteral(RBC_PG14_BINDIR);
    o.seedScale = kScale;
    QString error;
    if (!env->sandbox->up(o, {}, &error)) {
        qWarning("sandbox up failed: %s", qPrintable(error));
        env->sandbox.reset();
        return nullptr;
    }
    env->journal = env->tmp->filePath(QStringLiteral("journal.sqlite"));
    return env;
}

std::unique_ptr<RunController> TestRunbookLogical::controller(Env& env, const QByteArray& yaml, bool rollbackOnFailure)
{
    const QString path = env.tmp->filePath(QStringLiteral("runbook.yaml"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return nullptr;
    f.write(yaml);
    f.close();
    LoadedDocument rb = DocumentLoader::loadRunbook(path);
    const LoadedDocument inv = DocumentLoader::loadInventory(env.sandbox->inventoryPath());
    if (rb.runbook && inv.ok())
        rb.diagnostics += RunbookValidator::inventoryProblems(*rb.runbook, *inv.inventory);
    for (const Diagnostic& d : rb.diagnostics + inv.diagnostics)
        qWarning("%s", qPrintable(d.toString()));
    if (!rb.ok() || !inv.ok())
        return nullptr;
    RunOptions o;
    o.runbookPath = path;
    o.inventoryPath = env.sandbox->inventoryPath();
    o.journalPath = env.journal;
    o.rollbackOnFailure = rollbackOnFailure;
    o.confirmManualSteps = true;
    return std::make_unique<RunController>(*rb.runbook, *inv.inventory, o);
}

RunOutcome TestRunbookLogical::runToEnd(RunController& c, QString* message)
{
    QSignalSpy finished(&c, &RunController::runFinished);
    QTimer::singleShot(0, &c, &RunController::start);
    if (!finished.wait(kRunTimeoutMs) && finished.isEmpty())
        return RunOutcome::Running;
    if (message)
        *message = finished.first().at(1).toString();
    return finished.first().at(0).value<RunOutcome>();
}

std::optional<RunDetail> TestRunbookLogical::lastRun(const Env& env)
{
    RunJournal j;
    if (!j.open(env.journal))
        return std::nullopt;
    return j.run(QStringLiteral("last"));
}

Measured TestRunbookLogical::measure(const RunDetail& run)
{
    Measured m;
    for (const DowntimeWindow& w : run.windows) {
        if (w.source != QLatin1String("probe"))
            continue;
        if (w.kind == QLatin1String("reads")) {
            ++m.readWindows;
        } else {
            ++m.writeWindows;
            m.maxWriteWindowMs = qMax(m.maxWriteWindowMs, w.durationMs.value_or(-1));
            m.totalWriteWindowMs += w.durationMs.value_or(0);
        }
    }
    static const QRegularExpression ack(QStringLiteral("all (\\d+) acknowledged writes present"));
    for (const JournalEvent& e : run.events) {
        const auto match = ack.match(e.text);
        if (match.hasMatch())
            m.acknowledged = match.captured(1).toLongLong();
    }
    return m;
}

QString TestRunbookLogical::conninfoOf(const Env& env, const QString& runbookName)
{
    const LoadedDocument inv = DocumentLoader::loadInventory(env.sandbox->inventoryPath());
    const InventoryNode* n = inv.inventory ? inv.inventory->resolveNode(runbookName) : nullptr;
    return n ? n->conninfo : QString();
}

QString TestRunbookLogical::appConninfo(const Env& env)
{
    const LoadedDocument inv = DocumentLoader::loadInventory(env.sandbox->inventoryPath());
    const Endpoint* e = inv.inventory ? inv.inventory->endpoint(QStringLiteral("app")) : nullptr;
    return e ? e->conninfo : QString();
}

QStringList TestRunbookLogical::rows(const QString& conninfo, const QString& sql)
{
    PgConnection c;
    if (!c.open(conninfo, 10))
        return { QStringLiteral("connect failed: ") + c.lastError().message };
    c.exec(QStringLiteral("SET TimeZone = 'UTC'"));
    const auto r = c.exec(sql);
    if (!r)
        return { QStringLiteral("error %1: %2").arg(c.lastError().sqlstate, c.lastError().message) };
    QStringList out;
    for (const QStringList& row : r->rows)
        out << row.join(QLatin1Char('|'));
    return out;
}

QString TestRunbookLogical::scalar(const QString& conninfo, const QString& sql)
{
    return rows(conninfo, sql).value(0);
}

QString TestRunbookLogical::stepLog(const RunDetail& run)
{
    QStringList lines;
    for (const StepRecord& s : run.steps) {
        lines << QStringLiteral("%1%2 = %3 (%4 ms) %5")
                     .arg(s.isRollback ? QStringLiteral("undo:") : QString(), s.stepId, stepOutcomeName(s.result.outcome))
                     .arg(s.durationMs.value_or(-1))
                     .arg(s.result.ok() ? QString() : s.result.error + QLatin1Char('\n') + s.result.output);
    }
    return lines.join(QLatin1Char('\n'));
}

// Nothing of the move is left on the source: no slot, publication, subscription or role.
void TestRunbookLogical::checkSourceClean(const Env& env)
{
    const QString source = conninfoOf(env, QStringLiteral("source"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_replication_slots WHERE slot_type = 'logical'")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_publication")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_subscription")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = 'rbc_replicator'")), QStringLiteral("0"));
}

void TestRunbookLogical::validatesAndPlansWithoutSecrets()
{
    // The shipped file through the CLI: valid alone, and its plan on an inventory whose
    // conninfo carries passwords shows none of them.
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    QProcess validate;
    validate.start(QStringLiteral(RBC_CONSOLE_BINARY), { QStringLiteral("validate"), runbookPath() });
    QVERIFY(validate.waitForFinished(30000));
    QVERIFY2(validate.exitCode() == 0, validate.readAllStandardError().constData());

    const QString inventory = tmp.filePath(QStringLiteral("prod.yaml"));
    QFile f(inventory);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"yaml(cluster: prod
nodes:
  pg14:
    conninfo: "host=10.0.0.1 port=5432 dbname=shop user=postgres password=Sup3rSecretA"
    host: dba@10.0.0.1
    role: primary
  pg15:
    conninfo: "host=10.0.0.2 port=5432 dbname=shop user=postgres password=Sup3rSecretB"
    host: dba@10.0.0.2
    datadir: /var/lib/postgresql/15/main
    port: 5432
    role: spare
aliases: {source: pg14, target: pg15}
endpoints:
  app:
    kind: pgbouncer
    conninfo: "host=10.0.0.3 port=6432 dbname=shop user=shop password=Sup3rSecretC"
    admin_conninfo: "host=10.0.0.3 port=6432 dbname=pgbouncer user=admin password=Sup3rSecretD"
    config: /etc/pgbouncer/pgbouncer.ini
    database: shop
    host: dba@10.0.0.3
vars:
  new_bindir: /usr/lib/postgresql/15/bin
  socket_dir: /var/run/postgresql
  listen_addresses: "*"
  log_dir: /var/log/postgresql
  database: shop
)yaml");
    f.close();
    QProcess plan;
    plan.start(QStringLiteral(RBC_CONSOLE_BINARY), { QStringLiteral("plan"), runbookPath(), QStringLiteral("--inventory"), inventory });
    QVERIFY(plan.waitForFinished(30000));
    const QByteArray out = plan.readAllStandardOutput() + plan.readAllStandardError();
    QVERIFY2(plan.exitCode() == 0, out.constData());
    QVERIFY(!out.contains("Sup3rSecret"));
    QVERIFY(out.contains("route-to-target"));
}

void TestRunbookLogical::movesTheDatabase()
{
    QElapsedTimer clock;
    clock.start();
    auto env = bringUp(QStringLiteral("move"));
    QVERIFY(env);
    const QString source = conninfoOf(*env, QStringLiteral("source"));
    const QString target = conninfoOf(*env, QStringLiteral("target"));
    const QString app = appConninfo(*env);
    QVERIFY(scalar(source, QStringLiteral("SHOW server_version_num")).startsWith(QStringLiteral("14")));

    auto c = controller(*env, readRunbook(), false);
    QVERIFY(c);
    QString message;
    const RunOutcome outcome = runToEnd(*c, &message);
    const auto run = lastRun(*env);
    QVERIFY(run.has_value());
    QVERIFY2(outcome == RunOutcome::Completed, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));

    // What clients saw: writes paused for a few seconds, reads never.
    const Measured m = measure(*run);
    qInfo("full move: %d probe write window(s), longest %lld ms, total %lld ms; %d read window(s); %lld acknowledged writes; test so far %lld ms",
        m.writeWindows, m.maxWriteWindowMs, m.totalWriteWindowMs, m.readWindows, m.acknowledged, clock.elapsed());
    for (const StepRecord& s : run->steps)
        qInfo("  %-28s %6lld ms", qPrintable(s.stepId), s.durationMs.value_or(-1));
    QVERIFY2(m.acknowledged > 0, "the probe's acknowledged writes were not verified");
    QCOMPARE(m.readWindows, 0);
    QVERIFY2(m.maxWriteWindowMs <= 5000, qPrintable(QString::number(m.maxWriteWindowMs)));
    for (const DowntimeWindow& w : run->windows)
        QVERIFY(w.endedAt.isValid());

    // The target is a 15 primary, and the endpoint routes to it.
    QVERIFY(scalar(target, QStringLiteral("SHOW server_version_num")).startsWith(QStringLiteral("15")));
    QCOMPARE(scalar(target, QStringLiteral("SELECT pg_is_in_recovery()")), QStringLiteral("f"));
    QCOMPARE(scalar(app, QStringLiteral("SELECT inet_server_port()")), scalar(target, QStringLiteral("SELECT inet_server_port()")));

    // Same rows on both sides (the source is frozen since the cutover; nothing wrote the seeded tables since).
    const QStringList sourceSums = rows(source, Sandbox::checksumQuery());
    QCOMPARE(sourceSums.size(), Sandbox::seededTables().size());
    QCOMPARE(rows(target, Sandbox::checksumQuery()), sourceSums);

    // Every sequence at or past the source's value: owned (identity, serial) or not.
    const QString seqSql = QStringLiteral("SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences ORDER BY 1");
    QMap<QString, qint64> targetSeq;
    for (const QString& r : rows(target, seqSql))
        targetSeq.insert(r.section(QLatin1Char('|'), 0, 0), r.section(QLatin1Char('|'), 1).toLongLong());
    int compared = 0;
    for (const QString& r : rows(source, seqSql)) {
        const QString name = r.section(QLatin1Char('|'), 0, 0);
        if (name == QLatin1String("rbc_traffic_probe_id_seq"))
            continue; // the probe dropped its table through the endpoint (on the target) when it stopped
        QVERIFY2(targetSeq.contains(name), qPrintable(name));
        QVERIFY2(targetSeq.value(name) >= r.section(QLatin1Char('|'), 1).toLongLong(), qPrintable(r + QStringLiteral(" vs ") + QString::number(targetSeq.value(name))));
        ++compared;
    }
    QCOMPARE(compared, 4); // podcasts_id_seq, episodes_id_seq, users_id_seq, invoice_number_seq

    // Writes through the app endpoint work, and new ids do not collide with the moved ones.
    const QString maxUser = scalar(source, QStringLiteral("SELECT max(id) FROM users"));
    const QString maxInvoice = scalar(source, QStringLiteral("SELECT max(number) FROM invoices"));
    const QString maxPodcast = scalar(source, QStringLiteral("SELECT max(id) FROM podcasts"));
    const QString user = scalar(app, QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('moved@example.test', 'Moved', now()) RETURNING id"));
    QVERIFY2(user.toLongLong() > maxUser.toLongLong(), qPrintable(user));
    const QString invoice = scalar(app, QStringLiteral("INSERT INTO invoices (user_id, amount_cents, issued_at) VALUES (%1, 100, now()) RETURNING number").arg(user));
    QVERIFY2(invoice.toLongLong() > maxInvoice.toLongLong(), qPrintable(invoice));
    const QString podcast = scalar(app, QStringLiteral("INSERT INTO podcasts (title, feed_url, created_at) VALUES ('Moved', 'https://moved.example.test/feed.xml', now()) RETURNING id"));
    QVERIFY2(podcast.toLongLong() > maxPodcast.toLongLong(), qPrintable(podcast));
    QCOMPARE(scalar(app, QStringLiteral("INSERT INTO play_events VALUES (1, 1, now(), 5) RETURNING seconds_listened")), QStringLiteral("5"));

    // Cleaned up on both sides; the source stays frozen.
    checkSourceClean(*env);
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM pg_subscription")), QStringLiteral("0"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM pg_replication_slots")), QStringLiteral("0"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM pg_publication")), QStringLiteral("0"));
    QCOMPARE(scalar(target, QStringLiteral("SELECT count(*) FROM pg_roles WHERE rolname = 'rbc_replicator'")), QStringLiteral("0"));
    QCOMPARE(scalar(source, QStringLiteral("SHOW default_transaction_read_only")), QStringLiteral("on"));
    qInfo("movesTheDatabase took %lld ms", clock.elapsed());
}

void TestRunbookLogical::failureBeforeCutoverRollsBack()
{
    QElapsedTimer clock;
    clock.start();
    auto env = bringUp(QStringLiteral("early"));
    QVERIFY(env);
    const QString source = conninfoOf(*env, QStringLiteral("source"));
    const QString app = appConninfo(*env);
    const QByteArray yaml = insertBefore(readRunbook(), "analyze-target", R"yaml(      - id: injected-failure
        sql: SELECT 1/0
        on: source
)yaml");
    QVERIFY(!yaml.isEmpty());
    auto c = controller(*env, yaml, true);
    QVERIFY(c);
    QString message;
    const RunOutcome outcome = runToEnd(*c, &message);
    const auto run = lastRun(*env);
    QVERIFY(run.has_value());
    QVERIFY2(outcome == RunOutcome::RolledBack, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    bool failedThere = false;
    QStringList undone;
    for (const StepRecord& s : run->steps) {
        if (s.isRollback) {
            QVERIFY2(s.result.ok(), qPrintable(stepLog(*run)));
            undone << s.stepId;
        } else if (s.stepId == QLatin1String("injected-failure")) {
            failedThere = s.result.outcome == StepOutcome::Failed;
        }
    }
    QVERIFY(failedThere);
    // Everything that changed something, newest first.
    QCOMPARE(undone,
        (QStringList { QStringLiteral("create-subscription"), QStringLiteral("create-slot"), QStringLiteral("create-publication"),
            QStringLiteral("create-target-database"), QStringLiteral("create-replication-role"), QStringLiteral("start-target"),
            QStringLiteral("init-target"), QStringLiteral("set-replica-identity") }));

    // Clients still on the source, which takes writes; the target is gone; the source is as before.
    QCOMPARE(scalar(app, QStringLiteral("SELECT inet_server_port()")), scalar(source, QStringLiteral("SELECT inet_server_port()")));
    QVERIFY(scalar(app, QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('after-rollback@example.test', 'R', now()) RETURNING id")).toLongLong() > 0);
    QCOMPARE(scalar(source, QStringLiteral("SHOW default_transaction_read_only")), QStringLiteral("off"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT relreplident FROM pg_class WHERE oid = 'play_events'::regclass")), QStringLiteral("d"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT count(*) FROM pg_db_role_setting")), QStringLiteral("0"));
    checkSourceClean(*env);
    const QString targetDir = env->sandbox->dir() + QStringLiteral("/data/db_a");
    QVERIFY2(!QFileInfo::exists(targetDir), qPrintable(targetDir));
    const Measured m = measure(*run);
    QVERIFY(m.acknowledged > 0);
    QCOMPARE(m.readWindows, 0);
    QCOMPARE(m.writeWindows, 0);
    qInfo("failureBeforeCutoverRollsBack took %lld ms", clock.elapsed());
}

void TestRunbookLogical::rollbackAfterCutoverLosesNoWrite()
{
    QElapsedTimer clock;
    clock.start();
    auto env = bringUp(QStringLiteral("late"));
    QVERIFY(env);
    const QString source = conninfoOf(*env, QStringLiteral("source"));
    const QString target = conninfoOf(*env, QStringLiteral("target"));
    const QString app = appConninfo(*env);
    // After the switch: the probe writes on the target for a second, then a step fails.
    const QByteArray yaml = insertAfter(readRunbook(), "route-to-target", R"yaml(      - id: let-clients-write
        sql: SELECT pg_sleep(1)
        on: target
      - id: injected-failure
        sql: SELECT 1/0
        on: target
)yaml");
    QVERIFY(!yaml.isEmpty());
    auto c = controller(*env, yaml, true);
    QVERIFY(c);

    // Right after the switch, an application writes through the endpoint (on the target).
    QString invoice;
    QString user;
    QString portsSeen;
    connect(c.get(), &RunController::stepFinished, this, [&](int index, const StepResult& result, qint64) {
        if (c->steps().value(index).step && c->steps()[index].step->id == QLatin1String("route-to-target") && result.ok()) {
            user = scalar(app, QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('on-target@example.test', 'T', now()) RETURNING id"));
            invoice = scalar(app, QStringLiteral("INSERT INTO invoices (user_id, amount_cents, issued_at) VALUES (1, 4242, now()) RETURNING number"));
            portsSeen = scalar(app, QStringLiteral("SELECT inet_server_port()")) + QLatin1Char('/') + scalar(target, QStringLiteral("SELECT inet_server_port()"));
        }
    });
    QString message;
    const RunOutcome outcome = runToEnd(*c, &message);
    const auto run = lastRun(*env);
    QVERIFY(run.has_value());
    QVERIFY2(outcome == RunOutcome::RolledBack, qPrintable(message + QLatin1Char('\n') + stepLog(*run)));
    for (const StepRecord& s : run->steps)
        if (s.isRollback)
            QVERIFY2(s.result.ok(), qPrintable(stepLog(*run)));
    QVERIFY2(invoice.toLongLong() > 0 && user.toLongLong() > 0, qPrintable(invoice + QLatin1Char(' ') + user));
    const QStringList ports = portsSeen.split(QLatin1Char('/'));
    QCOMPARE(ports.value(0), ports.value(1)); // that write did reach the target

    // Back on the source, which is writable and holds the writes made on the target.
    QCOMPARE(scalar(app, QStringLiteral("SELECT inet_server_port()")), scalar(source, QStringLiteral("SELECT inet_server_port()")));
    QCOMPARE(scalar(source, QStringLiteral("SELECT amount_cents FROM invoices WHERE number = %1").arg(invoice)), QStringLiteral("4242"));
    QCOMPARE(scalar(source, QStringLiteral("SELECT email FROM users WHERE id = %1").arg(user)), QStringLiteral("on-target@example.test"));
    QCOMPARE(scalar(source, QStringLiteral("SHOW default_transaction_read_only")), QStringLiteral("off"));
    // Sequences came back too: new ids through the app do not collide with those made on the target.
    const QString next = scalar(app, QStringLiteral("INSERT INTO invoices (user_id, amount_cents, issued_at) VALUES (1, 1, now()) RETURNING number"));
    QVERIFY2(next.toLongLong() > invoice.toLongLong(), qPrintable(next));
    QVERIFY(scalar(app, QStringLiteral("INSERT INTO users (email, display_name, created_at) VALUES ('back@example.test', 'B', now()) RETURNING id")).toLongLong() > user.toLongLong());

    // Every write the probe got acknowledged, on either server, is on the source.
    const Measured m = measure(*run);
    qInfo("rollback after cutover: %d probe write window(s), longest %lld ms; %d read window(s); %lld acknowledged writes",
        m.writeWindows, m.maxWriteWindowMs, m.readWindows, m.acknowledged);
    for (const StepRecord& s : run->steps)
        if (s.isRollback)
            qInfo("  undo %-26s %6lld ms", qPrintable(s.stepId), s.durationMs.value_or(-1));
    QVERIFY2(m.acknowledged > 0, "the probe's acknowledged writes were not all found on the source");
    QVERIFY2(m.maxWriteWindowMs <= 10000, qPrintable(QString::number(m.maxWriteWindowMs)));
    QCOMPARE(m.readWindows, 0);
    checkSourceClean(*env);
    QVERIFY(!QFileInfo::exists(env->sandbox->dir() + QStringLiteral("/data/db_a")));
    qInfo("rollbackAfterCutoverLosesNoWrite took %lld ms", clock.elapsed());
}

QTEST_GUILESS_MAIN(TestRunbookLogical)
#include "tst_runbook_logical.moc"
