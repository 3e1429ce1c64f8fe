#include "runbook/documentloader.h"
#include "runbook/templaterenderer.h"

#include <QProcess>
#include <QtTest>

class TestTemplateRenderer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void quotesForItsTarget_data();
    void quotesForItsTarget();
    void shellQuotingSurvivesARealShell_data();
    void shellQuotingSurvivesARealShell();
    void masksSecretsForDisplayOnly_data();
    void masksSecretsForDisplayOnly();
    void rendersRunValues();
    void refusesWhatCannotBeRendered_data();
    void refusesWhatCannotBeRendered();
    void quotingFunctions_data();
    void quotingFunctions();
    void secretsGoToTheEnvironmentNotTheCommandLine_data();
    void secretsGoToTheEnvironmentNotTheCommandLine();
    void rendersCapturedValues_data();
    void rendersCapturedValues();

private:
    std::optional<Runbook> m_runbook;
    std::optional<Inventory> m_inventory;
};

namespace {
const QByteArray runbookText = R"(runbook: Templates
requires:
  nodes: [new_primary, old_primary, db2]
  endpoints: [app]
vars:
  table: ~
  note: ~
  drop: "x'; DROP TABLE users; --"
  rm: "$(rm -rf /); `reboot`"
  quote_mix: "it's \"quoted\" \\ here"
  admin_password: hunter2
  template_in_value: "{{ vars.table }}"
  nul: "a\0b"
  empty: ""
phases:
  - name: p
    steps:
      - id: s
        manual: m
)";

const QByteArray inventoryText = R"(cluster: prod-eu
nodes:
  db1: {conninfo: "host=10.0.0.1 dbname=app", host: local, port: 5432, datadir: /srv/pg/db1}
  db2: {conninfo: "postgresql://app:pa55@10.0.0.2/app", host: deploy@db2.example.com, port: 5433}
  db_a: {conninfo: "host=10.0.0.3 password='se cret' user=postgres", host: local, port: 40004, datadir: "/srv/pg/it's here"}
aliases: {new_primary: db_a, old_primary: db1}
endpoints:
  app: {kind: pgbouncer, conninfo: "host=pgb user=app password=pw", admin_conninfo: "host=pgb dbname=pgbouncer password=adm", config: /etc/pgbouncer/pgbouncer.ini, database: app, host: local}
vars:
  table: 'Weird "Table"'
  note: "read {{ nodes.db1.conninfo }}"
)";

const RunInfo run { QStringLiteral("20240501-1"), QDateTime(QDate(2024, 5, 1), QTime(12, 30, 0), Qt::UTC),
    QStringLiteral("rehearsal") };
} // namespace

void TestTemplateRenderer::initTestCase()
{
    const LoadedDocument runbook = DocumentLoader::loadData(runbookText, QStringLiteral("t.yaml"));
    QVERIFY2(runbook.ok(), qPrintable(runbook.diagnostics.value(0).toString()));
    const LoadedDocument inventory = DocumentLoader::loadData(inventoryText, QStringLiteral("i.yaml"));
    QVERIFY2(inventory.ok(), qPrintable(inventory.diagnostics.value(0).toString()));
    m_runbook = runbook.runbook;
    m_inventory = inventory.inventory;
}

