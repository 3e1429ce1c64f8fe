#include "gantt/ganttrender.h"

#include "gantt/ganttpainter.h"

#include <QBuffer>
#include <QFont>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgGenerator>

#include <cmath>

namespace GanttRender {

bool available(QString* error)
{
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return true;
    if (error)
        *error = QStringLiteral("drawing a Gantt picture needs a QGuiApplication (text needs fonts)");
    return false;
}

std::optional<QByteArray> svg(const GanttData& data, QString* error)
{
    if (!available(error))
        return std::nullopt;
    const QSizeF size = GanttPainter::preferredSize(data);
    const QSize whole(static_cast<int>(std::ceil(size.width())), static_cast<int>(std::ceil(size.height())));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(whole);
    generator.setViewBox(QRect(QPoint(0, 0), whole));
    generator.setResolution(96);
    generator.setTitle(data.title);
    generator.setDescription(QStringLiteral("Gantt picture of %1 lane(s), drawn by Runbook Console").arg(data.lanes.size()));
    QPainter painter;
    if (!painter.begin(&generator)) {
        if (error)
            *error = QStringLiteral("cannot draw the SVG");
        return std::nullopt;
    }
    // The painter's own font, not the platform's default, so the file is the same on every platform.
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPixelSize(12);
    painter.setFont(font);
    GanttPainter::paint(painter, QRectF(QPointF(0, 0), size), data);
    painter.end();
    return bytes;
}

std::optional<QByteArray> png(const GanttData& data, QString* error)
{
    if (!available(error))
        return std::nullopt;
    constexpr qreal scale = 2;
    const QSizeF size = GanttPainter::preferredSize(data);
    QImage image(static_cast<int>(std::ceil(size.width() * scale)), static_cast<int>(std::ceil(size.height() * scale)),
        QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(scale);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        GanttPainter::paint(painter, QRectF(QPointF(0, 0), size), data);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        if (error)
            *error = QStringLiteral("cannot encode the PNG");
        return std::nullopt;
    }
    return bytes;
}

} // namespace GanttRender
