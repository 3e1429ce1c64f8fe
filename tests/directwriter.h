#pragma once
// A client that bypasses the endpoint: connected straight to one server as the application's
// role, it commits `BEGIN READ WRITE; INSERT; COMMIT` every 20 ms for as long as it runs (a cron
// job, a worker that was never told about the endpoint). It reconnects whenever its session goes
// away and remembers every id whose COMMIT the server acknowledged: after a procedure, each of
// them must be on the server clients use.

#include "core/pgconnection.h"

#include <QMutex>
#include <QString>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

class DirectWriter {
public:
    // `enterHost` runs first on the writer's thread (e.g. to join a host's network namespace).
    explicit DirectWriter(QString conninfo, std::function<bool()> enterHost = {})
        : m_conninfo(std::move(conninfo))
        , m_enterHost(std::move(enterHost))
    {
    }
    ~DirectWriter() { stop(); }

    // The table it writes to; run once on the primary before start(), as a superuser.
    static QString tableSql(const QString& role)
    {
        return QStringLiteral("CREATE TABLE IF NOT EXISTS direct_writes (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
                              "written_at timestamptz NOT NULL DEFAULT clock_timestamp()); "
                              "GRANT SELECT, INSERT ON direct_writes TO %1")
            .arg(role);
    }

    void start()
    {
        m_thread = std::thread([this] { loop(); });
    }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    QList<qint64> acknowledged() const
    {
        QMutexLocker lock(&m_mutex);
        return m_acked;
    }
    int failures() const { return m_failures; }
    // The longest a write (BEGIN, INSERT, COMMIT) waited for its answers, e.g. while PgBouncer held it.
    qint64 longestWaitMs() const { return m_longestMs; }
    QString firstError() const
    {
        QMutexLocker lock(&m_mutex);
        return m_firstError;
    }
    // SQL counting how many of the acknowledged ids a server holds.
    QString countPresentSql() const
    {
        QStringList ids;
        for (qint64 id : acknowledged())
            ids << QString::number(id);
        return QStringLiteral("SELECT count(*) FROM direct_writes WHERE id = ANY('{%1}'::bigint[])").arg(ids.join(QLatin1Char(',')));
    }

private:
    void loop()
    {
        if (m_enterHost && !m_enterHost()) {
            note(QStringLiteral("could not enter the host"));
            return;
        }
        PgConnection c;
        while (!m_stop) {
            const auto next = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
            if (!c.isOpen() && !c.open(m_conninfo, 2)) {
                note(c.lastError().message);
            } else {
                std::optional<PgResult> row;
                const auto started = std::chrono::steady_clock::now();
                const auto waited = [&started, this] {
                    const qint64 ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
                    m_longestMs = std::max<qint64>(m_longestMs, ms);
                };
                if (c.exec(QStringLiteral("BEGIN READ WRITE")) && (row = c.exec(QStringLiteral("INSERT INTO direct_writes DEFAULT VALUES RETURNING id")))
                    && c.exec(QStringLiteral("COMMIT"))) {
                    waited();
                    QMutexLocker lock(&m_mutex);
                    m_acked << row->value().toLongLong();
                } else {
                    waited();
                    note(c.lastError().message);
                    c.close(); // a fresh session next time: the old one may be gone or in a failed transaction
                }
            }
            std::this_thread::sleep_until(next);
        }
    }
    void note(const QString& error)
    {
        ++m_failures;
        QMutexLocker lock(&m_mutex);
        if (m_firstError.isEmpty())
            m_firstError = error;
    }

    QString m_conninfo;
    std::function<bool()> m_enterHost;
    std::thread m_thread;
    std::atomic<bool> m_stop { false };
    std::atomic<int> m_failures { 0 };
    std::atomic<qint64> m_longestMs { 0 };
    mutable QMutex m_mutex;
    QList<qint64> m_acked;
    QString m_firstError;
};
