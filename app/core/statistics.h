#pragma once
// Order statistics over a handful of durations: what the comparison and the forecast quote.

#include <QList>
#include <optional>

namespace Statistics {

// The value below which `fraction` (0..1) of the values lie, interpolated linearly between the two
// nearest order statistics (so the median of an even count is the mean of the middle two), rounded
// to a whole unit. nullopt for no values.
std::optional<qint64> percentile(QList<qint64> values, double fraction);
inline std::optional<qint64> median(const QList<qint64>& values) { return percentile(values, 0.5); }

// Sample standard deviation over the mean; nullopt for fewer than two values or a zero mean.
std::optional<double> coefficientOfVariation(const QList<qint64>& values);

} // namespace Statistics
