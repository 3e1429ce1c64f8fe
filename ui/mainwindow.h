#pragma once
// The console's main window: the cluster's nodes, the runbook's checklist, and what went wrong
// loading them. Files are read off the GUI thread.

#include <QMainWindow>
#include <memory>

class ChecklistModel;
class QLabel;
class QTableWidget;
class QTreeView;
class RunController;
struct LoadedDocument;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;
    void openFiles(const QString& runbookPath, const QString& inventoryPath);

signals:
    // Emitted once the files are read and shown (or their problems are).
    void filesLoaded(bool ok);

private:
    void showLoaded(const QString& runbookPath, const QString& inventoryPath, const LoadedDocument& runbook, const LoadedDocument& inventory);
    void showProblems(const QStringList& lines);

    QLabel* m_title = nullptr;
    QLabel* m_banner = nullptr;
    QTableWidget* m_nodes = nullptr;
    QTreeView* m_checklist = nullptr;
    ChecklistModel* m_model = nullptr;
    std::unique_ptr<RunController> m_controller;
};
