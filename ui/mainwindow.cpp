#include "mainwindow.h"

#include <QFileInfo>
#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("Runbook Console"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    m_runbookLabel = new QLabel(central);
    m_inventoryLabel = new QLabel(central);
    m_runbookLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_inventoryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_runbookLabel);
    layout->addWidget(m_inventoryLabel);
    layout->addStretch();
    setCentralWidget(central);
    resize(1200, 800);
    openFiles({}, {});
}

void MainWindow::openFiles(const QString& runbookPath, const QString& inventoryPath)
{
    m_runbookLabel->setText(runbookPath.isEmpty() ? tr("No runbook open")
                                                  : tr("Runbook: %1").arg(QFileInfo(runbookPath).absoluteFilePath()));
    m_inventoryLabel->setText(inventoryPath.isEmpty() ? tr("No inventory open")
                                                      : tr("Inventory: %1").arg(QFileInfo(inventoryPath).absoluteFilePath()));
    statusBar()->showMessage(tr("Ready"));
}
