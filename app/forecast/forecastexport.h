#pragma once
// A forecast as the forecast command prints it: plain text for the terminal, Markdown for the
// change request, JSON for scripts (stable keys: total_ms, total_p90_ms, runs_used, steps...).

#include "forecast/forecast.h"

#include <QString>

namespace ForecastExport {

QString text(const Forecast& forecast);
// Markdown under a heading: by default "# Forecast: RUNBOOK on cluster C"; a change request puts it
// under "## Forecast used".
QString markdown(const Forecast& forecast, const QString& heading = {});
QString json(const Forecast& forecast);
// One sentence: where the figures come from.
QString basis(const Forecast& forecast);
// "writes unavailable (probe)"
QString windowName(const WindowForecast& window);

} // namespace ForecastExport
