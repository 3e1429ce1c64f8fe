#pragma once
// The Gantt picture on screen: GanttPainter over the widget, the same routine that writes the SVG
// and PNG exports. Grows to the height its lanes need; a bar's tooltip names the step.

#include "gantt/ganttdata.h"

#include <QWidget>

class GanttWidget : public QWidget {
    Q_OBJECT
public:
    explicit GanttWidget(QWidget* parent = nullptr);

    void setData(const GanttData& data);
    const GanttData& data() const { return m_data; }
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    void fitHeight();

    GanttData m_data;
};
