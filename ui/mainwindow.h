#pragma once
// The console: the runbook's live checklist, the run controls, the gate panel, the downtime clock,
// the cluster's nodes and the log, with the big Roll back button always in view during a run.
// The engine runs on a thread of its own (RunSession); files and the journal are read off the GUI
// thread; what is enabled is decided in one place from the run's status.

#include "credentials/inventorycredentials.h"
#include "engine/rollbackpreview.h"
#include "engine/runstate.h"
#include "runbook/inventory.h"
#include "runbook/runbook.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>
#include <optional>

class ChecklistModel;
class ChecklistView;
class DowntimeClock;
class DowntimeClockWidget;
class GatePanel;
class LiveText;
class LogModel;
class LogPane;
class MessageBanner;
class PasswordDialog;
class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QSplitter;
class QStackedWidget;
class QTableWidget;
class QTimer;
class RollbackDialog;
class RunSession;
class RunsView;
class QTabWidget;
class TopologyModel;
class TopologyPane;
class TopologyProbe;
struct LastRun;
struct LoadedDocument;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void setJournalPath(const QString& path);
    void openFiles(const QString& runbookPath, const QString& inventoryPath);

    // For tests and automation: the current session (null before files are loaded).
    RunSession* session() const { return m_session.get(); }
    QAction* action(const QString& name) const;

signals:
    // Emitted once the files are read and shown (or their problems are).
    void filesLoaded(bool ok);
    // The journal was read for the last run of this runbook on this cluster.
    void lastRunChecked();
    // The window has closed and its run (if any) has been left in a resumable state.
    void closedCleanly();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildActions();
    void buildLayout();
    void showLoaded(const QString& runbookPath, const QString& inventoryPath, const LoadedDocument& runbook,
        const LoadedDocument& inventory, const CredentialReport& credentials);
    // Asks for the passwords still missing, one dialog at a time, then startOnLoaded().
    void askNextPassword();
    void startOnLoaded();
    void showProblems(const QStringList& lines);
    void newSession(const QString& label = QStringLiteral("rehearsal"), std::optional<CutoverMode> cutover = std::nullopt);
    void retireSession();
    void checkLastRun();
    void offerLastRun(const LastRun& last);
    void applyStatus();
    void refreshHeader();
    void tick();
    void onStatus(const RunStatus& status);
    void onGate(int index, const QString& instructions);
    void startRun(bool oneStepOnly);
    void showRollbackDialog(const QString& note = QString());
    void confirmGate();
    void rejectGate();
    void openRunbookDialog();
    void openInventoryDialog();
    void addRecent(const QString& runbookPath, const QString& inventoryPath);
    void rebuildRecentMenu();
    void finishClose();
    QString operatorName() const;
    void watchTopology(const Inventory& inventory);
    QStringList topologyEvidence() const;

    // Inputs.
    QString m_runbookPath;
    QString m_inventoryPath;
    QString m_journalPath;
    std::optional<Runbook> m_runbook;
    std::optional<Inventory> m_inventory;
    bool m_inputsValid = false;
    bool m_inventoryOk = false;
    QStringList m_loadProblems;
    int m_loadGeneration = 0; // answers for files no longer open are dropped
    QList<MissingPassword> m_pendingPasswords;
    QStringList m_skippedPasswords;
    bool m_keychainAvailable = true;
    QPointer<PasswordDialog> m_passwordDialog;

    // The run.
    std::unique_ptr<RunSession> m_session;
    ChecklistModel* m_checklist = nullptr;
    LogModel* m_log = nullptr;
    DowntimeClock* m_clock = nullptr;
    RunStatus m_status;
    bool m_canRollBackFinished = false;
    QString m_lastRunId; // the run the session works on, for Roll back / Resume after it finished
    QPointer<RollbackDialog> m_rollbackDialog;
    bool m_closing = false;

    // Widgets.
    QLabel* m_title = nullptr;
    QLabel* m_labelBadge = nullptr;
    LiveText* m_stateLine = nullptr;
    LiveText* m_etaLine = nullptr;
    QPushButton* m_rollbackButton = nullptr;
    MessageBanner* m_banner = nullptr;
    MessageBanner* m_runBanner = nullptr;
    QStackedWidget* m_stack = nullptr;
    QWidget* m_welcome = nullptr;
    QLabel* m_recentList = nullptr;
    GatePanel* m_gate = nullptr;
    ChecklistView* m_checklistView = nullptr;
    DowntimeClockWidget* m_clockWidget = nullptr;
    TopologyPane* m_topology = nullptr;
    TopologyModel* m_topologyModel = nullptr;
    TopologyProbe* m_topologyProbe = nullptr;
    LogPane* m_logPane = nullptr;
    QSplitter* m_splitter = nullptr;
    QSplitter* m_vsplitter = nullptr;
    QTabWidget* m_tabs = nullptr;
    RunsView* m_runsView = nullptr;
    QTimer* m_ticker = nullptr;
    QMenu* m_recentMenu = nullptr;

    QAction* m_openRunbook = nullptr;
    QAction* m_openInventory = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_run = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_oneStep = nullptr;
    QAction* m_toGate = nullptr;
    QAction* m_resume = nullptr;
    QAction* m_skip = nullptr;
    QAction* m_cancelStep = nullptr;
    QAction* m_rollback = nullptr;
    QAction* m_continueGate = nullptr;
    QAction* m_focusChecklist = nullptr;
    QAction* m_focusLog = nullptr;
    QAction* m_showRuns = nullptr;
    QAction* m_shortcuts = nullptr;
};
