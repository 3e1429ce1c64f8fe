#include "topology/topologygraphview.h"

#include "cluster/topologymodel.h"

#include <QCoreApplication>
#include <QAccessible>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>

TopologyGraphView::TopologyGraphView(QWidget* parent)
    : QWidget(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(QCoreApplication::translate("TopologyGraphView", "Graph"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_fade.setInterval(100);
    connect(&m_fade, &QTimer::timeout, this, [this] {
        bool any = false;
        for (const TopologyNode& n : m_snapshot.nodes)
            any = any || highlightOf(n.name) > 0;
        if (!any)
            m_fade.stop();
        update();
    });
}

void TopologyGraphView::setModel(TopologyModel* model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model)
        connect(m_model, &TopologyModel::snapshotChanged, this, &TopologyGraphView::refresh);
    refresh();
}

void TopologyGraphView::refresh()
{
    m_snapshot = m_model ? m_model->snapshot() : TopologySnapshot();
    relayout();
    for (const TopologyNode& n : m_snapshot.nodes)
        if (highlightOf(n.name) > 0 && !m_fade.isActive())
            m_fade.start();
    updateAccessibleText();
    update();
}

void TopologyGraphView::relayout()
{
    // Hidden (the table shows, or the pane is not on screen): lay out when shown again.
    if (!isVisible()) {
        m_layoutWidth = -1;
        return;
    }
    m_layout = TopologyPainter::layout(m_snapshot, width(), font());
    m_layoutWidth = width();
    // Tall clusters scroll (the pane puts this view in a scroll area): ask for the height we need.
    const int needed = int(std::ceil(m_layout.size.height()));
    if (minimumHeight() != needed)
        setMinimumHeight(needed);
}

qreal TopologyGraphView::highlightOf(const QString& node) const
{
    if (!m_model)
        return 0;
    const QDateTime at = m_model->changedAt(node);
    if (!at.isValid())
        return 0;
    const qint64 age = at.msecsTo(QDateTime::currentDateTimeUtc());
    return age < 0 ? 1.0 : age >= highlightMs ? 0.0 : 1.0 - qreal(age) / highlightMs;
}

void TopologyGraphView::selectNode(const QString& name)
{
    if (name == m_selected)
        return;
    m_selected = name;
    updateAccessibleText();
    update();
    emit nodeSelected(name);
}

QSize TopologyGraphView::sizeHint() const
{
    return QSize(640, std::max(240, int(m_layout.size.height())));
}

void TopologyGraphView::paintEvent(QPaintEvent* event)
{
    QPainter p(this);
    TopologyPaintOptions o;
    o.palette = palette();
    o.font = font();
    o.selected = m_selected;
    o.focused = hasFocus();
    o.now = QDateTime::currentDateTimeUtc();
    o.exposed = event->rect();
    for (const TopologyNode& n : m_snapshot.nodes)
        if (const qreal h = highlightOf(n.name); h > 0)
            o.highlight.insert(n.name, h);
    if (m_layoutWidth != width())
        relayout();
    TopologyPainter::paint(p, QRectF(rect()), m_snapshot, o, m_layout);
}

void TopologyGraphView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    relayout();
}

void TopologyGraphView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void TopologyGraphView::mousePressEvent(QMouseEvent* event)
{
    const QString name = m_layout.nodeAt(event->position());
    if (!name.isEmpty())
        selectNode(name);
    setFocus(Qt::MouseFocusReason);
}

void TopologyGraphView::keyPressEvent(QKeyEvent* event)
{
    const QStringList& order = m_layout.order;
    if (order.isEmpty()) {
        QWidget::keyPressEvent(event);
        return;
    }
    const int current = order.indexOf(m_selected);
    int next = -1;
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_Down:
        next = current < 0 ? 0 : std::min<int>(current + 1, order.size() - 1);
        break;
    case Qt::Key_Left:
    case Qt::Key_Up:
        next = current < 0 ? 0 : std::max(current - 1, 0);
        break;
    case Qt::Key_Home:
        next = 0;
        break;
    case Qt::Key_End:
        next = order.size() - 1;
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    selectNode(order.at(next));
    event->accept();
}

void TopologyGraphView::focusInEvent(QFocusEvent* event)
{
    QWidget::focusInEvent(event);
    if (m_selected.isEmpty() && !m_layout.order.isEmpty())
        selectNode(m_layout.order.first());
    update();
}

void TopologyGraphView::focusOutEvent(QFocusEvent* event)
{
    QWidget::focusOutEvent(event);
    update();
}

void TopologyGraphView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        relayout();
}

void TopologyGraphView::updateAccessibleText()
{
    const QString text = m_selected.isEmpty()
        ? QCoreApplication::translate("TopologyGraphView", "%1 nodes").arg(m_snapshot.nodes.size())
        : TopologyPainter::describe(m_snapshot, m_selected, QDateTime::currentDateTimeUtc());
    if (accessibleDescription() != text) {
        setAccessibleDescription(text);
        if (QAccessible::isActive()) {
            QAccessibleEvent e(this, QAccessible::DescriptionChanged);
            QAccessible::updateAccessibility(&e);
        }
    }
}