void TestTemplateRenderer::quotesForItsTarget_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<TemplateTarget>("target");
    QTest::addColumn<QString>("rendered");

    const auto sql = TemplateTarget::Sql;
    const auto shell = TemplateTarget::Shell;
    const auto plain = TemplateTarget::Text;
    QTest::addRow("no placeholder") << "SELECT 1" << sql << "SELECT 1";
    QTest::addRow("alias resolves") << "port {{ nodes.new_primary.port }}" << plain << "port 40004";
    QTest::addRow("alias name") << "{{ nodes.new_primary.name }}/{{ nodes.old_primary.name }}" << plain << "db_a/db1";
    QTest::addRow("node by own name") << "{{ nodes.db2.host }}" << plain << "deploy@db2.example.com";
    QTest::addRow("identifier") << "SELECT * FROM {{ vars.table | ident }}" << sql
                                << "SELECT * FROM \"Weird \"\"Table\"\"\"";
    QTest::addRow("literal injection") << "SELECT {{ vars.drop | literal }}" << sql
                                       << "SELECT 'x''; DROP TABLE users; --'";
    QTest::addRow("identifier injection")
        << "DROP INDEX {{ vars.drop | ident }}" << sql << "DROP INDEX \"x'; DROP TABLE users; --\"";
    QTest::addRow("literal with backslash")
        << "SELECT {{ vars.quote_mix | literal }}" << sql << "SELECT E'it''s \"quoted\" \\\\ here'";
    QTest::addRow("raw in sql") << "SELECT {{ nodes.old_primary.port | raw }}" << sql << "SELECT 5432";
    QTest::addRow("literal of shell word") << "COPY t FROM PROGRAM {{ nodes.new_primary.datadir | shell | literal }}"
                                           << sql << "COPY t FROM PROGRAM E'''/srv/pg/it''\\\\''''s here'''";
    QTest::addRow("shell quotes unfiltered")
        << "ls {{ nodes.new_primary.datadir }}" << shell << "ls '/srv/pg/it'\\''s here'";
    QTest::addRow("shell command substitution") << "echo {{ vars.rm }}" << shell << "echo '$(rm -rf /); `reboot`'";
    QTest::addRow("shell injection via quote")
        << "echo {{ vars.drop }}" << shell << "echo 'x'\\''; DROP TABLE users; --'";
    QTest::addRow("explicit shell filter") << "echo {{ vars.rm | shell }}" << shell << "echo '$(rm -rf /); `reboot`'";
    QTest::addRow("raw in shell") << "pg_ctl -D {{ nodes.old_primary.datadir | raw }}" << shell
                                  << "pg_ctl -D /srv/pg/db1";
    QTest::addRow("literal then shell") << "psql -c {{ vars.drop | literal }}" << shell
                                        << "psql -c ''\\''x'\\'''\\''; DROP TABLE users; --'\\'''";
    QTest::addRow("empty shell word") << "echo {{ vars.empty }}" << shell << "echo ''";
    QTest::addRow("text is inserted as is") << "Drop {{ vars.drop }}" << plain << "Drop x'; DROP TABLE users; --";
    QTest::addRow("values are not templates again") << "{{ vars.template_in_value }}" << plain << "{{ vars.table }}";
    QTest::addRow("inventory var overrides") << "{{ vars.table }}" << plain << "Weird \"Table\"";
    QTest::addRow("cluster name") << "{{cluster.name}}" << plain << "prod-eu";
    QTest::addRow("endpoint field") << "{{ endpoints.app.config }} {{ endpoints.app.kind }}" << plain
                                    << "/etc/pgbouncer/pgbouncer.ini pgbouncer";
    QTest::addRow("spaces optional") << "{{nodes.old_primary.port|raw}}" << sql << "5432";
}

void TestTemplateRenderer::quotesForItsTarget()
{
    QFETCH(QString, text);
    QFETCH(TemplateTarget, target);
    QFETCH(QString, rendered);
    const TemplateRenderer renderer(*m_runbook, &*m_inventory, &run);
    const RenderResult result = renderer.render(text, target, TemplateRenderer::Mode::Execution);
    QVERIFY2(result.ok(), qPrintable(result.errors.value(0).message));
    QCOMPARE(result.text, rendered);
    QVERIFY(renderer.check(text, target).isEmpty());
}

void TestTemplateRenderer::shellQuotingSurvivesARealShell_data()
{
    QTest::addColumn<QString>("value");
    QTest::addRow("plain") << "hello";
    QTest::addRow("spaces") << "a b  c";
    QTest::addRow("single quotes") << "it's 'quoted'";
    QTest::addRow("command substitution") << "$(touch /tmp/rbc-pwned) `touch /tmp/rbc-pwned`";
    QTest::addRow("sql injection") << "'; DROP TABLE users; --";
    QTest::addRow("newline and glob") << "a\n*\n$HOME";
    QTest::addRow("empty") << "";
}

