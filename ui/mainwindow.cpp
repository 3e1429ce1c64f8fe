#include "mainwindow.h"

#include "checklist/checklistview.h"
#include "common/accessibility.h"
#include "common/livetext.h"
#include "common/messagebanner.h"
#include "core/durationtext.h"
#include "downtime/downtimeclockwidget.h"
#include "engine/checklistmodel.h"
#include "engine/decisionevidence.h"
#include "engine/downtimeclock.h"
#include "engine/logmodel.h"
#include "engine/runsession.h"
#include "gate/gatepanel.h"
#include "journal/journalevent.h"
#include "journal/lastrun.h"
#include "log/logpane.h"
#include "password/passworddialog.h"
#include "rollback/rollbackdialog.h"
#include "run/startrundialog.h"
#include "runs/runsview.h"
#include "cluster/topologymodel.h"
#include "credentials/keychainstore.h"
#include "credentials/passwordlookup.h"
#include "cluster/topologyprobe.h"
#include "topology/topologypane.h"
#include "journal/runjournal.h"
#include "runbook/documentloader.h"
#include "runbook/runbookvalidator.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace {
constexpr int kMaxRecent = 8;

// Runs `work` on a thread of its own and hands its result to `done` on the receiver's thread,
// unless the receiver is gone by then.
template <typename Result, typename Work, typename Done> void offThread(QObject* receiver, Work work, Done done)
{
    QPointer<QObject> guard(receiver);
    QThread* thread = QThread::create([guard, work, done] {
        auto result = std::make_shared<Result>(work());
        if (!guard)
            return;
        QMetaObject::invokeMethod(guard, [guard, result, done] {
            if (guard)
                done(*result);
        }, Qt::QueuedConnection);
    });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Runbook Console"));
    m_checklist = new ChecklistModel(this);
    m_log = new LogModel(this);
    m_clock = new DowntimeClock(this);
    buildActions();
    buildLayout();
    m_ticker = new QTimer(this);
    m_ticker->setInterval(200);
    connect(m_ticker, &QTimer::timeout, this, &MainWindow::tick);

    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1360, 860);
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (!m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray()))
        m_splitter->setSizes({ 840, 560 }); // the checklist gets the room; the topology enough for a tier of cards
    m_vsplitter->restoreState(settings.value(QStringLiteral("window/vsplitter")).toByteArray());
    rebuildRecentMenu();
    applyStatus();
}

MainWindow::~MainWindow()
{
    m_checklist->detach();
    m_log->attach(nullptr, {});
    m_clock->attach(static_cast<RunController*>(nullptr));
    retireSession();
}

QAction* MainWindow::action(const QString& name) const
{
    return findChild<QAction*>(name);
}

