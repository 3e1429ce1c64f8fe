#pragma once
// The topology picture, drawn once for every surface: the pane's graph view paints through it,
// and so does any export (QImage, QSvgGenerator), so the picture on screen and in a file cannot
// disagree. Node cards (name, address, version, role, read-only, lag or state), physical
// replication as solid arrows and logical as dashed ones labelled with their lag, endpoint pills
// with arrows to where clients go now. Colours come from the palette given, so a dark palette
// gives a dark picture.

#include "cluster/topologysnapshot.h"

#include <QDateTime>
#include <QFont>
#include <QHash>
#include <QImage>
#include <QPalette>
#include <QRectF>
#include <QStringList>

class QPainter;

struct TopologyPaintOptions {
    QPalette palette;
    QFont font;
    QString selected; // the node with the selection ring
    bool focused = false; // draw the ring as keyboard focus
    QHash<QString, qreal> highlight; // node -> 0..1: role or version changed a moment ago
    QDateTime now; // for "unreachable for 12 s"; invalid: the snapshot's time
    QRectF exposed; // only what meets this part of the target is drawn; invalid: all of it
};

// Where everything goes in a given width: the same for painting and for hit testing.
struct TopologyLayout {
    QHash<QString, QRectF> nodes; // node cards
    QHash<QString, QRectF> endpoints; // endpoint pills
    QStringList order; // reading order of the cards: keyboard navigation follows it
    QSizeF size; // the space the picture needs

    QString nodeAt(const QPointF& point) const;
};

class TopologyPainter {
public:
    static TopologyLayout layout(const TopologySnapshot& snapshot, qreal width, const QFont& font);
    // Paints the snapshot into target (laid out for target's width, from its top-left corner).
    static void paint(
        QPainter& painter, const QRectF& target, const TopologySnapshot& snapshot, const TopologyPaintOptions& options);
    // The same with a layout computed earlier for target's width and options.font (a view keeps
    // one from snapshot to snapshot instead of laying out at every repaint).
    static void paint(QPainter& painter, const QRectF& target, const TopologySnapshot& snapshot,
        const TopologyPaintOptions& options, const TopologyLayout& layout);
    // The picture as an image, as tall as the layout needs (for exports and screenshots).
    static QImage image(
        const TopologySnapshot& snapshot, const TopologyPaintOptions& options, int width, qreal scale = 1.0);
    // The colour of trouble (unreachable, down) that reads on this palette's base.
    static QColor dangerColor(const QPalette& palette);
    // What a card says, as one line of text (accessible descriptions, tooltips).
    static QString describe(const TopologySnapshot& snapshot, const QString& node, const QDateTime& now);
};
