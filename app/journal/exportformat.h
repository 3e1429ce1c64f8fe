#pragma once
// The formats a run (or a comparison of runs) exports to.

#include <QString>
#include <optional>

enum class ExportFormat { Markdown, Csv, Json, Svg };

// markdown (or md) | csv | json | svg
std::optional<ExportFormat> exportFormatFromName(const QString& name);
QString exportFormatName(ExportFormat format);
