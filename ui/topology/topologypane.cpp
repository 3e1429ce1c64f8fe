#include "topology/topologypane.h"

#include "cluster/topologyformat.h"
#include "cluster/topologymodel.h"
#include "common/livetext.h"
#include "topology/topologydetails.h"
#include "topology/topologygraphview.h"
#include "topology/topologypainter.h"

#include <QCoreApplication>
#include <QButtonGroup>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace {
// Unreachable nodes, endpoints and edges that are down read in the danger colour; spares that are
// not running recede.
class TopologyRowDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(TopologyModel::FailureRole).toBool()) {
            option->palette.setColor(QPalette::Text, TopologyPainter::dangerColor(option->palette));
        } else if (index.data(TopologyModel::StateRole).toInt() == int(NodeState::SpareNotRunning)) {
            option->palette.setColor(QPalette::Text, option->palette.color(QPalette::Disabled, QPalette::Text));
        }
    }
};

QString plain(QString text)
{
    return text.remove(QLatin1Char('&'));
}
} // namespace

TopologyPane::TopologyPane(QWidget* parent)
    : QWidget(parent)
{
    auto* title = new QLabel(QCoreApplication::translate("TopologyPane", "Topology"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    title->setAccessibleName(title->text());

    m_status = new LiveText(this); // changes every second: never a relayout of the window for it

    m_graphButton = new QToolButton(this);
    m_graphButton->setText(QCoreApplication::translate("TopologyPane", "&Graph"));
    m_tableButton = new QToolButton(this);
    m_tableButton->setText(QCoreApplication::translate("TopologyPane", "&Table"));
    auto* group = new QButtonGroup(this);
    for (QToolButton* b : { m_graphButton, m_tableButton }) {
        b->setCheckable(true);
        b->setAccessibleName(plain(b->text()));
        group->addButton(b);
    }
    m_graphButton->setChecked(true);

    auto* header = new QHBoxLayout;
    header->addWidget(title);
    header->addWidget(m_status, 1);
    header->addWidget(m_graphButton);
    header->addWidget(m_tableButton);

    m_graph = new TopologyGraphView(this);
    m_graphScroll = new QScrollArea(this);
    m_graphScroll->setWidget(m_graph);
    m_graphScroll->setWidgetResizable(true);
    m_graphScroll->setFrameShape(QFrame::NoFrame);
    m_graphScroll->setFocusPolicy(Qt::NoFocus);

    m_table = new QTreeView(this);
    m_table->setAccessibleName(QCoreApplication::translate("TopologyPane", "Table"));
    m_table->setUniformRowHeights(true);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setItemDelegate(new TopologyRowDelegate(m_table));
    m_table->header()->setStretchLastSection(true);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_graphScroll);
    m_stack->addWidget(m_table);

    auto* detailsLabel = new QLabel(QCoreApplication::translate("TopologyPane", "&Details"), this);
    detailsLabel->setAccessibleName(plain(detailsLabel->text()));
    m_details = new TopologyDetails(this);
    detailsLabel->setBuddy(m_details);
    auto* detailsBox = new QWidget(this);
    auto* detailsLayout = new QVBoxLayout(detailsBox);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(detailsLabel);
    detailsLayout->addWidget(m_details);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_stack);
    split->addWidget(detailsBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(split, 1);

    // Alt+G and Alt+T show a view and put the keyboard in it.
    connect(m_graphButton, &QToolButton::clicked, this, [this] {
        setTableView(false);
        m_graph->setFocus(Qt::ShortcutFocusReason);
    });
    connect(m_tableButton, &QToolButton::clicked, this, [this] {
        setTableView(true);
        m_table->setFocus(Qt::ShortcutFocusReason);
    });
    connect(m_graph, &TopologyGraphView::nodeSelected, this, &TopologyPane::selectNode);
    m_clock.setInterval(1000);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        updateStatus();
        m_graph->update(); // "unreachable for N s" keeps counting between snapshots
    });
    m_clock.start();
    updateStatus();
}

