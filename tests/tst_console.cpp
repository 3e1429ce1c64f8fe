// The console driven the way an operator drives it — keys and clicks, offscreen — on a real
// sandbox: Run a rehearsal, pass a manual gate, watch a wait's progress and a step's timer move,
// press Roll back during a long step and confirm; the production guard; a run killed mid-step
// reopened and resumed from the console; and every control reachable by keyboard with an
// accessible name equal to its label, found and pressed through Qt's accessibility interface.
#include "checklist/checklistview.h"
#include "common/accessibility.h"
#include "common/messagebanner.h"
#include "core/pgconnection.h"
#include "engine/checklistmodel.h"
#include "engine/runsession.h"
#include "gate/gatepanel.h"
#include "journal/runjournal.h"
#include "mainwindow.h"
#include "rollback/rollbackdialog.h"
#include "run/startrundialog.h"
#include "sandboxfixture.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTableWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTabWidget>
#include <QToolBar>
#include <csignal>
#include <functional>
#include <sys/types.h>

namespace {
// A key press as the operator makes it: into the active window (offscreen, activation is explicit).
void press(QWidget* w, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QApplication::setActiveWindow(w->window());
    QTest::keyClick(w, key, mods);
}
} // namespace

class TestConsole : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void runGateProgressAndRollBack();
    void productionNeedsTheClusterName();
    void interruptedRunIsOfferedAndResumed();
    void closingDuringAStepAsksThenLeavesItResumable();
    void everyControlHasAShortcutAndItsLabelAsName();
    void accessibilityInterfacePressesRun();

private:
    QString writeRunbook(const QString& name, const QByteArray& yaml);
    std::unique_ptr<MainWindow> openConsole(const QString& runbook);
    // Acts on the next modal dialog of type D as soon as it shows (exec() blocks the caller).
    template <typename D> void whenModal(std::function<void(D*)> act);
    bool waitForState(MainWindow& w, RunState state, int timeoutMs = 60000);
    std::optional<RunDetail> lastRun();
    QString db1Scalar(const QString& sql);

    SandboxFixture m_fixture { QStringLiteral("console") };
    QString m_journal;
    QTemporaryDir m_settings;
};

void TestConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
    SandboxOptions o;
    o.seedScale = 0.01;
    QString error;
    QVERIFY2(m_fixture.up(o, &error), qPrintable(error));
    m_journal = m_fixture.path(QStringLiteral("journal.sqlite"));
}

QString TestConsole::writeRunbook(const QString& name, const QByteArray& yaml)
{
    const QString path = m_fixture.path(name + QStringLiteral(".yaml"));
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(yaml);
    return path;
}

std::unique_ptr<MainWindow> TestConsole::openConsole(const QString& runbook)
{
    auto w = std::make_unique<MainWindow>();
    w->setJournalPath(m_journal);
    w->show();
    QSignalSpy loaded(w.get(), &MainWindow::filesLoaded);
    QSignalSpy checked(w.get(), &MainWindow::lastRunChecked);
    w->openFiles(runbook, m_fixture.sandbox().inventoryPath());
    if (!loaded.wait(15000) || !loaded.first().at(0).toBool())
        return nullptr;
    if (checked.isEmpty() && !checked.wait(15000))
        return nullptr;
    QApplication::setActiveWindow(w.get());
    return w;
}

template <typename D> void TestConsole::whenModal(std::function<void(D*)> act)
{
    auto* timer = new QTimer(this);
    timer->setInterval(20);
    connect(timer, &QTimer::timeout, this, [timer, act] {
        if (auto* d = qobject_cast<D*>(QApplication::activeModalWidget())) {
            timer->stop();
            timer->deleteLater();
            QApplication::setActiveWindow(d);
            QVERIFY(QTest::qWaitForWindowActive(d));
            act(d);
            // A failed check inside `act` returns early: never leave the dialog blocking the test
            // (a press through the accessibility interface clicks a moment later: allow for it).
            QPointer<QDialog> dialog(d);
            QTimer::singleShot(3000, [dialog] {
                if (dialog && dialog->isVisible())
                    dialog->reject();
            });
        }
    });
    timer->start();
}

bool TestConsole::waitForState(MainWindow& w, RunState state, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while ((!w.session() || w.session()->status().state != state) && t.elapsed() < timeoutMs)
        QTest::qWait(25);
    return w.session() && w.session()->status().state == state;
}