void MainWindow::buildActions()
{
    auto make = [this](const QString& name, const QString& text, const QKeySequence& key, const QString& tip) {
        auto* a = new QAction(text, this);
        a->setObjectName(name);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(visibleLabel(text), key.toString(QKeySequence::NativeText)) + (tip.isEmpty() ? QString() : QStringLiteral("\n") + tip));
        a->setStatusTip(tip);
        return a;
    };
    m_openRunbook = make(QStringLiteral("openRunbook"), tr("&Open runbook…"), QKeySequence::Open, tr("Open a runbook YAML file"));
    m_openInventory = make(QStringLiteral("openInventory"), tr("Open &inventory…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), tr("Open the inventory of a cluster"));
    m_quit = make(QStringLiteral("quit"), tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), {});
    m_run = make(QStringLiteral("run"), tr("&Run…"), QKeySequence(Qt::Key_F5), tr("Start a rehearsal or a production run"));
    m_pause = make(QStringLiteral("pauseAfterStep"), tr("&Pause after this step"), QKeySequence(Qt::Key_F7), tr("The run stops once the running step ends"));
    m_pause->setCheckable(true);
    m_oneStep = make(QStringLiteral("runOneStep"), tr("Run &one step"), QKeySequence(Qt::Key_F10), tr("Run the next step, then pause"));
    m_toGate = make(QStringLiteral("runToNextGate"), tr("Run to the next &gate"), QKeySequence(Qt::Key_F8), tr("Run on until the next manual gate"));
    m_resume = make(QStringLiteral("resume"), tr("Res&ume"), QKeySequence(Qt::Key_F6), tr("Go on from where the run paused"));
    m_skip = make(QStringLiteral("skipStep"), tr("S&kip this step"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), tr("Mark the next step skipped without running it"));
    m_cancelStep = make(QStringLiteral("cancelStep"), tr("&Cancel step"), QKeySequence(Qt::SHIFT | Qt::Key_F5), tr("Stop the running step; the run pauses and stays resumable"));
    m_rollback = make(QStringLiteral("rollBack"), tr("Roll &back…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), tr("Show the rollback plan for this moment, then confirm"));
    m_continueGate = make(QStringLiteral("continueGate"), tr("C&ontinue past the gate"), QKeySequence(Qt::CTRL | Qt::Key_Return), tr("The manual step is done: go on"));
    m_continueGate->setShortcuts({ QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    m_focusChecklist = make(QStringLiteral("focusChecklist"), tr("The &checklist"), QKeySequence(Qt::CTRL | Qt::Key_1), {});
    m_focusLog = make(QStringLiteral("focusLog"), tr("The &log"), QKeySequence(Qt::CTRL | Qt::Key_2), {});
    m_showRuns = make(QStringLiteral("showRuns"), tr("&Runs and rehearsals"), QKeySequence(Qt::CTRL | Qt::Key_3), tr("Earlier runs, side by side, as a Gantt picture, exported"));
    m_shortcuts = make(QStringLiteral("shortcuts"), tr("&Keyboard shortcuts"), QKeySequence(Qt::Key_F1), {});

    connect(m_openRunbook, &QAction::triggered, this, &MainWindow::openRunbookDialog);
    connect(m_openInventory, &QAction::triggered, this, &MainWindow::openInventoryDialog);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
    connect(m_run, &QAction::triggered, this, [this] { startRun(false); });
    connect(m_oneStep, &QAction::triggered, this, [this] {
        if (m_status.state == RunState::Paused)
            m_session->runOneStep();
        else
            startRun(true);
    });
    connect(m_pause, &QAction::triggered, this, [this](bool on) {
        if (m_session)
            m_session->pauseAfterStep(on);
    });
    connect(m_toGate, &QAction::triggered, this, [this] {
        if (m_session)
            m_session->continueRun();
    });
    connect(m_resume, &QAction::triggered, this, [this] {
        if (m_session)
            m_session->continueRun();
    });
    connect(m_skip, &QAction::triggered, this, [this] {
        if (!m_session || m_status.currentIndex < 0 || m_status.currentIndex >= m_session->steps().size())
            return;
        const Step& step = *m_session->steps()[m_status.currentIndex].step;
        auto* box = new QMessageBox(QMessageBox::Question, tr("Skip this step?"),
            tr("Mark '%1' as skipped without running it? The journal records that you skipped it.").arg(step.title.isEmpty() ? step.id : step.title),
            QMessageBox::Yes | QMessageBox::No, this);
        box->setDefaultButton(QMessageBox::No);
        box->setAttribute(Qt::WA_DeleteOnClose);
        for (QAbstractButton* b : box->buttons())
            nameAfterLabel(b, b->text());
        connect(box, &QMessageBox::finished, this, [this](int answer) {
            if (answer == QMessageBox::Yes && m_session && m_status.state == RunState::Paused)
                m_session->skipStep(operatorName());
        });
        box->open();
    });
    connect(m_cancelStep, &QAction::triggered, this, [this] {
        if (m_session)
            m_session->cancelStep();
    });
    connect(m_rollback, &QAction::triggered, this, [this] { showRollbackDialog(); });
    connect(m_continueGate, &QAction::triggered, this, &MainWindow::confirmGate);
    connect(m_focusChecklist, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_checklistView->setFocus();
    });
    connect(m_focusLog, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_logPane->view()->setFocus();
    });
    connect(m_showRuns, &QAction::triggered, this, [this] {
        if (m_stack->currentWidget() == m_welcome)
            m_stack->setCurrentWidget(m_tabs);
        m_tabs->setCurrentWidget(m_runsView);
    });
    connect(m_shortcuts, &QAction::triggered, this, [this] {
        QStringList lines;
        for (QAction* a : findChildren<QAction*>())
            if (!a->shortcut().isEmpty())
                lines << QStringLiteral("%1\t%2").arg(a->shortcut().toString(QKeySequence::NativeText), visibleLabel(a->text()));
        lines.sort();
        auto* box = new QMessageBox(QMessageBox::Information, tr("Keyboard shortcuts"), lines.join(QLatin1Char('\n')), QMessageBox::Close, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openRunbook);
    file->addAction(m_openInventory);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    file->addSeparator();
    file->addAction(m_quit);
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    for (QAction* a : { m_run, m_resume, m_oneStep, m_toGate, m_pause, m_skip, m_cancelStep, m_continueGate })
        run->addAction(a);
    run->addSeparator();
    run->addAction(m_rollback);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_focusChecklist);
    view->addAction(m_focusLog);
    view->addAction(m_showRuns);
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_shortcuts);

    QToolBar* bar = addToolBar(tr("Run controls"));
    bar->setObjectName(QStringLiteral("runControls"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setMovable(false);
    for (QAction* a : { m_run, m_resume, m_oneStep, m_toGate, m_pause, m_skip, m_cancelStep })
        bar->addAction(a);
    // Toolbar buttons carry the action's label as their accessible name.
    for (QAction* a : bar->actions())
        if (QWidget* w = bar->widgetForAction(a))
            nameAfterLabel(w, a->text());
}

void MainWindow::buildLayout()
{
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);

    // Header: what, where, where we stand, and the way back.
    auto* header = new QHBoxLayout;
    auto* headerText = new QVBoxLayout;
    m_title = new QLabel(tr("No runbook open"), central);
    m_title->setObjectName(QStringLiteral("title"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_labelBadge = new QLabel(central);
    m_labelBadge->setObjectName(QStringLiteral("labelBadge"));
    m_labelBadge->hide();
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addWidget(m_labelBadge);
    titleRow->addStretch(1);
    m_stateLine = new LiveText(central);
    m_stateLine->setObjectName(QStringLiteral("stateLine"));
    QFont state = m_stateLine->font();
    state.setPointSizeF(state.pointSizeF() * 1.25);
    state.setBold(true);
    m_stateLine->setFont(state);
    m_stateLine->setWordWrap(true);
    m_etaLine = new LiveText(central);
    m_etaLine->setObjectName(QStringLiteral("etaLine"));
    headerText->addLayout(titleRow);
    headerText->addWidget(m_stateLine);
    headerText->addWidget(m_etaLine);
    header->addLayout(headerText, 1);
    m_rollbackButton = new QPushButton(tr("ROLL BACK"), central);
    m_rollbackButton->setObjectName(QStringLiteral("rollbackButton"));
    nameAfterLabel(m_rollbackButton, tr("ROLL BACK"));
    m_rollbackButton->setToolTip(tr("Show the rollback plan for this moment (%1)").arg(m_rollback->shortcut().toString(QKeySequence::NativeText)));
    m_rollbackButton->setMinimumSize(220, 64);
    QFont rb = m_rollbackButton->font();
    rb.setPointSizeF(rb.pointSizeF() * 1.5);
    rb.setBold(true);
    m_rollbackButton->setFont(rb);
    m_rollbackButton->setStyleSheet(QStringLiteral(
        "QPushButton { background: #c62828; color: white; border-radius: 6px; padding: 8px 20px; }"
        "QPushButton:focus { border: 3px solid palette(highlight); }"
        "QPushButton:disabled { background: #8a5a5a; color: #e0d0d0; }"));
    connect(m_rollbackButton, &QPushButton::clicked, m_rollback, &QAction::trigger);
    header->addWidget(m_rollbackButton, 0, Qt::AlignTop);
    layout->addLayout(header);

    m_banner = new MessageBanner(central);
    m_banner->setObjectName(QStringLiteral("problems"));
    m_runBanner = new MessageBanner(central);
    m_runBanner->setObjectName(QStringLiteral("lastRunBanner"));
    layout->addWidget(m_banner);
    layout->addWidget(m_runBanner);

    // Work area: welcome page until files are open.
    m_stack = new QStackedWidget(central);
    m_welcome = new QWidget(m_stack);
    auto* welcome = new QVBoxLayout(m_welcome);
    auto* hello = new QLabel(tr("Open a runbook and the inventory of the cluster it runs on."), m_welcome);
    auto* openButtons = new QHBoxLayout;
    auto* openRb = named(new QPushButton(tr("Open runbook…"), m_welcome), tr("Open runbook…"));
    auto* openInv = named(new QPushButton(tr("Open inventory…"), m_welcome), tr("Open inventory…"));
    openRb->setToolTip(m_openRunbook->shortcut().toString(QKeySequence::NativeText));
    openInv->setToolTip(m_openInventory->shortcut().toString(QKeySequence::NativeText));
    connect(openRb, &QPushButton::clicked, m_openRunbook, &QAction::trigger);
    connect(openInv, &QPushButton::clicked, m_openInventory, &QAction::trigger);
    openButtons->addWidget(openRb);
    openButtons->addWidget(openInv);
    openButtons->addStretch(1);
    m_recentList = new QLabel(m_welcome);
    m_recentList->setTextFormat(Qt::PlainText);
    welcome->addWidget(hello);
    welcome->addLayout(openButtons);
    welcome->addWidget(m_recentList);
    welcome->addStretch(1);

    m_vsplitter = new QSplitter(Qt::Vertical, m_stack);
    m_vsplitter->setObjectName(QStringLiteral("vsplitter"));
    m_splitter = new QSplitter(m_vsplitter);
    m_splitter->setObjectName(QStringLiteral("splitter"));
    auto* left = new QWidget(m_splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_gate = new GatePanel(left);
    m_checklistView = new ChecklistView(left);
    m_checklistView->setChecklist(m_checklist);
    leftLayout->addWidget(m_gate);
    leftLayout->addWidget(m_checklistView, 1);
    auto* right = new QWidget(m_splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_clockWidget = new DowntimeClockWidget(right);
    m_clockWidget->setClock(m_clock);
    // The cluster as it is now: polled in the background, drawn beside the procedure.
    m_topologyModel = new TopologyModel(this);
    m_topology = new TopologyPane(right);
    m_topology->setModel(m_topologyModel);
    rightLayout->addWidget(m_clockWidget);
    rightLayout->addWidget(m_topology, 1);
    m_splitter->addWidget(left);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 5);
    m_splitter->setStretchFactor(1, 2);
    m_logPane = new LogPane(m_vsplitter);
    m_logPane->setLogModel(m_log);
    m_vsplitter->addWidget(m_splitter);
    m_vsplitter->addWidget(m_logPane);
    m_vsplitter->setStretchFactor(0, 3);
    m_vsplitter->setStretchFactor(1, 2);
    m_tabs = new QTabWidget(m_stack);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_vsplitter, tr("The run (Ctrl+1)"));
    m_runsView = new RunsView(m_tabs);
    m_tabs->addTab(m_runsView, tr("Runs and rehearsals (Ctrl+3)"));
    m_runsView->setJournalPath(RunJournal::defaultPath());
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int i) {
        if (m_tabs->widget(i) == m_runsView)
            m_runsView->refresh();
    });
    m_stack->addWidget(m_welcome);
    m_stack->addWidget(m_tabs);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    connect(m_gate, &GatePanel::continueRequested, this, &MainWindow::confirmGate);
    connect(m_gate, &GatePanel::rollbackRequested, this, &MainWindow::rejectGate);
    connect(m_checklistView, &QTreeView::clicked, this, [this](const QModelIndex& i) { m_logPane->setSelectedStep(i.data(ChecklistModel::StepIdRole).toString()); });
    connect(m_checklistView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex& i) { m_logPane->setSelectedStep(i.data(ChecklistModel::StepIdRole).toString()); });
}

void MainWindow::setJournalPath(const QString& path)
{
    m_journalPath = path;
    m_runsView->setJournalPath(path.isEmpty() ? RunJournal::defaultPath() : path);
}

// ---- Files ----

void MainWindow::openRunbookDialog()
{
    const QString dir = m_runbookPath.isEmpty() ? QString() : QFileInfo(m_runbookPath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open runbook"), dir, tr("Runbooks (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty())
        openFiles(path, m_inventoryPath);
}

void MainWindow::openInventoryDialog()
{
    const QString dir = m_inventoryPath.isEmpty() ? QString() : QFileInfo(m_inventoryPath).absolutePath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open inventory"), dir, tr("Inventories (*.yaml *.yml);;All files (*)"));
    if (!path.isEmpty())
        openFiles(m_runbookPath, path);
}

void MainWindow::openFiles(const QString& runbookPath, const QString& inventoryPath)
{
    if (m_status.state != RunState::Idle && m_status.state != RunState::Finished) {
        statusBar()->showMessage(tr("A run is in progress: finish or pause it before opening other files"), 8000);
        return;
    }
    if (runbookPath.isEmpty() && inventoryPath.isEmpty()) {
        m_stack->setCurrentWidget(m_welcome);
        emit filesLoaded(true);
        return;
    }
    statusBar()->showMessage(tr("Reading %1 …").arg(QFileInfo(runbookPath.isEmpty() ? inventoryPath : runbookPath).fileName()));
    // Reading and validating touch the disk: a worker thread does it, the result comes back queued.
    // So are the passwords: the keychain answers asynchronously, libpq's files are read, and the
    // servers that still lack one are asked whether they want one.
    struct Loaded {
        LoadedDocument runbook;
        LoadedDocument inventory;
        CredentialReport credentials;
    };
    offThread<Loaded>(this,
        [runbookPath, inventoryPath] {
            Loaded l;
            if (!runbookPath.isEmpty())
                l.runbook = DocumentLoader::loadRunbook(runbookPath);
            if (!inventoryPath.isEmpty())
                l.inventory = DocumentLoader::loadInventory(inventoryPath);
            if (l.runbook.runbook && l.inventory.ok())
                l.runbook.diagnostics += RunbookValidator::inventoryProblems(*l.runbook.runbook, *l.inventory.inventory);
            if (l.inventory.ok())
                l.credentials = InventoryCredentials::fill(*l.inventory.inventory, true);
            return l;
        },
        [this, runbookPath, inventoryPath](const Loaded& l) { showLoaded(runbookPath, inventoryPath, l.runbook, l.inventory, l.credentials); });
}

void MainWindow::showProblems(const QStringList& lines)
{
    if (lines.isEmpty()) {
        m_banner->hide();
        return;
    }
    m_banner->showMessage(MessageBanner::Kind::Error,
        tr("%n problem(s) to fix before this can run:", nullptr, int(lines.size())) + QLatin1Char('\n') + lines.join(QLatin1Char('\n')));
}

void MainWindow::showLoaded(const QString& runbookPath, const QString& inventoryPath, const LoadedDocument& runbook,
    const LoadedDocument& inventory, const CredentialReport& credentials)
{
    QStringList problems;
    for (const Diagnostic& d : runbook.diagnostics + inventory.diagnostics)
        problems << d.toString();
    showProblems(problems);
    m_runBanner->hide();
    m_runbookPath = runbookPath;
    m_inventoryPath = inventoryPath;
    m_runbook = runbook.runbook;
    m_inventory = inventory.inventory;
    m_inputsValid = runbook.runbook && inventory.inventory && problems.isEmpty();
    m_loadProblems = problems;
    m_inventoryOk = inventory.ok();
    m_stack->setCurrentWidget(m_tabs);
    ++m_loadGeneration;
    if (m_passwordDialog)
        m_passwordDialog->deleteLater();
    m_pendingPasswords = inventory.ok() ? credentials.missing : QList<MissingPassword> {};
    m_keychainAvailable = credentials.keychainAvailable;
    askNextPassword();
}

// ---- Passwords ----

void MainWindow::askNextPassword()
{
    if (m_pendingPasswords.isEmpty()) {
        startOnLoaded();
        return;
    }
    const MissingPassword missing = m_pendingPasswords.first();
    statusBar()->showMessage(tr("Waiting for the password of %1").arg(missing.key));
    auto* dialog = new PasswordDialog(missing.key, missing.names, m_keychainAvailable, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_passwordDialog = dialog;
    const int generation = m_loadGeneration;
    connect(dialog, &QDialog::rejected, this, [this, generation, missing] {
        if (generation != m_loadGeneration)
            return;
        m_pendingPasswords.removeFirst();
        m_skippedPasswords << missing.key;
        askNextPassword();
    });
    connect(dialog, &PasswordDialog::answered, this, [this, dialog, generation, missing] {
        dialog->setBusy(true);
        const QString password = dialog->password();
        const bool remember = dialog->remember();
        struct Checked {
            bool taken = false;
            QString problem;
            QString stored;
        };
        // The server is asked, and the keychain written, off the GUI thread.
        offThread<Checked>(this,
            [conninfo = missing.conninfo, key = missing.key, password, remember] {
                Checked c;
                QString why;
                c.taken = InventoryCredentials::verify(conninfo, password, &why);
                if (!c.taken) {
                    c.problem = why;
                    return c;
                }
                PasswordLookup::rememberForSession(key, password);
                if (remember) {
                    const KeychainStore::Result r = KeychainStore::write(key, password);
                    c.stored = r.status == KeychainStore::Status::Ok ? QString() : r.message;
                }
                return c;
            },
            [this, dialog = QPointer<PasswordDialog>(dialog), generation, key = missing.key, password](const Checked& c) {
                if (generation != m_loadGeneration || !dialog)
                    return;
                if (!c.taken) {
                    dialog->setBusy(false);
                    dialog->showProblem(tr("The server refused it: %1").arg(c.problem));
                    return;
                }
                if (!c.stored.isEmpty())
                    m_banner->showMessage(MessageBanner::Kind::Warning,
                        tr("The keychain did not keep the password of %1 (%2): it lasts this session only.").arg(key, c.stored));
                if (m_inventory)
                    InventoryCredentials::apply(*m_inventory, key, password);
                m_pendingPasswords.removeFirst();
                dialog->accept();
                askNextPassword();
            });
    });
    dialog->open();
}

void MainWindow::startOnLoaded()
{
    const QStringList& problems = m_loadProblems;
    if (!m_skippedPasswords.isEmpty() && problems.isEmpty())
        m_banner->showMessage(MessageBanner::Kind::Warning,
            tr("No password for %1: steps and probes that log in this way will fail to connect. Open the files again to be asked again.")
                .arg(m_skippedPasswords.join(QStringLiteral(", "))));
    m_skippedPasswords.clear();
    if (m_inventory && m_inventoryOk)
        watchTopology(*m_inventory);
    const QString cluster = m_inventory ? m_inventory->cluster : QString();
    retireSession();
    if (m_inputsValid) {
        newSession();
        m_title->setText(tr("%1 — cluster %2").arg(m_runbook->name, cluster));
        setWindowTitle(tr("%1 — %2 — Runbook Console").arg(m_runbook->name, cluster));
        addRecent(m_runbookPath, m_inventoryPath);
        checkLastRun();
        statusBar()->showMessage(tr("Ready: %1 on %2").arg(QFileInfo(m_runbookPath).fileName(), QFileInfo(m_inventoryPath).fileName()));
    } else {
        m_checklist->detach();
        m_title->setText(m_runbook ? m_runbook->name : cluster.isEmpty() ? tr("No runbook open") : tr("Cluster %1").arg(cluster));
        statusBar()->showMessage(problems.isEmpty() ? tr("Open a runbook and an inventory") : tr("%n problem(s) in the files", nullptr, int(problems.size())));
    }
    m_status = RunStatus {};
    applyStatus();
    emit filesLoaded(problems.isEmpty());
}

void MainWindow::addRecent(const QString& runbookPath, const QString& inventoryPath)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recent")).toStringList();
    const QString entry = QFileInfo(runbookPath).absoluteFilePath() + QLatin1Char('\n') + QFileInfo(inventoryPath).absoluteFilePath();
    recent.removeAll(entry);
    recent.prepend(entry);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recent"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recent")).toStringList();
    QStringList lines;
    int n = 0;
    for (const QString& entry : recent) {
        const QString rb = entry.section(QLatin1Char('\n'), 0, 0);
        const QString inv = entry.section(QLatin1Char('\n'), 1, 1);
        const QString text = QStringLiteral("&%1 %2 on %3").arg(++n).arg(QFileInfo(rb).fileName(), QFileInfo(inv).fileName());
        QAction* a = m_recentMenu->addAction(text);
        a->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key(Qt::Key_0 + n)));
        connect(a, &QAction::triggered, this, [this, rb, inv] { openFiles(rb, inv); });
        lines << tr("Alt+Shift+%1  %2  on  %3").arg(n).arg(rb, inv);
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
    m_recentList->setText(lines.isEmpty() ? QString() : tr("Recent (File → Open recent):\n%1").arg(lines.join(QLatin1Char('\n'))));
}

