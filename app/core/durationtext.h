#pragma once
// Exact durations as the console and the log show them: "0.4 s", "12.4 s", "3m 05s", "1h 02m".

#include <QString>

QString durationText(qint64 ms);
