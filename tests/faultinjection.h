#pragma once
// Faults for tests to inflict on real components: a server frozen with SIGSTOP (always thawed
// again), a TCP relay that holds a server's answer in flight, an address that accepts connections
// and never answers, and what PgBouncer's admin console says about a database right now.

#include "core/pgconnection.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QThread>

#include <arpa/inet.h>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <netinet/in.h>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fault {

// The first line of a pid file (postmaster.pid, pgbouncer.pid), 0 when unreadable.
inline pid_t pidFromFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return pid_t(QString::fromLatin1(f.readLine()).trimmed().toLongLong());
}

// SIGSTOP for as long as it lives (a hung server: its kernel still accepts connections, the
// process answers nothing); SIGCONT in the destructor, or after `thawAfterMs` whatever happens, so
// a failing test never leaves a server frozen for the next one.
class Freeze {
public:
    explicit Freeze(pid_t pid, int thawAfterMs = 20000)
        : m_pid(pid)
    {
        if (m_pid > 0 && ::kill(m_pid, SIGSTOP) == 0) {
            m_frozen = true;
            m_safety = std::thread([this, thawAfterMs] {
                std::unique_lock lock(m_mutex);
                m_cv.wait_for(lock, std::chrono::milliseconds(thawAfterMs), [this] { return m_done; });
                ::kill(m_pid, SIGCONT);
            });
        }
    }
    ~Freeze() { thaw(); }
    Freeze(const Freeze&) = delete;
    Freeze& operator=(const Freeze&) = delete;
    bool frozen() const { return m_frozen; }
    void thaw()
    {
        if (!m_frozen)
            return;
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_all();
        m_safety.join();
        ::kill(m_pid, SIGCONT);
        m_frozen = false;
    }

private:
    pid_t m_pid;
    bool m_frozen = false;
    bool m_done = false;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    std::thread m_safety;
};

inline int listenLoopback(int backlog, quint16* port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in a {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, backlog) != 0
        || ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

// A host that never answers: the kernel completes the TCP handshake, nobody ever reads or writes.
class BlackHole {
public:
    BlackHole() { m_fd = listenLoopback(64, &m_port); }
    ~BlackHole()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    bool isValid() const { return m_fd >= 0; }
    quint16 port() const { return m_port; }

private:
    int m_fd = -1;
    quint16 m_port = 0;
};

// Relays TCP between clients and a server on 127.0.0.1:upstreamPort. After holdAfter(marker), the
// first connection whose client sends bytes containing `marker` stops receiving the server's bytes
// (they wait in the relay) until release(): the server has done the work, its answer is still on
// the wire. With cutOffAfterHold, new connections are closed at once from then on (the network to
// the server is gone for everyone else too). One thread per direction of each connection.
class HoldingRelay {
public:
    explicit HoldingRelay(quint16 upstreamPort)
        : m_upstream(upstreamPort)
    {
        m_listen = listenLoopback(16, &m_port);
        if (m_listen >= 0)
            m_threads.emplace_back([this] { acceptLoop(); });
    }
    ~HoldingRelay()
    {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
            m_released = true;
            for (int fd : m_sockets)
                ::shutdown(fd, SHUT_RDWR);
        }
        m_cv.notify_all();
        ::shutdown(m_listen, SHUT_RDWR);
        if (!m_threads.empty())
            m_threads.front().join(); // the accept thread: nothing is added to m_threads after it
        {
            std::lock_guard lock(m_mutex);
            for (int fd : m_sockets)
                ::shutdown(fd, SHUT_RDWR);
        }
        for (size_t i = 1; i < m_threads.size(); ++i)
            m_threads[i].join();
        for (int fd : m_sockets)
            ::close(fd);
        if (m_listen >= 0)
            ::close(m_listen);
    }
    bool isValid() const { return m_listen >= 0; }
    quint16 port() const { return m_port; }
    void holdAfter(const QByteArray& marker, bool cutOffAfterHold = false)
    {
        std::lock_guard lock(m_mutex);
        m_marker = marker;
        m_cutOff = cutOffAfterHold;
    }
    // True once a connection is holding an answer.
    bool waitHeld(int timeoutMs)
    {
        std::unique_lock lock(m_mutex);
        return m_cv.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return m_held; });
    }
    void release()
    {
        {
            std::lock_guard lock(m_mutex);
            m_released = true;
        }
        m_cv.notify_all();
    }

private:
    void acceptLoop()
    {
        for (;;) {
            const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0)
                return; // shut down
            std::lock_guard lock(m_mutex);
            if (m_stop || (m_cutOff && m_held && !m_released)) {
                ::close(client);
                if (m_stop)
                    return;
                continue;
            }
            const int server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            sockaddr_in a {};
            a.sin_family = AF_INET;
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            a.sin_port = htons(m_upstream);
            if (server < 0 || ::connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
                ::close(client);
                if (server >= 0)
                    ::close(server);
                continue;
            }
            m_sockets << client << server;
            auto holding = std::make_shared<std::atomic<bool>>(false);
            m_threads.emplace_back([this, client, server, holding] { pump(client, server, holding, true); });
            m_threads.emplace_back([this, client, server, holding] { pump(server, client, holding, false); });
        }
    }
    void pump(int from, int to, const std::shared_ptr<std::atomic<bool>>& holding, bool fromClient)
    {
        char buf[16384];
        for (;;) {
            const ssize_t n = ::recv(from, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            if (fromClient) {
                std::lock_guard lock(m_mutex);
                if (!m_marker.isEmpty() && !m_held && QByteArray::fromRawData(buf, int(n)).contains(m_marker)) {
                    *holding = true;
                    m_held = true;
                    m_cv.notify_all();
                }
            } else if (*holding) {
                // The server answered; the answer waits here until released.
                std::unique_lock lock(m_mutex);
                m_cv.wait(lock, [this] { return m_released; });
            }
            if (::send(to, buf, size_t(n), MSG_NOSIGNAL) != n)
                break;
        }
        ::shutdown(to, SHUT_WR);
    }

    quint16 m_upstream;
    quint16 m_port = 0;
    int m_listen = -1;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    bool m_held = false;
    bool m_released = false;
    bool m_cutOff = false;
    QByteArray m_marker;
    QList<int> m_sockets;
    std::vector<std::thread> m_threads; // appended to by the accept thread only, joined once it has ended
};

// What PgBouncer's admin console says about one [databases] entry right now.
struct PgbouncerEntry {
    QString host;
    int port = 0;
    bool paused = false;
};

inline std::optional<PgbouncerEntry> pgbouncerEntry(const QString& adminConninfo, const QString& database, QString* error = nullptr)
{
    PgConnection c;
    if (!c.open(adminConninfo, 3)) {
        if (error)
            *error = c.lastError().message;
        return std::nullopt;
    }
    const auto rows = c.exec(QStringLiteral("SHOW DATABASES"));
    if (!rows) {
        if (error)
            *error = c.lastError().message;
        return std::nullopt;
    }
    const int name = rows->columns.indexOf(QStringLiteral("name"));
    const int host = rows->columns.indexOf(QStringLiteral("host"));
    const int port = rows->columns.indexOf(QStringLiteral("port"));
    const int paused = rows->columns.indexOf(QStringLiteral("paused"));
    for (const QStringList& row : rows->rows) {
        if (row.value(name) == database)
            return PgbouncerEntry { row.value(host), row.value(port).toInt(), row.value(paused) == QLatin1String("1") };
    }
    if (error)
        *error = QStringLiteral("no database %1 in SHOW DATABASES").arg(database);
    return std::nullopt;
}

} // namespace fault