void TestTemplateRenderer::shellQuotingSurvivesARealShell()
{
    QFETCH(QString, value);
    const QString word = *TemplateRenderer::quoteShellWord(value);
    QProcess shell;
    shell.start(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), QStringLiteral("printf '%s' ") + word });
    QVERIFY(shell.waitForFinished(10000));
    QCOMPARE(shell.exitCode(), 0);
    QCOMPARE(QString::fromUtf8(shell.readAllStandardOutput()), value);
    QVERIFY(!QFile::exists(QStringLiteral("/tmp/rbc-pwned")));
}

void TestTemplateRenderer::masksSecretsForDisplayOnly_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<TemplateTarget>("target");
    QTest::addColumn<QString>("executed");
    QTest::addColumn<QString>("displayed");
    // In a shell command line the password is left out (it goes to the environment, see below).
    QTest::addRow("keyword password quoted") << "{{ nodes.new_primary.conninfo }}" << TemplateTarget::Shell
                                             << "'host=10.0.0.3 user=postgres'"
                                             << "'host=10.0.0.3 password=******** user=postgres'";
    QTest::addRow("uri password") << "{{ nodes.db2.conninfo | literal }}" << TemplateTarget::Sql
                                  << "'postgresql://app:pa55@10.0.0.2/app'"
                                  << "'postgresql://app:********@10.0.0.2/app'";
    QTest::addRow("endpoint admin") << "{{ endpoints.app.admin_conninfo }}" << TemplateTarget::Text
                                    << "host=pgb dbname=pgbouncer password=adm"
                                    << "host=pgb dbname=pgbouncer password=********";
    QTest::addRow("secret var") << "PGPASSWORD={{ vars.admin_password }}" << TemplateTarget::Shell
                                << "PGPASSWORD=\"$RBC_SECRET_1\""
                                << "PGPASSWORD='********'";
    QTest::addRow("no password") << "{{ nodes.old_primary.conninfo }}" << TemplateTarget::Text
                                 << "host=10.0.0.1 dbname=app"
                                 << "host=10.0.0.1 dbname=app";
    QTest::addRow("not a secret") << "{{ nodes.old_primary.port }}" << TemplateTarget::Text << "5432"
                                  << "5432";
}

void TestTemplateRenderer::masksSecretsForDisplayOnly()
{
    QFETCH(QString, text);
    QFETCH(TemplateTarget, target);
    QFETCH(QString, executed);
    QFETCH(QString, displayed);
    const TemplateRenderer renderer(*m_runbook, &*m_inventory, &run);
    QCOMPARE(renderer.render(text, target, TemplateRenderer::Mode::Execution).text, executed);
    QCOMPARE(renderer.render(text, target, TemplateRenderer::Mode::Display).text, displayed);
}

void TestTemplateRenderer::rendersRunValues()
{
    const QString text = QStringLiteral("{{ run.id }} {{ run.started_at }} {{ run.label }}");
    const TemplateRenderer withRun(*m_runbook, &*m_inventory, &run);
    QCOMPARE(withRun.render(text, TemplateTarget::Text, TemplateRenderer::Mode::Execution).text,
        QStringLiteral("20240501-1 2024-05-01T12:30:00Z rehearsal"));

    // A plan has no run yet: display shows placeholders, execution refuses.
    const TemplateRenderer noRun(*m_runbook, &*m_inventory);
    QCOMPARE(noRun.render(text, TemplateTarget::Text, TemplateRenderer::Mode::Display).text,
        QStringLiteral("<run.id> <run.started_at> <run.label>"));
    QCOMPARE(
        noRun.render(QStringLiteral("echo {{ run.id }}"), TemplateTarget::Shell, TemplateRenderer::Mode::Display).text,
        QStringLiteral("echo '<run.id>'"));
    const RenderResult refused = noRun.render(text, TemplateTarget::Text, TemplateRenderer::Mode::Execution);
    QVERIFY(!refused.ok());
    QVERIFY(refused.text.isEmpty());
    QCOMPARE(refused.errors.first().message, QStringLiteral("'run.id' has no value yet: it needs a run"));

    // Without an inventory, paths are checked but cannot be filled.
    const TemplateRenderer noInventory(*m_runbook);
    QVERIFY(noInventory.check(QStringLiteral("{{ nodes.db2.port }} {{ vars.table }}"), TemplateTarget::Text).isEmpty());
    QCOMPARE(
        noInventory.render(QStringLiteral("{{ vars.drop }}"), TemplateTarget::Text, TemplateRenderer::Mode::Execution)
            .text,
        QStringLiteral("x'; DROP TABLE users; --"));
}

