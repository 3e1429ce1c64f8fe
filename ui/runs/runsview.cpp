#include "runs/runsview.h"

#include "journal/runcomparison.h"
#include "journal/runsfiltermodel.h"
#include "journal/runsmodel.h"
#include "report/comparisonmodel.h"
#include "report/runsloader.h"
#include "runs/ganttwidget.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {

// The visible label without its mnemonic marker: what screen readers announce.
QString plain(const QString& text)
{
    QString out = text;
    return out.remove(QLatin1Char('&'));
}

QLabel* labelFor(const QString& text, QWidget* buddy, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setBuddy(buddy);
    buddy->setAccessibleName(plain(text));
    return label;
}

QPushButton* button(const QString& text, QWidget* parent)
{
    auto* b = new QPushButton(text, parent);
    b->setAccessibleName(plain(text));
    return b;
}

} // namespace

RunsView::RunsView(QWidget* parent)
    : QWidget(parent)
{
    m_runsModel = new RunsModel(this);
    m_filterModel = new RunsFilterModel(this);
    m_filterModel->setRunsModel(m_runsModel);
    m_comparisonModel = new ComparisonModel(this);
    buildControls();

    m_loader = new RunsLoader;
    m_loader->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_loader, &QObject::deleteLater);
    connect(m_loader, &RunsLoader::runsListed, this, &RunsView::onRunsListed);
    connect(m_loader, &RunsLoader::runsLoaded, this, &RunsView::onRunsLoaded);
    connect(m_loader, &RunsLoader::exported, this, [this](quint64, const QString& path, const QString& error) {
        showStatus(error.isEmpty() ? tr("Wrote %1").arg(path) : tr("Export failed: %1").arg(error), !error.isEmpty());
        emit exportFinished(path, error);
    });
    connect(m_loader, &RunsLoader::markdownRendered, this, [this](quint64, const QString& markdown, const QString& error) {
        if (error.isEmpty()) {
            QGuiApplication::clipboard()->setText(markdown);
            showStatus(tr("Markdown copied to the clipboard"));
        } else {
            showStatus(tr("Could not copy: %1").arg(error), true);
        }
        emit markdownCopied(error);
    });
    m_thread.setObjectName(QStringLiteral("runs-loader"));
    m_thread.start();

    m_chooser = [this](ExportFormat format, const QString& suggested) {
        const QString ext = exportFormatExtension(format);
        return QFileDialog::getSaveFileName(
            this, tr("Export runs"), suggested, tr("%1 files (*.%2)").arg(exportFormatName(format).toUpper(), ext));
    };
    updateActions();
}

RunsView::~RunsView()
{
    m_loader->supersedeLoadsBefore(std::numeric_limits<quint64>::max());
    m_thread.quit();
    m_thread.wait();
}

