#pragma once
// A step's time budget or timeout as written in a runbook: `200ms`, `5s`, `10m`, `1h`, `1m30s`.

#include <QString>
#include <QStringView>
#include <chrono>
#include <optional>

class Duration {
public:
    Duration() = default;
    explicit Duration(qint64 milliseconds)
        : m_milliseconds(milliseconds)
    {
    }

    // Units in decreasing order (h, m, s, ms), each at most once, whole numbers only, up to 7 days.
    // On failure returns nullopt and, when `error` is given, says why.
    static std::optional<Duration> parse(QStringView text, QString* error = nullptr);

    qint64 milliseconds() const { return m_milliseconds; }
    std::chrono::milliseconds toChrono() const { return std::chrono::milliseconds(m_milliseconds); }
    // Canonical text that parse() reads back: `1m30s`, `200ms`, `0s`.
    QString toString() const;

    friend bool operator==(const Duration&, const Duration&) = default;
    friend auto operator<=>(const Duration&, const Duration&) = default;

    static constexpr qint64 maximumMilliseconds = 7LL * 24 * 3600 * 1000;

private:
    qint64 m_milliseconds = 0;
};