std::optional<RunDetail> TestConsole::lastRun()
{
    RunJournal j;
    if (!j.open(m_journal))
        return std::nullopt;
    return j.run(QStringLiteral("last"));
}

QString TestConsole::db1Scalar(const QString& sql)
{
    PgConnection c;
    if (!c.open(m_fixture.inventory().node(QStringLiteral("db1"))->conninfo))
        return QStringLiteral("connect failed");
    return c.scalar(sql).value_or(QStringLiteral("error: ") + c.lastError().message);
}

void TestConsole::runGateProgressAndRollBack()
{
    const QString path = writeRunbook(QStringLiteral("console-run"), R"yaml(runbook: Console rehearsal
requires: {nodes: [db1]}
downtime_budget: {writes: 30s}
phases:
  - name: Prepare
    steps:
      - id: make-table
        title: Create the work table
        sql: CREATE TABLE con_work (n int)
        on: db1
        rollback: {sql: DROP TABLE con_work, on: db1}
      - id: go-no-go
        title: Is the application healthy?
        manual: Check the error rate, then decide.
        decision: true
  - name: Work
    steps:
      - id: fill
        title: Fill it while we watch
        sql: INSERT INTO con_work SELECT g FROM generate_series(1, 5) g
        on: db1
        downtime: writes-begin
        rollback: {sql: TRUNCATE con_work, on: db1}
      - id: wait-rows
        title: Wait until the clock says so
        wait: {sql: "SELECT extract(epoch FROM now() - (SELECT min(query_start) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(0.0%')) > 99", on: db1, every: 100ms, timeout: 2s, progress: "SELECT 1, 4"}
        timeout: 3s
      - id: long
        title: A long step
        sql: SELECT pg_sleep(120)
        on: db1
        rollback: {sql: SELECT 1, on: db1}
      - id: thaw
        sql: SELECT 1
        on: db1
        downtime: writes-end
)yaml");
    auto w = openConsole(path);
    QVERIFY(w);
    auto* checklist = w->findChild<ChecklistView*>();
    auto* model = qobject_cast<ChecklistModel*>(checklist->model());
    QVERIFY(model);
    QCOMPARE(model->rowCount(), 2);

    // F5 asks rehearsal or production; Enter starts a rehearsal.
    whenModal<StartRunDialog>([](StartRunDialog* d) {
        QCOMPARE(d->label(), QStringLiteral("rehearsal"));
        press(d, Qt::Key_Return);
    });
    press(w.get(), Qt::Key_F5);
    QVERIFY(waitForState(*w, RunState::AtGate, 30000));
    auto* gate = w->findChild<GatePanel*>();
    QVERIFY(gate->isVisible());
    QVERIFY(gate->findChild<QLabel*>() != nullptr);
    QCOMPARE(gate->continueButton()->accessibleName(), QStringLiteral("Go — continue"));
    QCOMPARE(QKeySequence::mnemonic(gate->continueButton()->text()), QKeySequence(Qt::ALT | Qt::Key_C));
    QCOMPARE(QKeySequence::mnemonic(gate->rollbackButton()->text()), QKeySequence(Qt::ALT | Qt::Key_B));
    // The go/no-go decision shows the evidence it will journal.
    bool evidenceShown = false;
    for (QLabel* l : gate->findChildren<QLabel*>())
        evidenceShown = evidenceShown || (l->isVisible() && l->text().contains(QStringLiteral("writes unavailable")));
    QVERIFY(evidenceShown);
    press(w.get(), Qt::Key_Return, Qt::ControlModifier);

    // The wait step runs with a progress bar; it times out (the condition never holds) and the
    // run pauses on the failure — which the operator skips from the keyboard.
    const QModelIndex waitRow = model->indexOfStep(3, ChecklistModel::OutcomeColumn);
    QTRY_VERIFY_WITH_TIMEOUT(waitRow.data(ChecklistModel::ProgressRole).toDouble() > 0.2, 15000);
    const QString first = model->indexOfStep(3, ChecklistModel::ElapsedColumn).data().toString();
    QTest::qWait(600);
    QVERIFY(model->indexOfStep(3, ChecklistModel::ElapsedColumn).data().toString() != first); // the timer moves
    QVERIFY(waitForState(*w, RunState::Paused, 15000));
    QCOMPARE(w->session()->status().currentIndex, 3);
    whenModal<QMessageBox>([](QMessageBox* box) { box->button(QMessageBox::Yes)->click(); });
    press(w.get(), Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(w->session()->status().currentIndex, 4, 10000);
    press(w.get(), Qt::Key_F6); // Resume

    // The long step runs; Roll back shows the plan for this moment, and confirming it cancels the
    // step and runs the plan, whose steps appear in the checklist.
    QTRY_COMPARE_WITH_TIMEOUT(model->outcome(4), StepOutcome::Running, 15000);
    QVERIFY(w->findChild<QPushButton*>(QStringLiteral("rollbackButton"))->isVisible());
    press(w.get(), Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    RollbackDialog* dialog = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((dialog = w->findChild<RollbackDialog*>()) && dialog->isVisible(), 5000);
    auto* table = dialog->findChild<QTableWidget*>();
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 3); // long (partial), fill, make-table; go-no-go has nothing to undo
    QVERIFY(table->item(0, 0)->text().contains(QStringLiteral("A long step")));
    QVERIFY(table->item(0, 0)->text().contains(QStringLiteral("did not complete")));
    QElapsedTimer sinceConfirm;
    sinceConfirm.start();
    QApplication::setActiveWindow(dialog);
    QTest::keyClick(dialog->confirmButton(), Qt::Key_Space);
    QVERIFY(waitForState(*w, RunState::Finished, 30000));
    QCOMPARE(w->session()->status().outcome, RunOutcome::RolledBack);
    QVERIFY2(sinceConfirm.elapsed() < 10000, qPrintable(QString::number(sinceConfirm.elapsed())));
    QCOMPARE(model->outcome(4), StepOutcome::Cancelled);
    const QModelIndex rollbackPhase = model->index(model->rowCount() - 1, 0);
    QVERIFY(rollbackPhase.data(ChecklistModel::IsRollbackRole).toBool());
    QCOMPARE(model->rowCount(rollbackPhase), 3);
    for (int r = 0; r < 3; ++r)
        QCOMPARE(model->index(r, 0, rollbackPhase).data(ChecklistModel::OutcomeRole).toInt(), int(StepOutcome::Succeeded));
    QVERIFY(model->indexOfStep(0).data(ChecklistModel::RolledBackRole).toBool());
    QCOMPARE(db1Scalar(QStringLiteral("SELECT to_regclass('con_work') IS NULL")), QStringLiteral("t"));

    const auto run = lastRun();
    QVERIFY(run);
    QCOMPARE(run->run.outcome, RunOutcome::RolledBack);
    QCOMPARE(run->run.label, QStringLiteral("rehearsal"));
    bool decision = false;
    for (const JournalEvent& e : run->events)
        decision = decision || (e.text.startsWith(QLatin1String("decision: GO at 'go-no-go'")) && e.text.contains(QStringLiteral("writes unavailable")));
    QVERIFY(decision);
    int undone = 0;
    for (const StepRecord& s : run->steps)
        undone += s.isRollback && s.result.outcome == StepOutcome::Succeeded ? 1 : 0;
    QCOMPARE(undone, 3);
}

void TestConsole::productionNeedsTheClusterName()
{
    const QString path = writeRunbook(QStringLiteral("console-prod"), "runbook: Console production\nrequires: {nodes: [db1]}\nphases:\n  - name: One\n    steps:\n      - {id: one, sql: SELECT 1, on: db1}\n");
    auto w = openConsole(path);
    QVERIFY(w);
    bool checked = false;
    whenModal<StartRunDialog>([&checked](StartRunDialog* d) {
        // Keyboard: to the Production choice and Space (QTest's Alt+letter does not reach mnemonics offscreen).
        d->productionButton()->setFocus();
        QTest::keyClick(d->productionButton(), Qt::Key_Space);
        QVERIFY(d->productionButton()->isChecked());
        QVERIFY(!d->startButton()->isEnabled());
        QTest::keyClicks(d->clusterField(), QStringLiteral("sandbo"));
        QVERIFY(!d->startButton()->isEnabled());
        press(d, Qt::Key_Return); // refused: nothing starts
        QVERIFY(d->isVisible());
        QTest::keyClicks(d->clusterField(), QStringLiteral("y")); // "sandboy": still not the cluster's name
        QVERIFY(!d->startButton()->isEnabled());
        d->clusterField()->selectAll();
        QTest::keyClicks(d->clusterField(), QStringLiteral("sandbox"));
        QVERIFY(d->startButton()->isEnabled());
        QCOMPARE(d->startButton()->accessibleName(), QStringLiteral("Start production run"));
        press(d, Qt::Key_Return);
        checked = true;
    });
    press(w.get(), Qt::Key_F5);
    QTRY_VERIFY_WITH_TIMEOUT(checked, 5000);
    QVERIFY(waitForState(*w, RunState::Finished, 30000));
    QCOMPARE(w->session()->status().outcome, RunOutcome::Completed);
    const auto run = lastRun();
    QVERIFY(run);
    QCOMPARE(run->run.label, QStringLiteral("production"));
    QVERIFY(w->findChild<QLabel*>(QStringLiteral("labelBadge"))->text().contains(QStringLiteral("PRODUCTION")));
}

void TestConsole::interruptedRunIsOfferedAndResumed()
{
    const QString path = writeRunbook(QStringLiteral("console-killed"), R"yaml(runbook: Console killed
requires: {nodes: [db1]}
phases:
  - name: One
    steps:
      - {id: before, sql: "CREATE TABLE con_killed (n int)", on: db1}
      - {id: sleepy, sql: "SELECT pg_sleep(120)", on: db1}
      - {id: after, sql: "INSERT INTO con_killed VALUES (1)", on: db1}
)yaml");
    // A headless run killed -9 while `sleepy` runs.
    QProcess cli;
    cli.setProcessChannelMode(QProcess::SeparateChannels);
    cli.start(QStringLiteral(RBC_CONSOLE_BINARY), { QStringLiteral("run"), path, QStringLiteral("--inventory"), m_fixture.sandbox().inventoryPath(),
                                                      QStringLiteral("--journal"), m_journal });
    QVERIFY(cli.waitForStarted());
    QString err;
    QElapsedTimer t;
    t.start();
    while (!err.contains(QStringLiteral("sleepy (sql")) && t.elapsed() < 30000) {
        cli.waitForReadyRead(200);
        err += QString::fromUtf8(cli.readAllStandardError());
    }
    QVERIFY2(err.contains(QStringLiteral("sleepy (sql")), qPrintable(err));
    ::kill(pid_t(cli.processId()), SIGKILL);
    QVERIFY(cli.waitForFinished(5000));
    db1Scalar(QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(120)'"));

    auto w = openConsole(path);
    QVERIFY(w);
    auto* banner = w->findChild<MessageBanner*>(QStringLiteral("lastRunBanner"));
    QVERIFY(banner && banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("interrupted")) && banner->text().contains(QStringLiteral("'sleepy'")), qPrintable(banner->text()));
    QPushButton* skip = nullptr;
    for (QPushButton* b : banner->findChildren<QPushButton*>())
        if (b->text() == QLatin1String("Resume, skipping that step"))
            skip = b;
    QVERIFY(skip);
    QTest::keyClick(skip, Qt::Key_Space);
    QVERIFY(waitForState(*w, RunState::Finished, 30000));
    QCOMPARE(w->session()->status().outcome, RunOutcome::Completed);
    auto* model = qobject_cast<ChecklistModel*>(w->findChild<ChecklistView*>()->model());
    QCOMPARE(model->outcome(0), StepOutcome::Succeeded); // restored from the journal
    QCOMPARE(model->outcome(2), StepOutcome::Succeeded);
    const auto run = lastRun();
    QVERIFY(run);
    QStringList outcomes;
    for (const StepRecord& s : run->steps)
        outcomes << s.stepId + QLatin1Char('=') + stepOutcomeName(s.result.outcome);
    QCOMPARE(outcomes, (QStringList { "before=succeeded", "sleepy=interrupted", "sleepy=skipped", "after=succeeded" }));
    QCOMPARE(db1Scalar(QStringLiteral("SELECT count(*) FROM con_killed")), QStringLiteral("1"));
}

void TestConsole::closingDuringAStepAsksThenLeavesItResumable()
{
    const QString path = writeRunbook(QStringLiteral("console-close"), R"yaml(runbook: Console close
requires: {nodes: [db1]}
phases:
  - name: One
    steps:
      - {id: hang, sql: "SELECT pg_sleep(120)", on: db1}
      - {id: after, sql: "SELECT 1", on: db1}
)yaml");
    auto w = openConsole(path);
    QVERIFY(w);
    whenModal<StartRunDialog>([](StartRunDialog* d) { d->startButton()->click(); });
    press(w.get(), Qt::Key_F5);
    auto* model = qobject_cast<ChecklistModel*>(w->findChild<ChecklistView*>()->model());
    QTRY_COMPARE_WITH_TIMEOUT(model->outcome(0), StepOutcome::Running, 15000); // the step itself runs
    const QString runId = w->session()->status().runId;
    QSignalSpy closed(w.get(), &MainWindow::closedCleanly);
    QString asked;
    whenModal<QMessageBox>([&asked](QMessageBox* box) {
        asked = box->text();
        for (QAbstractButton* b : box->buttons())
            if (b->text() == QLatin1String("Cancel the step and close"))
                b->click();
    });
    w->close();
    QElapsedTimer t;
    QTRY_VERIFY_WITH_TIMEOUT(!asked.isEmpty(), 5000);
    t.start();
    QTRY_VERIFY_WITH_TIMEOUT(!w->isVisible(), 2000); // the window goes at once: nothing waits on the step
    QVERIFY2(t.elapsed() < 1000, qPrintable(QString::number(t.elapsed())));
    QVERIFY(asked.contains(QStringLiteral("A step is running")));
    QTRY_VERIFY_WITH_TIMEOUT(!closed.isEmpty(), 20000); // it may already have come during the checks above
    RunJournal j;
    QVERIFY(j.open(m_journal));
    const auto run = j.run(runId);
    QVERIFY(run);
    QCOMPARE(run->run.outcome, RunOutcome::Cancelled);
    QCOMPARE(run->steps.size(), 1);
    QCOMPARE(run->steps.first().result.outcome, StepOutcome::Cancelled);
    QVERIFY(run->run.note.contains(QStringLiteral("resume")));
}

void TestConsole::everyControlHasAShortcutAndItsLabelAsName()
{
    auto w = openConsole(QStringLiteral(RBC_SOURCE_DIR "/runbooks/examples/hello.yaml"));
    QVERIFY(w);
    // Menu actions: each has a keyboard shortcut (a mnemonic counts for submenus only).
    for (QAction* menu : w->menuBar()->actions()) {
        QVERIFY2(menu->text().contains(QLatin1Char('&')), qPrintable(menu->text()));
        for (QAction* a : menu->menu()->actions()) {
            if (a->isSeparator() || a->menu())
                continue;
            QVERIFY2(!a->shortcut().isEmpty(), qPrintable(QStringLiteral("no shortcut: ") + a->text()));
        }
    }
    // Every button, field and list shown carries its visible label as its accessible name.
    for (QAbstractButton* b : w->findChildren<QAbstractButton*>()) {
        if (!b->isVisible() || b->text().isEmpty())
            continue;
        QCOMPARE(b->accessibleName(), visibleLabel(b->text()));
    }
    for (QWidget* input : w->findChildren<QWidget*>()) {
        if (!input->isVisible() || !(qobject_cast<QLineEdit*>(input) || qobject_cast<QComboBox*>(input) || qobject_cast<QAbstractItemView*>(input)))
            continue;
        if (qobject_cast<QAbstractItemView*>(input->parentWidget()))
            continue; // a delegate's editor
        QVERIFY2(!input->accessibleName().isEmpty(), input->metaObject()->className());
    }
    // Toolbar buttons: reachable by their action's shortcut, named after their label.
    auto* bar = w->findChild<QToolBar*>(QStringLiteral("runControls"));
    QVERIFY(bar);
    for (QAction* a : bar->actions()) {
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->text()));
        QCOMPARE(bar->widgetForAction(a)->accessibleName(), visibleLabel(a->text()));
    }
    // No two visible controls share a mnemonic (Alt+letter), in either tab.
    auto mnemonicsClash = [&w]() -> QString {
        QMap<QString, QString> seen;
        auto take = [&seen](const QString& text) -> QString {
            const QKeySequence m = QKeySequence::mnemonic(text);
            if (m.isEmpty())
                return {};
            const QString key = m.toString();
            if (seen.contains(key))
                return QStringLiteral("%1: '%2' and '%3'").arg(key, seen.value(key), text);
            seen.insert(key, text);
            return {};
        };
        for (QAction* a : w->menuBar()->actions())
            if (QString clash = take(a->text()); !clash.isEmpty())
                return clash;
        for (QAbstractButton* b : w->findChildren<QAbstractButton*>())
            if (b->isVisible() && !qobject_cast<QToolBar*>(b->parentWidget()))
                if (QString clash = take(b->text()); !clash.isEmpty())
                    return clash;
        for (QLabel* l : w->findChildren<QLabel*>())
            if (l->isVisible() && l->buddy())
                if (QString clash = take(l->text()); !clash.isEmpty())
                    return clash;
        return {};
    };
    QString clash = mnemonicsClash();
    QVERIFY2(clash.isEmpty(), qPrintable(clash));
    press(w.get(), Qt::Key_3, Qt::ControlModifier); // Runs and rehearsals
    QVERIFY(w->findChild<QTabWidget*>(QStringLiteral("tabs"))->currentIndex() == 1);
    clash = mnemonicsClash();
    QVERIFY2(clash.isEmpty(), qPrintable(clash));
    for (QAbstractButton* b : w->findChildren<QAbstractButton*>())
        if (b->isVisible() && !b->text().isEmpty())
            QCOMPARE(b->accessibleName(), visibleLabel(b->text()));
    press(w.get(), Qt::Key_1, Qt::ControlModifier);
    QVERIFY(w->findChild<QTabWidget*>(QStringLiteral("tabs"))->currentIndex() == 0);

    // The dialogs too.
    StartRunDialog start(QStringLiteral("r"), QStringLiteral("c"), false);
    start.show();
    for (QAbstractButton* b : start.findChildren<QAbstractButton*>())
        if (b->isVisible())
            QCOMPARE(b->accessibleName(), visibleLabel(b->text()));
    RollbackDialog rollback;
    rollback.setPreview(RollbackPreview {}, false);
    rollback.show();
    for (QAbstractButton* b : rollback.findChildren<QAbstractButton*>())
        if (b->isVisible())
            QCOMPARE(b->accessibleName(), visibleLabel(b->text()));
}