// ---- The session ----

void MainWindow::newSession(const QString& label, std::optional<CutoverMode> cutover)
{
    RunOptions options;
    options.cutover = cutover;
    options.runbookPath = m_runbookPath;
    options.inventoryPath = m_inventoryPath;
    options.journalPath = m_journalPath;
    options.pauseOnFailure = true;
    options.label = label;
    m_session = std::make_unique<RunSession>(*m_runbook, *m_inventory, options);
    RunController* c = m_session->controller();
    m_checklist->attach(m_session.get());
    m_log->clear();
    m_log->attach(m_session.get());
    m_clock->attach(m_session.get());
    connect(c, &RunController::statusChanged, this, &MainWindow::onStatus);
    connect(c, &RunController::rollbackPreviewChanged, this, [this](const RollbackPreview& p) {
        m_clockWidget->setRollbackPreview(p);
        if (m_rollbackDialog)
            m_rollbackDialog->setPreview(p, m_status.state == RunState::Running);
    });
    connect(c, &RunController::manualGateReached, this, &MainWindow::onGate);
    connect(c, &RunController::runStarted, this, [this](const QString& id) {
        statusBar()->showMessage(tr("Run %1 · journal %2").arg(id, m_journalPath.isEmpty() ? RunJournal::defaultPath() : m_journalPath));
        m_lastRunId = id;
        m_runBanner->hide();
        m_runsView->setLiveRunId(id);
    });
    // The runs view follows the live run while it is shown; it reads the journal on its own thread.
    connect(c, &RunController::stepFinished, this, [this] {
        if (m_tabs->currentWidget() == m_runsView)
            m_runsView->refresh();
    });
    connect(c, &RunController::rollbackRefused, this, [this](const QString& why) {
        m_runBanner->showMessage(MessageBanner::Kind::Error, tr("Rollback refused: %1").arg(why));
    });
    connect(c, &RunController::refused, this, [this](const QString& why) {
        m_runBanner->showMessage(MessageBanner::Kind::Error, tr("Nothing was changed: %1").arg(why));
    });
    connect(c, &RunController::runFinished, this, [this](RunOutcome outcome, const QString& message) {
        const MessageBanner::Kind kind = outcome == RunOutcome::Completed ? MessageBanner::Kind::Information
            : outcome == RunOutcome::RolledBack                         ? MessageBanner::Kind::Warning
                                                                        : MessageBanner::Kind::Error;
        QString text = tr("Run %1 %2: %3").arg(m_lastRunId, runOutcomeName(outcome), message);
        m_runBanner->showMessage(kind, text);
        m_canRollBackFinished = !m_lastRunId.isEmpty() && outcome != RunOutcome::RolledBack;
        m_runsView->setLiveRunId(QString());
        m_runsView->refresh();
        applyStatus();
    });
    m_status = RunStatus {};
    m_status.stepCount = int(m_session->steps().size());
    m_session->loadExpectations();
}

