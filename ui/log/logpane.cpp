#include "log/logpane.h"

#include "common/accessibility.h"
#include "engine/logmodel.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

class LogFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setStep(const QString& step)
    {
        m_step = step;
        invalidateFilter();
    }
    void setText(const QString& text)
    {
        m_text = text;
        invalidateFilter();
    }
    QVariant data(const QModelIndex& index, int role) const override
    {
        if (role == Qt::ForegroundRole && index.data(LogModel::IsStderrRole).toBool())
            return QColor(210, 40, 40);
        if (role == Qt::FontRole && index.data(LogModel::IsEventRole).toBool()) {
            QFont f;
            f.setItalic(true);
            return f;
        }
        return QSortFilterProxyModel::data(index, role);
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override
    {
        const QModelIndex first = sourceModel()->index(row, 0, parent);
        if (!m_step.isEmpty() && first.data(LogModel::StepIdRole).toString() != m_step)
            return false;
        if (m_text.isEmpty())
            return true;
        return sourceModel()->index(row, LogModel::TextColumn, parent).data().toString().contains(m_text, Qt::CaseInsensitive);
    }

private:
    QString m_step;
    QString m_text;
};

LogPane::LogPane(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("logPane"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    auto* scopeLabel = new QLabel(tr("&Show:"), this);
    m_scope = named(new QComboBox(this), tr("Show"));
    m_scope->addItem(tr("All steps"));
    m_scope->addItem(tr("Selected step"));
    scopeLabel->setBuddy(m_scope);
    auto* searchLabel = new QLabel(tr("Fi&nd:"), this);
    m_search = named(new QLineEdit(this), tr("Find"));
    m_search->setPlaceholderText(tr("text in the output (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    searchLabel->setBuddy(m_search);
    auto* findShortcut = new QShortcut(QKeySequence::Find, this);
    findShortcut->setContext(Qt::WindowShortcut);
    connect(findShortcut, &QShortcut::activated, m_search, [this] { m_search->setFocus(); m_search->selectAll(); });
    m_follow = named(new QCheckBox(tr("F&ollow"), this), tr("Follow"));
    m_follow->setChecked(true);
    auto* copy = named(new QPushButton(tr("Co&py lines"), this), tr("Copy lines"));
    m_dropped = new QLabel(this);
    bar->addWidget(scopeLabel);
    bar->addWidget(m_scope);
    bar->addWidget(searchLabel);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_follow);
    bar->addWidget(copy);
    bar->addWidget(m_dropped);
    layout->addLayout(bar);

    m_view = named(new QTableView(this), tr("Output"));
    m_view->setObjectName(QStringLiteral("log"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 4);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_view->setFont(mono);
    layout->addWidget(m_view, 1);

    m_filter = new LogFilter(this);
    m_view->setModel(m_filter);
    connect(m_scope, &QComboBox::currentIndexChanged, this, [this](int i) { m_filter->setStep(i == 1 ? m_selectedStep : QString()); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& t) { m_filter->setText(t); });
    connect(copy, &QPushButton::clicked, this, &LogPane::copySelection);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow->isChecked())
            m_view->scrollToBottom();
    });
    // Scrolling up to read stops following; back at the bottom, following resumes.
    connect(m_view->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        const bool atBottom = value >= m_view->verticalScrollBar()->maximum() - 1;
        if (!atBottom && m_view->verticalScrollBar()->isSliderDown())
            m_follow->setChecked(false);
    });
    auto* copyShortcut = new QShortcut(QKeySequence::Copy, m_view);
    copyShortcut->setContext(Qt::WidgetShortcut);
    connect(copyShortcut, &QShortcut::activated, this, &LogPane::copySelection);
}

void LogPane::setLogModel(LogModel* model)
{
    m_model = model;
    m_filter->setSourceModel(model);
    m_view->setColumnWidth(LogModel::TimeColumn, m_view->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000  ")));
    m_view->setColumnWidth(LogModel::StepColumn, 180);
    m_view->setColumnWidth(LogModel::NodeColumn, 110);
    connect(model, &LogModel::droppedLinesChanged, this, &LogPane::updateDropped);
    updateDropped(model->droppedLines());
}

void LogPane::setSelectedStep(const QString& stepId)
{
    m_selectedStep = stepId;
    if (m_scope->currentIndex() == 1)
        m_filter->setStep(stepId);
}

void LogPane::copySelection()
{
    if (!m_model)
        return;
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    if (selected.isEmpty()) {
        for (int r = 0; r < m_filter->rowCount(); ++r)
            rows << m_filter->mapToSource(m_filter->index(r, 0)).row();
    } else {
        for (const QModelIndex& i : selected)
            rows << m_filter->mapToSource(i).row();
        std::sort(rows.begin(), rows.end());
    }
    QApplication::clipboard()->setText(m_model->text(rows));
}

void LogPane::updateDropped(qint64 dropped)
{
    m_dropped->setText(dropped > 0 ? tr("%1 older lines dropped").arg(dropped) : QString());
    m_dropped->setAccessibleName(m_dropped->text());
}
