#include "core/statistics.h"

#include <algorithm>
#include <cmath>

namespace Statistics {

std::optional<qint64> percentile(QList<qint64> values, double fraction)
{
    if (values.isEmpty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const double rank = std::clamp(fraction, 0.0, 1.0) * static_cast<double>(values.size() - 1);
    const auto below = static_cast<qsizetype>(std::floor(rank));
    const qsizetype above = std::min(below + 1, values.size() - 1);
    const double weight = rank - static_cast<double>(below);
    const double value = static_cast<double>(values[below]) * (1.0 - weight) + static_cast<double>(values[above]) * weight;
    return static_cast<qint64>(std::llround(value));
}

std::optional<double> coefficientOfVariation(const QList<qint64>& values)
{
    if (values.size() < 2)
        return std::nullopt;
    double sum = 0;
    for (qint64 v : values)
        sum += static_cast<double>(v);
    const double mean = sum / static_cast<double>(values.size());
    if (mean <= 0)
        return std::nullopt;
    double squares = 0;
    for (qint64 v : values)
        squares += (static_cast<double>(v) - mean) * (static_cast<double>(v) - mean);
    return std::sqrt(squares / static_cast<double>(values.size() - 1)) / mean;
}

} // namespace Statistics
