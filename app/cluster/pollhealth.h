#pragma once
// The failures of one polled connection: since when it fails, its last error, and when to try
// connecting again. Backoff 0.5 s, 1 s, then every 2 s: a dead server is not hammered, and one
// that comes back (a spare a runbook provisions, a restarted standby) is seen within 2 s.

#include <QDateTime>
#include <QString>
#include <chrono>

class PollHealth {
public:
    static qint64 steadyNowMs()
    {
        using namespace std::chrono;
        return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    }

    bool mayConnect(qint64 nowMs) const { return nowMs >= m_retryAtMs; }
    void failed(const QString& error, qint64 nowMs)
    {
        static constexpr qint64 kDelaysMs[] = { 500, 1000, 2000 };
        if (!m_failingSince.isValid())
            m_failingSince = QDateTime::currentDateTimeUtc();
        m_lastError = error;
        m_retryAtMs = nowMs + kDelaysMs[std::min<int>(m_failures, int(std::size(kDelaysMs)) - 1)];
        ++m_failures;
    }
    void succeeded()
    {
        m_failingSince = {};
        m_lastError.clear();
        m_retryAtMs = 0;
        m_failures = 0;
    }
    // Fills a sample (node or endpoint) that says the connection is down: now, the last error,
    // since when.
    template <typename Sample> Sample& describeFailure(Sample& sample) const
    {
        sample.ok = false;
        sample.at = QDateTime::currentDateTimeUtc();
        sample.error = m_lastError;
        sample.failingSince = m_failingSince;
        return sample;
    }
    const QDateTime& failingSince() const { return m_failingSince; }
    const QString& lastError() const { return m_lastError; }
    int failures() const { return m_failures; }

private:
    QDateTime m_failingSince;
    QString m_lastError;
    qint64 m_retryAtMs = 0;
    int m_failures = 0;
};
