#pragma once
// Text that changes several times a second (timers, counts, "updated 12:01:05") without making
// the whole window lay itself out again: a QLabel asks its window for a new layout on every
// setText(); this widget repaints itself and asks for one only when it needs more lines.
// Its accessible name is its text, and screen readers are told when it changes.

#include <QWidget>

class LiveText : public QWidget {
    Q_OBJECT
public:
    explicit LiveText(QWidget* parent = nullptr);

    void setText(const QString& text);
    QString text() const { return m_text; }
    // The text's colour; invalid: the palette's window text.
    void setColor(const QColor& color);
    void setWordWrap(bool wrap);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return m_wrap; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    int linesFor(int width) const;

    QString m_text;
    QColor m_color;
    bool m_wrap = false;
    int m_lines = 1; // what the current geometry was laid out for
};
