#pragma once
// The two cancel channels of a step, in one object: an atomic flag the worker checks between
// operations, and an out-of-band interrupt (PQcancel, a signal to a process group) for whatever
// is blocking right now. cancel() may be called from any thread.

#include <QDeadlineTimer>
#include <atomic>
#include <functional>
#include <mutex>

class CancelToken {
public:
    void cancel();
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }
    void reset();
    // Sleeps up to ms (less if the deadline comes first) in short slices; false once cancelled.
    bool pause(int ms, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever)) const;

    // Installs the interrupt for the operation about to block; it runs on the cancelling thread,
    // or at once when cancel() came first. Only one at a time: operations do not overlap.
    void setInterrupt(std::function<void()> interrupt);
    // Returns only once a concurrently running interrupt has finished.
    void clearInterrupt();

    // Installs an interrupt for the lifetime of a scope.
    class Scope {
    public:
        Scope(CancelToken& token, std::function<void()> interrupt);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        CancelToken& m_token;
    };

private:
    std::atomic<bool> m_cancelled { false };
    std::mutex m_mutex;
    std::function<void()> m_interrupt;
};