void TestTemplateRenderer::refusesWhatCannotBeRendered_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<TemplateTarget>("target");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("offset");
    QTest::addRow("unfiltered sql") << "SELECT {{ vars.table }}" << TemplateTarget::Sql
                                    << "template value in SQL needs a filter: ident, literal or raw" << 7;
    QTest::addRow("nul literal") << "SELECT {{ vars.nul | literal }}" << TemplateTarget::Sql
                                 << "value of 'vars.nul' contains a NUL character" << 7;
    QTest::addRow("nul shell") << "echo {{ vars.nul }}" << TemplateTarget::Shell
                               << "value of 'vars.nul' contains a NUL character" << 5;
    QTest::addRow("nul raw") << "{{ vars.nul | raw }}" << TemplateTarget::Text
                             << "value of 'vars.nul' contains a NUL character" << 0;
    QTest::addRow("empty identifier") << "SELECT {{ vars.empty | ident }}" << TemplateTarget::Sql
                                      << "value of 'vars.empty' is empty, which is no SQL identifier" << 7;
    QTest::addRow("missing field") << "x {{ nodes.db2.datadir }}" << TemplateTarget::Text
                                   << "undefined template path 'nodes.db2.datadir': node 'db2' in the inventory has no "
                                      "'datadir'"
                                   << 2;
    QTest::addRow("missing field via alias") << "{{ nodes.old_primary.upstream }}" << TemplateTarget::Text
                                             << "undefined template path 'nodes.old_primary.upstream': node 'db1' "
                                                "(old_primary) in the inventory has no 'upstream'"
                                             << 0;
    QTest::addRow("var not set") << "{{ vars.note }}{{ vars.missing }}" << TemplateTarget::Text
                                 << "undefined template path 'vars.missing': the runbook declares no var 'missing' "
                                    "(declare it under 'vars:', with ~ when the inventory must set it)"
                                 << 15;
    QTest::addRow("short path") << "{{ nodes.db1 }}" << TemplateTarget::Text
                                << "undefined template path 'nodes.db1': write nodes.NAME.FIELD" << 0;
    QTest::addRow("bad path") << "{{ nodes db1 }}" << TemplateTarget::Text
                              << "bad template path 'nodes db1': names of letters, digits, '-' and '_' joined by '.'"
                              << 0;
    QTest::addRow("empty") << "a {{ }}" << TemplateTarget::Text
                           << "empty template '{{ }}': give a path such as nodes.NAME.port or vars.NAME" << 2;
    QTest::addRow("empty filter") << "{{ vars.table | }}" << TemplateTarget::Text
                                  << "empty filter after '|' in '{{ vars.table | }}'" << 0;
    QTest::addRow("inventory node the runbook does not require")
        << "{{ nodes.db1.port }}" << TemplateTarget::Text
        << "undefined template path 'nodes.db1.port': the runbook does not require node 'db1'; did you mean 'db2'? "
           "(requires.nodes: new_primary, old_primary, db2)"
        << 0;
    QTest::addRow("cluster field") << "{{ cluster.id }}" << TemplateTarget::Text
                                   << "undefined template path 'cluster.id': cluster has only name" << 0;
}

void TestTemplateRenderer::refusesWhatCannotBeRendered()
{
    QFETCH(QString, text);
    QFETCH(TemplateTarget, target);
    QFETCH(QString, message);
    QFETCH(int, offset);
    const TemplateRenderer renderer(*m_runbook, &*m_inventory, &run);
    const RenderResult result = renderer.render(text, target, TemplateRenderer::Mode::Execution);
    QCOMPARE(result.errors.size(), 1);
    QCOMPARE(result.errors.first().message, message);
    QCOMPARE(int(result.errors.first().offset), offset);
    QVERIFY(result.text.isEmpty());
}