void MainWindow::retireSession()
{
    if (!m_session)
        return;
    // The engine thread winds down on its own; the GUI never waits for it.
    RunSession* old = m_session.release();
    disconnect(old->controller(), nullptr, this, nullptr);
    connect(old, &RunSession::shutDown, old, &QObject::deleteLater);
    old->shutdown();
    m_gate->clear();
}

void MainWindow::checkLastRun()
{
    const QString journal = m_journalPath;
    const QString name = m_runbook->name;
    const QString cluster = m_inventory->cluster;
    offThread<std::optional<LastRun>>(this, [journal, name, cluster] { return findLastRun(journal, name, cluster); },
        [this, name, cluster](const std::optional<LastRun>& last) {
            // Still the same files, and nothing started meanwhile.
            if (m_runbook && m_runbook->name == name && m_inventory && m_inventory->cluster == cluster && last && last->needsDecision()
                && m_status.state == RunState::Idle)
                offerLastRun(*last);
            emit lastRunChecked();
        });
}

void MainWindow::offerLastRun(const LastRun& last)
{
    const RunSummary& run = last.detail.run;
    const QString when = run.endedAt.isValid() ? run.endedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
    QString text;
    if (last.interruptedStep) {
        const StepRecord& s = *last.interruptedStep;
        text = tr("The last run on this cluster (%1, %2) was interrupted: its process died at %3 while step '%4' was running "
                  "(since %5, on %6). That step may or may not have taken effect: check it, then choose.")
                   .arg(run.id, run.label, when, s.stepId, s.startedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")), s.node);
    } else if (last.failedStep) {
        text = tr("The last run on this cluster (%1, %2) ended %3 at step '%4': %5")
                   .arg(run.id, run.label, runOutcomeName(run.outcome), last.failedStep->stepId, last.failedStep->result.error);
    } else {
        text = tr("The last run on this cluster (%1, %2) ended %3 at %4%5.")
                   .arg(run.id, run.label, runOutcomeName(run.outcome), when, last.rollingBack ? tr(" during its rollback") : QString());
    }
    m_runBanner->showMessage(MessageBanner::Kind::Warning, text);
    const QString id = run.id;
    m_lastRunId = id;
    m_canRollBackFinished = true;
    auto resumeWith = [this, id](InterruptedStepChoice choice) {
        if (!m_session)
            return;
        m_runBanner->hide();
        m_session->resume(id, choice);
    };
    if (last.rollingBack) {
        connect(m_runBanner->addAction(tr("Continue the rollback")), &QPushButton::clicked, this, [this] { showRollbackDialog(); });
    } else if (last.interruptedStep) {
        connect(m_runBanner->addAction(tr("Resume, re-running that step")), &QPushButton::clicked, this, [resumeWith] { resumeWith(InterruptedStepChoice::Rerun); });
        connect(m_runBanner->addAction(tr("Resume, skipping that step")), &QPushButton::clicked, this, [resumeWith] { resumeWith(InterruptedStepChoice::Skip); });
        connect(m_runBanner->addAction(tr("Roll back…")), &QPushButton::clicked, this, [this] { showRollbackDialog(); });
    } else {
        connect(m_runBanner->addAction(tr("Resume")), &QPushButton::clicked, this, [resumeWith] { resumeWith(InterruptedStepChoice::Refuse); });
        connect(m_runBanner->addAction(tr("Roll back…")), &QPushButton::clicked, this, [this] { showRollbackDialog(); });
    }
    connect(m_runBanner->addAction(tr("Dismiss")), &QPushButton::clicked, this, [this] {
        m_runBanner->hide();
        m_canRollBackFinished = false;
        m_lastRunId.clear();
        applyStatus();
    });
    applyStatus();
}

void MainWindow::startRun(bool oneStepOnly)
{
    if (!m_inputsValid)
        return;
    // Never a nested event loop: the dialog answers through a signal (screen readers and the
    // accessibility bus get their replies at once).
    auto* dialog = new StartRunDialog(m_runbook->name, m_inventory->cluster, oneStepOnly, m_runbook->cutover.mode, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, oneStepOnly] {
        if (!m_inputsValid || (m_status.state != RunState::Idle && m_status.state != RunState::Finished))
            return;
        // The label belongs to the run, and a finished run's session cannot start again: a fresh
        // session takes the old one's place when needed.
        if (!m_session || m_status.state != RunState::Idle || m_session->options().label != dialog->label()
            || m_session->options().cutover.value_or(m_runbook->cutover.mode) != dialog->cutover()) {
            retireSession();
            newSession(dialog->label(), dialog->cutover());
        }
        m_clock->reset();
        m_runBanner->hide();
        m_session->start(oneStepOnly);
    });
    dialog->open();
}

