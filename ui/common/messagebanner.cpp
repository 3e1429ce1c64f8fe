#include "common/messagebanner.h"

#include "common/accessibility.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

MessageBanner::MessageBanner(QWidget* parent)
    : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    auto* layout = new QHBoxLayout(this);
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setTextFormat(Qt::PlainText);
    layout->addWidget(m_text, 1);
    m_buttons = new QHBoxLayout;
    layout->addLayout(m_buttons);
    hide();
}

QString MessageBanner::text() const
{
    return m_text->text();
}

void MessageBanner::showMessage(Kind kind, const QString& text)
{
    qDeleteAll(m_actions);
    m_actions.clear();
    // Tinted from the palette's base so it reads in light and dark themes alike.
    QColor tint = kind == Kind::Error ? QColor(200, 40, 40) : kind == Kind::Warning ? QColor(210, 150, 0) : QColor(40, 110, 200);
    QPalette pal = palette();
    const QColor base = QPalette().color(QPalette::Window);
    QColor bg;
    bg.setRgbF(base.redF() * 0.8 + tint.redF() * 0.2, base.greenF() * 0.8 + tint.greenF() * 0.2, base.blueF() * 0.8 + tint.blueF() * 0.2);
    pal.setColor(QPalette::Window, bg);
    setPalette(pal);
    m_text->setText(text);
    m_text->setAccessibleName(text.section(QLatin1Char('\n'), 0, 0));
    setAccessibleName(text.section(QLatin1Char('\n'), 0, 0));
    setVisible(!text.isEmpty());
}

QPushButton* MessageBanner::addAction(const QString& label, const QKeySequence& shortcut)
{
    auto* button = named(new QPushButton(label, this), label);
    if (!shortcut.isEmpty())
        button->setShortcut(shortcut);
    m_buttons->addWidget(button);
    m_actions << button;
    return button;
}
