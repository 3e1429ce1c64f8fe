#include "common/livetext.h"

#include <QAccessible>
#include <QAccessibleWidget>
#include <QEvent>
#include <QPainter>
#include <QTextLayout>

namespace {
// Read as text by screen readers (a plain QWidget would be a "client" area).
QAccessibleInterface* liveTextAccessible(const QString& className, QObject* object)
{
    if (className == QLatin1String("LiveText") && object && object->isWidgetType())
        return new QAccessibleWidget(static_cast<QWidget*>(object), QAccessible::StaticText);
    return nullptr;
}
} // namespace

LiveText::LiveText(QWidget* parent)
    : QWidget(parent)
{
    static const bool installed = [] {
        QAccessible::installFactory(liveTextAccessible);
        return true;
    }();
    Q_UNUSED(installed);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

int LiveText::linesFor(int width) const
{
    if (!m_wrap || width <= 0)
        return qMax(1, int(m_text.count(QLatin1Char('\n')) + 1));
    const QRect r = fontMetrics().boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, m_text);
    return qMax(1, (r.height() + fontMetrics().lineSpacing() - 1) / fontMetrics().lineSpacing());
}

void LiveText::setText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    setAccessibleName(text);
    if (QAccessible::isActive()) {
        QAccessibleEvent event(this, QAccessible::NameChanged);
        QAccessible::updateAccessibility(&event);
    }
    // Only a change in the number of lines is worth a new layout of the window.
    const int lines = linesFor(width());
    if (lines != m_lines) {
        m_lines = lines;
        updateGeometry();
    }
    update();
}

void LiveText::setColor(const QColor& color)
{
    if (color == m_color)
        return;
    m_color = color;
    update();
}

void LiveText::setWordWrap(bool wrap)
{
    m_wrap = wrap;
    updateGeometry();
}

QSize LiveText::sizeHint() const
{
    const QFontMetrics fm = fontMetrics();
    const int w = m_wrap ? 200 : fm.horizontalAdvance(m_text.section(QLatin1Char('\n'), 0, 0)) + 4;
    return { w, fm.lineSpacing() * m_lines + 2 };
}

QSize LiveText::minimumSizeHint() const
{
    return { 40, fontMetrics().lineSpacing() * m_lines + 2 };
}

int LiveText::heightForWidth(int width) const
{
    return fontMetrics().lineSpacing() * linesFor(width) + 2;
}

void LiveText::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    const int lines = linesFor(width());
    if (lines != m_lines) {
        m_lines = lines;
        updateGeometry();
    }
}

void LiveText::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateGeometry();
}

void LiveText::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setPen(m_color.isValid() ? m_color : palette().color(QPalette::WindowText));
    const QRect r = contentsRect().adjusted(0, 1, 0, -1);
    if (m_wrap) {
        p.drawText(r, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_text);
        return;
    }
    const QString shown = fontMetrics().elidedText(m_text, Qt::ElideRight, r.width());
    p.drawText(r, Qt::AlignLeft | Qt::AlignVCenter, shown);
}