// ---- Status → controls, header ----

void MainWindow::onStatus(const RunStatus& status)
{
    const RunState before = m_status.state;
    m_status = status;
    if (status.state != RunState::AtGate)
        m_gate->clear();
    const bool live = status.state != RunState::Idle && status.state != RunState::Finished;
    if (live && !m_ticker->isActive())
        m_ticker->start();
    else if (!live)
        m_ticker->stop();
    if (status.state == RunState::Finished && before != RunState::Finished)
        m_canRollBackFinished = m_canRollBackFinished || (status.outcome != RunOutcome::RolledBack) || status.rollbackFailed;
    if (status.state == RunState::Paused && !status.reason.isEmpty())
        m_runBanner->showMessage(status.reason.contains(QLatin1String("failed")) || status.reason.contains(QLatin1String("timed-out"))
                ? MessageBanner::Kind::Error
                : MessageBanner::Kind::Warning,
            tr("Paused: %1. Resume (F6) retries it, Skip (Ctrl+Shift+K) passes it, Roll back undoes what ran.").arg(status.reason));
    else if (live && status.state != RunState::Paused)
        m_runBanner->hide();
    applyStatus();
    if (m_closing)
        finishClose();
}

void MainWindow::applyStatus()
{
    const bool haveSession = m_session != nullptr;
    const RunControls c = RunControls::forStatus(m_status, m_inputsValid && haveSession, m_canRollBackFinished && !m_lastRunId.isEmpty());
    m_run->setEnabled(c.run);
    m_oneStep->setEnabled(c.runOneStep);
    m_toGate->setEnabled(c.runToNextGate);
    m_resume->setEnabled(c.resume);
    m_skip->setEnabled(c.skipStep);
    m_pause->setEnabled(c.pauseAfterStep);
    m_pause->setChecked(m_status.pauseAfterStep);
    m_cancelStep->setEnabled(c.cancelStep);
    m_continueGate->setEnabled(c.continueGate);
    m_rollback->setEnabled(c.rollBack);
    m_rollbackButton->setEnabled(c.rollBack);
    // Always in view during a run; before any run there is nothing to go back from.
    m_rollbackButton->setVisible(haveSession || !m_lastRunId.isEmpty());
    m_openRunbook->setEnabled(m_status.state == RunState::Idle || m_status.state == RunState::Finished);
    m_openInventory->setEnabled(m_openRunbook->isEnabled());
    if (m_status.state == RunState::RollingBack)
        m_rollbackButton->setText(tr("ROLLING BACK"));
    else
        m_rollbackButton->setText(tr("ROLL BACK"));
    nameAfterLabel(m_rollbackButton, m_rollbackButton->text());
    refreshHeader();
}