void TestTemplateRenderer::quotingFunctions_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("ident");
    QTest::addColumn<QString>("literal");
    QTest::addColumn<QString>("shell");
    QTest::addRow("plain") << "users"
                           << "\"users\""
                           << "'users'"
                           << "'users'";
    QTest::addRow("double quote") << "a\"b"
                                  << "\"a\"\"b\""
                                  << "'a\"b'"
                                  << "'a\"b'";
    QTest::addRow("single quote") << "a'b"
                                  << "\"a'b\""
                                  << "'a''b'"
                                  << "'a'\\''b'";
    QTest::addRow("backslash") << "a\\'b"
                               << "\"a\\'b\""
                               << "E'a\\\\''b'"
                               << "'a\\'\\''b'";
    QTest::addRow("unicode") << QString::fromUtf8("tâble") << QString::fromUtf8("\"tâble\"")
                             << QString::fromUtf8("'tâble'") << QString::fromUtf8("'tâble'");
}

void TestTemplateRenderer::quotingFunctions()
{
    QFETCH(QString, value);
    QFETCH(QString, ident);
    QFETCH(QString, literal);
    QFETCH(QString, shell);
    QCOMPARE(*TemplateRenderer::quoteIdentifier(value), ident);
    QCOMPARE(*TemplateRenderer::quoteLiteral(value), literal);
    QCOMPARE(*TemplateRenderer::quoteShellWord(value), shell);
}

// Defect 9: a shell command line is world-readable (/proc/*/cmdline); secrets go to the command's
// environment, and the command still gets exactly the value.
void TestTemplateRenderer::secretsGoToTheEnvironmentNotTheCommandLine_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("commandLine");
    QTest::addColumn<QString>("printed"); // what the command prints, with the environment given
    QTest::addColumn<QString>("error");
    QTest::addRow("keyword conninfo") << "printf '%s|%s' {{ nodes.new_primary.conninfo }} \"$PGPASSWORD\""
                                      << "printf '%s|%s' 'host=10.0.0.3 user=postgres' \"$PGPASSWORD\""
                                      << "host=10.0.0.3 user=postgres|se cret" << QString();
    QTest::addRow("uri conninfo") << "printf '%s|%s' {{ nodes.db2.conninfo | raw }} \"$PGPASSWORD\""
                                  << "printf '%s|%s' postgresql://app@10.0.0.2/app \"$PGPASSWORD\""
                                  << "postgresql://app@10.0.0.2/app|pa55" << QString();
    QTest::addRow("secret var, quoted") << "printf '%s' {{ vars.admin_password }}" << "printf '%s' \"$RBC_SECRET_1\""
                                        << "hunter2" << QString();
    QTest::addRow("secret var, shell filter") << "printf '%s' {{ vars.admin_password | shell }}" << "printf '%s' \"$RBC_SECRET_1\""
                                              << "hunter2" << QString();
    QTest::addRow("secret var, raw") << "printf '%s' {{ vars.admin_password | raw }}" << "printf '%s' $RBC_SECRET_1" << "hunter2" << QString();
    QTest::addRow("two passwords") << "echo {{ nodes.new_primary.conninfo }} {{ nodes.db2.conninfo }}" << QString() << QString()
                                   << "the password of one conninfo only";
}

void TestTemplateRenderer::secretsGoToTheEnvironmentNotTheCommandLine()
{
    QFETCH(QString, text);
    QFETCH(QString, commandLine);
    QFETCH(QString, printed);
    QFETCH(QString, error);
    const TemplateRenderer renderer(*m_runbook, &*m_inventory, &run);
    const RenderResult r = renderer.render(text, TemplateTarget::Shell, TemplateRenderer::Mode::Execution);
    if (!error.isEmpty()) {
        QVERIFY(!r.ok());
        QVERIFY2(r.errors.first().message.contains(error), qPrintable(r.errors.first().message));
        return;
    }
    QVERIFY(r.ok());
    QCOMPARE(r.text, commandLine);
    for (const QString& secret : { QStringLiteral("se cret"), QStringLiteral("pa55"), QStringLiteral("hunter2") })
        QVERIFY(!r.text.contains(secret));
    QProcess shell;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (auto it = r.environment.begin(); it != r.environment.end(); ++it)
        env.insert(it.key(), it.value());
    shell.setProcessEnvironment(env);
    shell.start(QStringLiteral("/bin/sh"), { QStringLiteral("-c"), r.text });
    QVERIFY(shell.waitForFinished(10000));
    QCOMPARE(QString::fromUtf8(shell.readAllStandardOutput()), printed);
}


