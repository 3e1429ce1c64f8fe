#include "journal/exportformat.h"

std::optional<ExportFormat> exportFormatFromName(const QString& name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("markdown") || n == QLatin1String("md"))
        return ExportFormat::Markdown;
    if (n == QLatin1String("csv"))
        return ExportFormat::Csv;
    if (n == QLatin1String("json"))
        return ExportFormat::Json;
    if (n == QLatin1String("svg"))
        return ExportFormat::Svg;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Markdown:
        return QStringLiteral("markdown");
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::Svg:
        return QStringLiteral("svg");
    }
    return QStringLiteral("markdown");
}