void RunsView::buildControls()
{
    auto* layout = new QVBoxLayout(this);

    // Filters.
    auto* filters = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("run, runbook, cluster, operator"));
    m_filter->setClearButtonEnabled(true);
    m_outcome = new QComboBox(this);
    m_outcome->addItem(tr("any"), QString());
    for (RunOutcome o : { RunOutcome::Completed, RunOutcome::Failed, RunOutcome::RolledBack, RunOutcome::Cancelled,
             RunOutcome::Interrupted, RunOutcome::Running })
        m_outcome->addItem(runOutcomeName(o), runOutcomeName(o));
    m_label = new QComboBox(this);
    m_label->addItem(tr("any"), QString());
    m_minDuration = new QDoubleSpinBox(this);
    m_minDuration->setRange(0, 24 * 3600);
    m_minDuration->setDecimals(1);
    m_minDuration->setSuffix(tr(" s"));
    m_minDowntime = new QDoubleSpinBox(this);
    m_minDowntime->setRange(0, 24 * 3600);
    m_minDowntime->setDecimals(1);
    m_minDowntime->setSuffix(tr(" s"));
    // Ctrl+R within the view (F5 and Alt+R belong to the console's Run action and Run menu).
    m_refresh = button(tr("Refresh"), this);
    m_refresh->setToolTip(tr("Read the journal again (Ctrl+R)"));
    auto* reload = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_R), this);
    reload->setContext(Qt::WidgetWithChildrenShortcut);
    connect(reload, &QShortcut::activated, m_refresh, &QPushButton::click);
    filters->addWidget(labelFor(tr("F&ilter"), m_filter, this));
    filters->addWidget(m_filter, 2);
    filters->addWidget(labelFor(tr("&Outcome"), m_outcome, this));
    filters->addWidget(m_outcome);
    filters->addWidget(labelFor(tr("&Label"), m_label, this));
    filters->addWidget(m_label);
    filters->addWidget(labelFor(tr("Longer &than"), m_minDuration, this));
    filters->addWidget(m_minDuration);
    filters->addWidget(labelFor(tr("Do&wntime over"), m_minDowntime, this));
    filters->addWidget(m_minDowntime);
    filters->addWidget(m_refresh);
    layout->addLayout(filters);

    auto* splitter = new QSplitter(Qt::Vertical, this);

    // The runs.
    auto* top = new QWidget(splitter);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    m_runs = new QTableView(top);
    m_runs->setModel(m_filterModel);
    m_runs->setSortingEnabled(true);
    m_runs->sortByColumn(RunsModel::StartedColumn, Qt::DescendingOrder);
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_runs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runs->setAlternatingRowColors(true);
    m_runs->verticalHeader()->hide();
    m_runs->setWordWrap(false);
    m_runs->horizontalHeader()->setStretchLastSection(true);
    topLayout->addWidget(labelFor(tr("Ru&ns (pick two or more to compare)"), m_runs, top));
    topLayout->addWidget(m_runs);
    m_runs->setAccessibleName(tr("Runs (pick two or more to compare)"));

    // The picked runs: side by side and as a Gantt picture.
    auto* bottom = new QWidget(splitter);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    m_tabs = new QTabWidget(bottom);
    m_compare = new QTableView(m_tabs);
    m_compare->setModel(m_comparisonModel);
    m_compare->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_compare->verticalHeader()->hide();
    m_compare->setAlternatingRowColors(true);
    m_compare->setAccessibleName(tr("Side by side"));
    m_gantt = new GanttWidget;
    m_gantt->setAccessibleName(tr("Gantt"));
    auto* scroll = new QScrollArea(m_tabs);
    scroll->setWidget(m_gantt);
    scroll->setWidgetResizable(true);
    scroll->setAccessibleName(tr("Gantt"));
    m_tabs->addTab(m_compare, tr("Side &by side"));
    m_tabs->addTab(scroll, tr("&Gantt"));
    bottomLayout->addWidget(labelFor(tr("S&elected runs"), m_tabs, bottom));
    bottomLayout->addWidget(m_tabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);

    // Exports.
    auto* actions = new QHBoxLayout;
    const std::pair<ExportFormat, QString> exports[] = { { ExportFormat::Markdown, tr("Export &Markdown") },
        { ExportFormat::Csv, tr("Export &CSV") }, { ExportFormat::Json, tr("Export &JSON") },
        { ExportFormat::Svg, tr("Export &SVG") }, { ExportFormat::Png, tr("Export &PNG") } };
    for (const auto& [format, text] : exports) {
        QPushButton* b = button(text, this);
        b->setProperty("exportFormat", exportFormatName(format));
        connect(b, &QPushButton::clicked, this, [this, format = format] { exportSelection(format); });
        actions->addWidget(b);
        m_exportButtons << b;
    }
    m_copy = button(tr("Cop&y Markdown"), this);
    connect(m_copy, &QPushButton::clicked, this, &RunsView::copyMarkdown);
    actions->addWidget(m_copy);
    actions->addStretch(1);
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    actions->addWidget(m_status, 3);
    layout->addLayout(actions);

    connect(m_refresh, &QPushButton::clicked, this, &RunsView::refresh);
    connect(m_filter, &QLineEdit::textChanged, m_filterModel, &RunsFilterModel::setText);
    connect(m_outcome, &QComboBox::currentIndexChanged, this,
        [this] { m_filterModel->setOutcome(m_outcome->currentData().toString()); });
    connect(m_label, &QComboBox::currentIndexChanged, this,
        [this] { m_filterModel->setLabel(m_label->currentData().toString()); });
    connect(m_minDuration, &QDoubleSpinBox::valueChanged, this,
        [this](double s) { m_filterModel->setMinDurationMs(static_cast<qint64>(s * 1000)); });
    connect(m_minDowntime, &QDoubleSpinBox::valueChanged, this,
        [this](double s) { m_filterModel->setMinDowntimeMs(static_cast<qint64>(s * 1000)); });

    // Picking runs with the keyboard moves through several rows: load once it settles.
    m_selectionTimer = new QTimer(this);
    m_selectionTimer->setSingleShot(true);
    m_selectionTimer->setInterval(150);
    connect(m_selectionTimer, &QTimer::timeout, this, &RunsView::loadSelection);
    connect(m_runs->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        m_selectionTimer->start();
    });
}

void RunsView::setJournalPath(const QString& path)
{
    m_journalPath = path;
    QMetaObject::invokeMethod(m_loader, [loader = m_loader, path] { loader->setJournalPath(path); }, Qt::QueuedConnection);
    m_runsModel->setRuns({});
    m_comparisonModel->clear();
    m_gantt->setData({});
    refresh();
}

void RunsView::setLiveRunId(const QString& runId)
{
    if (runId == m_liveRunId)
        return;
    m_liveRunId = runId;
    updateActions();
    loadSelection();
}