void TopologyPane::setModel(TopologyModel* model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_graph->setModel(model);
    m_table->setModel(model);
    if (model) {
        connect(model, &TopologyModel::snapshotChanged, this, &TopologyPane::refresh);
        connect(
            m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
                if (const TopologyNode* n = m_model ? m_model->nodeAt(current) : nullptr)
                    selectNode(n->name);
            });
        // Small clusters show their edges under each node; large ones stay compact.
        connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& parent, int first, int last) {
            if (parent.isValid() || m_model->rowCount() > 40)
                return;
            for (int r = first; r <= last; ++r)
                m_table->expand(m_model->index(r, 0));
        });
    }
    refresh();
}

void TopologyPane::setTableView(bool table)
{
    m_viewChosen = true;
    m_stack->setCurrentIndex(table ? 1 : 0);
    (table ? m_tableButton : m_graphButton)->setChecked(true);
}

bool TopologyPane::isTableView() const
{
    return m_stack->currentIndex() == 1;
}

QJsonObject TopologyPane::evidence() const
{
    return m_model ? m_model->snapshot().evidence() : QJsonObject();
}

void TopologyPane::selectNode(const QString& name)
{
    if (name.isEmpty())
        return;
    const bool changed = name != m_selected;
    m_selected = name;
    m_graph->selectNode(name);
    if (m_model) {
        const QModelIndex index = m_model->indexOfNode(name);
        const TopologyNode* current = m_model->nodeAt(m_table->currentIndex());
        if (index.isValid() && (!current || current->name != name))
            m_table->setCurrentIndex(index);
        m_details->showNode(m_model->snapshot(), name);
    }
    if (changed)
        emit nodeSelected(name);
}

void TopologyPane::refresh()
{
    if (!m_model)
        return;
    const TopologySnapshot& s = m_model->snapshot();
    // A large cluster opens on the table: the graph is for the shape of a few nodes.
    if (!m_viewChosen && !s.nodes.isEmpty()) {
        m_viewChosen = true;
        if (s.nodes.size() > graphNodeLimit)
            setTableView(true);
    }
    if (m_selected.isEmpty() || !s.node(m_selected)) {
        // Start on the first node that needs attention, else the first node.
        QString pick = s.unreachableNodes().value(0);
        if (pick.isEmpty() && !s.nodes.isEmpty())
            pick = s.nodes.first().name;
        if (!pick.isEmpty())
            selectNode(pick);
    } else {
        m_details->showNode(s, m_selected);
    }
    updateStatus();
}

QString TopologyPane::statusText() const
{
    return m_status->text();
}

void TopologyPane::updateStatus()
{
    QString text;
    bool bad = false;
    if (!m_model || !m_model->snapshot().takenAt.isValid()) {
        text = QCoreApplication::translate("TopologyPane", "waiting for the first poll");
    } else {
        const TopologySnapshot& s = m_model->snapshot();
        const qint64 age = s.takenAt.msecsTo(QDateTime::currentDateTimeUtc());
        const QStringList down = s.unreachableNodes() + s.unreachableEndpoints();
        text = QCoreApplication::translate("TopologyPane", "%1 nodes").arg(s.nodes.size());
        text += down.isEmpty() ? QCoreApplication::translate("TopologyPane", ", all answering")
                               : QCoreApplication::translate("TopologyPane", ", unreachable: %1").arg(down.join(QStringLiteral(", ")));
        text += QCoreApplication::translate("TopologyPane", " · updated %1").arg(s.takenAt.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
        if (age > staleAfterMs)
            text = QCoreApplication::translate("TopologyPane", "NO UPDATE FOR %1 · ")
                       .arg(TopologyFormat::elapsed(s.takenAt, QDateTime::currentDateTimeUtc()))
                + text;
        bad = !down.isEmpty() || age > staleAfterMs;
    }
    m_status->setText(text);
    m_status->setColor(bad ? TopologyPainter::dangerColor(palette()) : QColor());
}