// {{ steps.ID.NAME }}: the value a step captured, quoted like any other; a secret one is masked
// for display and goes to a shell command's environment; one the run lacks is an error saying why.
void TestTemplateRenderer::rendersCapturedValues_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<TemplateTarget>("target");
    QTest::addColumn<TemplateRenderer::Mode>("mode");
    QTest::addColumn<QString>("expected"); // the text, or the error
    const auto execution = TemplateRenderer::Mode::Execution;
    const auto display = TemplateRenderer::Mode::Display;
    QTest::addRow("sql literal") << "SELECT {{ steps.pick.lsn | literal }}" << TemplateTarget::Sql << execution << "SELECT '0/1A'";
    QTest::addRow("sql ident") << "DROP TABLE {{ steps.pick.tbl | ident }}" << TemplateTarget::Sql << execution << "DROP TABLE \"it's\"";
    QTest::addRow("shell word") << "echo {{ steps.pick.tbl }}" << TemplateTarget::Shell << execution << "echo 'it'\\''s'";
    QTest::addRow("secret in shell") << "use {{ steps.pick.token }}" << TemplateTarget::Shell << execution << "use \"$RBC_SECRET_1\"";
    QTest::addRow("secret displayed") << "token {{ steps.pick.token }}" << TemplateTarget::Text << display << "token ********";
    QTest::addRow("not captured by this run")
        << "{{ steps.later.x }}" << TemplateTarget::Text << execution
        << "undefined template path 'steps.later.x': step 'later' has captured nothing in this run (it has not run, was skipped or failed)";
    QTest::addRow("secret lost with its process")
        << "{{ steps.gone.key }}" << TemplateTarget::Text << execution
        << "undefined template path 'steps.gone.key': the secret value step 'gone' captured is kept in no journal, and the process that captured it has ended";
    QTest::addRow("no such column")
        << "{{ steps.all.nope }}" << TemplateTarget::Text << execution
        << "undefined template path 'steps.all.nope': step 'all' captured no 'nope' (its first row has no such column)";
}

void TestTemplateRenderer::rendersCapturedValues()
{
    QFETCH(QString, text);
    QFETCH(TemplateTarget, target);
    QFETCH(TemplateRenderer::Mode, mode);
    QFETCH(QString, expected);
    const LoadedDocument loaded = DocumentLoader::loadData(R"(runbook: captures
requires: {nodes: [db]}
defaults: {on: db}
phases:
  - name: p
    steps:
      - {id: pick, sql: SELECT 1, capture: [lsn, tbl], capture_secret: [token]}
      - {id: gone, shell: "echo key=1", capture_secret: [key]}
      - {id: all, sql: SELECT 1, capture: all}
      - {id: later, shell: "echo x=1", capture: [x]}
)",
        QStringLiteral("c.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.diagnostics.value(0).toString()));
    CapturedValues captures;
    captures.values.insert(QStringLiteral("pick"),
        { { QStringLiteral("lsn"), QStringLiteral("0/1A") }, { QStringLiteral("tbl"), QStringLiteral("it's") }, { QStringLiteral("token"), QStringLiteral("s3cr3t") } });
    captures.values.insert(QStringLiteral("gone"), {});
    captures.lost.insert(QStringLiteral("gone"), { QStringLiteral("key") });
    captures.values.insert(QStringLiteral("all"), { { QStringLiteral("one"), QStringLiteral("1") } });
    const TemplateRenderer renderer(*loaded.runbook, &*m_inventory, &run, &captures);
    const RenderResult r = renderer.render(text, target, mode);
    QCOMPARE(r.ok() ? r.text : r.errors.value(0).message, expected);
    if (text.contains(QLatin1String("token")) && mode == TemplateRenderer::Mode::Execution)
        QCOMPARE(r.environment.value(QStringLiteral("RBC_SECRET_1")), QStringLiteral("s3cr3t"));
    // Without captured values (validate, plan) the same text is checked against the runbook only.
    QCOMPARE(TemplateRenderer(*loaded.runbook).check(text, target).size(), 0);
}

QTEST_GUILESS_MAIN(TestTemplateRenderer)
#include "tst_templaterenderer.moc"