QStringList RunsView::selectedRunIds() const
{
    QList<const RunSummary*> picked;
    for (const QModelIndex& index : m_runs->selectionModel()->selectedRows())
        if (const RunSummary* r = m_runsModel->runAt(m_filterModel->mapToSource(index).row()))
            picked << r;
    std::sort(picked.begin(), picked.end(),
        [](const RunSummary* a, const RunSummary* b) { return a->startedAt < b->startedAt; });
    QStringList ids;
    for (const RunSummary* r : picked)
        ids << r->id;
    return ids;
}

void RunsView::refresh()
{
    const quint64 request = ++m_request;
    m_listRequest = request;
    showStatus(tr("Reading the journal ..."));
    QMetaObject::invokeMethod(m_loader, [loader = m_loader, request] { loader->listRuns(request); }, Qt::QueuedConnection);
    if (!selectedRunIds().isEmpty() || !m_liveRunId.isEmpty())
        loadSelection();
}

void RunsView::onRunsListed(quint64 request, const QList<RunSummary>& runs, const QString& error)
{
    if (request != m_listRequest)
        return;
    const bool first = m_runsModel->rowCount() == 0;
    m_runsModel->setRuns(runs);
    if (first)
        m_runs->resizeColumnsToContents();
    // Keep the chosen label if it is still offered.
    const QString chosen = m_label->currentData().toString();
    const QSignalBlocker block(m_label);
    m_label->clear();
    m_label->addItem(tr("any"), QString());
    for (const QString& label : m_runsModel->labels())
        m_label->addItem(label, label);
    const int keep = m_label->findData(chosen);
    m_label->setCurrentIndex(keep >= 0 ? keep : 0);
    m_filterModel->setLabel(m_label->currentData().toString());
    showStatus(error.isEmpty() ? tr("%n run(s)", nullptr, static_cast<int>(runs.size())) : error, !error.isEmpty());
    emit runsListed(static_cast<int>(runs.size()), error);
}

void RunsView::loadSelection()
{
    const QStringList ids = selectedRunIds();
    const quint64 request = ++m_request;
    m_loadRequest = request;
    m_loader->supersedeLoadsBefore(request);
    if (ids.isEmpty() && m_liveRunId.isEmpty()) {
        m_comparisonModel->clear();
        m_gantt->setData({});
        emit selectionLoaded(0, QString());
        return;
    }
    QMetaObject::invokeMethod(
        m_loader, [loader = m_loader, request, ids, live = m_liveRunId] { loader->loadRuns(request, ids, live); },
        Qt::QueuedConnection);
}

void RunsView::onRunsLoaded(quint64 request, const std::shared_ptr<const RunsSelection>& selection, const QString& error)
{
    if (request != m_loadRequest)
        return; // an answer to a selection the operator has moved on from
    if (!selection) {
        showStatus(tr("Could not read the runs: %1").arg(error), true);
        emit selectionLoaded(0, error);
        return;
    }
    m_comparisonModel->setComparison(RunComparison(selection->runs), selection->forecast);
    m_compare->resizeColumnsToContents();
    m_gantt->setData(selection->gantt);
    emit selectionLoaded(static_cast<int>(selection->runs.size()), QString());
}

void RunsView::exportSelection(ExportFormat format)
{
    const QStringList ids = selectedRunIds();
    if (ids.isEmpty() && m_liveRunId.isEmpty()) {
        showStatus(tr("Pick one or more runs first"), true);
        return;
    }
    QString suggested = ids.size() == 1 ? QStringLiteral("run-%1").arg(ids.first())
                                        : QStringLiteral("runs-%1-and-%2-more").arg(ids.value(0)).arg(std::max<qsizetype>(0, ids.size() - 1));
    suggested += QLatin1Char('.') + exportFormatExtension(format);
    const QString path = m_chooser ? m_chooser(format, suggested) : QString();
    if (path.isEmpty())
        return;
    const quint64 request = ++m_request;
    showStatus(tr("Writing %1 ...").arg(path));
    QMetaObject::invokeMethod(
        m_loader,
        [loader = m_loader, request, ids, live = m_liveRunId, format, path] {
            loader->exportRuns(request, ids, live, format, path);
        },
        Qt::QueuedConnection);
}

void RunsView::copyMarkdown()
{
    const QStringList ids = selectedRunIds();
    if (ids.isEmpty() && m_liveRunId.isEmpty()) {
        showStatus(tr("Pick one or more runs first"), true);
        return;
    }
    const quint64 request = ++m_request;
    QMetaObject::invokeMethod(
        m_loader,
        [loader = m_loader, request, ids, live = m_liveRunId] { loader->renderMarkdown(request, ids, live); },
        Qt::QueuedConnection);
}

void RunsView::updateActions()
{
    const bool any = m_runs->selectionModel()->hasSelection() || !m_liveRunId.isEmpty();
    for (QPushButton* b : m_exportButtons)
        b->setEnabled(any);
    m_copy->setEnabled(any);
}

void RunsView::showStatus(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("QLabel { color: #c62828; }") : QString());
}
