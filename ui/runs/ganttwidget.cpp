#include "runs/ganttwidget.h"

#include "gantt/ganttpainter.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

GanttWidget::GanttWidget(QWidget* parent)
    : QWidget(parent)
{
    setMinimumWidth(700);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    fitHeight();
}

void GanttWidget::setData(const GanttData& data)
{
    m_data = data;
    fitHeight();
    update();
}

QSize GanttWidget::sizeHint() const
{
    const QSizeF size = GanttPainter::preferredSize(m_data);
    return QSize(static_cast<int>(size.width()), static_cast<int>(std::ceil(size.height())));
}

void GanttWidget::fitHeight()
{
    setMinimumHeight(static_cast<int>(std::ceil(GanttPainter::preferredSize(m_data, std::max(width(), 700)).height())));
}

void GanttWidget::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    fitHeight();
}

void GanttWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    GanttPainter::paint(painter, QRectF(rect()), m_data);
}

bool GanttWidget::event(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto* help = static_cast<QHelpEvent*>(event);
    const int lane = GanttPainter::laneAt(QRectF(rect()), m_data, help->pos());
    bool planned = false;
    const int bar = GanttPainter::barAt(QRectF(rect()), m_data, lane, help->pos(), &planned);
    QString tip;
    if (bar >= 0)
        tip = (planned ? m_data.lanes[lane].planned : m_data.lanes[lane].bars)[bar].tooltip;
    else if (lane >= 0)
        tip = m_data.lanes[lane].title + QLatin1Char('\n') + m_data.lanes[lane].subtitle;
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), tip, this);
    return true;
}
