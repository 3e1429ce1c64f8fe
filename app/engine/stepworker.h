#pragma once
// Runs one step's Action on a QThread of its own. Signals are emitted from that thread and so
// reach receivers in other threads by queued connection; every signal carries the generation id
// the worker was created with, so a receiver that has moved on (cancelled, started the rollback)
// drops late results. The destructor cancels, quits and waits.

#include "engine/action.h"
#include "engine/stepresult.h"

#include <QObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <memory>

class StepWorker : public QObject {
    Q_OBJECT
public:
    StepWorker(std::unique_ptr<Action> action, quint64 generation, QObject* parent = nullptr);
    ~StepWorker() override;

    quint64 generation() const { return m_generation; }
    // A watchdog started by start(): on expiry it takes the cancel path and the step ends TimedOut
    // ("timed out after Xs"). 0: none. Call before start().
    void setTimeout(int ms) { m_timeoutMs = ms; }

    // Starts the action on the worker thread; once only.
    void start();
    // Thread-safe, returns at once (for SQL, after handing PQcancel to the server); finished()
    // follows with Cancelled, or the real outcome if the action had already ended.
    void cancel();
    bool isRunning() const { return m_running.load(std::memory_order_acquire); }

signals:
    void output(quint64 generation, const QString& line);
    void progress(quint64 generation, qint64 done, qint64 total, const QString& text);
    // Exactly once per start().
    void finished(quint64 generation, const StepResult& result);

private:
    void onTimeout();

    std::unique_ptr<Action> m_action;
    const quint64 m_generation;
    QThread m_thread;
    QObject* m_context = nullptr; // lives in m_thread; the action runs in it
    QTimer m_watchdog; // in the owner's thread
    int m_timeoutMs = 0;
    bool m_started = false;
    std::atomic<bool> m_running { false };
    std::atomic<bool> m_timedOut { false };
};
