#include "checklist/checklistview.h"

#include "checklist/checklistdelegate.h"
#include "common/accessibility.h"
#include "engine/checklistmodel.h"

#include <QDateTime>
#include <QHeaderView>
#include <QScrollBar>

ChecklistView::ChecklistView(QWidget* parent)
    : QTreeView(parent)
{
    setObjectName(QStringLiteral("checklist"));
    nameAfterLabel(this, tr("Checklist"));
    setItemDelegate(new ChecklistDelegate(this));
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAllColumnsShowFocus(true);
    header()->setStretchLastSection(true);
}

void ChecklistView::setChecklist(ChecklistModel* model)
{
    m_model = model;
    setModel(model);
    header()->setSectionResizeMode(ChecklistModel::StepColumn, QHeaderView::Stretch);
    header()->setStretchLastSection(false);
    for (int c = ChecklistModel::KindColumn; c < ChecklistModel::ColumnCount; ++c)
        header()->setSectionResizeMode(c, QHeaderView::Interactive);
    // The kind is in each step's tooltip and the plan; the title gets the room.
    setColumnHidden(ChecklistModel::KindColumn, true);
    setColumnWidth(ChecklistModel::NodeColumn, 100);
    setColumnWidth(ChecklistModel::ExpectedColumn, 75);
    setColumnWidth(ChecklistModel::ElapsedColumn, 115);
    setColumnWidth(ChecklistModel::OutcomeColumn, 190);
    connect(model, &QAbstractItemModel::modelReset, this, [this] { expandAll(); });
    connect(model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& from) {
        if (from.data(ChecklistModel::IsCurrentRole).toBool())
            followCurrent();
    });
    expandAll();
}

void ChecklistView::scrollContentsBy(int dx, int dy)
{
    if (!m_programmaticScroll)
        m_userScrolledAt = QDateTime::currentMSecsSinceEpoch();
    QTreeView::scrollContentsBy(dx, dy);
}

void ChecklistView::followCurrent()
{
    if (!m_model)
        return;
    // The operator scrolled to look at something: leave the view alone for a while.
    if (QDateTime::currentMSecsSinceEpoch() - m_userScrolledAt < 5000)
        return;
    QModelIndex target;
    const int step = m_model->currentStep();
    if (step >= 0)
        target = m_model->indexOfStep(step);
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const QModelIndex phase = m_model->index(r, 0);
        if (!phase.data(ChecklistModel::IsRollbackRole).toBool())
            continue;
        for (int e = 0; e < m_model->rowCount(phase); ++e)
            if (m_model->index(e, 0, phase).data(ChecklistModel::IsCurrentRole).toBool())
                target = m_model->index(e, 0, phase);
    }
    if (!target.isValid())
        return;
    m_programmaticScroll = true;
    scrollTo(target, QAbstractItemView::EnsureVisible);
    m_programmaticScroll = false;
}