void MainWindow::refreshHeader()
{
    const QString label = m_session ? m_session->options().label : QString();
    const bool production = label == QLatin1String("production");
    if (m_session && m_status.state != RunState::Idle) {
        m_labelBadge->setText(production ? tr(" PRODUCTION ") : tr(" rehearsal "));
        m_labelBadge->setStyleSheet(production ? QStringLiteral("QLabel { background: #c62828; color: white; font-weight: bold; border-radius: 3px; }")
                                               : QStringLiteral("QLabel { border: 1px solid palette(mid); border-radius: 3px; }"));
        m_labelBadge->setAccessibleName(m_labelBadge->text().trimmed());
        m_labelBadge->show();
    } else {
        m_labelBadge->hide();
    }
    if (!m_session) {
        m_stateLine->setText(m_inputsValid ? QString() : tr("Fix the problems above to run"));
        m_etaLine->setText(QString());
        return;
    }
    const int index = m_status.currentIndex;
    const int count = int(m_session->steps().size());
    const bool hasStep = index >= 0 && index < count;
    const Step* step = hasStep ? m_session->steps()[index].step : nullptr;
    const QString stepName = step ? (step->title.isEmpty() ? step->id : step->title) : QString();
    const QString node = hasStep ? m_session->steps()[index].node : QString();
    const qint64 elapsed = hasStep ? m_checklist->elapsedMs(index) : -1;
    const qint64 expected = hasStep ? m_checklist->expectedMs(index) : 0;
    QString state;
    switch (m_status.state) {
    case RunState::Idle:
        state = tr("READY · %n step(s), nothing run yet", nullptr, count);
        break;
    case RunState::Running:
    case RunState::Cancelling: {
        state = m_status.state == RunState::Cancelling ? tr("CANCELLING") : tr("RUNNING");
        state += tr(" · step %1 of %2: %3").arg(index + 1).arg(count).arg(stepName);
        if (!node.isEmpty())
            state += tr(" on %1").arg(node);
        if (elapsed >= 0)
            state += expected > 0 ? tr(" · %1 of %2 expected").arg(durationText(elapsed), durationText(expected)) : tr(" · %1").arg(durationText(elapsed));
        if (expected > 0 && elapsed > expected)
            state += tr(" · OVERRUN +%1").arg(durationText(elapsed - expected));
        if (m_status.pauseAfterStep)
            state += tr(" · will pause after it");
        break;
    }
    case RunState::AtGate:
        state = tr("WAITING FOR YOU · step %1 of %2: %3").arg(index + 1).arg(count).arg(stepName);
        break;
    case RunState::Paused:
        state = hasStep ? tr("PAUSED · next: step %1 of %2: %3").arg(index + 1).arg(count).arg(stepName) : tr("PAUSED");
        break;
    case RunState::RollingBack:
        state = tr("ROLLING BACK");
        break;
    case RunState::Finished:
        state = tr("FINISHED · %1").arg(runOutcomeName(m_status.outcome).toUpper());
        if (!m_status.reason.isEmpty())
            state += QStringLiteral(" · ") + m_status.reason;
        break;
    }
    m_stateLine->setText(state);
    const QColor color = m_status.state == RunState::RollingBack || (m_status.state == RunState::Finished && m_status.outcome != RunOutcome::Completed)
        ? QColor(210, 40, 40)
        : m_status.state == RunState::AtGate || m_status.state == RunState::Paused ? QColor(200, 120, 0)
                                                                                  : QColor();
    m_stateLine->setColor(color);

    QString eta;
    if (m_status.state != RunState::Finished) {
        const qint64 remaining = m_checklist->remainingExpectedMs();
        const qint64 phase = m_checklist->currentPhaseRemainingMs();
        const qint64 delta = scheduleDeltaMs(*m_checklist);
        eta = tr("%1 of %2 steps done").arg(m_status.stepsDone).arg(count);
        if (remaining > 0)
            eta += tr(" · about %1 to go (until %2)").arg(durationText(remaining), QDateTime::currentDateTime().addMSecs(remaining).toString(QStringLiteral("HH:mm:ss")));
        if (phase > 0)
            eta += tr(" · this phase %1").arg(durationText(phase));
        if (m_status.state != RunState::Idle)
            eta += delta > 500 ? tr(" · %1 behind plan").arg(durationText(delta))
                : delta < -500 ? tr(" · %1 ahead of plan").arg(durationText(-delta))
                               : tr(" · on plan");
    }
    m_etaLine->setText(eta);
}

