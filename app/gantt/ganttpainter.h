#pragma once
// The one routine that draws a Gantt picture: used by the runs view's widget, by QSvgGenerator
// for SVG and by QImage for PNG, so the picture on screen and the files can never disagree.
// Its layout depends on nothing but the data and the width (labels are cut by characters, not by
// font metrics), so the same data gives the same SVG on every machine with the same Qt.

#include "gantt/ganttdata.h"

#include <QColor>
#include <QRectF>
#include <QSizeF>

class QPainter;

class GanttPainter {
public:
    static constexpr qreal defaultWidth = 1100;

    // The size the picture needs at `width`: its height grows with the lanes and the legend.
    static QSizeF preferredSize(const GanttData& data, qreal width = defaultWidth);
    static void paint(QPainter& painter, const QRectF& rect, const GanttData& data);

    static QColor phaseColor(int phaseIndex);
    static QColor outcomeColor(GanttOutcome outcome); // invalid for a succeeded or planned step: its phase colour
    static QColor bandColor(const QString& kind);
    // The lane under a point of the picture painted at `rect` (-1: none), and the bar under it
    // (its index in the lane's bars, or in its planned bars when *planned says so; -1: none).
    // For the widget's tooltips.
    static int laneAt(const QRectF& rect, const GanttData& data, const QPointF& point);
    static int barAt(
        const QRectF& rect, const GanttData& data, int lane, const QPointF& point, bool* planned = nullptr);
};
