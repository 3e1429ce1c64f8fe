#include "runbook/documentloader.h"
#include "runbookharness.h"

#include <QtTest>

class TestRunbookLoader : public QObject {
    Q_OBJECT
private slots:
    void readsTheExample();
    void readsAMinimalRunbook();
    void readsDefaultsTemplatesIncludesAndFiles();
    void unsetsDefaultsAndLayersRollbackDefaults();
    void expandsTemplatesUsingTemplates();
    void reportsEveryProblem_data();
    void reportsEveryProblem();
    void readsLosslessRollback_data();
    void readsLosslessRollback();
    void refusesAnInventoryAsRunbook();
    void refusesALibraryAsRunbook();
    void shippedRunbooksIncludeTheirLibraryWhereverCopied_data();
    void shippedRunbooksIncludeTheirLibraryWhereverCopied();
};

namespace {
const QString dataDir = QStringLiteral(RBC_TEST_DATA_DIR "/runbook/");

QStringList messages(const Diagnostics& diagnostics)
{
    QStringList out;
    for (const Diagnostic& d : diagnostics)
        out.append(d.toString().remove(dataDir));
    return out;
}
} // namespace

void TestRunbookLoader::readsTheExample()
{
    const LoadedDocument loaded
        = DocumentLoader::loadRunbook(QStringLiteral(RBC_SOURCE_DIR "/runbooks/examples/hello.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    QCOMPARE(loaded.kind, DocumentKind::Runbook);
    const Runbook& runbook = *loaded.runbook;
    QCOMPARE(runbook.name, QStringLiteral("Hello, runbook console"));
    QCOMPARE(runbook.requiredNodes.size(), 2);
    QCOMPARE(runbook.requiredNodes[1].name, QStringLiteral("read_replica"));
    QCOMPARE(runbook.requiredEndpoints.first().name, QStringLiteral("app"));
    QCOMPARE(runbook.phases.size(), 4);

    // Every kind appears.
    QSet<StepKind> kinds;
    for (const Step* step : runbook.steps())
        kinds.insert(step->kind);
    QCOMPARE(kinds.size(), 6);

    const Step* versions = runbook.step(QStringLiteral("show-versions"));
    QVERIFY(versions);
    QCOMPARE(versions->on, QStringList({ "old_primary", "read_replica" }));
    QCOMPARE(versions->expected->milliseconds(), 1000);
    QCOMPARE(versions->timeout->milliseconds(), 30000);
    QCOMPARE(versions->location.line, 17);
    QCOMPARE(versions->location.column, 9);

    const Step* create = runbook.step(QStringLiteral("create-table"));
    QCOMPARE(create->sql.size(), 2);
    QCOMPARE(create->retries, 3);
    QCOMPARE(create->retryDelay.milliseconds(), 500);
    QCOMPARE(create->lockTimeout->milliseconds(), 2000);
    QVERIFY(create->rollback);
    QCOMPARE(create->rollback->kind, StepKind::Sql);
    QCOMPARE(create->rollback->on, QStringList { "old_primary" });
    QVERIFY(create->rollback->isRollback());

    const Step* wait = runbook.step(QStringLiteral("wait-replicated"));
    QVERIFY(wait->wait.usesSql);
    QCOMPARE(wait->on, QStringList { "read_replica" });
    QCOMPARE(wait->wait.every.milliseconds(), 200);
    QCOMPARE(wait->wait.timeout->milliseconds(), 60000);
    QVERIFY(!wait->wait.progress.isEmpty());
    QCOMPARE(wait->locationOf(QStringLiteral("wait.sql")).line, 49);

    const Step* batch = runbook.step(QStringLiteral("mark-done"));
    QCOMPARE(batch->batch.pause.milliseconds(), 50);
    QCOMPARE(batch->batch.maxIterations, 100);
    QCOMPARE(batch->statementTimeout->milliseconds(), 30000);

    const Step* route = runbook.step(QStringLiteral("route-to-replica"));
    QCOMPARE(route->switchTo.endpoint, QStringLiteral("app"));
    QCOMPARE(route->switchTo.to, QStringLiteral("read_replica"));
    QCOMPARE(route->downtime, DowntimeMarker::WritesBegin);
    QCOMPARE(runbook.step(QStringLiteral("route-back"))->downtime, DowntimeMarker::WritesEnd);
    QVERIFY(runbook.step(QStringLiteral("drop-table"))->pointOfNoReturn);
    QVERIFY(!runbook.step(QStringLiteral("route-back"))->pointOfNoReturn);
    QVERIFY(runbook.step(QStringLiteral("confirm-switch"))->manual.startsWith(QStringLiteral("Clients of")));
}

void TestRunbookLoader::readsAMinimalRunbook()
{
    const LoadedDocument loaded = DocumentLoader::loadFile(dataDir + QStringLiteral("minimal-runbook.yaml"));
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.runbook->steps().size(), 1);
    QCOMPARE(loaded.runbook->steps().first()->kind, StepKind::Manual);
    QVERIFY(loaded.runbook->requiredNodes.isEmpty());
    QVERIFY(!loaded.runbook->losslessRollback.declared);
    // Unless the runbook says otherwise, writes are refused during the window; a hold is capped at 5 s.
    QCOMPARE(loaded.runbook->cutover.mode, CutoverMode::Refuse);
    QCOMPARE(loaded.runbook->cutover.holdMax, Duration(5000));
}

void TestRunbookLoader::readsDefaultsTemplatesIncludesAndFiles()
{
    const LoadedDocument loaded = DocumentLoader::loadFile(dataDir + QStringLiteral("reuse/good.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    const Runbook& runbook = *loaded.runbook;

    // A template with params; the phase's defaults override the runbook's key by key.
    const Step* add = runbook.step(QStringLiteral("add-column"));
    QVERIFY(add);
    QCOMPARE(add->kind, StepKind::Sql);
    QCOMPARE(add->sql, QStringList { "ALTER TABLE {{ vars.table | ident }} ADD COLUMN c int" });
    QCOMPARE(add->on, QStringList { "db" });
    QCOMPARE(add->locationOf(QStringLiteral("on")).line, 6); // the defaults' `on`
    QCOMPARE(add->timeout->milliseconds(), 120000);
    QCOMPARE(add->lockTimeout->milliseconds(), 1000);
    QCOMPARE(add->retries, 5);
    QCOMPARE(add->retryDelay.milliseconds(), 500);
    QCOMPARE(add->expected->milliseconds(), 3000); // the phase's default
    const QList<std::pair<QString, QString>> session
        = { { "default_transaction_read_only", "off" }, { "application_name", "expand" } };
    QCOMPARE(add->session, session);
    QVERIFY(add->shellPrelude.isEmpty());
    QVERIFY(add->rollback);
    QCOMPARE(add->rollback->sql, QStringList { "ALTER TABLE {{ vars.table | ident }} DROP COLUMN c" });
    QCOMPARE(add->rollback->on, QStringList { "db" });
    QCOMPARE(add->rollback->retries, 5);
    QCOMPARE(add->rollback->lockTimeout->milliseconds(), 1000);
    QCOMPARE(add->location.line, 22);

    // A template from an included library: a param's default, the template's timeout over the defaults'.
    const Step* check = runbook.step(QStringLiteral("no-writers"));
    QVERIFY(check);
    QCOMPARE(check->title, QStringLiteral("Nothing returned by the check"));
    QVERIFY(check->sql.first().contains(QStringLiteral("IF EXISTS (SELECT pid FROM pg_stat_activity WHERE datname = {{ vars.table | literal }})")));
    QCOMPARE(check->on, QStringList { "db" });
    QCOMPARE(check->timeout->milliseconds(), 30000);
    QVERIFY(check->locationOf(QStringLiteral("title")).file.endsWith(QStringLiteral("reuse/lib/checks.yaml")));
    QCOMPARE(check->locationOf(QStringLiteral("title")).line, 5);

    // sql_file: the file's text, its locations in that file; the step's own keys win.
    const Step* fromFile = runbook.step(QStringLiteral("from-file"));
    QVERIFY(fromFile);
    QCOMPARE(fromFile->sql, QStringList { "CREATE TABLE IF NOT EXISTS t (id int);\nINSERT INTO t VALUES (1);\n" });
    QCOMPARE(fromFile->on, QStringList({ "db", "other" }));
    QCOMPARE(fromFile->retries, 0);
    const SourceLocation sqlAt = fromFile->locationOf(QStringLiteral("sql[0]"));
    QVERIFY(sqlAt.file.endsWith(QStringLiteral("reuse/sql/setup.sql")));
    const SourceLocation insertAt = sqlAt.advancedBy(fromFile->sql.first(), fromFile->sql.first().indexOf(QStringLiteral("VALUES")));
    QCOMPARE(insertAt.line, 2);
    QCOMPARE(insertAt.column, 15);

    // shell_file with the shell prelude; retries and lock_timeout do not apply to shell.
    const Step* script = runbook.step(QStringLiteral("script"));
    QVERIFY(script);
    QCOMPARE(script->kind, StepKind::Shell);
    QCOMPARE(script->shell, QStringLiteral("echo hello {{ vars.table }}\n"));
    QCOMPARE(script->withShellPrelude(script->shell), QStringLiteral("set -eu\necho hello {{ vars.table }}\n"));
    QCOMPARE(script->timeout->milliseconds(), 120000);
    QCOMPARE(script->retries, 0);
    QVERIFY(!script->lockTimeout);
    QVERIFY(script->session.isEmpty());

    // Checks: sql steps whose result decides.
    const Step* noProblems = runbook.step(QStringLiteral("no-problems"));
    QCOMPARE(noProblems->kind, StepKind::Sql);
    QCOMPARE(noProblems->check, CheckExpectation::NoRows);
    QCOMPARE(noProblems->sql, QStringList { "SELECT relname FROM pg_class WHERE false" });
    QCOMPARE(noProblems->on, QStringList { "db" });
    QCOMPARE(noProblems->locationOf(QStringLiteral("sql[0]")).line, 37);
    QCOMPARE(runbook.step(QStringLiteral("is-primary"))->check, CheckExpectation::True);
    QCOMPARE(runbook.step(QStringLiteral("is-primary"))->expected->milliseconds(), 200); // its own
    QCOMPARE(runbook.step(QStringLiteral("add-column"))->check, CheckExpectation::None);

    // A manual gate takes no defaults: no node, no timeout.
    const Step* gate = runbook.step(QStringLiteral("gate"));
    QCOMPARE(gate->when, QStringLiteral("{{ vars.table }}"));
    QVERIFY(add->when.isEmpty());
    QVERIFY(gate->on.isEmpty());
    QVERIFY(!gate->timeout);
    QVERIFY(!gate->expected);
}

using Session = QList<std::pair<QString, QString>>;

void TestRunbookLoader::unsetsDefaultsAndLayersRollbackDefaults()
{
    const LoadedDocument loaded = DocumentLoader::loadFile(dataDir + QStringLiteral("reuse/layered.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    const Runbook& runbook = *loaded.runbook;

    // The phase unsets the runbook's statement_timeout; everything else comes from the runbook.
    const Step* plain = runbook.step(QStringLiteral("plain"));
    QVERIFY(plain);
    QCOMPARE(plain->expected->milliseconds(), 2000);
    QCOMPARE(plain->timeout->milliseconds(), 120000);
    QCOMPARE(plain->lockTimeout->milliseconds(), 1000);
    QVERIFY(!plain->statementTimeout);
    QCOMPARE(plain->retries, 30);
    QCOMPARE(plain->retryDelay.milliseconds(), 500);
    QCOMPARE(plain->session, Session({ { "application_name", "rbc" }, { "search_path", "app" } }));
    // Its rollback: runbook defaults, phase defaults, the runbook's defaults.rollback (session added,
    // retries 3, timeout unset), the phase's defaults.rollback (application_name replaced, lock_timeout 5s).
    QVERIFY(plain->rollback);
    const Step& undo = *plain->rollback;
    QCOMPARE(undo.on, QStringList { "db" });
    QCOMPARE(undo.expected->milliseconds(), 2000);
    QVERIFY(!undo.timeout);
    QCOMPARE(undo.lockTimeout->milliseconds(), 5000);
    QVERIFY(!undo.statementTimeout);
    QCOMPARE(undo.retries, 3);
    QCOMPARE(undo.retryDelay.milliseconds(), 500);
    QCOMPARE(undo.session,
        Session(
            { { "search_path", "app" }, { "default_transaction_read_only", "off" }, { "application_name", "undo" } }));

    // `KEY: ~` on the step: the kind's built-in behaviour, as if no default gave it.
    const Step* unset = runbook.step(QStringLiteral("unset"));
    QVERIFY(unset);
    QVERIFY(!unset->expected);
    QVERIFY(!unset->timeout);
    QVERIFY(!unset->lockTimeout);
    QVERIFY(!unset->statementTimeout);
    QCOMPARE(unset->retries, 0);
    QCOMPARE(unset->retryDelay.milliseconds(), 1000);
    QVERIFY(unset->session.isEmpty());
    QCOMPARE(unset->on, QStringList { "db" });
    // A rollback's own keys win over every layer; its session merges by name.
    QCOMPARE(unset->rollback->retries, 0);
    QVERIFY(!unset->rollback->expected);
    QCOMPARE(unset->rollback->lockTimeout->milliseconds(), 5000);
    QCOMPARE(unset->rollback->session,
        Session({ { "default_transaction_read_only", "off" }, { "application_name", "undo" },
            { "search_path", "other" } }));

    const Step* ownSession = runbook.step(QStringLiteral("own-session"));
    QCOMPARE(ownSession->session,
        Session({ { "search_path", "app" }, { "application_name", "mine" }, { "work_mem", "64MB" } }));

    // A step's own shell_prelude replaces the inherited one; `~` drops it.
    const Step* onSource = runbook.step(QStringLiteral("on-source"));
    QVERIFY(onSource->shellPrelude.isEmpty());
    QCOMPARE(onSource->withShellPrelude(onSource->shell), QStringLiteral("df -h"));
    QCOMPARE(onSource->rollback->shellPrelude, QStringLiteral("set -eu"));
    const Step* ownPrelude = runbook.step(QStringLiteral("own-prelude"));
    QCOMPARE(ownPrelude->shellPrelude, QStringLiteral("set -eu"));
    QCOMPARE(ownPrelude->locationOf(QStringLiteral("shell_prelude")).line, 49);
    const Step* inherited = runbook.step(QStringLiteral("inherited-prelude"));
    QCOMPARE(inherited->shellPrelude, QStringLiteral("export TARGET=db"));
    QCOMPARE(inherited->locationOf(QStringLiteral("shell_prelude")).line, 11);

    // A phase's `~` unsets the runbook's defaults for its steps; its rollbacks still take the
    // runbook's defaults.rollback, which come after the phase's defaults.
    const Step* bare = runbook.step(QStringLiteral("bare"));
    QVERIFY(bare->shellPrelude.isEmpty());
    QVERIFY(!bare->expected);
    QCOMPARE(bare->timeout->milliseconds(), 120000);
    const Step* bareSql = runbook.step(QStringLiteral("bare-sql"));
    QVERIFY(bareSql->session.isEmpty());
    QCOMPARE(bareSql->rollback->session, Session({ { "default_transaction_read_only", "off" } }));
    QCOMPARE(bareSql->rollback->statementTimeout->milliseconds(), 600000);
    QCOMPARE(bareSql->rollback->lockTimeout->milliseconds(), 1000);
}

void TestRunbookLoader::expandsTemplatesUsingTemplates()
{
    const LoadedDocument loaded = DocumentLoader::loadFile(dataDir + QStringLiteral("reuse/nested.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    const Runbook& runbook = *loaded.runbook;

    // Three deep: the outer templates' params reach the inner `with:` values.
    const Step* note = runbook.step(QStringLiteral("add-note"));
    QVERIFY(note);
    QCOMPARE(note->title, QStringLiteral("Add text column note"));
    QCOMPARE(note->sql, QStringList { "ALTER TABLE {{ vars.table | ident }} ADD COLUMN note text" });
    QCOMPARE(note->rollback->sql, QStringList { "ALTER TABLE {{ vars.table | ident }} DROP COLUMN note" });
    QCOMPARE(note->on, QStringList { "db" }); // the innermost template's param default
    QCOMPARE(note->lockTimeout->milliseconds(), 1000); // from the innermost template
    QCOMPARE(note->retries, 5); // the outer template's key wins over the inner's
    QCOMPARE(note->expected->milliseconds(), 1000); // the step's own
    QVERIFY(note->locationOf(QStringLiteral("sql[0]")).isValid());

    const Step* count = runbook.step(QStringLiteral("add-count"));
    QCOMPARE(count->sql, QStringList { "ALTER TABLE {{ vars.table | ident }} ADD COLUMN n int" });
    QCOMPARE(count->retries, 2); // the step's key wins over both templates'

    // A runbook template using a library's, which uses one of the library's own.
    const Step* guarded = runbook.step(QStringLiteral("guarded"));
    QCOMPARE(guarded->check, CheckExpectation::NoRows);
    QCOMPARE(guarded->sql, QStringList { "SELECT 1 WHERE false" });
    QCOMPARE(guarded->on, QStringList { "other" });
    QCOMPARE(guarded->title, QStringLiteral("Library check"));
    QCOMPARE(guarded->timeout->milliseconds(), 30000);
    QVERIFY(guarded->locationOf(QStringLiteral("timeout")).file.endsWith(QStringLiteral("reuse/lib/nested-lib.yaml")));
}

void TestRunbookLoader::reportsEveryProblem_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected");

    QTest::addRow("steps")
        << "bad-steps.yaml"
        << QStringList {
               "bad-steps.yaml:6:13: bad step id 'Bad Id': use lowercase letters, digits, '-' and '_'",
               "bad-steps.yaml:8:13: 'on' names node 'primry' that the runbook does not require; did "
               "you mean 'primary'? (requires.nodes: primary)",
               "bad-steps.yaml:9:9: unknown key 'tiemout' in step 1 of phase 'One'; did you mean "
               "'timeout'?",
               "bad-steps.yaml:12:9: step 'two' has two kinds, 'sql' and 'shell': give exactly one",
               "bad-steps.yaml:14:9: step 'two' has no kind: give exactly one of sql, shell, wait, "
               "manual, switch or batch (or check, sql_file, shell_file)",
               "bad-steps.yaml:14:13: duplicate step id 'two' (first used at line 10, column 13)",
               "bad-steps.yaml:17:28: switch names endpoint 'ap' that the runbook does not require; "
               "did you mean 'app'? (requires.endpoints: app)",
               "bad-steps.yaml:17:36: switch 'to' names node 'replica' that the runbook does not "
               "require (requires.nodes: primary)",
               "bad-steps.yaml:18:9: 'on' does not apply to a switch step",
               "bad-steps.yaml:21:13: a shell step runs on one node; 'on' lists 2",
               "bad-steps.yaml:21:23: node 'primary' is listed twice in 'on'",
               "bad-steps.yaml:22:9: 'lock_timeout' applies only to steps that run SQL",
               "bad-steps.yaml:23:20: 'id' is not allowed in a rollback",
               "bad-steps.yaml:23:48: 'downtime' is not allowed in a rollback",
               "bad-steps.yaml:25:15: step 'six' needs 'on': the node to run it on (in 'wait:' or on "
               "the step)",
               "bad-steps.yaml:25:38: 'every': bad duration '5 seconds': unknown unit at ' seconds'; "
               "units are ms, s, m and h",
               "bad-steps.yaml:25:58: 'timeout': bad duration '0.5s': unknown unit at '.5s'; units "
               "are ms, s, m and h",
               "bad-steps.yaml:26:19: 'expected': bad duration '10': the number needs a unit: ms, s, "
               "m or h (e.g. 10s)",
               "bad-steps.yaml:27:18: 'retries' must be a whole number, not 'many'",
               "bad-steps.yaml:28:29: 'point_of_no_return' must be true or false, not 'maybe'",
               "bad-steps.yaml:29:19: unknown downtime marker 'write-begin'; did you mean "
               "'writes-begin'? (markers: writes-begin, writes-end, reads-begin, reads-end)",
               "bad-steps.yaml:31:80: 'max_iterations' must be between 1 and 100000000, not 0",
               "bad-steps.yaml:31:83: unknown key 'pasue' in 'batch' of step 'seven'; did you mean "
               "'pause'?",
               "bad-steps.yaml:35:21: 'on_failure' must be 'stop' or 'rollback', not 'rolback'; did you mean 'rollback'?",
               "bad-steps.yaml:36:48: 'on_failure' is not allowed in a rollback",
               "bad-steps.yaml:40:9: 'retry_from' applies only to sql steps",
               "bad-steps.yaml:44:21: 'retry_from' must be 'failed' (the failed statement) or 'start' (every statement), not 'begining'",
           };
    QTest::addRow("downtime") << "bad-downtime.yaml"
                              << QStringList {
                                     "bad-downtime.yaml:7:19: 'reads-end' without an earlier 'reads-begin'",
                                     "bad-downtime.yaml:13:19: 'writes-begin' again before 'writes-end' (the window "
                                     "opened at line 10, column 19)",
                                     "bad-downtime.yaml:18:19: 'reads-begin' is never ended by a 'reads-end'",
                                 };
    QTest::addRow("decisions and budgets")
        << "bad-decision.yaml"
        << QStringList {
               "bad-decision.yaml:2:27: 'writes': bad duration '10 seconds': unknown unit at ' seconds'; units are ms, s, m and h",
               "bad-decision.yaml:2:39: unknown key 'raeds' in 'downtime_budget'; did you mean 'reads'?",
               "bad-decision.yaml:8:13: 'on' names node 'db' that the runbook does not require (requires.nodes: none)",
               "bad-decision.yaml:9:9: 'decision' applies only to a manual step (a go/no-go gate)",
               "bad-decision.yaml:12:19: 'decision' must be true or false, not 'perhaps'",
               "bad-decision.yaml:15:36: 'decision' is not allowed in a rollback",
           };
    QTest::addRow("templates")
        << "bad-templates.yaml"
        << QStringList {
               "bad-templates.yaml:11:28: template value in SQL needs a filter: ident, literal or raw",
               "bad-templates.yaml:14:19: undefined template path 'nodes.db.dtadir': nodes have no field 'dtadir'; did "
               "you mean 'datadir'? (fields: name, conninfo, host, run_as, datadir, bindir, port, role, version, "
               "upstream)",
               "bad-templates.yaml:14:43: undefined template path 'vars.nope': the runbook declares no var 'nope' "
               "(declare it under 'vars:', with ~ when the inventory must set it)",
               "bad-templates.yaml:14:59: undefined template path 'nodez.db.port': paths start with nodes, endpoints, "
               "vars, run, cluster, steps, item or loop; did you mean 'nodes'?",
               "bad-templates.yaml:14:79: undefined template path 'nodes.other.port': the runbook does not require "
               "node 'other' (requires.nodes: db)",
               "bad-templates.yaml:17:22: unknown filter 'literall'; did you mean 'literal'? (filters: ident, literal, "
               "raw, shell)",
               "bad-templates.yaml:17:51: template value in SQL needs a filter: ident, literal or raw (the last filter "
               "is 'shell')",
               "bad-templates.yaml:17:77: undefined template path 'run.idd': run has id, started_at and label; did you "
               "mean 'id'?",
               "bad-templates.yaml:20:26: unclosed '{{': no matching '}}'",
           };
    QTest::addRow("defaults")
        << "reuse/bad-defaults.yaml"
        << QStringList {
               "reuse/bad-defaults.yaml:5:3: unknown key 'timout' in 'defaults' of the runbook; did you mean 'timeout'?",
               "reuse/bad-defaults.yaml:6:12: 'retries' must be a whole number, not 'lots'",
               "reuse/bad-defaults.yaml:7:13: bad setting name 'bad name': a PostgreSQL setting such as lock_timeout or app.name",
               "reuse/bad-defaults.yaml:7:42: 'lock_timeout' must be text, not a list",
               "reuse/bad-defaults.yaml:10:30: 'lock_timeout': bad duration 'soon': expected a number at 'soon'; write e.g. 5s, 200ms or 1m30s",
               "reuse/bad-defaults.yaml:12:9: step 'a' runs on one node, but the defaults' 'on' lists 2: give 'on' on the step",
               "reuse/bad-defaults.yaml:17:15: 'defaults' of phase 'Two' must be a map of keys and values, not a list",
           };
    QTest::addRow("files")
        << "reuse/bad-files.yaml"
        << QStringList {
               "reuse/bad-files.yaml:7:19: cannot read sql_file 'sql/missing.sql' (reuse/sql/missing.sql): No such file or directory",
               "reuse/bad-files.yaml:13:21: 'shell_file' names one file",
               "reuse/bad-files.yaml:17:9: step 'both' has two kinds, 'sql' and 'sql_file': give exactly one",
               "reuse/sql/unquoted.sql:3:8: template value in SQL needs a filter: ident, literal or raw",
               "reuse/sql/unquoted.sql:3:8: undefined template path 'vars.table': the runbook declares no var 'table' (declare it under 'vars:', with ~ when the inventory must set it)",
               "reuse/sql/unquoted.sql:3:31: undefined template path 'nodes.db.prot': nodes have no field 'prot'; did you mean 'port'? (fields: name, conninfo, host, run_as, datadir, bindir, port, role, version, upstream)",
           };
    QTest::addRow("template uses")
        << "reuse/bad-use.yaml"
        << QStringList {
               "reuse/bad-use.yaml:8:11: template 'ddl' uses params.statment, which its 'params' does not list; did you mean 'statement'?",
               "reuse/bad-use.yaml:8:33: '{{ params.statement | literal }}': a param is put in as written and takes no filter; give the filter in the value, e.g. with: {statement: \"{{ vars.x | literal }}\"}",
               "reuse/bad-use.yaml:10:3: bad template name 'Bad Name': use lowercase letters, digits, '-' and '_'",
               "reuse/bad-use.yaml:11:13: 'id' is not allowed in a template (each step using it gives its own id)",
               "reuse/bad-use.yaml:16:14: no template named 'dll'; did you mean 'ddl'? (templates: ddl, no-rows)",
               "reuse/bad-use.yaml:18:9: template 'ddl' needs param 'statement' in 'with:'",
               "reuse/bad-use.yaml:21:37: template 'ddl' has no param 'statment'; did you mean 'statement'? (params: statement)",
               "reuse/lib/broken.yaml:3:3: template 'no-rows' is defined twice (first at reuse/lib/checks.yaml:3:3)",
               "reuse/lib/broken.yaml:6:17: param 'a' is listed twice",
               "reuse/lib/broken.yaml:7:11: template 'check' uses params.b, which its 'params' does not list; did you mean 'a'?",
               "reuse/lib/checks.yaml:6:34: param 'query' is a list: it can only be a whole value ('{{ params.query }}' alone)",
           };
    QTest::addRow("layered defaults")
        << "reuse/bad-layered.yaml"
        << QStringList {
               "reuse/bad-layered.yaml:6:5: 'rollback' inside 'defaults.rollback' of the runbook: its keys already "
               "apply to rollbacks only",
               "reuse/bad-layered.yaml:7:5: unknown key 'retires' in 'defaults.rollback' of the runbook; did you mean "
               "'retries'?",
               "reuse/bad-layered.yaml:8:14: 'session' must be a map of keys and values, not a list",
               "reuse/bad-layered.yaml:9:14: 'timeout': bad duration 'soon': expected a number at 'soon'; write e.g. "
               "5s, 200ms or 1m30s",
               "reuse/bad-layered.yaml:13:17: 'defaults.rollback' of phase 'One' must be a map of keys and values, not "
               "text",
               "reuse/bad-layered.yaml:17:9: 'shell_prelude' applies only to shell steps and waits with 'shell:'",
               "reuse/bad-layered.yaml:18:9: 'session' applies only to steps that run SQL",
               "reuse/bad-layered.yaml:21:24: 'shell_prelude' must be text, not a list",
               "reuse/bad-layered.yaml:23:18: 'session' must be a map of keys and values, not text",
               "reuse/bad-layered.yaml:26:9: 'session' applies only to steps that run SQL",
               "reuse/bad-layered.yaml:28:48: 'shell_prelude' must be text, not a map",
               "reuse/bad-layered.yaml:31:29: undefined template path 'vars.nope': the runbook declares no var 'nope' "
               "(declare it under 'vars:', with ~ when the inventory must set it)",
           };
    QTest::addRow("templates using templates")
        << "reuse/bad-nested.yaml"
        << QStringList {
               "reuse/bad-nested.yaml:6:12: template cycle: a -> b -> a",
               "reuse/bad-nested.yaml:7:15: template cycle: self -> self",
               "reuse/bad-nested.yaml:15:13: templates nested deeper than 8: t1 -> t2 -> t3 -> t4 -> t5 -> t6 -> t7 -> "
               "t8 -> t9",
               "reuse/bad-nested.yaml:17:17: 'with' in template 'lonely-with' without 'use'",
               "reuse/bad-nested.yaml:18:26: template 'leaf' needs param 'x' in 'with:'",
               "reuse/bad-nested.yaml:18:33: template 'leaf' has no param 'nope' (params: x)",
               "reuse/bad-nested.yaml:20:18: no template named 'lef'; did you mean 'leaf'? (templates: a, b, "
               "bad-param, leaf, lib-uses-runbook, no-such, self, t1, t2, t3, t4, t5, t6, t7, t8, t9, unused-c, "
               "unused-d)",
               "reuse/bad-nested.yaml:22:19: template cycle: unused-c -> unused-d -> unused-c",
               "reuse/lib/nested-bad-lib.yaml:3:27: template 'lib-uses-runbook' cannot use template 'leaf' of "
               "reuse/bad-nested.yaml: a library's templates may use those of the library and of the files it includes",
           };
    QTest::addRow("conditions")
        << "reuse/bad-when.yaml"
        << QStringList {
               "reuse/bad-when.yaml:8:16: undefined template path 'vars.revers': the runbook declares no var 'revers'; did you mean 'reverse'? (declare it under 'vars:', with ~ when the inventory must set it)",
               "reuse/bad-when.yaml:11:43: 'when' is not allowed in a rollback",
               "reuse/bad-when.yaml:13:9: 'when' and 'downtime' do not go together: a skipped step would leave the window unpaired",
           };
    QTest::addRow("captures")
        << "bad-captures.yaml"
        << QStringList {
               "bad-captures.yaml:7:22: 'steps.lsn.lsn': step 'lsn' runs after step 'early'; only values captured by earlier steps can be used",
               "bad-captures.yaml:12:24: 'lsn' is captured twice (first at line 12, column 19)",
               "bad-captures.yaml:12:29: bad capture name 'bad name': use letters, digits, '-' and '_'",
               "bad-captures.yaml:15:21: 'steps.self.x': neither a step nor its rollback can use what the step captures (a rollback also runs after a failure, and a failed step captures nothing)",
               "bad-captures.yaml:21:18: 'capture: all' is for sql steps (the columns of the first row): a shell step names the lines NAME=value it captures",
               "bad-captures.yaml:24:9: 'capture' applies only to sql and shell steps, not to a wait step",
               "bad-captures.yaml:27:13: a step that captures values runs on one node; 'on' lists 2",
               "bad-captures.yaml:30:22: undefined template path 'steps.lsn.lns': step 'lsn' captures no 'lns'; did you mean 'lsn'? (it captures: lsn, token)",
               "bad-captures.yaml:30:53: undefined template path 'steps.nope.lsn': the runbook has no step 'nope'",
               "bad-captures.yaml:30:85: undefined template path 'steps.waits.x': step 'waits' captures nothing (give it 'capture: [x]')",
               "bad-captures.yaml:32:33: undefined template path 'steps.uses.one': step 'uses' captures nothing (give it 'capture: [one]')",
               "bad-captures.yaml:32:33: 'steps.uses.one': neither a step nor its rollback can use what the step captures (a rollback also runs after a failure, and a failed step captures nothing)",
               "bad-captures.yaml:32:74: 'capture' is not allowed in a rollback",
           };
    QTest::addRow("when queries")
        << "bad-when-query.yaml"
        << QStringList {
               "bad-when-query.yaml:7:38: 'when' asks node 'dbx' that the runbook does not require; did you mean 'db'? (requires.nodes: db)",
               "bad-when-query.yaml:11:15: 'when' of step 'no-sql' needs 'sql': a query whose first value is true or false",
               "bad-when-query.yaml:11:24: unknown key 'query' in 'when' of step 'no-sql' (known keys: sql, on)",
               "bad-when-query.yaml:14:15: 'when' of step 'no-node' needs 'on': the node that answers the query",
               "bad-when-query.yaml:14:29: undefined template path 'vars.x': the runbook declares no var 'x' (declare it under 'vars:', with ~ when the inventory must set it)",
           };
    QTest::addRow("loops")
        << "reuse/bad-loops.yaml"
        << QStringList {
               "reuse/bad-loops.yaml:13:9: 'for_each' applies only to sql, check and shell steps, not to a manual step",
               "reuse/bad-loops.yaml:14:26: 'item.x' outside a loop: only a step with 'for_each' (and its rollback) has a row",
               "reuse/bad-loops.yaml:16:22: 'loop.index' outside a loop: only a step with 'for_each' (and its rollback) has a row",
               "reuse/bad-loops.yaml:18:50: 'item.n' outside a loop: only a step with 'for_each' (and its rollback) has a row",
               "reuse/bad-loops.yaml:20:21: 'loop.index' in 'title': a loop's row is known only in what runs for each row (not in the title, 'when' or the 'for_each' query)",
               "reuse/bad-loops.yaml:21:33: 'item.n' in 'for_each.sql': a loop's row is known only in what runs for each row (not in the title, 'when' or the 'for_each' query)",
               "reuse/bad-loops.yaml:21:62: 'for_each' asks node 'dbx' that the runbook does not require; did you mean 'db'? (requires.nodes: db)",
               "reuse/bad-loops.yaml:22:22: undefined template path 'loop.indx': loop has index (1-based) and count; did you mean 'index'?",
               "reuse/bad-loops.yaml:25:19: 'for_each' of step 'shapes' is a map: {sql: QUERY, on: NODE}, the step running once per row of the query",
               "reuse/bad-loops.yaml:26:22: 'item.x' outside a loop: only a step with 'for_each' (and its rollback) has a row",
               "reuse/bad-loops.yaml:29:19: 'for_each' of step 'no-query' needs 'sql': the query whose rows the step runs for",
               "reuse/bad-loops.yaml:29:28: unknown key 'query' in 'for_each' of step 'no-query' (known keys: sql, on)",
               "reuse/bad-loops.yaml:30:22: 'item.x' outside a loop: only a step with 'for_each' (and its rollback) has a row",
               "reuse/bad-loops.yaml:35:9: a step with 'for_each' captures nothing: which iteration's values would later steps see?",
               "reuse/bad-loops.yaml:36:9: 'for_each' and 'downtime' do not go together: give the window its own step",
               "reuse/bad-loops.yaml:36:19: 'writes-begin' is never ended by a 'writes-end'",
               "reuse/bad-loops.yaml:40:23: 'item.n' is inside '...' quotes written around it: a value holding a quote would end them; drop the quotes and write {{ item.n | literal }}, which quotes the value as a string",
               "reuse/lib/loops.yaml:6:19: 'item.tbl' outside a loop: only a step with 'for_each' (and its rollback) has a row",
           };
    QTest::addRow("include cycle")
        << "reuse/cycle.yaml"
        << QStringList {
               "reuse/lib/cycle-c.yaml:2:11: include cycle: reuse/cycle.yaml -> reuse/lib/cycle-b.yaml -> reuse/lib/cycle-c.yaml -> reuse/lib/cycle-b.yaml",
               "reuse/lib/cycle-c.yaml:2:25: include '../good.yaml' is not a library: an included file holds 'library:', 'include:' and 'templates:' only",
               "reuse/lib/cycle-c.yaml:2:39: include 'nowhere.yaml': no such file (reuse/lib/nowhere.yaml)",
           };
    QTest::addRow("quoting")
        << "bad-quoting.yaml"
        << QStringList {
               "bad-quoting.yaml:8:22: 'vars.name' is inside '...' quotes written around it: a value holding a quote would end them; drop the quotes and write {{ vars.name | literal }}, which quotes the value as a string",
               "bad-quoting.yaml:8:51: 'vars.name' is inside \"...\" quotes written around it: a value holding a quote would end them; drop the quotes and write {{ vars.name | ident }}, which quotes the value as an identifier",
               "bad-quoting.yaml:11:92: 'vars.name' is inside '...' quotes written around it: a value holding a quote would end them; drop the quotes and write {{ vars.name | literal }}, which quotes the value as a string",
               "bad-quoting.yaml:14:16: 'vars.dir' is inside '...' quotes written around it, which would hold the quotes the value gets; drop the quotes: {{ vars.dir }} becomes one single-quoted shell word",
               "bad-quoting.yaml:14:16: 'vars.dir' is inside \"...\" quotes written around it, which would hold the quotes the value gets; drop the quotes: {{ vars.dir }} becomes one single-quoted shell word",
               "bad-quoting.yaml:14:16: 'vars.name' is inside '...' quotes written around it, which would hold the quotes the value gets; drop the quotes: {{ vars.name }} becomes one single-quoted shell word",
           };
    QTest::addRow("cutover")
        << "bad-cutover.yaml"
        << QStringList {
               "bad-cutover.yaml:2:10: 'cutover' must be 'hold' or 'refuse', not 'hodl'; did you mean 'hold'?",
               "bad-cutover.yaml:3:11: 'hold_max' must be between 100ms and 1m: clients wait that long at most",
           };
    QTest::addRow("syntax") << "syntax-error.yaml"
                            << QStringList {
                                   "syntax-error.yaml:4:1: YAML syntax error: end of sequence flow not found"
                               };
}

void TestRunbookLoader::reportsEveryProblem()
{
    QFETCH(QString, file);
    QFETCH(QStringList, expected);
    const LoadedDocument loaded = DocumentLoader::loadFile(dataDir + file);
    QVERIFY(!loaded.ok());
    QCOMPARE(messages(loaded.diagnostics), expected);
}

void TestRunbookLoader::readsLosslessRollback_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("declared");
    QTest::addColumn<QString>("description");
    QTest::addRow("true") << QByteArray("true") << true << QString();
    QTest::addRow("false") << QByteArray("false") << false << QString();
    QTest::addRow("text") << QByteArray("reverse replication set up in phase 3") << true
                          << "reverse replication set up in phase 3";
    QTest::addRow("quoted true is text") << QByteArray("\"true\"") << true << "true";
}

void TestRunbookLoader::readsLosslessRollback()
{
    QFETCH(QByteArray, value);
    QFETCH(bool, declared);
    QFETCH(QString, description);
    const QByteArray text = "runbook: r\nlossless_rollback: " + value
        + "\nphases:\n  - name: p\n    steps:\n"
          "      - id: s\n        manual: go\n";
    const LoadedDocument loaded = DocumentLoader::loadData(text, QStringLiteral("r.yaml"));
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    QCOMPARE(loaded.runbook->losslessRollback.declared, declared);
    QCOMPARE(loaded.runbook->losslessRollback.description, description);
}

void TestRunbookLoader::refusesAnInventoryAsRunbook()
{
    const LoadedDocument loaded = DocumentLoader::loadRunbook(dataDir + QStringLiteral("sandbox-inventory.yaml"));
    QVERIFY(!loaded.ok());
    QCOMPARE(messages(loaded.diagnostics),
        QStringList {
            "sandbox-inventory.yaml:1:1: expected a runbook, but this file is an inventory ('cluster:' key)" });
}

void TestRunbookLoader::refusesALibraryAsRunbook()
{
    const LoadedDocument loaded = DocumentLoader::loadRunbook(dataDir + QStringLiteral("reuse/lib/checks.yaml"));
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.kind, DocumentKind::Library);
    QCOMPARE(messages(loaded.diagnostics),
        QStringList { "reuse/lib/checks.yaml:1:1: expected a runbook, but this file is a library of step templates "
                      "('library:' key): open a runbook that includes it" });
}

void TestRunbookLoader::shippedRunbooksIncludeTheirLibraryWhereverCopied_data()
{
    QTest::addColumn<QString>("name");
    QTest::addRow("logical move") << QStringLiteral("logical-replication-move.yaml");
    QTest::addRow("pg_upgrade") << QStringLiteral("pg-upgrade-link.yaml");
}

void TestRunbookLoader::shippedRunbooksIncludeTheirLibraryWhereverCopied()
{
    QFETCH(QString, name);
    const QByteArray text = RunbookHarness::readFile(QStringLiteral(RBC_SOURCE_DIR "/runbooks/") + name);
    QVERIFY(text.contains("\ninclude: lib/"));
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());

    // The file alone, as the harness and the benches used to copy it: its library is not found.
    const QString alone = tmp.filePath(QStringLiteral("alone/") + name);
    QVERIFY(QDir().mkpath(QFileInfo(alone).path()));
    QVERIFY(RunbookHarness::writeFile(alone, text));
    const LoadedDocument missing = DocumentLoader::loadRunbook(alone);
    QVERIFY(!missing.ok());
    QVERIFY2(messages(missing.diagnostics).join(QLatin1Char('\n')).contains(QLatin1String("include 'lib/server-left-behind.yaml': no such file")),
        qPrintable(messages(missing.diagnostics).join(QLatin1Char('\n'))));

    // Through the harness (the runbook tests' path): the directory tree comes along, and the
    // runbook, its library's templates expanded, validates against the sandbox's inventory.
    const QString copied = tmp.filePath(QStringLiteral("harness/runbook-1.yaml"));
    QVERIFY(QDir().mkpath(QFileInfo(copied).path()));
    const auto controller = RunbookHarness::controller(copied, text, dataDir + QStringLiteral("sandbox-inventory.yaml"),
        tmp.filePath(QStringLiteral("journal.sqlite")), false);
    QVERIFY(controller);
    QVERIFY(QFileInfo::exists(tmp.filePath(QStringLiteral("harness/lib/server-left-behind.yaml"))));
    const LoadedDocument loaded = DocumentLoader::loadRunbook(copied);
    QVERIFY2(loaded.ok(), qPrintable(messages(loaded.diagnostics).join(QLatin1Char('\n'))));
    // The step made from the library's template carries the library's text and its own words.
    const Step* headroom = loaded.runbook->step(QStringLiteral("check-wal-headroom"));
    QVERIFY(headroom);
    QVERIFY(headroom->shell.contains(QLatin1String("df -Pk \"$WAL/\"")));
    QVERIFY(headroom->shell.contains(QLatin1String("where the old primary keeps its WAL; DB_A's slot")) || headroom->shell.contains(QLatin1String("where the source keeps its WAL: the move's slot")));
}

QTEST_GUILESS_MAIN(TestRunbookLoader)
#include "tst_runbookloader.moc"
