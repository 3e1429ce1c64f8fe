#pragma once
// A Gantt picture as a file's bytes: SVG through QSvgGenerator, PNG through QImage, both painted by
// GanttPainter. Drawing text needs a QGuiApplication (the command line creates one on the offscreen
// platform for these exports); without one they fail with a message instead of crashing.

#include "gantt/ganttdata.h"

#include <QByteArray>
#include <QString>
#include <optional>

namespace GanttRender {

// Whether this process can draw text (a QGuiApplication exists); says why not.
bool available(QString* error = nullptr);
std::optional<QByteArray> svg(const GanttData& data, QString* error = nullptr);
// Drawn at twice the picture's size, for sharp text on high-density screens and in documents.
std::optional<QByteArray> png(const GanttData& data, QString* error = nullptr);

} // namespace GanttRender
