#pragma once
// The formats a run (or a comparison of runs) exports to.

#include <QString>
#include <optional>

enum class ExportFormat { Markdown, Csv, Json, Svg, Png };

// markdown (or md) | csv | json | svg | png
std::optional<ExportFormat> exportFormatFromName(const QString& name);
QString exportFormatName(ExportFormat format);
// The usual file extension: md, csv, json, svg, png.
QString exportFormatExtension(ExportFormat format);
// A picture (svg, png) rather than text.
inline bool isPicture(ExportFormat format) { return format == ExportFormat::Svg || format == ExportFormat::Png; }