void MainWindow::tick()
{
    m_checklist->tick();
    m_clockWidget->refresh();
    refreshHeader();
}

// ---- Gates and rollback ----

void MainWindow::watchTopology(const Inventory& inventory)
{
    if (m_topologyProbe) {
        // stop() returns at once; the probe's threads leave on their own, well before it is deleted.
        TopologyProbe* old = m_topologyProbe;
        old->stop();
        disconnect(old, nullptr, this, nullptr);
        QTimer::singleShot(5000, old, &QObject::deleteLater);
    }
    m_topologyModel->setSnapshot(TopologySnapshot {});
    m_topologyProbe = new TopologyProbe(inventory, this);
    connect(m_topologyProbe, &TopologyProbe::snapshotReady, m_topologyModel, &TopologyModel::setSnapshot);
    m_topologyProbe->start();
}

QStringList MainWindow::topologyEvidence() const
{
    return topologyEvidenceLines(m_topology->evidence());
}

QString MainWindow::operatorName() const
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    return user.isEmpty() ? tr("the operator") : user;
}

void MainWindow::onGate(int index, const QString& instructions)
{
    if (!m_session || index < 0 || index >= m_session->steps().size())
        return;
    const Step& step = *m_session->steps()[index].step;
    m_gate->showGate(index, step.title.isEmpty() ? step.id : step.title, instructions, step.decision);
    if (step.decision)
        m_gate->setEvidence(decisionEvidence(*m_checklist, *m_clock, m_session->rollbackPreview(), topologyEvidence()));
    QApplication::alert(this);
}

