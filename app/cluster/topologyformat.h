#pragma once
// How topology figures read to a person, the same in the console, `status` and exports.

#include <QDateTime>
#include <QString>
#include <optional>

namespace TopologyFormat {
// 0 B, 512 B, 12.3 kB, 4.0 MB, 1.2 GB (powers of 1024, as PostgreSQL's pg_size_pretty).
QString bytes(qint64 bytes);
// 0 ms, 12 ms, 3.2 s, 4 min 5 s, 2 h 3 min.
QString duration(double ms);
// "12 s" from `since` to `now`; empty when since is invalid.
QString elapsed(const QDateTime& since, const QDateTime& now);
// "0 B, 2 ms" from the parts that are known; empty when none is.
QString lag(std::optional<qint64> bytes, std::optional<double> ms);
} // namespace TopologyFormat
