#include "mainwindow.h"

#include "engine/checklistmodel.h"
#include "engine/runcontroller.h"
#include "runbook/documentloader.h"
#include "runbook/runbookvalidator.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QSplitter>
#include <QStatusBar>
#include <QTableWidget>
#include <QThread>
#include <QTreeView>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Runbook Console"));
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    m_title = new QLabel(central);
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_banner = new QLabel(central);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #611a15; border: 1px solid #f5c2c0; padding: 8px; }"));
    m_banner->hide();

    auto* splitter = new QSplitter(central);
    m_nodes = new QTableWidget(0, 5, splitter);
    m_nodes->setHorizontalHeaderLabels({ tr("Node"), tr("Role"), tr("Host"), tr("Port"), tr("Version") });
    m_nodes->verticalHeader()->hide();
    m_nodes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_nodes->horizontalHeader()->setStretchLastSection(true);
    m_checklist = new QTreeView(splitter);
    m_model = new ChecklistModel(this);
    m_checklist->setModel(m_model);
    m_checklist->setAlternatingRowColors(true);
    m_checklist->setUniformRowHeights(true);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 5);

    layout->addWidget(m_title);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);
    resize(1280, 800);
    m_title->setText(tr("No runbook open"));
}

MainWindow::~MainWindow()
{
    m_model->attach(nullptr);
}

void MainWindow::openFiles(const QString& runbookPath, const QString& inventoryPath)
{
    if (runbookPath.isEmpty() && inventoryPath.isEmpty()) {
        emit filesLoaded(true);
        return;
    }
    statusBar()->showMessage(tr("Reading %1 ...").arg(QFileInfo(runbookPath.isEmpty() ? inventoryPath : runbookPath).fileName()));
    // Reading and validating touch the disk: a worker thread does it, the result comes back queued.
    QPointer<MainWindow> self(this);
    QThread* loader = QThread::create([self, runbookPath, inventoryPath] {
        auto runbook = std::make_shared<LoadedDocument>();
        auto inventory = std::make_shared<LoadedDocument>();
        if (!runbookPath.isEmpty())
            *runbook = DocumentLoader::loadRunbook(runbookPath);
        if (!inventoryPath.isEmpty())
            *inventory = DocumentLoader::loadInventory(inventoryPath);
        if (runbook->runbook && inventory->ok())
            runbook->diagnostics += RunbookValidator::inventoryProblems(*runbook->runbook, *inventory->inventory);
        if (!self)
            return;
        QMetaObject::invokeMethod(self, [self, runbookPath, inventoryPath, runbook, inventory] {
            if (self)
                self->showLoaded(runbookPath, inventoryPath, *runbook, *inventory);
        }, Qt::QueuedConnection);
    });
    connect(loader, &QThread::finished, loader, &QObject::deleteLater);
    loader->start();
}

void MainWindow::showProblems(const QStringList& lines)
{
    m_banner->setText(lines.join(QLatin1Char('\n')));
    m_banner->setVisible(!lines.isEmpty());
}

void MainWindow::showLoaded(const QString& runbookPath, const QString& inventoryPath, const LoadedDocument& runbook, const LoadedDocument& inventory)
{
    QStringList problems;
    for (const Diagnostic& d : runbook.diagnostics + inventory.diagnostics)
        problems << d.toString();
    showProblems(problems);

    m_nodes->setRowCount(0);
    if (inventory.inventory) {
        for (const InventoryNode& n : inventory.inventory->nodes) {
            const int row = m_nodes->rowCount();
            m_nodes->insertRow(row);
            const QStringList cells { n.name, n.role, n.host, n.port ? QString::number(*n.port) : QString(), n.version };
            for (int c = 0; c < cells.size(); ++c)
                m_nodes->setItem(row, c, new QTableWidgetItem(cells[c]));
        }
        m_nodes->resizeColumnsToContents();
    }
    const QString cluster = inventory.inventory ? inventory.inventory->cluster : QString();
    if (runbook.runbook && inventory.inventory && problems.isEmpty()) {
        RunOptions options;
        options.runbookPath = runbookPath;
        options.inventoryPath = inventoryPath;
        m_model->attach(nullptr);
        m_controller = std::make_unique<RunController>(*runbook.runbook, *inventory.inventory, options);
        m_model->attach(m_controller.get());
        m_checklist->expandAll();
        for (int c = 0; c < ChecklistModel::ColumnCount; ++c)
            m_checklist->resizeColumnToContents(c);
        m_title->setText(tr("%1 — cluster %2").arg(runbook.runbook->name, cluster));
        statusBar()->showMessage(tr("%1 steps in %2 phases; expected %3 s in all")
                                     .arg(m_controller->steps().size())
                                     .arg(runbook.runbook->phases.size())
                                     .arg(m_model->remainingExpectedMs() / 1000.0, 0, 'f', 0));
    } else {
        m_title->setText(runbook.runbook ? runbook.runbook->name : cluster.isEmpty() ? tr("No runbook open") : tr("Cluster %1").arg(cluster));
        statusBar()->showMessage(problems.isEmpty() ? tr("Ready") : tr("%n problem(s) in the files", nullptr, int(problems.size())));
    }
    emit filesLoaded(problems.isEmpty());
}
