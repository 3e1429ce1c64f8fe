#pragma once
// The console's main window: topology, checklist, downtime clock and rollback live here.

#include <QMainWindow>

class QLabel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    void openFiles(const QString& runbookPath, const QString& inventoryPath);

private:
    QLabel* m_runbookLabel = nullptr;
    QLabel* m_inventoryLabel = nullptr;
};
