#pragma once
// One asynchronous libpq connection owned by a worker thread: connects and runs queries without
// ever blocking longer than a 20 ms slice, so cancel() from any thread (atomic flag + PQcancel)
// stops a connect or a running statement promptly. Sql, wait and batch steps, the traffic probe and
// the topology probe are built on it.
// cancel() never touches the network itself: the cancel request (PQcancel, which connects to the
// server and waits for it) goes out on a thread of its own, so a hung server cannot block the
// caller; a statement whose cancel the server does not confirm within the grace time is given up
// on (connection closed) and reported as possibly still running.

#include "core/sqlerror.h"
#include "core/sqlresultset.h"

#include <QDeadlineTimer>
#include <QList>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

struct pg_conn;
struct pg_cancel;
struct pg_result;

class SqlSession {
public:
    using NoticeHandler = std::function<void(const QString& line)>;

    SqlSession();
    ~SqlSession();
    SqlSession(const SqlSession&) = delete;
    SqlSession& operator=(const SqlSession&) = delete;

    // Server NOTICE/WARNING/INFO messages, as "NOTICE: text", on the calling (worker) thread.
    void setNoticeHandler(NoticeHandler handler) { m_noticeHandler = std::move(handler); }
    // How many rows of each result set are kept as text (the count of all rows is always kept).
    void setMaxRows(int maxRows) { m_maxRows = maxRows; }

    // conninfo is passed as dbname with expand_dbname, so keyword/value strings, URIs, .pgpass and
    // service files all work; application_name=runbook-console and connect_timeout are defaults the
    // conninfo may override. The connect timeout is enforced here (libpq ignores it for async connects).
    bool connect(const QString& conninfo, int defaultConnectTimeoutSeconds = 10,
        QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    bool isConnected() const;
    // Session-wide statement_timeout / lock_timeout (0 leaves the server's); they hold for every
    // later statement and survive ROLLBACK.
    bool setTimeouts(int statementTimeoutMs, int lockTimeoutMs);
    // Runs the statements that set up a fresh session (a step's `session:` settings); true when
    // there are none.
    bool prepare(const QStringList& statements);
    void close();

    // Runs sql (one or more statements, simple query protocol). A passed deadline cancels the
    // statement server-side and reports timedOut.
    std::optional<QList<SqlResultSet>> exec(
        const QString& sql, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    // First column of the first row of the last result set.
    std::optional<QString> scalar(
        const QString& sql, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));

    // Thread-safe, returns at once: sets the flag and has PQcancel sent (off this thread) for a
    // running statement. The session stays cancelled (calls fail with cancelled) until
    // resetCancel(). A second cancel() gives up on the statement at once, without waiting for the
    // server to confirm.
    void cancel();
    // Thread-safe, returns at once without touching the network: the thread running connect() or
    // exec() notices within one slice and sends the cancel request itself. For callers that must
    // never wait on a server (a GUI thread stopping a background poller).
    void requestCancel() { m_cancelled.store(true, std::memory_order_release); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }
    void resetCancel()
    {
        m_cancelled.store(false, std::memory_order_release);
        m_escalated.store(false, std::memory_order_release);
    }
    // How long a running statement may take to end once cancelled or past its deadline, before the
    // connection is closed on it (default kCancelGraceMs).
    void setCancelGraceMs(int ms) { m_cancelGraceMs = ms; }
    static constexpr int kCancelGraceMs = 500;

    const SqlError& lastError() const { return m_error; }
    int serverVersion() const;

    // Replaces every password the conninfo carries (keyword/value or URI) in text by "****".
    static QString maskSecrets(const QString& text, const QString& conninfo);

private:
    static void noticeReceiver(void* arg, const pg_result* result);
    bool fail(SqlError error);
    bool sendCancel();
    void freeConnection();

    pg_conn* m_conn = nullptr;
    QString m_conninfo; // for masking only; never logged
    SqlError m_error;
    NoticeHandler m_noticeHandler;
    int m_maxRows = 20;
    std::atomic<bool> m_cancelled { false };
    std::atomic<bool> m_escalated { false };
    std::atomic<bool> m_cancelSent { false };
    int m_cancelGraceMs = kCancelGraceMs;
    // Guards the pointer only (never held across I/O): a cancel request in flight keeps its own
    // reference, so closing the connection never waits for it.
    std::mutex m_cancelMutex;
    std::shared_ptr<pg_cancel> m_cancelHandle;
};