namespace {
QAccessibleInterface* findByName(QAccessibleInterface* node, const QString& name, QAccessible::Role role, int depth = 0)
{
    if (!node || depth > 40)
        return nullptr;
    if (node->role() == role && node->text(QAccessible::Name) == name)
        return node;
    for (int i = 0; i < node->childCount(); ++i)
        if (QAccessibleInterface* found = findByName(node->child(i), name, role, depth + 1))
            return found;
    return nullptr;
}
} // namespace

void TestConsole::accessibilityInterfacePressesRun()
{
    const QString path = writeRunbook(QStringLiteral("console-a11y"), "runbook: Console a11y\nrequires: {nodes: [db1]}\nphases:\n  - name: One\n    steps:\n      - {id: one, sql: SELECT 1, on: db1}\n");
    auto w = openConsole(path);
    QVERIFY(w);
    QAccessible::setActive(true);
    QAccessibleInterface* root = QAccessible::queryAccessibleInterface(w.get());
    QVERIFY(root);
    // What a screen reader reads and presses: the toolbar's "Run…" button, found by name.
    QAccessibleInterface* run = findByName(root, QStringLiteral("Run…"), QAccessible::Button);
    QVERIFY(run);
    QVERIFY(run->actionInterface());
    QAccessibleInterface* rollback = findByName(root, QStringLiteral("ROLL BACK"), QAccessible::Button);
    QVERIFY(rollback);
    whenModal<StartRunDialog>([](StartRunDialog* d) {
        QAccessibleInterface* dialog = QAccessible::queryAccessibleInterface(d);
        QAccessibleInterface* start = findByName(dialog, QStringLiteral("Start rehearsal"), QAccessible::Button);
        QVERIFY(start);
        start->actionInterface()->doAction(QAccessibleActionInterface::pressAction());
    });
    run->actionInterface()->doAction(QAccessibleActionInterface::pressAction());
    QVERIFY(waitForState(*w, RunState::Finished, 30000));
    QCOMPARE(w->session()->status().outcome, RunOutcome::Completed);
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
