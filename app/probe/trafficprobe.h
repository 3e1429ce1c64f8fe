#pragma once
// The downtime clients really see: during a run, writes and reads go through the `app` endpoint
// at a steady rate, each on a new connection as many applications do, and every failure is
// recorded. Consecutive failures become write-unavailable and read-unavailable windows.
// The probe writes only to its own small table, which it creates at start and can drop at the end.
// It runs here (libpq), or on an application host over SSH (psql there, one process per request),
// so that the endpoint's name resolves through that host's /etc/hosts as a real client's would.

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QMutex>
#include <QObject>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>

struct ProbeWindow {
    QString kind; // writes | reads
    QDateTime startedAt; // UTC: start of the first failed request
    QDateTime endedAt; // UTC: start of the first request that worked again; invalid while open
    qint64 durationMs = 0; // monotonic
    int failures = 0;
    QString firstError; // e.g. "read_only_sql_transaction (25006): cannot execute INSERT in a read-only transaction"
};

struct ProbeStats {
    qint64 writes = 0;
    qint64 writeFailures = 0;
    qint64 reads = 0;
    qint64 readFailures = 0;
    qint64 maxWriteLatencyMs = 0;
    qint64 maxReadLatencyMs = 0;
};

Q_DECLARE_METATYPE(ProbeStats)

// What clients saw during one interval (a hold, cutover: hold): every request that was waiting at
// some point of it, how many failed, and the longest wait.
struct ProbeHoldStats {
    qint64 requests = 0;
    qint64 writes = 0;
    qint64 failures = 0;
    qint64 longestWaitMs = 0;
    bool longestIsWrite = false;
    qint64 medianWaitMs = 0;
    QString firstError;
};

class TrafficProbe : public QObject {
    Q_OBJECT
public:
    static constexpr const char* tableName = "rbc_traffic_probe";

    explicit TrafficProbe(QString conninfo, int intervalMs = 50, QObject* parent = nullptr);
    ~TrafficProbe() override;

    // Before start(): run the requests on this SSH destination with its psql, not here.
    void runOnHost(const QString& host, const QString& sshConfig, const QString& psql);
    QString host() const { return m_host; }

    // Creates the probe table through the endpoint (if missing) and starts both loops.
    bool start(QString* error);
    // Stops both loops (within one request timeout) and closes any open window.
    void stop();
    bool isRunning() const { return m_running; }
    // Drops the probe table through the endpoint.
    static bool dropTable(const QString& conninfo, QString* error);
    // After stop(): whether every acknowledged write is still there, through the endpoint (from
    // the probe's host when it has one), or, when the endpoint does not answer (paused, hung,
    // gone), on the node it routes to (nodeConninfo, from here); drops the table unless told to
    // keep it. Returns the report's tail ("; all 12 acknowledged writes present").
    QString verifyAcknowledged(const QString& nodeConninfo, bool keepTable);

    QList<ProbeWindow> windows() const;
    ProbeStats stats() const;
    // Ids of the writes the server acknowledged: every one must survive the procedure.
    QList<qint64> acknowledgedWrites() const;
    // The probe's clock (ms), to mark intervals for holdStats().
    qint64 clockMs() const { return nowMs(); }
    // The requests (each with its latency) that overlapped [fromMs, toMs] of clockMs().
    ProbeHoldStats holdStats(qint64 fromMs, qint64 toMs) const;

    int requestTimeoutMs() const { return m_requestTimeoutMs; }
    void setRequestTimeoutMs(int ms) { m_requestTimeoutMs = ms; }

signals:
    // Emitted from the probe's threads; connect with a receiver context for a queued delivery.
    void windowOpened(const QString& kind, const QDateTime& at, const QString& error);
    void windowClosed(const ProbeWindow& window);

private:
    QString requestSql(bool writes) const;
    void loop(bool writes);
    void remoteLoop(bool writes);
    // psql on the probe's host: `script` on standard input, the result's first column.
    bool remoteSql(const QString& sql, QString* result, QString* error, int timeoutMs = 30000) const;
    QStringList sshArguments() const;
    qint64 nowMs() const;
    void record(bool writes, bool ok, qint64 startedMs, const QDateTime& startedAt, qint64 latencyMs, const QString& error);

    QString m_conninfo;
    QString m_host; // empty: here
    QString m_sshConfig;
    QString m_psql;
    int m_intervalMs;
    int m_requestTimeoutMs = 2000;
    std::atomic<bool> m_running { false };
    std::atomic<bool> m_stop { false };
    std::atomic<bool> m_started[2] = { false, false }; // remote: each loop has answered once
    std::thread m_writer;
    std::thread m_reader;
    mutable QMutex m_mutex;
    QList<ProbeWindow> m_windows; // closed
    std::optional<ProbeWindow> m_open[2]; // [0] writes, [1] reads
    qint64 m_openSinceMs[2] = { 0, 0 };
    ProbeStats m_stats;
    QList<qint64> m_acknowledged;
    // Every request: whether a write, whether it worked, its start and latency (ms).
    struct Request {
        bool write = false;
        bool ok = false;
        qint64 startedMs = 0;
        qint64 latencyMs = 0;
        QString error;
    };
    QList<Request> m_requests;
    QString m_runTag;
};