void MainWindow::confirmGate()
{
    if (!m_session || m_status.state != RunState::AtGate || m_gate->stepIndex() < 0)
        return;
    // The evidence is what the screen shows at the moment of the decision.
    const QString evidence = m_gate->isDecision() ? decisionEvidence(*m_checklist, *m_clock, m_session->rollbackPreview(), topologyEvidence()) : QString();
    m_session->confirmGate(m_gate->stepIndex(), operatorName(), evidence);
    m_gate->clear();
}

void MainWindow::rejectGate()
{
    if (!m_session || m_gate->stepIndex() < 0)
        return;
    const Step& step = *m_session->steps()[m_gate->stepIndex()].step;
    QString note;
    if (step.decision)
        note = QStringLiteral("%1 NO-GO at '%2' by %3\n%4")
                   .arg(QLatin1String(kDecisionEventPrefix), step.id, operatorName(), decisionEvidence(*m_checklist, *m_clock, m_session->rollbackPreview(), topologyEvidence()));
    showRollbackDialog(note);
}

void MainWindow::showRollbackDialog(const QString& note)
{
    if (!m_session)
        return;
    const bool finished = m_status.state == RunState::Finished || m_status.state == RunState::Idle;
    if (finished && m_lastRunId.isEmpty())
        return;
    auto* dialog = new RollbackDialog(this);
    m_rollbackDialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const bool stepRunning = m_status.state == RunState::Running || m_status.state == RunState::Cancelling;
    if (finished) {
        // A run that has ended (or an earlier one): its plan comes from the journal when it runs;
        // what the last session computed is shown meanwhile.
        dialog->setPreview(m_session->rollbackPreview(), false);
    } else {
        dialog->setPreview(m_session->rollbackPreview(), stepRunning);
    }
    connect(dialog, &QDialog::accepted, this, [this, note, finished] {
        if (!m_session)
            return;
        if (finished) {
            const QString id = m_lastRunId;
            retireSession();
            newSession(m_session ? m_session->options().label : QStringLiteral("rehearsal"));
            m_clock->reset();
            m_runBanner->hide();
            m_session->rollbackFinishedRun(id);
        } else {
            m_session->requestRollback(note);
        }
    });
    dialog->open();
    dialog->keepGoingButton()->setFocus();
}

// ---- Closing ----

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/vsplitter"), m_vsplitter->saveState());
    const RunState state = m_status.state;
    if (m_closing || !m_session || state == RunState::Idle || state == RunState::Finished) {
        event->accept();
        if (!m_closing)
            emit closedCleanly();
        return;
    }
    // The window stays until the operator answers; the answer comes through a signal.
    event->ignore();
    auto* box = new QMessageBox(this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Warning);
    box->setWindowTitle(tr("A run is in progress"));
    QPushButton* now = nullptr;
    QPushButton* afterStep = nullptr;
    if (state == RunState::Running || state == RunState::Cancelling) {
        box->setText(tr("A step is running. What should happen to it?"));
        box->setInformativeText(tr("Either way the run is left paused and resumable (reopen the console, or `runbook-console resume %1`).").arg(m_status.runId));
        now = box->addButton(tr("Cancel the step and close"), QMessageBox::DestructiveRole);
        afterStep = box->addButton(tr("Close when this step ends"), QMessageBox::AcceptRole);
    } else if (state == RunState::RollingBack) {
        box->setText(tr("A rollback is running. The console will close when it ends."));
        afterStep = box->addButton(tr("Close when the rollback ends"), QMessageBox::AcceptRole);
    } else {
        box->setText(tr("The run is paused. Closing ends it as cancelled; it stays resumable."));
        box->setInformativeText(tr("Reopen the console on this runbook, or `runbook-console resume %1`.").arg(m_status.runId));
        now = box->addButton(tr("Close"), QMessageBox::AcceptRole);
    }
    QPushButton* keep = box->addButton(tr("Keep the console open"), QMessageBox::RejectRole);
    for (QAbstractButton* b : box->buttons())
        nameAfterLabel(b, b->text());
    box->setDefaultButton(keep);
    connect(box, &QMessageBox::buttonClicked, this, [this, now, afterStep, keep](QAbstractButton* clicked) {
        if (clicked == keep || !m_session)
            return;
        // Detach: the window goes away now; the engine finishes on its thread and the process
        // ends once the run is in a resumable state.
        const RunState state = m_status.state;
        m_closing = true;
        hide();
        if (clicked == now && (state == RunState::Running || state == RunState::Cancelling))
            m_session->cancelStep();
        else if (clicked == afterStep && state != RunState::RollingBack && state != RunState::Paused && state != RunState::AtGate)
            m_session->pauseAfterStep(true);
        finishClose();
    });
    box->open();
}

void MainWindow::finishClose()
{
    if (!m_closing || !m_session)
        return;
    switch (m_status.state) {
    case RunState::Paused:
    case RunState::AtGate:
        m_session->closeRun(tr("the console was closed; resume with `runbook-console resume %1` or from the console").arg(m_status.runId));
        return;
    case RunState::Finished:
    case RunState::Idle: {
        RunSession* session = m_session.get();
        connect(session, &RunSession::shutDown, this, [this] {
            emit closedCleanly();
            close();
        });
        connect(session, &RunSession::shutDown, session, &QObject::deleteLater);
        m_session.release();
        session->shutdown();
        return;
    }
    default:
        return; // a step or the rollback is still running: wait for its end
    }
}
